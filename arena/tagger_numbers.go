package arena

import "strings"

// Numbers, arithmetic and mathematical notation, read by hand rather than by regular
// expression: these run on every battle's prompt, and Go's regular expressions took
// a tenth of a millisecond over an ordinary one.

// numbers counts the quantities in the prompt and the arithmetic among them. Numbers
// that are not quantities (phone numbers, dates, times, versions, identifiers) are
// left out, so "555-123-4567" is no subtraction and "2024-03-15" no pair of numbers.
func (s *scan) numbers() {
	t := s.text
	masked := []byte(t)
	for i := 0; i < len(t); {
		if !runStart(t, i) {
			i++
			continue
		}
		j := runEnd(t, i)
		if n, ok := quantities(t, i, j); ok {
			s.n[sigNumber] += n
		} else {
			for k := i; k < j; k++ {
				masked[k] = ' '
			}
		}
		i = j
	}
	s.n[sigArithmetic] += arithmetic(string(masked)) + s.whatIsNumber()
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// runStart: a run of digits and separators starts at i with a digit, or with + or (
// before one (+44, (11)).
func runStart(t string, i int) bool {
	if isDigit(t[i]) {
		return i == 0 || !isDigit(t[i-1]) && !isLetter(t[i-1])
	}
	return (t[i] == '+' || t[i] == '(') && i+1 < len(t) && isDigit(t[i+1]) && (i == 0 || !isDigit(t[i-1]))
}

// runEnd is where the run that starts at i ends: digits joined by one separator
// (. , : / - + ( ) or a space) at a time, ending on a digit or a closing parenthesis.
func runEnd(t string, i int) int {
	end := i + 1
	for j := i + 1; j < len(t); j++ {
		c := t[j]
		switch {
		case isDigit(c):
			end = j + 1
		case c == ')':
			end = j + 1
		case strings.IndexByte(".,:/-+( ", c) >= 0:
			if j+1 >= len(t) || !isDigit(t[j+1]) && t[j+1] != '(' && t[j+1] != ' ' || c == ' ' && t[j-1] == ' ' {
				return end
			}
		default:
			return end
		}
	}
	return end
}

// quantities counts the numbers of the run t[i:j], or reports that it is not a
// quantity at all.
func quantities(t string, i, j int) (int, bool) {
	run := t[i:j]
	before := strings.TrimRight(t[:i], " ")
	if strings.HasSuffix(before, "#") || strings.HasSuffix(before, "№") {
		return 0, false // an order or invoice number
	}
	var groups []string
	var seps []string
	digits, k := 0, 0
	for k < len(run) {
		start := k
		for k < len(run) && isDigit(run[k]) {
			k++
		}
		if k > start {
			groups = append(groups, run[start:k])
			digits += k - start
			continue
		}
		for k < len(run) && !isDigit(run[k]) {
			k++
		}
		if len(groups) > 0 {
			seps = append(seps, run[start:k])
		}
	}
	if len(seps) > len(groups)-1 {
		seps = seps[:len(groups)-1]
	}
	allIn := func(set ...string) bool {
		for _, sep := range seps {
			if !contains(set, sep) {
				return false
			}
		}
		return len(seps) > 0
	}
	same := len(seps) > 0
	for _, sep := range seps {
		same = same && sep == seps[0]
	}
	for _, g := range groups {
		if len(g) >= 6 {
			return 0, false // an identifier
		}
	}
	switch {
	case (run[0] == '+' || run[0] == '(') && digits >= 7:
		return 0, false // a phone number
	case len(groups) >= 3 && digits >= 7 && allIn(" ", "-", ".", ") ", ")"):
		return 0, false // a phone number
	case len(groups) == 3 && same && allIn("/", "-", ".") && len(groups[0]) <= 4 && len(groups[1]) <= 2 && len(groups[2]) <= 4:
		return 0, false // a date
	case len(groups) >= 3 && allIn("."):
		return 0, false // a version
	case len(groups) == 2 && seps[0] == "/" && (run == "24/7" || len(groups[0]) <= 2 && len(groups[1]) == 2):
		return 0, false // 24/7, or a day and month
	case strings.Contains(run, ":"):
		return 0, false // a time
	}
	n := 1
	for _, sep := range seps {
		if sep != "," && sep != "." {
			n++ // 4,200 and 3.5 are one number each
		}
	}
	return n, true
}

func contains(set []string, s string) bool {
	for _, x := range set {
		if x == s {
			return true
		}
	}
	return false
}

// percentOf are the words that make "20% of" (de, von, от...) a computation.
var percentOf = []string{"of", "de", "von", "от", "do", "da", "des", "du", "годовых"}

// arithmetic counts operations between numbers or variables: 3 + 4, 17 * 23, x^2,
// 3x + 7 = 22, 5 - 3 and 10 / 2 when spaced (unspaced they are ranges and dates), and
// 20% of 240.
func arithmetic(m string) int {
	n := 0
	operand := func(k int, left bool) (digit, ok bool) {
		// skip spaces, and parentheses on the far side of the operator
		for k >= 0 && k < len(m) && (m[k] == ' ' || left && m[k] == ')' || !left && m[k] == '(') {
			if left {
				k--
			} else {
				k++
			}
		}
		if k < 0 || k >= len(m) {
			return false, false
		}
		c := m[k]
		if isDigit(c) {
			return true, true
		}
		// a variable: one letter alone (x, or the x of 3x)
		if c >= 'a' && c <= 'z' && (k == 0 || !isLetter(m[k-1])) && (k+1 == len(m) || !isLetter(m[k+1])) {
			return false, true
		}
		return false, false
	}
	for i := 0; i < len(m) && n < 8; i++ {
		c := m[i]
		width := 1
		switch {
		case c == 0xC3 && i+1 < len(m) && (m[i+1] == 0x97 || m[i+1] == 0xB7): // × ÷
			c, width = '*', 2
		case c == 0xE2 && strings.HasPrefix(m[i:], "−"):
			c, width = '-', len("−")
		}
		switch c {
		case '+', '*', '^':
			ld, lok := operand(i-1, true)
			rd, rok := operand(i+width, false)
			if lok && rok && (ld || rd) && !(c == '*' && i+1 < len(m) && m[i+1] == '*') {
				n++
			}
		case '-', '/', 'x':
			if i == 0 || i+width >= len(m) || m[i-1] != ' ' || m[i+width] != ' ' {
				continue
			}
			ld, lok := operand(i-1, true)
			rd, rok := operand(i+width, false)
			if lok && rok && (ld || rd) && (c != 'x' || ld && rd) {
				n++
			}
		case '=':
			_, lok := operand(i-1, true)
			k := i + 1
			for k < len(m) && m[k] == ' ' {
				k++
			}
			if lok && k < len(m) && (isDigit(m[k]) || m[k] == '-' || m[k] == '(') {
				n++
			}
		case '%':
			ld, _ := operand(i-1, true)
			rest := strings.TrimLeft(m[i+1:], " ")
			for _, w := range percentOf {
				if ld && strings.HasPrefix(rest, w) && (len(rest) == len(w) || !isWordByte(rest[len(w)])) {
					n++
					break
				}
			}
		}
		i += width - 1
	}
	return n
}

func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c >= 0x80 }

