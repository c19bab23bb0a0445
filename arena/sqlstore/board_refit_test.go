package sqlstore_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// With RefitEvery, a vote does not make a request wait for a fit: the request gets the
// board fitted before it, marked stale, and the refit runs in the background; once it
// has run (Refitted), the board includes the vote and equals the one a request fitting
// on the spot gets. The style-controlled board is fitted from the stored styles.
func testBoardRefitsAfterVote(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "alpha", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "beta", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(-time.Hour)
	for i, w := range []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerA, arena.WinnerTie, arena.WinnerA} {
		castVote(t, db, fmt.Sprintf("b%d", i), u.ID, a, b, arena.Vote{Winner: w, CreatedAt: at.Add(time.Duration(i) * time.Second)}, arena.DefaultVoteQuality())
	}
	refitted := make(chan *arena.Board, 4)
	l := &arena.Leaderboards{Store: db, RefitEvery: time.Millisecond, Refitted: func(b *arena.Board, err error) {
		if err != nil {
			t.Errorf("background refit: %v", err)
		}
		refitted <- b
	}}
	votes := 5
	for _, style := range []bool{true, false} {
		q := arena.BoardQuery{StyleControl: style}
		first, err := l.Get(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if first.Stale || first.Leaderboard.Battles != int64(votes) {
			t.Fatalf("style %v: first board stale %v from %d votes, want a fresh fit of %d", style, first.Stale, first.Leaderboard.Battles, votes)
		}
		votes++
		castVote(t, db, fmt.Sprintf("new-%v", style), u.ID, a, b, arena.Vote{Winner: arena.WinnerB, CreatedAt: at.Add(time.Minute)}, arena.DefaultVoteQuality())
		l.Invalidate()
		stale, err := l.Get(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if !stale.Stale || stale.Leaderboard.Battles != first.Leaderboard.Battles {
			t.Fatalf("style %v: after a vote, board stale %v from %d votes; want the previous board (%d votes), marked stale",
				style, stale.Stale, stale.Leaderboard.Battles, first.Leaderboard.Battles)
		}
		select {
		case <-refitted:
		case <-time.After(time.Minute):
			t.Fatalf("style %v: no background refit a minute after a stale board was served", style)
		}
		got, err := l.Get(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := (&arena.Leaderboards{Store: db}).Get(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if got.Stale || got.Leaderboard.Battles != first.Leaderboard.Battles+1 || !reflect.DeepEqual(got.Leaderboard.Models, want.Leaderboard.Models) {
			t.Errorf("style %v: refitted board stale %v from %d votes %+v; want %d votes as fitted on the spot %+v", style, got.Stale,
				got.Leaderboard.Battles, got.Leaderboard.Models, first.Leaderboard.Battles+1, want.Leaderboard.Models)
		}
	}
}
