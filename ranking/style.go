package ranking

import (
	"math"
)

// StyleFeatures names the style-control features in the order of
// [StyleFit.Coefficients].
var StyleFeatures = []string{"length", "headers", "lists", "bold"}

// styleDiff is the feature of one style count: (a-b)/(a+b+1).
func styleDiff(a, b int) float64 { return float64(a-b) / float64(a+b+1) }

func styleVector(sa, sb Style) [4]float64 {
	return [4]float64{
		styleDiff(sa.Tokens, sb.Tokens),
		styleDiff(sa.Headers, sb.Headers),
		styleDiff(sa.Lists, sb.Lists),
		styleDiff(sa.Bold, sb.Bold),
	}
}

// stylePrior is the Gaussian prior of a style fit on the summed log-likelihood:
// (theta/2)·|θ|² on the ratings (0 pins Σθ = 0 instead) and (beta/2)·|β|² on the
// coefficients. See the StyleRidge constants for where each comes from.
type stylePrior struct{ theta, beta float64 }

// StyleOptions say how to fit style control.
type StyleOptions struct {
	Sandwich bool   // also compute the sandwich covariance of (θ, β)
	Ridge    string // StyleRidgeFastChat (when empty), StyleRidgeArenaRank or StyleRidgeNone
	// Reweight weighs each battle by 1/max(battles of its pair, MinPair), normalised
	// to average 1, as arena-rank's ContextualPairDataset does.
	Reweight bool
	MinPair  float64
	// Features, if set, adds its columns to the fit, for the battles whose id it holds
	// (a contextual Bradley-Terry fit); battles without them are left out.
	Features *FeatureTable
	// NoStyle leaves the four style features out, for a fit on Features alone.
	NoStyle bool
}

// prior is the prior of ridge for rows battles; thetaIdent is the ratings' prior the
// identifiability rules ask for (see styleRidgeFor).
func (o StyleOptions) prior(rows int, thetaIdent float64) stylePrior {
	switch o.Ridge {
	case StyleRidgeNone:
		return stylePrior{theta: thetaIdent}
	case StyleRidgeArenaRank:
		// arena-rank minimises mean(w·nll) + reg/2·|β|² with reg = 1: times N rows.
		return stylePrior{theta: thetaIdent, beta: float64(rows)}
	}
	// FastChat minimises Σ nll + reg/2·|(r, β)|² with reg = 0.5 and θ = ln10·r; its
	// prior on the ratings is already stronger than the identifiability one.
	return stylePrior{theta: max(fastChatRatingRidge, thetaIdent), beta: 0.5}
}

// styleRowWeights is inverse-pair-frequency reweighting of style rows (see
// pairWeights): per row 1/max(rows of its pair, minPair), normalised to mean 1.
func styleRowWeights(rows []styleRow, minPair float64) []float64 {
	type key struct{ a, b int32 }
	count := map[key]float64{}
	k := func(r *styleRow) key {
		if r.a < r.b {
			return key{r.a, r.b}
		}
		return key{r.b, r.a}
	}
	for i := range rows {
		count[k(&rows[i])]++
	}
	w := make([]float64, len(rows))
	sum := 0.0
	for i := range rows {
		w[i] = 1 / max(count[k(&rows[i])], minPair, 1)
		sum += w[i]
	}
	for i := range w {
		w[i] *= float64(len(rows)) / sum
	}
	return w
}

// StyleFit is a contextual Bradley-Terry fit: P(a beats b) = σ(θa − θb + Σ βk·zk) where
// zk is style feature k, (a−b)/(a+b+1) of the two answers' counts, or a user-supplied
// feature (StyleOptions.Features), each standardised over the data set. The ratings are
// then those of models with these features held equal.
type StyleFit struct {
	Theta        []float64 // natural-scale ratings, indexed like the log's models
	Coefficients []float64 // βk per standardised feature, in Features order
	Features     []string  // the features' names: StyleFeatures, then the user's
	Mean, StdDev []float64
	Identifiable []bool
	Note         []string
	GradNorm     float64
	Rows         int       // battles with style features used
	Cov          []float64 // sandwich covariance of (θ, β) when requested, (n+4)²

	opt StyleOptions // how it was fitted, for BootstrapStyle
}

