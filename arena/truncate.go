package arena

// Truncate shortens s to at most n runes, marking a cut with "…". It counts runes, not
// bytes, so a cut never splits a character of a message shown to people.
// It stops reading at the cut, so a huge s (a model name of megabytes in a battle file)
// costs no more than a short one.
func Truncate(s string, n int) string {
	count := 0
	for i := range s {
		if count == n {
			return s[:i] + "…"
		}
		count++
	}
	return s
}
