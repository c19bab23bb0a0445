package arena

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/arena-dev/arena/ranking"
)

// Sampler picks the two models of a new battle.
type Sampler interface {
	// Pair returns two different models from models, in random left/right order.
	Pair(models []Model, rng *rand.Rand) (a, b Model, err error)
}

// UniformSampler draws every pair of distinct models with equal probability.
type UniformSampler struct{}

// Pair draws a uniform pair of distinct models.
func (UniformSampler) Pair(models []Model, rng *rand.Rand) (Model, Model, error) {
	if len(models) < 2 {
		return Model{}, Model{}, Errorf(EUNAVAILABLE, "The arena needs at least two active models; it has %d.", len(models))
	}
	i := rng.IntN(len(models))
	j := rng.IntN(len(models) - 1)
	if j >= i {
		j++
	}
	return models[i], models[j], nil
}

// Sampling modes.
const (
	SampleUniform = "uniform"
	SampleActive  = "active"
)

// PairSampler draws battle pairs with per-model weights, a boost for new models, and
// optionally active sampling (Chatbot Arena paper, arXiv 2403.04132, section 5). The
// probability of the unordered pair {a, b} is proportional to
//
//	base(a,b) · weight(a) · weight(b) · boost(a) · boost(b)
//
// where base is 1 (uniform) or the pair's active-sampling weight (ranking.ActiveWeight
// over the current votes and the Bradley-Terry sandwich covariance), weight is the
// operator's per-model weight (1 by default), and boost is NewModelBoost for a model
// with fewer than NewModelVotes votes (1 otherwise). The vote counts and covariance come
// from the leaderboard's pair counters, refreshed by Refresh (which the app calls every
// --sampler-refresh and when models change), never per battle. A model is never drawn against itself, and sides are random.
//
// Floor mixes in the uniform distribution over the pairs that can be drawn (both
// models' weights above 0): P = (1−Floor)·P_above + Floor/#pairs. Active sampling with
// a boost sends nearly every draw to new models' pairs, and the established models'
// comparisons, whose ratings drift as their providers change, would otherwise go
// unmeasured for as long as new models keep arriving.
type PairSampler struct {
	Mode          string             // SampleUniform or SampleActive
	Weights       map[string]float64 // by model name; missing means 1, 0 excludes
	NewModelVotes int64              // models with fewer votes than this are boosted
	NewModelBoost float64            // the boost; values <= 1 mean none
	Floor         float64            // uniform share of draws, 0 (none) to 1 (uniform)

	mu    sync.RWMutex
	state *ranking.PairUncertainty
	at    time.Time
}

var _ Sampler = (*PairSampler)(nil)

// ParseModelWeights reads "name=2,other=0.5".
func ParseModelWeights(s string) (map[string]float64, error) {
	out := map[string]float64{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, v, ok := strings.Cut(part, "=")
		w, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if !ok || err != nil || w < 0 || strings.TrimSpace(name) == "" {
			return nil, Errorf(EINVALID, "Model weights are name=weight pairs separated by commas, with weights >= 0; %q is not.", part)
		}
		out[strings.TrimSpace(name)] = w
	}
	return out, nil
}

// Validate checks the settings.
func (s *PairSampler) Validate() error {
	if s.Mode != SampleUniform && s.Mode != SampleActive {
		return Errorf(EINVALID, "Unknown sampling mode %q: use uniform or active.", s.Mode)
	}
	if s.NewModelVotes < 0 || s.NewModelBoost < 0 {
		return Errorf(EINVALID, "The new-model boost and its vote threshold cannot be negative.")
	}
	if !(s.Floor >= 0 && s.Floor <= 1) {
		return Errorf(EINVALID, "The sampler floor is a share of draws, from 0 to 1; %v is not.", s.Floor)
	}
	return nil
}

