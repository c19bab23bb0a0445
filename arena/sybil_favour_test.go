package arena

import (
	"math"
	"testing"
)

func TestFavourTallies(t *testing.T) {
	// m and o are even in the record (49 wins each, 2 ties: a smoothed rate of 1/2).
	pcs := []PairCount{{A: "m", B: "o", WinsA: 49, WinsB: 49, Ties: 2}}
	votes := []SybilTally{
		{UserID: 1, ModelA: "m", ModelB: "o", WinsA: 10},          // always m
		{UserID: 2, ModelA: "o", ModelB: "m", WinsA: 5, WinsB: 5}, // even
	}
	tl := FavourTallies(votes, pcs)
	fan := tl[FavourKey{1, "m"}]
	if fan == nil || fan.N != 10 || fan.K != 10 || math.Abs(fan.Expected-5) > 1e-9 {
		t.Fatalf("the fan's tally for m: %+v, want 10 of 10 decisive votes where 5 are predicted", fan)
	}
	if p := fan.P(); math.Abs(p-math.Pow(0.5, 10)) > 1e-12 {
		t.Errorf("10 of 10 at an even record: p = %g, want 2^-10", p)
	}
	if o := tl[FavourKey{1, "o"}]; o == nil || o.K != 0 || o.P() != 1 {
		t.Errorf("the fan's tally for o: %+v, p %g; want no wins and p 1", o, o.P())
	}
	if even := tl[FavourKey{2, "m"}]; even == nil || even.N != 10 || even.K != 5 || even.P() != 1 {
		t.Errorf("an even voter's tally: %+v, want 5 of 10 and p 1", even)
	}
	// Against an unknown opponent the prediction is even.
	if got := FavourTallies([]SybilTally{{UserID: 3, ModelA: "x", ModelB: "y", WinsB: 1}}, pcs)[FavourKey{3, "y"}]; got.Expected != 0.5 || got.K != 1 {
		t.Errorf("a vote against an unrated pair: %+v", got)
	}
}
