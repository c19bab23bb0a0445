package sqlstore

import (
	"context"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.RateStore = (*DB)(nil)

// Hit counts one action in a window and returns the new count.
func (db *DB) Hit(ctx context.Context, key string, start time.Time) (_ int64, err error) {
	defer wrap(&err, "Hit")
	var n int64
	err = db.write.QueryRowContext(ctx, `INSERT INTO rate_counters (key, window_start, count) VALUES (?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET count = rate_counters.count + 1 RETURNING count`, key, ms(start)).Scan(&n)
	return n, err
}

// Count returns key's count in the window starting at start (0 when none), adding
// nothing.
func (db *DB) Count(ctx context.Context, key string, start time.Time) (_ int64, err error) {
	defer wrap(&err, "Count")
	var n int64
	err = db.write.QueryRowContext(ctx, `SELECT COALESCE(SUM(count), 0) FROM rate_counters WHERE key = ? AND window_start = ?`, key, ms(start)).Scan(&n)
	return n, err
}

// DeleteRateCountersBefore drops counters of windows that ended before t.
func (db *DB) DeleteRateCountersBefore(ctx context.Context, t time.Time) (err error) {
	defer wrap(&err, "DeleteRateCountersBefore")
	_, err = db.write.ExecContext(ctx, `DELETE FROM rate_counters WHERE window_start < ?`, ms(t))
	return err
}
