package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
)

// Cursor is a forward-only read of a long query's rows, whose columns are read in place.
type Cursor interface {
	// Next moves to the next row; it returns false at the end or on an error (see Err).
	Next() bool
	// Bytes is column i of the current row as text, nil when NULL. It is valid only
	// until the next call to Next.
	Bytes(i int) []byte
	// Int is column i of the current row as an integer, 0 when NULL.
	Int(i int) int64
	// Err is the error that ended the rows, if any.
	Err() error
	// Close ends the read and its snapshot.
	Close() error
}

// OpenCursor runs query, the statement setup first if not empty, in a read-only snapshot
// of its own, and returns its rows. A backend whose driver can do better than
// database/sql on millions of rows sets one in its Config; exports read through it.
type OpenCursor func(ctx context.Context, setup, query string, args []any) (Cursor, error)

// cursor runs query through database/sql, in a read transaction on db.read.
func (db *DB) cursor(ctx context.Context, setup, query string, args []any) (Cursor, error) {
	if db.openCursor != nil {
		return db.openCursor(ctx, setup, query, args)
	}
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	if setup != "" {
		if _, err := tx.ExecContext(ctx, setup); err != nil {
			tx.Rollback()
			return nil, err
		}
	}
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		tx.Rollback()
		return nil, err
	}
	cols, err := rows.Columns()
	if err != nil {
		rows.Close()
		tx.Rollback()
		return nil, err
	}
	c := &sqlCursor{tx: tx, rows: rows, vals: make([]sql.RawBytes, len(cols)), bufs: make([][]byte, len(cols)), dest: make([]any, len(cols))}
	for i := range c.vals {
		c.dest[i] = &c.vals[i]
		c.bufs[i] = make([]byte, 0, 64)
	}
	return c, nil
}

type sqlCursor struct {
	tx   *sql.Tx
	rows *sql.Rows
	vals []sql.RawBytes
	bufs [][]byte // vals' arrays, reused from row to row
	dest []any
	err  error
}

func (c *sqlCursor) Next() bool {
	if c.err != nil || !c.rows.Next() {
		return false
	}
	// database/sql scans NULL into a nil RawBytes and a value into the RawBytes's own
	// array: starting each from a non-nil empty slice tells an empty value from NULL.
	for i := range c.vals {
		c.vals[i] = c.bufs[i][:0]
	}
	if c.err = c.rows.Scan(c.dest...); c.err != nil {
		return false
	}
	for i, v := range c.vals {
		if v != nil {
			c.bufs[i] = v
		}
	}
	return true
}

func (c *sqlCursor) Bytes(i int) []byte { return c.vals[i] }

func (c *sqlCursor) Int(i int) int64 {
	if c.vals[i] == nil {
		return 0
	}
	n, err := strconv.ParseInt(string(c.vals[i]), 10, 64)
	if err != nil && c.err == nil {
		c.err = err
	}
	return n
}

func (c *sqlCursor) Err() error {
	if c.err != nil {
		return c.err
	}
	return c.rows.Err()
}

func (c *sqlCursor) Close() error {
	c.rows.Close()
	return c.tx.Rollback()
}
