package arena

import (
	"context"
	"time"
)

// Role is what a user may do.
type Role string

// Roles, from least to most trusted.
const (
	RoleUser  Role = "user"
	RoleLab   Role = "lab"
	RoleAdmin Role = "admin"
)

// Valid reports whether r is one of the known roles.
func (r Role) Valid() bool { return r == RoleUser || r == RoleLab || r == RoleAdmin }

// User is a person using the arena: a signed-up account, or a guest known only by a
// cookie. A guest that signs up keeps its ID, so everything it earned stays with it.
type User struct {
	ID           int64
	Username     string // empty for guests
	Role         Role
	Guest        bool
	PasswordHash string // PHC-encoded argon2id; never rendered
	CreatedAt    time.Time
	// Disabled accounts cannot log in, and their sessions and API tokens are refused.
	Disabled bool
}

// Name is how the user is shown.
func (u *User) Name() string {
	if u == nil {
		return ""
	}
	if u.Guest {
		return "guest"
	}
	return u.Username
}

// IsAdmin reports whether u may administer the arena.
func (u *User) IsAdmin() bool { return u != nil && !u.Guest && !u.Disabled && u.Role == RoleAdmin }

// Session is a signed-in browser (or a guest's cookie). Only the token's hash is stored.
type Session struct {
	TokenHash []byte
	UserID    int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// UserStore persists users and sessions. Methods return *Error with ENOTFOUND or
// ECONFLICT where those apply.
type UserStore interface {
	// CreateUser adds an account; a taken username is ECONFLICT.
	CreateUser(ctx context.Context, u *User) error
	// CreateGuest adds a guest user.
	CreateGuest(ctx context.Context, now time.Time) (*User, error)
	// ClaimGuest turns guest guestID into the account described by u, keeping its ID.
	ClaimGuest(ctx context.Context, guestID int64, u *User) error
	// MergeGuest moves everything guest guestID owns to user intoID and deletes the guest.
	// A guest under review (or found abusive) puts the account under review at now, with
	// the guest's evidence: its holds and waiting votes stay reviewable.
	MergeGuest(ctx context.Context, guestID, intoID int64, now time.Time) error
	UserByID(ctx context.Context, id int64) (*User, error)
	UserByName(ctx context.Context, username string) (*User, error)
	SetUserRole(ctx context.Context, id int64, role Role) error

	CreateSession(ctx context.Context, s Session) error
	// SessionUser returns the user of an unexpired session.
	SessionUser(ctx context.Context, tokenHash []byte, now time.Time) (*User, error)
	DeleteSession(ctx context.Context, tokenHash []byte) error
	// DeleteUserSessions revokes every session of a user and says how many there were.
	DeleteUserSessions(ctx context.Context, userID int64) (int64, error)
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)
	// SetPassword replaces a user's password hash and revokes all its sessions, in one
	// transaction: no session opened with the old password outlives it.
	SetPassword(ctx context.Context, userID int64, hash string) error
}
