package ranking

import (
	"fmt"
	"math"
	"sort"
)

// Methods.
const (
	MethodBT    = "bt"       // Bradley-Terry by maximum likelihood
	MethodElo   = "elo"      // online Elo in time order
	MethodStyle = "bt-style" // Bradley-Terry with style control (reported method name)
	// MethodContextual is the reported method name of Bradley-Terry with the user's
	// features only (Options.Features without StyleControl).
	MethodContextual = "bt-contextual"
)

// Confidence interval kinds.
const (
	CIBootstrap = "bootstrap" // percentile bootstrap, α/2 to 1−α/2 (2.5% to 97.5% by default)
	CISandwich  = "sandwich"  // rating ± z(α) robust standard errors: arena-rank's CLT ("sandwich") intervals
	CINone      = "none"
)

// Options say how to build a leaderboard.
type Options struct {
	Method string // MethodBT (default) or MethodElo
	CI     string // CIBootstrap (default), CISandwich or CINone
	Rounds int    // bootstrap rounds; must be > 0 for CIBootstrap
	Seed   uint64 // bootstrap seed

	// Anchor, if set, shifts every rating so this model is rated AnchorRating.
	Anchor       string
	AnchorRating float64

	MinBattles   int64 // leave out models with fewer battles (and their battles) before fitting
	ExcludeTies  bool  // drop ties and both-bad votes
	StyleControl bool  // Bradley-Terry with style control (needs a BattleLog with style)
	Elo          EloParams

	// Alpha is the significance level of the intervals and so of the rank (UB):
	// DefaultAlpha (95% intervals) when 0.
	Alpha float64
	// BothBad is BothBadTie (the default) or BothBadExclude.
	BothBad string
	// Reweight weighs each battle by 1/max(battles of its pair, ReweightMinPair),
	// normalised to average 1 (see pairWeights); Bradley-Terry only.
	Reweight        bool
	ReweightMinPair int64 // DefaultReweightMinPair when 0
	// StyleRidge is the style fit's prior: StyleRidgeFastChat (the default),
	// StyleRidgeArenaRank or StyleRidgeNone.
	StyleRidge string
	// Deprecated models are fitted with the rest, so their battles still inform the
	// others' ratings, but left off the board; ranks count the models shown.
	Deprecated []string
	// Dedup, if above 0, is the percentile of DedupPrompts: battles of the most
	// frequent prompts are sampled down before anything else (battle rows only).
	Dedup float64
	// Features adds the user's battle covariates to the fit, with style control's or
	// alone (a contextual Bradley-Terry fit); battles without them are left out.
	Features *FeatureTable

	Workers  int                                 // goroutines for bootstrap; 0 means GOMAXPROCS
	Progress func(stage string, done, total int) // optional, called as bootstrap rounds finish
}

// Entry is one model's line on a leaderboard. Ties counts ties and both-bad votes.
type Entry struct {
	Model        string   `json:"model"`
	Rating       float64  `json:"rating"`
	CILower      *float64 `json:"ci_lower"`
	CIUpper      *float64 `json:"ci_upper"`
	Rank         int      `json:"rank"`
	Battles      int64    `json:"battles"`
	Wins         int64    `json:"wins"`
	Losses       int64    `json:"losses"`
	Ties         int64    `json:"ties"`
	Identifiable bool     `json:"-"`
	Note         string   `json:"note,omitempty"` // why the rating is not identifiable
}

// StyleCoefficient is one style feature's effect on the log-odds of winning, per
// standard deviation of the feature.
type StyleCoefficient struct {
	Feature string   `json:"feature"`
	Coef    float64  `json:"coef"`
	CILower *float64 `json:"ci_lower,omitempty"`
	CIUpper *float64 `json:"ci_upper,omitempty"`
}

