package ranking

import (
	"math"
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

// StyleFeatures names the style-control features in the order of
// [StyleFit.Coefficients].
var StyleFeatures = []string{"length", "headers", "lists", "bold"}

// StyleOf measures a Markdown answer: its approximate length in tokens, and, outside
// fenced code blocks, its ATX headers (lines starting with 1 to 6 '#' and a space), list
// items (lines starting with "-", "*" or "+" and a space, or a number, a dot and a
// space, after any indentation) and bold spans (**text** or __text__ on one line).
// These are the counts LMArena's style control uses; tokens are estimated without a
// BPE vocabulary: each run of letters or digits counts one token per started 6
// characters, and each other non-space character counts one. That tracks tiktoken's
// counts for English prose within about 15%, and style control only uses length
// differences relative to their sum, so the scale cancels.
func StyleOf(text string) Style { return CountStyle(text).Style() }

// StyleCounts is the breakdown behind a [Style], as LMArena's conv_metadata publishes
// it: headers by level, ordered and unordered list items, and bold spans by delimiter.
type StyleCounts struct {
	Tokens          int
	Headers         [6]int // by level: Headers[0] counts "# " lines
	Ordered         int    // "1. " items
	Unordered       int    // "- ", "* " and "+ " items
	BoldStars       int    // **text**
	BoldUnderscores int    // __text__
}

// Style sums the breakdown into the four style-control features.
func (c StyleCounts) Style() Style {
	h := 0
	for _, n := range c.Headers {
		h += n
	}
	return Style{Tokens: c.Tokens, Headers: h, Lists: c.Ordered + c.Unordered, Bold: c.BoldStars + c.BoldUnderscores}
}

// CountStyle measures text by [StyleOf]'s rules, keeping the breakdown. It reads text
// once: the token count, the line breaks and the bytes bold needs come from one loop.
func CountStyle(text string) StyleCounts {
	var c StyleCounts
	var m mdState
	n, run, start := 0, 0, 0
	var seen uint8 // tokStar and tokUnder bits seen on the current line
	for i := 0; i < len(text); {
		k := tokClass[text[i]]
		if k == tokWord {
			// The common case: a run of ASCII letters and digits.
			j := asciiWordEnd(text, i+1)
			run += j - i
			i = j
			if i < len(text) && text[i] == ' ' {
				// Most words end at a space: no need to go round the loop for it.
				n += (run + 5) / 6
				run = 0
				i++
			}
			continue
		}
		if k != tokHigh {
			i++
			n += (run + 5) / 6
			run = 0
			switch k {
			case tokNewline:
				m.line(&c, text[start:i-1], seen)
				start, seen = i, 0
			case tokOther:
				n++
			case tokStar, tokUnder:
				n++
				seen |= k
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r > 0x2e80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				n += (run+5)/6 + 1 // CJK: about one token per character
				run = 0
				continue
			}
			run++
		case unicode.IsSpace(r):
			n += (run + 5) / 6
			run = 0
		default:
			n += (run+5)/6 + 1
			run = 0
		}
	}
	if start < len(text) {
		m.line(&c, text[start:], seen)
	}
	c.Tokens = n + (run+5)/6
	return c
}

// asciiWordEnd returns the end of the run of ASCII letters and digits at text[i:]. It
// tests eight bytes at a time: a byte is in [lo, hi] when 128+hi-x and x+128-lo, computed
// on its low seven bits, both carry into its high bit and its own high bit is clear;
// OR-ing 0x20 folds upper-case letters onto lower-case ones and nothing else onto them.
// The first byte that is not one ends the run: no unpredictable branch per byte.
func asciiWordEnd(text string, i int) int {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	for ; i+8 <= len(text); i += 8 {
		b := text[i : i+8]
		x := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		low, fold := x&lows, x&lows|ones*0x20
		digit := (ones*(128+'9') - low) & (low + ones*(128-'0'))
		letter := (ones*(128+'z') - fold) & (fold + ones*(128-'a'))
		if not := ^((digit | letter) &^ x) & highs; not != 0 {
			return i + bits.TrailingZeros64(not)>>3
		}
	}
	for i < len(text) && tokClass[text[i]] == tokWord {
		i++
	}
	return i
}

// mdState is what the line rules carry from one line to the next: the open fence.
type mdState struct {
	inFence bool
	fence   string
}

// line counts one line, without its '\n'; seen tells whether it holds '*' or '_'.
func (m *mdState) line(c *StyleCounts, line string, seen uint8) {
	for len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	trim := line
	for len(trim) > 0 && (trim[0] == ' ' || trim[0] == '\t') {
		trim = trim[1:]
	}
	if len(trim) >= 3 && (trim[0] == '`' || trim[0] == '~') {
		if f := fenceOf(trim); f != "" {
			if !m.inFence {
				m.inFence, m.fence = true, f
				return
			}
			if strings.HasPrefix(trim, m.fence) && strings.TrimSpace(strings.TrimLeft(trim, m.fence[:1])) == "" {
				m.inFence = false
				return
			}
		}
	}
	if m.inFence || len(trim) == 0 {
		return
	}
	if n := headerLevel(line); n > 0 {
		c.Headers[n-1]++
	}
	switch listKind(trim) {
	case 'o':
		c.Ordered++
	case 'u':
		c.Unordered++
	}
	if seen&tokStar != 0 {
		c.BoldStars += boldSpans(line, "**")
	}
	if seen&tokUnder != 0 {
		c.BoldUnderscores += boldSpans(line, "__")
	}
}

func fenceOf(trim string) string {
	if strings.HasPrefix(trim, "```") || strings.HasPrefix(trim, "~~~") {
		n := 3
		for n < len(trim) && trim[n] == trim[0] {
			n++
		}
		return trim[:n]
	}
	return ""
}

// headerLevel returns the level of an ATX header line, or 0.
func headerLevel(line string) int {
	n := 0
	for n < len(line) && line[n] == '#' {
		n++
	}
	if n >= 1 && n <= 6 && n < len(line) && (line[n] == ' ' || line[n] == '\t') {
		return n
	}
	return 0
}

// listKind returns 'u' for an unordered list item, 'o' for an ordered one, else 0.
func listKind(trim string) byte {
	if len(trim) >= 2 && (trim[0] == '-' || trim[0] == '*' || trim[0] == '+') && (trim[1] == ' ' || trim[1] == '\t') {
		return 'u'
	}
	n := 0
	for n < len(trim) && trim[n] >= '0' && trim[n] <= '9' {
		n++
	}
	if n > 0 && n+1 < len(trim) && trim[n] == '.' && (trim[n+1] == ' ' || trim[n+1] == '\t') {
		return 'o'
	}
	return 0
}

// boldSpans counts delim…delim spans with at least one character between that is not
// the delimiter's character.
func boldSpans(line, delim string) int {
	count := 0
	for {
		i := strings.Index(line, delim)
		if i < 0 {
			return count
		}
		rest := line[i+2:]
		j := strings.Index(rest, delim)
		if j < 0 {
			return count
		}
		if j > 0 && strings.IndexByte(rest[:j], delim[0]) < 0 {
			count++
			line = rest[j+2:]
			continue
		}
		line = line[i+1:]
	}
}

// Classes of bytes for the token count, matching unicode.IsLetter, IsDigit and
// IsSpace on them; '*', '_' and '\n' are told apart for the line rules. tokStar and
// tokUnder are bits, so a line can remember having seen either.
const (
	tokOther   = 0
	tokStar    = 1
	tokUnder   = 2
	tokWord    = 4
	tokSpace   = 8
	tokNewline = 16
	tokHigh    = 32 // a byte of a multi-byte UTF-8 sequence: decode the rune
)

var tokClass = func() (t [256]uint8) {
	for c := range t {
		switch r := rune(c); {
		case r >= utf8.RuneSelf:
			t[c] = tokHigh
		case r == '*':
			t[c] = tokStar
		case r == '_':
			t[c] = tokUnder
		case r == '\n':
			t[c] = tokNewline
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			t[c] = tokWord
		case unicode.IsSpace(r):
			t[c] = tokSpace
		}
	}
	return t
}()

// ApproxTokens estimates the length of text in tokens by [StyleOf]'s rule.
func ApproxTokens(text string) int { return CountStyle(text).Tokens }

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

// StyleRidge is the L2 penalty on the standardised style coefficients of the style
// control fit (a Gaussian prior with standard deviation 1).
const StyleRidge = 1.0

// StyleFit is a contextual Bradley-Terry fit: P(a beats b) = σ(θa − θb + Σ βk·zk) where
// zk is style feature k, (a−b)/(a+b+1) of the two answers' counts, standardised over
// the data set. The ratings are then those of models with style held equal.
type StyleFit struct {
	Theta        []float64 // natural-scale ratings, indexed like the log's models
	Coefficients []float64 // βk per standardised feature, in StyleFeatures order
	Mean, StdDev [4]float64
	Identifiable []bool
	Note         []string
	GradNorm     float64
	Rows         int       // battles with style features used
	Cov          []float64 // sandwich covariance of (θ, β) when requested, (n+4)²
}

type styleRow struct {
	a, b int32
	y    float32
	z    [4]float32
}

// styleRows extracts the standardised rows of the battles that carry style.
func (l *BattleLog) styleRows() ([]styleRow, [4]float64, [4]float64) {
	var mean, sd [4]float64
	if l.style == nil {
		return nil, mean, sd
	}
	rows := make([]styleRow, 0, len(l.a))
	var sum, sq [4]float64
	for k := range l.a {
		if !l.styled[k] {
			continue
		}
		v := styleVector(l.style[k][0], l.style[k][1])
		r := styleRow{a: l.a[k], b: l.b[k], y: float32(l.outcome[k].ScoreA())}
		for f := range v {
			r.z[f] = float32(v[f])
			sum[f] += v[f]
			sq[f] += v[f] * v[f]
		}
		rows = append(rows, r)
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
	return rows, mean, sd
}

// styleObjective evaluates the penalised negative log-likelihood of the weighted rows
// (weights nil means 1) at x = (θ, β), with gradient g and Hessian h (dimension d =
// n+4) when not nil. ridgeTheta > 0 puts a Gaussian prior on θ; 0 pins Σθ = 0 instead.
func styleObjective(n int, rows []styleRow, weights []int32, x []float64, ridgeTheta float64, g, h []float64) float64 {
	d := n + 4
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
			wt = float64(weights[k])
		}
		a, b := int(r.a), int(r.b)
		z0, z1, z2, z3 := float64(r.z[0]), float64(r.z[1]), float64(r.z[2]), float64(r.z[3])
		eta := x[a] - x[b] + beta[0]*z0 + beta[1]*z1 + beta[2]*z2 + beta[3]*z3
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
			g[n] += res * z0
			g[n+1] += res * z1
			g[n+2] += res * z2
			g[n+3] += res * z3
		}
		if h != nil {
			w := wt * p * (1 - p)
			z := [4]float64{z0, z1, z2, z3}
			h[a*d+a] += w
			h[b*d+b] += w
			h[a*d+b] -= w
			h[b*d+a] -= w
			for i := 0; i < 4; i++ {
				wz := w * z[i]
				h[a*d+n+i] += wz
				h[(n+i)*d+a] += wz
				h[b*d+n+i] -= wz
				h[(n+i)*d+b] -= wz
				for j := 0; j < 4; j++ {
					h[(n+i)*d+n+j] += wz * z[j]
				}
			}
		}
	}
	for i := 0; i < 4; i++ {
		f += 0.5 * StyleRidge * beta[i] * beta[i]
		if g != nil {
			g[n+i] += StyleRidge * beta[i]
		}
		if h != nil {
			h[(n+i)*d+n+i] += StyleRidge
		}
	}
	if ridgeTheta > 0 {
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

func newtonStyle(n int, rows []styleRow, weights []int32, x []float64, ridgeTheta, tol float64) float64 {
	d := n + 4
	g, h, chol := make([]float64, d), make([]float64, d*d), make([]float64, d*d)
	step, trial := make([]float64, d), make([]float64, d)
	gn := math.Inf(1)
	for it := 0; it < 100; it++ {
		f := styleObjective(n, rows, weights, x, ridgeTheta, g, h)
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
			if styleObjective(n, rows, weights, trial, ridgeTheta, nil, nil) <= f+1e-4*t*slope+slack {
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
// prior as there. With sandwich set, the robust covariance of (θ, β) is computed too.
func (l *BattleLog) FitStyle(sandwich bool) *StyleFit {
	rows, mean, sd := l.styleRows()
	return fitStyleRows(len(l.names), rows, mean, sd, l.styleAggregateFit(), sandwich)
}

func (l *BattleLog) styleAggregateFit() *BTFit {
	agg := NewAggregate()
	for _, n := range l.names {
		agg.ModelIndex(n)
	}
	for k := range l.a {
		if l.style != nil && l.styled[k] {
			agg.AddIndex(int(l.a[k]), int(l.b[k]), l.outcome[k], 1)
		}
	}
	return FitBT(agg)
}

func styleRidgeFor(plain *BTFit) float64 {
	for _, ok := range plain.Identifiable {
		if !ok {
			return identRidge
		}
	}
	return 0
}

func fitStyleRows(n int, rows []styleRow, mean, sd [4]float64, plain *BTFit, sandwich bool) *StyleFit {
	fit := &StyleFit{Mean: mean, StdDev: sd, Identifiable: plain.Identifiable, Note: plain.Note, Rows: len(rows)}
	x := make([]float64, n+4)
	copy(x, plain.Theta)
	ridge := styleRidgeFor(plain)
	fit.GradNorm = newtonStyle(n, rows, nil, x, ridge, GradTol)
	center(x[:n])
	fit.Theta = x[:n:n]
	fit.Coefficients = x[n:]
	if sandwich {
		fit.Cov = styleSandwich(n, rows, x, ridge)
	}
	return fit
}

// styleSandwich is H⁻¹·M·H⁻¹ with H the penalised Hessian and M the sum of the per-row
// score outer products; the shift direction of θ drops out (see SandwichCovariance).
func styleSandwich(n int, rows []styleRow, x []float64, ridge float64) []float64 {
	d := n + 4
	h := make([]float64, d*d)
	styleObjective(n, rows, nil, x, ridge, nil, h)
	meat := make([]float64, d*d)
	for k := range rows {
		r := &rows[k]
		a, b := int(r.a), int(r.b)
		eta := x[a] - x[b]
		for f := 0; f < 4; f++ {
			eta += x[n+f] * float64(r.z[f])
		}
		p := 1 / (1 + math.Exp(-eta))
		res := p - float64(r.y)
		idx := [6]int{a, b, n, n + 1, n + 2, n + 3}
		val := [6]float64{res, -res, res * float64(r.z[0]), res * float64(r.z[1]), res * float64(r.z[2]), res * float64(r.z[3])}
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
// natural-scale ratings followed by the four coefficients. Its cost grows with the
// number of battles times the rounds.
func (l *BattleLog) BootstrapStyle(base *StyleFit, rounds int, seed uint64, workers int, progress func(done, total int)) [][]float64 {
	rows, _, _ := l.styleRows()
	n := len(l.names)
	ridge := styleRidgeFor(&BTFit{Identifiable: base.Identifiable})
	out := make([][]float64, rounds)
	workers = workerCount(workers)
	weights := make([][]int32, workers)
	runRounds(rounds, workers, progress, func(w, r int) {
		if weights[w] == nil {
			weights[w] = make([]int32, len(rows))
		}
		wt := weights[w]
		clear(wt)
		rng := roundRand(seed, r)
		for range rows {
			wt[rng.IntN(len(rows))]++
		}
		x := make([]float64, n+4)
		copy(x, base.Theta)
		copy(x[n:], base.Coefficients)
		newtonStyle(n, rows, wt, x, ridge, 1e-6)
		center(x[:n])
		out[r] = x
	})
	return out
}
