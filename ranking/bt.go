package ranking

import (
	"math"
	"sort"
)

// EloPerNat converts the natural (logit) scale of the fits to the Elo scale:
// 400/ln(10) rating points per unit of log-odds.
const EloPerNat = 400 / math.Ln10

// GradTol is the tolerance of the Bradley-Terry fit: Newton's method stops when the
// norm of the log-likelihood's gradient on the natural scale (in battles) is below it.
const GradTol = 1e-8

// identRidge is the weak prior used where the maximum-likelihood estimate does not
// exist (see [BTFit]): a Gaussian prior with mean zero and standard deviation
// 1/sqrt(identRidge) ≈ 4.5 natural units (about 780 Elo points) on each rating.
const identRidge = 0.05

// Note texts for ratings that the data cannot pin down.
const (
	NoteNoBattles    = "no battles"
	NoteUndefeated   = "never lost: rating has no upper bound, shown from a weak prior"
	NoteWinless      = "never won: rating has no lower bound, shown from a weak prior"
	NoteUnbounded    = "comparison graph not strongly connected: rating not identifiable, shown from a weak prior"
	NoteDisconnected = "never compared, directly or through others, with the main group of models: rating on its own scale"
)

// BTFit is a Bradley-Terry fit: one rating per model on the natural scale.
//
// How identifiability is handled: the maximum-likelihood estimate exists exactly when,
// within a connected group of models, the directed graph "i scored against j" (a win,
// or a tie, which counts half to each side) is strongly connected (Ford, 1957). The fit
// therefore
//
//  1. splits the models into connected components of the comparison graph and fits
//     each separately, centred on zero; only the component with the most battles is
//     comparable with the rest of the leaderboard, the others are flagged
//     [NoteDisconnected];
//  2. fits a strongly connected component by exact maximum likelihood with Newton's
//     method (the gradient norm is driven below [GradTol]);
//  3. for a component that is not strongly connected (say a model that never lost),
//     finds the maximum a posteriori estimate under a very weak Gaussian prior, so every
//     rating is finite, then refits the largest strongly connected part by exact maximum
//     likelihood on its own battles (the limit the unpenalised likelihood tends to) and
//     flags every other model of the component as not identifiable, saying why.
//
// Nothing is ever NaN or silently infinite.
type BTFit struct {
	Theta        []float64 // natural-scale ratings, indexed like the aggregate's models
	Identifiable []bool
	Note         []string
	Component    []int   // 0 for the main component
	GradNorm     float64 // largest gradient norm of the exact fits
	Iterations   int
}

// btWork is reusable scratch space for Newton's method.
type btWork struct {
	h, h2, chol, g, g2, d, trial []float64
}

func (w *btWork) size(m int) {
	if cap(w.h) < m*m {
		w.h, w.h2, w.chol = make([]float64, m*m), make([]float64, m*m), make([]float64, m*m)
	}
	w.h, w.h2, w.chol = w.h[:m*m], w.h2[:m*m], w.chol[:m*m]
	if cap(w.g) < m {
		w.g, w.g2, w.d, w.trial = make([]float64, m), make([]float64, m), make([]float64, m), make([]float64, m)
	}
	w.g, w.g2, w.d, w.trial = w.g[:m], w.g2[:m], w.d[:m], w.trial[:m]
}

