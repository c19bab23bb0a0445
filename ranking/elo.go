package ranking

import "math"

// EloParams are the parameters of online Elo.
type EloParams struct {
	K       float64 // step size; LMArena uses 4
	Base    float64 // 10
	Scale   float64 // 400
	Initial float64 // starting rating, 1000
}

// DefaultElo returns LMArena's online Elo parameters: K=4, base 10, scale 400, start 1000.
func DefaultElo() EloParams { return EloParams{K: 4, Base: 10, Scale: 400, Initial: 1000} }

func (p EloParams) withDefaults() EloParams {
	d := DefaultElo()
	if p.K == 0 {
		p.K = d.K
	}
	if p.Base == 0 {
		p.Base = d.Base
	}
	if p.Scale == 0 {
		p.Scale = d.Scale
	}
	if p.Initial == 0 {
		p.Initial = d.Initial
	}
	return p
}

// Elo is an online Elo rater. Feed it battles in time order with Update.
type Elo struct {
	p       EloParams
	ratings map[string]float64
}

// NewElo returns an online Elo rater; zero fields of p take the defaults.
func NewElo(p EloParams) *Elo { return &Elo{p: p.withDefaults(), ratings: map[string]float64{}} }

// Update applies one battle.
func (e *Elo) Update(b Battle) {
	ra, ok := e.ratings[b.ModelA]
	if !ok {
		ra = e.p.Initial
	}
	rb, ok := e.ratings[b.ModelB]
	if !ok {
		rb = e.p.Initial
	}
	ea := 1 / (1 + math.Pow(e.p.Base, (rb-ra)/e.p.Scale))
	sa := b.Outcome.ScoreA()
	e.ratings[b.ModelA] = ra + e.p.K*(sa-ea)
	e.ratings[b.ModelB] = rb + e.p.K*(ea-sa)
}

// Rating returns a model's current rating (the initial rating if unseen).
func (e *Elo) Rating(model string) float64 {
	if r, ok := e.ratings[model]; ok {
		return r
	}
	return e.p.Initial
}

// Ratings returns a copy of all current ratings.
func (e *Elo) Ratings() map[string]float64 {
	out := make(map[string]float64, len(e.ratings))
	for k, v := range e.ratings {
		out[k] = v
	}
	return out
}

// Elo runs online Elo over the log in time order (stable, so file order breaks ties and
// stands when times are unknown) and returns the ratings indexed like Models.
func (l *BattleLog) Elo(p EloParams) []float64 {
	return l.eloOver(p.withDefaults(), l.timeOrder())
}

func (l *BattleLog) eloOver(p EloParams, order []int32) []float64 {
	r := make([]float64, len(l.names))
	for i := range r {
		r[i] = p.Initial
	}
	lb := math.Log(p.Base) / p.Scale
	for _, k := range order {
		a, b := l.a[k], l.b[k]
		ea := 1 / (1 + math.Exp((r[b]-r[a])*lb))
		d := p.K * (l.outcome[k].ScoreA() - ea)
		r[a] += d
		r[b] -= d
	}
	return r
}

// BootstrapElo runs online Elo on rounds resamples of the battles drawn with
// replacement, in random order (LMArena's method), and returns the ratings per round.
// Round r depends only on (seed, r).
func (l *BattleLog) BootstrapElo(p EloParams, rounds int, seed uint64, workers int, progress func(done, total int)) [][]float64 {
	p = p.withDefaults()
	out := make([][]float64, rounds)
	n := len(l.a)
	workers = workerCount(workers)
	orders := make([][]int32, workers)
	runRounds(rounds, workers, progress, func(w, r int) {
		rng := roundRand(seed, r)
		o := orders[w]
		if o == nil {
			o = make([]int32, n)
			orders[w] = o
		}
		for k := range o {
			o[k] = int32(rng.IntN(n))
		}
		out[r] = l.eloOver(p, o)
	})
	return out
}
