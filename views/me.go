package views

import "time"

// MeView is a person's own page.
type MeView struct {
	Name     string
	Guest    bool
	Balance  int64
	Entries  []LedgerRow
	More     int64 // id to page from, 0 when there is no more
	Tokens   []TokenRow
	NewToken string // a just-created token's secret, shown once
	// Rewards: the linked wallet ("" when none), the points already settled to it, and
	// the points earned but not yet in a published epoch.
	Rewards bool
	Wallet  string
	Settled int64
	Pending int64
}

// LedgerRow is one ledger entry.
type LedgerRow struct {
	When   time.Time
	Amount int64
	Reason string
	Ref    string
	Link   string // the battle, for votes
}

// TokenRow is one API token.
type TokenRow struct {
	ID       int64
	Name     string
	Created  time.Time
	LastUsed time.Time
	Revoked  bool
}

func day(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func signed(n int64) string {
	if n > 0 {
		return "+" + itoa64(n)
	}
	return itoa64(n)
}
