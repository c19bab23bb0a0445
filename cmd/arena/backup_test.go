package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// apiCall is call for goroutines, which may not fail the test themselves: the vote burst
// ends at its first error, which is the server being killed.
func apiCall(client *http.Client, method, url, token string, body any) (map[string]any, error) {
	var r *bytes.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	} else {
		r = bytes.NewReader(nil)
	}
	req, _ := http.NewRequest(method, url, r)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode >= 300 {
		return nil, fmt.Errorf("%s %s: %d %v %v", method, url, res.StatusCode, out, err)
	}
	return out, nil
}

// adminToken adds an administrator to db with the binary and returns an API token.
func adminToken(t *testing.T, bin, db string) string {
	t.Helper()
	pw := filepath.Join(t.TempDir(), "pw")
	os.WriteFile(pw, []byte("password123\n"), 0o600)
	if out, err := exec.Command(bin, "users", "add", "--db", db, "--password-file", pw, "--admin", "root").CombinedOutput(); err != nil {
		t.Fatalf("users add: %v %s", err, out)
	}
	out, err := exec.Command(bin, "users", "token", "--db", db, "root").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out))
}

// TestBackupDuringVoteBurst backs up the database of a real server while voters vote,
// kills the server, restores the backup, and finds in it every vote acknowledged before
// the backup started, in a copy that passes integrity_check. Restoring is refused while
// the server runs, and without --force over an existing database, which is moved aside
// with its WAL and still holds every acknowledged vote.
func TestBackupDuringVoteBurst(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildBinary(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	token := adminToken(t, bin, db)
	addr := freeAddr(t)
	server := startServer(t, bin, db, addr, "--no-rate-limits")
	base := "http://" + addr

	var mu sync.Mutex
	var acked []string
	stop := make(chan struct{})
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 20 * time.Second}
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				b, err := apiCall(client, "POST", base+"/api/battles", token, map[string]string{"prompt": fmt.Sprintf("worker %d question %d", w, i)})
				if err != nil {
					return
				}
				id := b["id"].(string)
				if _, err := apiCall(client, "GET", base+"/api/battles/"+id+"?wait=10s", token, nil); err != nil {
					return
				}
				if _, err := apiCall(client, "POST", base+"/api/battles/"+id+"/vote", token, map[string]any{"winner": "model_a"}); err != nil {
					return
				}
				mu.Lock()
				acked = append(acked, id)
				mu.Unlock()
			}
		}()
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	waitFor := func(n int) {
		t.Helper()
		deadline := time.Now().Add(20 * time.Second)
		for count() < n {
			if time.Now().After(deadline) {
				t.Fatalf("only %d votes acknowledged, waiting for %d", count(), n)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	waitFor(10)
	mu.Lock()
	before := append([]string(nil), acked...)
	mu.Unlock()
	out := filepath.Join(dir, "backup.db")
	if msg, err := exec.Command(bin, "backup", "--db", db, "--out", out).CombinedOutput(); err != nil {
		t.Fatalf("backup: %v %s", err, msg)
	} else if !strings.Contains(string(msg), "integrity ok") {
		t.Fatalf("backup said %q", msg)
	}
	during := count() - len(before)
	waitFor(count() + 10) // the burst goes on past the backup

	if msg, err := exec.Command(bin, "backup", "--db", db, "--out", out).CombinedOutput(); err == nil || !strings.Contains(string(msg), "already exists") {
		t.Fatalf("a backup onto an existing file: %v %s", err, msg)
	}
	if msg, err := exec.Command(bin, "restore", "--from", out, "--db", db, "--force").CombinedOutput(); err == nil || !strings.Contains(string(msg), "stop the server") {
		t.Fatalf("restore while the server runs: %v %s, want a refusal", err, msg)
	}
	if err := server.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	server.Wait()
	close(stop)
	wg.Wait()
	all := append([]string(nil), acked...)
	t.Logf("%d votes acknowledged before the backup, %d during it, %d in all", len(before), during, len(all))

	if msg, err := exec.Command(bin, "restore", "--from", out, "--db", db).CombinedOutput(); err == nil || !strings.Contains(string(msg), "--force") {
		t.Fatalf("restore over an existing database without --force: %v %s", err, msg)
	}
	msg, err := exec.Command(bin, "restore", "--from", out, "--db", db, "--force").CombinedOutput()
	if err != nil {
		t.Fatalf("restore: %v %s", err, msg)
	}
	_, asidePath, ok := strings.Cut(string(msg), "the database it replaced is at ")
	if !ok {
		t.Fatalf("restore did not say where the old database went: %s", msg)
	}
	asidePath = strings.TrimSpace(asidePath)

	restored := votesIn(t, db)
	for _, id := range before {
		if !restored[id] {
			t.Errorf("vote on battle %s, acknowledged before the backup started, is not in the restored database", id)
		}
	}
	if len(restored) > len(all) {
		t.Errorf("the restored database holds %d votes, more than the %d ever acknowledged", len(restored), len(all))
	}
	// The killed server's database, moved aside with its WAL, lost nothing.
	old := votesIn(t, asidePath)
	for _, id := range all {
		if !old[id] {
			t.Errorf("vote on battle %s is missing from the database moved aside", id)
		}
	}
	for _, p := range []string{out, db} {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v %v, want -rw-------", filepath.Base(p), fi.Mode(), err)
		}
	}
	// The restored database serves.
	startServer(t, bin, db, addr)
	if b, err := apiCall(client, "GET", base+"/api/battles/"+before[0], token, nil); err != nil || b["status"] != "voted" {
		t.Fatalf("a restored battle: %v %v", b, err)
	}
}

// votesIn opens a stopped database file read-only, checks its integrity and returns the
// battles it holds votes on.
func votesIn(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check of %s: %q %v", path, check, err)
	}
	rows, err := db.Query(`SELECT battle_id FROM votes`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		got[id] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return got
}

// runArena runs a command in-process with an empty environment, returning its output
// and error.
func runArena(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	err := Run(t.Context(), env, args)
	return stdout.String() + stderr.String(), err
}

// TestBackupAndRestoreRefusals: what backup and restore will not do, and say why.
func TestBackupAndRestoreRefusals(t *testing.T) {
	dir := t.TempDir()
	pg := "postgres://arena:hunter2@db.internal:5432/arena?sslmode=require"
	_, err := runArena(t, "backup", "--db", pg, "--out", "arena.dump")
	if err == nil || !strings.Contains(err.Error(), "pg_dump --format=custom --file=arena.dump 'postgres://arena:***@db.internal:5432/arena?sslmode=require'") ||
		strings.Contains(err.Error(), "hunter2") {
		t.Errorf("backup of PostgreSQL: %v", err)
	}
	if _, err := runArena(t, "restore", "--db", pg, "--from", "x"); err == nil || !strings.Contains(err.Error(), "pg_restore") || strings.Contains(err.Error(), "hunter2") {
		t.Errorf("restore into PostgreSQL: %v", err)
	}
	db := filepath.Join(dir, "arena.db")
	if _, err := runArena(t, "backup", "--db", db); err == nil || !strings.Contains(err.Error(), "--out is required") {
		t.Errorf("backup without --out: %v", err)
	}
	if _, err := runArena(t, "backup", "--db", db, "--out", filepath.Join(dir, "b.db")); err == nil || !strings.Contains(err.Error(), "no database to back up") {
		t.Errorf("backup of a missing database: %v", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("backing up a missing database created it")
	}
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(text, []byte("not a database"), 0o600)
	if _, err := runArena(t, "restore", "--from", text, "--db", db); err == nil || !strings.Contains(err.Error(), "cannot be restored") {
		t.Errorf("restoring a text file: %v", err)
	}
	// A backup from a newer arena.
	newer := filepath.Join(dir, "newer.db")
	if _, err := runArena(t, "users", "add", "--db", newer, "--password-file", writeFile(t, "password123\n"), "xavier"); err != nil {
		t.Fatal(err)
	}
	s, err := sql.Open("sqlite", "file:"+newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Exec(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := runArena(t, "restore", "--from", newer, "--db", db); err == nil || !strings.Contains(err.Error(), "newer arena") {
		t.Errorf("restoring a newer backup: %v", err)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("a refused restore created the database")
	}
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "f")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}
