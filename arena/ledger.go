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
)

// LedgerEntry is one change to a user's points.
type LedgerEntry struct {
	ID        int64
	UserID    int64
	Amount    int64
	Reason    string
	Ref       string
	CreatedAt time.Time
}

// LedgerStore reads the points ledger. A balance is always the sum of entries.
type LedgerStore interface {
	Balance(ctx context.Context, userID int64) (int64, error)
	// LedgerEntries returns a user's entries, newest first, before id before (0 for the
	// newest), at most limit.
	LedgerEntries(ctx context.Context, userID int64, before int64, limit int) ([]LedgerEntry, error)
}
