package rewards

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// oldDraw is the draw before draw epochs, SHA-256(Seed || 0x00 || battle id): what the
// audit's predictor computed from public data alone.
func oldDraw(p Policy, battleID string) uint64 {
	h := sha256.New()
	h.Write([]byte(p.Seed))
	h.Write([]byte{0})
	h.Write([]byte(battleID))
	return binary.BigEndian.Uint64(h.Sum(nil)[:8])
}

// TestOldPredictorMatchesOnlyByChance: the predictor that guessed 242 of 243 amounts
// under the old draw guesses new ones no better than chance (1 in 6 in a tier of six
// values), since they are keyed by a secret it does not have.
func TestOldPredictorMatchesOnlyByChance(t *testing.T) {
	p := testPolicy()
	// The predictor is the old rule: these are the amounts the old draw gave.
	if got := fmt.Sprint(p.Reward(TierMiddle, 0, 0, oldDraw(p, "vote:0")), p.Reward(TierMiddle, 0, 0, oldDraw(p, "vote:1")),
		p.Reward(TierLow, 0, 0, oldDraw(p, "vote:2"))); got != "5 10 2" {
		t.Fatalf("the predictor is not the old draw: %s", got)
	}
	secret, err := NewDrawSecret()
	if err != nil {
		t.Fatal(err)
	}
	const n = 2430
	hits := 0
	for i := range n {
		id := fmt.Sprintf("b%07d", i)
		if p.Reward(TierMiddle, 0, 0, oldDraw(p, id)) == p.Reward(TierMiddle, 0, 0, Draw(secret, id)) {
			hits++
		}
	}
	// Chance is n/6 = 405 with a standard deviation of 18: 500 is more than five away.
	t.Logf("the old predictor matched %d of %d new draws (chance: %d)", hits, n, n/6)
	if hits > 500 || hits < 310 {
		t.Fatalf("the old predictor matched %d of %d draws; chance is about %d", hits, n, n/6)
	}
}

func TestNewDrawSecretsDiffer(t *testing.T) {
	a, err := NewDrawSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := NewDrawSecret()
	if len(a) != SecretSize || string(a) == string(b) {
		t.Fatalf("secrets %x and %x", a, b)
	}
}

func TestVerifyDraws(t *testing.T) {
	p := testPolicy()
	secret, _ := NewDrawSecret()
	commitment := Commitment(secret)
	var votes []DrawnVote
	for i := range 40 {
		id := fmt.Sprintf("battle%d", i)
		d := Draw(secret, id)
		points := p.Reward(TierMiddle, 0, 0, d)
		switch i % 4 { // some past the caps
		case 1:
			points = p.Reward(TierMiddle, p.DailyCap, 0, d)
		case 2:
			points = p.Reward(TierMiddle, p.DailyCap, p.WeeklyCap, d)
		}
		votes = append(votes, DrawnVote{BattleID: id, Tier: TierMiddle, Points: points})
	}
	votes = append(votes, DrawnVote{BattleID: "high", Tier: TierHigh, Points: 100})
	if bad := VerifyDraws(p, commitment, secret, votes); len(bad) != 0 {
		t.Fatalf("honest draws refused: %v", bad)
	}
	// A vote paid more than its draw, another secret, another commitment. The rater's
	// tier is not published, so a draw is checked against every rater tier's ranges:
	// the tampered amount is above what any of them pays (one more than the draw in
	// this tier could fall in another's range, as it did in half the runs).
	tampered := append([]DrawnVote(nil), votes...)
	most := int64(0)
	for _, rt := range []string{"", arena.RaterNew, arena.RaterTrusted, arena.RaterExpert} {
		pol := p
		if rt != "" {
			pol = p.ForRater(rt)
		}
		most = max(most, pol.Reward(TierMiddle, 0, 0, Draw(secret, "battle3")))
	}
	tampered[3].Points = most + 1
	if bad := VerifyDraws(p, commitment, secret, tampered); len(bad) != 1 || !strings.Contains(bad[0], "battle3") {
		t.Fatalf("a tampered amount: %v", bad)
	}
	other, _ := NewDrawSecret()
	if bad := VerifyDraws(p, commitment, other, votes); len(bad) < 2 || !strings.Contains(bad[0], "commitment") {
		t.Fatalf("another secret: %d discrepancies, %v", len(bad), bad)
	}
	if bad := VerifyDraws(p, Commitment(other), secret, votes); len(bad) != 1 {
		t.Fatalf("another commitment: %v", bad)
	}
}
