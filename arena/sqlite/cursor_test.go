package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

func TestCursorReadsValues(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "arena.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Exec(ctx, `CREATE TABLE t (k INTEGER, s TEXT)`); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("é long text ", 5000)
	for _, v := range []struct {
		k any
		s any
	}{{1, "one"}, {2, ""}, {3, nil}, {nil, "x\x00y"}, {-1 << 62, long}} {
		if err := db.Exec(ctx, `INSERT INTO t VALUES (?, ?)`, v.k, v.s); err != nil {
			t.Fatal(err)
		}
	}
	c, err := openCursor(ctx, path, "PRAGMA cache_size = -1024", `SELECT k, s FROM t WHERE k IS NULL OR k < ? ORDER BY rowid`, []any{int64(10)})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	type row struct {
		k       int64
		kNull   bool
		s       string
		sNull   bool
		sLength int
	}
	var got []row
	for c.Next() {
		s := c.Bytes(1)
		got = append(got, row{c.Int(0), c.Bytes(0) == nil, string(s), s == nil, len(s)})
	}
	if err := c.Err(); err != nil {
		t.Fatal(err)
	}
	want := []row{
		{1, false, "one", false, 3},
		{2, false, "", false, 0}, // empty is not NULL
		{3, false, "", true, 0},
		{0, true, "x\x00y", false, 3},
		{-1 << 62, false, long, false, len(long)},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n got %v\nwant %v", got, want)
	}
	if c.Next() {
		t.Error("Next after the end")
	}
}

func TestCursorErrors(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "arena.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct {
		name, path, setup, query string
		args                     []any
		want                     string
	}{
		{"missing file", filepath.Join(dir, "nope.db"), "", "SELECT 1", nil, "opening " + filepath.Join(dir, "nope.db")},
		{"bad setup", path, "PRAGMA nonsense(", "SELECT 1", nil, "PRAGMA nonsense("},
		{"bad query", path, "", "SELECT FROM WHERE", nil, "preparing the query"},
		{"no such table", path, "", "SELECT * FROM nope", nil, "no such table: nope"},
		{"bad argument", path, "", "SELECT ?", []any{1.5}, "cannot bind float64 to parameter 1"},
		{"read-only", path, "", "DELETE FROM users", nil, "readonly"},
	} {
		cur, err := openCursor(ctx, c.path, c.setup, c.query, c.args)
		if err == nil {
			for cur.Next() {
			}
			err = cur.Err()
			cur.Close()
		}
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}

// TestCursorCancel checks that cancelling the context stops a step that scans long
// without finding a row.
func TestCursorCancel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "arena.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	c, err := openCursor(ctx, path, "", `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n WHERE i < 0`, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	time.AfterFunc(50*time.Millisecond, cancel)
	done := make(chan bool)
	go func() { done <- c.Next() }()
	select {
	case got := <-done:
		if got || !errors.Is(c.Err(), context.Canceled) {
			t.Errorf("Next = %v, Err = %v; want false, context.Canceled", got, c.Err())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("cancelling did not stop the query")
	}
	// A cancelled context refuses to open.
	if _, err := openCursor(ctx, path, "", "SELECT 1", nil); !errors.Is(err, context.Canceled) {
		t.Errorf("opening with a cancelled context: %v", err)
	}
}

// TestExportThroughCursorMatchesDatabaseSQL exports the same battles through the cursor
// and through database/sql, which PostgreSQL uses, with every kind of filter argument.
func TestExportThroughCursorMatchesDatabaseSQL(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "arena.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(ctx, "test", path)
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	winners := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerBothBad}
	for i := range 300 {
		b := arena.ImportedBattle{
			ExternalID: fmt.Sprint("ext-", i), ModelA: fmt.Sprint("m", i%5), ModelB: fmt.Sprint("m", (i+1)%5),
			Winner: winners[i%4], VotedAt: t0.Add(time.Duration(i) * time.Minute), Language: "English",
			Judge: fmt.Sprint("judge-", i%7), Comment: strings.Repeat("c", i%3),
		}
		for k := range i % 3 { // none, one or two turns
			b.Turns = append(b.Turns, arena.ExportTurn{Prompt: fmt.Sprint("p", i, k), AnswerA: strings.Repeat("a", i), AnswerB: ""})
		}
		if i%4 == 0 {
			b.Category, b.Reasons = []string{"code", "math"}, []string{"more accurate", fmt.Sprint("r", i%2)}
		}
		if err := im.Add(ctx, &b); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	write, read, err := connect(path)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := sqlstore.Open(ctx, sqlstore.Config{Write: write, Read: read, Dialect: Dialect, Where: path})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	export := func(db *sqlstore.DB, f arena.ExportFilter) []arena.ExportRow {
		t.Helper()
		var rows []arena.ExportRow
		if err := db.ExportRows(ctx, f, func(r *arena.ExportRow) error {
			rows = append(rows, r.Clone())
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return rows
	}
	for _, f := range []arena.ExportFilter{
		{Internal: true},
		{Internal: true, Since: t0.Add(time.Hour), Until: t0.Add(3 * time.Hour), Models: []string{"m1", "m3"}, Category: "math", ExcludeTies: true},
		{ExcludeFlagged: true},
	} {
		fast, slow := export(db, f), export(plain, f)
		if len(fast) == 0 && f.Internal {
			t.Fatal("no rows exported")
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Errorf("filter %+v: the cursor and database/sql disagree (%d and %d rows)", f, len(fast), len(slow))
			for i := range min(len(fast), len(slow)) {
				if !reflect.DeepEqual(fast[i], slow[i]) {
					t.Fatalf("first difference, row %d:\n cursor %+v\n    sql %+v", i, fast[i], slow[i])
				}
			}
		}
	}
}
