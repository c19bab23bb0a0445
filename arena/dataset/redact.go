package dataset

import (
	"net/netip"
	"strings"
)

// Placeholders that replace personal data in exported prompts and answers.
const (
	RedactedEmail  = "<EMAIL>"
	RedactedPhone  = "<PHONE>"
	RedactedIP     = "<IP>"
	RedactedNumber = "<NUMBER>"
)

// Redact replaces e-mail addresses, phone numbers, IP addresses and long digit runs in
// s with placeholders. It is conservative about shapes, to leave code and prose alone:
//
//   - <EMAIL>: local@domain.tld, with a local part of letters, digits and ._%+-, and a
//     domain of at least two dot-separated labels ending in a top-level domain of two
//     or more letters. "@Override", "user@host" and "@media" are left alone.
//   - <IP>: IPv4 as four dot-separated numbers 0-255 not part of a longer dotted
//     sequence (so 1.2.3.4.5 is left alone, 10.0.0.1 is not); IPv6 as a valid address
//     (full or "::"-compressed) with at least two groups, one of at least three hex
//     digits, and a digit somewhere: "fe80::1" and "2001:db8::ff00:42:8329" go, while
//     "std::vector", "a::b" and the Python slice "1::2" stay.
//   - <PHONE>: an international number ("+" then 8 to 15 digits in groups separated by
//     single spaces, dashes or dots, e.g. +44 20 7946 0958), or a North-American one,
//     3-3-4 digits as (555) 123-4567, 555-123-4567, 555.123.4567 or 555 123 4567,
//     optionally after "1-" or "+1 ". Dates (2024-01-15) and times are not phones.
//   - <NUMBER>: a card-like number (groups of four digits separated by single spaces
//     or dashes, 13 to 19 digits in all) or a run of 9 or more digits (account, card,
//     ID numbers, also Unix timestamps). Digits after a decimal point (3.14159265358),
//     and digits touching letters or underscores (0x1234567890, id_123456789) are kept.
//
// Redact is idempotent: placeholders never match again.
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

