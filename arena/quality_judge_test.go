package arena

import (
	"strings"
	"testing"
	"time"
)

// TestJudge runs the pure core of Quality.Assess on hand-made vote contexts: no store,
// so each signal's effect on the verdict can be read off directly.
func TestJudge(t *testing.T) {
	now := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	words := strings.Repeat("word ", 120) // 600 characters a side: 6.7 s needed to read
	battle := func(a, b string) *Battle {
		return &Battle{
			ID: "b1", ModelA: Model{Name: "alpha-chat"}, ModelB: Model{Name: "beta-chat"}, Status: StatusReady,
			Turns: []Turn{{Prompt: "hi", A: Answer{Text: a, Status: AnswerDone}, B: Answer{Text: b, Status: AnswerDone}}},
		}
	}
	ordinary := battle(words, words)
	// A careful voter: read long enough, no history.
	careful := func() *VoteContext { return &VoteContext{ReadyAt: now.Add(-30 * time.Second)} }
	cases := []struct {
		name     string
		q        Quality
		b        *Battle
		w        Winner
		vc       func() *VoteContext
		check    func(t *testing.T, vq VoteQuality, evidence []string)
		evidence string // a phrase the evidence must hold; "" for none
	}{
		{
			name: "a careful vote counts in full", b: ordinary, w: WinnerA, vc: careful,
			check: func(t *testing.T, vq VoteQuality, _ []string) {
				if !vq.Scored || vq.Score != 1 || vq.Tier != "high" || !vq.Counted() || vq.Hold || vq.Excluded {
					t.Fatalf("verdict %+v", vq)
				}
			},
		},
		{
			name: "choosing the broken side of a gold battle is noted and never counts", b: ordinary, w: WinnerB,
			vc: func() *VoteContext { vc := careful(); vc.GoldSide = "b"; return vc },
			check: func(t *testing.T, vq VoteQuality, _ []string) {
				if !vq.Gold || !vq.GoldFailed || vq.Counted() || vq.ConsensusP != 1 || !strings.Contains(strings.Join(vq.Notes, ";"), "broken side") {
					t.Fatalf("verdict %+v", vq)
				}
			},
		},
		{
			name: "a second failed gold battle puts the voter under review", b: ordinary, w: WinnerA,
			vc: func() *VoteContext {
				vc := careful()
				vc.GoldSide, vc.GoldVotes, vc.GoldFailed = "a", 2, 1
				return vc
			},
			check: func(t *testing.T, vq VoteQuality, _ []string) {
				if !vq.Hold {
					t.Fatalf("not held: %+v", vq)
				}
			},
			evidence: "broken answer in 2 of 3 gold battles",
		},
		{
			name: "one fast vote is down-weighted but not a habit", b: ordinary, w: WinnerA,
			vc: func() *VoteContext { return &VoteContext{ReadyAt: now.Add(-time.Second)} },
			check: func(t *testing.T, vq VoteQuality, ev []string) {
				// 1 s of the 6.7 s needed: 0.4 + 0.6·(1/6.67).
				if vq.Score < 0.48 || vq.Score > 0.5 || vq.Hold || len(ev) != 0 {
					t.Fatalf("verdict %+v, evidence %q", vq, ev)
				}
			},
		},
		{
			name: "a habit of fast votes halves the score and flags the voter", b: ordinary, w: WinnerA,
			vc: func() *VoteContext { return &VoteContext{ReadyAt: now.Add(-time.Second), Fast: 4} },
			check: func(t *testing.T, vq VoteQuality, _ []string) {
				if vq.Score > 0.25 || !vq.Excluded || !vq.Hold {
					t.Fatalf("verdict %+v", vq)
				}
			},
			evidence: "5 of the last 50 votes read in under half the time",
		},
		{
			name: "an approval shields the voter from new flags for the grace period", b: ordinary, w: WinnerA,
			vc: func() *VoteContext {
				return &VoteContext{ReadyAt: now.Add(-time.Second), Fast: 4, Review: ReviewApproved, ReviewedAt: now.Add(-24 * time.Hour)}
			},
			check: func(t *testing.T, vq VoteQuality, ev []string) {
				if vq.Hold || len(ev) != 0 || !vq.Excluded {
					t.Fatalf("verdict %+v, evidence %q", vq, ev)
				}
			},
		},
		{
			name: "confirmed abuse excludes and holds every later vote", b: ordinary, w: WinnerTie,
			vc: func() *VoteContext { vc := careful(); vc.Review = ReviewAbuse; return vc },
			check: func(t *testing.T, vq VoteQuality, ev []string) {
				if !vq.Excluded || !vq.Hold || vq.Counted() || len(ev) != 0 {
					t.Fatalf("verdict %+v, evidence %q", vq, ev)
				}
			},
		},
		{
			name: "an answer naming its own model keeps the battle out of rankings", b: battle("I am alpha-chat, happy to help. "+words, words), w: WinnerA, vc: careful,
			check: func(t *testing.T, vq VoteQuality, _ []string) {
				if !vq.RevealsIdentity || vq.Counted() || vq.Excluded {
					t.Fatalf("verdict %+v", vq)
				}
			},
		},
		{
			name: "disagreeing with a settled pair lowers the consensus p-value", b: ordinary, w: WinnerB,
			vc: func() *VoteContext { vc := careful(); vc.PairWinsA = 90; return vc },
			check: func(t *testing.T, vq VoteQuality, _ []string) {
				if vq.ConsensusP >= 0.05 || vq.Score != 1 {
					t.Fatalf("verdict %+v: one vote's p-value alone must not lower the score", vq)
				}
			},
		},
		{
			name: "with scoring disabled gold battles still stay out", q: Quality{Disabled: true}, b: ordinary, w: WinnerA,
			vc: func() *VoteContext { return &VoteContext{GoldSide: "a", ReadyAt: now} },
			check: func(t *testing.T, vq VoteQuality, ev []string) {
				if !vq.Gold || !vq.GoldFailed || vq.Counted() || vq.Score != 1 || vq.Tier != VoteTierDefault || len(ev) != 0 {
					t.Fatalf("verdict %+v, evidence %q", vq, ev)
				}
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			q := c.q
			q.Policy = DefaultQualityPolicy()
			vq, ev := q.judge(c.b, c.w, c.vc(), now)
			c.check(t, vq, ev)
			if c.evidence != "" && !strings.Contains(strings.Join(ev, "\n"), c.evidence) {
				t.Fatalf("evidence %q lacks %q", ev, c.evidence)
			}
		})
	}
}
