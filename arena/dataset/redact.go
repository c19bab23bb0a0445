package dataset

import (
	"net/netip"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Placeholders that replace personal data in exported prompts and answers.
const (
	RedactedEmail  = "<EMAIL>"
	RedactedPhone  = "<PHONE>"
	RedactedIP     = "<IP>"
	RedactedNumber = "<NUMBER>"
)

// Redact replaces e-mail addresses, phone numbers, IP addresses, card numbers and long
// digit runs in s with placeholders. It is conservative about shapes, to leave code and
// prose alone:
//
//   - <EMAIL>: local@domain.tld, with a local part of letters (in any script), digits,
//     combining marks and ._%+-, and a domain of at least two dot-separated labels of
//     letters, digits, marks and '-', ending in a top-level domain of two or more
//     letters or an "xn--" one: jane@example.co.uk, user@bücher.de,
//     用户@例子.广告, info@xn--80ak6aa92e.xn--p1ai. "@Override", "user@host" and
//     "@media" are left alone.
//   - <IP>: IPv4 as four dot-separated numbers 0-255 not part of a longer dotted
//     sequence (so 1.2.3.4.5 is left alone, 10.0.0.1 is not); IPv6 as a valid address
//     (full or "::"-compressed) with at least two groups, one of at least three hex
//     digits, and a digit somewhere: "fe80::1" and "2001:db8::ff00:42:8329" go, while
//     "std::vector", "a::b" and the Python slice "1::2" stay.
//   - <PHONE>: "+" then 8 to 15 digits in groups separated by single spaces, dashes or
//     dots (+44 20 7946 0958); a North-American number, 3-3-4 digits as (555) 123-4567,
//     555-123-4567, 555.123.4567 or 555 123 4567, optionally after "1-" or "+1 "; and
//     what github.com/nyaruka/phonenumbers validates among grouped candidates (see
//     matchPhoneLib): "00" and an international number (0044 20 7946 0958), or a
//     national one of trunkRegions or bareRegions (020 7946 0958, 01 23 45 67 89,
//     030/12345678, 98765 43210, 138 0013 8000, 03-1234-5678, (02) 9876 5432). Dates
//     (2024-01-15), times, versions and lists of numbers are not phones.
//   - <NUMBER>: a card number in groups (4-4-4-4 and the like for 13 to 19 digits,
//     4-6-5, 4-6-4) that starts as a card network's numbers do and passes the Luhn
//     check (see matchCard), or a run of 9 or more digits without separators
//     (account, card, ID and phone numbers, also Unix timestamps). Digits after a
//     decimal point (3.14159265358), and digits touching letters or underscores
//     (0x1234567890, id_123456789) are kept.
//
// Redact is idempotent: placeholders never match again, and the matchers take one
// where digits were, so a shape cut short by digits that became a placeholder stays
// cut short.
func Redact(s string) string {
	if strings.IndexByte(s, '@') >= 0 {
		s = redactEmails(s)
	}
	if strings.IndexByte(s, ':') >= 0 {
		s = redactIPv6(s)
	}
	return redactDigits(s)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isHex(c byte) bool   { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// isWord reports bytes that glue to a number: letters, digits, underscore, and any
// byte of a multi-byte UTF-8 character (letters in other scripts).
func isWord(c byte) bool { return isAlpha(c) || isDigit(c) || c == '_' || c >= 0x80 }

var digitStart = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['+'], t['('] = true, true
	return t
}()

func redactIPv6(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		// Expand around the next colon to the run of hex digits and colons holding it.
		k := strings.IndexByte(s[i:], ':')
		if k < 0 {
			break
		}
		k += i
		j := k
		for j < len(s) && (isHex(s[j]) || s[j] == ':') {
			j++
		}
		i = k
		for i > last && (isHex(s[i-1]) || s[i-1] == ':') {
			i--
		}
		cand := s[i:j]
		// The run must stand alone: not inside a word or a longer token, nor next to a
		// placeholder where the digit pass of an earlier Redact found digits that made the
		// run no address ("0:000::000000000").
		if (i > 0 && (isWord(s[i-1]) || s[i-1] == '.' || endsPlaceholder(s[:i]))) ||
			(j < len(s) && (isWord(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]) || startsPlaceholder(s[j:]))) {
			i = j
			continue
		}
		if isIPv6(cand) {
			b.WriteString(s[last:i])
			b.WriteString(RedactedIP)
			last = j
		}
		i = j
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func isIPv6(c string) bool {
	if strings.Count(c, ":") < 2 {
		return false
	}
	groups, long, digit := 0, false, false
	for _, g := range strings.Split(c, ":") {
		if g == "" {
			continue
		}
		groups++
		if len(g) >= 3 {
			long = true
		}
		if strings.ContainsAny(g, "0123456789") {
			digit = true
		}
	}
	if groups < 2 || !long || !digit {
		return false
	}
	a, err := netip.ParseAddr(c)
	return err == nil && a.Is6()
}

// redactDigits handles the shapes that start with a digit, "+" or "(": IPv4, phones,
// card numbers and long digit runs. It and refRedactDigits, its plain version in the
// tests, differ only in what they skip without calling matchDigits.
func redactDigits(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); {
		c := s[i]
		if !digitStart[c] {
			i++
			// Most bytes start no shape: skip them eight at a time.
			i = skipNoDigitStart(s, i)
			for i < len(s) && !digitStart[s[i]] {
				i++
			}
			continue
		}
		if i > 0 && byteBefore[s[i-1]] != 0 && gluedBefore(s, i) {
			// inside a word or after a decimal point: skip the digit run
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			continue
		}
		if isDigit(c) && !mayBeShape(s[i:]) {
			i++
			for i < len(s) && isDigit(s[i]) {
				i++
			}
			continue
		}
		if n, ph := matchDigits(s, i); n > 0 {
			if last == 0 {
				b.Grow(len(s))
			}
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

// gluedBefore reports whether a shape at s[i], i > 0, would be inside a word, after a
// decimal point, or right after a placeholder of the digit pass, which stands for the
// digits it replaced, so that "0100000000+0 (0)000000" and its redaction agree that the
// "+" is glued to the number before it.
func gluedBefore(s string, i int) bool {
	p := s[i-1]
	switch byteBefore[p] {
	case wordByte:
		return true
	case slowBefore:
		return wordBefore(s, i) || p == '.' && isDigit(s[i]) || p == '>' && endsPlaceholder(s[:i])
	}
	return false
}

// byteBefore sorts the bytes before a shape for gluedBefore: ASCII word bytes glue, other
// ASCII bytes do not (0, which the loop tests for inline), and '.', '>' and non-ASCII
// bytes need a closer look.
var byteBefore = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c == '.' || c == '>' || c >= utf8.RuneSelf:
			t[c] = slowBefore
		case isWord(byte(c)):
			t[c] = wordByte
		}
	}
	return t
}()

const (
	wordByte = 1 + iota
	slowBefore
)

// groupStart is what may follow a separator in a grouped shape: a digit or '('.
var groupStart = func() (t [256]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	t['('] = true
	return t
}()

// glues reports whether r, a non-ASCII rune next to a number, makes the number part of a
// word, as letters, digits and marks do (é123456789), except in the scripts written
// without spaces between words or that attach particles to numbers, where a number
// next to a character is still a number: 电话13800138000, 03-1234-5678まで, 5678로.
// Punctuation such as "：" and "。" does not glue either. Invalid UTF-8 does, as it does
// for the byte-wise isWord.
func glues(r rune) bool {
	if r == utf8.RuneError {
		return true
	}
	if !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
		return false
	}
	return !unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Thai)
}

