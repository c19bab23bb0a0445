package arena_test

import (
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// The tiers' rules: counted votes and a score sustained over the recent votes and the
// latest weeks; a tier is lost as soon as the record no longer meets it.
func TestRaterTiers(t *testing.T) {
	r := &arena.Raters{Policy: arena.DefaultQualityPolicy()}
	week := func(n int, score float64) []arena.WeekScore {
		var ws []arena.WeekScore
		start := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
		for i := range n {
			ws = append(ws, arena.WeekScore{Start: start.AddDate(0, 0, 7*i), Votes: 10, Score: score})
		}
		return ws
	}
	dip := append(week(5, 0.95), arena.WeekScore{Start: time.Date(2026, 2, 9, 0, 0, 0, 0, time.UTC), Votes: 3, Score: 0.8})
	oldDip := append([]arena.WeekScore{{Start: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC), Votes: 3, Score: 0.5}}, week(4, 0.95)...)
	cases := []struct {
		name string
		h    arena.RaterHistory
		want string
		next string
	}{
		{"no votes", arena.RaterHistory{}, arena.RaterNew, arena.RaterTrusted},
		{"good but too few votes", arena.RaterHistory{CountedVotes: 49, Scored: 49, MeanScore: 0.99, Weeks: week(3, 0.99)}, arena.RaterNew, arena.RaterTrusted},
		{"trusted at the threshold", arena.RaterHistory{CountedVotes: 50, Scored: 50, MeanScore: 0.7, Weeks: week(3, 0.7)}, arena.RaterTrusted, arena.RaterExpert},
		{"enough votes, score just short", arena.RaterHistory{CountedVotes: 80, Scored: 50, MeanScore: 0.69, Weeks: week(3, 0.9)}, arena.RaterNew, arena.RaterTrusted},
		{"expert", arena.RaterHistory{CountedVotes: 200, Scored: 50, MeanScore: 0.9, Weeks: week(6, 0.9)}, arena.RaterExpert, ""},
		{"expert down to trusted by a weak last week", arena.RaterHistory{CountedVotes: 300, Scored: 50, MeanScore: 0.9, Weeks: dip}, arena.RaterTrusted, arena.RaterExpert},
		{"a weak week long ago is forgotten", arena.RaterHistory{CountedVotes: 300, Scored: 50, MeanScore: 0.9, Weeks: oldDip}, arena.RaterExpert, ""},
		// The qualification gates every tier above the lowest.
		{"expert record, still qualifying", arena.RaterHistory{CountedVotes: 200, Scored: 50, MeanScore: 0.9, Weeks: week(6, 0.9),
			Qualification: arena.QualificationResult{Battles: 10, Started: 9}}, arena.RaterNew, arena.RaterTrusted},
		{"expert record, qualification failed", arena.RaterHistory{CountedVotes: 200, Scored: 50, MeanScore: 0.9, Weeks: week(6, 0.9),
			Qualification: arena.QualificationResult{Battles: 10, Started: 10, GoldVotes: 3, GoldFailed: 2}}, arena.RaterNew, arena.RaterTrusted},
		{"expert record, qualification passed", arena.RaterHistory{CountedVotes: 200, Scored: 50, MeanScore: 0.9, Weeks: week(6, 0.9),
			Qualification: arena.QualificationResult{Battles: 10, Started: 10, GoldVotes: 2, GoldFailed: 1}}, arena.RaterExpert, ""},
	}
	for _, c := range cases {
		rel := r.Judge(&c.h)
		next := ""
		if rel.Next != nil {
			next = rel.Next.Tier
		}
		if rel.Tier != c.want || next != c.next {
			t.Errorf("%s: tier %s (next %q), want %s (next %q)", c.name, rel.Tier, next, c.want, c.next)
		}
	}
}

// A qualification is qualifying until all its battles were started, then passed
// unless more than half of its gold battles were failed, and is told in words.
func TestQualificationState(t *testing.T) {
	for _, c := range []struct {
		q     arena.QualificationResult
		state string
		words string
	}{
		{arena.QualificationResult{}, arena.QualifyNone, ""},
		{arena.QualificationResult{Battles: 10, Started: 0}, arena.QualifyOngoing, "0 of your first 10 battles started"},
		{arena.QualificationResult{Battles: 10, Started: 9, GoldVotes: 2, GoldFailed: 2}, arena.QualifyOngoing, "0 of 2 gold battles passed so far"},
		{arena.QualificationResult{Battles: 10, Started: 10}, arena.QualifyPassed, "0 of 0 gold battles passed"},
		{arena.QualificationResult{Battles: 10, Started: 10, GoldVotes: 2, GoldFailed: 1}, arena.QualifyPassed, "1 of 2"},
		{arena.QualificationResult{Battles: 10, Started: 10, GoldVotes: 3, GoldFailed: 2}, arena.QualifyFailed, "broken answer in 2 of 3"},
	} {
		if got := c.q.State(); got != c.state || !strings.Contains(c.q.Words(), c.words) {
			t.Errorf("%+v: %q %q, want %q containing %q", c.q, got, c.q.Words(), c.state, c.words)
		}
	}
}

// Each component says whether it lowers the rater's scores.
func TestReliabilityComponents(t *testing.T) {
	r := &arena.Raters{Policy: arena.DefaultQualityPolicy()}
	ok := map[string]bool{}
	many := make([]float64, 12)
	for i := range many {
		many[i] = 1e-3
	}
	rel := r.Judge(&arena.RaterHistory{Scored: 30, Fast: 6, Left: 30, Decisive: 30, PValues: many, GoldVotes: 3, GoldFailed: 2})
	for _, c := range rel.Components {
		ok[c.Name] = c.OK
		if c.Value == "" || c.Meaning == "" {
			t.Errorf("%s is not explained: %+v", c.Name, c)
		}
	}
	if len(ok) != 4 || ok["Gold battles"] || ok["Agreement with other voters"] || ok["Reading time"] || ok["Position bias"] {
		t.Fatalf("a bad record's components: %+v", rel.Components)
	}
	rel = r.Judge(&arena.RaterHistory{Scored: 30, Fast: 1, Left: 14, Decisive: 30, PValues: []float64{0.5, 0.6}, GoldVotes: 3, GoldFailed: 1})
	for _, c := range rel.Components {
		if !c.OK {
			t.Errorf("a good record's %s lowers the score: %+v", c.Name, c)
		}
	}
}
