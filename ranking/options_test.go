package ranking

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The tests below check each option against a separate, deliberately plain computation
// written from the published formulas (FastChat's rating_systems.py, lmarena's
// arena-rank), never through the code paths under test.

// gdMinimize runs gradient descent with a fixed step until the gradient is below 1e-11.
func gdMinimize(t *testing.T, x []float64, step float64, grad func(x, g []float64)) {
	t.Helper()
	g := make([]float64, len(x))
	for it := 0; it < 500000; it++ {
		grad(x, g)
		n := 0.0
		for i := range g {
			n += g[i] * g[i]
			x[i] -= step * g[i]
		}
		if math.Sqrt(n) < 1e-11 {
			return
		}
	}
	t.Fatal("reference minimiser did not converge")
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// skewedBattles are battles among four models with very unequal pair counts and no
// ties (so the sandwich's treatment of ties plays no part).
func skewedBattles() []Battle {
	var out []Battle
	add := func(a, b string, wa, wb int) {
		for range wa {
			out = append(out, Battle{ModelA: a, ModelB: b, Outcome: WinA})
		}
		for range wb {
			out = append(out, Battle{ModelA: a, ModelB: b, Outcome: WinB})
		}
	}
	add("m0", "m1", 600, 400)
	add("m1", "m2", 30, 20)
	add("m2", "m3", 70, 10)
	add("m0", "m3", 9, 6)
	add("m3", "m1", 5, 12)
	return out
}

// refWeightedBT is arena-rank's BradleyTerry on PairDataset.from_pandas(reweighted=...):
// rows are unique (model_a, model_b, outcome) with counts, weights 1/max(pair count,
// minPair), loss −Σ w·c·(y·d − softplus(d)) / Σ w·c, and sandwich intervals from
// H = Σ w·c·p(1−p) (Laplacian) + ε·I, M = Σ (y−p)²·w²·c, H⁻¹MH⁻¹, z = Φ⁻¹(1−α/2);
// arena-rank's ε is hessian_reg = 1e-5, times the number of battles when unweighted.
func refWeightedBT(t *testing.T, battles []Battle, minPair, eps, z float64, center bool) (names []string, rating, lo, hi []float64) {
	idx := map[string]int{}
	type row struct {
		a, b int
		y    float64
	}
	counts := map[row]float64{}
	pair := map[[2]int]float64{}
	for _, b := range battles {
		for _, m := range []string{b.ModelA, b.ModelB} {
			if _, ok := idx[m]; !ok {
				idx[m] = len(names)
				names = append(names, m)
			}
		}
		r := row{idx[b.ModelA], idx[b.ModelB], b.Outcome.ScoreA()}
		counts[r]++
		pair[[2]int{min(r.a, r.b), max(r.a, r.b)}]++
	}
	n := len(names)
	w := func(r row) float64 {
		if minPair < 0 {
			return 1
		}
		return 1 / max(pair[[2]int{min(r.a, r.b), max(r.a, r.b)}], minPair)
	}
	theta := make([]float64, n)
	sumW := 0.0
	for r, c := range counts {
		sumW += w(r) * c
	}
	gdMinimize(t, theta, 2, func(x, g []float64) {
		clear(g)
		for r, c := range counts {
			res := w(r) * c * (sigmoid(x[r.a]-x[r.b]) - r.y) / sumW
			g[r.a] += res
			g[r.b] -= res
		}
	})
	hm, mm := make([]float64, n*n), make([]float64, n*n)
	lap := func(m []float64, a, b int, v float64) {
		m[a*n+a] += v
		m[b*n+b] += v
		m[a*n+b] -= v
		m[b*n+a] -= v
	}
	for r, c := range counts {
		p := sigmoid(theta[r.a] - theta[r.b])
		lap(hm, r.a, r.b, p*(1-p)*w(r)*c)
		lap(mm, r.a, r.b, (r.y-p)*(r.y-p)*w(r)*w(r)*c)
	}
	for i := 0; i < n; i++ {
		hm[i*n+i] += eps
	}
	hinv := gaussJordanInverse(hm, n)
	cov := mulMat(mulMat(hinv, mm, n), hinv, n)
	if center {
		// The covariance of ratings centred on their mean: P·cov·P, P = I − J/n.
		p := make([]float64, n*n)
		for i := range p {
			p[i] = -1 / float64(n)
		}
		for i := 0; i < n; i++ {
			p[i*n+i]++
		}
		cov = mulMat(mulMat(p, cov, n), p, n)
	}
	mean := 0.0
	for _, v := range theta {
		mean += v / float64(n)
	}
	for i := range theta {
		se := math.Sqrt(cov[i*n+i]) * 400 / math.Ln10
		r := 1000 + (theta[i]-mean)*400/math.Ln10
		rating, lo, hi = append(rating, r), append(lo, r-z*se), append(hi, r+z*se)
	}
	return names, rating, lo, hi
}

func gaussJordanInverse(a []float64, n int) []float64 {
	m := slices.Clone(a)
	inv := make([]float64, n*n)
	for i := 0; i < n; i++ {
		inv[i*n+i] = 1
	}
	for c := 0; c < n; c++ {
		p := c
		for r := c + 1; r < n; r++ {
			if math.Abs(m[r*n+c]) > math.Abs(m[p*n+c]) {
				p = r
			}
		}
		for k := 0; k < n; k++ {
			m[c*n+k], m[p*n+k] = m[p*n+k], m[c*n+k]
			inv[c*n+k], inv[p*n+k] = inv[p*n+k], inv[c*n+k]
		}
		d := m[c*n+c]
		for k := 0; k < n; k++ {
			m[c*n+k] /= d
			inv[c*n+k] /= d
		}
		for r := 0; r < n; r++ {
			if r != c {
				f := m[r*n+c]
				for k := 0; k < n; k++ {
					m[r*n+k] -= f * m[c*n+k]
					inv[r*n+k] -= f * inv[c*n+k]
				}
			}
		}
	}
	return inv
}

func mulMat(a, b []float64, n int) []float64 {
	out := make([]float64, n*n)
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			for k := 0; k < n; k++ {
				out[i*n+j] += a[i*n+k] * b[k*n+j]
			}
		}
	}
	return out
}

