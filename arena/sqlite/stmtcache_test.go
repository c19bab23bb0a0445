package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
)

// openCaching opens one connection through the caching driver, so that every statement
// below runs on the same connection and its cache.
func openCaching(t *testing.T) (*sql.DB, *cachingConn) {
	t.Helper()
	db, err := sql.Open(driverName, dsn(filepath.Join(t.TempDir(), "c.db"), "immediate"))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)`); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		if _, err := db.Exec(`INSERT INTO t VALUES (?, ?)`, i, fmt.Sprint("v", i)); err != nil {
			t.Fatal(err)
		}
	}
	var cc *cachingConn
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	conn.Raw(func(dc any) error { cc = dc.(*cachingConn); return nil })
	conn.Close()
	return db, cc
}

func cached(cc *cachingConn) int {
	cc.mu.Lock()
	defer cc.mu.Unlock()
	return len(cc.stmts)
}

func TestStatementCache(t *testing.T) {
	db, cc := openCaching(t)
	const q = `SELECT v FROM t WHERE k = ?`
	before := cached(cc)
	for i := range 5 {
		var v string
		if err := db.QueryRow(q, i).Scan(&v); err != nil || v != fmt.Sprint("v", i) {
			t.Fatalf("row %d: %q %v", i, v, err)
		}
	}
	if n := cached(cc) - before; n != 1 {
		t.Fatalf("one query run five times left %d statements kept, want 1", n)
	}

	// The same query again while its rows are still open on the connection (a nested
	// query in one transaction) runs on a statement of its own: reusing the kept one
	// would reset the rows being read.
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	outer, err := tx.Query(`SELECT k FROM t ORDER BY k`)
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for outer.Next() {
		var k int
		outer.Scan(&k)
		inner, err := tx.Query(`SELECT k FROM t ORDER BY k`)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for inner.Next() {
			n++
		}
		inner.Close()
		if n != 5 {
			t.Fatalf("the nested query read %d rows, want 5", n)
		}
		if k != seen {
			t.Fatalf("the outer query read %d after %d rows: the nested query disturbed it", k, seen)
		}
		seen++
	}
	outer.Close()
	tx.Rollback()
	if seen != 5 {
		t.Fatalf("the outer query read %d rows, want 5", seen)
	}

	// A statement whose execution failed is dropped; the next run prepares it again.
	const ins = `INSERT INTO t VALUES (?, ?)`
	if _, err := db.Exec(ins, 0, "dup"); err == nil {
		t.Fatal("a duplicate key was inserted")
	}
	cc.mu.Lock()
	_, kept := cc.stmts[ins]
	cc.mu.Unlock()
	if kept {
		t.Fatal("a statement that failed was kept")
	}
	if _, err := db.Exec(ins, 9, "nine"); err != nil {
		t.Fatal(err)
	}

	// Scripts of several statements run uncached, and all of their statements run.
	if _, err := db.Exec(`INSERT INTO t VALUES (20, 'a'); INSERT INTO t VALUES (21, 'b');`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM t WHERE k >= 20`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("a script ran %d of its 2 inserts (%v)", n, err)
	}

	// The cache is bounded: queries of ever-different text stop being kept.
	for i := range maxCachedStmts + 20 {
		if err := db.QueryRow(fmt.Sprintf(`SELECT %d FROM t LIMIT 1`, i)).Scan(&n); err != nil || n != i {
			t.Fatalf("query %d: %d %v", i, n, err)
		}
	}
	if c := cached(cc); c > maxCachedStmts {
		t.Fatalf("%d statements kept, more than the bound %d", c, maxCachedStmts)
	}
}

func TestCacheable(t *testing.T) {
	for q, want := range map[string]bool{
		`SELECT 1`:                           true,
		"SELECT 1;\n":                        true,
		`SELECT 1; SELECT 2`:                 false,
		`INSERT INTO t VALUES ('a;')`:        false, // a semicolon in a literal: left uncached, which is only slower
		string(make([]byte, maxCachedSQL+1)): false,
	} {
		if got := cacheable(q); got != want {
			t.Errorf("cacheable(%.30q) = %v, want %v", q, got, want)
		}
	}
}
