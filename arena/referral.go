package arena

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// LedgerReferral is the ledger reason of a referral bonus: one entry for the inviter and
// one for the invitee, each vesting like the sign-up bonus.
const LedgerReferral = "referral"

// Referral states, as /me tells them.
const (
	ReferralPending = "pending"  // waiting for the invitee's votes to vest and pass review
	ReferralPaid    = "paid"     // both sides credited
	ReferralNotPaid = "not_paid" // decided against, with why
)

// ReferralPolicy says what a referral pays and when.
type ReferralPolicy struct {
	// Bonus is the points each side earns; 0 turns referrals off.
	Bonus int64
	// Votes is how many of the invitee's votes must count and have vested (past the
	// audit window) before the referral pays.
	Votes int
	// WeeklyCap is how many referrals one inviter may be paid for in a week (ISO week,
	// UTC); a referral that qualifies past it is not paid. 0 is no cap.
	WeeklyCap int
}

// DefaultReferralPolicy is the policy of `arena serve` without flags.
func DefaultReferralPolicy() ReferralPolicy {
	return ReferralPolicy{Bonus: 50, Votes: 20, WeeklyCap: 5}
}

// Referral links an invitee to the inviter whose invite link they signed up through.
type Referral struct {
	InviterID, InviteeID int64
	// Inviter and Invitee are the two accounts' names.
	Inviter, Invitee string
	CreatedAt        time.Time
	State            string
	// Why says why a referral was not paid, or what a pending one waits for.
	Why       string
	DecidedAt time.Time
	// Bonus is what each side was paid (0 unless paid).
	Bonus int64
	// VestedVotes is how many of the invitee's votes count and have vested (pending
	// referrals only).
	VestedVotes int
}

// ReferralFacts are what decide a pending referral, read in the transaction that pays it.
type ReferralFacts struct {
	// VestedVotes: the invitee's counted votes older than the audit window.
	VestedVotes int
	// The two accounts' review status ("", flagged, approved, abuse).
	InviteeReview, InviterReview string
	// SharedDevice is set when the two accounts were used from the same device.
	SharedDevice bool
	// PaidThisWeek is how many of the inviter's referrals were paid this week.
	PaidThisWeek int
}

// ReferralDecision is what to do with a pending referral: pay it (Pay), decide it not
// paid (State ReferralNotPaid), or leave it pending; Why says why in words.
type ReferralDecision struct {
	State string
	Why   string
}

// Decide is the rule of a pending referral: a confirmed abuse on either side or a
// shared device is never paid; an account under review waits for the review; so do
// too few counted, vested votes; past the inviter's weekly cap it is not paid; else both
// sides are paid.
func (p ReferralPolicy) Decide(f ReferralFacts) ReferralDecision {
	switch {
	case f.InviteeReview == ReviewAbuse:
		return ReferralDecision{ReferralNotPaid, "the review of the invited account found abuse"}
	case f.InviterReview == ReviewAbuse:
		return ReferralDecision{ReferralNotPaid, "the review of the inviting account found abuse"}
	case f.SharedDevice:
		return ReferralDecision{ReferralNotPaid, "self-referral: both accounts were used from the same device"}
	case f.InviteeReview == ReviewFlagged:
		return ReferralDecision{ReferralPending, "the invited account is under review"}
	case f.InviterReview == ReviewFlagged:
		return ReferralDecision{ReferralPending, "the inviting account is under review"}
	case f.VestedVotes < p.Votes:
		return ReferralDecision{ReferralPending, fmt.Sprintf("%d of the %d counted, vested votes the invited account needs", f.VestedVotes, p.Votes)}
	case p.WeeklyCap > 0 && f.PaidThisWeek >= p.WeeklyCap:
		return ReferralDecision{ReferralNotPaid, fmt.Sprintf("the inviter's cap of %d paid referrals a week was reached", p.WeeklyCap)}
	}
	return ReferralDecision{ReferralPaid, ""}
}

// ReferralPayment is what the store writes when a referral is paid: a referral ledger
// entry of Bonus points for each side, waiting for VestVotes counted votes of its
// account (as the sign-up bonus does).
type ReferralPayment struct {
	Bonus     int64
	VestVotes int
}

// ReferralStore keeps invite codes and referrals.
type ReferralStore interface {
	// InviteCode returns userID's invite code, storing code as it when the account has
	// none yet.
	InviteCode(ctx context.Context, userID int64, code string, now time.Time) (string, error)
	// CodeOwner returns the account an invite code belongs to; ENOTFOUND for none.
	CodeOwner(ctx context.Context, code string) (*User, error)
	// LinkReferral links invitee to inviter: ECONFLICT when the invitee already has an
	// inviter or when the link would close a loop (the invitee is among the inviter's
	// own inviters).
	LinkReferral(ctx context.Context, inviterID, inviteeID int64, now time.Time) error
	// DecideReferrals decides the pending referrals (of userID as invitee or inviter,
	// or every one when userID is 0), each in its own transaction: it reads the facts
	// (votes older than vestedBefore count as vested; the week is since weekStart),
	// asks decide, and writes the decision and, for a paid one, pay's two ledger
	// entries. It returns how many were paid and how many not paid.
	DecideReferrals(ctx context.Context, userID int64, vestedBefore, weekStart, now time.Time,
		decide func(ReferralFacts) ReferralDecision, pay ReferralPayment) (paid, notPaid int, err error)
	// Referrals lists the referrals userID made, newest first, and the one that
	// brought userID in (nil when none); a pending one's VestedVotes counts the
	// invitee's counted votes older than vestedBefore.
	Referrals(ctx context.Context, userID int64, vestedBefore time.Time) (sent []Referral, invitedBy *Referral, err error)
	// ReferralFigures adds up every referral for /transparency.
	ReferralFigures(ctx context.Context, now time.Time) (*ReferralFigures, error)
}

