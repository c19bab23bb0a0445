package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// Parity with the two published implementations LMArena's figures come from: FastChat's
// fastchat/serve/monitor (elo_analysis.py's compute_mle_elo and get_bootstrap_result,
// rating_systems.py's contextual fit) and lmarena/arena-rank (BradleyTerry,
// ContextualBradleyTerry). Each reference below is written from the source's formulas,
// fitted by its own iteration, and compared with what the leaderboard shows (ratings and
// bounds rounded to 0.01, as a reader sees them) on the real 3,000-vote sample, and, for
// style control, whose votes carry no answers there, on the synthetic styledLog.
//
// go test -run Parity -v ./ranking prints the table of maximum differences.

// zNormal95 is Φ⁻¹(0.975), the z of a 95% interval, written out rather than taken from
// the code under test.
const zNormal95 = 1.959963984540054

// boardTol is the tolerance for a figure that should match exactly: the board rounds
// ratings and bounds to 0.01 (at most 0.005 off), and the references converge to far
// below 0.001 Elo.
const boardTol = 0.006

// parityRow is one line of the summary table: the largest differences of the board's
// ratings and bounds (rounded to 0.01) from the reference's, and of the same figures
// before rounding (raw, over all three). NaN means not compared.
type parityRow struct {
	method, reference            string
	dRating, dLower, dUpper, raw float64
	note                         string
}

func formatParity(rows []parityRow) string {
	var b strings.Builder
	cell := func(x float64) string {
		if math.IsNaN(x) {
			return "—"
		}
		return fmt.Sprintf("%.4f", x)
	}
	raw := func(x float64) string {
		if math.IsNaN(x) {
			return "—"
		}
		return fmt.Sprintf("%.1e", x)
	}
	fmt.Fprintf(&b, "\n%-30s %-58s %12s %12s %12s %10s  %s\n", "method", "reference", "max|Δrating|", "max|Δlower|", "max|Δupper|", "unrounded", "note")
	for _, r := range rows {
		fmt.Fprintf(&b, "%-30s %-58s %12s %12s %12s %10s  %s\n", r.method, r.reference, cell(r.dRating), cell(r.dLower), cell(r.dUpper), raw(r.raw), r.note)
	}
	return b.String()
}

// logitRow is one row of a logistic regression without intercept whose design has +s in
// model a's column and −s in model b's: label y in [0, 1], weight w.
type logitRow struct {
	a, b int
	y, w float64
}

func softplus(x float64) float64 { return max(x, 0) + math.Log1p(math.Exp(-math.Abs(x))) }

