package main

import (
	"context"

	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// dbUsage is the help text of every --db flag.
const dbUsage = "SQLite database file, or a postgres:// URL for a PostgreSQL server (env ARENA_DB)"

// openStore opens the store a --db value names: a PostgreSQL server for a postgres:// or
// postgresql:// URL, otherwise a SQLite file.
func openStore(ctx context.Context, db string) (*sqlstore.DB, error) {
	if postgres.IsURL(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}
