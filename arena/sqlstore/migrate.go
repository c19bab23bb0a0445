package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

// Migration is one numbered schema change, a NNNN_name.sql file of a backend.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations reads a backend's migrations from the *.sql files of dir in fsys, checking
// that they are numbered 1, 2, 3... without gaps.
func Migrations(fsys fs.FS, dir string) ([]Migration, error) {
	entries, err := fs.Glob(fsys, dir+"/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []Migration
	for _, e := range entries {
		base := strings.TrimPrefix(e, dir+"/")
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil {
			return nil, fmt.Errorf("migration %s is not named NNNN_name.sql", base)
		}
		body, err := fs.ReadFile(fsys, e)
		if err != nil {
			return nil, err
		}
		ms = append(ms, Migration{Version: v, Name: base, SQL: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Version < ms[j].Version })
	for i, m := range ms {
		if m.Version != i+1 {
			return nil, fmt.Errorf("migrations must be numbered 1, 2, 3...; %s is out of sequence", m.Name)
		}
	}
	return ms, nil
}

// Migrate applies, in order and each in its own transaction, the migrations not yet
// recorded in schema_migrations. lock, if not empty, runs first in every migration's
// transaction and must hold until it ends (PostgreSQL's pg_advisory_xact_lock), so that
// servers starting together apply each migration once: the version is read again under
// the lock. A database whose schema is newer than ms is refused untouched.
func Migrate(ctx context.Context, db *sql.DB, where string, ms []Migration, lock string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil && !isAlreadyExists(err) {
		return fmt.Errorf("cannot open %s: %w", where, err)
	}
	for {
		done, err := migrateNext(ctx, db, where, ms, lock)
		if err != nil || done {
			return err
		}
	}
}

// isAlreadyExists recognises PostgreSQL's answer when two servers create the table at
// the same moment: IF NOT EXISTS does not cover that race.
func isAlreadyExists(err error) bool {
	s := err.Error()
	return strings.Contains(s, "already exists") || strings.Contains(s, "duplicate key")
}

func migrateNext(ctx context.Context, db *sql.DB, where string, ms []Migration, lock string) (done bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("cannot open %s: %w", where, err)
	}
	defer tx.Rollback()
	if lock != "" {
		if _, err := tx.ExecContext(ctx, lock); err != nil {
			return false, fmt.Errorf("locking %s for migration: %w", where, err)
		}
	}
	var current int
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&current); err != nil {
		return false, fmt.Errorf("reading the schema version of %s: %w", where, err)
	}
	if current > len(ms) {
		return false, arena.Errorf(arena.EINVALID, "the database %s has schema version %d, written by a newer arena than this one (which knows up to version %d); upgrade arena, this binary will not touch it", where, current, len(ms))
	}
	if current == len(ms) {
		return true, nil
	}
	m := ms[current]
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`,
		m.Version, m.Name, time.Now().UnixMilli()); err != nil {
		return false, fmt.Errorf("recording migration %s: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migration %s: %w", m.Name, err)
	}
	return false, nil
}
