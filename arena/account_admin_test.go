package arena_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

type adminFixture struct {
	db       arena.AccountAdminStore
	clock    *arenatest.Clock
	accounts *arena.Accounts
	tokens   *arena.Tokens
	admin    *arena.AccountAdmin
}

func newAdminFixture(t *testing.T) *adminFixture {
	db := sqlitetest.Open(t)
	clock := arenatest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	return &adminFixture{db: db, clock: clock, accounts: &arena.Accounts{Store: db, Clock: clock},
		tokens: &arena.Tokens{Store: db, Clock: clock}, admin: &arena.AccountAdmin{Store: db, Clock: clock}}
}

func (f *adminFixture) add(t *testing.T, name string, role arena.Role) *arena.User {
	t.Helper()
	u, err := f.accounts.AddUser(context.Background(), name, "password1", role)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func wantCode(t *testing.T, what string, err error, code, text string) {
	t.Helper()
	if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), text) {
		t.Errorf("%s: %v, want %s saying %q", what, err, code, text)
	}
}

// A disabled account is refused everywhere it could get in: log-in (only once its
// password is right), its sessions and its API tokens. Enabled again, its tokens work;
// its sessions are gone for good.
func TestDisabledAccountIsLockedOut(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture(t)
	ann := f.add(t, "ann", arena.RoleUser)
	_, session, err := f.accounts.LogIn(ctx, nil, "ann", "password1")
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := f.tokens.Create(ctx, ann, "script")
	if err != nil {
		t.Fatal(err)
	}
	op := f.admin.AsOperator()
	if u, changed, err := op.Disable(ctx, "ANN"); err != nil || !changed || !u.Disabled {
		t.Fatalf("disable: %+v %v %v", u, changed, err)
	}
	if _, changed, err := op.Disable(ctx, "ann"); err != nil || changed {
		t.Errorf("disabling twice: %v %v", changed, err)
	}
	_, _, err = f.accounts.LogIn(ctx, nil, "ann", "password1")
	wantCode(t, "log-in", err, arena.EFORBIDDEN, "disabled")
	_, _, err = f.accounts.LogIn(ctx, nil, "ann", "wrong password")
	wantCode(t, "log-in with a wrong password", err, arena.EUNAUTHORIZED, "Wrong username or password")
	_, err = f.accounts.Authenticate(ctx, session)
	wantCode(t, "session", err, arena.EUNAUTHORIZED, "")
	_, err = f.tokens.Authenticate(ctx, secret)
	wantCode(t, "API token", err, arena.EUNAUTHORIZED, "disabled")

	if _, changed, err := op.Enable(ctx, "ann"); err != nil || !changed {
		t.Fatalf("enable: %v %v", changed, err)
	}
	if u, err := f.tokens.Authenticate(ctx, secret); err != nil || u.ID != ann.ID {
		t.Errorf("the token after enabling: %v", err)
	}
	if _, err := f.accounts.Authenticate(ctx, session); err == nil {
		t.Error("a session from before the account was disabled came back")
	}
	if _, _, err := f.accounts.LogIn(ctx, nil, "ann", "password1"); err != nil {
		t.Errorf("log-in after enabling: %v", err)
	}
}

// Only admins and the operator administer accounts; an admin cannot lock themselves
// out, and a disabled admin is no admin.
func TestAccountAdminPermissions(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture(t)
	root, plain := f.add(t, "root", arena.RoleAdmin), f.add(t, "plain", arena.RoleUser)
	f.add(t, "other", arena.RoleAdmin)
	if _, err := f.admin.List(ctx, arena.UserFilter{}); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Errorf("a bare AccountAdmin listed accounts: %v", err)
	}
	if _, err := f.admin.As(plain); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Errorf("a plain user administers accounts: %v", err)
	}
	if _, err := f.admin.As(nil); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Errorf("nobody administers accounts: %v", err)
	}
	adm, err := f.admin.As(root)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = adm.Disable(ctx, "root")
	wantCode(t, "disabling oneself", err, arena.EFORBIDDEN, "your own account")
	_, err = adm.SetRole(ctx, "root", arena.RoleUser)
	wantCode(t, "demoting oneself", err, arena.EFORBIDDEN, "your own account")
	if u, err := adm.SetRole(ctx, "root", arena.RoleAdmin); err != nil || u.Role != arena.RoleAdmin {
		t.Errorf("keeping one's own role: %v", err)
	}
	if u, err := adm.SetRole(ctx, "plain", arena.RoleLab); err != nil || u.Role != arena.RoleLab {
		t.Errorf("set-role: %+v %v", u, err)
	}
	_, err = adm.SetRole(ctx, "plain", "superuser")
	wantCode(t, "an unknown role", err, arena.EINVALID, "use user, lab or admin")

	// The operator may do what an admin may not do to themselves.
	op := f.admin.AsOperator()
	if _, _, err := op.Disable(ctx, "root"); err != nil {
		t.Fatal(err)
	}
	disabled, err := f.db.UserByName(ctx, "root")
	if err != nil || disabled.IsAdmin() {
		t.Fatalf("a disabled admin is still an admin: %+v %v", disabled, err)
	}
	if _, err := f.admin.As(disabled); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Errorf("a disabled admin administers accounts: %v", err)
	}
	for _, name := range []string{"nobody", ""} {
		_, err := op.SetRole(ctx, name, arena.RoleUser)
		wantCode(t, "set-role of "+name, err, arena.ENOTFOUND, "There is no account named")
		_, _, err = op.Disable(ctx, name)
		wantCode(t, "disable "+name, err, arena.ENOTFOUND, "There is no account named")
		_, err = op.ResetPassword(ctx, name, "a long password")
		wantCode(t, "reset-password "+name, err, arena.ENOTFOUND, "There is no account named")
		_, err = op.RevokeTokens(ctx, name, 0)
		wantCode(t, "revoke-tokens "+name, err, arena.ENOTFOUND, "There is no account named")
	}
	_, err = op.List(ctx, arena.UserFilter{Role: "root"})
	wantCode(t, "list by an unknown role", err, arena.EINVALID, "Unknown role")
	_, err = op.List(ctx, arena.UserFilter{Search: strings.Repeat("a", 65)})
	wantCode(t, "a long search", err, arena.EINVALID, "at most 64")
}