func isLocalChar(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

func redactEmails(s string) string {
	var b strings.Builder
	last := 0
	for i := 0; i < len(s); i++ {
		k := strings.IndexByte(s[i:], '@')
		if k < 0 {
			break
		}
		i += k
		// local part: back from the @
		start := i
		for start > last && isLocalChar(s[start-1]) {
			start--
		}
		for start < i && (s[start] == '.' || s[start] == '-' || s[start] == '+') {
			start++ // a local part does not start with punctuation
		}
		if start == i {
			continue
		}
		// domain: labels of letters, digits and '-', separated by dots
		j, labels, lastLabel := i+1, 0, ""
		for {
			k := j
			for k < len(s) && (isAlpha(s[k]) || isDigit(s[k]) || s[k] == '-') {
				k++
			}
			if k == j {
				break
			}
			labels++
			lastLabel = s[j:k]
			j = k
			if j+1 < len(s) && s[j] == '.' && (isAlpha(s[j+1]) || isDigit(s[j+1])) {
				j++
				continue
			}
			break
		}
		if labels < 2 || len(lastLabel) < 2 || !allAlpha(lastLabel) {
			continue
		}
		if last == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:start])
		b.WriteString(RedactedEmail)
		last = j
		i = j - 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

func allAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return true
}

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
		// The run must stand alone: not inside a word or a longer token.
		if (i > 0 && (isWord(s[i-1]) || s[i-1] == '.')) || (j < len(s) && (isWord(s[j]) || s[j] == '.' && j+1 < len(s) && isDigit(s[j+1]))) {
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
// card numbers and long digit runs.
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
		if i > 0 && (isWord(s[i-1]) || (s[i-1] == '.' && isDigit(c))) {
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
		n, ph := 0, ""
		if isDigit(c) {
			if n = matchIPv4(s[i:]); n > 0 {
				ph = RedactedIP
			}
		}
		if n == 0 {
			if n = matchPhone(s[i:]); n > 0 {
				ph = RedactedPhone
			}
		}
		if n == 0 && isDigit(c) {
			if n = matchLongNumber(s[i:]); n > 0 {
				ph = RedactedNumber
			}
		}
		if n > 0 && (i+n == len(s) || !isWord(s[i+n])) {
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
// phone or a long number, by its length and the byte after it: 9 or more digits (a long
// number), up to 3 and a '.' (IPv4, a North-American "555.", the "1." prefix), 3 and a
// '-' or ' ' ("555-", "555 "), 4 and one of those (a card's first group), or a "1" and
// one (the "1-" prefix). Prose and code are full of numbers that are none of these, and
// this spares them the matchers.
func mayBeShape(s string) bool {
	n := digits(s)
	if n >= 9 {
		return true
	}
	if n == len(s) {
		return false
	}
	switch s[n] {
	case '.':
		return n <= 3
	case '-', ' ':
		return n == 3 || n == 4 || n == 1 && s[0] == '1'
	}
	return false
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

// matchPhone matches an international (+...) or North-American phone number at the
// start of s and returns its length.
func matchPhone(s string) int {
	if len(s) > 0 && s[0] == '+' {
		if n := matchNANP(s, "+1 ", "+1-", "+1."); n > 0 {
			return n
		}
		// +CC groups: digits in groups separated by one space, dash or dot
		i, total, groups := 1, 0, 0
		end := 0
		for {
			if i < len(s) && s[i] == '(' { // +44 (0)20 ...
				k := digits(s[i+1:])
				if k == 0 || i+1+k >= len(s) || s[i+1+k] != ')' {
					break
				}
				total += k
				i += k + 2
				groups++
				end = i
				if i < len(s) && isDigit(s[i]) {
					continue
				}
			} else {
				k := digits(s[i:])
				if k == 0 {
					break
				}
				total += k
				groups++
				i += k
				end = i
			}
			if i+1 < len(s) && (s[i] == ' ' || s[i] == '-' || s[i] == '.') && (isDigit(s[i+1]) || s[i+1] == '(') {
				i++
				continue
			}
			break
		}
		if total >= 8 && total <= 15 && groups >= 1 {
			return end
		}
		return 0
	}
	return matchNANP(s, "1-", "1 ", "1.")
}

// matchNANP matches (ddd) ddd-dddd, ddd-ddd-dddd, ddd.ddd.dddd or ddd ddd dddd,
// optionally after one of prefixes.
func matchNANP(s string, prefixes ...string) int {
	if n := nanp(s); n > 0 {
		return n
	}
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			if n := nanp(s[len(p):]); n > 0 {
				return len(p) + n
			}
		}
	}
	return 0
}

func nanp(s string) int {
	i := 0
	var sep byte
	if strings.HasPrefix(s, "(") {
		if len(s) < 5 || digits(s[1:]) != 3 || s[4] != ')' {
			return 0
		}
		i = 5
		if i < len(s) && s[i] == ' ' {
			i++
		}
	} else {
		if digits(s) != 3 || len(s) < 4 {
			return 0
		}
		sep = s[3]
		if sep != '-' && sep != '.' && sep != ' ' {
			return 0
		}
		i = 4
	}
	if digits(s[i:]) != 3 {
		return 0
	}
	i += 3
	if i >= len(s) {
		return 0
	}
	if sep == 0 {
		if s[i] != '-' && s[i] != '.' && s[i] != ' ' {
			return 0
		}
	} else if s[i] != sep {
		return 0
	}
	i++
	if digits(s[i:]) != 4 {
		return 0
	}
	i += 4
	if i < len(s) && (s[i] == '.' || s[i] == '-') && i+1 < len(s) && isDigit(s[i+1]) {
		return 0
	}
	return i
}

// matchLongNumber matches a card-like number (4-digit groups, 13 to 19 digits) or a
// run of 9 or more digits not followed by a decimal point and digits.
func matchLongNumber(s string) int {
	// card: dddd[ -]dddd[ -]dddd[ -]d{1,7}
	if digits(s) == 4 && len(s) > 4 && (s[4] == ' ' || s[4] == '-') {
		sep := s[4]
		i, total := 0, 0
		for {
			k := digits(s[i:])
			if k == 0 || k > 4 {
				break
			}
			total += k
			i += k
			if k == 4 && i+1 < len(s) && s[i] == sep && isDigit(s[i+1]) {
				i++
				continue
			}
			break
		}
		if total >= 13 && total <= 19 && (i >= len(s) || !isDigit(s[i])) {
			return i
		}
	}
	n := digits(s)
	if n < 9 {
		return 0
	}
	if n+1 < len(s) && s[n] == '.' && isDigit(s[n+1]) {
		return 0 // 123456789.5 is a quantity
	}
	return n
}
