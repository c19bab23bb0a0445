package views

import "time"

// MyBattlesView is /me/battles: a person's battles, with the filters that chose them.
type MyBattlesView struct {
	Filter MyBattlesFilter
	// Models are the choices of the model filter.
	Models []ModelOption
	Rows   []MyBattleRow
	// Next is the URL of the next (older) page, "" on the last; First the URL of the
	// first page of the same filters, "" on the first page.
	Next, First string
}

// MyBattlesFilter is the filter form as submitted, to show it again.
type MyBattlesFilter struct {
	Search, Model, Outcome, Status, From, To string
}

// Active reports whether any filter is set.
func (f MyBattlesFilter) Active() bool {
	return f != MyBattlesFilter{}
}

// ModelOption is one model in a filter's list.
type ModelOption struct {
	Name, Display string
}

// MyBattleRow is one battle of the list. NameA and NameB are "" while the models may
// not be shown (an anonymous battle before its vote); a direct chat (Direct) has only
// NameA.
type MyBattleRow struct {
	Link, Prompt string
	Turns        int
	NameA, NameB string
	Direct       bool
	Winner       string // model_a, model_b, tie, both_bad; "" before the vote
	Status       string
	When         time.Time
}

// VoteText is the row's vote in words.
func (r MyBattleRow) VoteText() string {
	switch r.Winner {
	case "model_a":
		return "A is better"
	case "model_b":
		return "B is better"
	case "tie":
		return "Tie"
	case "both_bad":
		return "Both are bad"
	}
	return "Not voted"
}

var statusNames = map[string]string{"streaming": "Answering", "ready": "Ready to vote", "failed": "Failed", "voted": "Voted"}

// StatusText is the row's status in words.
func (r MyBattleRow) StatusText() string { return statusNames[r.Status] }

func selectedIf(v, want string) bool { return v == want }
