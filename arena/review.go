package arena

import (
	"context"
	"time"
)

// Review statuses of an account.
const (
	ReviewFlagged  = "flagged"
	ReviewApproved = "approved"
	ReviewAbuse    = "abuse"
)

// Review is an account flagged for an admin's decision, with the evidence.
type Review struct {
	UserID     int64
	Username   string // "" for guests
	Status     string
	Evidence   []string
	FlaggedAt  time.Time
	ReviewedAt time.Time
	// Votes and Excluded count the account's votes and those kept out of rankings;
	// Held is the points on hold; Devices and IPs where it acted from; Wallet if linked.
	Votes, Excluded int
	Held            int64
	Devices, IPs    []string
	Wallet          string
}

// AbuseOutcome is what confirming abuse changed.
type AbuseOutcome struct {
	VotesExcluded int   // votes taken out of the pair counters now
	ClawedBack    int64 // points clawed back (held points are simply never released)
}

// ReviewService is what the admin review page does.
type ReviewService struct {
	Store QualityStore
	Clock Clock
	// OnChange, if set, runs after a decision changed the counters (leaderboards
	// invalidate on it).
	OnChange func()
}

// List returns accounts under review (status "" for all).
func (r *ReviewService) List(ctx context.Context, admin *User, status string) ([]Review, error) {
	if !admin.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only admins may review accounts.")
	}
	return r.Store.Reviews(ctx, status, 200)
}

// Approve clears an account and releases its held points.
func (r *ReviewService) Approve(ctx context.Context, admin *User, userID int64) (int64, error) {
	if !admin.IsAdmin() {
		return 0, Errorf(EFORBIDDEN, "Only admins may review accounts.")
	}
	return r.Store.ApproveUser(ctx, userID, admin.ID, r.Clock.Now())
}

// ConfirmAbuse claws back an account's rewards and excludes its votes.
func (r *ReviewService) ConfirmAbuse(ctx context.Context, admin *User, userID int64) (AbuseOutcome, error) {
	if !admin.IsAdmin() {
		return AbuseOutcome{}, Errorf(EFORBIDDEN, "Only admins may review accounts.")
	}
	out, err := r.Store.ConfirmAbuse(ctx, userID, admin.ID, r.Clock.Now())
	if err == nil && r.OnChange != nil {
		r.OnChange()
	}
	return out, err
}