type styleRow struct {
	a, b int32
	y    float32
	z    []float32 // the features, one backing array for all rows
}

// hasFeatures reports whether battle k has every feature opt asks for.
func (l *BattleLog) hasFeatures(k int, opt StyleOptions) bool {
	if !opt.NoStyle && (l.style == nil || !l.styled[k]) {
		return false
	}
	if opt.Features != nil {
		if l.ids == nil || l.ids[k] == "" {
			return false
		}
		if v, ok := opt.Features.Values[l.ids[k]]; !ok || len(v) != len(opt.Features.Names) {
			return false
		}
	}
	return true
}

// styleRows extracts the standardised rows of the battles that carry every feature opt
// asks for, with the features' means, standard deviations and names.
func (l *BattleLog) styleRows(opt StyleOptions) (rows []styleRow, mean, sd []float64, names []string) {
	withStyle := !opt.NoStyle
	if withStyle {
		names = append(names, StyleFeatures...)
	}
	if opt.Features != nil {
		names = append(names, opt.Features.Names...)
	}
	nf := len(names)
	mean, sd = make([]float64, nf), make([]float64, nf)
	if (withStyle && l.style == nil) || (opt.Features != nil && l.ids == nil) || nf == 0 {
		return nil, mean, sd, names
	}
	rows = make([]styleRow, 0, len(l.a))
	var zs []float32
	sum, sq := make([]float64, nf), make([]float64, nf)
	v := make([]float64, 0, nf)
	for k := range l.a {
		if !l.hasFeatures(k, opt) {
			continue
		}
		v = v[:0]
		if withStyle {
			sv := styleVector(l.style[k][0], l.style[k][1])
			v = append(v, sv[:]...)
		}
		if opt.Features != nil {
			v = append(v, opt.Features.Values[l.ids[k]]...)
		}
		for f := range v {
			zs = append(zs, float32(v[f]))
			sum[f] += v[f]
			sq[f] += v[f] * v[f]
		}
		rows = append(rows, styleRow{a: l.a[k], b: l.b[k], y: float32(l.outcome[k].ScoreA())})
	}
	for k := range rows {
		rows[k].z = zs[k*nf : (k+1)*nf : (k+1)*nf]
	}
	n := float64(len(rows))
	for f := range mean {
		if n > 0 {
			mean[f] = sum[f] / n
			sd[f] = math.Sqrt(max(sq[f]/n-mean[f]*mean[f], 0))
		}
	}
	for k := range rows {
		for f := range mean {
			if sd[f] > 1e-12 {
				rows[k].z[f] = float32((float64(rows[k].z[f]) - mean[f]) / sd[f])
			} else {
				rows[k].z[f] = 0
			}
		}
	}
	return rows, mean, sd, names
}

