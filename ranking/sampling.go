package ranking

import (
	"math"
	"math/rand/v2"
)

// Active sampling, as in the Chatbot Arena paper (Chiang et al. 2024, arXiv 2403.04132,
// section 5): instead of drawing every pair of models equally often, draw a pair in
// proportion to how much one more vote on it would shrink the uncertainty of its
// comparison,
//
//	P(a,b) ∝ sqrt(Σ(a,b)/n(a,b)) − sqrt(Σ(a,b)/(n(a,b)+1)),
//
// where n(a,b) is the number of votes the pair has and Σ(a,b) the asymptotic (per-vote)
// variance of the rating difference θa − θb, estimated with the sandwich covariance of
// the Bradley-Terry fit. Here n(a,b) gets one pseudo-vote, so a pair never compared has
// a finite weight (the largest), and a pair whose variance cannot be estimated yet (a
// model with no votes, or not identifiable) gets the largest variance seen.

// PairUncertainty is what active sampling needs to know of the votes so far: per pair
// of models, the number of votes and the variance of their rating difference.
type PairUncertainty struct {
	models []string
	index  map[string]int
	votes  []int64   // n×n, symmetric
	vars   []float64 // n×n, per-vote variance of θi−θj; NaN where unknown
	prior  float64   // used where unknown
	total  int64
}

// NewPairUncertainty fits the aggregate and keeps each pair's vote count and the
// variance of its rating difference.
func NewPairUncertainty(agg *Aggregate) *PairUncertainty {
	n := agg.NumModels()
	u := &PairUncertainty{models: agg.Models(), index: make(map[string]int, n), votes: make([]int64, n*n),
		vars: make([]float64, n*n), total: agg.Battles()}
	for i, m := range u.models {
		u.index[m] = i
	}
	for i := range u.vars {
		u.vars[i] = math.NaN()
	}
	for _, p := range agg.pairs() {
		c := int64(p.n())
		u.votes[int(p.i)*n+int(p.j)], u.votes[int(p.j)*n+int(p.i)] = c, c
	}
	u.prior = 1
	if agg.Battles() > 0 {
		fit := FitBT(agg)
		idx, cov := SandwichCovariance(agg, fit)
		if cov != nil {
			m := len(idx)
			worst := 0.0
			for x := 0; x < m; x++ {
				for y := x + 1; y < m; y++ {
					v := (cov[x*m+x] + cov[y*m+y] - 2*cov[x*m+y]) * float64(agg.Battles())
					if v > 0 && !math.IsInf(v, 0) {
						i, j := idx[x], idx[y]
						u.vars[i*n+j], u.vars[j*n+i] = v, v
						worst = max(worst, v)
					}
				}
			}
			if worst > 0 {
				u.prior = worst
			}
		}
	}
	return u
}

// Votes is the number of votes between a and b.
func (u *PairUncertainty) Votes(a, b string) int64 {
	i, ok1 := u.index[a]
	j, ok2 := u.index[b]
	if !ok1 || !ok2 {
		return 0
	}
	return u.votes[i*len(u.models)+j]
}

// ModelVotes is the number of votes model a took part in.
func (u *PairUncertainty) ModelVotes(a string) int64 {
	i, ok := u.index[a]
	if !ok {
		return 0
	}
	var s int64
	n := len(u.models)
	for j := 0; j < n; j++ {
		s += u.votes[i*n+j]
	}
	return s
}

// Variance is the per-vote variance Σ(a,b) of the rating difference of a and b
// (natural scale), or the largest one known when it cannot be estimated.
func (u *PairUncertainty) Variance(a, b string) float64 {
	i, ok1 := u.index[a]
	j, ok2 := u.index[b]
	if !ok1 || !ok2 {
		return u.prior
	}
	if v := u.vars[i*len(u.models)+j]; !math.IsNaN(v) {
		return v
	}
	return u.prior
}

// Weight is the active-sampling weight of the pair a, b (not normalised).
func (u *PairUncertainty) Weight(a, b string) float64 {
	return ActiveWeight(u.Variance(a, b), u.Votes(a, b))
}

// ActiveWeight is sqrt(Σ/(n+1)) − sqrt(Σ/(n+2)): the paper's weight for a pair with
// per-vote variance Σ and n votes, with one pseudo-vote.
func ActiveWeight(variance float64, n int64) float64 {
	if variance <= 0 || math.IsNaN(variance) {
		return 0
	}
	x := float64(n)
	return math.Sqrt(variance/(x+1)) - math.Sqrt(variance/(x+2))
}

