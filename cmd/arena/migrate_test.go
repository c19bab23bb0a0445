package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// oldDatabase writes at path a database an arena with only the first n migrations
// would have left, with one user in it.
func oldDatabase(t *testing.T, path string, n int) {
	t.Helper()
	ms, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := sqlstore.Migrate(t.Context(), db, path, ms[:n], ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO users (username, password_hash, role, created_at) VALUES ('olduser', 'h', 'user', 0)`); err != nil {
		t.Fatal(err)
	}
}

// serveInProcess runs `arena serve` with args in this process until the returned stop is
// called, which returns serve's error and what it wrote. It returns once the server
// answers /healthz at base or serve has returned, and fails t if neither happens.
func serveInProcess(t *testing.T, env map[string]string, args ...string) (base string, stop func() (string, error)) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(t.Context())
	var mu sync.Mutex
	var stderr bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &lockedWriter{mu: &mu, w: &stderr}, Stderr: &lockedWriter{mu: &mu, w: &stderr},
		Getenv: func(k string) string { return env[k] }}
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, e, append([]string{"serve", "--addr", addr, "--log-level", "warn", "--no-vote-quality", "--demo-delay", "-1ns"}, args...))
	}()
	stop = func() (string, error) {
		cancel()
		err := <-done
		mu.Lock()
		defer mu.Unlock()
		return stderr.String(), err
	}
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			done <- err
			return "http://" + addr, stop
		default:
		}
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return "http://" + addr, stop
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	out, err := stop()
	t.Fatalf("serve did not start: %v %s", err, out)
	return "", nil
}

func schemaOf(t *testing.T, path string) sqlstore.Schema {
	t.Helper()
	s, err := sqlite.ReadSchema(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestServeMigratesOnlyWhenAsked: a database an older arena wrote is refused, untouched,
// by serve and by the other commands; `serve --migrate` backs it up beside itself,
// named with its version, and migrates it; a new database needs no flag, and a newer one
// stays refused.
func TestServeMigratesOnlyWhenAsked(t *testing.T) {
	dir := t.TempDir()
	ms, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	known := len(ms)
	from := known - 2
	backupGlob := fmt.Sprintf(".backup-v%d-*", from)
	db := filepath.Join(dir, "arena.db")
	oldDatabase(t, db, from)

	_, stop := serveInProcess(t, nil, "--db", db)
	out, err := stop()
	if err == nil || !strings.Contains(err.Error(), "--migrate") || !strings.Contains(err.Error(), ms[known-1].Name) {
		t.Fatalf("serve on an older database: %v %s, want a refusal naming the pending migrations and --migrate", err, out)
	}
	if v := schemaOf(t, db).Version(); v != from {
		t.Fatalf("the refusal changed the schema to version %d", v)
	}
	if _, err := runArena(t, "users", "add", "--db", db, "--password-file", writeFile(t, "password123\n"), "newuser"); err == nil || !strings.Contains(err.Error(), "arena migrate up") {
		t.Fatalf("users add on an older database: %v, want a refusal pointing at arena migrate up", err)
	}
	status, err := runArena(t, "migrate", "status", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{fmt.Sprintf("schema version %d of %d", from, known), "applied:", "0001_users.sql", "pending:",
		fmt.Sprintf("  %d  %s", from+1, ms[from].Name), fmt.Sprintf("  %d  %s", known, ms[known-1].Name)} {
		if !strings.Contains(status, want) {
			t.Errorf("migrate status lacks %q:\n%s", want, status)
		}
	}

	_, stop = serveInProcess(t, map[string]string{"ARENA_MIGRATE": "1"}, "--db", db)
	out, err = stop()
	if err != nil || !strings.Contains(out, "migrating the database") {
		t.Fatalf("serve with ARENA_MIGRATE=1: %v %s", err, out)
	}
	if v := schemaOf(t, db).Version(); v != known {
		t.Fatalf("after --migrate the schema is at version %d, want %d", v, known)
	}
	backups, _ := filepath.Glob(db + backupGlob)
	if len(backups) != 1 {
		t.Fatalf("backups beside the database: %v, want one named with version %d", backups, from)
	}
	c, err := sqlite.Verify(t.Context(), backups[0])
	if err != nil || c.Version != from {
		t.Fatalf("the backup before migrating: %+v %v, want schema version %d", c, err, from)
	}
	if fi, err := os.Stat(backups[0]); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the backup's mode: %v %v", fi.Mode(), err)
	}
	if _, err := runArena(t, "users", "add", "--db", db, "--password-file", writeFile(t, "password123\n"), "newuser"); err != nil {
		t.Fatalf("users add after migrating: %v", err)
	}

	// `migrate up`, with and without its backup.
	for _, noBackup := range []bool{false, true} {
		db := filepath.Join(t.TempDir(), "arena.db")
		oldDatabase(t, db, from)
		args := []string{"migrate", "up", "--db", db}
		if noBackup {
			args = append(args, "--no-backup")
		}
		out, err := runArena(t, args...)
		if err != nil || !strings.Contains(out, fmt.Sprintf("from schema version %d to %d", from, known)) {
			t.Fatalf("%v: %v %s", args, err, out)
		}
		backups, _ := filepath.Glob(db + backupGlob)
		if noBackup != (len(backups) == 0) || schemaOf(t, db).Version() != known {
			t.Fatalf("%v: backups %v, schema version %d", args, backups, schemaOf(t, db).Version())
		}
		if out, err := runArena(t, "migrate", "up", "--db", db); err != nil || !strings.Contains(out, "up to date") {
			t.Fatalf("migrate up again: %v %s", err, out)
		}
	}

	// A new database: status does not create it, and serve migrates it unasked.
	fresh := filepath.Join(dir, "fresh.db")
	if out, err := runArena(t, "migrate", "status", "--db", fresh); err != nil || !strings.Contains(out, "is new") {
		t.Fatalf("migrate status of a new database: %v %s", err, out)
	}
	if _, err := os.Stat(fresh); err == nil {
		t.Fatal("migrate status created the database")
	}
	_, stop = serveInProcess(t, nil, "--db", fresh)
	if out, err := stop(); err != nil {
		t.Fatalf("serve on a new database: %v %s", err, out)
	}
	if backups, _ := filepath.Glob(fresh + ".backup-*"); len(backups) != 0 || schemaOf(t, fresh).Version() != known {
		t.Fatalf("a new database: backups %v, version %d", backups, schemaOf(t, fresh).Version())
	}

	// A newer database stays refused, even with --migrate.
	s, err := sql.Open("sqlite", "file:"+fresh)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, '0099_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	_, stop = serveInProcess(t, map[string]string{"ARENA_MIGRATE": "1"}, "--db", fresh)
	if out, err := stop(); err == nil || !strings.Contains(err.Error(), "newer arena") {
		t.Fatalf("serve on a newer database: %v %s", err, out)
	}
	if out, err := runArena(t, "migrate", "up", "--db", fresh); err == nil || !strings.Contains(err.Error(), "newer arena") {
		t.Fatalf("migrate up on a newer database: %v %s", err, out)
	}
}

// TestServeMigratePostgres: on PostgreSQL, which arena cannot back up itself, --migrate
// asks for a pg_dump first and --no-backup-before-migrate to say it was taken.
func TestServeMigratePostgres(t *testing.T) {
	url := pgtest.FreshURL(t)
	if _, err := runArena(t, "users", "add", "--db", url, "--password-file", writeFile(t, "password123\n"), "pguser"); err != nil {
		t.Fatal(err)
	}
	store, err := postgres.OpenUnchecked(t.Context(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	// As an older arena would have left it (the tables stay: nothing is migrated here).
	known := postgres.SchemaVersion()
	if err := store.Exec(t.Context(), `DELETE FROM schema_migrations WHERE version > ?`, known-1); err != nil {
		t.Fatal(err)
	}
	_, stop := serveInProcess(t, nil, "--db", url)
	if out, err := stop(); err == nil || !strings.Contains(err.Error(), "--migrate") {
		t.Fatalf("serve on an older PostgreSQL database: %v %s", err, out)
	}
	_, stop = serveInProcess(t, nil, "--db", url, "--migrate")
	out, err := stop()
	if err == nil || !strings.Contains(err.Error(), "pg_dump --format=custom") || !strings.Contains(err.Error(), "--no-backup-before-migrate") {
		t.Fatalf("serve --migrate on PostgreSQL: %v %s, want the pg_dump to take first", err, out)
	}
	if v := store.Version(t.Context()); v != known-1 {
		t.Fatalf("the refusals changed the schema to version %d", v)
	}
}

// TestServeWarnsOfASharedDatabase: a database file others may read, as older arenas
// created them, is named in a warning with the fix.
func TestServeWarnsOfASharedDatabase(t *testing.T) {
	db := filepath.Join(t.TempDir(), "arena.db")
	if _, err := runArena(t, "users", "add", "--db", db, "--password-file", writeFile(t, "password123\n"), "someone"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(db, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stop := serveInProcess(t, nil, "--db", db)
	out, err := stop()
	if err != nil || !strings.Contains(out, "chmod 600 "+db) {
		t.Fatalf("serve on a 0644 database: %v %s", err, out)
	}
	if err := os.Chmod(db, 0o600); err != nil {
		t.Fatal(err)
	}
	_, stop = serveInProcess(t, nil, "--db", db)
	if out, _ := stop(); strings.Contains(out, "chmod") {
		t.Fatalf("serve warned of a private database: %s", out)
	}
}
