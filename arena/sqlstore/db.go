// Package sqlstore is the arena's store in SQL, shared by the SQLite and PostgreSQL
// backends. Its queries are written once, in the SQL both databases understand, with `?`
// placeholders; what differs between the two (how a connection is opened and migrated,
// a few functions, error codes, transaction isolation) comes in a Dialect from the
// backend's own package, arena/sqlite or arena/postgres.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Dialect is what the shared store must know about the database under it.
type Dialect struct {
	// Name names the backend in messages: "sqlite" or "postgres".
	Name string
	// IsUnique reports whether err is a UNIQUE or PRIMARY KEY violation.
	IsUnique func(error) bool
	// IsRetryable reports whether a write transaction that failed with err may simply be
	// run again (PostgreSQL's serialization failures and deadlocks). Nil when none can.
	IsRetryable func(error) bool
	// WriteTx and ReadTx are the options write and read-only transactions begin with.
	WriteTx, ReadTx *sql.TxOptions
	// ImportStart runs before a bulk import and ImportEnd after it, on the writer.
	ImportStart, ImportEnd []string
	// ExportStart runs at the start of an export's read transaction, if not empty.
	ExportStart string
	// VotesByTime is the votes table, aliased v, read in created_at order, and FixedJoin
	// a join the planner may not reorder: on SQLite the export walks the created_at index
	// (INDEXED BY, CROSS JOIN) and never sorts.
	VotesByTime, FixedJoin string
	// VoteOrder orders votes by time, ties broken the cheapest stable way for the database
	// (SQLite's rowid follows the created_at index, so no sort is needed).
	VoteOrder string
	// JoinLines(expr, order) is an aggregate joining expr's values with newlines, in order.
	JoinLines func(expr, order string) string
	// JSONStrings(expr, alias) is a FROM-clause item named alias with the strings of the
	// JSON array expr as rows of a column named value.
	JSONStrings func(expr, alias string) string
	// TableExists counts the tables named by its one parameter, to read a schema
	// without creating anything (see ReadSchema).
	TableExists string
}

// Config is how a backend hands its connections to the shared store.
type Config struct {
	// Write runs write transactions and Read the read-only ones; they may be the same pool.
	Write, Read *sql.DB
	Dialect     Dialect
	// Where names the database in messages, without secrets: a file path or host/name.
	Where string
	// Migrations, if not nil, are applied at Open (see Migrate), guarded by MigrationLock.
	Migrations    []Migration
	MigrationLock string
	// Cursor, if set, runs exports' long reads; without it they run through database/sql
	// in a read transaction on Read.
	Cursor OpenCursor
}

// DB is an open arena database.
type DB struct {
	write, read *sql.DB
	d           Dialect
	where       string
	closed      bool
	openCursor  OpenCursor

	stmts map[string]*sql.Stmt // hotStatements, prepared on the writer
}

// Open brings the schema of the database cfg connects to up to date, unless
// cfg.Migrations is nil, and wraps the connections in a store. If it fails, it closes
// them.
func Open(ctx context.Context, cfg Config) (*DB, error) {
	db := &DB{write: cfg.Write, read: cfg.Read, d: cfg.Dialect, where: cfg.Where, openCursor: cfg.Cursor}
	err := error(nil)
	if cfg.Migrations != nil {
		err = Migrate(ctx, cfg.Write, cfg.Where, cfg.Migrations, cfg.MigrationLock)
	}
	if err == nil && cfg.Migrations != nil {
		err = db.backfillLog(ctx)
	}
	if err == nil {
		err = db.prepareHot(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%s: %w", cfg.Dialect.Name, err)
	}
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() (err error) {
	defer wrap(&err, "Close")
	if db.closed {
		return nil
	}
	db.closed = true
	for _, st := range db.stmts {
		st.Close()
	}
	err1 := db.read.Close()
	var err2 error
	if db.write != db.read {
		err2 = db.write.Close()
	}
	return errors.Join(err1, err2)
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) (err error) {
	defer wrap(&err, "Ping")
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Where names the database: a file path, or a PostgreSQL host and database name.
func (db *DB) Where() string { return db.where }

// Backend is the dialect's name: "sqlite" or "postgres".
func (db *DB) Backend() string { return db.d.Name }

// Version is the highest migration recorded in the database, or -1 if it cannot be read.
func (db *DB) Version(ctx context.Context) int {
	var v int
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return -1
	}
	return v
}

// Exec runs a statement on the writer, for operators' maintenance and tests.
func (db *DB) Exec(ctx context.Context, query string, args ...any) (err error) {
	defer wrap(&err, "Exec")
	return db.exec(ctx, query, args...)
}

// exec is Exec for the store's own methods, which name their operation themselves.
func (db *DB) exec(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}

// retryBudget bounds how long a write transaction is retried after serialization
// failures. Under PostgreSQL's SERIALIZABLE isolation, contention on a hot row (a pair's
// counters) or on a small table (whose reads lock the whole relation) makes retries
// normal under load; giving up would leave, say, a finished answer unstored.
const retryBudget = 10 * time.Second

// inTx runs fn in a write transaction, committing if it returns nil. Where the database
// may refuse a transaction for running beside another (PostgreSQL), fn is run again from
// the start: it must only set its results, not accumulate them.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	start := time.Now()
	for attempt := 1; ; attempt++ {
		err := db.tryTx(ctx, fn)
		if err == nil || db.d.IsRetryable == nil || !db.d.IsRetryable(err) || time.Since(start) > retryBudget {
			return err
		}
		// Random, growing pauses, so transactions that collided do not collide again.
		pause := time.Duration(rand.Int64N(int64(min(attempt, 25)) * int64(2*time.Millisecond)))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
	}
}

func (db *DB) tryTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, db.d.WriteTx)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// readTx begins a read-only transaction that sees one snapshot throughout.
func (db *DB) readTx(ctx context.Context) (*sql.Tx, error) {
	return db.read.BeginTx(ctx, db.d.ReadTx)
}

func (db *DB) isUnique(err error) bool { return err != nil && db.d.IsUnique(err) }

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// prepareHot prepares on the writer the statements of the hot write paths, such as
// votes, so they are not parsed on every call. It runs at open, outside any
// transaction: SQLite's writer has one connection, which a transaction would hold.
func (db *DB) prepareHot(ctx context.Context) error {
	db.stmts = map[string]*sql.Stmt{}
	for _, q := range hotStatements {
		st, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("%s: preparing %q: %w", db.d.Name, q, err)
		}
		db.stmts[q] = st
	}
	return nil
}

// txExec runs a statement in tx, prepared once if it is one of hotStatements.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st, ok := db.stmts[query]; ok {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// txQueryRow runs a query in tx, prepared once if it is one of hotStatements.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st, ok := db.stmts[query]; ok {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}
