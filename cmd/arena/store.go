package main

import (
	"context"

	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// dbUsage is the help text of every --db flag.
const dbUsage = "SQLite database file, or a postgres:// URL for a PostgreSQL server (env ARENA_DB)"

// openStore opens the store a --db value names, for the commands that use the store
// without the whole arena (which would, on opening, fail battles a live server streams).
func openStore(ctx context.Context, db string) (*sqlstore.DB, error) { return app.OpenStore(ctx, db) }