// Leaderboard is a ranked list of models, highest rating first. Its JSON form is what
// `arena rank --format json` prints and /api/leaderboard serves:
//
//	{"method": "bt", "battles": 3000, "models": [{"model": ..., "rating": ...,
//	 "ci_lower": ..., "ci_upper": ..., "rank": 1, "battles": ..., "wins": ...,
//	 "losses": ..., "ties": ...}]}
type Leaderboard struct {
	Method  string             `json:"method"`
	Battles int64              `json:"battles"`
	Models  []Entry            `json:"models"`
	Style   []StyleCoefficient `json:"style_coefficients,omitempty"`
	// Notes say what a reader of the board should know about how it was fitted, such
	// as battles a style fit had to leave out.
	Notes []string `json:"notes,omitempty"`

	CI       string  `json:"-"` // the interval kind used
	Alpha    float64 `json:"-"` // the significance level of the intervals
	Rounds   int     `json:"-"` // bootstrap rounds used
	GradNorm float64 `json:"-"` // gradient norm at the fit (Bradley-Terry)
}

func (o *Options) normalize() error {
	if o.Method == "" {
		o.Method = MethodBT
	}
	if o.Method != MethodBT && o.Method != MethodElo {
		return fmt.Errorf("unknown method %q (want bt or elo)", o.Method)
	}
	if o.CI == "" {
		o.CI = CIBootstrap
		if o.Rounds <= 0 {
			o.CI = CINone
		}
	}
	switch o.CI {
	case CIBootstrap:
		if o.Rounds <= 0 {
			return fmt.Errorf("bootstrap intervals need at least one round")
		}
	case CISandwich:
		if o.Method == MethodElo {
			return fmt.Errorf("sandwich intervals need the Bradley-Terry method")
		}
	case CINone:
	default:
		return fmt.Errorf("unknown interval kind %q (want bootstrap, sandwich or none)", o.CI)
	}
	if o.StyleControl && o.Method != MethodBT {
		return fmt.Errorf("style control needs the Bradley-Terry method")
	}
	return o.normalizeExtras()
}

func (o *Options) progress(stage string) func(done, total int) {
	if o.Progress == nil {
		return nil
	}
	return func(done, total int) { o.Progress(stage, done, total) }
}

// BuildLeaderboard fits the Bradley-Terry model to an aggregate and builds the
// leaderboard with the intervals asked for. Its cost depends on the number of models,
// not of battles. Elo and style control need battle rows: use BuildLeaderboardFromLog.
func BuildLeaderboard(agg *Aggregate, opt Options) (*Leaderboard, error) {
	if err := opt.normalize(); err != nil {
		return nil, err
	}
	if opt.Dedup > 0 {
		return nil, fmt.Errorf("prompt deduplication needs battle rows, not counts")
	}
	if opt.Features != nil {
		return nil, fmt.Errorf("features need battle rows, not counts")
	}
	if opt.Method != MethodBT || opt.StyleControl {
		return nil, fmt.Errorf("%s needs battle rows, not counts", map[bool]string{true: "style control", false: "Elo"}[opt.StyleControl])
	}
	if opt.ExcludeTies {
		agg = agg.WithoutTies()
	} else if opt.BothBad == BothBadExclude {
		agg = agg.withoutBothBad()
	}
	if opt.MinBattles > 0 {
		rec := agg.Records()
		keep := map[string]bool{}
		for i, name := range agg.names {
			keep[name] = rec[i].Battles >= opt.MinBattles
		}
		agg = agg.Filter(func(m string) bool { return keep[m] })
	}
	names := agg.Models()
	anchor := -1
	if opt.Anchor != "" {
		i, ok := agg.index[opt.Anchor]
		if !ok {
			return nil, fmt.Errorf("anchor model %q has no battles", opt.Anchor)
		}
		anchor = i
	}
	pairs := agg.pairs()
	pw := pairWeights(pairs, opt.minPair())
	fit := fitBT(len(names), weighPairs(pairs, pw), nil, GradTol, &btWork{})
	lb := &Leaderboard{Method: MethodBT, Battles: agg.Battles(), CI: opt.CI, Alpha: opt.Alpha, GradNorm: fit.GradNorm}
	ratings := toElo(fit.Theta, anchor, opt.AnchorRating)
	var lo, hi []float64
	switch opt.CI {
	case CIBootstrap:
		rounds := bootstrapBT(len(names), pairs, pw, agg.Battles(), opt.Rounds, opt.Seed, opt.Workers, opt.progress("bootstrap"))
		lo, hi = percentiles(rounds, anchor, opt.AnchorRating, len(names), opt.lowerQ(), opt.upperQ())
		lb.Rounds = opt.Rounds
	case CISandwich:
		idx, cov := sandwichCovariance(pairs, pw, fit)
		lo, hi = sandwichBounds(ratings, idx, cov, anchor, zScore(opt.Alpha))
	}
	rec := agg.Records()
	lb.Models = entries(names, ratings, lo, hi, rec, fit.Identifiable, fit.Note, opt.hidden())
	return lb, nil
}