// refNewtonLogit minimises Σ w·(softplus(η) − y·η) + ridge/2·|β|², η = s·(β_a − β_b), by
// Newton's method with step halving: sklearn's LogisticRegression(fit_intercept=False)
// with C = 1/ridge, or penalty=None when ridge is 0. Without a ridge the objective is
// flat along β + c·1, so the last model is held at 0 (a reference level) and the result
// shifted to mean 0, which is where L-BFGS started from zero ends (sklearn's, FastChat's
// and arena-rank's fits): every gradient sums to zero, so the iterates keep Σβ = 0. With
// a ridge every β is free and Σβ = 0 at the optimum by the same argument.
func refNewtonLogit(t testing.TB, n int, rows []logitRow, s, ridge float64) []float64 {
	t.Helper()
	// Identical rows enter as one with their summed weight, as FastChat's
	// preprocess_for_bt (np.unique with return_counts) and arena-rank's PairDataset
	// collapse them: the objective is the same sum, and a bootstrap round costs the
	// number of distinct rows, not of battles.
	// Labels are 0, 1/2 or 1, so a row's class is (a·n + b)·3 + 2y.
	sum := make([]float64, n*n*3)
	for _, r := range rows {
		if r.y != 0 && r.y != 0.5 && r.y != 1 {
			t.Fatalf("label %v", r.y)
		}
		sum[(r.a*n+r.b)*3+int(2*r.y)] += r.w
	}
	rows = rows[:0:0]
	for c, w := range sum {
		if w != 0 {
			rows = append(rows, logitRow{c / 3 / n, c / 3 % n, float64(c%3) / 2, w})
		}
	}
	k := n
	if ridge == 0 {
		k = n - 1
	}
	beta := make([]float64, n)
	obj := func(b []float64) float64 {
		f := 0.0
		for _, r := range rows {
			eta := s * (b[r.a] - b[r.b])
			f += r.w * (softplus(eta) - r.y*eta)
		}
		for _, v := range b {
			f += ridge / 2 * v * v
		}
		return f
	}
	trial := make([]float64, n)
	for it := 0; ; it++ {
		if it == 100 {
			t.Fatal("reference Newton iteration did not converge")
		}
		g, h := make([]float64, k), make([]float64, k*k)
		for _, r := range rows {
			p := sigmoid(s * (beta[r.a] - beta[r.b]))
			res, curv := r.w*s*(p-r.y), r.w*s*s*p*(1-p)
			side := [2]struct {
				i    int
				sign float64
			}{{r.a, 1}, {r.b, -1}}
			for _, u := range side {
				if u.i >= k {
					continue
				}
				g[u.i] += u.sign * res
				for _, v := range side {
					if v.i < k {
						h[u.i*k+v.i] += u.sign * v.sign * curv
					}
				}
			}
		}
		gmax := 0.0
		for i := 0; i < k; i++ {
			g[i] += ridge * beta[i]
			h[i*k+i] += ridge
			gmax = max(gmax, math.Abs(g[i]))
		}
		if gmax < 1e-9 {
			break
		}
		hinv := gaussJordanInverse(h, k)
		// Halve the step until the objective does not rise; near the optimum the gain
		// is below the objective's rounding, hence the relative slack.
		f0 := obj(beta)
		for step := 1.0; ; step /= 2 {
			if step < 1e-10 {
				t.Fatal("reference Newton step found no descent")
			}
			copy(trial, beta)
			for i := 0; i < k; i++ {
				for j := 0; j < k; j++ {
					trial[i] -= step * hinv[i*k+j] * g[j]
				}
			}
			if obj(trial) <= f0+1e-12*math.Abs(f0) {
				break
			}
		}
		copy(beta, trial)
	}
	if ridge == 0 {
		mean := 0.0
		for _, v := range beta {
			mean += v / float64(n)
		}
		for i := range beta {
			beta[i] -= mean
		}
	}
	return beta
}

// refBattle is a battle with its models numbered.
type refBattle struct {
	a, b int
	o    Outcome
}

// indexBattles numbers the models of battles in order of appearance.
func indexBattles(battles []Battle) ([]refBattle, []string, map[string]int) {
	idx := map[string]int{}
	var names []string
	out := make([]refBattle, len(battles))
	for k, b := range battles {
		for _, m := range []string{b.ModelA, b.ModelB} {
			if _, ok := idx[m]; !ok {
				idx[m] = len(names)
				names = append(names, m)
			}
		}
		out[k] = refBattle{idx[b.ModelA], idx[b.ModelB], b.Outcome}
	}
	return out, names, idx
}

// refFastChatElo is FastChat's compute_mle_elo (SCALE=400, BASE=10, INIT_RATING=1000):
// the battles twice over (pd.concat([df, df])), X = +ln(BASE) in model_a's column and
// −ln(BASE) in model_b's, Y = 1 where model_a won, and a tie or "tie (bothbad)" Y = 1 in
// the first copy and 0 in the second (a tie becomes one win for each side);
// LogisticRegression(fit_intercept=False, penalty=None) — ridge 0 — then SCALE·coef +
// INIT_RATING. FastChat passes penalty=None; ridge 1 is sklearn's default C = 1.0, the
// weak L2 a call without it would add.
func refFastChatElo(t testing.TB, battles []refBattle, n int, ridge float64) []float64 {
	rows := make([]logitRow, 0, 2*len(battles))
	for copyNo := 0; copyNo < 2; copyNo++ {
		for _, b := range battles {
			y := 0.0
			switch b.o {
			case WinA:
				y = 1
			case Tie, BothBad:
				if copyNo == 0 {
					y = 1
				}
			}
			rows = append(rows, logitRow{b.a, b.b, y, 1})
		}
	}
	beta := refNewtonLogit(t, n, rows, math.Log(10), ridge)
	for i := range beta {
		beta[i] = 400*beta[i] + 1000
	}
	return beta
}