// SamplingSim configures SimulateSampling.
type SamplingSim struct {
	Models  int     // number of models (default 20)
	Spread  float64 // standard deviation of the hidden ratings, Elo (default 300)
	TieRate float64 // as in SynthOptions (default 0.3)
	Seed    uint64
	Active  bool // active sampling; false for uniform pairs
	// Batch is the number of votes between refits of the active weights (default 100):
	// a server refreshes them periodically, not per vote.
	Batch int
	// Target is the interval width to reach: the widest 95% interval of any model, in
	// Elo points (default 80).
	Target   float64
	MaxVotes int // give up after this many votes (default 200000)
}

// SamplingResult is what SimulateSampling measured.
type SamplingResult struct {
	Votes   int     // votes cast when the widest interval first fell to the target
	Width   float64 // the widest interval then, Elo points
	Reached bool
}

// SimulateSampling casts votes between models with hidden ratings, drawn with uniform
// or active sampling, and counts how many it takes until every model's 95% sandwich
// interval is at most Target Elo points wide. The widths are checked after each batch.
func SimulateSampling(opt SamplingSim) SamplingResult {
	if opt.Models == 0 {
		opt.Models = 20
	}
	if opt.Spread == 0 {
		opt.Spread = 300
	}
	if opt.TieRate == 0 {
		opt.TieRate = 0.3
	}
	if opt.Batch == 0 {
		opt.Batch = 100
	}
	if opt.Target == 0 {
		opt.Target = 80
	}
	if opt.MaxVotes == 0 {
		opt.MaxVotes = 200000
	}
	tie := max(opt.TieRate, 0)
	// Hidden ratings from their own stream, so uniform and active runs with one seed face
	// the same models.
	rr := rand.New(rand.NewPCG(opt.Seed, 0x7a7e))
	names := SynthModelNames(opt.Models)
	ratings := make([]float64, opt.Models)
	for i := range ratings {
		ratings[i] = 1000 + opt.Spread*rr.NormFloat64()
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5a3b1e))
	agg := NewAggregate()
	for _, n := range names {
		agg.ModelIndex(n)
	}
	type pair struct{ a, b int }
	var pairs []pair
	for i := 0; i < opt.Models; i++ {
		for j := i + 1; j < opt.Models; j++ {
			pairs = append(pairs, pair{i, j})
		}
	}
	cum := make([]float64, len(pairs))
	votes := 0
	for votes < opt.MaxVotes {
		if opt.Active {
			u := NewPairUncertainty(agg)
			s := 0.0
			for k, p := range pairs {
				s += u.Weight(names[p.a], names[p.b])
				cum[k] = s
			}
		}
		for k := 0; k < opt.Batch; k++ {
			var p pair
			if opt.Active && cum[len(cum)-1] > 0 {
				x := rng.Float64() * cum[len(cum)-1]
				lo, hi := 0, len(cum)-1
				for lo < hi {
					mid := (lo + hi) / 2
					if cum[mid] > x {
						hi = mid
					} else {
						lo = mid + 1
					}
				}
				p = pairs[lo]
			} else {
				p = pairs[rng.IntN(len(pairs))]
			}
			if rng.IntN(2) == 1 {
				p.a, p.b = p.b, p.a
			}
			agg.Add(names[p.a], names[p.b], drawOutcome(rng, WinProbability(ratings[p.a], ratings[p.b]), tie), 1)
		}
		votes += opt.Batch
		if w := widestInterval(agg); w <= opt.Target {
			return SamplingResult{Votes: votes, Width: w, Reached: true}
		}
	}
	return SamplingResult{Votes: votes, Width: widestInterval(agg)}
}

// drawOutcome draws a vote with P(a wins) = p and ties as Synthesize draws them.
func drawOutcome(rng *rand.Rand, p, tie float64) Outcome {
	pt := tie * 2 * math.Min(p, 1-p)
	u := rng.Float64()
	switch {
	case u < p-pt/2:
		return WinA
	case u < 1-pt:
		return WinB
	case u < 1-pt/2:
		return Tie
	}
	return BothBad
}

// widestInterval is the widest 95% sandwich interval of any model, in Elo points;
// +Inf while some model's rating cannot be estimated.
func widestInterval(agg *Aggregate) float64 {
	fit := FitBT(agg)
	for _, ok := range fit.Identifiable {
		if !ok {
			return math.Inf(1)
		}
	}
	idx, cov := SandwichCovariance(agg, fit)
	if cov == nil || len(idx) != agg.NumModels() {
		return math.Inf(1)
	}
	m := len(idx)
	w := 0.0
	for k := 0; k < m; k++ {
		w = max(w, 2*1.96*math.Sqrt(max(cov[k*m+k], 0))*EloPerNat)
	}
	return w
}