// ReferralFigures are /transparency's account of referrals.
type ReferralFigures struct {
	// Referrals by state (pending, paid, not_paid).
	States map[string]int64 `json:"referrals_by_state"`
	// NotPaid counts the referrals not paid, by why.
	NotPaid map[string]int64 `json:"not_paid_by_why"`
	// Paid is the referral bonus points credited (both sides); Vested of them final,
	// Held of them still pending vesting (a confirmed review can take them back), and
	// ClawedBack taken back.
	Paid       int64 `json:"bonus_points_paid"`
	Vested     int64 `json:"bonus_points_vested"`
	Held       int64 `json:"bonus_points_held"`
	ClawedBack int64 `json:"bonus_points_clawed_back"`
}

// Referrals runs invite links and pays referral bonuses.
type Referrals struct {
	Store  ReferralStore
	Clock  Clock
	Policy ReferralPolicy
	// Vesting is the audit window a vote must be past, and the counted votes each
	// bonus entry waits for (BonusVotes, like the sign-up bonus).
	Vesting Vesting
}

// On reports whether referrals pay anything.
func (r *Referrals) On() bool { return r != nil && r.Policy.Bonus > 0 }

// Code returns u's invite code, making one the first time. Guests have none: an invite
// names an account.
func (r *Referrals) Code(ctx context.Context, u *User) (string, error) {
	if u == nil || u.Guest {
		return "", Errorf(EUNAUTHORIZED, "Sign up to invite people: an invite link names your account.")
	}
	return r.Store.InviteCode(ctx, u.ID, NewToken()[:12], r.Clock.Now())
}

// Inviter returns the account whose invite code code is; EINVALID for a malformed code
// and ENOTFOUND for an unknown one.
func (r *Referrals) Inviter(ctx context.Context, code string) (*User, error) {
	code = strings.TrimSpace(code)
	if code == "" || len(code) > 64 || strings.ContainsFunc(code, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	}) {
		return nil, Errorf(EINVALID, "%q is not an invite code.", code)
	}
	u, err := r.Store.CodeOwner(ctx, code)
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "There is no invite %q: check the link you were sent.", code)
	}
	if err == nil && u.Disabled {
		return nil, Errorf(ENOTFOUND, "The invite %q is no longer valid.", code)
	}
	return u, err
}

// Link records that invitee signed up through the invite code: refused for the
// inviter's own code (self-referral), for an invitee already linked to an inviter, and
// for a link that would make a loop.
func (r *Referrals) Link(ctx context.Context, invitee *User, code string) (*User, error) {
	if invitee == nil || invitee.Guest {
		return nil, Errorf(EUNAUTHORIZED, "Only an account can be invited.")
	}
	inviter, err := r.Inviter(ctx, code)
	if err != nil {
		return nil, err
	}
	if inviter.ID == invitee.ID {
		return nil, Errorf(EINVALID, "That is your own invite link: a referral pays only for someone else.")
	}
	if err := r.Store.LinkReferral(ctx, inviter.ID, invitee.ID, r.Clock.Now()); err != nil {
		return nil, err
	}
	return inviter, nil
}

// Decide decides the pending referrals of userID (as invitee or inviter), or of
// everyone when userID is 0, and says how many were paid and not paid.
func (r *Referrals) Decide(ctx context.Context, userID int64) (paid, notPaid int, err error) {
	if !r.On() {
		return 0, 0, nil
	}
	now := r.Clock.Now()
	return r.Store.DecideReferrals(ctx, userID, now.Add(-r.Vesting.Window), WeekStart(now), now, r.Policy.Decide,
		ReferralPayment{Bonus: r.Policy.Bonus, VestVotes: r.Vesting.BonusVotes})
}

// Mine lists the referrals userID made and the one that brought them in, each pending
// one with what it waits for.
func (r *Referrals) Mine(ctx context.Context, userID int64) (sent []Referral, invitedBy *Referral, err error) {
	sent, invitedBy, err = r.Store.Referrals(ctx, userID, r.Clock.Now().Add(-r.Vesting.Window))
	if err != nil {
		return nil, nil, err
	}
	explain := func(f *Referral) {
		if f.State == ReferralPending && f.Why == "" {
			f.Why = fmt.Sprintf("%d of the %d counted, vested votes the invited account needs", f.VestedVotes, r.Policy.Votes)
		}
	}
	for i := range sent {
		explain(&sent[i])
	}
	if invitedBy != nil {
		explain(invitedBy)
	}
	return sent, invitedBy, nil
}

// Figures adds up every referral for /transparency.
func (r *Referrals) Figures(ctx context.Context) (*ReferralFigures, error) {
	return r.Store.ReferralFigures(ctx, r.Clock.Now())
}

// ReferralRef is the ledger reference of a referral bonus: one per side of each
// invitee, so that no retry pays either side twice.
func ReferralRef(inviteeID int64, inviterSide bool) string {
	if inviterSide {
		return fmt.Sprintf("inviter:%d", inviteeID)
	}
	return fmt.Sprintf("invitee:%d", inviteeID)
}
