package arena

import (
	"context"
	"fmt"
	"time"
)

// Rater tiers: what a rater's record has earned. Each sets the reward range of the
// rater's votes (see the rewards policy's rater_tiers).
const (
	RaterNew     = "new"
	RaterTrusted = "trusted"
	RaterExpert  = "expert"
)

// TierRule is a rater tier's published rule: at least MinVotes counted votes, and a
// reliability score of at least MinScore sustained over the recent votes and in each of
// the last SustainWeeks weeks the rater voted in.
type TierRule struct {
	Tier     string  `json:"tier"`
	MinVotes int     `json:"min_counted_votes"`
	MinScore float64 `json:"min_score"`
}

// SustainWeeks is how many of the latest weeks with votes a tier's score must hold in.
const SustainWeeks = 4

// DefaultTierRules are the tiers, lowest first.
func DefaultTierRules() []TierRule {
	return []TierRule{{RaterNew, 0, 0}, {RaterTrusted, 50, 0.7}, {RaterExpert, 200, 0.85}}
}

// RaterHistory is what a rater's reliability is computed from: their recent scored votes
// (the same ones vote scoring looks at) and a weekly record.
type RaterHistory struct {
	CountedVotes int
	// Recent scored votes: how many, their mean quality score, how many were read in
	// under half the time their answers need, the decisive ones and how many went left,
	// and their consensus p-values (gold battles left out).
	Scored         int
	MeanScore      float64
	Fast           int
	Left, Decisive int
	PValues        []float64
	// Every gold battle the rater voted in, and those failed (an appeal granted counts
	// as passed).
	GoldVotes, GoldFailed int
	// Weeks holds the mean score of each ISO week with scored votes, oldest first.
	Weeks []WeekScore
	// Qualification is how the rater's qualification went (Battles 0 when there is
	// none).
	Qualification QualificationResult
}

// WeekScore is a rater's mean vote score in one week.
type WeekScore struct {
	Start time.Time `json:"week"`
	Votes int       `json:"votes"`
	Score float64   `json:"score"`
}

// RaterStore reads rater histories.
type RaterStore interface {
	// RaterHistory reads userID's last recent scored votes and their weeks since since.
	RaterHistory(ctx context.Context, userID int64, recent int, since time.Time) (*RaterHistory, error)
	// QualificationStore reads the rater's qualification.
	QualificationStore
}

// Component is one part of a reliability score, explained.
type Component struct {
	Name string `json:"name"`
	// Value is the measure in words ("2 of 3 gold battles passed"); OK is false when it
	// lowers the rater's vote scores; Meaning says what it measures and what it does to
	// rewards.
	Value   string `json:"value"`
	OK      bool   `json:"ok"`
	Meaning string `json:"meaning"`
}

// Reliability is a rater's score, its parts, its history and the tier it earns.
type Reliability struct {
	// Score is the mean quality score of the recent votes (0 to 1); 0 with none.
	Score        float64       `json:"score"`
	Votes        int           `json:"scored_votes"`
	CountedVotes int           `json:"counted_votes"`
	Components   []Component   `json:"components"`
	Weeks        []WeekScore   `json:"weeks"`
	Tier         string        `json:"tier"`
	Next         *TierProgress `json:"next,omitempty"`
	// Qualification is the rater's qualification and its state (nil when none is
	// configured).
	Qualification *QualificationView `json:"qualification,omitempty"`
}

// QualificationView is a rater's qualification as they are told it.
type QualificationView struct {
	QualificationResult
	State string `json:"state"`
	Words string `json:"words"`
}

// TierProgress says what the next tier needs.
type TierProgress struct {
	Tier     string  `json:"tier"`
	MinVotes int     `json:"min_counted_votes"`
	MinScore float64 `json:"min_score"`
}

// Raters computes raters' reliability and tiers.
type Raters struct {
	Store  RaterStore
	Policy QualityPolicy
	Clock  Clock
	// Rules are the tiers, lowest first; DefaultTierRules when nil.
	Rules []TierRule
	// Recent is how many of the latest votes count (50 when zero, as vote scoring).
	Recent int
	// Qualification is the rater's first battles, with more gold battles; a rater
	// moves up from the lowest tier only once it is passed.
	Qualification Qualification
}

// TierRules are the tiers in force, lowest first.
func (r *Raters) TierRules() []TierRule {
	if r.Rules == nil {
		return DefaultTierRules()
	}
	return r.Rules
}

// Of computes userID's reliability now.
func (r *Raters) Of(ctx context.Context, userID int64) (*Reliability, error) {
	recent := r.Recent
	if recent == 0 {
		recent = 50
	}
	h, err := r.Store.RaterHistory(ctx, userID, recent, WeekStart(r.Clock.Now()).AddDate(0, 0, -7*11))
	if err != nil {
		return nil, err
	}
	if h.Qualification, err = QualificationOf(ctx, r.Store, r.Qualification, userID); err != nil {
		return nil, err
	}
	return r.Judge(h), nil
}

