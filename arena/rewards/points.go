package rewards

import (
	"context"
	"strconv"
	"time"

	"github.com/arena-dev/arena/arena"
)

// PointsStore is what Points needs from the ledger.
type PointsStore interface {
	// AppendLedger adds e unless an entry with the same (reason, ref) exists, and reports
	// whether it was added.
	AppendLedger(ctx context.Context, e arena.LedgerEntry) (bool, error)
}

// Points applies a Policy to votes and sign-ups. It implements arena.VoteRewarder.
type Points struct {
	Policy Policy
	Store  PointsStore
	Clock  arena.Clock
	// BonusVotes is how many counted votes an account needs before its sign-up bonus
	// vests (0: at once).
	BonusVotes int
}

var _ arena.VoteRewarder = (*Points)(nil)

// DayStart is the start of t's UTC day, the window of the daily cap.
func DayStart(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// VoteReward returns the rule for the points a vote on battleID earns: drawn within
// tier's range for the voter's rater tier (see Policy.ForRater) by Draw(secret,
// battleID) with the open draw epoch's secret, shrunk past the daily and weekly caps by
// what the user's votes earned today and this week. The store applies it in the vote's
// transaction.
func (p *Points) VoteReward(battleID, tier, raterTier string) (arena.RewardRule, error) {
	t, err := ParseTier(tier)
	if err != nil {
		return arena.RewardRule{}, err
	}
	policy := p.Policy.ForRater(raterTier)
	now := p.Clock.Now()
	rule := arena.RewardRule{Points: func(secret []byte, today, week int64) int64 {
		return policy.Reward(t, today, week, Draw(secret, battleID))
	}}
	if p.Policy.DailyCap > 0 {
		rule.DaySince = DayStart(now)
	}
	if p.Policy.WeeklyCap > 0 {
		rule.WeekSince = arena.WeekStart(now)
	}
	return rule, nil
}

// SignUpBonus credits the policy's sign-up bonus to userID, once: the ledger entry's
// reference is the user id, so calling it again adds nothing. The bonus vests once the
// account has BonusVotes counted votes. It matches arena.Accounts.SignUpBonus.
func (p *Points) SignUpBonus(ctx context.Context, userID int64) error {
	if p.Policy.SignUpBonus <= 0 {
		return nil
	}
	_, err := p.Store.AppendLedger(ctx, arena.LedgerEntry{
		UserID: userID, Amount: p.Policy.SignUpBonus, Reason: arena.LedgerSignup,
		Ref: strconv.FormatInt(userID, 10), CreatedAt: p.Clock.Now(), VestVotes: p.BonusVotes,
	})
	return err
}
