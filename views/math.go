package views

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// TeXToMathML converts TeX math (the body of $…$ or $$…$$) to presentation MathML, which
// browsers lay out themselves: no script, no fonts to fetch. It covers what model answers
// write: letters, numbers and operators, scripts, \frac, \sqrt, \left…\right, \text and
// the font commands, spacing, Greek letters and common symbols, and the matrix, cases and
// aligned environments. What it does not know it shows as the TeX it read, in red, rather
// than guessing. The TeX source goes along as an annotation, so copying keeps it.
func TeXToMathML(tex string, display bool) string {
	p := &texParser{src: tex}
	var b strings.Builder
	if display {
		b.WriteString(`<math display="block">`)
	} else {
		b.WriteString(`<math>`)
	}
	b.WriteString("<semantics><mrow>")
	b.WriteString(p.top())
	b.WriteString(`</mrow><annotation encoding="application/x-tex">`)
	b.WriteString(html.EscapeString(tex))
	b.WriteString("</annotation></semantics></math>")
	return b.String()
}

// maxTeXDepth bounds nesting, so a hostile answer of a million braces costs no deep
// recursion; deeper groups show as their source.
const maxTeXDepth = 40

type texParser struct {
	src string
	pos int
}

// peek returns the next token without consuming it: a command with its backslash
// ("\frac", "\,"), or one character; "" at the end.
func (p *texParser) peek() string {
	p.skipSpace()
	if p.pos >= len(p.src) {
		return ""
	}
	if p.src[p.pos] == '\\' {
		i := p.pos + 1
		for i < len(p.src) && isASCIILetter(p.src[i]) {
			i++
		}
		if i == p.pos+1 && i < len(p.src) {
			_, n := utf8.DecodeRuneInString(p.src[i:])
			i += n
		}
		return p.src[p.pos:i]
	}
	_, n := utf8.DecodeRuneInString(p.src[p.pos:])
	return p.src[p.pos : p.pos+n]
}

func (p *texParser) next() string {
	t := p.peek()
	p.pos += len(t)
	return t
}

func (p *texParser) skipSpace() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n' || p.src[p.pos] == '\r') {
		p.pos++
	}
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// top reads the whole expression. Tokens that end a row but have nothing to end here
// (a stray "}", "&" or "\\", an unmatched \right or \end) are read and dropped, as
// alignment and line breaks outside an environment mean nothing to MathML.
func (p *texParser) top() string {
	var b strings.Builder
	for {
		b.WriteString(p.cell(0))
		switch p.next() {
		case "":
			return b.String()
		case `\end`:
			p.rawArg()
		}
	}
}

// cell reads a row, reading past stray closers: a "}" with no group open here, and a
// \right with no \left (its delimiter shown).
func (p *texParser) cell(depth int) string {
	var b strings.Builder
	for {
		b.WriteString(p.row(depth, ""))
		switch p.peek() {
		case "}":
			p.next()
			continue
		case `\right`:
			p.next()
			b.WriteString(p.delimiter())
			continue
		}
		return b.String()
	}
}

// row reads atoms until a token that ends it: the end, "}", "&", "\\", "\right" or
// "\end" (left for the caller), or stop.
func (p *texParser) row(depth int, stop string) string {
	var b strings.Builder
	for {
		t := p.peek()
		if t == "" || t == "}" || t == "&" || t == `\\` || t == `\right` || t == `\end` || (stop != "" && t == stop) {
			return b.String()
		}
		b.WriteString(p.scripted(depth))
	}
}

// scripted reads an atom and any ^ and _ after it.
func (p *texParser) scripted(depth int) string {
	t := p.peek()
	var base string
	var bigOp bool
	switch t {
	case "^", "_":
		base = "<mrow></mrow>" // a script with nothing before it, as in {}^{14}C
	default:
		base, bigOp = p.atom(depth)
	}
	var sub, sup string
	for {
		switch p.peek() {
		case "_":
			p.next()
			sub, _ = p.atom(depth)
			continue
		case "^":
			p.next()
			sup, _ = p.atom(depth)
			continue
		case "'":
			p.next()
			sup += "<mo>′</mo>"
			continue
		}
		break
	}
	under, over, both := "msub", "msup", "msubsup"
	if bigOp {
		under, over, both = "munder", "mover", "munderover"
	}
	switch {
	case sub != "" && sup != "":
		return "<" + both + ">" + base + wrap(sub) + wrap(sup) + "</" + both + ">"
	case sub != "":
		return "<" + under + ">" + base + wrap(sub) + "</" + under + ">"
	case sup != "":
		return "<" + over + ">" + base + wrap(sup) + "</" + over + ">"
	}
	return base
}

