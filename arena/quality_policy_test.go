package arena

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"
)

func TestFisherCombineMatchesChiSquare(t *testing.T) {
	// Known values: two p-values of 0.05 combine to about 0.0175; one p passes through.
	if got := FisherCombine([]float64{0.05, 0.05}); math.Abs(got-0.01747) > 1e-4 {
		t.Errorf("Fisher(0.05, 0.05) = %g, want 0.01747", got)
	}
	if got := FisherCombine([]float64{0.3}); math.Abs(got-0.3) > 1e-12 {
		t.Errorf("Fisher(0.3) = %g", got)
	}
	// Under the null (uniform p-values) the combined p-value is itself uniform: about
	// 5% of honest voters fall below 0.05.
	rng := rand.New(rand.NewPCG(1, 2))
	below := 0
	for i := 0; i < 4000; i++ {
		ps := make([]float64, 10)
		for j := range ps {
			ps[j] = rng.Float64()
		}
		if FisherCombine(ps) < 0.05 {
			below++
		}
	}
	if frac := float64(below) / 4000; frac < 0.035 || frac > 0.065 {
		t.Errorf("%.3f of null voters below 0.05, want about 0.05", frac)
	}
}

func TestVotePValue(t *testing.T) {
	// A pair where A wins 90 of 100: voting A is unremarkable, voting B is rare.
	if p := VotePValue(90, 8, 2, WinnerA); p != 1 {
		t.Errorf("agreeing vote p = %g, want 1", p)
	}
	if p := VotePValue(90, 8, 2, WinnerB); p > 0.2 {
		t.Errorf("contrarian vote p = %g, want small", p)
	}
	if p := VotePValue(0, 0, 0, WinnerB); p != 1 {
		t.Errorf("no history p = %g, want 1", p)
	}
}

func TestQualityScore(t *testing.T) {
	p := DefaultQualityPolicy()
	honest := QualitySignals{ReadTime: 40 * time.Second, AnswerChars: 3000, Left: 11, Decisive: 20, ConsensusP: 0.4}
	tests := []struct {
		name string
		s    QualitySignals
		tier string
	}{
		{"honest", honest, TierHigh},
		{"instant click", QualitySignals{ReadTime: 300 * time.Millisecond, AnswerChars: 3000, ConsensusP: 1}, TierMiddle},
		{"always left", QualitySignals{ReadTime: 40 * time.Second, AnswerChars: 3000, Left: 30, Decisive: 30, ConsensusP: 1}, TierLow},
		{"against consensus", QualitySignals{ReadTime: 40 * time.Second, AnswerChars: 3000, ConsensusP: 1e-6}, TierLow},
		{"fails gold", QualitySignals{ReadTime: 40 * time.Second, AnswerChars: 3000, ConsensusP: 1, GoldVotes: 3, GoldFailed: 3}, TierLow},
		{"instant and biased", QualitySignals{ReadTime: 200 * time.Millisecond, AnswerChars: 3000, Left: 25, Decisive: 25, ConsensusP: 1}, TierLow},
	}
	for _, tt := range tests {
		s := p.Score(tt.s)
		if got := p.Tier(s); got != tt.tier {
			t.Errorf("%s: score %.2f tier %s, want %s", tt.name, s, got, tt.tier)
		}
	}
	if !p.Excluded(p.Score(tests[5].s)) {
		t.Error("an instant, always-left vote should not count")
	}
	if p.Excluded(p.Score(honest)) {
		t.Error("an honest vote was excluded")
	}
}
