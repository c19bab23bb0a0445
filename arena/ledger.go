package arena

import (
	"context"
	"time"
)

// Ledger reasons. Each (reason, reference) pair appears at most once, so no retry pays
// twice.
const (
	LedgerVote       = "vote"
	LedgerSignup     = "signup_bonus"
	LedgerAdjustment = "adjustment"
	LedgerHold       = "hold"
	LedgerRelease    = "release"
	LedgerClawback   = "clawback"
	// LedgerRestore gives back a clawback (same reference) when an appeal is granted.
	LedgerRestore = "restore"
	// LedgerBounty is a campaign's bounty for a counted vote on its battle (reference:
	// the battle), vesting with the vote's points and settled with them.
	LedgerBounty = "bounty"
)

// LedgerEntry is one change to a user's points.
type LedgerEntry struct {
	ID        int64
	UserID    int64
	Amount    int64
	Reason    string
	Ref       string
	CreatedAt time.Time
	// VestsAt is when the points vest (zero: at once). A vote's points vest after the
	// audit window; its hold, release and clawback entries carry the same time.
	VestsAt time.Time
	// VestVotes is how many counted votes the account needs before the entry vests (0:
	// none); sign-up bonuses wait for it, so that a farm of fresh accounts earns nothing
	// final.
	VestVotes int
	// Held is set, when the store reads a vote entry, if its points are on hold (a hold
	// entry with no release).
	Held bool
	// ClawedBack is set, when the store reads a vote or bonus entry, if a confirmed
	// review took its points back (a clawback entry no granted appeal restored).
	ClawedBack bool
	// Receipt is, when the store reads a vote entry, its vote's first count leaf in the
	// vote log (nil while the vote has never counted), so the voter's history shows what
	// to check the vote against.
	Receipt *Receipt
}

// Vested reports whether the entry's points are final at now for an account with
// countedVotes counted votes: past its vesting time and its votes threshold.
func (e LedgerEntry) Vested(now time.Time, countedVotes int) bool {
	return (e.VestsAt.IsZero() || !now.Before(e.VestsAt)) && countedVotes >= e.VestVotes
}

// Vesting says when points become final. Until then a confirmed review can claw them
// back, and settlement leaves them out.
type Vesting struct {
	// Window is the audit window: a vote's points vest this long after the vote.
	Window time.Duration
	// BonusVotes is how many counted votes an account needs before its sign-up bonus
	// vests.
	BonusVotes int
}

// DefaultVesting is the vesting of `arena serve` without flags.
func DefaultVesting() Vesting { return Vesting{Window: 7 * 24 * time.Hour, BonusVotes: 20} }

// Points states of a ledger entry, as its owner is told them.
const (
	PointsPending = "pending" // not vested yet
	PointsVested  = "vested"  // final, not yet in a confirmed settlement
	PointsSettled = "settled" // counted by a confirmed settlement epoch
	PointsHeld    = "held"    // on hold while the account is under review
	// PointsClawedBack: taken back by a confirmed review before they vested.
	PointsClawedBack = "clawed_back"
)

// PointsStatus is a user's points by state at a moment. Balance = Pending + Vested.
type PointsStatus struct {
	Balance, Pending, Vested int64
	// CountedVotes is how many of the account's votes count, for the bonus threshold.
	CountedVotes int
}

// Settled is what the latest confirmed settlement counted of a user: its points, and
// the ledger cutoff and time it read them at (an entry is settled when its id is at
// most CutoffLedgerID and it had vested by At).
type Settled struct {
	Points         int64
	CutoffLedgerID int64
	At             time.Time
}

// EntryState is the state of entry e for its owner at now.
func EntryState(e LedgerEntry, now time.Time, countedVotes int, settled Settled) string {
	switch {
	case e.ClawedBack:
		return PointsClawedBack
	case e.Held:
		return PointsHeld
	case settled.CutoffLedgerID > 0 && e.ID <= settled.CutoffLedgerID && e.Vested(settled.At, countedVotes):
		return PointsSettled
	case e.Vested(now, countedVotes):
		return PointsVested
	}
	return PointsPending
}

// LedgerStore reads the points ledger. A balance is always the sum of entries.
type LedgerStore interface {
	Balance(ctx context.Context, userID int64) (int64, error)
	// LedgerEntries returns a user's entries, newest first, before id before (0 for the
	// newest), at most limit.
	LedgerEntries(ctx context.Context, userID int64, before int64, limit int) ([]LedgerEntry, error)
	// PointsStatus splits a user's balance into what is vested at now and what is not.
	PointsStatus(ctx context.Context, userID int64, now time.Time) (PointsStatus, error)
}
