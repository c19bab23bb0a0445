package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/arena-dev/arena/arena"
)

// QueryInt runs a query returning one integer, for the conformance tests' checks of
// what is stored.
func (db *DB) QueryInt(ctx context.Context, query string, args ...any) (int64, error) {
	return queryInt(ctx, db.read, query, args...)
}

// QueryString runs a query returning one text, as QueryInt does.
func (db *DB) QueryString(ctx context.Context, query string, args ...any) (string, error) {
	var s string
	err := db.read.QueryRowContext(ctx, query, args...).Scan(&s)
	return s, err
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

// Dump returns every row of each table as text, sorted, so a test can compare what
// a database holds before and after.
func (db *DB) Dump(ctx context.Context, tables ...string) (map[string][]string, error) {
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.read.QueryContext(ctx, `SELECT * FROM `+table)
		if err != nil {
			return nil, err
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, err
			}
			out[table] = append(out[table], fmt.Sprintf("%v", vals))
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		slices.Sort(out[table])
	}
	return out, nil
}

// The counting definitions' SQL, for TestCountingMatchesDomain.
const (
	CountedVoteSQL = countedVote
	SideBySideSQL  = sideBySideVote
	PublishableSQL = publishable
	SaleShareSQL   = earnsSaleShare
	// SponsorPublishableSQL is sponsorPublishable.
	SponsorPublishableSQL = sponsorPublishable
)

// AppendLog appends leaves to the vote log in one transaction, as the vote path does,
// for benchmarks that need a large log quickly.
func (db *DB) AppendLog(ctx context.Context, leaves []arena.LogLeaf) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := appendLog(ctx, tx, leaves)
		return err
	})
}
