package arena

import (
	"context"
	"strings"
	"time"
)

// APIToken is a bearer token a user made for scripts. The secret is shown once, at
// creation; only its hash is stored.
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	LastUsed  time.Time // zero if never used
	Revoked   bool
}

// APITokenStore persists API tokens.
type APITokenStore interface {
	CreateAPIToken(ctx context.Context, t *APIToken, hash []byte) error
	// APITokenUser returns the owner of an unrevoked token and notes its use.
	APITokenUser(ctx context.Context, hash []byte, now time.Time) (*User, error)
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)
	// RevokeAPIToken revokes one of userID's tokens; another user's token is ENOTFOUND.
	RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) error
}

// apiTokenPrefix makes the arena's tokens recognisable in logs and secret scanners.
const apiTokenPrefix = "arena_"

// Tokens issues and checks API tokens.
type Tokens struct {
	Store APITokenStore
	Clock Clock
}

// Create makes a token for u and returns it with its secret, which is never shown again.
func (t *Tokens) Create(ctx context.Context, u *User, name string) (*APIToken, string, error) {
	if u == nil || u.Guest {
		return nil, "", Errorf(EUNAUTHORIZED, "Sign up or log in to create API tokens.")
	}
	name = strings.TrimSpace(name)
	if name == "" {
		name = "token"
	}
	if len(name) > 64 {
		return nil, "", Errorf(EINVALID, "Token names are at most 64 characters.")
	}
	secret := apiTokenPrefix + NewToken()
	tok := &APIToken{UserID: u.ID, Name: name, CreatedAt: t.Clock.Now()}
	if err := t.Store.CreateAPIToken(ctx, tok, HashToken(secret)); err != nil {
		return nil, "", err
	}
	return tok, secret, nil
}

// Authenticate returns the owner of a token.
func (t *Tokens) Authenticate(ctx context.Context, secret string) (*User, error) {
	u, err := t.Store.APITokenUser(ctx, HashToken(secret), t.Clock.Now())
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(EUNAUTHORIZED, "The API token is unknown or revoked.")
	}
	if err == nil && u.Disabled {
		return nil, Errorf(EUNAUTHORIZED, disabledMessage)
	}
	return u, err
}
