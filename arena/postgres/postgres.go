// Package postgres opens the arena's store on a PostgreSQL server, for arenas that run
// several app servers on one database. The queries live in arena/sqlstore, shared with
// SQLite; this package holds what only PostgreSQL has: its connection (pgx), its
// migrations, applied under an advisory lock, its error codes, and LISTEN/NOTIFY, which
// tells every server what changed on the others.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"

	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// migrationLock is the advisory lock key servers take to migrate: "arena" in ASCII.
const migrationLock = `SELECT pg_advisory_xact_lock(431315299937)`

// IsURL reports whether a --db value names a PostgreSQL server rather than a file.
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

// Dialect is PostgreSQL's side of the shared store.
var Dialect = sqlstore.Dialect{
	Name:     "postgres",
	IsUnique: func(err error) bool { return pgCode(err) == "23505" },
	// Serialization failures and deadlocks: the transaction did nothing and may run again.
	IsRetryable: func(err error) bool { c := pgCode(err); return c == "40001" || c == "40P01" },
	// SERIALIZABLE keeps the behaviour the store has on SQLite, where one writer runs
	// every write transaction alone: a check and the write it guards cannot interleave
	// with another server's. The price is retries when two votes touch the same pair.
	WriteTx:     &sql.TxOptions{Isolation: sql.LevelSerializable},
	ReadTx:      &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
	VoteOrder:   "v.created_at, v.battle_id",
	VotesByTime: "votes v",
	FixedJoin:   "JOIN",
	JoinLines: func(expr, order string) string {
		return "string_agg(" + expr + ", chr(10) ORDER BY " + order + ")"
	},
	JSONStrings: func(expr, alias string) string {
		return "jsonb_array_elements_text(CAST(" + expr + " AS jsonb)) AS " + alias + "(value)"
	},
	TableExists: `SELECT COUNT(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema() AND tablename = ?`,
}

// Migrations are PostgreSQL's schema changes, in order.
func Migrations() ([]sqlstore.Migration, error) {
	return sqlstore.Migrations(migrationFS, "migrations")
}

// SchemaVersion is the number of migrations this binary knows.
func SchemaVersion() int {
	ms, _ := Migrations()
	return len(ms)
}

// Open connects to the server at url (postgres://user:pass@host:port/db?sslmode=...)
// and brings the schema up to date; servers starting together migrate once.
func Open(ctx context.Context, url string) (*sqlstore.DB, error) {
	ms, err := Migrations()
	if err != nil {
		return nil, fmt.Errorf("postgres: %w", err)
	}
	return open(ctx, url, ms)
}

// OpenUnchecked connects without migrating or checking the schema version, for
// inspection and tests.
func OpenUnchecked(ctx context.Context, url string) (*sqlstore.DB, error) {
	return open(ctx, url, nil)
}

// ReadSchema reads the schema of the database at url against this binary's migrations,
// changing nothing.
func ReadSchema(ctx context.Context, url string) (sqlstore.Schema, error) {
	ms, err := Migrations()
	if err != nil {
		return sqlstore.Schema{}, fmt.Errorf("postgres: %w", err)
	}
	db, where, err := connect(ctx, url)
	if err != nil {
		return sqlstore.Schema{}, err
	}
	defer db.Close()
	s, err := sqlstore.ReadSchema(ctx, db, Dialect.TableExists, ms)
	if err != nil {
		return sqlstore.Schema{}, fmt.Errorf("postgres: %s: %w", where, err)
	}
	return s, nil
}

// PoolSize is the most connections one server opens.
const PoolSize = 32

func open(ctx context.Context, url string, ms []sqlstore.Migration) (*sqlstore.DB, error) {
	db, where, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	return sqlstore.Open(ctx, sqlstore.Config{Write: db, Read: db, Dialect: Dialect, Where: where,
		Migrations: ms, MigrationLock: migrationLock})
}

// connect opens the pool and checks that the server answers; where names the database
// without its password.
func connect(ctx context.Context, url string) (_ *sql.DB, where string, _ error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: the database URL is not valid: %w", err)
	}
	where = fmt.Sprintf("postgres://%s:%d/%s", cfg.Host, cfg.Port, cfg.Database)
	db := sql.OpenDB(connector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(PoolSize)
	db.SetMaxIdleConns(PoolSize)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, "", fmt.Errorf("postgres: cannot reach %s: %w", where, err)
	}
	return db, where, nil
}
