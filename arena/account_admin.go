package arena

import (
	"context"
	"strconv"
	"strings"
	"time"
)

// disabledMessage is what a disabled account is told wherever it tries to get in.
const disabledMessage = "This account is disabled; ask the arena's administrators."

// UserFilter selects the accounts AccountAdmin.List returns.
type UserFilter struct {
	// Search keeps accounts whose username contains it, ignoring case; "" keeps all.
	Search string
	// Role keeps the accounts of one role; "" keeps every role.
	Role Role
	// Guests lists guests too: they have no name and are many (one per visitor).
	Guests bool
	// Limit returns at most this many, the oldest first; 0 for no limit.
	Limit int
}

// maxUserSearch bounds a search, which becomes a LIKE pattern over every username.
const maxUserSearch = 64

// UserSummary is an account as administrators list it.
type UserSummary struct {
	User
	// LastSeen is the latest sign of the account: a session started, an API token used,
	// a page seen from a device, a battle started. Zero when there is none.
	LastSeen time.Time
	// Tokens counts its API tokens that are not revoked.
	Tokens int
}

// AccountAdminStore is what administering accounts needs of the store.
type AccountAdminStore interface {
	UserStore
	// ListUsers lists accounts by id.
	ListUsers(ctx context.Context, f UserFilter) ([]UserSummary, error)
	// SetUserDisabled disables an account, ending all its sessions in the same
	// transaction, or enables it again. A guest or an unknown id is ENOTFOUND.
	SetUserDisabled(ctx context.Context, userID int64, disabled bool, now time.Time) error
	APITokens(ctx context.Context, userID int64) ([]APIToken, error)
	RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) error
	// RevokeUserTokens revokes every API token of a user and says how many were live.
	RevokeUserTokens(ctx context.Context, userID int64, now time.Time) (int64, error)
}

// AccountAdmin lists accounts, changes their roles, disables and enables them, resets
// their passwords and revokes their API tokens: for an admin on /admin/users (As) and
// for the operator at the command line (AsOperator), through the same methods. A bare
// AccountAdmin may do nothing.
type AccountAdmin struct {
	Store AccountAdminStore
	Clock Clock

	by       *User // the admin acting on the site
	operator bool  // whoever runs `arena users` holds the database, and may do anything
}

// As returns the administration of accounts as admin u does it; anyone else is
// EFORBIDDEN.
func (a *AccountAdmin) As(u *User) (*AccountAdmin, error) {
	if !u.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only admins may manage accounts.")
	}
	return &AccountAdmin{Store: a.Store, Clock: a.Clock, by: u}, nil
}

// AsOperator returns the administration of accounts as the operator does it from the
// command line.
func (a *AccountAdmin) AsOperator() *AccountAdmin {
	return &AccountAdmin{Store: a.Store, Clock: a.Clock, operator: true}
}

func (a *AccountAdmin) allowed() error {
	if a.operator || a.by.IsAdmin() {
		return nil
	}
	return Errorf(EFORBIDDEN, "Only admins may manage accounts.")
}

// self refuses an admin's change to their own account that would lock them out, which
// only the operator could undo; the operator has no account on the site to lose.
func (a *AccountAdmin) self(u *User, what string) error {
	if a.by != nil && a.by.ID == u.ID {
		return Errorf(EFORBIDDEN, "You cannot %s your own account: another admin, or the operator with `arena users`, can.", what)
	}
	return nil
}

// List returns the accounts f selects.
func (a *AccountAdmin) List(ctx context.Context, f UserFilter) ([]UserSummary, error) {
	if err := a.allowed(); err != nil {
		return nil, err
	}
	f.Search = strings.TrimSpace(f.Search)
	if len(f.Search) > maxUserSearch {
		return nil, Errorf(EINVALID, "Search for at most %d characters of a username.", maxUserSearch)
	}
	if f.Role != "" && !f.Role.Valid() {
		return nil, Errorf(EINVALID, "Unknown role %q: use user, lab or admin.", f.Role)
	}
	if f.Limit < 0 {
		return nil, Errorf(EINVALID, "The limit must be 0 (none) or more.")
	}
	return a.Store.ListUsers(ctx, f)
}