// toElo converts natural-scale ratings to the Elo scale: mean 1000 (per component),
// or shifted so the anchor has its rating.
func toElo(theta []float64, anchor int, anchorRating float64) []float64 {
	r := make([]float64, len(theta))
	for i, t := range theta {
		r[i] = 1000 + EloPerNat*t
	}
	if anchor >= 0 {
		shift := anchorRating - r[anchor]
		for i := range r {
			r[i] += shift
		}
	}
	return r
}

// percentiles turns bootstrap rounds (natural scale, n values first in each round)
// into the qlo and qhi percentiles on the Elo scale.
func percentiles(rounds [][]float64, anchor int, anchorRating float64, n int, qlo, qhi float64) (lo, hi []float64) {
	lo, hi = make([]float64, n), make([]float64, n)
	col := make([]float64, len(rounds))
	elo := make([][]float64, len(rounds))
	for r, th := range rounds {
		elo[r] = toElo(th[:n], anchor, anchorRating)
	}
	for i := 0; i < n; i++ {
		for r := range rounds {
			col[r] = elo[r][i]
		}
		lo[i] = Percentile(col, qlo)
		hi[i] = Percentile(col, qhi)
	}
	return lo, hi
}

func sandwichBounds(ratings []float64, idx []int, cov []float64, anchor int, z float64) (lo, hi []float64) {
	n := len(ratings)
	lo, hi = make([]float64, n), make([]float64, n)
	for i := range lo {
		lo[i], hi[i] = math.NaN(), math.NaN()
	}
	if cov == nil {
		return lo, hi
	}
	m := len(idx)
	pos := -1
	for k, g := range idx {
		if g == anchor {
			pos = k
		}
	}
	for k, g := range idx {
		v := cov[k*m+k]
		if pos >= 0 {
			v = cov[k*m+k] + cov[pos*m+pos] - 2*cov[k*m+pos]
		}
		se := math.Sqrt(max(v, 0)) * EloPerNat
		lo[g], hi[g] = ratings[g]-z*se, ratings[g]+z*se
	}
	return lo, hi
}

func round2(x float64) float64 { return math.Round(x*100) / 100 }

// entries assembles, sorts and ranks the leaderboard lines. lo/hi may be nil (no
// intervals); models not identifiable get no interval. Models hidden accepts (may be
// nil) are left out, and the ranks count only the others.
func entries(names []string, ratings, lo, hi []float64, rec []ModelRecord, ident []bool, note []string, hidden func(string) bool) []Entry {
	out := make([]Entry, 0, len(names))
	low, up := make([]float64, 0, len(names)), make([]float64, 0, len(names))
	for i, name := range names {
		if hidden != nil && hidden(name) {
			continue
		}
		e := Entry{
			Model: name, Rating: ratings[i],
			Battles: rec[i].Battles, Wins: rec[i].Wins, Losses: rec[i].Losses, Ties: rec[i].Ties + rec[i].BothBad,
			Identifiable: ident == nil || ident[i],
		}
		if note != nil {
			e.Note = note[i]
		}
		l, u := ratings[i], ratings[i]
		if lo != nil && e.Identifiable && !math.IsNaN(lo[i]) && !math.IsNaN(hi[i]) {
			l, u = lo[i], hi[i]
			lr, hr := round2(lo[i]), round2(hi[i])
			e.CILower, e.CIUpper = &lr, &hr
		}
		low, up = append(low, l), append(up, u)
		out = append(out, e)
	}
	for i := range out {
		rank := 1
		for j := range out {
			if low[j] > up[i] {
				rank++
			}
		}
		out[i].Rank = rank
		out[i].Rating = round2(out[i].Rating)
	}
	sort.SliceStable(out, func(x, y int) bool {
		if out[x].Rating != out[y].Rating {
			return out[x].Rating > out[y].Rating
		}
		return out[x].Model < out[y].Model
	})
	return out
}

