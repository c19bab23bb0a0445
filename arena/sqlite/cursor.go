package sqlite

import (
	"context"
	"encoding/binary"
	"fmt"
	"sync"
	"unsafe"

	"github.com/arena-dev/arena/arena/sqlstore"
	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// cursor reads one query's rows through SQLite's C API, as modernc transpiles it, on a
// connection of its own. An export reads millions of rows: through database/sql every
// column of every row took the connection's mutex (modernc opens every connection
// SQLITE_OPEN_FULLMUTEX), an interface conversion and a copy, which together were most
// of the reading. This connection is read-only and opened without SQLite's mutex, since
// one goroutine uses it; its columns are read in place.
type cursor struct {
	ctx      context.Context
	tls      *libc.TLS
	db, stmt uintptr
	cstrs    []uintptr // C strings the statement is bound to, freed at Close
	err      error
	done     bool

	mu     sync.Mutex // guards db against an interrupt racing Close
	closed bool
	stop   func() bool // unregisters the context's interrupt
}

var _ sqlstore.Cursor = (*cursor)(nil)

// openCursor opens a cursor over query on the database file at path: setup (if not
// empty) runs first, then query, in one read transaction.
func openCursor(ctx context.Context, path, setup, query string, args []any) (_ sqlstore.Cursor, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := &cursor{ctx: ctx, tls: libc.NewTLS()}
	defer func() {
		if err != nil {
			c.Close()
		}
	}()
	ptr := libc.Xmalloc(c.tls, 8)
	if ptr == 0 {
		return nil, fmt.Errorf("sqlite: out of memory")
	}
	defer libc.Xfree(c.tls, ptr)
	name, err := c.cstring(path)
	if err != nil {
		return nil, err
	}
	rc := sqlite3.Xsqlite3_open_v2(c.tls, name, ptr, sqlite3.SQLITE_OPEN_READONLY|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	c.db = readPtr(ptr)
	if rc != sqlite3.SQLITE_OK {
		return nil, c.error(rc, "opening "+path)
	}
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, 10000)
	for _, q := range []string{"BEGIN", setup} {
		if q == "" {
			continue
		}
		s, err := c.cstring(q)
		if err != nil {
			return nil, err
		}
		if rc := sqlite3.Xsqlite3_exec(c.tls, c.db, s, 0, 0, 0); rc != sqlite3.SQLITE_OK {
			return nil, c.error(rc, q)
		}
	}
	q, err := c.cstring(query)
	if err != nil {
		return nil, err
	}
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, q, -1, ptr, 0); rc != sqlite3.SQLITE_OK {
		return nil, c.error(rc, "preparing the query")
	}
	c.stmt = readPtr(ptr)
	for i, a := range args {
		n := int32(i + 1)
		switch v := a.(type) {
		case int64:
			rc = sqlite3.Xsqlite3_bind_int64(c.tls, c.stmt, n, v)
		case int:
			rc = sqlite3.Xsqlite3_bind_int64(c.tls, c.stmt, n, int64(v))
		case string:
			s, err := c.cstring(v)
			if err != nil {
				return nil, err
			}
			rc = sqlite3.Xsqlite3_bind_text(c.tls, c.stmt, n, s, int32(len(v)), 0)
		default:
			return nil, fmt.Errorf("sqlite: cannot bind %T to parameter %d", a, n)
		}
		if rc != sqlite3.SQLITE_OK {
			return nil, c.error(rc, "binding the query's parameters")
		}
	}
	// Cancelling the context interrupts a step that scans long for its next row.
	c.stop = context.AfterFunc(ctx, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		if !c.closed {
			sqlite3.Xsqlite3_interrupt(c.tls, c.db) // an atomic store: safe from here
		}
	})
	return c, nil
}

func (c *cursor) Next() bool {
	if c.done {
		return false
	}
	switch rc := sqlite3.Xsqlite3_step(c.tls, c.stmt); rc {
	case sqlite3.SQLITE_ROW:
		return true
	case sqlite3.SQLITE_DONE:
	default:
		c.err = c.error(rc, "reading")
	}
	c.done = true
	return false
}

// empty is what Bytes returns for an empty value, which must not read as NULL.
var empty = []byte{}

func (c *cursor) Bytes(i int) []byte {
	col := int32(i)
	if sqlite3.Xsqlite3_column_type(c.tls, c.stmt, col) == sqlite3.SQLITE_NULL {
		return nil
	}
	p := sqlite3.Xsqlite3_column_text(c.tls, c.stmt, col)
	n := sqlite3.Xsqlite3_column_bytes(c.tls, c.stmt, col)
	if p == 0 || n == 0 {
		return empty
	}
	return libc.GoBytes(p, int(n))
}

func (c *cursor) Int(i int) int64 { return sqlite3.Xsqlite3_column_int64(c.tls, c.stmt, int32(i)) }

func (c *cursor) Err() error { return c.err }

func (c *cursor) Close() error {
	if c.stop != nil {
		c.stop()
	}
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	if c.stmt != 0 {
		sqlite3.Xsqlite3_finalize(c.tls, c.stmt)
	}
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db) // also ends the read transaction
	}
	for _, p := range c.cstrs {
		libc.Xfree(c.tls, p)
	}
	c.tls.Close()
	c.stmt, c.db, c.cstrs = 0, 0, nil
	return nil
}

func (c *cursor) cstring(s string) (uintptr, error) {
	p, err := libc.CString(s)
	if err != nil {
		return 0, err
	}
	c.cstrs = append(c.cstrs, p)
	return p, nil
}

func (c *cursor) error(rc int32, doing string) error {
	if rc == sqlite3.SQLITE_INTERRUPT && c.ctx.Err() != nil {
		return c.ctx.Err()
	}
	msg := ""
	if c.db != 0 {
		msg = libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	} else {
		msg = libc.GoString(sqlite3.Xsqlite3_errstr(c.tls, rc))
	}
	return fmt.Errorf("sqlite: %s: %s (%d)", doing, msg, rc)
}

// readPtr reads the pointer SQLite stored at p, a C allocation of 8 bytes.
func readPtr(p uintptr) uintptr {
	b := libc.GoBytes(p, 8)
	if unsafe.Sizeof(p) == 4 {
		return uintptr(binary.NativeEndian.Uint32(b))
	}
	return uintptr(binary.NativeEndian.Uint64(b))
}
