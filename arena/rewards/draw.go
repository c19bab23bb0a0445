package rewards

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// SecretSize is the length in bytes of a draw secret.
const SecretSize = 32

// NewDrawSecret returns a fresh draw secret from the operating system's random source.
func NewDrawSecret() ([]byte, error) {
	s := make([]byte, SecretSize)
	if _, err := rand.Read(s); err != nil {
		return nil, fmt.Errorf("drawing a reward secret: %w", err)
	}
	return s, nil
}

// Commitment is what a draw epoch publishes when it opens: SHA-256 of its secret. Once
// the secret is revealed anyone can check it against the commitment, so the arena cannot
// choose the secret after seeing the votes.
func Commitment(secret []byte) common.Hash { return sha256.Sum256(secret) }

// Draw returns the 64 uniform bits a vote on battleID draws its reward with: the first 8
// bytes, big-endian, of HMAC-SHA256 keyed with the epoch's secret over the battle id's
// UTF-8 bytes (nothing else: no separator, no length). Without the secret the bits cannot
// be told from random, so a voter cannot see which battles pay well before voting.
func Draw(secret []byte, battleID string) uint64 {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(battleID))
	return binary.BigEndian.Uint64(m.Sum(nil)[:8])
}

// DrawEpoch is a period of votes drawn with one secret. One epoch is open at a time; the
// settlement snapshot that counts its votes reveals its secret and opens the next.
type DrawEpoch struct {
	Number int64
	// Commitment is SHA-256 of the secret, public from the moment the epoch opens.
	Commitment common.Hash
	// Secret is nil until the epoch is revealed.
	Secret   []byte
	OpenedAt time.Time
	// RevealedAt is zero while the epoch is open.
	RevealedAt time.Time
	// Settlement is the settlement epoch whose snapshot revealed this one, nil while open.
	Settlement *Epoch
	// Votes is how many votes drew with this epoch's secret.
	Votes int
}

// Revealed reports whether the epoch's secret is public.
func (d *DrawEpoch) Revealed() bool { return !d.RevealedAt.IsZero() }

// DrawnVote is one vote of a draw epoch, as recorded.
type DrawnVote struct {
	BattleID string
	// Tier is the quality tier the reward was drawn in.
	Tier Tier
	// RaterTier is the voter's rater tier when the vote was recorded, whose ranges drew
	// it ("" for the policy's own ranges, when raters are not scored).
	RaterTier string
	// AnyRaterTier is set for a vote recorded before the rater tier was stored with
	// each vote (migration 0035): nothing says which tier's ranges drew it, so any
	// tier's are accepted.
	AnyRaterTier bool
	// Points is what the vote earned: the draw, shrunk past the voter's caps.
	Points int64
	// LedgerID is the vote's ledger entry, 0 for a vote that earned nothing.
	LedgerID int64
}

// DrawStore keeps draw epochs. No method returns the secret of an epoch still open: the
// store reads it only inside a vote's transaction.
type DrawStore interface {
	// OpenDraw returns the open draw epoch, creating it with a fresh secret if there is
	// none (servers sharing a database agree on one).
	OpenDraw(ctx context.Context, now time.Time) (*DrawEpoch, error)
	// DrawEpochs returns draw epochs, newest first, at most limit.
	DrawEpochs(ctx context.Context, limit int) ([]DrawEpoch, error)
	// DrawEpoch returns draw epoch number; ENOTFOUND when there is none.
	DrawEpoch(ctx context.Context, number int64) (*DrawEpoch, error)
	// DrawnVotes returns the votes drawn in epoch number, by battle id.
	DrawnVotes(ctx context.Context, number int64) ([]DrawnVote, error)
}

// Draws publishes the draw epochs: the open one's commitment, and each revealed one's
// secret and votes, for anyone to recheck.
type Draws struct {
	Store DrawStore
	// Policy is the rewards policy the votes were drawn under.
	Policy Policy
	Clock  arena.Clock
}

// Current returns the open draw epoch, without its secret, opening one if none is.
func (d *Draws) Current(ctx context.Context) (*DrawEpoch, error) {
	return d.Store.OpenDraw(ctx, d.Clock.Now())
}

// Recent returns the latest draw epochs, newest first.
func (d *Draws) Recent(ctx context.Context, limit int) ([]DrawEpoch, error) {
	return d.Store.DrawEpochs(ctx, limit)
}

// Epoch returns draw epoch number with, once it is revealed, its votes (nil before).
func (d *Draws) Epoch(ctx context.Context, number int64) (*DrawEpoch, []DrawnVote, error) {
	e, err := d.Store.DrawEpoch(ctx, number)
	if err != nil || !e.Revealed() {
		return e, nil, err
	}
	votes, err := d.Store.DrawnVotes(ctx, number)
	return e, votes, err
}

// VerifyDraws rechecks a revealed draw epoch from what is published: that the secret is
// the one committed to, and that every vote's points are its draw in its quality tier,
// under the ranges of the rater tier recorded with the vote, in full or shrunk by the
// daily cap, the weekly cap or both (which of these depends on the voter's earnings,
// which are not published). A vote recorded before rater tiers were stored with votes
// is checked against every rater tier's ranges. It returns one line per discrepancy,
// none when everything agrees.
func VerifyDraws(policy Policy, commitment common.Hash, secret []byte, votes []DrawnVote) []string {
	var bad []string
	if Commitment(secret) != commitment {
		bad = append(bad, fmt.Sprintf("the secret's SHA-256 is %s, not the commitment %s", Commitment(secret).Hex(), commitment.Hex()))
	}
	anyTier := []Policy{policy}
	for _, rt := range []string{arena.RaterNew, arena.RaterTrusted, arena.RaterExpert} {
		anyTier = append(anyTier, policy.ForRater(rt))
	}
	for _, v := range votes {
		d := Draw(secret, v.BattleID)
		policies := []Policy{policy.ForRater(v.RaterTier)}
		if v.AnyRaterTier {
			policies = anyTier
		}
		ok := false
		for _, pol := range policies {
			for _, p := range []int64{pol.Reward(v.Tier, 0, 0, d), pol.Reward(v.Tier, pol.DailyCap, 0, d), pol.Reward(v.Tier, 0, pol.WeeklyCap, d),
				pol.Reward(v.Tier, pol.DailyCap, pol.WeeklyCap, d)} {
				ok = ok || p == v.Points
			}
		}
		if !ok {
			full := policies[0].Reward(v.Tier, 0, 0, d)
			if v.AnyRaterTier {
				bad = append(bad, fmt.Sprintf("battle %s: %d points recorded, but no rater tier's draw in tier %s gives it (the policy's own ranges give %d)", v.BattleID, v.Points, v.Tier, full))
			} else {
				bad = append(bad, fmt.Sprintf("battle %s: %d points recorded, but the draw in tier %s for a %s rater gives %d", v.BattleID, v.Points, v.Tier, raterName(v.RaterTier), full))
			}
		}
	}
	return bad
}

// raterName names a rater tier in a discrepancy; "" is the policy's own ranges.
func raterName(t string) string {
	if t == "" {
		return "(no tier)"
	}
	return t
}
