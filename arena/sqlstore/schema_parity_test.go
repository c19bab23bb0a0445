package sqlstore_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// The two backends keep separate migration trees, since their DDL differs (types,
// identity columns, triggers), but the shared store's queries assume one schema. These
// tests keep the trees in step: the same numbered files, and after migrating, the same
// tables with the same columns.

// schemaDifferences lists, as "table" or "table.column", what one backend has and the
// other does not by design, each with why. Empty: the two schemas have the same tables
// and columns. An entry names what may be missing on the other side; it is not checked
// that it is actually missing, so remove entries that no longer apply.
var schemaDifferences = map[string]string{}

func TestMigrationFilesMatch(t *testing.T) {
	sm, err := sqlite.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	pm, err := postgres.Migrations()
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []sqlstore.Migration) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	sn, pn := names(sm), names(pm)
	if len(sn) == 0 {
		t.Fatal("no SQLite migrations found")
	}
	for _, n := range sn {
		if !slices.Contains(pn, n) {
			t.Errorf("migration %s is in arena/sqlite/migrations but not in arena/postgres/migrations", n)
		}
	}
	for _, n := range pn {
		if !slices.Contains(sn, n) {
			t.Errorf("migration %s is in arena/postgres/migrations but not in arena/sqlite/migrations", n)
		}
	}
}

func TestSchemasMatch(t *testing.T) {
	ctx := context.Background()

	path := filepath.Join(t.TempDir(), "arena.db")
	lite := migratedSchema(t, ctx, func() (*sqlstore.DB, error) { return sqlite.Open(ctx, path) },
		"sqlite", "file:"+path+"?mode=ro",
		// sqlite_* tables (sqlite_sequence, sqlite_stat1) are SQLite's own.
		`SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'`)
	if len(lite) == 0 {
		t.Fatal("the migrated SQLite database has no tables")
	}

	url := pgtest.FreshURL(t) // skips here without PostgreSQL
	pg := migratedSchema(t, ctx, func() (*sqlstore.DB, error) { return postgres.Open(ctx, url) },
		"pgx", url,
		`SELECT c.table_name, c.column_name FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`)
	if len(pg) == 0 {
		t.Fatal("the migrated PostgreSQL database has no tables")
	}
	t.Logf("%d tables on SQLite, %d on PostgreSQL", len(lite), len(pg))

	compare := func(have, other map[string][]string, backend, otherName string) {
		for _, table := range sortedKeys(have) {
			if _, ok := other[table]; !ok {
				if _, ok := schemaDifferences[table]; !ok {
					t.Errorf("table %s is in the %s schema but not in the %s one", table, backend, otherName)
				}
				continue
			}
			for _, col := range have[table] {
				if !slices.Contains(other[table], col) {
					if _, ok := schemaDifferences[table+"."+col]; !ok {
						t.Errorf("column %s.%s is in the %s schema but not in the %s one", table, col, backend, otherName)
					}
				}
			}
		}
	}
	compare(lite, pg, "SQLite", "PostgreSQL")
	compare(pg, lite, "PostgreSQL", "SQLite")
}

// migratedSchema opens (and so migrates) a fresh database through the store, then reads
// its tables and their columns with query, which returns (table, column) rows, on a
// plain connection of driver to dsn.
func migratedSchema(t *testing.T, ctx context.Context, open func() (*sqlstore.DB, error), driver, dsn, query string) map[string][]string {
	t.Helper()
	db, err := open()
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	rows, err := conn.QueryContext(ctx, query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	schema := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			t.Fatal(err)
		}
		schema[table] = append(schema[table], col)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return schema
}

func sortedKeys(m map[string][]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
