package arena

import "unicode/utf8"

// Truncate shortens s to at most n runes, marking a cut with "…". It counts runes, not
// bytes, so a cut never splits a character of a message shown to people.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
