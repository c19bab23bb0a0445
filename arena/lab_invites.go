package arena

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"strings"
	"time"
)

// LabInvite is an invitation link's stored form: only the token's hash is kept.
type LabInvite struct {
	TokenHash []byte
	LabID     int64
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// LabInviteStore persists invitation links.
type LabInviteStore interface {
	CreateLabInvite(ctx context.Context, inv LabInvite) error
	// RedeemLabInvite uses an unexpired, unused invitation for userID and returns its lab.
	RedeemLabInvite(ctx context.Context, tokenHash []byte, userID int64, now time.Time) (int64, error)
}

// InviteTTL is how long an invitation link works.
const InviteTTL = 7 * 24 * time.Hour

// Invite makes a single-use invitation link token for a lab. Owners and admins only.
// The token is shown once; only its hash is stored.
func (l *Labs) Invite(ctx context.Context, actor *User, labID int64) (string, error) {
	if err := l.requireOwner(ctx, actor, labID); err != nil {
		return "", err
	}
	b := make([]byte, 20)
	rand.Read(b)
	tok := idEncoding.EncodeToString(b)
	now := l.Clock.Now()
	h := sha256.Sum256([]byte(tok))
	err := l.InviteStore.CreateLabInvite(ctx, LabInvite{TokenHash: h[:], LabID: labID, CreatedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)})
	return tok, err
}

// Join redeems an invitation token for actor, who becomes a member.
func (l *Labs) Join(ctx context.Context, actor *User, token string) (*Lab, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(token)))
	id, err := l.InviteStore.RedeemLabInvite(ctx, h[:], actor.ID, l.Clock.Now())
	if err != nil {
		return nil, err
	}
	return l.LabStore.LabByID(ctx, id)
}
