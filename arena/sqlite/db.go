// Package sqlite stores the arena in an embedded SQLite database (modernc.org/sqlite, pure
// Go). Writes go through one connection, so they never contend for SQLite's write lock;
// reads use a pool of their own, which WAL mode lets run beside the writer.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is an open arena database.
type DB struct {
	path   string
	write  *sql.DB // exactly one connection
	read   *sql.DB
	closed bool

	stmts map[string]*sql.Stmt // hotStatements, prepared on the writer
}

// Open opens (creating if needed) the database at path and brings its schema up to date.
// A database whose schema is newer than this binary knows is refused untouched.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("sqlite: no database path given")
	}
	db := &DB{path: path}
	var err error
	// busy_timeout comes first so that even the other pragmas wait for a lock instead of
	// failing. synchronous=NORMAL in WAL mode keeps every committed transaction across a
	// crash of the process (it is in the OS's page cache); only a power cut can lose the
	// last ones.
	if db.write, err = sql.Open("sqlite", dsn(path, "immediate")); err != nil {
		return nil, err
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetMaxIdleConns(1)
	db.write.SetConnMaxLifetime(0)
	db.write.SetConnMaxIdleTime(0)
	if db.read, err = sql.Open("sqlite", dsn(path, "deferred")+"&mode=ro"); err != nil {
		db.write.Close()
		return nil, err
	}
	n := max(4, runtime.NumCPU()*2)
	db.read.SetMaxOpenConns(n)
	db.read.SetMaxIdleConns(n)
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.prepareHot(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func dsn(path, txlock string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	return "file:" + path + "?" + q.Encode()
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.closed {
		return nil
	}
	db.closed = true
	for _, st := range db.stmts {
		st.Close()
	}
	err1 := db.read.Close()
	err2 := db.write.Close()
	return errors.Join(err1, err2)
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, "SELECT 1").Scan(&one)
}

// Path is the file the database lives in.
func (db *DB) Path() string { return db.path }

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		base := strings.TrimPrefix(e, "migrations/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("sqlite: migration %s is not named NNNN_name.sql", base)
		}
		body, err := migrationFS.ReadFile(e)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: base, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	for i, m := range ms {
		if m.version != i+1 {
			return nil, fmt.Errorf("sqlite: migrations must be numbered 1, 2, 3...; %s is out of sequence", m.name)
		}
	}
	return ms, nil
}

// SchemaVersion is the number of migrations this binary knows.
func SchemaVersion() int {
	ms, _ := migrations()
	return len(ms)
}

// migrate applies, in order and each in its own transaction, the migrations not yet
// recorded in schema_migrations.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("sqlite: cannot open %s: %w", db.path, err)
	}
	var current int
	if err := db.write.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return err
	}
	if current > len(ms) {
		return arena.Errorf(arena.EINVALID, "the database %s has schema version %d, written by a newer arena than this one (which knows up to version %d); upgrade arena, this binary will not touch it", db.path, current, len(ms))
	}
	for _, m := range ms[current:] {
		if err := db.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("sqlite: migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
				m.version, m.name, time.Now().UnixMilli())
			return err
		}); err != nil {
			return err
		}
	}
	return nil
}

// inTx runs fn in a write transaction, committing if it returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func ms(t time.Time) int64 { return t.UnixMilli() }

func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// isUnique reports whether err is a UNIQUE or PRIMARY KEY constraint failure.
func isUnique(err error) bool {
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

// OpenUnchecked opens the database without migrating or checking its version, for
// inspection and tests.
func OpenUnchecked(ctx context.Context, path string) (*DB, error) {
	db := &DB{path: path}
	var err error
	if db.write, err = sql.Open("sqlite", dsn(path, "immediate")); err != nil {
		return nil, err
	}
	db.write.SetMaxOpenConns(1)
	if db.read, err = sql.Open("sqlite", dsn(path, "deferred")+"&mode=ro"); err != nil {
		db.write.Close()
		return nil, err
	}
	return db, db.Ping(ctx)
}

// Version is the highest migration recorded in the database, or -1 if it cannot be read.
func (db *DB) Version(ctx context.Context) int {
	var v int
	if err := db.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return -1
	}
	return v
}

// Exec runs a statement on the writer, for operators' maintenance and tests.
func (db *DB) Exec(ctx context.Context, query string, args ...any) error {
	_, err := db.write.ExecContext(ctx, query, args...)
	return err
}

// prepareHot prepares on the writer the statements of the hot write paths, such as
// votes, so they are not parsed on every call. It runs at open, outside any
// transaction: the writer has one connection, which a transaction would hold.
func (db *DB) prepareHot(ctx context.Context) error {
	db.stmts = map[string]*sql.Stmt{}
	for _, q := range hotStatements {
		st, err := db.write.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("sqlite: preparing %q: %w", q, err)
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
