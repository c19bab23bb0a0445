package ranking

import (
	"math"
	"slices"
	"testing"
)

func TestActiveWeight(t *testing.T) {
	// More votes, smaller weight; more variance, larger weight.
	if !(ActiveWeight(1, 0) > ActiveWeight(1, 10) && ActiveWeight(1, 10) > ActiveWeight(1, 100)) {
		t.Error("weight does not fall with votes")
	}
	if !(ActiveWeight(4, 10) > ActiveWeight(1, 10)) {
		t.Error("weight does not grow with variance")
	}
	if w := ActiveWeight(4, 10); math.Abs(w-(2/math.Sqrt(11)-2/math.Sqrt(12))) > 1e-12 {
		t.Errorf("ActiveWeight(4, 10) = %v", w)
	}
	if ActiveWeight(0, 3) != 0 || ActiveWeight(math.NaN(), 3) != 0 {
		t.Error("degenerate variance should weigh nothing")
	}
}

func TestPairUncertainty(t *testing.T) {
	agg := NewAggregate()
	// a–b compared often and evenly, b–c rarely: b–c is the pair to sample.
	agg.Add("a", "b", WinA, 200)
	agg.Add("a", "b", WinB, 200)
	agg.Add("b", "c", WinA, 3)
	agg.Add("b", "c", WinB, 2)
	agg.Add("a", "c", WinA, 2)
	agg.Add("a", "c", WinB, 2)
	u := NewPairUncertainty(agg)
	if u.Votes("a", "b") != 400 || u.Votes("b", "a") != 400 || u.ModelVotes("b") != 405 {
		t.Fatalf("votes: %d %d", u.Votes("a", "b"), u.ModelVotes("b"))
	}
	if !(u.Weight("b", "c") > 5*u.Weight("a", "b")) {
		t.Errorf("weight(b,c)=%v weight(a,b)=%v: the rarely compared pair should dominate", u.Weight("b", "c"), u.Weight("a", "b"))
	}
	// A model with no votes gets the largest variance and no votes: the largest weight.
	if w := u.Weight("a", "new"); !(w >= u.Weight("b", "c")) {
		t.Errorf("new model weight %v", w)
	}
}

// TestSimulateSampling is the experiment behind the sampler: on the same hidden
// ratings, how many votes do uniform and active sampling need until every model's 95%
// interval is at most 80 Elo points wide? It reports both figures (go test -v -run
// TestSimulateSampling ./ranking) and fails if active sampling is not the cheaper one.
func TestSimulateSampling(t *testing.T) {
	if testing.Short() {
		t.Skip("simulation")
	}
	var uni, act []int
	for seed := uint64(1); seed <= 12; seed++ {
		base := SamplingSim{Models: 20, Spread: 300, Seed: seed, Target: 80, Batch: 100}
		u := SimulateSampling(base)
		base.Active = true
		a := SimulateSampling(base)
		if !u.Reached || !a.Reached {
			t.Fatalf("seed %d: target not reached: uniform %+v active %+v", seed, u, a)
		}
		uni, act = append(uni, u.Votes), append(act, a.Votes)
		t.Logf("seed %d: uniform %6d votes, active %6d votes", seed, u.Votes, a.Votes)
	}
	mu, ma := median(uni), median(act)
	t.Logf("median votes to a widest 95%% interval of 80 Elo (20 models, spread 300): uniform %d, active %d (%.0f%% fewer)",
		mu, ma, 100*(1-float64(ma)/float64(mu)))
	if ma >= mu {
		t.Errorf("active sampling needed %d votes, uniform %d: active sampling should need fewer", ma, mu)
	}
}

func median(xs []int) int {
	s := slices.Clone(xs)
	slices.Sort(s)
	return (s[(len(s)-1)/2] + s[len(s)/2]) / 2
}

func BenchmarkNewPairUncertainty(b *testing.B) {
	agg := NewAggregate()
	_, _, err := Synthesize(SynthOptions{Models: 100, Battles: 200000, Seed: 1}, func(bt Battle) error {
		agg.AddBattle(bt)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		NewPairUncertainty(agg)
	}
}
