package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func testMigrateEmptyAndExisting(t *testing.T, be backend) {
	ctx := context.Background()
	db, path := be.openFresh(t)
	u := &arena.User{Username: "alice", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: time.Now()}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// Reopening applies nothing twice and keeps the data.
	db2, err := be.open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	got, err := db2.UserByName(ctx, "ALICE")
	if err != nil || got.ID != u.ID {
		t.Fatalf("user after reopen = %+v, %v", got, err)
	}
	if v := db2.Version(ctx); v != be.version {
		t.Fatalf("schema version %d, want %d", v, be.version)
	}
}

func testRefusesNewerSchema(t *testing.T, be backend) {
	ctx := context.Background()
	db, path := be.openFresh(t)
	if err := db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := be.open(ctx, path)
	if err == nil || !strings.Contains(err.Error(), "newer arena") {
		t.Fatalf("opening a newer database: err = %v, want a refusal naming the newer version", err)
	}
	// Refusing must not have changed anything.
	db3, err := be.unchecked(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if v := db3.Version(ctx); v != 9999 {
		t.Fatalf("version after refusal = %d, want 9999 untouched", v)
	}
}

func testUsersAndSessions(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Now()
	u := &arena.User{Username: "bob", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	dup := &arena.User{Username: "BOB", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: now}
	if err := db.CreateUser(ctx, dup); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("duplicate username: %v, want conflict", err)
	}
	if err := db.CreateSession(ctx, arena.Session{TokenHash: []byte("t1"), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if got, err := db.SessionUser(ctx, []byte("t1"), now); err != nil || got.Username != "bob" {
		t.Fatalf("SessionUser = %v, %v", got, err)
	}
	if _, err := db.SessionUser(ctx, []byte("t1"), now.Add(2*time.Hour)); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("expired session: %v, want not found", err)
	}
	if n, err := db.DeleteExpiredSessions(ctx, now.Add(2*time.Hour)); err != nil || n != 1 {
		t.Fatalf("DeleteExpiredSessions = %d, %v", n, err)
	}
	// A new password ends every session in the same transaction.
	db.CreateSession(ctx, arena.Session{TokenHash: []byte("t2"), UserID: u.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)})
	if err := db.SetPassword(ctx, u.ID, "h2"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SessionUser(ctx, []byte("t2"), now); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("a session outlived SetPassword: %v", err)
	}
	if got, err := db.UserByID(ctx, u.ID); err != nil || got.PasswordHash != "h2" {
		t.Fatalf("after SetPassword: %+v %v", got, err)
	}
	if err := db.SetPassword(ctx, u.ID+1000, "h"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("SetPassword of no one: %v", err)
	}
	g, err := db.CreateGuest(ctx, now)
	if err != nil || !g.Guest {
		t.Fatalf("CreateGuest = %+v, %v", g, err)
	}
	if err := db.ClaimGuest(ctx, g.ID, &arena.User{Username: "bob", PasswordHash: "h", Role: arena.RoleUser}); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("claiming a guest with a taken name: %v", err)
	}
	claimed := &arena.User{Username: "carol", PasswordHash: "h", Role: arena.RoleUser}
	if err := db.ClaimGuest(ctx, g.ID, claimed); err != nil || claimed.ID != g.ID {
		t.Fatalf("ClaimGuest = %v, id %d want %d", err, claimed.ID, g.ID)
	}
}

// testReadSchema reads a schema new, up to date, behind and ahead, and changes nothing.
func testReadSchema(t *testing.T, be backend) {
	ctx := context.Background()
	addr := be.fresh(t)
	s, err := be.schema(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	if !s.IsNew() || s.Version() != 0 || len(s.Pending) != be.version || s.Known != be.version {
		t.Fatalf("a new database: %+v", s)
	}
	db, err := be.open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s, err = be.schema(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	if s.IsNew() || s.Version() != be.version || len(s.Pending) != 0 || len(s.Applied) != be.version {
		t.Fatalf("an up-to-date database: version %d, %d applied, %d pending", s.Version(), len(s.Applied), len(s.Pending))
	}
	if first := s.Applied[0]; first.Version != 1 || first.Name != "0001_users.sql" || time.Since(first.AppliedAt) > time.Hour {
		t.Fatalf("first migration %+v", first)
	}
	// As a database written by an arena two migrations older would read.
	if err := db.Exec(ctx, `DELETE FROM schema_migrations WHERE version > ?`, be.version-2); err != nil {
		t.Fatal(err)
	}
	s, err = be.schema(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	if s.Version() != be.version-2 || len(s.Pending) != 2 || s.Pending[0].Version != be.version-1 || s.IsNewer() {
		t.Fatalf("an older database: version %d, pending %v", s.Version(), s.Pending)
	}
	if err := db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	if s, err = be.schema(ctx, addr); err != nil || !s.IsNewer() || len(s.Pending) != 0 {
		t.Fatalf("a newer database: %+v %v", s, err)
	}
}