func entryOf(t *testing.T, lb *Leaderboard, model string) Entry {
	t.Helper()
	for _, e := range lb.Models {
		if e.Model == model {
			return e
		}
	}
	t.Fatalf("%s not on the board", model)
	return Entry{}
}

func TestReweightMatchesArenaRank(t *testing.T) {
	battles := skewedBattles()
	agg, err := AggregateBattles(SliceSource(battles))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		reweight bool
		minPair  int64
		refMin   float64
		alpha, z float64
	}{
		{"unweighted", false, 0, -1, 0.05, 1.959963984540054},
		{"reweighted, floor 50", true, 0, 50, 0.05, 1.959963984540054},
		{"reweighted, floor 1, 90%", true, 1, 1, 0.10, 1.6448536269514722},
	} {
		t.Run(c.name, func(t *testing.T) {
			lb, err := BuildLeaderboard(agg, Options{CI: CISandwich, Reweight: c.reweight, ReweightMinPair: c.minPair, Alpha: c.alpha})
			if err != nil {
				t.Fatal(err)
			}
			// arena-rank's own ε (within 0.1 Elo), and its limit ε → 0 for ratings
			// centred on their mean, which the pseudo-inverse of the Laplacian computes.
			eps := 1e-5
			if !c.reweight {
				eps *= float64(len(battles))
			}
			for _, r := range []struct {
				eps, tol float64
				center   bool
			}{{eps, 0.1, false}, {1e-6, 0.011, true}} {
				names, rating, lo, hi := refWeightedBT(t, battles, c.refMin, r.eps, c.z, r.center)
				for i, m := range names {
					e := entryOf(t, lb, m)
					if math.Abs(e.Rating-rating[i]) > 0.006 || math.Abs(*e.CILower-lo[i]) > r.tol || math.Abs(*e.CIUpper-hi[i]) > r.tol {
						t.Errorf("%s: got %.3f [%.3f, %.3f], arena-rank's formulas (ε=%g) give %.3f [%.3f, %.3f]", m, e.Rating, *e.CILower, *e.CIUpper, r.eps, rating[i], lo[i], hi[i])
					}
				}
			}
		})
	}
	// The floor of 1 makes m0–m1's 1,000 battles count as much as m0–m3's 15: m0 and m1
	// move, which is the point of the option.
	plain, _ := BuildLeaderboard(agg, Options{CI: CINone})
	rw, _ := BuildLeaderboard(agg, Options{CI: CINone, Reweight: true, ReweightMinPair: 1})
	if d := entryOf(t, plain, "m3").Rating - entryOf(t, rw, "m3").Rating; math.Abs(d) < 5 {
		t.Errorf("reweighting moved m3 by only %.2f", d)
	}
}

