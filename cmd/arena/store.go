package main

import (
	"context"
	"log/slog"
	"os"

	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// dbUsage is the help text of every --db flag.
const dbUsage = "SQLite database file, or a postgres:// URL for a PostgreSQL server (env ARENA_DB)"

// openStore opens the store a --db value names, for the commands that use the store
// without the whole arena (which would, on opening, fail battles a live server streams).
// It creates a new database but migrates no existing one: that is `arena migrate up`'s.
func openStore(ctx context.Context, db string) (*sqlstore.DB, error) {
	if err := checkSchema(ctx, db, "run `arena migrate up`, which backs it up first"); err != nil {
		return nil, err
	}
	return app.OpenStore(ctx, db)
}

// warnIfShared warns when a SQLite database, created before new databases were made
// private or given a wider mode since, can be read by other users of the machine: it
// holds password hashes, sessions and sealed lab keys.
func warnIfShared(log *slog.Logger, db string) {
	if postgres.IsURL(db) {
		return
	}
	if fi, err := os.Stat(db); err == nil && fi.Mode().Perm()&0o077 != 0 {
		log.Warn("the database can be read by other users of this machine; make it the arena's alone",
			"db", db, "mode", fi.Mode().Perm().String(), "fix", "chmod 600 "+db)
	}
}
