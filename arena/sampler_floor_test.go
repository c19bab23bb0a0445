package arena_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// TestSamplerFloorFeedsEstablishedPairs: six established models with 2,000 votes a
// pair, two new ones with none, active sampling with the serve defaults (boost 3 below
// 300 votes). Without a floor the 15 established pairs get almost none of 500 draws;
// with floor f they get at least 500·f·15/28, exactly 500·((1−f)·S₀ + f·15/28) where
// S₀ is their share without it.
func TestSamplerFloorFeedsEstablishedPairs(t *testing.T) {
	var models []arena.Model
	for i := range 8 {
		models = append(models, arena.Model{ID: int64(i + 1), Name: fmt.Sprintf("m%d", i)})
	}
	var store counts
	for i := 0; i < 6; i++ {
		for j := i + 1; j < 6; j++ {
			// 2,000 votes; the better model (lower index) wins more the further apart.
			store = append(store, arena.PairCount{A: models[i].Name, B: models[j].Name,
				WinsA: 900 + 60*(j-i), WinsB: 900 - 60*(j-i), Ties: 200})
		}
	}
	established := func(p [2]int) bool { return p[0] < 6 && p[1] < 6 }
	share := func(floor float64) float64 {
		s := &arena.PairSampler{Mode: arena.SampleActive, NewModelVotes: 300, NewModelBoost: 3, Floor: floor}
		if err := s.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := s.Refresh(context.Background(), store); err != nil {
			t.Fatal(err)
		}
		pairs, probs := s.PairProbabilities(models)
		if len(pairs) != 28 {
			t.Fatalf("%d pairs, want 28", len(pairs))
		}
		sum, est := 0.0, 0.0
		for k, p := range pairs {
			sum += probs[k]
			if established(p) {
				est += probs[k]
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Fatalf("floor %v: probabilities sum to %v", floor, sum)
		}
		// The draws follow the probabilities.
		rng := rand.New(rand.NewPCG(7, uint64(floor*1000)))
		const n = 100000
		hits := 0
		for range n {
			a, b, _ := s.Pair(models, rng)
			if a.ID <= 6 && b.ID <= 6 {
				hits++
			}
		}
		if sd := math.Sqrt(n * est * (1 - est)); math.Abs(float64(hits)-n*est) > 5*sd+1 {
			t.Errorf("floor %v: %d of %d draws on established pairs, expected %.0f", floor, hits, n, n*est)
		}
		return est
	}
	s0 := share(0)
	t.Logf("no floor: the 15 established pairs expect %.3f of 500 draws", 500*s0)
	if 500*s0 > 1 {
		t.Errorf("without a floor the established pairs expect %.2f of 500 draws; the scenario needs them starved", 500*s0)
	}
	for _, f := range []float64{0.05, 0.1, 0.5, 1} {
		got := share(f)
		want := (1-f)*s0 + f*15/28
		if math.Abs(got-want) > 1e-12 {
			t.Errorf("floor %v: established share %v, want (1−f)·S₀ + f·15/28 = %v", f, got, want)
		}
		t.Logf("floor %v: the 15 established pairs expect %.2f of 500 draws", f, 500*got)
	}
	if err := (&arena.PairSampler{Mode: arena.SampleActive, Floor: 1.5}).Validate(); err == nil {
		t.Error("floor 1.5 accepted")
	}
}
