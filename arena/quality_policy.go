package arena

import (
	"fmt"
	"math"
	"time"
)

// Quality tiers of a vote: they set its reward tier and whether it counts.
const (
	TierLow    = "low"
	TierMiddle = "middle"
	TierHigh   = "high"
)

// QualitySignals are what a vote's quality score is computed from.
type QualitySignals struct {
	// ReadTime is from the moment both answers were complete to the vote.
	ReadTime time.Duration
	// AnswerChars is the length of both answers of the battle together.
	AnswerChars int
	// Left and Decisive count the voter's recent decisive votes and how many of them
	// went to the left side (this one included), for position bias.
	Left, Decisive int
	// ConsensusP is the voter's combined p-value of agreement with the consensus (Fisher's
	// method over their recent votes); 1 when there is no history.
	ConsensusP float64
	// GoldVotes and GoldFailed count the voter's votes on gold battles and how many of
	// them chose the deliberately broken answer.
	GoldVotes, GoldFailed int
	// RepeatedPrompt is set when the voter sent the same prompt recently.
	RepeatedPrompt bool
}

// QualityPolicy turns signals into a score. The zero value is not useful: start from
// DefaultQualityPolicy.
type QualityPolicy struct {
	// CharsPerSecond is a fast but real reading pace; a vote faster than reading the
	// shorter part of the answers at this pace is too quick.
	CharsPerSecond float64
	MinReadTime    time.Duration
	// BiasMinVotes is how many decisive votes position bias needs before it counts.
	BiasMinVotes int
	// ConsensusAlpha is the combined p-value below which a voter disagrees with everyone
	// else more than chance explains.
	ConsensusAlpha float64
	// LowBelow and HighAbove split scores into tiers; ExcludeBelow drops a vote from
	// leaderboards and datasets.
	LowBelow, HighAbove, ExcludeBelow float64
}

// DefaultQualityPolicy is a conservative policy: honest voters should almost never be
// marked low.
func DefaultQualityPolicy() QualityPolicy {
	return QualityPolicy{CharsPerSecond: 60, MinReadTime: 2 * time.Second, BiasMinVotes: 20,
		ConsensusAlpha: 1e-4, LowBelow: 0.4, HighAbove: 0.8, ExcludeBelow: 0.25}
}

// Score returns a vote's quality in [0, 1]: 1 for a vote with nothing suspicious, lower
// for each signal that looks like clicking for pay.
func (p QualityPolicy) Score(s QualitySignals) float64 {
	score := 1.0
	// Reading time against the answers' length: only the part a person must read to
	// judge (a third of both answers) is expected.
	if need := p.NeededReadTime(s.AnswerChars); s.ReadTime < need {
		score *= 0.4 + 0.6*float64(s.ReadTime)/float64(need)
	}
	// Position bias: the chance of this many left votes out of Decisive from a fair
	// voter; a voter who always picks one side gets a tiny probability.
	if s.Decisive >= p.BiasMinVotes {
		k := max(s.Left, s.Decisive-s.Left)
		if pv := binomialTail(s.Decisive, k, 0.5) * 2; pv < 1e-3 {
			score *= 0.3
		}
	}
	if s.ConsensusP < p.ConsensusAlpha {
		score *= 0.3
	}
	if s.GoldVotes > 0 {
		// Failing gold battles is the strongest evidence; a single slip is forgiven (an
		// honest voter misreads a gold battle now and then, and a first-gold slip would
		// otherwise mark every later vote until the next gold battle).
		rate := float64(s.GoldFailed) / float64(s.GoldVotes)
		if s.GoldFailed >= 2 {
			score *= 1 - 0.8*rate
		}
	}
	if s.RepeatedPrompt {
		score *= 0.7
	}
	return math.Max(0, math.Min(1, score))
}

// Tier maps a score to a reward tier.
func (p QualityPolicy) Tier(score float64) string {
	switch {
	case score < p.LowBelow:
		return TierLow
	case score > p.HighAbove:
		return TierHigh
	}
	return TierMiddle
}

