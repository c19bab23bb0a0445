// Package pgtest gives tests a fresh PostgreSQL database of their own on the server that
// ARENA_TEST_POSTGRES names (.ci/postgres.sh starts one on loopback and prints it).
// Without that variable, tests that need PostgreSQL skip, saying so.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Env is the variable holding the server's URL, with a database tests may connect to.
const Env = "ARENA_TEST_POSTGRES"

// Available reports whether a PostgreSQL server is configured for tests.
func Available() bool { return os.Getenv(Env) != "" }

// Skip skips t with a message when no PostgreSQL server is configured.
func Skip(t testing.TB) {
	t.Helper()
	if !Available() {
		t.Skipf("PostgreSQL tests skipped: set %s to a server URL (eval \"$(.ci/postgres.sh)\" starts one on loopback)", Env)
	}
}

// FreshURL creates an empty database for t, dropped when t ends, and returns its URL.
// It skips t when no server is configured.
func FreshURL(t testing.TB) string {
	t.Helper()
	Skip(t)
	base := os.Getenv(Env)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		t.Fatalf("connecting to %s=%s: %v", Env, base, err)
	}
	defer conn.Close(ctx)
	var b [6]byte
	rand.Read(b[:])
	name := "arena_test_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("creating test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		conn, err := pgx.Connect(ctx, base)
		if err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s is not a URL: %v", Env, err)
	}
	u.Path = "/" + name
	return u.String()
}
