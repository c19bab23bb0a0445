package arena

import (
	"context"
	"fmt"
	"math"
	"strings"
)

// Qualification is a rater's first anonymous battles: more of them are gold battles, so
// that the arena learns early whether a newcomer reads the answers, and the rater is
// told they are qualifying. Its result is part of their reliability: a rater still
// qualifying, or who failed, stays in the lowest tier.
type Qualification struct {
	// Battles is how many of a rater's first anonymous battles qualify (0: none).
	Battles int
	// GoldRate is the share of them that are gold battles (the usual GoldRate when
	// lower).
	GoldRate float64
}

// DefaultQualification is the qualification of `arena serve` without flags.
func DefaultQualification() Qualification { return Qualification{Battles: 10, GoldRate: 0.2} }

// QualificationResult is how a rater's qualification went: how many of its battles
// they have started (at most Battles), and the gold battles among them they voted in
// and failed (a failure overturned on appeal counts as passed).
type QualificationResult struct {
	Battles               int `json:"battles"`
	Started               int `json:"started"`
	GoldVotes, GoldFailed int
}

// Qualification states.
const (
	QualifyNone    = "" // no qualification configured
	QualifyOngoing = "qualifying"
	QualifyPassed  = "passed"
	QualifyFailed  = "failed"
)

// State is where the qualification stands: qualifying until every qualification battle
// was started, then failed if more than half of its gold battles were failed, passed
// otherwise (also when none of its battles happened to be gold).
func (q QualificationResult) State() string {
	switch {
	case q.Battles <= 0:
		return QualifyNone
	case q.Started < q.Battles:
		return QualifyOngoing
	case 2*q.GoldFailed > q.GoldVotes:
		return QualifyFailed
	}
	return QualifyPassed
}

// Words tells the rater how their qualification stands.
func (q QualificationResult) Words() string {
	gold := fmt.Sprintf("%d of %d gold battles passed so far", q.GoldVotes-q.GoldFailed, q.GoldVotes)
	switch q.State() {
	case QualifyOngoing:
		return fmt.Sprintf("Qualifying: %d of your first %d battles started. They include more gold battles (one answer deliberately broken), so read both answers; %s.", q.Started, q.Battles, gold)
	case QualifyPassed:
		return fmt.Sprintf("Qualification passed: %d of %d gold battles passed in your first %d battles.", q.GoldVotes-q.GoldFailed, q.GoldVotes, q.Battles)
	case QualifyFailed:
		return fmt.Sprintf("Qualification failed: you chose the broken answer in %d of %d gold battles in your first %d battles. You stay in the lowest tier; you can appeal a failed gold battle.", q.GoldFailed, q.GoldVotes, q.Battles)
	}
	return ""
}

// QualificationStore reads what a qualification needs.
type QualificationStore interface {
	// BattlesStarted counts userID's anonymous battles of this arena, stopping at upTo.
	BattlesStarted(ctx context.Context, userID int64, upTo int) (int, error)
	// QualificationGold reads, of userID's first n anonymous battles, the gold ones
	// voted in and failed (an appeal granted counts as passed).
	QualificationGold(ctx context.Context, userID int64, n int) (votes, failed int, err error)
}

// QualificationOf reads userID's qualification under q.
func QualificationOf(ctx context.Context, store QualificationStore, q Qualification, userID int64) (QualificationResult, error) {
	r := QualificationResult{Battles: q.Battles}
	if q.Battles <= 0 {
		return r, nil
	}
	var err error
	if r.Started, err = store.BattlesStarted(ctx, userID, q.Battles); err != nil {
		return r, err
	}
	r.GoldVotes, r.GoldFailed, err = store.QualificationGold(ctx, userID, q.Battles)
	return r, err
}

// goldDecision draws whether a new battle is gold and which side is broken: at the
// qualification's rate while the rater is qualifying, at GoldRate otherwise.
func (q *Quality) goldDecision(r func() float64, qualifying bool) string {
	if q == nil {
		return ""
	}
	rate := q.GoldRate
	if qualifying {
		rate = max(rate, q.Qualification.GoldRate)
	}
	if rate <= 0 || r() >= rate {
		return ""
	}
	if r() < 0.5 {
		return "a"
	}
	return "b"
}

// qualifying reports whether userID's next anonymous battle is one of their
// qualification's.
func (q *Quality) qualifying(ctx context.Context, userID int64) (bool, error) {
	if q.Qualification.Battles <= 0 {
		return false, nil
	}
	n, err := q.Store.BattlesStarted(ctx, userID, q.Qualification.Battles)
	return n < q.Qualification.Battles, err
}

// corrupt breaks an answer for a gold battle: its sentences shuffled and the last
// third dropped, so it reads as plausible words that no longer answer anything.
func corrupt(text string, r func(n int) int) string {
	var sentences []string
	start := 0
	for i, c := range text {
		if c == '.' || c == '!' || c == '?' || c == '\n' {
			if s := strings.TrimSpace(text[start : i+1]); s != "" {
				sentences = append(sentences, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		sentences = append(sentences, s)
	}
	if len(sentences) < 3 {
		words := strings.Fields(text)
		for i := len(words) - 1; i > 0; i-- {
			j := r(i + 1)
			words[i], words[j] = words[j], words[i]
		}
		return strings.Join(words[:max(1, len(words)*2/3)], " ")
	}
	for i := len(sentences) - 1; i > 0; i-- {
		j := r(i + 1)
		sentences[i], sentences[j] = sentences[j], sentences[i]
	}
	keep := int(math.Ceil(float64(len(sentences)) * 2 / 3))
	return strings.Join(sentences[:keep], " ")
}

// goldProvider streams a corrupted version of the real provider's answer.
type goldProvider struct {
	p Provider
	r func(n int) int
}

func (g goldProvider) Stream(ctx context.Context, req ChatRequest, onDelta func(Delta)) (Completion, error) {
	c, err := g.p.Stream(ctx, req, func(Delta) {})
	if err != nil {
		return c, err
	}
	c.Text = corrupt(c.Text, g.r)
	if c.Reasoning != "" {
		onDelta(Delta{Kind: DeltaReasoning, Text: c.Reasoning})
	}
	words := strings.SplitAfter(c.Text, " ")
	for i := 0; i < len(words); i += 8 {
		onDelta(Delta{Kind: DeltaAnswer, Text: strings.Join(words[i:min(i+8, len(words))], "")})
	}
	return c, nil
}