func TestReweightEqualPairsChangesNothing(t *testing.T) {
	var battles []Battle
	rng := rand.New(rand.NewPCG(3, 4))
	ms := []string{"a", "b", "c"}
	for i := range ms {
		for j := i + 1; j < len(ms); j++ {
			for range 80 {
				o := WinA
				if rng.Float64() < 0.3*float64(j-i) {
					o = WinB
				}
				battles = append(battles, Battle{ModelA: ms[i], ModelB: ms[j], Outcome: o})
			}
		}
	}
	agg, _ := AggregateBattles(SliceSource(battles))
	a, _ := BuildLeaderboard(agg, Options{CI: CISandwich})
	b, _ := BuildLeaderboard(agg, Options{CI: CISandwich, Reweight: true})
	for i := range a.Models {
		x, y := a.Models[i], b.Models[i]
		if x.Model != y.Model || math.Abs(x.Rating-y.Rating) > 1e-6 || math.Abs(*x.CILower-*y.CILower) > 0.011 {
			t.Errorf("equal pair counts: %+v reweighted became %+v", x, y)
		}
	}
}

// refPercentile is numpy's default (linear) quantile, written out.
func refPercentile(xs []float64, q float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	h := (float64(len(s)) - 1) * q / 100
	lo := math.Floor(h)
	if int(lo)+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[int(lo)] + (h-lo)*(s[int(lo)+1]-s[int(lo)])
}

func TestAlphaSetsIntervalsAndRank(t *testing.T) {
	agg, _ := AggregateBattles(SliceSource(skewedBattles()))
	// Bootstrap: the bounds are the α/2 and 1−α/2 quantiles of the rounds.
	lb, err := BuildLeaderboard(agg, Options{CI: CIBootstrap, Rounds: 60, Seed: 5, Alpha: 0.2})
	if err != nil {
		t.Fatal(err)
	}
	rounds := BootstrapBT(agg, 60, 5, 1, nil)
	for i, m := range agg.Models() {
		var col []float64
		for _, r := range rounds {
			col = append(col, 1000+EloPerNat*r[i])
		}
		e := entryOf(t, lb, m)
		if lo, hi := refPercentile(col, 10), refPercentile(col, 90); math.Abs(*e.CILower-lo) > 0.006 || math.Abs(*e.CIUpper-hi) > 0.006 {
			t.Errorf("%s: bootstrap 80%% interval [%v, %v], want [%.2f, %.2f]", m, *e.CILower, *e.CIUpper, lo, hi)
		}
	}
	// Rank (UB): 1 + the number of models whose lower bound is above this one's upper
	// bound, so a wider α gives narrower intervals and more distinct ranks.
	for _, alpha := range []float64{0.001, 0.05, 0.6} {
		lb, _ := BuildLeaderboard(agg, Options{CI: CISandwich, Alpha: alpha})
		for _, e := range lb.Models {
			want := 1
			for _, o := range lb.Models {
				if *o.CILower > *e.CIUpper {
					want++
				}
			}
			if e.Rank != want {
				t.Errorf("α=%v: %s rank %d, want %d", alpha, e.Model, e.Rank, want)
			}
		}
	}
	if _, err := BuildLeaderboard(agg, Options{Alpha: 1.5}); err == nil {
		t.Error("α = 1.5 accepted")
	}
}