// Excluded reports whether a vote of this score stays out of leaderboards and datasets.
func (p QualityPolicy) Excluded(score float64) bool { return score < p.ExcludeBelow }

// NeededReadTime is the least time a person needs to judge answers of this length: a
// third of them at the policy's reading pace, never under MinReadTime.
func (p QualityPolicy) NeededReadTime(answerChars int) time.Duration {
	need := time.Duration(float64(answerChars) / 3 / p.CharsPerSecond * float64(time.Second))
	return max(need, p.MinReadTime)
}

// Explain lists the signals that lowered a score, in words.
func (p QualityPolicy) Explain(s QualitySignals) []string {
	var out []string
	if need := p.NeededReadTime(s.AnswerChars); s.ReadTime < need {
		out = append(out, fmt.Sprintf("read time %s of %s", s.ReadTime.Round(time.Second), need.Round(time.Second)))
	}
	if s.Decisive >= p.BiasMinVotes {
		k := max(s.Left, s.Decisive-s.Left)
		if pv := binomialTail(s.Decisive, k, 0.5) * 2; pv < 1e-3 {
			side := "left"
			if s.Left*2 < s.Decisive {
				side = "right"
			}
			out = append(out, fmt.Sprintf("position bias: %d of %d decisive votes to the %s", k, s.Decisive, side))
		}
	}
	if s.ConsensusP < p.ConsensusAlpha {
		out = append(out, fmt.Sprintf("consensus p = %.2g", s.ConsensusP))
	}
	if s.GoldFailed > 0 {
		out = append(out, fmt.Sprintf("failed %d of %d gold battles", s.GoldFailed, s.GoldVotes))
	}
	if s.RepeatedPrompt {
		out = append(out, "repeated prompt")
	}
	return out
}

// binomialTail is P(X >= k) for X ~ Binomial(n, q), summed in log space.
func binomialTail(n, k int, q float64) float64 {
	var sum float64
	lq, l1q := math.Log(q), math.Log1p(-q)
	for i := k; i <= n; i++ {
		lg1, _ := math.Lgamma(float64(n + 1))
		lg2, _ := math.Lgamma(float64(i + 1))
		lg3, _ := math.Lgamma(float64(n - i + 1))
		sum += math.Exp(lg1 - lg2 - lg3 + float64(i)*lq + float64(n-i)*l1q)
	}
	return math.Min(1, sum)
}

// VotePValue is the p-value of one vote against its pair's history, as in the Chatbot
// Arena paper (arXiv 2403.04132, section 5.1): the probability, under the outcome
// frequencies other voters gave this pair, of an outcome no more likely than the one
// cast. History counts are for side A winning, side B winning and ties (both bad
// included); a one-count prior on each keeps a thin history from condemning anyone.
func VotePValue(winsA, winsB, ties int, w Winner) float64 {
	n := float64(winsA + winsB + ties + 3)
	probs := [3]float64{float64(winsA+1) / n, float64(winsB+1) / n, float64(ties+1) / n}
	var cast float64
	switch w {
	case WinnerA:
		cast = probs[0]
	case WinnerB:
		cast = probs[1]
	default:
		cast = probs[2]
	}
	var p float64
	for _, q := range probs {
		if q <= cast+1e-12 {
			p += q
		}
	}
	return math.Min(1, p)
}

// FisherCombine combines independent p-values with Fisher's method: X = -2 Σ ln p has a
// chi-squared distribution with 2k degrees of freedom under the null, whose upper tail
// has a closed form for even degrees.
func FisherCombine(ps []float64) float64 {
	if len(ps) == 0 {
		return 1
	}
	var x float64
	for _, p := range ps {
		x += -2 * math.Log(math.Max(p, 1e-300))
	}
	// P(chi2_{2k} > x) = e^{-x/2} Σ_{j<k} (x/2)^j / j!
	half := x / 2
	term, sum := 1.0, 1.0
	for j := 1; j < len(ps); j++ {
		term *= half / float64(j)
		sum += term
	}
	return math.Min(1, math.Exp(-half)*sum)
}