// wrap makes one element of a run of them, as a script's slot takes one.
func wrap(s string) string {
	if strings.HasPrefix(s, "<mrow>") && strings.HasSuffix(s, "</mrow>") && strings.Count(s, "<mrow>") == 1 {
		return s
	}
	return "<mrow>" + s + "</mrow>"
}

// atom reads one thing a script can attach to. bigOp says it is a sum or product whose
// limits go under and over it.
func (p *texParser) atom(depth int) (string, bool) {
	start := p.pos
	t := p.next()
	switch {
	case t == "":
		return "<mrow></mrow>", false
	case depth >= maxTeXDepth:
		p.pos = len(p.src)
		return texError(p.src[start:]), false
	case t == "{":
		inner := p.row(depth+1, "")
		if p.peek() == "}" {
			p.next()
		}
		return "<mrow>" + inner + "</mrow>", false
	case t == "}" || t == "&" || t == `\\`:
		return "", false
	case t[0] == '\\':
		return p.command(t, depth)
	case t[0] >= '0' && t[0] <= '9' || t == ".":
		num := t
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.' && p.pos+1 < len(p.src) && p.src[p.pos+1] >= '0' && p.src[p.pos+1] <= '9') {
			num += p.src[p.pos : p.pos+1]
			p.pos++
		}
		return "<mn>" + html.EscapeString(num) + "</mn>", false
	}
	r, _ := utf8.DecodeRuneInString(t)
	if unicode.IsLetter(r) {
		return "<mi>" + html.EscapeString(t) + "</mi>", false
	}
	switch t {
	case "~":
		return `<mspace width="0.333em"></mspace>`, false
	case "-":
		return "<mo>−</mo>", false // TeX's minus, not a hyphen
	}
	return "<mo>" + html.EscapeString(t) + "</mo>", false
}

// arg reads a command's argument: a group's inside, or one token.
func (p *texParser) arg(depth int) string {
	s, _ := p.atom(depth + 1)
	return s
}

// rawArg reads a {…} argument as text, for \text and environment names.
func (p *texParser) rawArg() string {
	if p.peek() != "{" {
		return ""
	}
	p.next()
	level, start := 1, p.pos
	for p.pos < len(p.src) {
		switch p.src[p.pos] {
		case '\\':
			p.pos++
		case '{':
			level++
		case '}':
			level--
			if level == 0 {
				s := p.src[start:p.pos]
				p.pos++
				return s
			}
		}
		p.pos++
	}
	p.pos = len(p.src)
	return p.src[start:]
}

