package arena

import (
	"cmp"
	"math"
	"slices"
	"time"
)

// Excess holds: the defence against a campaign that stays under every per-account
// threshold (one account per address and device, a person's pace, honest most of the
// time). Such an account casts a few votes with its model, too few to flag it, but it
// wins more of them than the model's record predicts. Flagging would need evidence no
// account of a handful of votes can give; instead, every account's wins for a model
// beyond what the record predicts, where the record makes them unlikely (p < Alpha),
// are held out of the count, and so are its losses beyond the record where those are
// as unlikely. Holding both tails keeps the rule even for honest voters (their lucky
// runs for and against a model cancel), while a campaign's runs are all on one side.
// The rule is a candidate the simulator measures (arena simulate); it is not applied to
// the arena's counted votes, because at every threshold measured it moves honest
// ratings as far as it cuts the campaign's shift (README, Integrity).

// ExcessVote is one decisive vote (A or B) in a battle of this arena's own.
type ExcessVote struct {
	BattleID       string
	UserID         int64
	ModelA, ModelB string
	WinnerA        bool
	At             time.Time
}

// ExcessRule sets when an account's run for or against a model is held.
type ExcessRule struct {
	// Alpha is the tail probability below which an account's wins for (or losses
	// against) a model are more than its record explains (0.1 when zero; negative
	// turns the rule off).
	Alpha float64
	// MinVotes is the fewest decisive votes with the model an account needs before
	// its run is tested (3 when zero).
	MinVotes int
}

// On reports whether the rule holds anything.
func (r ExcessRule) On() bool { return r.Alpha >= 0 }

func (r ExcessRule) alpha() float64 { return cmp.Or(r.Alpha, 0.1) }

func (r ExcessRule) minVotes() int { return cmp.Or(r.MinVotes, 3) }

// ExcessHold is one vote held out of the count as part of its voter's excess for or
// against a model.
type ExcessHold struct {
	BattleID string
	UserID   int64
	Model    string
	// For: the vote is one of the excess wins for Model; otherwise one of the excess
	// losses.
	For bool
	// Tally is the voter's record with Model: K wins of N where Expected are predicted.
	Tally FavourTally
	P     float64
}

// ExcessHolds decides which of votes to hold: for each account and model with at least
// MinVotes decisive votes, if its wins for the model are beyond the record at p < Alpha,
// the wins beyond the prediction (rounded up) are held, the least plausible first (those
// against the opponents the model beats least often, then the latest); the same for its
// losses. pcs is the counted record. A vote is held once, for the first reason found in
// a fixed order, so the result does not depend on the order of votes.
func ExcessHolds(votes []ExcessVote, pcs []PairCount, r ExcessRule) []ExcessHold {
	if !r.On() {
		return nil
	}
	rate := recordRates(pcs)
	type side struct {
		vote  ExcessVote
		won   bool
		model string
		other string
	}
	byKey := map[FavourKey][]side{}
	for _, v := range votes {
		byKey[FavourKey{v.UserID, v.ModelA}] = append(byKey[FavourKey{v.UserID, v.ModelA}], side{v, v.WinnerA, v.ModelA, v.ModelB})
		byKey[FavourKey{v.UserID, v.ModelB}] = append(byKey[FavourKey{v.UserID, v.ModelB}], side{v, !v.WinnerA, v.ModelB, v.ModelA})
	}
	keys := make([]FavourKey, 0, len(byKey))
	for k := range byKey {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b FavourKey) int {
		return cmp.Or(cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.Model, b.Model))
	})
	held := map[string]bool{}
	var out []ExcessHold
	for _, k := range keys {
		ss := byKey[k]
		if len(ss) < r.minVotes() {
			continue
		}
		// Sum in a fixed order: the same votes give the same evidence.
		slices.SortFunc(ss, func(a, b side) int {
			return cmp.Or(a.vote.At.Compare(b.vote.At), cmp.Compare(a.vote.BattleID, b.vote.BattleID))
		})
		var t FavourTally
		for _, s := range ss {
			t.N++
			if s.won {
				t.K++
			}
			t.Expected += rate(s.model, s.other)
		}
		for _, dir := range []bool{true, false} {
			tt := t
			if !dir {
				tt = t.against()
			}
			p := tt.P()
			if p >= r.alpha() {
				continue
			}
			excess := tt.K - int(math.Ceil(tt.Expected))
			// A vote already held for another model's run counts towards this one: a win
			// for o over m is also a loss of m, and one run must not be held twice.
			var cands []side
			for _, s := range ss {
				switch {
				case s.won != dir:
				case held[s.vote.BattleID]:
					excess--
				default:
					cands = append(cands, s)
				}
			}
			// The least plausible first: a win for the model where it wins least often
			// (or a loss where it loses least often), then the latest.
			plaus := func(s side) float64 {
				if dir {
					return rate(s.model, s.other)
				}
				return 1 - rate(s.model, s.other)
			}
			slices.SortStableFunc(cands, func(a, b side) int {
				return cmp.Or(cmp.Compare(plaus(a), plaus(b)), b.vote.At.Compare(a.vote.At), cmp.Compare(a.vote.BattleID, b.vote.BattleID))
			})
			for _, s := range cands[:min(max(excess, 0), len(cands))] {
				held[s.vote.BattleID] = true
				out = append(out, ExcessHold{BattleID: s.vote.BattleID, UserID: k.UserID, Model: k.Model, For: dir, Tally: t, P: p})
			}
		}
	}
	return out
}

// against is the tally of the model's losses: the same votes seen from the other side.
func (t FavourTally) against() FavourTally {
	return FavourTally{N: t.N, K: t.N - t.K, Expected: float64(t.N) - t.Expected}
}
