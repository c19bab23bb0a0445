package ranking

import (
	"fmt"
	"slices"
)

// Outcome is the result of one battle, seen from model_a.
type Outcome uint8

// The four outcomes of a vote.
const (
	WinA    Outcome = iota // model_a won
	WinB                   // model_b won
	Tie                    // a tie: both answers equally good
	BothBad                // a tie where both answers were bad
)

// String returns the outcome's name as used in battle files: model_a, model_b, tie or
// both_bad.
func (o Outcome) String() string {
	switch o {
	case WinA:
		return "model_a"
	case WinB:
		return "model_b"
	case Tie:
		return "tie"
	case BothBad:
		return "both_bad"
	}
	return fmt.Sprintf("Outcome(%d)", uint8(o))
}

// ScoreA is model_a's score in the battle: 1 for a win, 0 for a loss and 1/2 for a tie
// or a both-bad vote.
func (o Outcome) ScoreA() float64 {
	switch o {
	case WinA:
		return 1
	case WinB:
		return 0
	}
	return 0.5
}

// IsTie reports whether o is a tie or a both-bad vote.
func (o Outcome) IsTie() bool { return o == Tie || o == BothBad }

// ParseOutcome parses a winner field in any of the spellings LMArena publishes:
// model_a, model_b, tie, both_bad, "tie (bothbad)" (clean_battle logs) and bothbad.
func ParseOutcome(s string) (Outcome, error) {
	switch s {
	case "model_a":
		return WinA, nil
	case "model_b":
		return WinB, nil
	case "tie":
		return Tie, nil
	case "both_bad", "tie (bothbad)", "bothbad":
		return BothBad, nil
	}
	return 0, fmt.Errorf("%q is not one of model_a, model_b, tie, both_bad", s)
}

// Style is the style of one answer: its length in tokens and its Markdown headers, list
// items and bold spans. See [StyleOf].
type Style struct {
	Tokens  int `json:"tokens"`
	Headers int `json:"headers"`
	Lists   int `json:"lists"`
	Bold    int `json:"bold"`
}

// Battle is one vote between two models.
type Battle struct {
	ModelA, ModelB string
	Outcome        Outcome
	// Time is when the vote was cast, in seconds since 1970 (0 if unknown). Online Elo
	// processes battles in this order.
	Time float64
	// Tags select the battle into categories (see [Battle.HasTag]).
	Tags []string
	// StyleA and StyleB describe the two answers when HasStyle is set; style control
	// needs them.
	StyleA, StyleB Style
	HasStyle       bool
	// ID is the source's id for the battle (id or question_id), when the reader was
	// asked for it; --features files are keyed by it.
	ID string
	// PromptKey identifies the battle's prompt for deduplication (see [PromptKeyOf]);
	// 0 when unknown.
	PromptKey uint64
}

// HasTag reports whether the battle carries tag.
func (b *Battle) HasTag(tag string) bool { return slices.Contains(b.Tags, tag) }

// Validate reports a battle that cannot be counted: a missing model name or a model
// against itself.
func (b *Battle) Validate() error {
	switch {
	case b.ModelA == "":
		return fmt.Errorf("model_a is empty")
	case b.ModelB == "":
		return fmt.Errorf("model_b is empty")
	case b.ModelA == b.ModelB:
		return fmt.Errorf("model_a and model_b are both %q", b.ModelA)
	case b.Outcome > BothBad:
		return fmt.Errorf("invalid outcome %d", b.Outcome)
	}
	return nil
}

// BattleSource streams battles: it calls yield once per battle, in order, and stops at
// the first error yield returns, returning it. Files, databases and in-memory slices are
// all sources.
type BattleSource func(yield func(Battle) error) error

// SliceSource is a BattleSource over an in-memory slice.
func SliceSource(battles []Battle) BattleSource {
	return func(yield func(Battle) error) error {
		for _, b := range battles {
			if err := yield(b); err != nil {
				return err
			}
		}
		return nil
	}
}

// TagFilter returns a predicate selecting battles that carry tag; an empty tag selects
// every battle.
func TagFilter(tag string) func(*Battle) bool {
	if tag == "" {
		return func(*Battle) bool { return true }
	}
	return func(b *Battle) bool { return b.HasTag(tag) }
}