func (p *texParser) command(t string, depth int) (string, bool) {
	name := t[1:]
	if s, ok := texIdentifiers[name]; ok {
		return "<mi>" + s + "</mi>", false
	}
	if s, ok := texOperators[name]; ok {
		return "<mo>" + s + "</mo>", name == "sum" || name == "prod" || name == "bigcup" || name == "bigcap" || name == "coprod"
	}
	if _, ok := texFunctions[name]; ok {
		return `<mi mathvariant="normal">` + name + "</mi>", name == "lim" || name == "max" || name == "min" || name == "sup" || name == "inf"
	}
	if w, ok := texSpaces[name]; ok {
		if w == "" {
			return "", false
		}
		return `<mspace width="` + w + `"></mspace>`, false
	}
	if v, ok := texVariants[name]; ok {
		inner := p.arg(depth)
		return `<mstyle mathvariant="` + v + `">` + inner + "</mstyle>", false
	}
	switch name {
	case "frac", "dfrac", "tfrac", "binom":
		num, den := p.arg(depth), p.arg(depth)
		if name == "binom" {
			return `<mrow><mo>(</mo><mfrac linethickness="0">` + wrap(num) + wrap(den) + `</mfrac><mo>)</mo></mrow>`, false
		}
		return "<mfrac>" + wrap(num) + wrap(den) + "</mfrac>", false
	case "sqrt":
		if p.peek() == "[" {
			p.next()
			index := p.row(depth+1, "]")
			if p.peek() == "]" {
				p.next()
			}
			return "<mroot>" + wrap(p.arg(depth)) + wrap(index) + "</mroot>", false
		}
		return "<msqrt>" + p.arg(depth) + "</msqrt>", false
	case "text", "textrm", "textit", "textbf", "mbox", "operatorname":
		s := html.EscapeString(p.rawArg())
		if name == "operatorname" {
			return `<mi mathvariant="normal">` + s + "</mi>", false
		}
		return "<mtext>" + s + "</mtext>", false
	case "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr":
		if name != "left" {
			return p.delimiter(), false
		}
		open := p.delimiter()
		inner := p.row(depth+1, "")
		closing := ""
		if p.peek() == `\right` {
			p.next()
			closing = p.delimiter()
		}
		return "<mrow>" + open + inner + closing + "</mrow>", false
	case "begin":
		return p.environment(p.rawArg(), depth), false
	case "hat", "bar", "vec", "dot", "ddot", "tilde", "overline", "widehat", "widetilde":
		return "<mover accent=\"true\">" + wrap(p.arg(depth)) + "<mo>" + texAccents[name] + "</mo></mover>", false
	case "underline":
		return "<munder>" + wrap(p.arg(depth)) + "<mo>_</mo></munder>", false
	}
	if len(name) == 1 && !isASCIILetter(name[0]) {
		// \{ \} \| \$ \% \# \& \_ : the character itself.
		return "<mo>" + html.EscapeString(name) + "</mo>", false
	}
	return texError(t), false
}

// delimiter reads the delimiter after \left, \right or \big; "." is none.
func (p *texParser) delimiter() string {
	t := p.next()
	switch t {
	case ".", "":
		return ""
	case `\{`:
		return "<mo>{</mo>"
	case `\}`:
		return "<mo>}</mo>"
	case `\|`:
		return "<mo>‖</mo>"
	case `\langle`:
		return "<mo>⟨</mo>"
	case `\rangle`:
		return "<mo>⟩</mo>"
	case `\lfloor`, `\rfloor`, `\lceil`, `\rceil`, `\vert`, `\Vert`:
		return "<mo>" + texOperators[t[1:]] + "</mo>"
	}
	if t[0] == '\\' {
		return texError(t)
	}
	return "<mo>" + html.EscapeString(t) + "</mo>"
}

// texEnvironments are the fences around each matrix-like environment.
var texEnvironments = map[string][2]string{
	"matrix": {"", ""}, "pmatrix": {"(", ")"}, "bmatrix": {"[", "]"}, "Bmatrix": {"{", "}"},
	"vmatrix": {"|", "|"}, "Vmatrix": {"‖", "‖"}, "cases": {"{", ""}, "aligned": {"", ""},
	"align": {"", ""}, "align*": {"", ""}, "array": {"", ""}, "gathered": {"", ""}, "split": {"", ""},
	"smallmatrix": {"", ""}, "eqnarray": {"", ""}, "equation": {"", ""}, "equation*": {"", ""},
}

// environment reads rows (split by \\) of cells (split by &) up to \end{name}.
func (p *texParser) environment(name string, depth int) string {
	fence, ok := texEnvironments[name]
	if !ok {
		return texError(`\begin{` + name + `}`)
	}
	if name == "array" {
		p.rawArg() // the column specification
	}
	var b strings.Builder
	b.WriteString("<mtable>")
	for {
		b.WriteString("<mtr>")
		for {
			b.WriteString("<mtd>" + p.cell(depth+1) + "</mtd>")
			if p.peek() != "&" {
				break
			}
			p.next()
		}
		b.WriteString("</mtr>")
		if p.peek() != `\\` {
			break
		}
		p.next()
	}
	if p.peek() == `\end` {
		p.next()
		p.rawArg()
	}
	b.WriteString("</mtable>")
	if fence[0] == "" && fence[1] == "" {
		return b.String()
	}
	out := "<mrow>"
	if fence[0] != "" {
		out += "<mo>" + html.EscapeString(fence[0]) + "</mo>"
	}
	out += b.String()
	if fence[1] != "" {
		out += "<mo>" + html.EscapeString(fence[1]) + "</mo>"
	}
	return out + "</mrow>"
}