// styleObjective evaluates the penalised negative log-likelihood of the weighted rows
// (weights nil means 1) at x = (θ, β), with gradient g and Hessian h (dimension d =
// n + the number of features) when not nil, under prior pr.
func styleObjective(n int, rows []styleRow, weights []float64, x []float64, pr stylePrior, g, h []float64) float64 {
	d := len(x)
	nf := d - n
	if g != nil {
		clear(g)
	}
	if h != nil {
		clear(h)
	}
	f := 0.0
	beta := x[n:]
	for k := range rows {
		r := &rows[k]
		wt := 1.0
		if weights != nil {
			if weights[k] == 0 {
				continue
			}
			wt = weights[k]
		}
		a, b := int(r.a), int(r.b)
		eta := x[a] - x[b]
		for i, z := range r.z {
			eta += beta[i] * float64(z)
		}
		y := float64(r.y)
		e := math.Exp(-math.Abs(eta))
		l1p := math.Log1p(e)
		var p float64
		if eta >= 0 {
			p = 1 / (1 + e)
			f += wt * (y*l1p + (1-y)*(eta+l1p))
		} else {
			p = e / (1 + e)
			f += wt * (y*(l1p-eta) + (1-y)*l1p)
		}
		if g != nil {
			res := wt * (p - y)
			g[a] += res
			g[b] -= res
			for i, z := range r.z {
				g[n+i] += res * float64(z)
			}
		}
		if h != nil {
			w := wt * p * (1 - p)
			h[a*d+a] += w
			h[b*d+b] += w
			h[a*d+b] -= w
			h[b*d+a] -= w
			for i, zi := range r.z {
				wz := w * float64(zi)
				h[a*d+n+i] += wz
				h[(n+i)*d+a] += wz
				h[b*d+n+i] -= wz
				h[(n+i)*d+b] -= wz
				for j, zj := range r.z {
					h[(n+i)*d+n+j] += wz * float64(zj)
				}
			}
		}
	}
	for i := 0; i < nf; i++ {
		f += 0.5 * pr.beta * beta[i] * beta[i]
		if g != nil {
			g[n+i] += pr.beta * beta[i]
		}
		if h != nil {
			h[(n+i)*d+n+i] += pr.beta
		}
	}
	if ridgeTheta := pr.theta; ridgeTheta > 0 {
		for i := 0; i < n; i++ {
			f += 0.5 * ridgeTheta * x[i] * x[i]
			if g != nil {
				g[i] += ridgeTheta * x[i]
			}
			if h != nil {
				h[i*d+i] += ridgeTheta
			}
		}
	} else {
		s := 0.0
		for i := 0; i < n; i++ {
			s += x[i]
		}
		f += 0.5 * s * s
		if g != nil {
			for i := 0; i < n; i++ {
				g[i] += s
			}
		}
		if h != nil {
			for i := 0; i < n; i++ {
				for j := 0; j < n; j++ {
					h[i*d+j]++
				}
			}
		}
	}
	return f
}

func newtonStyle(n int, rows []styleRow, weights []float64, x []float64, pr stylePrior, tol float64) float64 {
	d := len(x)
	g, h, chol := make([]float64, d), make([]float64, d*d), make([]float64, d*d)
	step, trial := make([]float64, d), make([]float64, d)
	gn := math.Inf(1)
	for it := 0; it < 100; it++ {
		f := styleObjective(n, rows, weights, x, pr, g, h)
		gn = norm(g)
		if gn < tol {
			break
		}
		for i := range step {
			step[i] = -g[i]
		}
		solveSPD(h, chol, d, step)
		slope := dot(g, step)
		if !(slope < 0) {
			break
		}
		t := 1.0
		slack := 1e-12 * math.Abs(f)
		for ; t > 1e-12; t /= 2 {
			for i := range x {
				trial[i] = x[i] + t*step[i]
			}
			if styleObjective(n, rows, weights, trial, pr, nil, nil) <= f+1e-4*t*slope+slack {
				break
			}
		}
		if t <= 1e-12 {
			break
		}
		copy(x, trial)
	}
	return gn
}

// FitStyle fits the style-controlled Bradley-Terry model to the log's battles that
// carry style features. Identifiability follows the plain fit of the same battles
// ([FitBT]); where some rating is not identifiable, every rating gets the same weak
// prior as there. opt chooses the ridge, the reweighting and whether the robust
// covariance of (θ, β) is computed too.
func (l *BattleLog) FitStyle(opt StyleOptions) *StyleFit {
	rows, mean, sd, names := l.styleRows(opt)
	fit := fitStyleRows(len(l.names), rows, mean, sd, FitBT(l.rowsAggregate(rows)), opt)
	fit.Features = names
	return fit
}

// rowsAggregate counts the battles of rows, with the log's models.
func (l *BattleLog) rowsAggregate(rows []styleRow) *Aggregate {
	agg := NewAggregate()
	for _, n := range l.names {
		agg.ModelIndex(n)
	}
	for k := range rows {
		o := Tie
		switch rows[k].y {
		case 1:
			o = WinA
		case 0:
			o = WinB
		}
		agg.AddIndex(int(rows[k].a), int(rows[k].b), o, 1)
	}
	return agg
}

