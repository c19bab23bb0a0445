package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func testAccountAdministration(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	add := func(name string, role arena.Role) *arena.User {
		u := &arena.User{Username: name, Role: role, PasswordHash: "h", CreatedAt: t0}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	ann := add("ann", arena.RoleUser)
	add("Bob", arena.RoleAdmin)
	add("c_d", arena.RoleLab)
	if _, err := db.CreateGuest(ctx, t0); err != nil {
		t.Fatal(err)
	}
	// Ann's signs of life: a session, a device, and two tokens, one used and one revoked.
	if err := db.CreateSession(ctx, arena.Session{TokenHash: []byte("ann-1"), UserID: ann.ID, CreatedAt: t0.Add(time.Hour), ExpiresAt: t0.Add(48 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := db.TouchDevice(ctx, ann.ID, "dev", "192.0.2.1", t0.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	used, gone := &arena.APIToken{UserID: ann.ID, Name: "used", CreatedAt: t0}, &arena.APIToken{UserID: ann.ID, Name: "gone", CreatedAt: t0}
	for i, tok := range []*arena.APIToken{used, gone} {
		if err := db.CreateAPIToken(ctx, tok, []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.APITokenUser(ctx, []byte{0}, t0.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.RevokeAPIToken(ctx, ann.ID, gone.ID, t0); err != nil {
		t.Fatal(err)
	}

	names := func(f arena.UserFilter) []string {
		t.Helper()
		us, err := db.ListUsers(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, u := range us {
			out = append(out, u.Name())
		}
		return out
	}
	for _, c := range []struct {
		f    arena.UserFilter
		want []string
	}{
		{arena.UserFilter{}, []string{"ann", "Bob", "c_d"}},
		{arena.UserFilter{Guests: true}, []string{"ann", "Bob", "c_d", "guest"}},
		{arena.UserFilter{Role: arena.RoleAdmin}, []string{"Bob"}},
		{arena.UserFilter{Search: "B"}, []string{"Bob"}},
		{arena.UserFilter{Search: "n"}, []string{"ann"}},
		{arena.UserFilter{Search: "_"}, []string{"c_d"}}, // literally, not LIKE's any character
		{arena.UserFilter{Search: "%"}, nil},
		{arena.UserFilter{Limit: 2}, []string{"ann", "Bob"}},
	} {
		if got := names(c.f); !slices.Equal(got, c.want) {
			t.Errorf("ListUsers(%+v) = %v, want %v", c.f, got, c.want)
		}
	}
	us, err := db.ListUsers(ctx, arena.UserFilter{Search: "ann"})
	if err != nil || len(us) != 1 {
		t.Fatalf("ann: %+v %v", us, err)
	}
	if a := us[0]; a.Tokens != 1 || !a.LastSeen.Equal(t0.Add(3*time.Hour)) || a.Role != arena.RoleUser || a.Disabled || a.Guest {
		t.Errorf("ann listed as %+v", a)
	}
	if us, _ := db.ListUsers(ctx, arena.UserFilter{Search: "bob"}); len(us) != 1 || !us[0].LastSeen.IsZero() || us[0].Tokens != 0 {
		t.Errorf("bob, never seen: %+v", us)
	}

	// Disabling ends the sessions in the same transaction, and every way in sees it.
	if err := db.SetUserDisabled(ctx, ann.ID, true, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionUser(ctx, []byte("ann-1"), t0.Add(2*time.Hour)); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("a session outlived disabling: %v", err)
	}
	if u, err := db.UserByName(ctx, "ANN"); err != nil || !u.Disabled {
		t.Errorf("UserByName after disabling: %+v %v", u, err)
	}
	if u, err := db.APITokenUser(ctx, []byte{0}, t0); err != nil || !u.Disabled {
		t.Errorf("APITokenUser after disabling: %+v %v", u, err)
	}
	if err := db.SetUserDisabled(ctx, ann.ID, false, t0); err != nil {
		t.Fatal(err)
	}
	if u, err := db.UserByID(ctx, ann.ID); err != nil || u.Disabled {
		t.Errorf("after enabling: %+v %v", u, err)
	}
	if err := db.SetUserDisabled(ctx, ann.ID+100, true, t0); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("disabling no one: %v", err)
	}

	if n, err := db.RevokeUserTokens(ctx, ann.ID, t0); err != nil || n != 1 {
		t.Errorf("RevokeUserTokens = %d, %v; want 1", n, err)
	}
	if n, err := db.RevokeUserTokens(ctx, ann.ID, t0); err != nil || n != 0 {
		t.Errorf("RevokeUserTokens again = %d, %v; want 0", n, err)
	}
	if _, err := db.APITokenUser(ctx, []byte{0}, t0); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("a revoked token still works: %v", err)
	}
}

// A model's last failure, as model health records it, reads back with the model.
func testModelLastFailure(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	m := &arena.Model{Name: "flaky", Provider: arena.ProviderDemo, Active: true}
	if err := db.CreateModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	if lm, err := db.LabModel(ctx, m.ID); err != nil || !lm.LastFailure.At.IsZero() || lm.LastFailure.Message != "" {
		t.Fatalf("a new model's last failure: %+v %v", lm.LastFailure, err)
	}
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	if err := db.SetModelFailure(ctx, m.ID, arena.ModelFailure{At: at, Message: "HTTP 502 from the endpoint"}); err != nil {
		t.Fatal(err)
	}
	lms, err := db.LabModels(ctx, 0)
	if err != nil || len(lms) != 1 || !lms[0].LastFailure.At.Equal(at) || lms[0].LastFailure.Message != "HTTP 502 from the endpoint" {
		t.Fatalf("last failure: %+v %v", lms, err)
	}
	if err := db.SetModelFailure(ctx, m.ID+100, arena.ModelFailure{At: at}); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("failure of no model: %v", err)
	}
}
