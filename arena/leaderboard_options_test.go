package arena_test

import (
	"context"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// TestBoardReweightAndAlpha: the board of a query with Reweight and Alpha is ranking's
// leaderboard of the same counts with those options.
func TestBoardReweightAndAlpha(t *testing.T) {
	store := counts{
		{A: "a", B: "b", WinsA: 900, WinsB: 700, Ties: 100},
		{A: "b", B: "c", WinsA: 30, WinsB: 20, BothBad: 5},
		{A: "a", B: "c", WinsA: 12, WinsB: 8},
		{A: "c", B: "d", WinsA: 40, WinsB: 25, Ties: 3},
		{A: "a", B: "d", WinsA: 9, WinsB: 2},
	}
	var pcs []ranking.PairCount
	for _, p := range store {
		pcs = append(pcs, ranking.PairCount{A: p.A, B: p.B, WinsA: int64(p.WinsA), WinsB: int64(p.WinsB), Ties: int64(p.Ties), BothBad: int64(p.BothBad)})
	}
	agg, _ := ranking.AggregateFromCounts(pcs)
	l := &arena.Leaderboards{Store: store}
	for _, q := range []arena.BoardQuery{{}, {Reweight: true}, {Alpha: 0.2}, {Reweight: true, Alpha: 0.01}} {
		b, err := l.Get(context.Background(), q)
		if err != nil {
			t.Fatal(err)
		}
		want, err := ranking.BuildLeaderboard(agg, ranking.Options{CI: ranking.CISandwich, Seed: 1, Reweight: q.Reweight, Alpha: q.Alpha})
		if err != nil {
			t.Fatal(err)
		}
		for i, e := range b.Leaderboard.Models {
			w := want.Models[i]
			if e.Model != w.Model || e.Rating != w.Rating || *e.CILower != *w.CILower || e.Rank != w.Rank {
				t.Errorf("%+v: %+v, want %+v", q, e, w)
			}
		}
	}
}
