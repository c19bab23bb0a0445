package postgres

import (
	"context"
	"sync"
	"testing"

	"github.com/arena-dev/arena/arena/postgres/pgtest"
)

func TestRebind(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT * FROM t WHERE a = ? AND b = ?`, `SELECT * FROM t WHERE a = $1 AND b = $2`},
		{`WHERE lo = ?1 OR hi = ?1 LIMIT ?2`, `WHERE lo = $1 OR hi = $1 LIMIT $2`},
		{`WHERE a = ?2 AND b = ?`, `WHERE a = $2 AND b = $3`},
		{`SELECT '?', "a?b", ? -- what?` + "\n" + `, ? /* ? */`, `SELECT '?', "a?b", $1 -- what?` + "\n" + `, $2 /* ? */`},
		{`SELECT 'it''s ?', ?`, `SELECT 'it''s ?', $1`},
		{`DO $$ BEGIN PERFORM '?'; END $$; SELECT ?`, `DO $$ BEGIN PERFORM '?'; END $$; SELECT $1`},
		{`CREATE FUNCTION f() AS $body$ ? $body$; SELECT $1`, `CREATE FUNCTION f() AS $body$ ? $body$; SELECT $1`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestTextSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain":           "plain",
		"nul\x00byte":     "nul\uFFFDbyte",
		"bad \xff utf8":   "bad \uFFFD utf8",
		"ünïcödé is fine": "ünïcödé is fine",
	} {
		if got := textSafe(in); got != want {
			t.Errorf("textSafe(%q) = %q, want %q", in, got, want)
		}
	}
}

// Servers starting together on an empty database must migrate it once, not fail on
// each other's half-made schema.
func TestConcurrentOpenMigratesOnce(t *testing.T) {
	url := pgtest.FreshURL(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			db, err := Open(ctx, url)
			if err == nil {
				db.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("server %d: %v", i, err)
		}
	}
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v := db.Version(ctx); v != SchemaVersion() {
		t.Fatalf("schema version %d, want %d", v, SchemaVersion())
	}
	// Each migration recorded once: the version's row exists, and only once.
	if err := db.Exec(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (1, 'again', 0)`); err == nil {
		t.Fatal("migration 1 could be recorded twice")
	}
}

func TestBadURL(t *testing.T) {
	if _, err := Open(context.Background(), "postgres://%zz"); err == nil {
		t.Fatal("a malformed URL opened")
	}
	if _, err := Open(context.Background(), "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err == nil {
		t.Fatal("an unreachable server opened")
	}
}
