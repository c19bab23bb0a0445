package dataset

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

func isLocalChar(c byte) bool {
	return isAlpha(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'
}

// isIDNChar reports the non-ASCII runes an internationalised address may hold in its
// local part and domain labels: letters, digits, and the combining marks that scripts
// such as Devanagari and Thai write vowels with. Punctuation and symbols end an address,
// so "—" or "。" after one is not swallowed.
func isIDNChar(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
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
		start, end := matchEmail(s, last, i)
		if end == 0 {
			continue
		}
		if last == 0 {
			b.Grow(len(s))
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

// matchEmail returns the bounds of the e-mail address around the '@' at s[at], or 0, 0.
// The local part reaches back no further than last, the end of the previous address.
func matchEmail(s string, last, at int) (start, end int) {
	start = at
	for start > last {
		if c := s[start-1]; c < utf8.RuneSelf {
			if !isLocalChar(c) {
				break
			}
			start--
			continue
		}
		r, n := utf8.DecodeLastRuneInString(s[last:start])
		if !isIDNChar(r) {
			break
		}
		start -= n
	}
	for start < at && (s[start] == '.' || s[start] == '-' || s[start] == '+') {
		start++ // a local part does not start with punctuation
	}
	if start == at {
		return 0, 0
	}
	// domain: labels of letters, digits and '-', separated by dots
	j, labels, lastLabel := at+1, 0, ""
	for {
		k := j + labelLen(s[j:])
		if k == j {
			break
		}
		labels++
		lastLabel = s[j:k]
		j = k
		if j+1 < len(s) && s[j] == '.' && labelLen(s[j+1:]) > 0 {
			j++
			continue
		}
		break
	}
	// A placeholder right after stands for the digits that made the last label no TLD
	// before the digit pass ran: "a@b.广告3056 930902 5904" has no address.
	if labels < 2 || !isTLD(lastLabel) || startsPlaceholder(s[j:]) {
		return 0, 0
	}
	return start, j
}

// labelLen returns the length of the domain label at the start of s.
func labelLen(s string) int {
	k := 0
	for k < len(s) {
		if c := s[k]; c < utf8.RuneSelf {
			if !isAlpha(c) && !isDigit(c) && c != '-' {
				break
			}
			k++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[k:])
		if !isIDNChar(r) {
			break
		}
		k += n
	}
	return k
}

// isTLD reports whether a last label can be a top-level domain: two or more letters, in
// any script (.de, .рф, .广告), or an IDN one in its ASCII form (.xn--p1ai). Requiring
// letters keeps "pkg@1.2.3" and "user@host.c" out.
func isTLD(l string) bool {
	if len(l) > 4 && strings.EqualFold(l[:4], "xn--") {
		for i := 4; i < len(l); i++ {
			if !isAlpha(l[i]) && !isDigit(l[i]) && l[i] != '-' {
				return false
			}
		}
		return true
	}
	if len(l) >= 2 && allAlpha(l) {
		return true
	}
	n := 0
	for i, r := range l {
		if r < utf8.RuneSelf {
			if !isAlpha(byte(r)) {
				return false
			}
		} else if !unicode.IsLetter(r) && (i == 0 || !unicode.IsMark(r)) {
			return false
		}
		n++
	}
	return n >= 2
}

func allAlpha(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlpha(s[i]) {
			return false
		}
	}
	return true
}