// wordBefore reports whether the byte or rune before s[i] glues to a number there.
func wordBefore(s string, i int) bool {
	if c := s[i-1]; c < utf8.RuneSelf {
		return isWord(c)
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return glues(r)
}

// wordAt reports whether the byte or rune at s[i], after a number, glues to it.
func wordAt(s string, i int) bool {
	if i >= len(s) {
		return false
	}
	if c := s[i]; c < utf8.RuneSelf {
		return isWord(c)
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return glues(r)
}

// skipNoDigitStart returns i moved past the 8-byte blocks of s that hold no digit, '+'
// or '(', testing each block's bytes together, as skipNoEscape does (a byte equals c when
// x^c, less one, borrows into its high bit; it is between m and n, exclusive, when both
// n-x and x-m carry into it, counted on the low seven bits and masked with its own high
// bit). The loop is in here, not around a call per block, for the call's cost.
func skipNoDigitStart(s string, i int) int {
	const ones, highs, lows = 0x0101010101010101, 0x8080808080808080, 0x7f7f7f7f7f7f7f7f
	for ; i+8 <= len(s); i += 8 {
		x := load8(s[i : i+8])
		low := x & lows
		digit := (ones*(127+'9'+1) - low) &^ x & (low + ones*(127-('0'-1)))
		plus, paren := x^(ones*'+'), x^(ones*'(')
		if (digit|(plus-ones)&^plus|(paren-ones)&^paren)&highs != 0 {
			break
		}
	}
	return i
}

// mayBeShape reports whether the digit run s starts with can begin an IPv4 address, a
// phone, a card or a long number: it has 9 or more digits (a long number), or a space,
// dash, dot or slash and then a digit or '(' follow it, as in every grouped shape. Prose
// and code are full of numbers that are neither, and this spares them the matchers.
func mayBeShape(s string) bool {
	n := digits(s)
	return n >= 9 || n+1 < len(s) && isPhoneSep(s[n]) && groupStart[s[n+1]]
}

// matchDigits tries the shapes at s[i], a digit, '+' or '(' after no word byte, in turn,
// and returns the length of the first that matches, with its placeholder, or 0 when
// none does or the first one runs into a word. Each matcher is tried only where the
// digit run at s[i] and the byte after it allow what it matches, which spares most
// candidates most calls; the matchers that make the library parse come late, after the
// cheap shapes have had their chance.
func matchDigits(s string, i int) (int, string) {
	t := s[i:]
	n, ph := 0, ""
	if !isDigit(t[0]) {
		if n = matchPhone(t); n > 0 {
			ph = RedactedPhone
		} else if n = matchPhoneLib(s, i); n > 0 {
			ph = RedactedPhone
		}
	} else {
		d := digits(t)
		var next byte
		if d < len(t) {
			next = t[d]
		}
		grouped := isPhoneSep(next)
		if d <= 3 && next == '.' {
			if n = matchIPv4(t); n > 0 {
				ph = RedactedIP
			}
		}
		if n == 0 && grouped && (d == 3 || d == 1 && t[0] == '1') {
			if n = matchPhone(t); n > 0 {
				ph = RedactedPhone
			}
		}
		if n == 0 && d == 4 && (next == ' ' || next == '-') {
			if n = matchCard(t); n > 0 {
				ph = RedactedNumber
			}
		}
		if n == 0 && d >= 2 && grouped {
			if n = matchPhoneLib(s, i); n > 0 {
				ph = RedactedPhone
			}
		}
		if n == 0 && d >= 9 {
			if n = matchRun(t); n > 0 {
				ph = RedactedNumber
			}
		}
	}
	if n == 0 || wordAt(s, i+n) || startsPlaceholder(s[i+n:]) {
		return 0, ""
	}
	return n, ph
}

// digits returns the length of the run of digits at the start of s.
func digits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}

func matchIPv4(s string) int {
	i := 0
	for part := 0; part < 4; part++ {
		if part > 0 {
			if i >= len(s) || s[i] != '.' {
				return 0
			}
			i++
		}
		n := digits(s[i:])
		if n == 0 || n > 3 || (n > 1 && s[i] == '0') {
			return 0
		}
		v := 0
		for _, c := range []byte(s[i : i+n]) {
			v = v*10 + int(c-'0')
		}
		if v > 255 {
			return 0
		}
		i += n
	}
	if i < len(s) && s[i] == '.' && i+1 < len(s) && isDigit(s[i+1]) {
		return 0 // a longer dotted sequence, like a version number
	}
	return i
}