// refArenaRankWeightedElo is arena-rank's BradleyTerry point estimate with per-battle
// weights w (a battle's outcome 1, 0 or 0.5, ratings·SCALE/ln(BASE) + INIT): the
// weighted mean loss has the optimum of the weighted sum, fitted here by Newton.
func refArenaRankWeightedElo(t testing.TB, battles []refBattle, n int, w []float64) []float64 {
	rows := make([]logitRow, len(battles))
	for k, b := range battles {
		rows[k] = logitRow{b.a, b.b, b.o.ScoreA(), w[k]}
	}
	beta := refNewtonLogit(t, n, rows, 1, 0)
	for i := range beta {
		beta[i] = beta[i]*400/math.Ln10 + 1000
	}
	return beta
}

// refBootstrap is FastChat's get_bootstrap_result: rounds times, battles.sample(frac=1.0,
// replace=True) and a refit; it returns the rounds' Elo ratings. The draws come from
// ChaCha8, a generator the code under test does not use.
func refBootstrap(battles []refBattle, rounds int, seed uint64, fit func(sample []refBattle, rowsOf []int) []float64) [][]float64 {
	var key [32]byte
	key[0], key[1] = byte(seed), byte(seed>>8)
	rng := rand.New(rand.NewChaCha8(key))
	out := make([][]float64, rounds)
	sample := make([]refBattle, len(battles))
	rowsOf := make([]int, len(battles))
	for r := range out {
		for k := range sample {
			rowsOf[k] = rng.IntN(len(battles))
			sample[k] = battles[rowsOf[k]]
		}
		out[r] = fit(sample, rowsOf)
	}
	return out
}

// quantileSE is the Monte-Carlo standard error of the q-quantile (0 < q < 1) estimated
// from R draws of a normal with standard deviation sd: √(q(1−q)/R)/φ(Φ⁻¹(q))·sd.
func quantileSE(q float64, rounds int, sd float64) float64 {
	z := math.Sqrt2 * math.Erfinv(2*q-1)
	phi := math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
	return math.Sqrt(q*(1-q)/float64(rounds)) / phi * sd
}

// bootSummary is one model's bootstrap column: 2.5th, 50th and 97.5th percentiles and
// standard deviation.
type bootSummary struct{ lo, med, hi, sd float64 }

func summarize(rounds [][]float64, i int) bootSummary {
	col := make([]float64, len(rounds))
	mean := 0.0
	for r := range rounds {
		col[r] = rounds[r][i]
		mean += col[r] / float64(len(rounds))
	}
	sd := 0.0
	for _, v := range col {
		sd += (v - mean) * (v - mean) / float64(len(col)-1)
	}
	return bootSummary{refPercentile(col, 2.5), refPercentile(col, 50), refPercentile(col, 97.5), math.Sqrt(sd)}
}

// rankUB is FastChat's final_ranking: 1 + the number of other models whose lower bound is
// above this model's upper bound.
func rankUB(lo, hi []float64, i int) int {
	r := 1
	for j := range lo {
		if j != i && lo[j] > hi[i] {
			r++
		}
	}
	return r
}

func TestParity(t *testing.T) {
	var table []parityRow
	add := func(r parityRow) { table = append(table, r) }
	defer func() { t.Log(formatParity(table)) }()

	t.Run("RealSample", func(t *testing.T) { parityRealSample(t, add) })
	t.Run("Style", func(t *testing.T) { parityStyle(t, add) })
}

// maxDiff is the largest |board − want| over the models, with get choosing the figure.
func maxDiff(t *testing.T, lb *Leaderboard, names []string, want []float64, get func(Entry) float64) float64 {
	t.Helper()
	d := 0.0
	for i, m := range names {
		d = max(d, math.Abs(get(entryOf(t, lb, m))-want[i]))
	}
	return d
}

func rating(e Entry) float64 { return e.Rating }
func lower(e Entry) float64  { return *e.CILower }
func upper(e Entry) float64  { return *e.CIUpper }

// boardFigures are a board's figures before it rounds them to 0.01, by model: the fit
// and sandwich BuildLeaderboard computes, with reweighting floor minPair (none when
// negative).
type boardFigures struct{ rating, lower, upper map[string]float64 }