func TestBothBadTieOrExcluded(t *testing.T) {
	battles := skewedBattles()
	for k := 0; k < len(battles); k += 7 {
		battles[k].Outcome = BothBad
	}
	for k := 3; k < len(battles); k += 11 {
		battles[k].Outcome = Tie
	}
	var kept, asTie []Battle
	for _, b := range battles {
		if b.Outcome != BothBad {
			kept = append(kept, b)
		}
		if b.Outcome == BothBad {
			b.Outcome = Tie
		}
		asTie = append(asTie, b)
	}
	build := func(bs []Battle, opt Options, fromLog bool) *Leaderboard {
		t.Helper()
		var lb *Leaderboard
		var err error
		if fromLog {
			log := NewBattleLog()
			for _, b := range bs {
				log.Add(b)
			}
			lb, err = BuildLeaderboardFromLog(log, opt)
		} else {
			agg, _ := AggregateBattles(SliceSource(bs))
			lb, err = BuildLeaderboard(agg, opt)
		}
		if err != nil {
			t.Fatal(err)
		}
		return lb
	}
	same := func(what string, a, b *Leaderboard) {
		t.Helper()
		if a.Battles != b.Battles || len(a.Models) != len(b.Models) {
			t.Fatalf("%s: %d battles, %d models; want %d, %d", what, a.Battles, len(a.Models), b.Battles, len(b.Models))
		}
		for i := range a.Models {
			if x, y := a.Models[i], b.Models[i]; x.Model != y.Model || x.Rating != y.Rating || *x.CILower != *y.CILower || x.Battles != y.Battles {
				t.Errorf("%s: %+v, want %+v", what, x, y)
			}
		}
	}
	for _, fromLog := range []bool{false, true} {
		same("exclude", build(battles, Options{CI: CISandwich, BothBad: BothBadExclude}, fromLog), build(kept, Options{CI: CISandwich}, false))
		same("tie (default)", build(battles, Options{CI: CISandwich}, fromLog), build(asTie, Options{CI: CISandwich}, false))
	}
	if _, err := BuildLeaderboard(NewAggregate(), Options{BothBad: "half"}); err == nil {
		t.Error("--both-bad half accepted")
	}
}

func TestDeprecatedFittedButNotShown(t *testing.T) {
	agg, _ := AggregateBattles(SliceSource(skewedBattles()))
	full, _ := BuildLeaderboard(agg, Options{CI: CISandwich})
	lb, _ := BuildLeaderboard(agg, Options{CI: CISandwich, Deprecated: []string{"m0"}})
	if len(lb.Models) != 3 {
		t.Fatalf("%d models shown, want 3", len(lb.Models))
	}
	for _, e := range lb.Models {
		if e.Model == "m0" {
			t.Fatal("deprecated m0 shown")
		}
		f := entryOf(t, full, e.Model)
		if e.Rating != f.Rating || *e.CILower != *f.CILower {
			t.Errorf("%s: %v, want the full fit's %v (m0's battles stay in the fit)", e.Model, e.Rating, f.Rating)
		}
		want := 1
		for _, o := range lb.Models {
			if *o.CILower > *e.CIUpper {
				want++
			}
		}
		if e.Rank != want {
			t.Errorf("%s: rank %d, want %d among the models shown", e.Model, e.Rank, want)
		}
	}
}

// styledLog is 600 battles among four models with style counts, some ties, uneven pairs.
func styledLog() (*BattleLog, []Battle) {
	rng := rand.New(rand.NewPCG(11, 12))
	ms := []string{"s0", "s1", "s2", "s3"}
	truth := []float64{0.6, 0.2, 0, -0.5}
	log := NewBattleLog()
	var bs []Battle
	for k := 0; k < 600; k++ {
		i := rng.IntN(4)
		j := (i + 1 + rng.IntN(3)) % 4
		if k%3 == 0 {
			i, j = 0, 1 // one pair much more frequent, so reweighting matters
		}
		sa := Style{Tokens: 50 + rng.IntN(900), Headers: rng.IntN(6), Lists: rng.IntN(12), Bold: rng.IntN(8)}
		sb := Style{Tokens: 50 + rng.IntN(900), Headers: rng.IntN(6), Lists: rng.IntN(12), Bold: rng.IntN(8)}
		eta := truth[i] - truth[j] + 1.2*styleDiff(sa.Tokens, sb.Tokens)
		o := WinB
		switch u := rng.Float64(); {
		case u < 0.1:
			o = Tie
		case u < sigmoid(eta):
			o = WinA
		}
		b := Battle{ModelA: ms[i], ModelB: ms[j], Outcome: o, StyleA: sa, StyleB: sb, HasStyle: true}
		log.Add(b)
		bs = append(bs, b)
	}
	return log, bs
}