// btEval returns the negative log-likelihood of pairs (local indexes) at theta plus the
// penalty: ridge/2·|θ|² if ridge > 0, else ½(Σθ)², which leaves the optimum of the
// shift-invariant likelihood unchanged but pins the mean at zero. If g is not nil the
// gradient is written to it, and if h is not nil the Hessian. The objective itself is
// computed only if wantF (the logarithms are most of the cost); otherwise it is 0.
func btEval(m int, pairs []pairObs, theta []float64, ridge float64, wantF bool, g, h []float64) float64 {
	f := 0.0
	if g != nil {
		clear(g)
	}
	if h != nil {
		clear(h)
	}
	for k := range pairs {
		p := &pairs[k]
		i, j := int(p.i), int(p.j)
		d := theta[i] - theta[j]
		si := p.c[0] + 0.5*p.c[2]
		sj := p.c[1] + 0.5*p.c[2]
		n := si + sj
		e := math.Exp(-math.Abs(d))
		var pr float64
		if d >= 0 {
			pr = 1 / (1 + e)
		} else {
			pr = e / (1 + e)
		}
		if wantF {
			l1p := math.Log1p(e)
			if d >= 0 {
				f += si*l1p + sj*(d+l1p)
			} else {
				f += si*(l1p-d) + sj*l1p
			}
		}
		if g != nil {
			r := n*pr - si
			g[i] += r
			g[j] -= r
		}
		if h != nil {
			w := n * pr * (1 - pr)
			h[i*m+i] += w
			h[j*m+j] += w
			h[i*m+j] -= w
			h[j*m+i] -= w
		}
	}
	if ridge > 0 {
		for i := 0; i < m; i++ {
			f += 0.5 * ridge * theta[i] * theta[i]
			if g != nil {
				g[i] += ridge * theta[i]
			}
			if h != nil {
				h[i*m+i] += ridge
			}
		}
	} else {
		s := 0.0
		for i := 0; i < m; i++ {
			s += theta[i]
		}
		f += 0.5 * s * s
		if g != nil {
			for i := 0; i < m; i++ {
				g[i] += s
			}
		}
		for i := range h {
			h[i]++
		}
	}
	return f
}

// newtonBT minimises btEval's objective from theta (updated in place) and returns the final
// gradient norm and the number of iterations. A full Newton step is taken whenever it
// reduces the gradient norm (the Newton direction is a descent direction for |g|², and
// the objective is strictly convex, so its only stationary point is the minimum); only
// otherwise does it fall back to a backtracking line search on the objective. This
// keeps the logarithms of the objective out of the usual path.
func newtonBT(m int, pairs []pairObs, theta []float64, ridge, tol float64, w *btWork) (float64, int) {
	w.size(m)
	btEval(m, pairs, theta, ridge, false, w.g, w.h)
	gn := norm(w.g)
	it := 0
	for ; it < 200 && gn >= tol && m > 1; it++ {
		for i := range w.d {
			w.d[i] = -w.g[i]
		}
		solveSPD(w.h, w.chol, m, w.d)
		slope := dot(w.g, w.d)
		if !(slope < 0) {
			break
		}
		for i := range theta {
			w.trial[i] = theta[i] + w.d[i]
		}
		btEval(m, pairs, w.trial, ridge, false, w.g2, w.h2)
		if gt := norm(w.g2); gt < gn {
			copy(theta, w.trial)
			w.g, w.g2 = w.g2, w.g
			w.h, w.h2 = w.h2, w.h
			gn = gt
			continue
		}
		// Backtracking line search (Armijo) on the objective, with a little slack for
		// rounding so floating-point noise near the optimum cannot block it.
		f := btEval(m, pairs, theta, ridge, true, nil, nil)
		t := 0.5
		slack := 1e-12 * math.Abs(f)
		for ; t > 1e-12; t /= 2 {
			for i := range theta {
				w.trial[i] = theta[i] + t*w.d[i]
			}
			if ft := btEval(m, pairs, w.trial, ridge, true, nil, nil); ft <= f+1e-4*t*slope+slack {
				break
			}
		}
		if t <= 1e-12 {
			break
		}
		copy(theta, w.trial)
		btEval(m, pairs, theta, ridge, false, w.g, w.h)
		gn = norm(w.g)
	}
	return gn, it
}

func norm(v []float64) float64 { return math.Sqrt(dot(v, v)) }

