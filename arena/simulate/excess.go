package simulate

import (
	"context"
	"math"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/ranking"
)

// ExcessResult is what holding every account's excess for or against a model
// (arena.ExcessHolds at one threshold) would do to the run's counted votes.
type ExcessResult struct {
	Alpha float64
	// AdaptiveShift is the adaptive campaign's shift of the target with the held votes
	// out of both fits.
	AdaptiveShift float64
	// RatersHeld and VotesHeld count, by kind, the accounts with a vote held and the
	// votes held.
	RatersHeld, VotesHeld map[string]int
	// HonestDistortion is the most any model's rating (relative to the others) moves
	// when the rule holds honest voters' votes: the fit of the honest accounts' counted
	// votes with the holds against the same without them. A defence that moves honest
	// ratings this far costs the board what it saves.
	HonestDistortion float64
}

// measureExcess applies the excess-hold rule at each alpha to the run's decisive,
// counted, non-gold votes, against the record the leaderboard's counters hold.
func measureExcess(ctx context.Context, db *sqlstore.DB, kindOf map[int64]string, boosted map[string]bool, alphas []float64) ([]ExcessResult, error) {
	var outs []sqlstore.VoteOutcome
	if err := db.VoteOutcomes(ctx, func(o sqlstore.VoteOutcome) error {
		if o.Counted {
			outs = append(outs, o)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	var votes []arena.ExcessVote
	for i, o := range outs {
		if o.Winner != arena.WinnerA && o.Winner != arena.WinnerB {
			continue
		}
		// VoteOutcomes is in vote order; the order is all the rule needs of time.
		votes = append(votes, arena.ExcessVote{BattleID: o.BattleID, UserID: o.UserID, ModelA: o.ModelA, ModelB: o.ModelB,
			WinnerA: o.Winner == arena.WinnerA, At: time.Unix(int64(i), 0)})
	}
	pcs, err := db.PairCounts(ctx, "")
	if err != nil {
		return nil, err
	}
	var res []ExcessResult
	for _, a := range alphas {
		held := map[string]bool{}
		raters := map[int64]bool{}
		for _, h := range arena.ExcessHolds(votes, pcs, arena.ExcessRule{Alpha: a}) {
			held[h.BattleID], raters[h.UserID] = true, true
		}
		r := ExcessResult{Alpha: a, RatersHeld: map[string]int{}, VotesHeld: map[string]int{}}
		for u := range raters {
			r.RatersHeld[kindOf[u]]++
		}
		all, without, honest, honestHeld := newAgg(), newAgg(), newAgg(), newAgg()
		for _, o := range outs {
			out := arena.OutcomeOf(o.Winner)
			if kindOf[o.UserID] == Honest {
				honest.Add(o.ModelA, o.ModelB, out, 1)
			}
			if held[o.BattleID] {
				r.VotesHeld[kindOf[o.UserID]]++
				continue
			}
			all.Add(o.ModelA, o.ModelB, out, 1)
			if !boosted[o.BattleID] {
				without.Add(o.ModelA, o.ModelB, out, 1)
			}
			if kindOf[o.UserID] == Honest {
				honestHeld.Add(o.ModelA, o.ModelB, out, 1)
			}
		}
		var fits [4]map[string]float64
		for i, g := range []*ranking.Aggregate{all, without, honest, honestHeld} {
			if fits[i], err = ratings(g); err != nil {
				return nil, err
			}
		}
		r.AdaptiveShift = relative(fits[0], Target) - relative(fits[1], Target)
		for _, m := range Models {
			r.HonestDistortion = math.Max(r.HonestDistortion, math.Abs(relative(fits[3], m.Name)-relative(fits[2], m.Name)))
		}
		res = append(res, r)
	}
	return res, nil
}

func newAgg() *ranking.Aggregate {
	a := ranking.NewAggregate()
	for _, m := range Models {
		a.ModelIndex(m.Name)
	}
	return a
}
