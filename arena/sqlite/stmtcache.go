package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"
	"sync"

	msqlite "modernc.org/sqlite"
)

// The modernc driver prepares every statement anew: SQLite parses and plans the same
// few dozen queries on every request, and that was a fifth of a request's CPU (reading
// the session, the battle, the voter's history). A connection here keeps the statements
// it ran prepared, keyed by their text, as mattn/go-sqlite3 does with _stmt_cache_size.
// SQLite re-prepares a kept statement by itself when the schema changes.
//
// Statements prepared explicitly (the store's hot statements, the import's batches) are
// the driver's own and are not kept twice.

// driverName is the name the caching driver is registered under.
const driverName = "sqlite-stmtcache"

// maxCachedStmts bounds each connection's statements; queries built with varying text
// (IN lists of varying length) would otherwise grow it without end.
const maxCachedStmts = 256

// maxCachedSQL leaves long, usually one-off statements (batches, scripts) uncached.
const maxCachedSQL = 4096

func init() { sql.Register(driverName, cachingDriver{&msqlite.Driver{}}) }

type cachingDriver struct{ d driver.Driver }

func (d cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := d.d.Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{conn: c.(modernConn), stmts: map[string]*cachedStmt{}}, nil
}

// modernConn is what database/sql uses of a modernc connection.
type modernConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachedStmt struct {
	stmt driver.Stmt
	busy bool // rows read from it are still open
}

type cachingConn struct {
	conn  modernConn
	mu    sync.Mutex
	stmts map[string]*cachedStmt
}

var (
	_ driver.ExecerContext  = (*cachingConn)(nil)
	_ driver.QueryerContext = (*cachingConn)(nil)
)

func (c *cachingConn) Prepare(query string) (driver.Stmt, error) { return c.conn.Prepare(query) }
func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.conn.PrepareContext(ctx, query)
}
func (c *cachingConn) Begin() (driver.Tx, error) {
	return c.conn.BeginTx(context.Background(), driver.TxOptions{})
}
func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.conn.BeginTx(ctx, opts)
}
func (c *cachingConn) Ping(ctx context.Context) error         { return c.conn.Ping(ctx) }
func (c *cachingConn) ResetSession(ctx context.Context) error { return c.conn.ResetSession(ctx) }
func (c *cachingConn) IsValid() bool                          { return c.conn.IsValid() }

// Close finalizes the kept statements, then closes the connection.
func (c *cachingConn) Close() error {
	c.mu.Lock()
	var errs []error
	for q, s := range c.stmts {
		errs = append(errs, s.stmt.Close())
		delete(c.stmts, q)
	}
	c.mu.Unlock()
	return errors.Join(append(errs, c.conn.Close())...)
}

// cacheable reports whether query is one short statement worth keeping.
func cacheable(query string) bool {
	if len(query) > maxCachedSQL {
		return false
	}
	body := strings.TrimRight(query, " \t\r\n;")
	return !strings.Contains(body, ";")
}

// take returns query's kept statement, marked busy, or nil when it must run uncached: it
// is not cacheable, or its last rows are still open.
func (c *cachingConn) take(ctx context.Context, query string) (*cachedStmt, error) {
	if !cacheable(query) {
		return nil, nil
	}
	c.mu.Lock()
	s, ok := c.stmts[query]
	if ok {
		if s.busy {
			c.mu.Unlock()
			return nil, nil
		}
		s.busy = true
		c.mu.Unlock()
		return s, nil
	}
	full := len(c.stmts) >= maxCachedStmts
	c.mu.Unlock()
	if full {
		return nil, nil
	}
	st, err := c.conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s = &cachedStmt{stmt: st, busy: true}
	c.mu.Lock()
	c.stmts[query] = s
	c.mu.Unlock()
	return s, nil
}

// give returns a statement taken with take; after an error it is dropped, so a
// statement left in an unknown state is never run again.
func (c *cachingConn) give(query string, s *cachedStmt, failed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s.busy = false
	if failed {
		delete(c.stmts, query)
		s.stmt.Close()
	}
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	s, err := c.take(ctx, query)
	if err != nil || s == nil {
		if err != nil {
			return nil, err
		}
		return c.conn.ExecContext(ctx, query, args)
	}
	res, err := s.stmt.(driver.StmtExecContext).ExecContext(ctx, args)
	c.give(query, s, err != nil)
	return res, err
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	s, err := c.take(ctx, query)
	if err != nil || s == nil {
		if err != nil {
			return nil, err
		}
		return c.conn.QueryContext(ctx, query, args)
	}
	rows, err := s.stmt.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		c.give(query, s, true)
		return nil, err
	}
	return &cachedRows{Rows: rows, c: c, query: query, s: s}, nil
}

// cachedRows gives its statement back when closed.
type cachedRows struct {
	driver.Rows
	c      *cachingConn
	query  string
	s      *cachedStmt
	closed bool
}

func (r *cachedRows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	err := r.Rows.Close()
	r.c.give(r.query, r.s, err != nil)
	return err
}