func unrounded(agg *Aggregate, minPair float64) boardFigures {
	pairs := agg.pairs()
	pw := pairWeights(pairs, minPair)
	fit := fitBT(agg.NumModels(), weighPairs(pairs, pw), nil, GradTol, &btWork{})
	r := toElo(fit.Theta, -1, 0)
	idx, cov := sandwichCovariance(pairs, pw, fit)
	lo, hi := sandwichBounds(r, idx, cov, -1, zNormal95)
	f := boardFigures{map[string]float64{}, map[string]float64{}, map[string]float64{}}
	for i, m := range agg.Models() {
		f.rating[m], f.lower[m], f.upper[m] = r[i], lo[i], hi[i]
	}
	return f
}

// diff is the largest difference of the figures from the reference's (indexed like
// names); lo and hi may be nil.
func (f boardFigures) diff(names []string, r, lo, hi []float64) float64 {
	d := 0.0
	for i, m := range names {
		d = max(d, math.Abs(f.rating[m]-r[i]))
		if lo != nil {
			d = max(d, math.Abs(f.lower[m]-lo[i]), math.Abs(f.upper[m]-hi[i]))
		}
	}
	return d
}

func parityRealSample(t *testing.T, add func(parityRow)) {
	battles := realSample(t)
	rb, names, idx := indexBattles(battles)
	nm := len(names)
	agg, err := AggregateBattles(SliceSource(battles))
	if err != nil {
		t.Fatal(err)
	}
	blog := NewBattleLog()
	for _, b := range battles {
		blog.Add(b)
	}
	build := func(opt Options) *Leaderboard {
		t.Helper()
		lb, err := BuildLeaderboard(agg, opt)
		if err != nil {
			t.Fatal(err)
		}
		return lb
	}
	n := float64(len(battles))
	nan := math.NaN()
	plainRaw := unrounded(agg, -1)

	t.Run("BT", func(t *testing.T) {
		fc := refFastChatElo(t, rb, nm, 0)
		board := build(Options{CI: CINone})
		fromLog, err := BuildLeaderboardFromLog(blog, Options{CI: CINone})
		if err != nil {
			t.Fatal(err)
		}
		// Unrounded, Newton to a gradient of 1e-8 battles against the reference's 1e-9
		// leaves far less than 1e-6 Elo.
		dFC, dLog, raw := maxDiff(t, board, names, fc, rating), maxDiff(t, fromLog, names, fc, rating), plainRaw.diff(names, fc, nil, nil)
		if dFC > boardTol || dLog > boardTol || raw > 1e-6 {
			t.Errorf("plain BT vs FastChat's compute_mle_elo: board %.4f, board from the log %.4f, unrounded %.2g Elo", dFC, dLog, raw)
		}
		add(parityRow{"BT (Build…, Build…FromLog)", "FastChat compute_mle_elo (dup rows, tie = 1 win each)", max(dFC, dLog), nan, nan, raw, ""})

		// sklearn's default C = 1 moves the ratings by far more than the tolerance, so
		// the check tells FastChat's unpenalised fit from even a weak ridge.
		l2 := refFastChatElo(t, rb, nm, 1)
		dL2 := maxDiff(t, board, names, l2, rating)
		if dL2 <= 10*boardTol {
			t.Errorf("sklearn's default C=1 gives ratings within %.4f of the board: the check cannot see a weak ridge", dL2)
		}
		add(parityRow{"(not FastChat's)", "compute_mle_elo with sklearn's default C=1", dL2, nan, nan, plainRaw.diff(names, l2, nil, nil), "must differ: the check sees a weak L2"})

		// arena-rank's BradleyTerry: the same likelihood with a tie as one outcome of
		// 1/2, fitted here by gradient descent on its mean loss.
		an, ar, _, _ := refWeightedBT(t, battles, -1, 1e-5*n, zNormal95, false)
		dAR, raw := maxDiff(t, board, an, ar, rating), plainRaw.diff(an, ar, nil, nil)
		if dAR > boardTol || raw > 1e-4 {
			t.Errorf("plain BT vs arena-rank's BradleyTerry: board %.4f, unrounded %.2g Elo", dAR, raw)
		}
		add(parityRow{"BT", "arena-rank BradleyTerry (tie = outcome 0.5)", dAR, nan, nan, raw, ""})
	})

	t.Run("Sandwich", func(t *testing.T) {
		board := build(Options{CI: CISandwich})
		for _, c := range []struct {
			ref         string
			eps         float64
			center      bool
			tol, tolRaw float64
		}{
			// arena-rank adds ε·I = 1e-5·N·I to the Laplacian H before inverting it,
			// which narrows every interval a little (0.012 Elo here); the tolerance
			// bounds that, and a real error (ties entering M twice: intervals a tenth
			// wider, ~3 Elo here) is sixty times larger.
			{"arena-rank CLT (H + 1e-5·N·I)", 1e-5 * n, false, 0.05, 0.05},
			// Its ε → 0 limit for centred ratings is what the board computes; ε = 1e-6
			// against a Laplacian of eigenvalues in the tens moves bounds by ~1e-6 Elo.
			{"arena-rank CLT, ε → 0 (1e-6), centred", 1e-6, true, boardTol, 1e-4},
		} {
			rn, r, lo, hi := refWeightedBT(t, battles, -1, c.eps, zNormal95, c.center)
			dr, dl, du := maxDiff(t, board, rn, r, rating), maxDiff(t, board, rn, lo, lower), maxDiff(t, board, rn, hi, upper)
			raw := plainRaw.diff(rn, r, lo, hi)
			if dr > boardTol || dl > c.tol || du > c.tol || raw > c.tolRaw {
				t.Errorf("sandwich vs %s: rating %.4f, lower %.4f, upper %.4f, unrounded %.2g", c.ref, dr, dl, du, raw)
			}
			ranks := 0
			for i, m := range rn {
				if rankUB(lo, hi, i) == entryOf(t, board, m).Rank {
					ranks++
				}
			}
			if ranks != len(rn) {
				t.Errorf("sandwich rank (UB) vs %s: %d of %d identical", c.ref, ranks, len(rn))
			}
			add(parityRow{"CLT (sandwich)", c.ref, dr, dl, du, raw, fmt.Sprintf("rank (UB) identical %d/%d", ranks, len(rn))})
		}
	})

	const rounds = 2000
	// checkBootstrap compares the board's bootstrap bounds with a reference bootstrap of
	// as many rounds. Both are Monte-Carlo estimates, so a bound may differ by the noise
	// of two independent percentile estimates, √2·quantileSE; the test allows 4 of
	// those. The mean width over the models is steadier: its noise is that of 2·n
	// nearly independent tail estimates, and 4 of its standard errors are 3.5% of the
	// width with 2,000 rounds, a fifth of what 90% intervals in place of 95% would
	// change (−16%). Ranks must be identical where no comparison lower_j > upper_i is
	// within the noise of the two.
	checkBootstrap := func(t *testing.T, method, ref string, board *Leaderboard, refRounds [][]float64) {
		m := len(names)
		lo, hi := make([]float64, m), make([]float64, m)
		sum := make([]bootSummary, m)
		var dl, du, wBoard, wRef, seMean, maxTol float64
		for i, name := range names {
			s := summarize(refRounds, idx[name])
			sum[i], lo[i], hi[i] = s, s.lo, s.hi
			e := entryOf(t, board, name)
			tol := 4 * math.Sqrt2 * quantileSE(0.025, rounds, s.sd)
			maxTol = max(maxTol, tol)
			if math.Abs(*e.CILower-s.lo) > tol || math.Abs(*e.CIUpper-s.hi) > tol {
				t.Errorf("%s: bootstrap [%.2f, %.2f], reference [%.2f, %.2f] (Monte-Carlo tolerance %.2f)", name, *e.CILower, *e.CIUpper, s.lo, s.hi, tol)
			}
			dl, du = max(dl, math.Abs(*e.CILower-s.lo)), max(du, math.Abs(*e.CIUpper-s.hi))
			wBoard += (*e.CIUpper - *e.CILower) / float64(m)
			wRef += (s.hi - s.lo) / float64(m)
			se := 2 * quantileSE(0.025, rounds, s.sd) // the difference of two widths
			seMean += se * se / float64(m*m)
		}
		ratio, tolRatio := wBoard/wRef, 4*math.Sqrt(seMean)/wRef
		if math.Abs(ratio-1) > tolRatio {
			t.Errorf("mean 95%% width %.2f, reference %.2f: ratio %.4f, tolerance ±%.4f", wBoard, wRef, ratio, tolRatio)
		}
		same, nClear, all := 0, 0, 0
		for i, name := range names {
			borderline := false
			for j := range names {
				if j != i {
					noise := 4 * math.Sqrt2 * math.Hypot(quantileSE(0.025, rounds, sum[j].sd), quantileSE(0.975, rounds, sum[i].sd))
					borderline = borderline || math.Abs(lo[j]-hi[i]) < noise
				}
			}
			r := rankUB(lo, hi, i)
			if r == entryOf(t, board, name).Rank {
				all++
			}
			if borderline {
				continue
			}
			nClear++
			if r == entryOf(t, board, name).Rank {
				same++
			} else {
				t.Errorf("%s: rank (UB) %d, reference %d", name, entryOf(t, board, name).Rank, r)
			}
		}
		add(parityRow{method, ref, nan, dl, du, nan, fmt.Sprintf("Monte-Carlo: bounds within %.1f; mean width ratio %.4f (±%.4f); rank (UB) identical %d/%d (%d/%d clear of the noise)", maxTol, ratio, tolRatio, all, m, same, nClear)})
	}

	t.Run("Bootstrap", func(t *testing.T) {
		board := build(Options{CI: CIBootstrap, Rounds: rounds, Seed: 1})
		refRounds := refBootstrap(rb, rounds, 2, func(s []refBattle, _ []int) []float64 { return refFastChatElo(t, s, nm, 0) })
		checkBootstrap(t, "bootstrap", "FastChat get_bootstrap_result + compute_mle_elo", board, refRounds)
		// The medians of the rounds estimate the same centre, within quantileSE(0.5).
		ours := BootstrapBT(agg, rounds, 1, 0, nil)
		dm := 0.0
		for i, m := range agg.Models() {
			col := make([]float64, rounds)
			for r := range ours {
				col[r] = 1000 + EloPerNat*ours[r][i]
			}
			s := summarize(refRounds, idx[m])
			d := math.Abs(refPercentile(col, 50) - s.med)
			if tol := 4 * math.Sqrt2 * quantileSE(0.5, rounds, s.sd); d > tol {
				t.Errorf("%s: bootstrap median differs from the reference's by %.2f (tolerance %.2f)", m, d, tol)
			}
			dm = max(dm, d)
		}
		add(parityRow{"bootstrap median", "FastChat get_bootstrap_result, median", dm, nan, nan, nan, "Monte-Carlo"})
	})

	// Reweighting: arena-rank's PairDataset(reweighted=True, min_pair_count=50), each
	// battle weighing 1/max(n_pair, 50). The real sample's pairs hold 21 to 70 battles,
	// so 23 of its 66 pairs are above the floor and a changed floor changes the board.
	pairN := map[[2]int]float64{}
	pairOf := func(b refBattle) [2]int { return [2]int{min(b.a, b.b), max(b.a, b.b)} }
	for _, b := range rb {
		pairN[pairOf(b)]++
	}
	weights := make([]float64, len(rb))
	for k, b := range rb {
		weights[k] = 1 / max(pairN[pairOf(b)], 50)
	}

	t.Run("Reweight", func(t *testing.T) {
		board := build(Options{CI: CISandwich, Reweight: true})
		raw := unrounded(agg, DefaultReweightMinPair)
		// The weighted point estimate by Newton as well as refWeightedBT's descent.
		nr := refArenaRankWeightedElo(t, rb, nm, weights)
		if d, dr := maxDiff(t, board, names, nr, rating), raw.diff(names, nr, nil, nil); d > boardTol || dr > 1e-6 {
			t.Errorf("reweighted ratings vs a Newton fit of arena-rank's weighted loss: board %.4f, unrounded %.2g", d, dr)
		}
		// Reweighting must matter on this sample, or the comparison would not see it.
		moved := plainRaw.diff(names, nr, nil, nil)
		if moved < 1 {
			t.Errorf("reweighting moves the ratings by only %.3f", moved)
		}
		for _, c := range []struct {
			ref    string
			eps    float64
			center bool
		}{
			// Weighted, arena-rank's ε is 1e-5 unscaled, against a Laplacian of the
			// weights' sums (about 0.2 a pair): it moves the bounds by ~1e-4 Elo.
			{"arena-rank reweighted CLT (H + 1e-5·I)", 1e-5, false},
			{"arena-rank reweighted CLT, ε → 0, centred", 1e-6, true},
		} {
			rn, r, lo, hi := refWeightedBT(t, battles, 50, c.eps, zNormal95, c.center)
			dr, dl, du := maxDiff(t, board, rn, r, rating), maxDiff(t, board, rn, lo, lower), maxDiff(t, board, rn, hi, upper)
			d := raw.diff(rn, r, lo, hi)
			if dr > boardTol || dl > boardTol || du > boardTol || d > 1e-3 {
				t.Errorf("reweighted sandwich vs %s: rating %.4f, lower %.4f, upper %.4f, unrounded %.2g", c.ref, dr, dl, du, d)
			}
			add(parityRow{"reweighted BT + CLT", c.ref, dr, dl, du, d, fmt.Sprintf("reweighting moves ratings up to %.2f", moved)})
		}
	})

	t.Run("ReweightBootstrap", func(t *testing.T) {
		board := build(Options{CI: CIBootstrap, Rounds: rounds, Seed: 3, Reweight: true})
		// arena-rank's fit_single_bootstrap_sample: resampled counts times the full
		// data's weights, so each drawn battle keeps its pair's weight.
		w := make([]float64, len(rb))
		refRounds := refBootstrap(rb, rounds, 4, func(s []refBattle, rowsOf []int) []float64 {
			for k, row := range rowsOf {
				w[k] = weights[row]
			}
			return refArenaRankWeightedElo(t, s, nm, w)
		})
		checkBootstrap(t, "reweighted bootstrap", "arena-rank bootstrap (boot_counts · weights)", board, refRounds)
	})
}