// BuildLeaderboardFromLog builds a leaderboard from battle rows: Elo (online, in time
// order), Bradley-Terry with style control, or plain Bradley-Terry (which aggregates the
// rows first).
func BuildLeaderboardFromLog(log *BattleLog, opt Options) (*Leaderboard, error) {
	if err := opt.normalize(); err != nil {
		return nil, err
	}
	// Battles without answers have no style: style control leaves them out before the
	// other filters, so they neither count towards --min-battles nor bring models
	// rated on nothing, and the board says how many it left out.
	omitted := 0
	if opt.StyleControl {
		if n := log.styledCount(); n > 0 && n < log.Len() {
			omitted = log.Len() - n
			log = log.Filter(func(i int) bool { return log.styled[i] })
		}
	}
	if opt.Dedup > 0 && log.pkeys != nil {
		keep := DedupPrompts(log.pkeys, opt.Dedup, opt.Seed)
		log = log.Filter(func(i int) bool { return keep[i] })
	}
	if opt.ExcludeTies {
		log = log.Filter(func(i int) bool { return !log.outcome[i].IsTie() })
	} else if opt.BothBad == BothBadExclude {
		log = log.Filter(func(i int) bool { return log.outcome[i] != BothBad })
	}
	if opt.MinBattles > 0 {
		count := make([]int64, len(log.names))
		for k := range log.a {
			count[log.a[k]]++
			count[log.b[k]]++
		}
		log = log.Filter(func(i int) bool {
			return count[log.a[i]] >= opt.MinBattles && count[log.b[i]] >= opt.MinBattles
		})
	}
	if opt.Method == MethodBT && !opt.StyleControl && opt.Features == nil {
		o := opt
		o.ExcludeTies, o.MinBattles, o.BothBad, o.Dedup = false, 0, BothBadTie, 0
		return BuildLeaderboard(log.Aggregate(), o)
	}
	names := log.Models()
	anchor := -1
	if opt.Anchor != "" {
		i, ok := log.index[opt.Anchor]
		if !ok {
			return nil, fmt.Errorf("anchor model %q has no battles", opt.Anchor)
		}
		anchor = int(i)
	}
	if opt.Method == MethodElo {
		return eloLeaderboard(log, names, anchor, opt)
	}
	return styleLeaderboard(log, names, anchor, opt, omitted)
}

func eloLeaderboard(log *BattleLog, names []string, anchor int, opt Options) (*Leaderboard, error) {
	p := opt.Elo.withDefaults()
	r := log.Elo(p)
	shift := func(v []float64) {
		if anchor >= 0 {
			s := opt.AnchorRating - v[anchor]
			for i := range v {
				v[i] += s
			}
		}
	}
	shift(r)
	lb := &Leaderboard{Method: MethodElo, Battles: int64(log.Len()), CI: opt.CI, Alpha: opt.Alpha}
	var lo, hi []float64
	if opt.CI == CIBootstrap {
		rounds := log.BootstrapElo(p, opt.Rounds, opt.Seed, opt.Workers, opt.progress("bootstrap"))
		n := len(names)
		lo, hi = make([]float64, n), make([]float64, n)
		col := make([]float64, len(rounds))
		for _, v := range rounds {
			shift(v)
		}
		for i := 0; i < n; i++ {
			for k := range rounds {
				col[k] = rounds[k][i]
			}
			lo[i], hi[i] = Percentile(col, opt.lowerQ()), Percentile(col, opt.upperQ())
		}
		lb.Rounds = opt.Rounds
	}
	lb.Models = entries(names, r, lo, hi, log.Aggregate().Records(), nil, nil, opt.hidden())
	return lb, nil
}

