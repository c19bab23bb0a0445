package arena

import "time"

// Observer hears what the services do, for the operator's metrics. Its methods are
// called on hot paths: implementations must be cheap and safe for concurrent use.
// Labels it is given come from bounded sets (statuses, outcomes, error codes), except
// model names, which an implementation must bound itself.
type Observer interface {
	// BattleStarted: a battle's answers began streaming.
	BattleStarted()
	// TurnEnded: both answers of a turn are in; outcome is ready, failed or
	// interrupted (a failed turn the server's stop cut short, see Battle.Interrupted).
	TurnEnded(outcome string)
	// VoteRecorded: a vote was stored; counted says whether it entered the boards.
	VoteRecorded(w Winner, counted bool)
	// AnswerEnded: one side's answer ended, "ok" or with the kind of failure
	// (AnswerFailureKind), after firstToken (zero if none came) and total.
	AnswerEnded(model, outcome string, firstToken, total time.Duration)
	// ModelPaused: a model was paused automatically for failing.
	ModelPaused(model string)
	// BoardComputed: a leaderboard was fitted ("fit") or bootstrapped ("bootstrap").
	BoardComputed(kind string, d time.Duration)
	// SettlementStep: a settlement run reached a step (snapshotted, tree_built,
	// tx_sent, broadcast, confirmed).
	SettlementStep(step string)
}

// NopObserver hears nothing: the observer of services built without metrics.
type NopObserver struct{}

func (NopObserver) BattleStarted()                                           {}
func (NopObserver) TurnEnded(string)                                         {}
func (NopObserver) VoteRecorded(Winner, bool)                                {}
func (NopObserver) AnswerEnded(string, string, time.Duration, time.Duration) {}
func (NopObserver) ModelPaused(string)                                       {}
func (NopObserver) BoardComputed(string, time.Duration)                      {}
func (NopObserver) SettlementStep(string)                                    {}

// Answer outcomes beside the error codes AnswerFailureKind gives.
const (
	AnswerOK      = "ok"
	AnswerTimeout = "timeout"
	// AnswerCutShort is an answer the server's stop interrupted (AnswerInterrupted).
	AnswerCutShort = string(AnswerInterrupted)
	AnswerEmpty    = "empty" // the call succeeded with no answer text
	// AnswerStoppedByVoter is an answer its voter stopped (AnswerStopped).
	AnswerStoppedByVoter = string(AnswerStopped)
)

// AnswerFailureKind names an answer's failure for metrics: the error's code
// (unavailable, invalid, rate_limited...), from a bounded set.
func AnswerFailureKind(err error) string { return ErrorCode(err) }