// whatIs are the questions that ask for a value: "what is 15% of 240", "how much is 3
// times 7".
var whatIs = [][]string{{"what", "is"}, {"what", "s"}, {"whats"}, {"how", "much", "is"}, {"cuánto", "es"},
	{"wie", "viel", "sind"}, {"wie", "viel", "ist"}, {"combien", "font"}, {"сколько", "будет"}, {"quanto", "é"}}

// whatIsNumber counts questions for the value of a number: "what is 2+2".
func (s *scan) whatIsNumber() int {
	ws := s.words
	for i := range ws {
		for _, q := range whatIs {
			if i+len(q) < len(ws) && equalWords(ws[i:i+len(q)], q) && isDigit(ws[i+len(q)][0]) {
				return 1
			}
		}
	}
	return 0
}

// mathSymbols are notation no prose uses: integrals, roots, sums, functions of x.
var mathSymbols = [...]string{"∫", "√", "∑", "∏", "π", "≤", "≥", "≠", "∞", "∂", `\frac`, `\int`, `\sqrt`, `\sum`,
	"sqrt(", "log(", "ln(", "sin(", "cos(", "tan(", "exp(", "f(x)", "f'(x)", " dx", "[[", "y = x", "y=x", "根号"}

// symbols counts mathematical notation, and the names of languages written with
// symbols (C++, C#, .NET), which the word splitter cannot see.
func (s *scan) symbols() {
	for _, sym := range mathSymbols {
		if strings.Contains(s.text, sym) {
			s.n[sigMathSymbol]++
		}
	}
	for _, lang := range [...]string{"c++", "c#", "f#", ".net"} {
		for t, k := s.text, 0; k < 3; k++ {
			i := strings.Index(t, lang)
			if i < 0 {
				break
			}
			if i == 0 || !isLetter(t[i-1]) || lang[0] == '.' {
				s.n[sigCodeLang]++
				break
			}
			t = t[i+len(lang):]
		}
	}
}