// StyleOmittedNote is the note of a style-controlled board that left out n battles
// without answers, whose style is unknown: LMArena's clean_battle logs, and the battles
// imported from them, carry none.
func StyleOmittedNote(n int) string {
	if n == 1 {
		return "1 battle carries no answers to take style from (imported battle logs have none) and is left out of the style fit"
	}
	return fmt.Sprintf("%d battles carry no answers to take style from (imported battle logs have none) and are left out of the style fit", n)
}

func styleLeaderboard(log *BattleLog, names []string, anchor int, opt Options, omitted int) (*Leaderboard, error) {
	sopt := StyleOptions{Sandwich: opt.CI == CISandwich, Ridge: opt.StyleRidge, Reweight: opt.Reweight,
		MinPair: float64(opt.ReweightMinPair), Features: opt.Features, NoStyle: !opt.StyleControl}
	fit := log.FitStyle(sopt)
	if fit.Rows == 0 {
		if opt.StyleControl {
			return nil, fmt.Errorf("style control needs battles with style features (token, header, list and bold counts); none have them")
		}
		return nil, fmt.Errorf("no battle has an id the features file lists")
	}
	n, nf := len(names), len(fit.Coefficients)
	method := MethodStyle
	if !opt.StyleControl {
		method = MethodContextual
	}
	lb := &Leaderboard{Method: method, Battles: int64(fit.Rows), CI: opt.CI, Alpha: opt.Alpha, GradNorm: fit.GradNorm}
	if omitted > 0 {
		lb.Notes = append(lb.Notes, StyleOmittedNote(omitted))
	}
	ratings := toElo(fit.Theta, anchor, opt.AnchorRating)
	var lo, hi []float64
	coefLo, coefHi := make([]float64, nf), make([]float64, nf)
	for f := range coefLo {
		coefLo[f], coefHi[f] = math.NaN(), math.NaN()
	}
	switch opt.CI {
	case CIBootstrap:
		rounds := log.BootstrapStyle(fit, opt.Rounds, opt.Seed, opt.Workers, opt.progress("bootstrap"))
		lo, hi = percentiles(rounds, anchor, opt.AnchorRating, n, opt.lowerQ(), opt.upperQ())
		col := make([]float64, len(rounds))
		for f := 0; f < nf; f++ {
			for r := range rounds {
				col[r] = rounds[r][n+f]
			}
			coefLo[f], coefHi[f] = Percentile(col, opt.lowerQ()), Percentile(col, opt.upperQ())
		}
		lb.Rounds = opt.Rounds
	case CISandwich:
		d := n + nf
		var idx []int
		for i := 0; i < n; i++ {
			if fit.Identifiable[i] {
				idx = append(idx, i)
			}
		}
		m := len(idx)
		cov := make([]float64, m*m)
		if fit.Cov != nil {
			for a, i := range idx {
				for b, j := range idx {
					cov[a*m+b] = fit.Cov[i*d+j]
				}
			}
			for f := 0; f < nf; f++ {
				se := math.Sqrt(max(fit.Cov[(n+f)*d+n+f], 0))
				coefLo[f], coefHi[f] = fit.Coefficients[f]-zScore(opt.Alpha)*se, fit.Coefficients[f]+zScore(opt.Alpha)*se
			}
		} else {
			cov = nil
		}
		lo, hi = sandwichBounds(ratings, idx, cov, anchor, zScore(opt.Alpha))
	}
	for f, name := range fit.Features {
		c := StyleCoefficient{Feature: name, Coef: math.Round(fit.Coefficients[f]*1e4) / 1e4}
		if !math.IsNaN(coefLo[f]) {
			l, h := math.Round(coefLo[f]*1e4)/1e4, math.Round(coefHi[f]*1e4)/1e4
			c.CILower, c.CIUpper = &l, &h
		}
		lb.Style = append(lb.Style, c)
	}
	agg := NewAggregate()
	for _, nm := range names {
		agg.ModelIndex(nm)
	}
	for k := range log.a {
		if log.hasFeatures(k, sopt) {
			agg.AddIndex(int(log.a[k]), int(log.b[k]), log.outcome[k], 1)
		}
	}
	lb.Models = entries(names, ratings, lo, hi, agg.Records(), fit.Identifiable, fit.Note, opt.hidden())
	return lb, nil
}