// Account returns the account named name, whatever its state.
func (a *AccountAdmin) Account(ctx context.Context, name string) (*User, error) {
	if err := a.allowed(); err != nil {
		return nil, err
	}
	u, err := a.Store.UserByName(ctx, name)
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "There is no account named %q.", name)
	}
	return u, err
}

// SetRole gives the account named name role, and returns it as it now is.
func (a *AccountAdmin) SetRole(ctx context.Context, name string, role Role) (*User, error) {
	if !role.Valid() {
		return nil, Errorf(EINVALID, "Unknown role %q: use user, lab or admin.", role)
	}
	u, err := a.Account(ctx, name)
	if err != nil {
		return nil, err
	}
	if u.Role == role {
		return u, nil
	}
	if err := a.self(u, "change the role of"); err != nil {
		return nil, err
	}
	if err := a.Store.SetUserRole(ctx, u.ID, role); err != nil {
		return nil, err
	}
	u.Role = role
	return u, nil
}

// Disable disables the account named name at once: it cannot log in, its sessions end
// and its API tokens are refused until it is enabled again (the tokens then work again;
// the sessions do not come back). It reports whether the account was enabled before.
func (a *AccountAdmin) Disable(ctx context.Context, name string) (*User, bool, error) {
	return a.setDisabled(ctx, name, true)
}

// Enable lets the account named name log in again, and reports whether it was
// disabled before.
func (a *AccountAdmin) Enable(ctx context.Context, name string) (*User, bool, error) {
	return a.setDisabled(ctx, name, false)
}

func (a *AccountAdmin) setDisabled(ctx context.Context, name string, disabled bool) (*User, bool, error) {
	u, err := a.Account(ctx, name)
	if err != nil {
		return nil, false, err
	}
	if u.Disabled == disabled {
		return u, false, nil
	}
	if disabled {
		if err := a.self(u, "disable"); err != nil {
			return nil, false, err
		}
	}
	if err := a.Store.SetUserDisabled(ctx, u.ID, disabled, a.Clock.Now()); err != nil {
		return nil, false, err
	}
	u.Disabled = disabled
	return u, true, nil
}

// ResetPassword sets the password of the account named name, ending all its sessions:
// whoever was logged in, with the old password or a stolen session, is logged out.
func (a *AccountAdmin) ResetPassword(ctx context.Context, name, password string) (*User, error) {
	if err := ValidatePassword(password); err != nil {
		return nil, err
	}
	u, err := a.Account(ctx, name)
	if err != nil {
		return nil, err
	}
	if err := a.Store.SetPassword(ctx, u.ID, HashPassword(password)); err != nil {
		return nil, err
	}
	return u, nil
}

// RevokeTokens revokes the API tokens of the account named name: the one with id
// tokenID, or every one when tokenID is 0. It says how many were live.
func (a *AccountAdmin) RevokeTokens(ctx context.Context, name string, tokenID int64) (int64, error) {
	u, err := a.Account(ctx, name)
	if err != nil {
		return 0, err
	}
	now := a.Clock.Now()
	if tokenID == 0 {
		return a.Store.RevokeUserTokens(ctx, u.ID, now)
	}
	toks, err := a.Store.APITokens(ctx, u.ID)
	if err != nil {
		return 0, err
	}
	var ids []string
	for _, t := range toks {
		if t.ID == tokenID {
			if t.Revoked {
				return 0, nil
			}
			return 1, a.Store.RevokeAPIToken(ctx, u.ID, tokenID, now)
		}
		if !t.Revoked {
			ids = append(ids, strconv.FormatInt(t.ID, 10)+" ("+t.Name+")")
		}
	}
	live := "none"
	if len(ids) > 0 {
		live = strings.Join(ids, ", ")
	}
	return 0, Errorf(ENOTFOUND, "%s has no API token %d; its live tokens: %s.", u.Username, tokenID, live)
}
