// Package sqlitetest opens the real store on SQLite for tests. It lives apart from
// arenatest so that the simulator, which uses arenatest's clock, does not link package
// testing.
package sqlitetest

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// Open opens a fresh, migrated store in t's temporary directory and closes it when the
// test ends.
func Open(t testing.TB) *sqlstore.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "arena.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