// A password reset ends every session; revoke-tokens takes one token or all of them,
// and a wrong token id is told which ones are live.
func TestResetPasswordAndRevokeTokens(t *testing.T) {
	ctx := context.Background()
	f := newAdminFixture(t)
	ann := f.add(t, "ann", arena.RoleUser)
	_, session, err := f.accounts.LogIn(ctx, nil, "ann", "password1")
	if err != nil {
		t.Fatal(err)
	}
	op := f.admin.AsOperator()
	_, err = op.ResetPassword(ctx, "ann", "short")
	wantCode(t, "a short password", err, arena.EINVALID, "at least 8")
	if _, err := op.ResetPassword(ctx, "ann", "a new password"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.accounts.Authenticate(ctx, session); err == nil {
		t.Error("a session outlived the password reset")
	}
	if _, _, err := f.accounts.LogIn(ctx, nil, "ann", "a new password"); err != nil {
		t.Errorf("the new password: %v", err)
	}

	one, s1, _ := f.tokens.Create(ctx, ann, "one")
	_, s2, _ := f.tokens.Create(ctx, ann, "two")
	_, s3, _ := f.tokens.Create(ctx, ann, "three")
	_, err = op.RevokeTokens(ctx, "ann", one.ID+100)
	wantCode(t, "an unknown token id", err, arena.ENOTFOUND, "its live tokens: ")
	if n, err := op.RevokeTokens(ctx, "ann", one.ID); err != nil || n != 1 {
		t.Fatalf("revoke one: %d %v", n, err)
	}
	if _, err := f.tokens.Authenticate(ctx, s1); err == nil {
		t.Error("the revoked token works")
	}
	if _, err := f.tokens.Authenticate(ctx, s2); err != nil {
		t.Errorf("another token stopped working: %v", err)
	}
	if n, err := op.RevokeTokens(ctx, "ann", one.ID); err != nil || n != 0 {
		t.Errorf("revoking a revoked token: %d %v", n, err)
	}
	if n, err := op.RevokeTokens(ctx, "ann", 0); err != nil || n != 2 {
		t.Fatalf("revoke all: %d %v", n, err)
	}
	for _, s := range []string{s2, s3} {
		if _, err := f.tokens.Authenticate(ctx, s); err == nil {
			t.Error("a token survived revoke-tokens")
		}
	}
	us, err := op.List(ctx, arena.UserFilter{Search: "ann"})
	if err != nil || len(us) != 1 || us[0].Tokens != 0 {
		t.Errorf("listed after revoking: %+v %v", us, err)
	}
}

// Model health records a model's last failure in the store, for `arena models list`,
// at most once a minute while the error stays the same.
func TestModelHealthRecordsLastFailure(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	clock := arenatest.NewClock(time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	m := &arena.Model{Name: "flaky", Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9/v1", ModelID: "flaky", Active: true}
	if err := db.CreateModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	labs := &arena.Labs{ModelStore: db, Clock: clock, Log: arenatest.Quiet(), PauseAfter: 100}
	last := func() arena.ModelFailure {
		t.Helper()
		lm, err := db.LabModel(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		return lm.LastFailure
	}
	t0 := clock.Now()
	labs.Record(*m, nil)
	if f := last(); !f.At.IsZero() {
		t.Fatalf("a success recorded a failure: %+v", f)
	}
	labs.Record(*m, errors.New("HTTP 502 from the endpoint"))
	if f := last(); !f.At.Equal(t0) || f.Message != "HTTP 502 from the endpoint" {
		t.Fatalf("first failure: %+v", f)
	}
	clock.Add(10 * time.Second)
	labs.Record(*m, errors.New("HTTP 502 from the endpoint"))
	if f := last(); !f.At.Equal(t0) {
		t.Errorf("the same failure again within the minute was written: %+v", f)
	}
	labs.Record(*m, errors.New("connection refused"))
	if f := last(); f.Message != "connection refused" || !f.At.Equal(t0.Add(10*time.Second)) {
		t.Errorf("a new error: %+v", f)
	}
	clock.Add(time.Minute)
	labs.Record(*m, errors.New("connection refused"))
	if f := last(); !f.At.Equal(t0.Add(70 * time.Second)) {
		t.Errorf("the same error a minute later: %+v", f)
	}
}
