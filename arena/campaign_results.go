package arena

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
)

// CampaignVote is a vote on one of a campaign's battles, with what its lab may learn of
// it: the facts that decide whether it counted and may be in the lab's dataset.
type CampaignVote struct {
	BattleID   string
	EntrantID  int64
	ModelA     Model
	ModelB     Model
	Winner     Winner
	Reasons    []string
	Categories []string
	Language   string
	Facts      VoteFacts
	VotedAt    time.Time
	// Prompt and the first turn's answers, for the dataset.
	Prompt           string
	AnswerA, AnswerB string
}

// CampaignOpponent is the entrants' record against one opponent, from counted votes.
type CampaignOpponent struct {
	Opponent string `json:"opponent"`
	Votes    int    `json:"votes"`
	Wins     int    `json:"wins"`
	Losses   int    `json:"losses"`
	Ties     int    `json:"ties"` // ties and both-bad
	// WinRate counts a tie as half a win.
	WinRate float64 `json:"win_rate"`
	// Rating is the entrant's Elo-scale rating against the opponent (400·log10 of the
	// odds of the tie-halved win rate, the Bradley-Terry difference of one pair), with
	// its 95% interval from the Wilson interval of the win rate.
	Rating float64 `json:"rating"`
	Lower  float64 `json:"rating_lower"`
	Upper  float64 `json:"rating_upper"`
}

// CampaignCategory is the entrants' record in one prompt category.
type CampaignCategory struct {
	Category string  `json:"category"`
	Votes    int     `json:"votes"`
	WinRate  float64 `json:"win_rate"`
}

// CampaignResults is what a campaign's lab learns, privately.
type CampaignResults struct {
	Campaign *Campaign `json:"campaign"`
	// Spent and Budget are points: Spent = counted votes × bounty.
	Spent     int64              `json:"spent"`
	Budget    int64              `json:"budget"`
	Battles   int                `json:"battles"`
	Counted   int                `json:"counted_votes_total"`
	WinRate   float64            `json:"win_rate"`
	Opponents []CampaignOpponent `json:"opponents"`
	// Reasons counts the reasons voters gave when an entrant won, and when it lost.
	ReasonsWon  map[string]int     `json:"reasons_won"`
	ReasonsLost map[string]int     `json:"reasons_lost"`
	Categories  []CampaignCategory `json:"categories"`
	// Dataset is how many battles go in the lab's dataset download.
	Dataset int `json:"dataset_battles"`
}

// entrantOutcome is the vote's result for the entrant: 1 win, 0 loss, 0.5 a tie or both
// bad, and the opponent.
func (v *CampaignVote) entrantOutcome() (score float64, opponent Model) {
	entrantIsA := v.ModelA.ID == v.EntrantID
	opponent = v.ModelB
	if !entrantIsA {
		opponent = v.ModelA
	}
	switch {
	case v.Winner == WinnerA && entrantIsA, v.Winner == WinnerB && !entrantIsA:
		return 1, opponent
	case v.Winner == WinnerA, v.Winner == WinnerB:
		return 0, opponent
	}
	return 0.5, opponent
}

// Results computes a campaign's private results for its lab (or an admin).
func (cs *Campaigns) Results(ctx context.Context, actor *User, id int64) (*CampaignResults, error) {
	c, err := cs.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	r := &CampaignResults{Campaign: c, Spent: c.Spent(), Budget: c.Budget(), ReasonsWon: map[string]int{}, ReasonsLost: map[string]int{}}
	type tally struct {
		votes, wins, losses, ties int
		score                     float64
	}
	opp, cat := map[string]*tally{}, map[string]*tally{}
	var total float64
	err = cs.Store.CampaignVotes(ctx, c.ID, func(v CampaignVote) error {
		r.Battles++
		if v.Facts.SponsorPublishable() {
			r.Dataset++
		}
		if !v.Facts.Counted() {
			return nil
		}
		r.Counted++
		s, o := v.entrantOutcome()
		total += s
		t := opp[o.Name]
		if t == nil {
			t = &tally{}
			opp[o.Name] = t
		}
		t.votes++
		t.score += s
		switch s {
		case 1:
			t.wins++
		case 0:
			t.losses++
		default:
			t.ties++
		}
		for _, reason := range v.Reasons {
			if s == 1 {
				r.ReasonsWon[reason]++
			} else if s == 0 {
				r.ReasonsLost[reason]++
			}
		}
		cats := v.Categories
		if len(cats) == 0 {
			cats = []string{"other"}
		}
		for _, k := range cats {
			ct := cat[k]
			if ct == nil {
				ct = &tally{}
				cat[k] = ct
			}
			ct.votes++
			ct.score += s
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if r.Counted > 0 {
		r.WinRate = total / float64(r.Counted)
	}
	for name, t := range opp {
		o := CampaignOpponent{Opponent: name, Votes: t.votes, Wins: t.wins, Losses: t.losses, Ties: t.ties}
		o.WinRate = t.score / float64(t.votes)
		lo, hi := wilson(o.WinRate, float64(t.votes))
		o.Rating, o.Lower, o.Upper = eloOf(o.WinRate), eloOf(lo), eloOf(hi)
		r.Opponents = append(r.Opponents, o)
	}
	sort.Slice(r.Opponents, func(i, j int) bool { return r.Opponents[i].Opponent < r.Opponents[j].Opponent })
	for k, t := range cat {
		r.Categories = append(r.Categories, CampaignCategory{Category: k, Votes: t.votes, WinRate: t.score / float64(t.votes)})
	}
	slices.SortFunc(r.Categories, func(a, b CampaignCategory) int { return strings.Compare(a.Category, b.Category) })
	return r, nil
}

// wilson is the 95% Wilson score interval of a proportion p over n trials.
func wilson(p, n float64) (lo, hi float64) {
	const z = 1.959964
	d := 1 + z*z/n
	centre := (p + z*z/(2*n)) / d
	half := z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / d
	return max(centre-half, 0), min(centre+half, 1)
}

// eloOf is the Elo-scale difference whose expected score is p, clamped at ±800 (a
// record of only wins or only losses has no finite rating).
func eloOf(p float64) float64 {
	if p <= 0 {
		return -800
	}
	if p >= 1 {
		return 800
	}
	return max(-800, min(800, 400*math.Log10(p/(1-p))))
}

// Dataset streams the campaign's battles that go in its lab's dataset: counted, consented
// and releasable by the domain's rule (SponsorPublishable), held-out prompts included,
// since the set is the lab's own.
func (cs *Campaigns) Dataset(ctx context.Context, actor *User, id int64, fn func(CampaignVote) error) error {
	c, err := cs.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	return cs.Store.CampaignVotes(ctx, c.ID, func(v CampaignVote) error {
		if !v.Facts.SponsorPublishable() {
			return nil
		}
		return fn(v)
	})
}