// refStyleFit minimises, by gradient descent, the style-control objective of each
// source as its code writes it, on features (a−b)/(a+b+1) standardised with numpy's
// std (FastChat's preprocess_for_style, arena-rank's normalize_features):
//
//	fastchat:   Σ nll(ln10·(r_a−r_b) + z·β) + 0.25·|(r, β)|²   (reg=0.5, half_reg)
//	arena-rank: mean(w·nll(θ_a−θ_b + z·β)) + 0.5·|β|²           (reg=1.0)
//	none:       Σ nll(θ_a−θ_b + z·β)
//
// and returns the natural-scale ratings (centred) and the coefficients.
func refStyleFit(t *testing.T, log *BattleLog, bs []Battle, ridge string, reweight bool) ([]float64, []float64) {
	n, nb := len(log.Models()), len(bs)
	idx := map[string]int{}
	for i, m := range log.Models() {
		idx[m] = i
	}
	z := make([][4]float64, nb)
	var mean, sd [4]float64
	for k, b := range bs {
		z[k] = [4]float64{styleDiff(b.StyleA.Tokens, b.StyleB.Tokens), styleDiff(b.StyleA.Headers, b.StyleB.Headers),
			styleDiff(b.StyleA.Lists, b.StyleB.Lists), styleDiff(b.StyleA.Bold, b.StyleB.Bold)}
		for f := range 4 {
			mean[f] += z[k][f] / float64(nb)
		}
	}
	for k := range z {
		for f := range 4 {
			sd[f] += (z[k][f] - mean[f]) * (z[k][f] - mean[f]) / float64(nb)
		}
	}
	for k := range z {
		for f := range 4 {
			z[k][f] = (z[k][f] - mean[f]) / math.Sqrt(sd[f])
		}
	}
	w := make([]float64, nb)
	pairN := map[[2]int]float64{}
	key := func(b Battle) [2]int {
		a, c := idx[b.ModelA], idx[b.ModelB]
		return [2]int{min(a, c), max(a, c)}
	}
	for _, b := range bs {
		pairN[key(b)]++
	}
	sumW := 0.0
	for k, b := range bs {
		w[k] = 1
		if reweight {
			w[k] = 1 / max(pairN[key(b)], 50)
		}
		sumW += w[k]
	}
	for k := range w {
		w[k] *= float64(nb) / sumW // arena-rank: weights / mean(weights)
	}
	scale := 1.0 // logit per rating unit
	if ridge == StyleRidgeFastChat {
		scale = math.Ln10
	}
	x := make([]float64, n+4)
	gdMinimize(t, x, 0.5, func(x, g []float64) {
		clear(g)
		for k, b := range bs {
			a, c := idx[b.ModelA], idx[b.ModelB]
			eta := scale * (x[a] - x[c])
			for f := range 4 {
				eta += x[n+f] * z[k][f]
			}
			res := w[k] * (sigmoid(eta) - b.Outcome.ScoreA()) / float64(nb)
			g[a] += scale * res
			g[c] -= scale * res
			for f := range 4 {
				g[n+f] += res * z[k][f]
			}
		}
		switch ridge {
		case StyleRidgeFastChat:
			for i := range x {
				g[i] += 0.5 * x[i] / float64(nb)
			}
		case StyleRidgeArenaRank:
			for f := range 4 {
				g[n+f] += 1.0 * x[n+f]
			}
		}
	})
	theta := make([]float64, n)
	for i := range theta {
		theta[i] = scale * x[i]
	}
	center(theta)
	return theta, x[n:]
}

func TestStyleRidgesMatchTheirSources(t *testing.T) {
	log, bs := styledLog()
	for _, c := range []struct {
		ridge    string
		reweight bool
	}{{StyleRidgeFastChat, false}, {StyleRidgeArenaRank, false}, {StyleRidgeArenaRank, true}, {StyleRidgeNone, false}, {"", false}} {
		fit := log.FitStyle(StyleOptions{Ridge: c.ridge, Reweight: c.reweight, MinPair: DefaultReweightMinPair})
		want := c.ridge
		if want == "" {
			want = StyleRidgeFastChat // the default
		}
		theta, beta := refStyleFit(t, log, bs, want, c.reweight)
		for i := range theta {
			if math.Abs(fit.Theta[i]-theta[i]) > 1e-5 {
				t.Errorf("%q reweight=%v: θ%d = %.7f, the source's objective gives %.7f", c.ridge, c.reweight, i, fit.Theta[i], theta[i])
			}
		}
		for f := range beta {
			if math.Abs(fit.Coefficients[f]-beta[f]) > 1e-5 {
				t.Errorf("%q reweight=%v: β%d = %.7f, the source's objective gives %.7f", c.ridge, c.reweight, f, fit.Coefficients[f], beta[f])
			}
		}
	}
	// arena-rank's prior grows with the battles and shrinks the length coefficient
	// several-fold; FastChat's fixed one barely moves it from maximum likelihood.
	none := log.FitStyle(StyleOptions{Ridge: StyleRidgeNone}).Coefficients[0]
	fc := log.FitStyle(StyleOptions{Ridge: StyleRidgeFastChat}).Coefficients[0]
	ar := log.FitStyle(StyleOptions{Ridge: StyleRidgeArenaRank}).Coefficients[0]
	if !(math.Abs(fc-none) < 0.01*math.Abs(none) && ar < none/3) {
		t.Errorf("length coefficient: none %.4f, fastchat %.4f, arena-rank %.4f", none, fc, ar)
	}
}

