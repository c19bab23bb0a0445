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
			drawn = append(drawn, rewards.DrawnVote{BattleID: id, Tier: rewards.TierHigh, RaterTier: rater, Points: n})
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

// A vote stores its voter's rater tier, and its draw verifies only in that tier's
// ranges: the same amount moved to a vote recorded in another tier fails, though it is
// a valid draw for some tier. A vote recorded before tiers were stored still verifies
// against any tier's ranges.
func TestVerifyDrawsInTheVotesOwnTier(t *testing.T) {
	policy := rewards.DefaultPolicy()
	secret := []byte("a revealed secret, 32 bytes long")
	newHigh, expertHigh := policy.ForRater(arena.RaterNew).Tiers[rewards.TierHigh], policy.ForRater(arena.RaterExpert).Tiers[rewards.TierHigh]
	var honest []rewards.DrawnVote
	for i := range 200 {
		id := fmt.Sprintf("battle-%d", i)
		rt := []string{arena.RaterNew, arena.RaterTrusted, arena.RaterExpert}[i%3]
		n := policy.ForRater(rt).Reward(rewards.TierHigh, 0, 0, rewards.Draw(secret, id))
		honest = append(honest, rewards.DrawnVote{BattleID: id, Tier: rewards.TierHigh, RaterTier: rt, Points: n})
	}
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, honest); len(bad) != 0 {
		t.Fatalf("honest draws refused: %v", bad[:min(3, len(bad))])
	}
	// A new rater's vote paid as an expert's: the amount is a valid expert draw (above
	// every amount a new rater's high tier pays), so only the stored tier catches it.
	tampered := append([]rewards.DrawnVote(nil), honest...)
	v := &tampered[0]
	if v.RaterTier != arena.RaterNew {
		t.Fatalf("vote 0 is a %s rater's", v.RaterTier)
	}
	v.Points = expertHigh.Max
	if v.Points <= newHigh.Max {
		t.Fatalf("the expert range %+v does not reach above the new range %+v", expertHigh, newHigh)
	}
	bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, tampered)
	if len(bad) != 1 || !strings.Contains(bad[0], v.BattleID+":") || !strings.Contains(bad[0], "for a new rater") {
		t.Fatalf("a new rater's vote in the expert range: %v", bad)
	}
	// Recorded as an expert's, the same amount is the expert draw or it is not; the
	// check is in the expert's ranges alone.
	v.RaterTier = arena.RaterExpert
	want := policy.ForRater(arena.RaterExpert).Reward(rewards.TierHigh, 0, 0, rewards.Draw(secret, v.BattleID))
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, tampered[:1]); (len(bad) == 0) != (want == v.Points) {
		t.Fatalf("vote in the expert tier, %d points, draw %d: %v", v.Points, want, bad)
	}
	v.Points = want
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, tampered[:1]); len(bad) != 0 {
		t.Fatalf("the expert draw under the expert tier: %v", bad)
	}
	// Before migration 0035 no tier was stored: the amount of any tier passes, and one
	// above every tier still fails.
	legacy := rewards.DrawnVote{BattleID: honest[0].BattleID, Tier: rewards.TierHigh, AnyRaterTier: true,
		Points: policy.ForRater(arena.RaterExpert).Reward(rewards.TierHigh, 0, 0, rewards.Draw(secret, honest[0].BattleID))}
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, []rewards.DrawnVote{legacy}); len(bad) != 0 {
		t.Fatalf("a vote from before tiers were stored, in the expert range: %v", bad)
	}
	legacy.Points = expertHigh.Max + 1
	if bad := rewards.VerifyDraws(policy, rewards.Commitment(secret), secret, []rewards.DrawnVote{legacy}); len(bad) != 1 || !strings.Contains(bad[0], "no rater tier") {
		t.Fatalf("a legacy vote above every tier: %v", bad)
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
