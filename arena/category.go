package arena

import (
	"regexp"
	"slices"
	"strings"
)

var (
	codeRE     = regexp.MustCompile("(?i)```|\\b(code|function|python|javascript|typescript|golang|rust|java|sql|regex|bug|compile|stack trace|class|api|script|program)\\b")
	mathRE     = regexp.MustCompile(`(?i)\b(solve|equation|integral|derivative|prove|probability|calculate|math|algebra|geometry)\b|\d+\s*[-+*/^=]\s*\d+`)
	creativeRE = regexp.MustCompile(`(?i)\b(story|poem|haiku|lyrics|song|fiction|write a|imagine|creative)\b`)
)

// Categorize tags a prompt the way leaderboards split battles: code, math, creative,
// long (over 500 characters). Tags are heuristics; an untagged prompt counts only in
// the overall leaderboard.
func Categorize(prompt string) []string {
	var tags []string
	if codeRE.MatchString(prompt) {
		tags = append(tags, "code")
	}
	if mathRE.MatchString(prompt) {
		tags = append(tags, "math")
	}
	if creativeRE.MatchString(prompt) {
		tags = append(tags, "creative")
	}
	if len([]rune(strings.TrimSpace(prompt))) > 500 {
		tags = append(tags, "long")
	}
	return tags
}

// Categories are the tags Categorize can give, in display order.
var Categories = []string{"code", "math", "creative", "long"}

// IsCategory reports whether tag is one of Categories.
func IsCategory(tag string) bool { return slices.Contains(Categories, tag) }