// parityStyle compares each style ridge's board with the optimum of its source's
// objective (refStyleFit) on the synthetic styledLog: ratings on the board's 0.01 and
// coefficients on its 0.0001; unrounded, both optima agree to about 1e-7 Elo and 1e-8
// in β (FitStyle keeps the standardised features as float32), so 1e-4 and 1e-6 leave
// room and still see any change of objective.
func parityStyle(t *testing.T, add func(parityRow)) {
	slog, bs := styledLog()
	for _, c := range []struct {
		ridge    string
		reweight bool
		ref      string
	}{
		{StyleRidgeFastChat, false, "FastChat fit_contextual_bt (reg=0.5 on all)"},
		{StyleRidgeArenaRank, false, "arena-rank ContextualBradleyTerry (reg=1, mean loss)"},
		{StyleRidgeArenaRank, true, "arena-rank ContextualBradleyTerry, reweighted"},
		{StyleRidgeNone, false, "maximum likelihood (no ridge)"},
	} {
		lb, err := BuildLeaderboardFromLog(slog, Options{CI: CINone, StyleControl: true, StyleRidge: c.ridge, Reweight: c.reweight})
		if err != nil {
			t.Fatal(err)
		}
		theta, beta := refStyleFit(t, slog, bs, c.ridge, c.reweight)
		fit := slog.FitStyle(StyleOptions{Ridge: c.ridge, Reweight: c.reweight, MinPair: DefaultReweightMinPair})
		names := slog.Models()
		want := make([]float64, len(theta))
		raw := 0.0
		for i := range theta {
			want[i] = 1000 + theta[i]*400/math.Ln10
			raw = max(raw, math.Abs(fit.Theta[i]-theta[i])*400/math.Ln10)
		}
		dr := maxDiff(t, lb, names, want, rating)
		dc, rawC := 0.0, 0.0
		for f := range beta {
			dc = max(dc, math.Abs(lb.Style[f].Coef-beta[f]))
			rawC = max(rawC, math.Abs(fit.Coefficients[f]-beta[f]))
		}
		if dr > boardTol || dc > 0.00006 || raw > 1e-4 || rawC > 1e-6 {
			t.Errorf("style ridge %s (reweight %v) vs %s: ratings %.4f Elo (unrounded %.2g), coefficients %.6f (unrounded %.2g)", c.ridge, c.reweight, c.ref, dr, raw, dc, rawC)
		}
		method := "style " + c.ridge
		if c.reweight {
			method += " reweighted"
		}
		add(parityRow{method, c.ref, dr, math.NaN(), math.NaN(), raw, fmt.Sprintf("max|Δβ| %.6f (unrounded %.1e)", dc, rawC)})
	}
}
