package ranking

import (
	"fmt"
	"math"
	"slices"
)

// What a both-bad vote is (Options.BothBad).
const (
	// BothBadTie counts a both-bad vote as a tie, half a win to each side, as
	// FastChat's elo_analysis.py ("tie (bothbad)") and arena-rank's default_outcome_map
	// (both_bad → 0.5) do; it is the default.
	BothBadTie = "tie"
	// BothBadExclude drops both-bad votes before fitting; plain ties stay.
	BothBadExclude = "exclude"
)

// Style-control ridges (Options.StyleRidge). Each is the Gaussian prior its source puts
// on the style fit; they differ by orders of magnitude, so the choice is a method.
const (
	// StyleRidgeNone puts no prior on the style coefficients (maximum likelihood).
	StyleRidgeNone = "none"
	// StyleRidgeFastChat is FastChat's fit_contextual_bt (fastchat/serve/monitor/
	// rating_systems.py, reg=0.5): the summed negative log-likelihood plus
	// (reg/2)·Σx² over every parameter, the ratings r (logit = ln10·(r_a−r_b)) as well as
	// the coefficients: λ = 0.5 on β and 0.5/ln²10 on the natural-scale ratings. The
	// prior does not grow with the data, so it fades as votes accumulate. The default.
	StyleRidgeFastChat = "fastchat"
	// StyleRidgeArenaRank is lmarena/arena-rank's ContextualBradleyTerry (reg=1.0):
	// the mean weighted negative log-likelihood plus (reg/2)·Σβ², ratings unpenalised.
	// On the summed likelihood that is λ = reg·N on β, a prior that grows with the
	// number of battles N, so coefficients stay shrunk by a fixed factor however much
	// data there is. What LMArena's style-controlled board uses since arena-rank.
	StyleRidgeArenaRank = "arena-rank"
)

// DefaultReweightMinPair is arena-rank's min_pair_count: with reweighting, a pair's
// battles each weigh 1/max(n_pair, 50), so a pair with a handful of votes does not
// count as much as one with thousands.
const DefaultReweightMinPair = 50

// DefaultAlpha is the significance level used when Options.Alpha is 0: 95% intervals.
const DefaultAlpha = 0.05

// fastChatRatingRidge is FastChat's reg=0.5 on ratings r = θ/ln10, expressed on θ.
var fastChatRatingRidge = 0.5 / (math.Ln10 * math.Ln10)

// zScore is the two-sided normal quantile Φ⁻¹(1−α/2) (1.959964 for α = 0.05), as
// arena-rank's jax.scipy.stats.norm.ppf(1 - significance_level/2).
func zScore(alpha float64) float64 { return math.Sqrt2 * math.Erfinv(1-alpha) }

// pairWeights is inverse-pair-frequency reweighting (LMArena since July 2025;
// arena-rank's PairDataset/ContextualPairDataset with reweighted=True): every battle of
// pair k weighs 1/max(n_k, minPair), normalised so the weights average 1 per battle
// (Σ w_k·n_k = N), which leaves the scale of the likelihood and the gradient
// tolerance as they were. It returns nil when minPair is negative (no reweighting).
func pairWeights(pairs []pairObs, minPair float64) []float64 {
	if minPair < 0 {
		return nil
	}
	w := make([]float64, len(pairs))
	total, sum := 0.0, 0.0
	for k := range pairs {
		n := pairs[k].n()
		w[k] = 1 / max(n, minPair, 1)
		total += n
		sum += w[k] * n
	}
	if sum > 0 {
		for k := range w {
			w[k] *= total / sum
		}
	}
	return w
}

// weighPairs returns pairs with every count multiplied by its pair's weight (pairs
// itself when w is nil): the weighted likelihood of the fits is the plain one on these.
func weighPairs(pairs []pairObs, w []float64) []pairObs {
	if w == nil {
		return pairs
	}
	out := make([]pairObs, len(pairs))
	for k, p := range pairs {
		for o := range p.c {
			p.c[o] *= w[k]
		}
		out[k] = p
	}
	return out
}

func (o *Options) normalizeExtras() error {
	if o.Alpha == 0 {
		o.Alpha = DefaultAlpha
	}
	if !(o.Alpha > 0 && o.Alpha < 1) {
		return fmt.Errorf("significance level %v is not between 0 and 1", o.Alpha)
	}
	switch o.BothBad {
	case "":
		o.BothBad = BothBadTie
	case BothBadTie, BothBadExclude:
	default:
		return fmt.Errorf("unknown both-bad rule %q (want tie or exclude)", o.BothBad)
	}
	switch o.StyleRidge {
	case "":
		o.StyleRidge = StyleRidgeFastChat
	case StyleRidgeNone, StyleRidgeFastChat, StyleRidgeArenaRank:
	default:
		return fmt.Errorf("unknown style ridge %q (want none, fastchat or arena-rank)", o.StyleRidge)
	}
	if o.Reweight && o.Method == MethodElo {
		return fmt.Errorf("reweighting needs the Bradley-Terry method")
	}
	if o.ReweightMinPair < 0 {
		return fmt.Errorf("the reweighting floor cannot be negative")
	}
	if !(o.Dedup >= 0 && o.Dedup < 1) {
		return fmt.Errorf("dedup percentile %v is not in [0, 1)", o.Dedup)
	}
	if o.ReweightMinPair == 0 {
		o.ReweightMinPair = DefaultReweightMinPair
	}
	return nil
}

// minPair is the reweighting floor pairWeights takes, negative for no reweighting.
func (o *Options) minPair() float64 {
	if !o.Reweight {
		return -1
	}
	return float64(o.ReweightMinPair)
}

// lowerQ and upperQ are the percentiles (0..100) of the bootstrap bounds.
func (o *Options) lowerQ() float64 { return 50 * o.Alpha }
func (o *Options) upperQ() float64 { return 100 - 50*o.Alpha }

// hidden reports the models fitted but not shown (deprecated ones).
func (o *Options) hidden() func(string) bool {
	if len(o.Deprecated) == 0 {
		return nil
	}
	return func(m string) bool { return slices.Contains(o.Deprecated, m) }
}

// withoutBothBad returns a copy of a with the both-bad votes dropped.
func (a *Aggregate) withoutBothBad() *Aggregate {
	return a.keepOutcomes(func(o Outcome) bool { return o != BothBad })
}
