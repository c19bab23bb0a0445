package arena_test

import (
	"context"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// styledVotes is a store of synthetic counted votes with stored style features, as the
// store reads them from battle_styles: numbers, no text.
type styledVotes struct {
	counts
	votes []arena.VotedBattle
}

func (s *styledVotes) VotedBattles(_ context.Context, _, _ bool, fn func(arena.VotedBattle) error) error {
	for _, v := range s.votes {
		if err := fn(v); err != nil {
			return err
		}
	}
	return nil
}

// newStyledVotes makes n votes between 200 models whose outcomes follow true ratings
// and the answers' length, each with the style of a Markdown answer of 200 to 6,000
// tokens.
func newStyledVotes(n int) *styledVotes {
	names := ranking.SynthModelNames(200)
	rng := rand.New(rand.NewPCG(1, 25))
	style := func() *ranking.Style {
		return &ranking.Style{Tokens: 200 + rng.IntN(5800), Headers: rng.IntN(6), Lists: rng.IntN(15), Bold: rng.IntN(10)}
	}
	s := &styledVotes{votes: make([]arena.VotedBattle, n)}
	start := time.Unix(1745000000, 0)
	for i := range s.votes {
		a := rng.IntN(len(names))
		b := (a + 1 + rng.IntN(len(names)-1)) % len(names)
		sa, sb := style(), style()
		// Model a's chance grows with its index and with its answer being the longer.
		p := 0.5 + float64(a-b)/800 + float64(sa.Tokens-sb.Tokens)/30000
		w := arena.WinnerB
		switch r := rng.Float64(); {
		case r < 0.1:
			w = arena.WinnerTie
		case r < 0.1+0.9*p:
			w = arena.WinnerA
		}
		s.votes[i] = arena.VotedBattle{ModelA: names[a], ModelB: names[b], Winner: w, Time: start.Add(time.Duration(i) * 100 * time.Millisecond),
			Style: &arena.BattleStyle{A: *sa, B: *sb, HasText: true}, Arena: arena.ArenaText}
	}
	return s
}

// BenchmarkStyleFit1M is a style-controlled board fitted from a million battles'
// stored style features (200 models): what a background refit costs once the features
// are numbers, without the database's read of them.
func BenchmarkStyleFit1M(b *testing.B) {
	store := newStyledVotes(1_000_000)
	l := &arena.Leaderboards{Store: store}
	q := arena.BoardQuery{StyleControl: true}
	for b.Loop() {
		l.Invalidate()
		board, err := l.Get(context.Background(), q)
		if err != nil {
			b.Fatal(err)
		}
		if len(board.Leaderboard.Models) != 200 || board.Leaderboard.Battles != 1_000_000 {
			b.Fatalf("board of %d models from %d battles", len(board.Leaderboard.Models), board.Leaderboard.Battles)
		}
	}
}
