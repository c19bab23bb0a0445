package ranking

import (
	"math"
	"math/rand/v2"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
)

// Interval is a confidence interval on the Elo scale.
type Interval struct{ Lower, Upper float64 }

// roundRand returns the random source of bootstrap round r: a PCG stream keyed by the
// seed and the round, so results do not depend on how rounds are spread over cores.
func roundRand(seed uint64, r int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(r)^0x9e3779b97f4a7c15))
}

// workerCount resolves a worker count: 0 or less means GOMAXPROCS.
func workerCount(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// runRounds runs fn for rounds 0..n-1 on workers goroutines; each worker gets its own
// id for scratch space. progress, if set, is called after each round.
func runRounds(n, workers int, progress func(done, total int), fn func(worker, round int)) {
	workers = min(workerCount(workers), n)
	var next, done atomic.Int64
	var wg sync.WaitGroup
	var mu sync.Mutex
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for {
				r := int(next.Add(1) - 1)
				if r >= n {
					return
				}
				fn(w, r)
				d := int(done.Add(1))
				if progress != nil {
					mu.Lock()
					progress(d, n)
					mu.Unlock()
				}
			}
		}(w)
	}
	wg.Wait()
}

// BootstrapBT refits the Bradley-Terry model on rounds resamples of the battles and
// returns, per round, each model's natural-scale rating (rounds × models, row-major).
// A resample draws as many battles as the aggregate holds from the multinomial over its
// cells (pair × outcome), which is the same as resampling battles with replacement but
// costs the number of cells, not the number of battles. Round r uses a random stream
// derived from (seed, r) only, so results are identical on any number of cores. Rounds
// run on workers goroutines (0 means GOMAXPROCS).
func BootstrapBT(a *Aggregate, rounds int, seed uint64, workers int, progress func(done, total int)) [][]float64 {
	return bootstrapBT(a.NumModels(), a.pairs(), nil, a.Battles(), rounds, seed, workers, progress)
}

// bootstrapBT is BootstrapBT on the pairs of total battles; with pair weights pw (see
// pairWeights) each resample is weighed by the full data's weights, as arena-rank's
// fit_single_bootstrap_sample does (boot_counts * weights).
func bootstrapBT(n int, pairs []pairObs, pw []float64, total int64, rounds int, seed uint64, workers int, progress func(done, total int)) [][]float64 {
	base := fitBT(n, weighPairs(pairs, pw), nil, GradTol, &btWork{})
	weights := make([]int64, 3*len(pairs))
	for k, p := range pairs {
		weights[3*k], weights[3*k+1], weights[3*k+2] = int64(p.c[0]), int64(p.c[1]), int64(p.c[2])
	}
	out := make([][]float64, rounds)
	workers = workerCount(workers)
	type scratch struct {
		counts []int64
		pairs  []pairObs
		work   btWork
	}
	scr := make([]scratch, workers)
	runRounds(rounds, workers, progress, func(w, r int) {
		s := &scr[w]
		if s.counts == nil {
			s.counts = make([]int64, len(weights))
		}
		multinomial(roundRand(seed, r), total, weights, s.counts)
		s.pairs = s.pairs[:0]
		for k, p := range pairs {
			c := [3]float64{float64(s.counts[3*k]), float64(s.counts[3*k+1]), float64(s.counts[3*k+2])}
			if pw != nil {
				c[0], c[1], c[2] = c[0]*pw[k], c[1]*pw[k], c[2]*pw[k]
			}
			if c[0]+c[1]+c[2] > 0 {
				s.pairs = append(s.pairs, pairObs{p.i, p.j, c})
			}
		}
		// Bootstrap rounds need less precision than the point estimate.
		f := fitBT(n, s.pairs, base.Theta, 1e-6, &s.work)
		out[r] = f.Theta
	})
	return out
}

// Percentile returns the q-th percentile (0..100) of xs by linear interpolation between
// order statistics (numpy's default). xs is sorted in place.
func Percentile(xs []float64, q float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	sort.Float64s(xs)
	pos := q / 100 * float64(len(xs)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(xs)-1)
	return xs[lo] + (pos-float64(lo))*(xs[hi]-xs[lo])
}

