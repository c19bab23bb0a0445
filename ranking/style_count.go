package ranking

import (
	"math/bits"
	"strings"
	"unicode"
	"unicode/utf8"
)

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
