package ranking

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// refStyleOf is StyleOf as first written: plain and slow, kept as the specification the
// fast version must match exactly.
func refStyleOf(text string) Style {
	var s Style
	s.Tokens = refTokens(text)
	inFence := false
	var fence string
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trim := strings.TrimLeft(line, " \t")
		if f := refFence(trim); f != "" {
			if !inFence {
				inFence, fence = true, f
				continue
			}
			if strings.HasPrefix(trim, fence) && strings.TrimSpace(strings.TrimLeft(trim, fence[:1])) == "" {
				inFence = false
				continue
			}
		}
		if inFence {
			continue
		}
		if headerLevel(line) > 0 {
			s.Headers++
		}
		if listKind(trim) != 0 {
			s.Lists++
		}
		s.Bold += refBold(line, "**") + refBold(line, "__")
	}
	return s
}

func refFence(trim string) string {
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(trim, f) {
			n := len(trim) - len(strings.TrimLeft(trim, f[:1]))
			return trim[:n]
		}
	}
	return ""
}

func refBold(line, delim string) int {
	count := 0
	b := []byte(line)
	d := []byte(delim)
	for {
		i := bytes.Index(b, d)
		if i < 0 {
			return count
		}
		rest := b[i+2:]
		j := bytes.Index(rest, d)
		if j < 0 {
			return count
		}
		if j > 0 && bytes.IndexByte(rest[:j], delim[0]) < 0 {
			count++
			b = rest[j+2:]
			continue
		}
		b = b[i+1:]
	}
}

func refTokens(text string) int {
	n, run := 0, 0
	flush := func() {
		if run > 0 {
			n += (run + 5) / 6
			run = 0
		}
	}
	for i := 0; i < len(text); {
		r, size := rune(text[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
		}
		i += size
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if r > 0x2e80 && unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) {
				flush()
				n++
				continue
			}
			run++
		case unicode.IsSpace(r):
			flush()
		default:
			flush()
			n++
		}
	}
	flush()
	return n
}

// styleSamples are Markdown-ish texts built from fragments that exercise every rule:
// fences opening, closing and not closing, headers of every level, list markers, bold
// delimiters, CRLF, tabs, non-ASCII letters and spaces, CJK and invalid UTF-8.
func styleSamples(n int) []string {
	frags := []string{
		"# ", "## ", "####### ", "#x", "- ", "* ", "+ ", "-x", "1. ", "10. ", "2.x", "  ", "\t",
		"**", "__", "***", "****", "*", "_", "```", "```go", "~~~", "````", "~~", " ``` ", "``` x",
		"\n", "\r\n", "\r", "\n\n", "word", "internationalization", "3.14", "a_b", "x**y", "é", "日本語",
		"한국어", "\u00a0", "\u0085", "\u3000", "\xff", "\xe2\x82", "!?", "{}", "0", "123456789",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	out := []string{"", "\n", "```", "```\n", "# a", "**a**", "__a__"}
	for range n {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(frags[rng.IntN(len(frags))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestStyleOfMatchesReference(t *testing.T) {
	for _, s := range styleSamples(20000) {
		if got, want := StyleOf(s), refStyleOf(s); got != want {
			t.Fatalf("StyleOf(%q) = %+v, want %+v", s, got, want)
		}
	}
}

func TestCountStyleBreakdown(t *testing.T) {
	c := CountStyle("# a\n### b\n- x\n* y\n3. z\n**b** __u__ **c**\n```\n# no\n```\n")
	want := StyleCounts{Tokens: c.Tokens, Headers: [6]int{1, 0, 1}, Ordered: 1, Unordered: 2, BoldStars: 2, BoldUnderscores: 1}
	if c != want {
		t.Errorf("CountStyle = %+v, want %+v", c, want)
	}
	if s := c.Style(); s != (Style{Tokens: c.Tokens, Headers: 2, Lists: 3, Bold: 3}) {
		t.Errorf("Style() = %+v", s)
	}
}

func FuzzStyleOf(f *testing.F) {
	for _, s := range styleSamples(50) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := StyleOf(s), refStyleOf(s); got != want {
			t.Fatalf("StyleOf(%q) = %+v, want %+v", s, got, want)
		}
	})
}

func BenchmarkStyleOf(b *testing.B) {
	text := strings.Repeat("## Answer\n\nHere is what I think about **question 7**: the result depends.\n\n"+
		"- first, the context\n- second, the numbers: 49 and 91\n\n```python\ndef solve(n):\n    return sum(range(n))\n```\n", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		StyleOf(text)
	}
}

func BenchmarkStyleOfReference(b *testing.B) {
	text := strings.Repeat("## Answer\n\nHere is what I think about **question 7**: the result depends.\n\n"+
		"- first, the context\n- second, the numbers: 49 and 91\n\n```python\ndef solve(n):\n    return sum(range(n))\n```\n", 4)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		refStyleOf(text)
	}
}

// TestASCIIWordEnd checks the eight-byte test against tokClass for every byte value in
// every position, among bytes of each kind.
func TestASCIIWordEnd(t *testing.T) {
	for _, fill := range []byte{'a', 'Z', '5', ' ', '@', '[', '`', '{', '/', ':', 0x00, 0x7f, 0x80, 0xc1, 0xe1, 0xff} {
		for pos := range 8 {
			for c := range 256 {
				b := []byte{fill, fill, fill, fill, fill, fill, fill, fill, '!'}
				b[pos] = byte(c)
				want := 0
				for want < len(b) && tokClass[b[want]] == tokWord {
					want++
				}
				if got := asciiWordEnd(string(b), 0); got != want {
					t.Fatalf("asciiWordEnd(%q, 0) = %d, want %d", b, got, want)
				}
			}
		}
	}
}
