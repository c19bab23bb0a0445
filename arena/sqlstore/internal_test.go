package sqlstore

import "context"

// QueryInt runs a query returning one integer, for the conformance tests' checks of
// what is stored.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := db.read.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

// QueryText runs a query returning one text, like QueryInt.
func (db *DB) QueryText(ctx context.Context, query string, args ...any) (string, error) {
	var s string
	err := db.read.QueryRowContext(ctx, query, args...).Scan(&s)
	return s, err
}

// WriterInt runs a query returning one integer on the writer's connection, whose
// settings (an import's pragmas) are not the readers'.
func (db *DB) WriterInt(ctx context.Context, query string) (int64, error) {
	var n int64
	err := db.write.QueryRowContext(ctx, query).Scan(&n)
	return n, err
}
