package sqlstore

import "context"

// QueryInt runs a query returning one integer, for the conformance tests' checks of
// what is stored.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}