// Refresh recomputes vote counts and (for active sampling) the covariance from the
// store's pair counters of all this arena's battles.
func (s *PairSampler) Refresh(ctx context.Context, store LeaderboardStore) error {
	pcs, err := store.PairCounts(ctx, "")
	if err != nil {
		return err
	}
	counts := make([]ranking.PairCount, 0, len(pcs))
	for _, p := range pcs {
		counts = append(counts, ranking.PairCount{A: p.A, B: p.B, WinsA: int64(p.WinsA), WinsB: int64(p.WinsB), Ties: int64(p.Ties), BothBad: int64(p.BothBad)})
	}
	agg, err := ranking.AggregateFromCounts(counts)
	if err != nil {
		return fmt.Errorf("sampler refresh: %w", err)
	}
	u := ranking.NewPairUncertainty(agg)
	s.mu.Lock()
	s.state, s.at = u, time.Now()
	s.mu.Unlock()
	return nil
}

// PairProbabilities returns the probability of each unordered pair (i < j) of models,
// in the order Pair walks them; for tests and the operator's inspection.
func (s *PairSampler) PairProbabilities(models []Model) (pairs [][2]int, probs []float64) {
	s.mu.RLock()
	u := s.state
	s.mu.RUnlock()
	mw := make([]float64, len(models))
	for i, m := range models {
		mw[i], _ = s.modelWeight(m.Name, u)
	}
	total := 0.0
	for i := range models {
		for j := i + 1; j < len(models); j++ {
			if (models[i].ID != 0 && models[i].ID == models[j].ID) || models[i].Name == models[j].Name {
				continue
			}
			w := mw[i] * mw[j]
			if w <= 0 {
				continue // a model the operator weighs 0 stays out, floor or not
			}
			if s.Mode == SampleActive && u != nil {
				w *= u.Weight(models[i].Name, models[j].Name)
			}
			if w <= 0 && s.Floor <= 0 {
				continue
			}
			pairs = append(pairs, [2]int{i, j})
			probs = append(probs, w)
			total += w
		}
	}
	f := s.Floor
	if total <= 0 {
		f = 1
	}
	for k := range probs {
		p := 0.0
		if total > 0 {
			p = probs[k] / total
		}
		probs[k] = (1-f)*p + f/float64(len(probs))
	}
	return pairs, probs
}

// modelWeight is a model's factor in every pair it is in: the operator's weight, times
// the boost while the model has fewer votes than NewModelVotes at the last refresh.
func (s *PairSampler) modelWeight(name string, u *ranking.PairUncertainty) (w float64, boosted bool) {
	w = 1.0
	if v, ok := s.Weights[name]; ok {
		w = v
	}
	if s.NewModelBoost > 1 && s.NewModelVotes > 0 {
		var n int64
		if u != nil {
			n = u.ModelVotes(name)
		}
		if n < s.NewModelVotes {
			w, boosted = w*s.NewModelBoost, true
		}
	}
	return w, boosted
}

// ModelWeight is the factor the named model brings to every pair it is in, and whether
// the new-model boost is part of it, as of the last refresh; for the transparency page.
func (s *PairSampler) ModelWeight(name string) (weight float64, boosted bool) {
	s.mu.RLock()
	u := s.state
	s.mu.RUnlock()
	return s.modelWeight(name, u)
}

// RefreshedAt is when the vote counts were last read (zero before the first refresh).
func (s *PairSampler) RefreshedAt() time.Time {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.at
}

// Pair draws two different models, in random left/right order.
func (s *PairSampler) Pair(models []Model, rng *rand.Rand) (Model, Model, error) {
	if len(models) < 2 {
		return Model{}, Model{}, Errorf(EUNAVAILABLE, "The arena needs at least two active models; it has %d.", len(models))
	}
	pairs, probs := s.PairProbabilities(models)
	if len(pairs) == 0 {
		// Every pair weighs nothing (all weights 0, say): fall back to uniform rather
		// than refuse battles.
		return UniformSampler{}.Pair(models, rng)
	}
	x := rng.Float64()
	k := len(probs) - 1
	for i, p := range probs {
		if x < p {
			k = i
			break
		}
		x -= p
	}
	a, b := models[pairs[k][0]], models[pairs[k][1]]
	if rng.IntN(2) == 1 {
		a, b = b, a
	}
	return a, b, nil
}