func styleRidgeFor(plain *BTFit) float64 {
	for _, ok := range plain.Identifiable {
		if !ok {
			return identRidge
		}
	}
	return 0
}

func fitStyleRows(n int, rows []styleRow, mean, sd []float64, plain *BTFit, opt StyleOptions) *StyleFit {
	fit := &StyleFit{Mean: mean, StdDev: sd, Identifiable: plain.Identifiable, Note: plain.Note, Rows: len(rows)}
	x := make([]float64, n+len(mean))
	copy(x, plain.Theta)
	pr := opt.prior(len(rows), styleRidgeFor(plain))
	var rw []float64
	if opt.Reweight {
		rw = styleRowWeights(rows, opt.MinPair)
	}
	fit.GradNorm = newtonStyle(n, rows, rw, x, pr, GradTol)
	center(x[:n])
	fit.Theta = x[:n:n]
	fit.Coefficients = x[n:]
	if opt.Sandwich {
		fit.Cov = styleSandwich(n, rows, rw, x, pr)
	}
	fit.opt = opt
	return fit
}

// styleSandwich is H⁻¹·M·H⁻¹ with H the penalised Hessian and M the sum of the per-row
// score outer products; the shift direction of θ drops out (see SandwichCovariance).
func styleSandwich(n int, rows []styleRow, rw []float64, x []float64, pr stylePrior) []float64 {
	d := len(x)
	h := make([]float64, d*d)
	styleObjective(n, rows, rw, x, pr, nil, h)
	meat := make([]float64, d*d)
	idx, val := make([]int, 0, d), make([]float64, 0, d)
	for k := range rows {
		r := &rows[k]
		a, b := int(r.a), int(r.b)
		eta := x[a] - x[b]
		for f, z := range r.z {
			eta += x[n+f] * float64(z)
		}
		p := 1 / (1 + math.Exp(-eta))
		res := p - float64(r.y)
		if rw != nil {
			res *= rw[k]
		}
		idx, val = append(idx[:0], a, b), append(val[:0], res, -res)
		for f, z := range r.z {
			idx, val = append(idx, n+f), append(val, res*float64(z))
		}
		for i := range idx {
			for j := range idx {
				meat[idx[i]*d+idx[j]] += val[i] * val[j]
			}
		}
	}
	hi := invertSPD(h, d)
	if hi == nil {
		return nil
	}
	return matMul(matMul(hi, meat, d), hi, d)
}

// BootstrapStyle refits style control on rounds resamples of the styled battles (drawn
// with replacement; round r depends only on (seed, r)) and returns per round the
// natural-scale ratings followed by the coefficients. Its cost grows with the number of
// battles times the rounds.
func (l *BattleLog) BootstrapStyle(base *StyleFit, rounds int, seed uint64, workers int, progress func(done, total int)) [][]float64 {
	rows, _, _, _ := l.styleRows(base.opt)
	n := len(l.names)
	pr := base.opt.prior(len(rows), styleRidgeFor(&BTFit{Identifiable: base.Identifiable}))
	var rw []float64
	if base.opt.Reweight {
		// As arena-rank's bootstrap, each row keeps the weight of the full data.
		rw = styleRowWeights(rows, base.opt.MinPair)
	}
	out := make([][]float64, rounds)
	workers = workerCount(workers)
	weights := make([][]float64, workers)
	runRounds(rounds, workers, progress, func(w, r int) {
		if weights[w] == nil {
			weights[w] = make([]float64, len(rows))
		}
		wt := weights[w]
		clear(wt)
		rng := roundRand(seed, r)
		for range rows {
			k := rng.IntN(len(rows))
			if rw != nil {
				wt[k] += rw[k]
			} else {
				wt[k]++
			}
		}
		x := make([]float64, n+len(base.Coefficients))
		copy(x, base.Theta)
		copy(x[n:], base.Coefficients)
		newtonStyle(n, rows, wt, x, pr, 1e-6)
		center(x[:n])
		out[r] = x
	})
	return out
}