func dot(a, b []float64) float64 {
	s := 0.0
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// components labels the connected components of the comparison graph, ordered by
// number of battles (most first, then by lowest model index); isolated models (no
// battles) come last, one component each.
func components(n int, pairs []pairObs) (label []int, count int) {
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	find := func(x int) int {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	battles := make([]float64, n)
	for k := range pairs {
		a, b := find(int(pairs[k].i)), find(int(pairs[k].j))
		if a != b {
			if a < b {
				parent[b] = a
			} else {
				parent[a] = b
			}
		}
	}
	for k := range pairs {
		battles[find(int(pairs[k].i))] += pairs[k].n()
	}
	var roots []int
	for i := 0; i < n; i++ {
		if find(i) == i {
			roots = append(roots, i)
		}
	}
	sort.SliceStable(roots, func(x, y int) bool { return battles[roots[x]] > battles[roots[y]] })
	rank := make(map[int]int, len(roots))
	for k, r := range roots {
		rank[r] = k
	}
	label = make([]int, n)
	for i := range label {
		label[i] = rank[find(i)]
	}
	return label, len(roots)
}

// sccs labels the strongly connected components of the digraph with an edge i→j when
// i scored against j (won or tied), over the local models 0..m-1. It returns the labels
// and the number of components (Tarjan's algorithm, iterative).
func sccs(m int, pairs []pairObs) ([]int, int) {
	adj := make([][]int32, m)
	for k := range pairs {
		p := &pairs[k]
		if p.c[0]+p.c[2] > 0 { // i scored against j
			adj[p.i] = append(adj[p.i], p.j)
		}
		if p.c[1]+p.c[2] > 0 {
			adj[p.j] = append(adj[p.j], p.i)
		}
	}
	index := make([]int, m)
	low := make([]int, m)
	onStack := make([]bool, m)
	label := make([]int, m)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	type frame struct{ v, next int }
	var call []frame
	counter, ncomp := 0, 0
	for s := 0; s < m; s++ {
		if index[s] >= 0 {
			continue
		}
		call = append(call, frame{s, 0})
		index[s], low[s] = counter, counter
		counter++
		stack = append(stack, s)
		onStack[s] = true
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.next < len(adj[v]) {
				w := int(adj[v][f.next])
				f.next++
				if index[w] < 0 {
					index[w], low[w] = counter, counter
					counter++
					stack = append(stack, w)
					onStack[w] = true
					call = append(call, frame{w, 0})
				} else if onStack[w] {
					low[v] = min(low[v], index[w])
				}
				continue
			}
			if low[v] == index[v] {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					label[w] = ncomp
					if w == v {
						break
					}
				}
				ncomp++
			}
			call = call[:len(call)-1]
			if len(call) > 0 {
				u := call[len(call)-1].v
				low[u] = min(low[u], low[v])
			}
		}
	}
	return label, ncomp
}

// FitBT fits the Bradley-Terry model to the aggregate by maximum likelihood. Ties and
// both-bad votes count half a win to each side. See [BTFit] for how models whose rating
// the data cannot determine are handled.
func FitBT(a *Aggregate) *BTFit {
	return fitBT(a.NumModels(), a.pairs(), nil, GradTol, &btWork{})
}

// fitBT fits n models from pairs, starting from warm when given.
func fitBT(n int, pairs []pairObs, warm []float64, tol float64, w *btWork) *BTFit {
	fit := &BTFit{
		Theta:        make([]float64, n),
		Identifiable: make([]bool, n),
		Note:         make([]string, n),
	}
	if warm != nil {
		copy(fit.Theta, warm)
	}
	label, ncomp := components(n, pairs)
	fit.Component = label
	members := make([][]int, ncomp)
	for i, c := range label {
		members[c] = append(members[c], i)
	}
	compPairs := make([][]pairObs, ncomp)
	if ncomp == 1 {
		compPairs[0] = pairs
	} else {
		for _, p := range pairs {
			c := label[p.i]
			compPairs[c] = append(compPairs[c], p)
		}
	}
	for c := 0; c < ncomp; c++ {
		fit.fitComponent(members[c], compPairs[c], c == 0, tol, w)
	}
	return fit
}

