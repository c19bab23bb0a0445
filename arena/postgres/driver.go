package postgres

import (
	"context"
	"database/sql/driver"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

// The shared store writes its SQL once, with SQLite's `?` placeholders, and passes Go
// bools for flag columns that are 0/1 integers in both schemas. This driver wrapper sits
// between database/sql and pgx's stdlib driver and makes both PostgreSQL's: `?` and `?N`
// become `$n`, and bools become 0 or 1.

type connector struct{ inner driver.Connector }

func (c connector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.inner.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &rebindConn{conn.(pgxConn)}, nil
}

func (c connector) Driver() driver.Driver { return c.inner.Driver() }

// pgxConn is what pgx's stdlib connection implements and the wrapper passes on.
type pgxConn interface {
	driver.Conn
	driver.ConnBeginTx
	driver.ConnPrepareContext
	driver.ExecerContext
	driver.QueryerContext
	driver.Pinger
	driver.SessionResetter
	driver.NamedValueChecker
}

type rebindConn struct{ pgxConn }

func (c *rebindConn) Prepare(query string) (driver.Stmt, error) {
	return c.pgxConn.Prepare(rebind(query))
}

func (c *rebindConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.pgxConn.PrepareContext(ctx, rebind(query))
}

func (c *rebindConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	return c.pgxConn.ExecContext(ctx, rebind(query), args)
}

func (c *rebindConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	return c.pgxConn.QueryContext(ctx, rebind(query), args)
}

func (c *rebindConn) CheckNamedValue(nv *driver.NamedValue) error {
	switch v := nv.Value.(type) {
	case bool:
		nv.Value = int64(0)
		if v {
			nv.Value = int64(1)
		}
	case string:
		nv.Value = textSafe(v)
	}
	return c.pgxConn.CheckNamedValue(nv)
}

// textSafe makes s storable in a PostgreSQL text column, which refuses NUL characters
// and invalid UTF-8 that SQLite keeps: a model's answer or an imported file with either
// must not fail the write that carries it. Both become U+FFFD.
func textSafe(s string) string {
	if utf8.ValidString(s) && strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

var rebound sync.Map // query -> rewritten query; queries are a fixed set of constants

// rebind rewrites `?` and `?N` placeholders to PostgreSQL's `$n`, leaving string
// literals, quoted identifiers, comments and dollar-quoted bodies alone.
func rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	if r, ok := rebound.Load(q); ok {
		return r.(string)
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0 // as in SQLite, a bare ? is one more than the highest number so far
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'' || c == '"':
			j := strings.IndexByte(q[i+1:], c)
			if j < 0 {
				b.WriteString(q[i:])
				i = len(q)
				continue
			}
			b.WriteString(q[i : i+j+2])
			i += j + 1
		case c == '-' && i+1 < len(q) && q[i+1] == '-':
			j := strings.IndexByte(q[i:], '\n')
			if j < 0 {
				j = len(q) - i
			}
			b.WriteString(q[i : i+j])
			i += j - 1
		case c == '/' && i+1 < len(q) && q[i+1] == '*':
			j := strings.Index(q[i+2:], "*/")
			if j < 0 {
				j = len(q) - i - 4
			}
			b.WriteString(q[i : i+j+4])
			i += j + 3
		case c == '$':
			// A dollar-quoted body: $tag$ ... $tag$ (tag may be empty).
			k := i + 1
			for k < len(q) && (q[k] == '_' || q[k] >= 'a' && q[k] <= 'z' || q[k] >= 'A' && q[k] <= 'Z' || k > i+1 && q[k] >= '0' && q[k] <= '9') {
				k++
			}
			if k < len(q) && q[k] == '$' {
				tag := q[i : k+1]
				end := strings.Index(q[k+1:], tag)
				if end < 0 {
					b.WriteString(q[i:])
					i = len(q)
					continue
				}
				b.WriteString(q[i : k+1+end+len(tag)])
				i = k + end + len(tag)
				continue
			}
			b.WriteByte(c)
		case c == '?':
			k := i + 1
			for k < len(q) && q[k] >= '0' && q[k] <= '9' {
				k++
			}
			b.WriteByte('$')
			if k > i+1 {
				num, _ := strconv.Atoi(q[i+1 : k])
				n = max(n, num)
				b.WriteString(q[i+1 : k])
			} else {
				n++
				b.WriteString(strconv.Itoa(n))
			}
			i = k - 1
		default:
			b.WriteByte(c)
		}
	}
	r := b.String()
	rebound.Store(q, r)
	return r
}
