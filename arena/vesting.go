package arena

import (
	"context"
	"fmt"
)

// MyPoints tells a person what their points are: pending, vested or settled, and for
// each entry why. /me and its JSON twin both read it.
type MyPoints struct {
	Store   LedgerStore
	Clock   Clock
	Vesting Vesting
}

// PointsReport is a person's points and a page of their history.
type PointsReport struct {
	PointsStatus
	// Settled is what the latest confirmed settlement counted (zero without one).
	Settled Settled
	Vesting Vesting
	Entries []PointsEntry
	// More is the id to page from, 0 when there is no more.
	More int64
}

// PointsEntry is one ledger entry with its state and the reason for it in words. An
// entry that only accompanies another (a hold, a release, a clawback) has no state.
type PointsEntry struct {
	LedgerEntry
	State string
	Why   string
}

// Report reads userID's points and the page of entries before id before (0 for the
// newest), at most limit. settled is what the latest confirmed settlement counted;
// review is the account's review status, which explains a hold.
func (m *MyPoints) Report(ctx context.Context, userID int64, before int64, limit int, settled Settled, review string) (*PointsReport, error) {
	now := m.Clock.Now()
	st, err := m.Store.PointsStatus(ctx, userID, now)
	if err != nil {
		return nil, err
	}
	es, err := m.Store.LedgerEntries(ctx, userID, before, limit+1)
	if err != nil {
		return nil, err
	}
	r := &PointsReport{PointsStatus: st, Settled: settled, Vesting: m.Vesting}
	if len(es) > limit {
		es = es[:limit]
		r.More = es[len(es)-1].ID
	}
	for _, e := range es {
		pe := PointsEntry{LedgerEntry: e}
		if e.Reason == LedgerVote || e.Reason == LedgerSignup || e.Reason == LedgerReferral || e.Reason == LedgerBounty {
			pe.State = EntryState(e, now, st.CountedVotes, settled)
			pe.Why = whyState(e, pe.State, st.CountedVotes, review)
		}
		r.Entries = append(r.Entries, pe)
	}
	return r, nil
}

// whyState says in plain words why entry e is in state.
func whyState(e LedgerEntry, state string, countedVotes int, review string) string {
	switch state {
	case PointsClawedBack:
		return "Taken back: the review of your account found abuse before these points vested, so they are never paid (an appeal granted gives them back)."
	case PointsHeld:
		if review == ReviewAbuse {
			return "Held and never paid: the review of your account found abuse."
		}
		return "Held while your account is under review: paid if an administrator approves the account, never if they find abuse."
	case PointsSettled:
		return "Settled: counted in a confirmed settlement, claimable as tokens."
	case PointsVested:
		if e.VestsAt.IsZero() && e.VestVotes == 0 {
			return "Vested: final, waiting for the next settlement."
		}
		return "Vested: its audit window has passed, so it is final and waits for the next settlement."
	}
	var parts []string
	if !e.VestsAt.IsZero() {
		parts = append(parts, "vests on "+e.VestsAt.UTC().Format("2006-01-02 15:04 UTC"))
	}
	if countedVotes < e.VestVotes {
		parts = append(parts, fmt.Sprintf("vests once %d of your votes count (%d so far)", e.VestVotes, countedVotes))
	}
	why := "Pending"
	for i, p := range parts {
		if i == 0 {
			why += ": " + p
		} else {
			why += ", and " + p
		}
	}
	if e.Reason == LedgerVote {
		why += "; until then a review that finds abuse takes it back."
	} else {
		why += "."
	}
	return why
}
