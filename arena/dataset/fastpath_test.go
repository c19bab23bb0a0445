package dataset

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// The functions below are the first, plain versions of Redact and appendJSONString,
// kept as the specification the fast versions must match byte for byte. The reference
// for Redact shares the matchers with it and tries them at every position where a shape
// may start, so what it checks is that the fast version's skips (eight bytes at a time,
// the '@' search, mayBeShape) never skip a match.

func refRedact(s string) string {
	if strings.IndexByte(s, '@') >= 0 {
		s = refRedactEmails(s)
	}
	if strings.IndexByte(s, ':') >= 0 {
		s = redactIPv6(s)
	}
	return refRedactDigits(s)
}

func refRedactEmails(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		if s[i] != '@' {
			continue
		}
		start, end := matchEmail(s, last, i)
		if end == 0 {
			continue
		}
		b.WriteString(s[last:start])
		b.WriteString(RedactedEmail)
		last = end
		i = end - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func refRedactDigits(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if !digitStart[c] {
			i++
			for i < len(s) && !digitStart[s[i]] {
				i++
			}
			continue
		}
		if i > 0 && gluedBefore(s, i) {
			// inside a word or after a decimal point: skip the digit run
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			continue
		}
		if n, ph := matchDigits(s, i); n > 0 {
			b.WriteString(s[last:i])
			b.WriteString(ph)
			i += n
			last = i
			continue
		}
		i++
		for i < len(s) && isDigit(s[i]) {
			i++
		}
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func refAppendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\u202`...)
			dst = append(dst, hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// textSamples are strings built from fragments that exercise the redaction shapes and
// the JSON escapes: e-mails, IPs, phones, card numbers, long digit runs next to letters
// and dots, quotes, backslashes, control bytes, U+2028 and invalid UTF-8.
func textSamples(n int) []string {
	frags := []string{
		"a", "word", " ", "\n", "\t", ".", "-", "+", "(", ")", ":", "::", "@", "_", "x.", "0", "1", "12", "123",
		"1234", "555", "4567", "123456789", "2024-01-15", "192.168.1.20", "256.1.1.1", "1.2.3.4.5", "fe80::1",
		"2001:db8::ff00:42:8329", "std::vector", "jane.doe+news@example.co.uk", "user@host", "a@b.com",
		"(555) 123-4567", "555-123-4567", "555.123.4567", "+1 415 555 2671", "+44 (0)20 7946 0958",
		"4111 1111 1111 1111", "4111-1111-1111-1111", "3.14159265358", "0x1234567890", "<EMAIL>",
		"<NUMBER>", "<PHONE>", "<IP>", "00", "0044", "/", "0", "020 7946 0958", "01 23 45 67 89", "030/12345678",
		"98765 43210", "138-0013-8000", "(02) 9876 5432", "0044 20 7946 0958", "+49(0)30 12345678",
		"3782 822463 10005", "3056 930902 5904", "6011 1111 1111 1117", "1234 5678 9012 3456",
		"用户", "@例子.广告", "bücher.de", "xn--p1ai", "ता",
		"\"", "\\", "\x00", "\x1f", "\x7f", "é", "日本", "\u2028", "\u2029", "\xff", "\xe2\x82", "</script>", "&<>",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	out := []string{"", "@", "1", "\"", "\xff"}
	for range n {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(frags[rng.IntN(len(frags))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestRedactMatchesReference(t *testing.T) {
	for _, s := range textSamples(30000) {
		checkRedact(t, s)
	}
}

// checkRedact checks Redact on s against the reference, and that its output is its own
// redaction.
func checkRedact(t *testing.T, s string) {
	t.Helper()
	got := Redact(s)
	if want := refRedact(s); got != want {
		t.Fatalf("Redact(%q) = %q, want %q", s, got, want)
	}
	if again := Redact(got); again != got {
		t.Fatalf("Redact is not idempotent: %q -> %q -> %q", s, got, again)
	}
}

func TestAppendJSONStringMatchesReference(t *testing.T) {
	for _, s := range textSamples(30000) {
		got, want := appendJSONString(nil, s), refAppendJSONString(nil, s)
		if string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("appendJSONString(%q) = %s: %v", s, got, err)
		}
		if utf8.ValidString(s) && back != s {
			t.Fatalf("appendJSONString(%q) = %s: reads back as %q", s, got, back)
		}
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range textSamples(50) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkRedact(t, s)
		if got, want := appendJSONString(nil, s), refAppendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	})
}

func BenchmarkAppendJSONString(b *testing.B) {
	text := strings.Repeat("Here is what I think about **question 7**: the result depends on a few things.\n", 12)
	b.SetBytes(int64(len(text)))
	var buf []byte
	for b.Loop() {
		buf = appendJSONString(buf[:0], text)
	}
}

func BenchmarkAppendJSONStringReference(b *testing.B) {
	text := strings.Repeat("Here is what I think about **question 7**: the result depends on a few things.\n", 12)
	b.SetBytes(int64(len(text)))
	var buf []byte
	for b.Loop() {
		buf = refAppendJSONString(buf[:0], text)
	}
}

// TestSkipNoDigitStart checks the eight-byte test against the table, for every byte
// value in every position, among bytes of each kind.
func TestSkipNoDigitStart(t *testing.T) {
	for _, fill := range []byte{'a', ' ', 0x00, 0x7f, 0x80, 0xff, ')', '*', ',', '/', ':'} {
		for pos := range 8 {
			for c := range 256 {
				b := []byte{fill, fill, fill, fill, fill, fill, fill, fill}
				b[pos] = byte(c)
				want := 8
				if digitStart[c] || digitStart[fill] {
					want = 0
				}
				if got := skipNoDigitStart(string(b), 0); got != want {
					t.Fatalf("skipNoDigitStart(%q, 0) = %d, want %d", b, got, want)
				}
			}
		}
	}
}
