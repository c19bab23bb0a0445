package arena_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// gatedVotes is a store whose VotedBattles counts its calls and waits for release, so
// a test can have requests arrive while a board is being fitted.
type gatedVotes struct {
	counts
	calls   atomic.Int32
	entered chan struct{}
	release chan struct{}
	fail    atomic.Bool
}

func (g *gatedVotes) VotedBattles(ctx context.Context, _, _ bool, fn func(arena.VotedBattle) error) error {
	g.calls.Add(1)
	g.entered <- struct{}{}
	<-g.release
	if g.fail.Load() {
		return errors.New("the store went away")
	}
	for i, w := range []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerA, arena.WinnerTie} {
		v := arena.VotedBattle{ModelA: "a", ModelB: "b", Winner: w, Time: time.Unix(int64(i), 0), TextA: "Some answer.", TextB: "Another, **longer** answer."}
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// TestBoardFitOnceForConcurrentRequests: requests arriving for a board while it is
// fitted at their version wait for that fit and get its board, so the votes are read
// once, not once per request (at a million votes each read took minutes); when the
// fit fails, a waiting request fits the board itself rather than failing with another
// request's error.
func TestBoardFitOnceForConcurrentRequests(t *testing.T) {
	g := &gatedVotes{entered: make(chan struct{}, 16), release: make(chan struct{})}
	l := &arena.Leaderboards{Store: g}
	q := arena.BoardQuery{StyleControl: true}
	const n = 6
	boards := make([]*arena.Board, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	start := func(i int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			boards[i], errs[i] = l.Get(context.Background(), q)
		}()
	}
	start(0)
	<-g.entered // the first request is reading the votes
	for i := 1; i < n; i++ {
		start(i)
	}
	// The others are waiting on that fit, not reading: give them time to arrive.
	time.Sleep(50 * time.Millisecond)
	close(g.release)
	wg.Wait()
	if c := g.calls.Load(); c != 1 {
		t.Errorf("%d requests read the votes %d times, want once", n, c)
	}
	for i := range n {
		if errs[i] != nil || boards[i] != boards[0] {
			t.Errorf("request %d: board %p, error %v; want the one fit's board %p", i, boards[i], errs[i], boards[0])
		}
	}

	// A failed fit: the waiting request fits the board again, itself.
	l.Invalidate()
	g.release = make(chan struct{})
	g.fail.Store(true)
	var first, second error
	var got *arena.Board
	wg.Add(2)
	go func() { defer wg.Done(); _, first = l.Get(context.Background(), q) }()
	<-g.entered
	go func() { defer wg.Done(); got, second = l.Get(context.Background(), q) }()
	time.Sleep(50 * time.Millisecond)
	g.fail.Store(false)
	// Let the first read fail, then the waiter's own read succeed.
	g.fail.Store(true)
	g.release <- struct{}{}
	<-g.entered
	g.fail.Store(false)
	close(g.release)
	wg.Wait()
	if first == nil {
		t.Error("the failed fit returned no error")
	}
	if second != nil || got == nil || len(got.Leaderboard.Models) != 2 {
		t.Errorf("the waiting request: board %v, error %v; want its own fit", got, second)
	}
}
