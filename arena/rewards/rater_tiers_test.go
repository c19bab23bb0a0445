package rewards_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/rewards"
)

// A rater's tier sets the range a vote's points are drawn in; the published draws still
// verify whatever the tier.
func TestRaterTierSetsTheRewardRange(t *testing.T) {
	policy := rewards.DefaultPolicy()
	p := &rewards.Points{Policy: policy, Clock: arenatest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))}
	secret := []byte("a revealed secret, 32 bytes long")
	want := map[string]rewards.Range{
		arena.RaterNew:     policy.RaterTiers[arena.RaterNew][rewards.TierHigh],
		arena.RaterTrusted: policy.Tiers[rewards.TierHigh],
		"":                 policy.Tiers[rewards.TierHigh],
		arena.RaterExpert:  policy.RaterTiers[arena.RaterExpert][rewards.TierHigh],
	}
	if want[arena.RaterNew].Max >= want[arena.RaterTrusted].Max || want[arena.RaterExpert].Max <= want[arena.RaterTrusted].Max {
		t.Fatalf("the default ranges do not rise with the tier: %+v", want)
	}
	var drawn []rewards.DrawnVote
	for rater, r := range want {
		seen := map[int64]bool{}
		for i := range 300 {
			id := fmt.Sprintf("battle-%s-%d", rater, i)
			rule, err := p.VoteReward(id, "high", rater)
			if err != nil {
				t.Fatal(err)
			}
			n := rule.Points(secret, 0, 0)
			if n < r.Min || n > r.Max {
				t.Fatalf("rater tier %q: %d points, outside %d..%d", rater, n, r.Min, r.Max)
			}
			seen[n] = true
			drawn = append(drawn, rewards.DrawnVote{BattleID: id, Tier: rewards.TierHigh, Points: n})
		}
		if len(seen) != int(r.Max-r.Min+1) {
			t.Errorf("rater tier %q drew %d distinct amounts of %d", rater, len(seen), r.Max-r.Min+1)
		}
	}
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, drawn); len(bad) != 0 {
		t.Fatalf("draws of every tier do not verify: %v", bad[:min(3, len(bad))])
	}
	// A vote outside every tier's range is still caught.
	drawn[0].Points = 1000
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, drawn[:1]); len(bad) != 1 {
		t.Fatalf("a forged amount verifies: %v", bad)
	}
	// A trusted rater's tier is the policy's own ranges.
	if got := policy.ForRater(arena.RaterTrusted).Tiers[rewards.TierLow]; got != policy.Tiers[rewards.TierLow] {
		t.Fatalf("trusted low range %+v", got)
	}
}

func TestRaterTiersPolicyValidation(t *testing.T) {
	for _, c := range []struct{ json, want string }{
		{`{"rater_tiers": {"guru": {"high": {"min": 1, "max": 2}}}}`, `unknown rater tier "guru"`},
		{`{"rater_tiers": {"expert": {"top": {"min": 1, "max": 2}}}}`, `unknown tier "top"`},
		{`{"rater_tiers": {"new": {"high": {"min": 5, "max": 2}}}}`, "needs 0 <= min <= max"},
	} {
		if _, err := rewards.ParsePolicy([]byte(c.json)); arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.json, err, c.want)
		}
	}
	p, err := rewards.ParsePolicy([]byte(`{"rater_tiers": {"expert": {"high": {"min": 30, "max": 40}}}}`))
	if err != nil || p.ForRater(arena.RaterExpert).Tiers[rewards.TierHigh] != (rewards.Range{Min: 30, Max: 40}) {
		t.Fatalf("a policy's own expert range: %+v %v", p.RaterTiers, err)
	}
}
