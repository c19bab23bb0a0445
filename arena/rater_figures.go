package arena

import (
	"context"
	"time"
)

// Why a vote of this arena does not count, as /transparency publishes it (a vote
// counts, or is left out for the first of these that applies).
const (
	VoteCounted = "counted"
	WhyGold     = "gold"     // a gold battle: one side broken on purpose
	WhyAbuse    = "abuse"    // its voter's abuse was confirmed
	WhyQuality  = "quality"  // its quality score was too low
	WhyIdentity = "identity" // an answer named its own model
	WhyHeld     = "held"     // its voter is under review
)

// VoteShare is how many votes count, or are left out for one reason.
type VoteShare struct {
	Why   string `json:"why"`
	Votes int64  `json:"votes"`
}

// MonthFigures are the holds and clawbacks of one month (UTC): ledger entries and the
// points they held or took back.
type MonthFigures struct {
	Month          string `json:"month"` // 2026-01
	Holds          int64  `json:"holds"`
	HeldPoints     int64  `json:"held_points"`
	Clawbacks      int64  `json:"clawbacks"`
	ClawbackPoints int64  `json:"clawback_points"`
}

// RaterFigures are /transparency's account of raters and of what the defences did.
type RaterFigures struct {
	// Tiers counts the raters with a scored vote by tier.
	Tiers map[string]int `json:"raters_by_tier"`
	// Votes are this arena's own votes; Shares how many count and how many are left out,
	// by why, in the order of VoteCounted, WhyGold... (every reason listed, zeros too).
	Votes  int64       `json:"votes"`
	Shares []VoteShare `json:"votes_by_outcome"`
	// Gold battles voted in, and passed (a failure overturned on appeal counts as passed).
	GoldVotes  int64 `json:"gold_votes"`
	GoldPassed int64 `json:"gold_passed"`
	// Months holds the holds and clawbacks per month, oldest first.
	Months []MonthFigures `json:"holds_and_clawbacks"`
	// Appeals counts appeals by status (open, upheld, granted).
	Appeals map[string]int64 `json:"appeals"`
}

// RaterFiguresStore reads what RaterFigures adds up.
type RaterFiguresStore interface {
	// RaterFigures reads every figure but the tiers.
	RaterFigures(ctx context.Context) (*RaterFigures, error)
	// ScoredRaters lists the users with a scored vote.
	ScoredRaters(ctx context.Context) ([]int64, error)
}

// Figures adds up the raters' tiers, the votes' outcomes, gold battles, holds and
// clawbacks, and appeals.
func (r *Raters) Figures(ctx context.Context, store RaterFiguresStore) (*RaterFigures, error) {
	f, err := store.RaterFigures(ctx)
	if err != nil {
		return nil, err
	}
	ids, err := store.ScoredRaters(ctx)
	if err != nil {
		return nil, err
	}
	f.Tiers = map[string]int{}
	for _, t := range r.TierRules() {
		f.Tiers[t.Tier] = 0
	}
	for _, id := range ids {
		t, err := r.Tier(ctx, id)
		if err != nil {
			return nil, err
		}
		f.Tiers[t]++
	}
	return f, nil
}

// MonthOf names t's month, UTC.
func MonthOf(t time.Time) string { return t.UTC().Format("2006-01") }
