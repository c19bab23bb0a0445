package sqlstore

import (
	"context"
	"database/sql"
)

// QueryInt runs a query returning one integer, for the conformance tests' checks of
// what is stored.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int64, error) {
	return queryInt(ctx, db.read, query, args...)
}

// WriterInt is QueryInt on the writer's connection, whose settings (an import's
// pragmas) are not the readers'.
func (db *DB) WriterInt(ctx context.Context, query string) (int64, error) {
	return queryInt(ctx, db.write, query)
}

func queryInt(ctx context.Context, pool *sql.DB, query string, args ...any) (int64, error) {
	var n int64
	err := pool.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// SetBatchLimit sets how many battles the importer's next batch holds, so a test can
// have a batch written after a few.
func (im *Importer) SetBatchLimit(n int) { im.limit = n }
