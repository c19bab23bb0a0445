package sqlite_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite"
)

// TestBackupOfAnOpenDatabase backs up a database whose writes are still in its WAL (the
// store is open and never checkpointed), and finds them all in the copy.
func TestBackupOfAnOpenDatabase(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "arena.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for i := range 20 {
		if err := db.CreateUser(ctx, &arena.User{Username: fmt.Sprint("u", i), Role: arena.RoleUser, PasswordHash: "h", CreatedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	if wal, _ := sqlite.Sidecars(path); fileSize(t, wal) == 0 {
		t.Fatal("the writes are not in the WAL: the test would not show that the copy reads it")
	}
	out := filepath.Join(dir, "backup.db")
	c, err := sqlite.Backup(ctx, path, out)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != sqlite.SchemaVersion() || c.Path != out || c.Bytes == 0 {
		t.Fatalf("copy %+v, want version %d", c, sqlite.SchemaVersion())
	}
	for _, side := range []string{out + "-wal", out + "-shm"} {
		if _, err := os.Stat(side); err == nil {
			t.Errorf("checking the backup left %s beside it", filepath.Base(side))
		}
	}
	copyDB, err := sqlite.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := copyDB.UserByName(ctx, "u19"); err != nil {
		t.Fatalf("the last user written is not in the copy: %v", err)
	}
	copyDB.Close()
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the backup's mode: %v %v, want -rw-------", fi.Mode(), err)
	}
	if _, err := sqlite.Backup(ctx, path, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("a second backup onto the first: %v, want a refusal", err)
	}
	if _, err := sqlite.Backup(ctx, filepath.Join(dir, "none.db"), filepath.Join(dir, "x.db")); err == nil {
		t.Fatal("backing up a database that does not exist succeeded")
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Fatal("backing up a missing database created it")
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			t.Errorf("a temporary file was left behind: %s", e.Name())
		}
	}
}

// TestVerifyRefusesDamage: a copy with a page overwritten, or a file that is not an
// arena database, fails the check.
func TestVerifyRefusesDamage(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	path := filepath.Join(dir, "arena.db")
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 200 {
		db.CreateUser(ctx, &arena.User{Username: fmt.Sprint("user-", i), Role: arena.RoleUser, PasswordHash: strings.Repeat("h", 200), CreatedAt: time.Now()})
	}
	db.Close()
	good := filepath.Join(dir, "good.db")
	if _, err := sqlite.Backup(ctx, path, good); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	// Overwrite the middle of a page past the schema's (page 1): the users' b-tree.
	for i := len(b) - 4096 - 2000; i < len(b)-4096-1000; i++ {
		b[i] = 0xA5
	}
	bad := filepath.Join(dir, "bad.db")
	os.WriteFile(bad, b, 0o600)
	if _, err := sqlite.Verify(ctx, bad); err == nil || !strings.Contains(err.Error(), "integrity_check") {
		t.Fatalf("a damaged copy: %v, want it to fail integrity_check", err)
	} else if len(err.Error()) > 600 {
		t.Errorf("the error is %d bytes long: %.200s", len(err.Error()), err)
	}
	other := filepath.Join(dir, "other.db")
	os.WriteFile(other, []byte("not a database at all, just text"), 0o600)
	if _, err := sqlite.Verify(ctx, other); err == nil {
		t.Fatal("a text file passed the check")
	}
}

func fileSize(t *testing.T, path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}
