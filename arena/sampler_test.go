package arena_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/arena-dev/arena/arena"
)

type counts []arena.PairCount

func (c counts) PairCounts(context.Context, string) ([]arena.PairCount, error) { return c, nil }
func (c counts) VotedBattles(context.Context, bool, bool, func(arena.VotedBattle) error) error {
	return nil
}
func (c counts) LabModels(context.Context, int64) ([]arena.LabModel, error) { return nil, nil }
func (c counts) VoteKinds(context.Context) ([]arena.VoteKind, error)        { return nil, nil }

// chiSquare draws n pairs and tests the unordered pair frequencies against want (by
// pair key "a|b" with a < b); it also checks no self-pairs and balanced sides.
func chiSquare(t *testing.T, s arena.Sampler, models []arena.Model, want map[string]float64, n int) float64 {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	got := map[string]int{}
	left := map[string]int{}
	for i := 0; i < n; i++ {
		a, b, err := s.Pair(models, rng)
		if err != nil {
			t.Fatal(err)
		}
		if a.ID == b.ID || a.Name == b.Name {
			t.Fatalf("self-pair %s", a.Name)
		}
		left[a.Name]++
		x, y := a.Name, b.Name
		if x > y {
			x, y = y, x
		}
		got[x+"|"+y]++
	}
	chi := 0.0
	for k, p := range want {
		e := p * float64(n)
		d := float64(got[k]) - e
		chi += d * d / e
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Fatalf("drew unexpected pair %s", k)
		}
	}
	return chi
}

func TestPairSamplerWeightsChiSquare(t *testing.T) {
	models := []arena.Model{{ID: 1, Name: "a"}, {ID: 2, Name: "b"}, {ID: 3, Name: "c"}, {ID: 4, Name: "d"}}
	s := &arena.PairSampler{Mode: arena.SampleUniform, Weights: map[string]float64{"a": 1, "b": 2, "c": 3, "d": 0}}
	// d has weight 0: never drawn. Pairs ∝ w_a·w_b: ab=2, ac=3, bc=6.
	want := map[string]float64{"a|b": 2.0 / 11, "a|c": 3.0 / 11, "b|c": 6.0 / 11}
	chi := chiSquare(t, s, models, want, 20000)
	// 2 degrees of freedom: the 99.9% critical value is 13.8.
	if chi > 13.8 {
		t.Fatalf("chi-square %.2f > 13.8: proportions do not follow the weights", chi)
	}
	// The same test must reject a sampler that ignores weights.
	if chi := chiSquare(t, arena.UniformSampler{}, models[:3], want, 20000); chi < 13.8 {
		t.Fatalf("the test cannot tell uniform from weighted (chi-square %.2f)", chi)
	}
}

func TestPairSamplerNewModelBoostAndActive(t *testing.T) {
	models := []arena.Model{{ID: 1, Name: "old1"}, {ID: 2, Name: "old2"}, {ID: 3, Name: "new"}}
	store := counts{{A: "old1", B: "old2", WinsA: 300, WinsB: 280, Ties: 20}}
	s := &arena.PairSampler{Mode: arena.SampleUniform, NewModelVotes: 100, NewModelBoost: 3}
	if err := s.Refresh(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	// new is boosted ×3: old1-old2 = 1, old1-new = 3, old2-new = 3.
	want := map[string]float64{"old1|old2": 1.0 / 7, "new|old1": 3.0 / 7, "new|old2": 3.0 / 7}
	if chi := chiSquare(t, s, models, want, 20000); chi > 13.8 {
		t.Fatalf("boost: chi-square %.2f", chi)
	}
	// Active sampling: the pair with 600 votes is far less informative than the pairs
	// with none, so it is drawn rarely.
	a := &arena.PairSampler{Mode: arena.SampleActive}
	a.Refresh(context.Background(), store)
	pairs, probs := a.PairProbabilities(models)
	for k, p := range pairs {
		if models[p[0]].Name == "old1" && models[p[1]].Name == "old2" && probs[k] > 0.1 {
			t.Fatalf("active sampling gives the well-measured pair %.3f", probs[k])
		}
	}
	if s := probs[0] + probs[1] + probs[2]; math.Abs(s-1) > 1e-9 {
		t.Fatalf("probabilities sum to %v", s)
	}
}
