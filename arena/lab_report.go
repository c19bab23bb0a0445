package arena

import (
	"context"
	"time"
)

// CategoryVotes counts a model's votes in one category.
type CategoryVotes struct {
	Category          string
	Votes, Wins, Ties int64
	Losses            int64
}

// ReasonCount is how often voters ticked a reason when this model won, and when it lost.
type ReasonCount struct {
	Reason    string
	Won, Lost int64
}

// SampleBattle is a voted battle of a model whose terms allow showing it.
type SampleBattle struct {
	ID       string
	Prompt   string
	AnswerA  string
	AnswerB  string
	ModelA   string
	ModelB   string
	Winner   Winner
	Reasons  []string
	VotedAt  time.Time
	Category []string
}

// LabBattleRow is one voted battle of a lab's model, for its CSV download.
type LabBattleRow struct {
	BattleID string
	VotedAt  time.Time
	Model    string // the lab's model
	Opponent string
	Side     string // "a" or "b"
	Result   string // win, loss, tie, both_bad (for the lab's model)
	Category []string
	Reasons  []string
	Turns    int
	// Prompt and Answer (the lab's model's first answer) are filled only when the voter
	// consented to publication.
	Prompt, Answer string
}

// LabReportStore reads what the lab dashboards report of their models' votes.
type LabReportStore interface {
	ModelCategoryVotes(ctx context.Context, modelID int64) ([]CategoryVotes, error)
	ModelReasons(ctx context.Context, modelID int64) ([]ReasonCount, error)
	SampleBattles(ctx context.Context, modelID int64, limit int) ([]SampleBattle, error)
	LabBattles(ctx context.Context, labID int64, fn func(*LabBattleRow) error) error
	// ModelFailures returns the model's latest failed answers in full, newest first.
	ModelFailures(ctx context.Context, modelID int64, limit int) ([]AnswerFailure, error)
}

// ModelReport is what a model's dashboard shows of its votes.
type ModelReport struct {
	Model *LabModel
	// History is the model's rating in recent snapshots, oldest first.
	History    []RatingPoint
	Categories []CategoryVotes
	Reasons    []ReasonCount
	// Samples are recent battles whose voters and opponents allow showing them.
	Samples []SampleBattle
	// Failures are the model's latest failed answers in full, newest first: for its lab
	// and administrators, never for voters.
	Failures []AnswerFailure
}

// How much of a model's past its dashboard shows.
const (
	reportHistory  = 500
	reportSamples  = 5
	reportFailures = 20
)

// ModelReport returns the dashboard report of a model actor may manage (see Model).
func (l *Labs) ModelReport(ctx context.Context, actor *User, id int64) (*ModelReport, error) {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	r := &ModelReport{Model: m}
	if r.History, err = l.SnapshotStore.RatingHistory(ctx, m.Name, reportHistory); err != nil {
		return nil, err
	}
	if r.Categories, err = l.ReportStore.ModelCategoryVotes(ctx, m.ID); err != nil {
		return nil, err
	}
	if r.Reasons, err = l.ReportStore.ModelReasons(ctx, m.ID); err != nil {
		return nil, err
	}
	if r.Samples, err = l.ReportStore.SampleBattles(ctx, m.ID, reportSamples); err != nil {
		return nil, err
	}
	if r.Failures, err = l.ReportStore.ModelFailures(ctx, m.ID, reportFailures); err != nil {
		return nil, err
	}
	return r, nil
}

// Battles calls fn for every voted battle of the lab's models, oldest first, for a
// member of the lab or an admin.
func (l *Labs) Battles(ctx context.Context, actor *User, labID int64, fn func(*LabBattleRow) error) error {
	if _, err := l.roleIn(ctx, actor, labID); err != nil {
		return err
	}
	return l.ReportStore.LabBattles(ctx, labID, fn)
}
