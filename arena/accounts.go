package arena

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"
)

// Accounts signs people up and in, and keeps their sessions.
type Accounts struct {
	Store      UserStore
	Clock      Clock
	SessionTTL time.Duration // how long a session lasts; 30 days when zero
	// SignUpBonus, if set, credits a new account's sign-up bonus; it must be idempotent
	// (credited once per account however often it is called).
	SignUpBonus func(ctx context.Context, userID int64) error
	// Failures, if set, counts failed log-ins per account and refuses log-ins to an
	// account past MaxLogInFailures in LogInFailureWindow (the database's rate counters).
	Failures RateStore
}

var usernameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{3,32}$`)

// ValidateUsername explains what is wrong with a username, or returns nil.
func ValidateUsername(name string) error {
	if !usernameRE.MatchString(name) {
		return Errorf(EINVALID, "Usernames are 3 to 32 characters of letters, digits, '_' and '-'.")
	}
	return nil
}

// ValidatePassword explains what is wrong with a password, or returns nil.
func ValidatePassword(pw string) error {
	if len([]rune(pw)) < 8 {
		return Errorf(EINVALID, "Passwords must be at least 8 characters long.")
	}
	if len(pw) > 1024 {
		return Errorf(EINVALID, "Passwords must be at most 1024 bytes long.")
	}
	return nil
}

func (a *Accounts) ttl() time.Duration {
	if a.SessionTTL > 0 {
		return a.SessionTTL
	}
	return 30 * 24 * time.Hour
}

// AddUser creates an account directly (for operators), with the given role.
func (a *Accounts) AddUser(ctx context.Context, username, password string, role Role) (*User, error) {
	if err := ValidateUsername(username); err != nil {
		return nil, err
	}
	if err := ValidatePassword(password); err != nil {
		return nil, err
	}
	if !role.Valid() {
		return nil, Errorf(EINVALID, "Unknown role %q: use user, lab or admin.", role)
	}
	u := &User{Username: username, Role: role, PasswordHash: HashPassword(password), CreatedAt: a.Clock.Now()}
	if err := a.Store.CreateUser(ctx, u); err != nil {
		return nil, err
	}
	return u, nil
}

// SignUp creates an account and a session for it. If guest is a guest user, the guest
// becomes the account, so what it earned carries over.
func (a *Accounts) SignUp(ctx context.Context, guest *User, username, password string) (*User, string, error) {
	if err := ValidateUsername(username); err != nil {
		return nil, "", err
	}
	if err := ValidatePassword(password); err != nil {
		return nil, "", err
	}
	u := &User{Username: username, Role: RoleUser, PasswordHash: HashPassword(password), CreatedAt: a.Clock.Now()}
	var err error
	if guest != nil && guest.Guest {
		err = a.Store.ClaimGuest(ctx, guest.ID, u)
	} else {
		err = a.Store.CreateUser(ctx, u)
	}
	if err != nil {
		return nil, "", err
	}
	if guest != nil && guest.Guest {
		// The account keeps the guest's id, so the guest's session would open it: whoever
		// planted or copied that token must not ride into the account.
		if _, err := a.Store.DeleteUserSessions(ctx, u.ID); err != nil {
			return nil, "", err
		}
	}
	if a.SignUpBonus != nil {
		if err := a.SignUpBonus(ctx, u.ID); err != nil {
			return nil, "", err
		}
	}
	token, err := a.newSession(ctx, u.ID)
	return u, token, err
}

// LogIn checks a username and password and starts a session. A guest's earnings move to
// the account it logs in to.
func (a *Accounts) LogIn(ctx context.Context, guest *User, username, password string) (*User, string, error) {
	lf := loginFailures{a.Failures, a.Clock}
	if err := lf.check(ctx, username); err != nil {
		return nil, "", err
	}
	// An unknown name counts as a failure too, so the throttle does not tell which
	// accounts exist.
	wrong := func() (*User, string, error) {
		if err := lf.failed(ctx, username); err != nil {
			return nil, "", err
		}
		return nil, "", Errorf(EUNAUTHORIZED, "Wrong username or password.")
	}
	u, err := a.Store.UserByName(ctx, username)
	if ErrorCode(err) == ENOTFOUND {
		// Hash anyway so a wrong username takes as long as a wrong password.
		CheckPassword(dummyHash, password)
		return wrong()
	} else if err != nil {
		return nil, "", err
	}
	if u.Guest || !CheckPassword(u.PasswordHash, password) {
		return wrong()
	}
	if u.Disabled {
		return nil, "", Errorf(EFORBIDDEN, disabledMessage) // only once the password is right: it tells the owner, nobody else
	}
	if guest != nil && guest.Guest && guest.ID != u.ID {
		if err := a.Store.MergeGuest(ctx, guest.ID, u.ID, a.Clock.Now()); err != nil {
			return nil, "", err
		}
	}
	token, err := a.newSession(ctx, u.ID)
	return u, token, err
}

// NewGuest creates a guest user and its session.
func (a *Accounts) NewGuest(ctx context.Context) (*User, string, error) {
	u, err := a.Store.CreateGuest(ctx, a.Clock.Now())
	if err != nil {
		return nil, "", err
	}
	token, err := a.newSession(ctx, u.ID)
	return u, token, err
}

// Authenticate returns the user of a session token; an unknown or expired token is
// EUNAUTHORIZED.
func (a *Accounts) Authenticate(ctx context.Context, token string) (*User, error) {
	if token == "" {
		return nil, Errorf(EUNAUTHORIZED, "Not signed in.")
	}
	u, err := a.Store.SessionUser(ctx, HashToken(token), a.Clock.Now())
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(EUNAUTHORIZED, "Your session has expired; please log in again.")
	}
	if err == nil && u.Disabled {
		return nil, Errorf(EUNAUTHORIZED, disabledMessage)
	}
	return u, err
}

// LogOutEverywhere revokes every session of u (its API tokens stay: they are revoked
// one by one on /me) and says how many there were.
func (a *Accounts) LogOutEverywhere(ctx context.Context, u *User) (int64, error) {
	if u == nil || u.Guest {
		return 0, Errorf(EUNAUTHORIZED, "Log in first.")
	}
	return a.Store.DeleteUserSessions(ctx, u.ID)
}

// ChangePassword replaces u's password after checking the current one, ends every
// session of the account and returns a new one for the browser that asked: whoever
// knew the old password and is logged in with it is logged out.
func (a *Accounts) ChangePassword(ctx context.Context, u *User, current, next string) (string, error) {
	if u == nil || u.Guest {
		return "", Errorf(EUNAUTHORIZED, "Log in first.")
	}
	fresh, err := a.Store.UserByID(ctx, u.ID)
	if err != nil {
		return "", err
	}
	if !CheckPassword(fresh.PasswordHash, current) {
		return "", Errorf(EUNAUTHORIZED, "Your current password is wrong; the password is unchanged.")
	}
	if err := ValidatePassword(next); err != nil {
		return "", err
	}
	if err := a.Store.SetPassword(ctx, u.ID, HashPassword(next)); err != nil {
		return "", err
	}
	return a.newSession(ctx, u.ID)
}

// LogOut revokes a session.
func (a *Accounts) LogOut(ctx context.Context, token string) error {
	if token == "" {
		return nil
	}
	return a.Store.DeleteSession(ctx, HashToken(token))
}

func (a *Accounts) newSession(ctx context.Context, userID int64) (string, error) {
	token := NewToken()
	now := a.Clock.Now()
	err := a.Store.CreateSession(ctx, Session{TokenHash: HashToken(token), UserID: userID, CreatedAt: now, ExpiresAt: now.Add(a.ttl())})
	return token, err
}

// NewToken returns 256 random bits, URL-safe encoded.
func NewToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how tokens are stored: a random token needs no salt or slow hash.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// argon2id parameters: OWASP's minimum recommendation, affordable on a 2-core server.
const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

var dummyHash = HashPassword("not a real password")

// HashPassword hashes pw with argon2id and a random salt, in PHC string form.
func HashPassword(pw string) string {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		panic(err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
}

// CheckPassword reports whether pw matches a hash made by HashPassword, reading the
// parameters from the hash so they can be raised later.
func CheckPassword(hash, pw string) bool {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// SessionTTLOrDefault is how long new sessions last.
func (a *Accounts) SessionTTLOrDefault() time.Duration { return a.ttl() }