// texError shows TeX this converter does not know as itself, marked.
func texError(tex string) string {
	return "<merror><mtext>" + html.EscapeString(tex) + "</mtext></merror>"
}

var texIdentifiers = map[string]string{
	"alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
	"eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
	"xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ",
	"upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
	"Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
	"Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
	"infty": "∞", "partial": "∂", "nabla": "∇", "hbar": "ℏ", "ell": "ℓ", "emptyset": "∅", "varnothing": "∅",
	"Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "forall": "∀", "exists": "∃", "nexists": "∄", "neg": "¬", "lnot": "¬",
	"top": "⊤", "bot": "⊥", "angle": "∠", "triangle": "△", "dots": "…", "ldots": "…", "cdots": "⋯",
	"vdots": "⋮", "ddots": "⋱", "prime": "′", "imath": "ı", "jmath": "ȷ", "wp": "℘",
}

var texOperators = map[string]string{
	"sum": "∑", "prod": "∏", "coprod": "∐", "int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮",
	"bigcup": "⋃", "bigcap": "⋂", "cup": "∪", "cap": "∩", "setminus": "∖",
	"pm": "±", "mp": "∓", "times": "×", "div": "÷", "cdot": "⋅", "ast": "∗", "star": "⋆", "circ": "∘",
	"bullet": "∙", "oplus": "⊕", "otimes": "⊗", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
	"le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠", "neq": "≠", "ll": "≪", "gg": "≫",
	"approx": "≈", "sim": "∼", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "doteq": "≐",
	"in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "supset": "⊃", "subseteq": "⊆", "supseteq": "⊇",
	"mid": "∣", "parallel": "∥", "perp": "⊥",
	"to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔",
	"Rightarrow": "⇒", "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "iff": "⟺",
	"mapsto": "↦", "longrightarrow": "⟶", "longleftarrow": "⟵", "uparrow": "↑", "downarrow": "↓",
	"langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
	"vert": "|", "Vert": "‖", "lvert": "|", "rvert": "|", "colon": ":", "therefore": "∴", "because": "∵",
	"{": "{", "}": "}",
}

var texFunctions = map[string]bool{
	"sin": true, "cos": true, "tan": true, "cot": true, "sec": true, "csc": true, "arcsin": true, "arccos": true,
	"arctan": true, "sinh": true, "cosh": true, "tanh": true, "log": true, "ln": true, "lg": true, "exp": true,
	"lim": true, "max": true, "min": true, "sup": true, "inf": true, "det": true, "gcd": true, "deg": true,
	"dim": true, "ker": true, "arg": true, "Pr": true, "mod": true, "bmod": true,
}

// texSpaces are the spacing commands' widths; "" takes no space (\! and the
// \displaystyle-like switches, which MathML decides by itself).
var texSpaces = map[string]string{
	",": "0.167em", ":": "0.222em", ">": "0.222em", ";": "0.278em", " ": "0.333em", "quad": "1em", "qquad": "2em",
	"!": "", "displaystyle": "", "textstyle": "", "limits": "", "nolimits": "", "nonumber": "", "notag": "",
}

var texVariants = map[string]string{
	"mathbf": "bold", "boldsymbol": "bold", "bm": "bold", "mathit": "italic", "mathrm": "normal",
	"mathbb": "double-struck", "mathcal": "script", "mathscr": "script", "mathfrak": "fraktur",
	"mathsf": "sans-serif", "mathtt": "monospace",
}

var texAccents = map[string]string{
	"hat": "^", "widehat": "^", "bar": "¯", "overline": "¯", "vec": "→", "dot": "˙", "ddot": "¨",
	"tilde": "~", "widetilde": "~",
}