// TestUserFeaturesMatchDirectFit: a user feature planted with coefficient 0.8 per unit,
// fitted alone (contextual Bradley-Terry, no style) without a ridge and with FastChat's,
// against gradient descent on the objective written out; battles without the feature
// (every fifth has no row in the table) are left out.
func TestUserFeaturesMatchDirectFit(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	ms := []string{"u0", "u1", "u2"}
	truth := []float64{0.5, 0, -0.4}
	log := NewBattleLog()
	table := &FeatureTable{Names: []string{"latency_diff"}, Values: map[string][]float64{}}
	type obs struct {
		a, b int
		x, y float64
	}
	var used []obs
	for k := 0; k < 500; k++ {
		i := rng.IntN(3)
		j := (i + 1 + rng.IntN(2)) % 3
		x := rng.NormFloat64()*2 + 0.3
		o := WinB
		if rng.Float64() < sigmoid(truth[i]-truth[j]+0.8*x) {
			o = WinA
		}
		id := "b" + string(rune('A'+k%26)) + string(rune('a'+k/26))
		log.Add(Battle{ModelA: ms[i], ModelB: ms[j], Outcome: o, ID: id})
		if k%5 != 0 {
			table.Values[id] = []float64{x}
			used = append(used, obs{i, j, x, o.ScoreA()})
		}
	}
	mean, sd := 0.0, 0.0
	for _, u := range used {
		mean += u.x / float64(len(used))
	}
	for _, u := range used {
		sd += (u.x - mean) * (u.x - mean) / float64(len(used))
	}
	sd = math.Sqrt(sd)
	for _, ridge := range []string{StyleRidgeNone, StyleRidgeFastChat} {
		fit := log.FitStyle(StyleOptions{Features: table, NoStyle: true, Ridge: ridge})
		if fit.Rows != len(used) || len(fit.Coefficients) != 1 || fit.Features[0] != "latency_diff" {
			t.Fatalf("%s: %d rows, coefficients %v %v", ridge, fit.Rows, fit.Features, fit.Coefficients)
		}
		scale := 1.0
		if ridge == StyleRidgeFastChat {
			scale = math.Ln10
		}
		x := make([]float64, 4)
		nb := float64(len(used))
		gdMinimize(t, x, 0.5, func(x, g []float64) {
			clear(g)
			for _, u := range used {
				z := (u.x - mean) / sd
				res := (sigmoid(scale*(x[u.a]-x[u.b])+x[3]*z) - u.y) / nb
				g[u.a] += scale * res
				g[u.b] -= scale * res
				g[3] += res * z
			}
			if ridge == StyleRidgeFastChat {
				for i := range x {
					g[i] += 0.5 * x[i] / nb
				}
			}
		})
		theta := []float64{scale * x[0], scale * x[1], scale * x[2]}
		center(theta)
		for li, m := range log.Models() {
			i := slices.Index(ms, m)
			if math.Abs(fit.Theta[li]-theta[i]) > 1e-5 {
				t.Errorf("%s: θ(%s) = %.6f, want %.6f", ridge, m, fit.Theta[li], theta[i])
			}
		}
		if math.Abs(fit.Coefficients[0]-x[3]) > 1e-5 {
			t.Errorf("%s: β = %.6f, want %.6f", ridge, fit.Coefficients[0], x[3])
		}
		// 0.8 per unit is 0.8·sd per standard deviation.
		if math.Abs(fit.Coefficients[0]-0.8*sd) > 0.35 {
			t.Errorf("%s: β = %.3f, planted %.3f", ridge, fit.Coefficients[0], 0.8*sd)
		}
	}
	lb, err := BuildLeaderboardFromLog(log, Options{CI: CISandwich, Features: table})
	if err != nil || lb.Method != MethodContextual || lb.Battles != int64(len(used)) || len(lb.Style) != 1 || lb.Style[0].CILower == nil {
		t.Fatalf("leaderboard with features: %v %+v", err, lb)
	}
}