// QualificationOf is userID's qualification, without the rest of their record: what
// the battle page tells a rater qualifying.
func (r *Raters) QualificationOf(ctx context.Context, userID int64) (QualificationResult, error) {
	return QualificationOf(ctx, r.Store, r.Qualification, userID)
}

// Tier is userID's rater tier now.
func (r *Raters) Tier(ctx context.Context, userID int64) (string, error) {
	rel, err := r.Of(ctx, userID)
	if err != nil {
		return "", err
	}
	return rel.Tier, nil
}

// Judge is the pure core of Of.
func (r *Raters) Judge(h *RaterHistory) *Reliability {
	rel := &Reliability{Score: h.MeanScore, Votes: h.Scored, CountedVotes: h.CountedVotes, Weeks: h.Weeks}
	if rel.Weeks == nil {
		rel.Weeks = []WeekScore{}
	}
	p := r.Policy
	gold := Component{Name: "Gold battles", OK: true,
		Meaning: "Now and then one answer is deliberately broken. Choosing it twice or more lowers the score of every vote you cast, and with it the points votes earn; a single slip is forgiven."}
	if h.GoldVotes == 0 {
		gold.Value = "none yet"
	} else {
		gold.Value = fmt.Sprintf("%d of %d passed", h.GoldVotes-h.GoldFailed, h.GoldVotes)
		gold.OK = h.GoldFailed < 2
	}
	consensus := Component{Name: "Agreement with other voters", OK: true,
		Meaning: "How likely your choices are given what everyone else chose for the same pairs of models. Disagreeing is fine; disagreeing far more than chance explains lowers your votes' scores and rewards."}
	if len(h.PValues) < 10 {
		consensus.Value = fmt.Sprintf("not judged yet (%d of 10 votes needed)", len(h.PValues))
	} else {
		pv := FisherCombine(h.PValues)
		consensus.OK = pv >= p.ConsensusAlpha
		consensus.Value = fmt.Sprintf("combined p = %.2g over %d votes", pv, len(h.PValues))
	}
	reading := Component{Name: "Reading time", OK: h.Fast < 5,
		Value:   fmt.Sprintf("%d of your last %d votes read in under half the time their answers need", h.Fast, h.Scored),
		Meaning: "The time from the answers being complete to your vote, against their length. A quick vote now and then is fine; a habit of them halves those votes' scores and puts the account under review."}
	bias := Component{Name: "Position bias", OK: true,
		Meaning: "Whether you pick the left or the right answer far more often than chance explains, whatever they say. Strong bias cuts your votes' scores, and their points, to under a third."}
	if h.Decisive < p.BiasMinVotes {
		bias.Value = fmt.Sprintf("not judged yet (%d of %d decisive votes needed)", h.Decisive, p.BiasMinVotes)
	} else {
		k := max(h.Left, h.Decisive-h.Left)
		bias.OK = binomialTail(h.Decisive, k, 0.5)*2 >= 1e-3
		bias.Value = fmt.Sprintf("%d of %d decisive votes to the left", h.Left, h.Decisive)
	}
	rel.Components = []Component{gold, consensus, reading, bias}
	qualified := true
	if q := h.Qualification; q.Battles > 0 {
		state := q.State()
		rel.Qualification = &QualificationView{QualificationResult: q, State: state, Words: q.Words()}
		qualified = state == QualifyPassed
		rel.Components = append(rel.Components, Component{Name: "Qualification", Value: q.Words(), OK: state != QualifyFailed,
			Meaning: fmt.Sprintf("Your first %d battles include more gold battles. Until you have passed them you stay in the lowest tier, whatever your score: failing more than half of their gold battles keeps you there.", q.Battles)})
	}
	rules := r.TierRules()
	rel.Tier = rules[0].Tier
	for i, t := range rules {
		if i > 0 && (!qualified || !sustained(h, t)) {
			rel.Next = &TierProgress{Tier: t.Tier, MinVotes: t.MinVotes, MinScore: t.MinScore}
			break
		}
		rel.Tier = t.Tier
	}
	return rel
}

// sustained reports whether h meets rule t: its counted votes, its recent score, and its
// score in each of the latest SustainWeeks weeks with votes.
func sustained(h *RaterHistory, t TierRule) bool {
	if h.CountedVotes < t.MinVotes || h.Scored == 0 || h.MeanScore < t.MinScore {
		return false
	}
	for i := len(h.Weeks) - 1; i >= 0 && i >= len(h.Weeks)-SustainWeeks; i-- {
		if h.Weeks[i].Score < t.MinScore {
			return false
		}
	}
	return true
}

// WeekStart is the start of t's ISO week (Monday 00:00 UTC): the window of the weekly
// reward cap and of a rater's weekly record.
func WeekStart(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
}