// SandwichCovariance returns the robust (sandwich) covariance of the natural-scale
// ratings of fit's main identifiable models, as a map from model index to row, with
// cov[i][j] for identifiable i, j. The bread is the Fisher information (a weighted graph
// Laplacian with weights n·p·(1-p)); the meat is the sum of the outer products of the
// per-battle scores, each battle one observation with score 1, 0 or 1/2 for a tie or a
// both-bad vote (as arena-rank computes it). Ties make the meat smaller than the bread,
// so the sandwich is narrower than the model-based variance, which would treat each tie
// as a coin toss. Both are computed from the aggregate's cells. The covariance is that of ratings centred on
// their mean.
func SandwichCovariance(a *Aggregate, fit *BTFit) (idx []int, cov []float64) {
	return sandwichCovariance(a.pairs(), nil, fit)
}

// sandwichCovariance is SandwichCovariance from the unweighted pairs, with pair weights
// pw when not nil (see pairWeights). A weight w scales each battle's score by w, so the
// bread grows by w and the meat by w² (arena-rank: hess_vals = p(1−p)·opt_weights,
// var_grad_vals = ((y−p)·opt_weights)²/counts); fit must be the weighted fit.
func sandwichCovariance(pairs []pairObs, pw []float64, fit *BTFit) (idx []int, cov []float64) {
	for i, ok := range fit.Identifiable {
		if ok {
			idx = append(idx, i)
		}
	}
	m := len(idx)
	if m < 2 {
		return idx, make([]float64, m*m)
	}
	pos := make(map[int]int, m)
	for k, g := range idx {
		pos[g] = k
	}
	bread := make([]float64, m*m)
	meat := make([]float64, m*m)
	for k, p := range weighPairs(pairs, pw) {
		i, ok1 := pos[int(p.i)]
		j, ok2 := pos[int(p.j)]
		if !ok1 || !ok2 {
			continue
		}
		pr := 1 / (1 + math.Exp(fit.Theta[p.j]-fit.Theta[p.i]))
		w := p.n() * pr * (1 - pr)
		// A tie is one observation with score 1/2, as arena-rank scores it and as the
		// bootstrap resamples it. Counting it as two half-weight observations (a win for
		// each side) adds a variance of p(1-p) the data do not have, and made intervals
		// a tenth wider than the bootstrap's on the arena's usual tie rates.
		s := p.c[0]*(1-pr)*(1-pr) + p.c[1]*pr*pr + p.c[2]*(0.5-pr)*(0.5-pr)
		for _, x := range []struct {
			mat []float64
			v   float64
		}{{bread, w}, {meat, s * weightOf(pw, k)}} {
			x.mat[i*m+i] += x.v
			x.mat[j*m+j] += x.v
			x.mat[i*m+j] -= x.v
			x.mat[j*m+i] -= x.v
		}
	}
	// Pseudo-inverse of the (connected) Laplacian: (B + J/m)⁻¹ − J/m.
	inv := 1 / float64(m)
	for k := range bread {
		bread[k] += inv
	}
	bi := invertSPD(bread, m)
	if bi == nil {
		return idx, nil
	}
	for k := range bi {
		bi[k] -= inv
	}
	tmp := matMul(bi, meat, m)
	return idx, matMul(tmp, bi, m)
}

func matMul(a, b []float64, m int) []float64 {
	out := make([]float64, m*m)
	for i := 0; i < m; i++ {
		for k := 0; k < m; k++ {
			aik := a[i*m+k]
			if aik == 0 {
				continue
			}
			row := b[k*m : k*m+m]
			o := out[i*m : i*m+m]
			for j := range row {
				o[j] += aik * row[j]
			}
		}
	}
	return out
}

// weightOf is pair k's weight, 1 without reweighting.
func weightOf(pw []float64, k int) float64 {
	if pw == nil {
		return 1
	}
	return pw[k]
}
