// Package sqlite opens the arena's store on an embedded SQLite database
// (modernc.org/sqlite, pure Go). Writes go through one connection, so they never contend
// for SQLite's write lock; reads use a pool of their own, which WAL mode lets run beside
// the writer. The queries themselves live in arena/sqlstore, shared with PostgreSQL.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"runtime"
	"strings"

	"github.com/arena-dev/arena/arena/sqlstore"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Dialect is SQLite's side of the shared store.
var Dialect = sqlstore.Dialect{
	Name:     "sqlite",
	IsUnique: func(err error) bool { return strings.Contains(err.Error(), "UNIQUE constraint failed") },
	// A bigger page cache (64 MiB) keeps the indexes an import appends to in memory; four
	// times that was measured no faster and cost 380 MB more resident memory. Imported
	// rows are consistent by construction (their users and models exist, their battles
	// are inserted first), so foreign keys need not be checked row by row. Nor CHECK
	// constraints: their values are constants or validated by the Importer, and SQLite
	// tests each "x IN (...)" constraint by building a small temporary b-tree for every
	// row, which was a third of an import's time.
	ImportStart: []string{`PRAGMA cache_size = -65536`, `PRAGMA foreign_keys = OFF`, `PRAGMA ignore_check_constraints = ON`},
	ImportEnd:   []string{`PRAGMA foreign_keys = ON`, `PRAGMA ignore_check_constraints = OFF`, `PRAGMA cache_size = -2000`},
	// A somewhat bigger page cache for an export's reader (8 MiB): the scan walks the
	// votes index and looks up battles and turns. More was measured no faster, and
	// modernc's cache costs about twice its nominal size in resident memory, which must
	// stay small whatever the database's size; not mmap, for the same reason.
	ExportStart: `PRAGMA cache_size = -8192`,
	ReadTx:      &sql.TxOptions{ReadOnly: true},
	VoteOrder:   "v.created_at, v.rowid",
	VotesByTime: "votes v INDEXED BY votes_created",
	FixedJoin:   "CROSS JOIN",
	JoinLines: func(expr, order string) string {
		// group_concat has no ORDER BY before SQLite 3.44; the inner query orders instead.
		return "group_concat(" + expr + ", char(10))"
	},
	JSONStrings: func(expr, alias string) string { return "json_each(" + expr + ") " + alias },
	TableExists: `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?`,
}

// Migrations are SQLite's schema changes, in order.
func Migrations() ([]sqlstore.Migration, error) {
	return sqlstore.Migrations(migrationFS, "migrations")
}

// SchemaVersion is the number of migrations this binary knows.
func SchemaVersion() int {
	ms, _ := Migrations()
	return len(ms)
}

// Open opens (creating if needed) the database at path and brings its schema up to date.
// A database whose schema is newer than this binary knows is refused untouched.
func Open(ctx context.Context, path string) (*sqlstore.DB, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return open(ctx, path, ms)
}

// ReadSchema reads the schema of the database at path against this binary's migrations,
// changing nothing: a file that does not exist (or is empty) is a new database, and is
// not created. The database may be in use.
func ReadSchema(ctx context.Context, path string) (sqlstore.Schema, error) {
	ms, err := Migrations()
	if err != nil {
		return sqlstore.Schema{}, fmt.Errorf("sqlite: %w", err)
	}
	if fi, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) || (err == nil && fi.Size() == 0) {
		return sqlstore.NewSchema(ms), nil
	} else if err != nil {
		return sqlstore.Schema{}, fmt.Errorf("sqlite: %w", err)
	}
	db, err := sql.Open(driverName, readOnlyDSN(path, false))
	if err != nil {
		return sqlstore.Schema{}, fmt.Errorf("sqlite: cannot open %s: %w", path, err)
	}
	defer db.Close()
	s, err := sqlstore.ReadSchema(ctx, db, Dialect.TableExists, ms)
	if err != nil {
		return sqlstore.Schema{}, fmt.Errorf("sqlite: %s: %w", path, err)
	}
	return s, nil
}

// OpenUnchecked opens the database without migrating or checking its version, for
// inspection and tests.
func OpenUnchecked(ctx context.Context, path string) (*sqlstore.DB, error) {
	return open(ctx, path, nil)
}

func open(ctx context.Context, path string, ms []sqlstore.Migration) (*sqlstore.DB, error) {
	write, read, err := connect(path)
	if err != nil {
		return nil, err
	}
	return sqlstore.Open(ctx, sqlstore.Config{
		Write: write, Read: read, Dialect: Dialect, Where: path, Migrations: ms,
		Cursor: func(ctx context.Context, setup, query string, args []any) (sqlstore.Cursor, error) {
			return openCursor(ctx, path, setup, query, args)
		},
	})
}

func connect(path string) (write, read *sql.DB, err error) {
	if path == "" {
		return nil, nil, fmt.Errorf("sqlite: no database path given")
	}
	if err := createPrivate(path); err != nil {
		return nil, nil, err
	}
	// busy_timeout comes first so that even the other pragmas wait for a lock instead of
	// failing. synchronous=NORMAL in WAL mode keeps every committed transaction across a
	// crash of the process (it is in the OS's page cache); only a power cut can lose the
	// last ones.
	if write, err = sql.Open(driverName, dsn(path, "immediate")); err != nil {
		return nil, nil, fmt.Errorf("sqlite: cannot open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if read, err = sql.Open(driverName, dsn(path, "deferred")+"&mode=ro"); err != nil {
		write.Close()
		return nil, nil, fmt.Errorf("sqlite: cannot open %s: %w", path, err)
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	return write, read, nil
}

// createPrivate creates the database file, if there is none yet, readable and writable by
// its owner alone, whatever the umask: it holds password hashes, sessions and sealed lab
// keys. SQLite creates the -wal and -shm files with the database file's own mode, so they
// follow. An existing file keeps the mode its operator gave it.
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlite: cannot create %s: %w", path, err)
	}
	defer f.Close()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("sqlite: cannot make %s private: %w", path, err)
	}
	return nil
}

func dsn(path, txlock string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	return "file:" + path + "?" + q.Encode()
}
