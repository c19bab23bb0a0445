package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// AppliedMigration is a migration a database records as applied.
type AppliedMigration struct {
	Version   int
	Name      string
	AppliedAt time.Time
}

// Schema is a database's schema against the migrations a binary knows: what was
// applied, and what Migrate would apply.
type Schema struct {
	Applied []AppliedMigration
	Pending []Migration
	// Known is how many migrations the binary knows.
	Known int
}

// Version is the last migration applied, 0 for a new database.
func (s Schema) Version() int {
	if len(s.Applied) == 0 {
		return 0
	}
	return s.Applied[len(s.Applied)-1].Version
}

// IsNew reports whether no migration was ever applied: the database is empty, or does
// not exist yet.
func (s Schema) IsNew() bool { return len(s.Applied) == 0 }

// IsNewer reports whether a newer binary wrote the database: Migrate refuses it.
func (s Schema) IsNewer() bool { return s.Version() > s.Known }

// NewSchema is the schema of a database that does not exist yet.
func NewSchema(ms []Migration) Schema { return Schema{Pending: ms, Known: len(ms)} }

// ReadSchema reads db's schema_migrations against ms, changing nothing; tableExists is
// the dialect's query, of one table name, that counts the tables of that name.
func ReadSchema(ctx context.Context, db *sql.DB, tableExists string, ms []Migration) (Schema, error) {
	var n int
	if err := db.QueryRowContext(ctx, tableExists, "schema_migrations").Scan(&n); err != nil {
		return Schema{}, fmt.Errorf("reading the schema: %w", err)
	}
	if n == 0 {
		return NewSchema(ms), nil
	}
	rows, err := db.QueryContext(ctx, `SELECT version, name, applied_at FROM schema_migrations ORDER BY version`)
	if err != nil {
		return Schema{}, fmt.Errorf("reading the schema: %w", err)
	}
	defer rows.Close()
	s := Schema{Known: len(ms)}
	for rows.Next() {
		var m AppliedMigration
		var at int64
		if err := rows.Scan(&m.Version, &m.Name, &at); err != nil {
			return Schema{}, err
		}
		m.AppliedAt = time.UnixMilli(at).UTC()
		s.Applied = append(s.Applied, m)
	}
	if err := rows.Err(); err != nil {
		return Schema{}, err
	}
	if v := s.Version(); v < len(ms) {
		s.Pending = ms[v:]
	}
	return s, nil
}
