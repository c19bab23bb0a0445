package ranking

import (
	"encoding/json"
	"io"
	"math"
	"math/rand/v2"
	"testing"
)

func synthAggregate(t testing.TB, opt SynthOptions) (*Aggregate, *BattleLog, map[string]float64) {
	t.Helper()
	agg := NewAggregate()
	log := NewBattleLog()
	models, ratings, err := Synthesize(opt, func(b Battle) error {
		agg.AddBattle(b)
		if log != nil && opt.Battles <= 200000 {
			log.Add(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	truth := map[string]float64{}
	for i, m := range models {
		truth[m] = ratings[i]
	}
	return agg, log, truth
}

func TestRecoversKnownRatingsWithinIntervals(t *testing.T) {
	agg, _, truth := synthAggregate(t, SynthOptions{Models: 30, Battles: 60000, Seed: 7})
	for _, ci := range []string{CIBootstrap, CISandwich} {
		t.Run(ci, func(t *testing.T) {
			lb, err := BuildLeaderboard(agg, Options{CI: ci, Rounds: 200, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			if lb.GradNorm > GradTol {
				t.Errorf("gradient norm %g", lb.GradNorm)
			}
			inside := 0
			for _, e := range lb.Models {
				if e.CILower == nil || e.CIUpper == nil {
					t.Fatalf("%s: no interval", e.Model)
				}
				tr := truth[e.Model]
				if *e.CILower <= tr && tr <= *e.CIUpper {
					inside++
				}
				if math.Abs(e.Rating-tr) > 40 {
					t.Errorf("%s: rating %.1f, true %.1f", e.Model, e.Rating, tr)
				}
				if w := *e.CIUpper - *e.CILower; w < 5 || w > 80 {
					t.Errorf("%s: implausible interval width %.1f", e.Model, w)
				}
			}
			// 95% intervals: expect about 28.5 of 30 to cover; 25 is far in the tail.
			if inside < 25 {
				t.Errorf("only %d of %d true ratings inside their %s intervals", inside, len(lb.Models), ci)
			}
		})
	}
}

// perBattleFit is the textbook fit: gradient ascent... replaced by Newton on one row per
// battle, independent of the aggregate code path.
func perBattleFit(log *BattleLog) []float64 {
	n := len(log.names)
	theta := make([]float64, n)
	for it := 0; it < 50; it++ {
		g := make([]float64, n)
		h := make([]float64, n*n)
		for k := range log.a {
			a, b := int(log.a[k]), int(log.b[k])
			p := 1 / (1 + math.Exp(theta[b]-theta[a]))
			r := log.outcome[k].ScoreA() - p
			g[a] += r
			g[b] -= r
			w := p * (1 - p)
			h[a*n+a] += w
			h[b*n+b] += w
			h[a*n+b] -= w
			h[b*n+a] -= w
		}
		for i := range h {
			h[i] += 1.0 / float64(n) // pins the mean, see btEval
		}
		s := 0.0
		for _, v := range theta {
			s += v
		}
		for i := range g {
			g[i] -= s / float64(n)
		}
		inv := invertSPD(h, n)
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				theta[i] += inv[i*n+j] * g[j]
			}
		}
	}
	center(theta)
	return theta
}

func TestAggregateFitEqualsPerBattleFit(t *testing.T) {
	_, log, _ := synthAggregate(t, SynthOptions{Models: 12, Battles: 5000, Seed: 11})
	agg := log.Aggregate()
	fit := FitBT(agg)
	want := perBattleFit(log)
	for i := range want {
		if math.Abs(fit.Theta[i]-want[i]) > 1e-9 {
			t.Errorf("model %d: aggregate fit %.12f, per-battle fit %.12f", i, fit.Theta[i], want[i])
		}
	}
}

func TestAggregateRoundTripAndMerge(t *testing.T) {
	var all []Battle
	Synthesize(SynthOptions{Models: 8, Battles: 3000, Seed: 5}, func(b Battle) error { all = append(all, b); return nil })
	full, err := AggregateBattles(SliceSource(all))
	if err != nil {
		t.Fatal(err)
	}
	h1, _ := AggregateBattles(SliceSource(all[:1234]))
	h2, _ := AggregateBattles(SliceSource(all[1234:]))
	h2.Merge(h1) // different model order on purpose
	data, err := json.Marshal(full)
	if err != nil {
		t.Fatal(err)
	}
	var back Aggregate
	if err := json.Unmarshal(data, &back); err != nil {
		t.Fatal(err)
	}
	fromCounts, err := AggregateFromCounts(full.Counts())
	if err != nil {
		t.Fatal(err)
	}
	ref, _ := BuildLeaderboard(full, Options{CI: CINone})
	for name, a := range map[string]*Aggregate{"merged": h2, "json": &back, "counts": fromCounts} {
		if a.Battles() != full.Battles() {
			t.Errorf("%s: %d battles, want %d", name, a.Battles(), full.Battles())
		}
		lb, err := BuildLeaderboard(a, Options{CI: CINone})
		if err != nil {
			t.Fatal(err)
		}
		for i := range lb.Models {
			if lb.Models[i] != ref.Models[i] {
				t.Errorf("%s: %+v, want %+v", name, lb.Models[i], ref.Models[i])
			}
		}
	}
	if _, err := AggregateFromCounts([]PairCount{{A: "x", B: "x", WinsA: 1}}); err == nil {
		t.Error("self pair accepted")
	}
	if _, err := AggregateFromCounts([]PairCount{{A: "x", B: "y", WinsA: -1}}); err == nil {
		t.Error("negative count accepted")
	}
}

func TestBootstrapReproducibleAcrossWorkers(t *testing.T) {
	agg, _, _ := synthAggregate(t, SynthOptions{Models: 15, Battles: 20000, Seed: 2})
	a := BootstrapBT(agg, 40, 99, 1, nil)
	b := BootstrapBT(agg, 40, 99, 4, nil)
	c := BootstrapBT(agg, 40, 100, 4, nil)
	same := true
	for r := range a {
		for i := range a[r] {
			if a[r][i] != b[r][i] {
				t.Fatalf("round %d model %d: %v with 1 worker, %v with 4", r, i, a[r][i], b[r][i])
			}
			if a[r][i] != c[r][i] {
				same = false
			}
		}
	}
	if same {
		t.Error("different seeds gave identical rounds")
	}
	l1, _ := BuildLeaderboard(agg, Options{Rounds: 30, Seed: 5, Workers: 1})
	l2, _ := BuildLeaderboard(agg, Options{Rounds: 30, Seed: 5, Workers: 3})
	j1, _ := json.Marshal(l1)
	j2, _ := json.Marshal(l2)
	if string(j1) != string(j2) {
		t.Error("leaderboard differs with the number of workers")
	}
}

func TestNonIdentifiableModelsFlagged(t *testing.T) {
	counts := []PairCount{
		// main group, strongly connected
		{A: "a", B: "b", WinsA: 30, WinsB: 20, Ties: 5},
		{A: "b", B: "c", WinsA: 25, WinsB: 25, BothBad: 3},
		{A: "a", B: "c", WinsA: 28, WinsB: 18},
		// undefeated and winless models attached to it
		{A: "champ", B: "a", WinsA: 12},
		{A: "champ", B: "b", WinsA: 9},
		{A: "loser", B: "c", WinsB: 7},
		// a separate island
		{A: "x", B: "y", WinsA: 3, WinsB: 2},
	}
	agg, err := AggregateFromCounts(counts)
	if err != nil {
		t.Fatal(err)
	}
	agg.ModelIndex("idle") // a model with no battles at all
	for _, ci := range []string{CIBootstrap, CISandwich, CINone} {
		lb, err := BuildLeaderboard(agg, Options{CI: ci, Rounds: 50, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := json.Marshal(lb); err != nil {
			t.Fatalf("%s: %v", ci, err)
		}
		want := map[string]string{
			"a": "", "b": "", "c": "",
			"champ": NoteUndefeated, "loser": NoteWinless,
			"x": NoteDisconnected, "y": NoteDisconnected, "idle": NoteNoBattles,
		}
		byName := map[string]Entry{}
		for _, e := range lb.Models {
			byName[e.Model] = e
			if math.IsNaN(e.Rating) || math.IsInf(e.Rating, 0) || math.Abs(e.Rating-1000) > 3000 {
				t.Errorf("%s %s: rating %v", ci, e.Model, e.Rating)
			}
			if e.Note != want[e.Model] {
				t.Errorf("%s %s: note %q, want %q", ci, e.Model, e.Note, want[e.Model])
			}
			if e.Identifiable != (want[e.Model] == "") {
				t.Errorf("%s %s: identifiable %v", ci, e.Model, e.Identifiable)
			}
			if !e.Identifiable && e.CILower != nil {
				t.Errorf("%s %s: interval on a non-identifiable rating", ci, e.Model)
			}
			if e.Identifiable && ci != CINone && e.CILower == nil {
				t.Errorf("%s %s: no interval", ci, e.Model)
			}
		}
		if !(byName["champ"].Rating > byName["a"].Rating && byName["loser"].Rating < byName["c"].Rating) {
			t.Errorf("%s: undefeated/winless models on the wrong side: %+v", ci, byName)
		}
	}
	// The identifiable part must be the exact MLE of its own battles.
	core, _ := AggregateFromCounts(counts[:3])
	fit, full := FitBT(core), FitBT(agg)
	m := agg.Models()
	for i, name := range core.Models() {
		d1 := fit.Theta[i] - fit.Theta[0]
		d2 := full.Theta[indexOf(m, name)] - full.Theta[indexOf(m, core.Models()[0])]
		if math.Abs(d1-d2) > 1e-9 {
			t.Errorf("%s: core difference %g, in full fit %g", name, d1, d2)
		}
	}
}

func TestAnchorAndRanks(t *testing.T) {
	agg := wikipediaAggregate(t)
	lb, err := BuildLeaderboard(agg, Options{CI: CISandwich, Anchor: "B", AnchorRating: 1200})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lb.Models {
		if e.Model == "B" && (e.Rating != 1200 || *e.CILower != 1200 || *e.CIUpper != 1200) {
			t.Errorf("anchor: %+v", e)
		}
	}
	if lb.Models[0].Model != "D" || lb.Models[0].Rank != 1 {
		t.Errorf("top: %+v", lb.Models[0])
	}
	if _, err := BuildLeaderboard(agg, Options{Anchor: "nope", CI: CINone}); err == nil {
		t.Error("unknown anchor accepted")
	}
	// Ranks: 1 + number of models whose lower bound is above my upper bound.
	lb, _ = BuildLeaderboard(agg, Options{CI: CINone})
	for i, e := range lb.Models {
		if e.Rank != i+1 {
			t.Errorf("without intervals rank %d at position %d", e.Rank, i)
		}
	}
}

func TestEloOnline(t *testing.T) {
	e := NewElo(EloParams{})
	e.Update(Battle{ModelA: "a", ModelB: "b", Outcome: WinA})
	if math.Abs(e.Rating("a")-1002) > 1e-12 || math.Abs(e.Rating("b")-998) > 1e-12 {
		t.Fatalf("after one win: %v", e.Ratings())
	}
	e.Update(Battle{ModelA: "b", ModelB: "a", Outcome: Tie})
	// b expected 1/(1+10^(4/400)) against a; a tie scores 0.5.
	eb := 1 / (1 + math.Pow(10, 4.0/400))
	if want := 998 + 4*(0.5-eb); math.Abs(e.Rating("b")-want) > 1e-12 {
		t.Fatalf("b = %v, want %v", e.Rating("b"), want)
	}
	// The log's Elo sorts by time and matches the online rater.
	log := NewBattleLog()
	log.Add(Battle{ModelA: "b", ModelB: "a", Outcome: Tie, Time: 2})
	log.Add(Battle{ModelA: "a", ModelB: "b", Outcome: WinA, Time: 1})
	r := log.Elo(DefaultElo())
	if math.Abs(r[1]-e.Rating("a")) > 1e-9 || math.Abs(r[0]-e.Rating("b")) > 1e-9 {
		t.Errorf("log Elo %v, online %v", r, e.Ratings())
	}
	_, big, truth := synthAggregate(t, SynthOptions{Models: 10, Battles: 50000, Seed: 4})
	lb, err := BuildLeaderboardFromLog(big, Options{Method: MethodElo, Rounds: 20, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range lb.Models {
		if math.Abs(e.Rating-truth[e.Model]) > 60 || e.CILower == nil {
			t.Errorf("Elo %s: %.1f, true %.1f", e.Model, e.Rating, truth[e.Model])
		}
	}
}

func TestBinomialSampler(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		n int64
		p float64
	}{{20, 0.1}, {1000, 0.3}, {1000000, 0.02}, {50, 0.9}, {7, 0.5}} {
		const draws = 200000
		var s, s2 float64
		for range draws {
			x := float64(binomial(rng, c.n, c.p))
			if x < 0 || x > float64(c.n) {
				t.Fatalf("Binomial(%d, %g) gave %v", c.n, c.p, x)
			}
			s += x
			s2 += x * x
		}
		mean := s / draws
		vr := s2/draws - mean*mean
		wm, wv := float64(c.n)*c.p, float64(c.n)*c.p*(1-c.p)
		if math.Abs(mean-wm) > 5*math.Sqrt(wv/draws) {
			t.Errorf("Binomial(%d, %g): mean %g, want %g", c.n, c.p, mean, wm)
		}
		if math.Abs(vr/wv-1) > 0.03 {
			t.Errorf("Binomial(%d, %g): variance %g, want %g", c.n, c.p, vr, wv)
		}
	}
	out := make([]int64, 4)
	multinomial(rng, 1000, []int64{1, 0, 3, 0}, out)
	if out[0]+out[2] != 1000 || out[1] != 0 || out[3] != 0 {
		t.Errorf("multinomial: %v", out)
	}
}

func TestStyleOf(t *testing.T) {
	cases := []struct {
		name string
		text string
		want Style
	}{
		{"plain", "Hello world.", Style{Tokens: 3}},
		{"headers", "# Title\n## Sub\n#not a header\n####### seven", Style{Headers: 2}},
		{"lists", "- one\n* two\n  + three\n1. four\n10. five\n-not\n2.not", Style{Lists: 5}},
		{"bold", "**a** and __b__ and **c** but not ****", Style{Bold: 3}},
		{"fenced code ignored", "# real\n```python\n# comment\n- x\n**y**\n```\n- after", Style{Headers: 1, Lists: 1}},
		{"tilde fence", "~~~\n# no\n~~~\n# yes", Style{Headers: 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := StyleOf(c.text)
			if c.want.Tokens == 0 {
				got.Tokens = 0
			}
			if got != c.want {
				t.Errorf("StyleOf(%q) = %+v, want %+v", c.text, got, c.want)
			}
		})
	}
	if n := StyleOf("internationalization").Tokens; n != 4 {
		t.Errorf("long word: %d tokens", n)
	}
}

func TestStyleControlRecoversPlantedCoefficient(t *testing.T) {
	const models, battles = 8, 40000
	rng := rand.New(rand.NewPCG(8, 9))
	truth := make([]float64, models)
	for i := range truth {
		truth[i] = rng.NormFloat64() * 0.5
	}
	names := SynthModelNames(models)
	// Model i tends to write longer answers; length then also helps it win.
	type row struct {
		a, b   int
		sa, sb Style
	}
	rows := make([]row, battles)
	var feats [][4]float64
	for k := range rows {
		a := rng.IntN(models)
		b := (a + 1 + rng.IntN(models-1)) % models
		mk := func(i int) Style {
			return Style{Tokens: 100 + 40*i + rng.IntN(300), Headers: rng.IntN(4), Lists: rng.IntN(6), Bold: rng.IntN(5)}
		}
		rows[k] = row{a, b, mk(a), mk(b)}
		feats = append(feats, styleVector(rows[k].sa, rows[k].sb))
	}
	var mean, sd [4]float64
	for _, f := range feats {
		for i := range f {
			mean[i] += f[i] / battles
		}
	}
	for _, f := range feats {
		for i := range f {
			sd[i] += (f[i] - mean[i]) * (f[i] - mean[i]) / battles
		}
	}
	beta := [4]float64{0.6, 0, -0.3, 0.2}
	log := NewBattleLog()
	for k, r := range rows {
		eta := truth[r.a] - truth[r.b]
		for i := range beta {
			eta += beta[i] * (feats[k][i] - mean[i]) / math.Sqrt(sd[i])
		}
		o := WinB
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			o = WinA
		}
		log.Add(Battle{ModelA: names[r.a], ModelB: names[r.b], Outcome: o, StyleA: r.sa, StyleB: r.sb, HasStyle: true})
	}
	lb, err := BuildLeaderboardFromLog(log, Options{StyleControl: true, CI: CISandwich})
	if err != nil {
		t.Fatal(err)
	}
	if lb.Method != MethodStyle || len(lb.Style) != 4 {
		t.Fatalf("method %q, %d coefficients", lb.Method, len(lb.Style))
	}
	for i, c := range lb.Style {
		if math.Abs(c.Coef-beta[i]) > 0.05 {
			t.Errorf("%s: coefficient %.3f, planted %.3f", c.Feature, c.Coef, beta[i])
		}
		if c.CILower == nil || *c.CILower > beta[i]+0.01 || *c.CIUpper < beta[i]-0.01 {
			t.Errorf("%s: interval %v..%v misses %.3f", c.Feature, c.CILower, c.CIUpper, beta[i])
		}
	}
	// Ratings with style held equal recover the planted strengths; the plain fit is
	// biased toward the long-winded models.
	tm := 0.0
	for _, v := range truth {
		tm += v / models
	}
	styleErr, plainErr := 0.0, 0.0
	plain, _ := BuildLeaderboardFromLog(log, Options{CI: CINone})
	pr, sr := plain.Ratings(), lb.Ratings()
	for i, n := range names {
		want := 1000 + EloPerNat*(truth[i]-tm)
		styleErr = max(styleErr, math.Abs(sr[n]-want))
		plainErr = max(plainErr, math.Abs(pr[n]-want))
	}
	if styleErr > 20 {
		t.Errorf("style-controlled ratings off by up to %.1f", styleErr)
	}
	if plainErr < 2*styleErr {
		t.Errorf("plain fit (off by %.1f) not worse than style control (%.1f): planted effect not visible", plainErr, styleErr)
	}
}

func TestRealSample(t *testing.T) {
	agg, err := AggregateBattles(SliceSource(realSample(t)))
	if err != nil {
		t.Fatal(err)
	}
	lb, err := BuildLeaderboard(agg, Options{CI: CINone})
	if err != nil {
		t.Fatal(err)
	}
	if lb.Battles != 3000 || len(lb.Models) != 12 || lb.GradNorm > GradTol {
		t.Fatalf("battles %d, models %d, gradient %g", lb.Battles, len(lb.Models), lb.GradNorm)
	}
	if top := lb.Models[0]; top.Model != "gemini-2.5-pro" || top.Rating != 1117.15 {
		t.Errorf("top: %+v", top)
	}
}

func bytesReader(b []byte) *bytesR { return &bytesR{b: b} }

type bytesR struct{ b []byte }

func (r *bytesR) Read(p []byte) (int, error) {
	if len(r.b) == 0 {
		return 0, io.EOF
	}
	n := copy(p, r.b)
	r.b = r.b[n:]
	return n, nil
}
