package views

import (
	"strings"
	"time"
	"unicode/utf8"
)

// SharedBattleView is a battle behind its public link: what a published battle holds
// (prompts, answers, both models and the vote), nothing of who voted.
type SharedBattleView struct {
	// Battle is shown with the battle page's panes; its Reveal names the models and
	// holds the vote, with no points and no comment.
	Battle BattleView
	// Voted is when the vote was cast; the page and its card show the day.
	Voted time.Time
}

// Verdict says what the voter judged, without the voter.
func (v SharedBattleView) Verdict() string {
	r := v.Battle.Reveal
	switch r.Winner {
	case "model_a":
		return "The voter preferred Model A (" + r.NameA + ")."
	case "model_b":
		return "The voter preferred Model B (" + r.NameB + ")."
	case "tie":
		return "The voter called it a tie."
	}
	return "The voter judged both answers bad."
}

// OpenGraph is a page's link preview card: og:title, og:description, og:type and
// og:url, and Twitter's summary card; with an Image (an absolute URL, as URL is), also
// og:image with its size and alt text, and Twitter's card with a large image.
type OpenGraph struct {
	Title, Description, Type, URL string
	Image, ImageAlt               string
	ImageWidth, ImageHeight       int
}

// CardAlt describes v's preview card (WriteShareCard) in words, for og:image:alt.
func (v SharedBattleView) CardAlt() string {
	r := v.Battle.Reveal
	return "Arena: the prompt “" + Excerpt(v.Battle.Turns[0].Prompt, 120) + "”, answered by Model A, " + r.NameA +
		", and Model B, " + r.NameB + ". " + v.Verdict() + " Voted " + date(v.Voted) + "."
}

// Excerpt is s on one line, cut to at most n characters at a word where it can be.
func Excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func joinReasons(rs []string) string { return strings.Join(rs, ", ") }
