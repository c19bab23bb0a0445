package ranking

import "testing"

func benchAggregate(b *testing.B, models, battles int) *Aggregate {
	b.Helper()
	agg := NewAggregate()
	_, _, err := Synthesize(SynthOptions{Models: models, Battles: battles, Seed: 1}, func(x Battle) error {
		agg.AddBattle(x)
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return agg
}

// BenchmarkBTBootstrap100_1500k: Bradley-Terry plus 100 bootstrap rounds from the
// aggregate of 1.5M battles over 114 models.
func BenchmarkBTBootstrap100_1500k(b *testing.B) {
	agg := benchAggregate(b, 114, 1500000)
	b.ResetTimer()
	for b.Loop() {
		if _, err := BuildLeaderboard(agg, Options{Rounds: 100, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkBT_10M_300: the point fit at 10M battles over 300 models.
func BenchmarkBT_10M_300(b *testing.B) {
	agg := benchAggregate(b, 300, 10000000)
	b.ResetTimer()
	for b.Loop() {
		if fit := FitBT(agg); fit.GradNorm > GradTol {
			b.Fatalf("gradient norm %g", fit.GradNorm)
		}
	}
}

// BenchmarkEloOnline_1500k: online Elo over 1.5M battles in time order.
func BenchmarkEloOnline_1500k(b *testing.B) {
	log := NewBattleLog()
	Synthesize(SynthOptions{Models: 114, Battles: 1500000, Seed: 1}, func(x Battle) error { log.Add(x); return nil })
	b.ResetTimer()
	for b.Loop() {
		log.Elo(DefaultElo())
	}
}
