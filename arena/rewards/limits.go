package rewards

import (
	"fmt"
	"math/big"
	"time"

	"github.com/arena-dev/arena/arena"
)

// CapError is an epoch that would add more to what can be claimed than the
// distributor's cap allows. Settlement refuses it before recording anything (or, for an
// epoch an earlier run left, before signing), so the operator decides: the admin raises
// the cap, or the ledger is looked at first.
type CapError struct {
	Epoch uint64
	// Total is the epoch's total; OnChain the current root's declared total.
	Total, OnChain, Cap *big.Int
}

// Increase is what the epoch would add to the declared total.
func (e *CapError) Increase() *big.Int { return new(big.Int).Sub(e.Total, e.OnChain) }

// Explain says what happened, with amounts written by tokens (token units to text).
func (e *CapError) Explain(tokens func(*big.Int) string) string {
	return fmt.Sprintf("Epoch %d would add %s to what can be claimed (its total %s, against %s on chain now), more than the distributor's cap of %s per epoch, so it is not published. If the amount is right, have the distributor's admin raise the cap (`arena contracts set-limits --epoch-cap TOKENS` with the admin's key), then run arena settle again; if not, look at the ledger first.",
		e.Epoch, tokens(e.Increase()), tokens(e.Total), tokens(e.OnChain), tokens(e.Cap))
}

func (e *CapError) Error() string {
	return e.Explain(func(n *big.Int) string { return n.String() + " token units" })
}

// Unwrap makes the refusal a forbidden arena.Error for every caller that shows messages.
func (e *CapError) Unwrap() error { return &arena.Error{Code: arena.EFORBIDDEN, Message: e.Error()} }

// checkCap refuses an epoch numbered number with total that adds more than lim's cap.
func checkCap(number uint64, total *big.Int, lim *Limits) error {
	if total == nil || lim.EpochCap == nil || lim.Total == nil {
		return nil
	}
	if inc := new(big.Int).Sub(total, lim.Total); inc.Cmp(lim.EpochCap) > 0 {
		return &CapError{Epoch: number, Total: total, OnChain: lim.Total, Cap: lim.EpochCap}
	}
	return nil
}

// checkLimits refuses, in words, to publish ep now while the distributor is paused or
// sooner than its interval allows (unless capOnly), or when total (if known) adds more
// than the cap. The contract would refuse the same; saying so before anything is signed
// leaves the operator a reason rather than a revert. stored says whether ep is recorded,
// and so waits for the next run.
func (s *Settler) checkLimits(lim *Limits, ep *Epoch, total *big.Int, stored, capOnly bool) error {
	waits := " Nothing was recorded."
	if stored {
		waits = fmt.Sprintf(" Nothing was published; epoch %d waits as %s.", ep.Number, ep.State)
	}
	if !capOnly && lim.Paused {
		return arena.Errorf(arena.EUNAVAILABLE, "The distributor %s is paused: claims and root publishing are stopped until its admin unpauses it (`arena contracts unpause` with the admin's key).%s",
			s.Distributor.Hex(), waits)
	}
	if next := lim.NextRootAt(); !capOnly && !next.IsZero() && lim.BlockTime.Before(next) {
		return arena.Errorf(arena.EUNAVAILABLE, "The distributor %s takes at most one root every %s, and its current root was published at %s: run arena settle again from %s (by block time; the latest block is at %s, and a chain that makes blocks only for transactions, like geth --dev, moves its clock only when one is sent).%s",
			s.Distributor.Hex(), lim.MinInterval, lim.LastPublished.Format(time.RFC3339), next.Format(time.RFC3339), lim.BlockTime.Format(time.RFC3339), waits)
	}
	return checkCap(ep.Number, total, lim)
}
