package sqlstore_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/ranking"
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

// testSnapshotsFollowTheLog takes snapshots between votes and reviews and checks that
// each commits to the log's size and root at the time, holds the votes the log replays
// to, and rates them as a fit over exactly those votes does: starting from the last
// snapshot's pair counts and the log's new leaves loses nothing.
func testSnapshotsFollowTheLog(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	labs := &arena.Labs{SnapshotStore: db, Clock: arenatest.NewClock(now)}
	models := []*arena.Model{{Name: "m-a", Provider: arena.ProviderDemo, Active: true}, {Name: "m-b", Provider: arena.ProviderDemo, Active: true},
		{Name: "m-c", Provider: arena.ProviderDemo, Active: true}}
	for _, m := range models {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	var users []*arena.User
	for i := range 2 {
		u := &arena.User{Username: fmt.Sprintf("u%d", i), Role: arena.RoleUser, PasswordHash: "h", CreatedAt: now}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	admin := &arena.User{Username: "admin", Role: arena.RoleAdmin, PasswordHash: "h", CreatedAt: now}
	if err := db.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	n := 0
	votes := func(k int) {
		t.Helper()
		winners := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerA, arena.WinnerBothBad}
		for range k {
			a, b := models[n%3], models[(n+1+n/3%2)%3]
			id, at := fmt.Sprintf("s%03d", n), now.Add(time.Duration(n)*time.Second)
			if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: users[n%2].ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
				Turns: []arena.Turn{{Prompt: id}}, CreatedAt: at, UpdatedAt: at}); err != nil {
				t.Fatal(err)
			}
			if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone}, arena.StatusReady, at); err != nil {
				t.Fatal(err)
			}
			q := arena.DefaultVoteQuality()
			q.Scored = true
			if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: users[n%2].ID, Winner: winners[n%5], CreatedAt: at}, Quality: q}); err != nil {
				t.Fatal(err)
			}
			n++
		}
	}
	check := func(stage string, wantVotes int64) *arena.Snapshot {
		t.Helper()
		s, err := labs.TakeSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		h, err := db.LogHead(ctx)
		if err != nil || s.LogSize != h.Size || s.Hash != h.Root.String() || s.Legacy {
			t.Fatalf("%s: snapshot at log %d %s, head %+v", stage, s.LogSize, s.Hash, h)
		}
		agg := ranking.NewAggregate()
		var got int64
		if err := db.SnapshotVotes(ctx, s.ID, func(v arena.SnapshotVote) error {
			agg.Add(v.ModelA, v.ModelB, arena.OutcomeOf(v.Winner), 1)
			got++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		counted, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM votes WHERE counted = 1`)
		if s.Votes != wantVotes || got != wantVotes || counted != wantVotes {
			t.Fatalf("%s: snapshot %d votes, lists %d, counted %d; want %d", stage, s.Votes, got, counted, wantVotes)
		}
		stored, err := db.Snapshot(ctx, s.ID)
		if err != nil || stored.LogSize != s.LogSize || stored.Hash != s.Hash {
			t.Fatalf("%s: stored %+v %v", stage, stored, err)
		}
		if wantVotes == 0 {
			return s
		}
		lb, err := ranking.BuildLeaderboard(agg, ranking.Options{Method: ranking.MethodBT, CI: ranking.CISandwich, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range lb.Models {
			i := slices.IndexFunc(stored.Entries, func(x arena.SnapshotEntry) bool { return x.Model == e.Model })
			if i < 0 || math.Abs(stored.Entries[i].Rating-e.Rating) > 1e-6 || stored.Entries[i].Votes != e.Battles {
				t.Fatalf("%s: %s rated %+v, a fit of its votes gives %v over %d", stage, e.Model, stored.Entries, e.Rating, e.Battles)
			}
		}
		return s
	}
	check("empty", 0)
	votes(9)
	first := check("nine votes", 9)
	votes(6)
	check("fifteen votes", 15)
	// u1 cast the odd votes: 7 of 15, out while under review, back when approved,
	// out for good when found abusive.
	if _, err := db.FlagUser(ctx, users[1].ID, []string{"test"}, now, time.Time{}); err != nil {
		t.Fatal(err)
	}
	check("under review", 8)
	if _, err := db.ApproveUser(ctx, users[1].ID, admin.ID, now); err != nil {
		t.Fatal(err)
	}
	votes(2)
	check("approved", 17)
	if _, err := db.ConfirmAbuse(ctx, users[1].ID, admin.ID, now); err != nil {
		t.Fatal(err)
	}
	last := check("abuse", 9)
	// The first snapshot still lists its nine votes, and the log proves it a prefix.
	var k int
	if err := db.SnapshotVotes(ctx, first.ID, func(arena.SnapshotVote) error { k++; return nil }); err != nil || k != 9 {
		t.Fatalf("first snapshot now lists %d votes, %v", k, err)
	}
	p, err := db.LogConsistency(ctx, first.LogSize, last.LogSize)
	if err != nil || p.Verify() != nil || p.First.Root.String() != first.Hash || p.Second.Root.String() != last.Hash {
		t.Fatalf("consistency between the snapshots: %+v %v", p, err)
	}
}

// testLegacySnapshot reads a snapshot taken before the vote log: it keeps its hash of
// sorted votes and lists the votes its spans record.
func testLegacySnapshot(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	ma := &arena.Model{Name: "m-a", Provider: arena.ProviderDemo, Active: true}
	mb := &arena.Model{Name: "m-b", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{ma, mb} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u := &arena.User{Username: "u", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	consentBattle(t, db, "old", u.ID, ma, mb, nil, now)
	vh := arena.NewVoteHash()
	vh.Add(arena.SnapshotVote{BattleID: "old", ModelA: "m-a", ModelB: "m-b", Winner: arena.WinnerA})
	for _, q := range []string{`INSERT INTO leaderboard_snapshots (id, created_at, votes, sha256) VALUES (7, 0, 1, '` + vh.Sum() + `')`,
		`INSERT INTO snapshot_votes (battle_id, from_snapshot) VALUES ('old', 7)`} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	s, err := db.Snapshot(ctx, 7)
	if err != nil || !s.Legacy || s.Hash != vh.Sum() {
		t.Fatalf("legacy snapshot %+v %v", s, err)
	}
	var got []string
	if err := db.SnapshotVotes(ctx, 7, func(v arena.SnapshotVote) error { got = append(got, v.BattleID+" "+string(v.Winner)); return nil }); err != nil ||
		!slices.Equal(got, []string{"old model_a"}) {
		t.Fatalf("legacy snapshot votes %v %v", got, err)
	}
	// The next snapshot starts from the log, not from it.
	labs := &arena.Labs{SnapshotStore: db, Clock: arenatest.NewClock(now)}
	next, err := labs.TakeSnapshot(ctx)
	if err != nil || next.Legacy || next.Votes != 1 || next.LogSize != 1 {
		t.Fatalf("snapshot after a legacy one: %+v %v", next, err)
	}
}
