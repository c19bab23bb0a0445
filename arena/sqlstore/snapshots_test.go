package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
)

func testSnapshots(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Now()

	// A snapshot hashes exactly the votes: two arenas with the same votes agree, and
	// the hash matches one computed independently from the canonical lines.
	labs := &arena.Labs{SnapshotStore: db, Clock: arenatest.NewClock(now)}
	s0, err := labs.TakeSnapshot(ctx)
	if err != nil || s0.Votes != 0 {
		t.Fatalf("empty snapshot: %+v %v", s0, err)
	}
	vh := arena.NewVoteHash()
	if vh.Sum() != s0.Hash {
		t.Fatal("empty snapshot hash differs from the hash of no votes")
	}
	if err := vh.Add(arena.SnapshotVote{BattleID: "b", ModelA: "x", ModelB: "y", Winner: arena.WinnerA}); err != nil {
		t.Fatal(err)
	}
	if err := vh.Add(arena.SnapshotVote{BattleID: "a", ModelA: "x", ModelB: "y", Winner: arena.WinnerA}); err == nil {
		t.Fatal("out-of-order vote accepted")
	}
	list, _ := db.Snapshots(ctx, 10)
	if len(list) != 1 || list[0].Hash != s0.Hash {
		t.Fatalf("snapshots: %+v", list)
	}
}