// fitComponent fits one connected component; local indexes follow the order of models.
func (fit *BTFit) fitComponent(models []int, pairs []pairObs, main bool, tol float64, w *btWork) {
	m := len(models)
	if len(pairs) == 0 {
		for _, g := range models {
			fit.Theta[g] = 0
			fit.Note[g] = NoteNoBattles
		}
		return
	}
	local := localize(models, pairs)
	theta := make([]float64, m)
	for k, g := range models {
		theta[k] = fit.Theta[g]
	}
	label, nscc := sccs(m, local)
	if nscc == 1 {
		gn, it := newtonBT(m, local, theta, 0, tol, w)
		center(theta)
		fit.GradNorm = max(fit.GradNorm, gn)
		fit.Iterations += it
		for k, g := range models {
			fit.Theta[g] = theta[k]
			fit.Identifiable[g] = main
			if !main {
				fit.Note[g] = NoteDisconnected
			}
		}
		return
	}
	// Not strongly connected: weak prior for everyone, then an exact refit of the
	// largest strongly connected part on its own battles.
	_, it := newtonBT(m, local, theta, identRidge, tol, w)
	fit.Iterations += it
	size := make([]float64, nscc)
	for k := range local {
		p := &local[k]
		if label[p.i] == label[p.j] {
			size[label[p.i]] += p.n()
		}
	}
	best := 0
	for c := range size {
		if size[c] > size[best] {
			best = c
		}
	}
	var core []int // local indexes of the largest strongly connected part
	for k := 0; k < m; k++ {
		if label[k] == best {
			core = append(core, k)
		}
	}
	if len(core) > 1 {
		var inner []pairObs
		for _, p := range local {
			if label[p.i] == best && label[p.j] == best {
				inner = append(inner, p)
			}
		}
		sub := localize(core, inner)
		st := make([]float64, len(core))
		mean := 0.0
		for k, l := range core {
			st[k] = theta[l]
			mean += theta[l]
		}
		mean /= float64(len(core))
		gn, it := newtonBT(len(core), sub, st, 0, tol, w)
		fit.GradNorm = max(fit.GradNorm, gn)
		fit.Iterations += it
		for k, l := range core {
			theta[l] = st[k] + mean // keep the part where the prior put it
		}
	}
	center(theta)
	// Per-model reasons.
	var wins, losses, draws = make([]float64, m), make([]float64, m), make([]float64, m)
	for _, p := range local {
		wins[p.i] += p.c[0]
		losses[p.i] += p.c[1]
		wins[p.j] += p.c[1]
		losses[p.j] += p.c[0]
		draws[p.i] += p.c[2]
		draws[p.j] += p.c[2]
	}
	for k, g := range models {
		fit.Theta[g] = theta[k]
		switch {
		case !main:
			fit.Note[g] = NoteDisconnected
		case label[k] == best && len(core) > 1:
			fit.Identifiable[g] = true
		case losses[k] == 0 && draws[k] == 0:
			fit.Note[g] = NoteUndefeated
		case wins[k] == 0 && draws[k] == 0:
			fit.Note[g] = NoteWinless
		default:
			fit.Note[g] = NoteUnbounded
		}
	}
}

// localize renumbers pairs to indexes into models.
func localize(models []int, pairs []pairObs) []pairObs {
	identity := true
	for k, g := range models {
		if k != g {
			identity = false
			break
		}
	}
	if identity {
		return pairs
	}
	pos := make(map[int32]int32, len(models))
	for k, g := range models {
		pos[int32(g)] = int32(k)
	}
	out := make([]pairObs, len(pairs))
	for k, p := range pairs {
		i, j := pos[p.i], pos[p.j]
		if i > j {
			i, j = j, i
			p.c[0], p.c[1] = p.c[1], p.c[0]
		}
		out[k] = pairObs{i, j, p.c}
	}
	return out
}

func center(x []float64) {
	if len(x) == 0 {
		return
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	s /= float64(len(x))
	for i := range x {
		x[i] -= s
	}
}

// WinProbability is the Bradley-Terry (and Elo) probability that a model rated ra beats
// one rated rb, on the Elo scale.
func WinProbability(ra, rb float64) float64 {
	return 1 / (1 + math.Pow(10, (rb-ra)/400))
}
