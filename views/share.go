package views

import (
	"strings"
	"time"
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
// og:url, and Twitter's summary card.
type OpenGraph struct {
	Title, Description, Type, URL string
}

func joinReasons(rs []string) string { return strings.Join(rs, ", ") }
