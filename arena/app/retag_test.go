package app_test

import (
	"context"
	"net"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlite"
)

// TestServeRetags: a server started on a database whose battles an older tagger tagged
// re-tags them beside serving, and its leaderboard's categories follow.
func TestServeRetags(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := filepath.Join(t.TempDir(), "arena.db")
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	a1 := &arena.Model{Name: "model-a", Provider: arena.ProviderDemo, Active: true}
	b1 := &arena.Model{Name: "model-b", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{a1, b1} {
		if err := store.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := store.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	// As the first tagger left it: "write a" made it creative, and its vote counts there.
	bt := &arena.Battle{ID: "stale", UserID: u.ID, ModelA: *a1, ModelB: *b1, Status: arena.StatusStreaming,
		Turns:    []arena.Turn{{Prompt: "write a sql query that counts orders per customer"}},
		Category: []string{"code", "creative"}, CreatedAt: now, UpdatedAt: now}
	if err := store.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	if err := store.FinishTurn(ctx, bt.ID, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone},
		arena.StatusReady, now); err != nil {
		t.Fatal(err)
	}
	if _, err := store.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: bt.ID, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: now},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	store.Close()

	a, err := app.New(ctx, app.Config{DB: db, Log: arenatest.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	board := func(cat string) int64 {
		b, err := a.Boards.Get(ctx, arena.BoardQuery{Category: cat})
		if err != nil {
			t.Fatal(err)
		}
		return b.Leaderboard.Battles
	}
	if n := board("creative"); n != 1 {
		t.Fatalf("before serving: the creative board has %d battles", n)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	deadline := time.Now().Add(30 * time.Second)
	for {
		b, err := a.Store.Battle(ctx, bt.ID)
		if err != nil {
			t.Fatal(err)
		}
		if b.Tagger == arena.TaggerVersion {
			if slices.Contains(b.Category, "creative") || !slices.Contains(b.Category, "code") {
				t.Errorf("re-tagged as %v", b.Category)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the server did not re-tag the battle")
		}
		time.Sleep(20 * time.Millisecond)
	}
	// The re-tag invalidates the boards after it commits; a board read before that
	// could still be the cached one, so wait for the change rather than for a time.
	for board("creative") != 0 {
		if time.Now().After(deadline) {
			t.Fatal("the creative board still counts the battle")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if n := board("code"); n != 1 {
		t.Errorf("the code board has %d battles", n)
	}
	cancel()
	<-done
}
