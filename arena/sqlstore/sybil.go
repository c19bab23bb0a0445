package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

// sybilSettle is how far behind the scan's time the stored sums stop. A vote's time is
// read before its transaction commits, so on PostgreSQL (and, by a few milliseconds, on
// SQLite) a vote may become visible after a later one; votes younger than this are
// summed afresh on every scan instead of being added to the stored sums for good.
const sybilSettle = 10 * time.Minute

// SybilTallies sums, per voter and battle pairing, the decisive votes of this arena's
// own non-gold battles cast since then. The sums of the votes older than sybilSettle are
// kept in sybil_tallies with the window they cover (sybil_scan): a scan moves that
// window, adding the votes after its high-water mark and subtracting the votes that
// left it, so an hourly scan reads about two hours of votes, not thirty days. The
// votes after the high-water mark are then added in memory.
func (db *DB) SybilTallies(ctx context.Context, since, now time.Time) (_ []arena.SybilTally, err error) {
	defer wrap(&err, "SybilTallies")
	if err := db.advanceSybilScan(ctx, ms(since), max(ms(since), ms(now.Add(-sybilSettle)))); err != nil {
		return nil, err
	}
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	// Another server's scan may have moved the window since ours: the sums and the
	// high-water mark read in one snapshot always agree.
	var high int64
	if err := tx.QueryRowContext(ctx, `SELECT high_water FROM sybil_scan WHERE id = 1`).Scan(&high); err != nil {
		return nil, err
	}
	type pairing struct {
		user, a, b int64
	}
	sums := map[pairing][2]int{}
	read := func(q string, args ...any) error {
		rows, err := tx.QueryContext(ctx, q, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var p pairing
			var wa, wb int
			if err := rows.Scan(&p.user, &p.a, &p.b, &wa, &wb); err != nil {
				return err
			}
			s := sums[p]
			sums[p] = [2]int{s[0] + wa, s[1] + wb}
		}
		return rows.Err()
	}
	if err := read(`SELECT user_id, model_a, model_b, wins_a, wins_b FROM sybil_tallies`); err != nil {
		return nil, err
	}
	if err := read(sybilTallyRows, high, int64(1)<<62); err != nil {
		return nil, err
	}
	names := map[int64]string{}
	if err := eachModel(ctx, tx, func(id int64, name string) { names[id] = name }); err != nil {
		return nil, err
	}
	out := make([]arena.SybilTally, 0, len(sums))
	for p, s := range sums {
		out = append(out, arena.SybilTally{UserID: p.user, ModelA: names[p.a], ModelB: names[p.b], WinsA: s[0], WinsB: s[1]})
	}
	return out, nil
}

// advanceSybilScan makes the stored sums cover the votes with created_at in
// [start, high), reading only the votes between the old bounds and the new ones, in one
// write transaction: a scan that stops half-way leaves the old sums and bounds.
func (db *DB) advanceSybilScan(ctx context.Context, start, high int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var oldStart, oldHigh int64
		err := tx.QueryRowContext(ctx, `SELECT window_start, high_water FROM sybil_scan WHERE id = 1`).Scan(&oldStart, &oldHigh)
		if errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.EINTERNAL, "The Sybil scan's state row is missing; the schema is incomplete.")
		} else if err != nil {
			return err
		}
		high = max(high, oldHigh)
		if start >= oldHigh {
			// Nothing stored is still in the window: start again from empty.
			if _, err := tx.ExecContext(ctx, `DELETE FROM sybil_tallies`); err != nil {
				return err
			}
			oldStart, oldHigh = start, start
		}
		add := func(from, to int64, sign int) error {
			if from >= to {
				return nil
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO sybil_tallies (user_id, model_a, model_b, wins_a, wins_b)
				SELECT user_id, model_a, model_b, ? * wa, ? * wb FROM (`+sybilTallyRows+`) d WHERE true
				ON CONFLICT (user_id, model_a, model_b) DO UPDATE
				SET wins_a = sybil_tallies.wins_a + excluded.wins_a, wins_b = sybil_tallies.wins_b + excluded.wins_b`,
				sign, sign, from, to)
			if err != nil || sign > 0 {
				return err
			}
			_, err = tx.ExecContext(ctx, `DELETE FROM sybil_tallies WHERE wins_a = 0 AND wins_b = 0
				AND user_id IN (SELECT v.user_id FROM votes v WHERE v.created_at >= ? AND v.created_at < ?)`, from, to)
			return err
		}
		// The window's start moves on (or back, if it was made longer) and its end moves
		// up to the new high-water mark.
		if err := add(oldStart, start, -1); err != nil {
			return err
		}
		if err := add(start, oldStart, 1); err != nil {
			return err
		}
		if err := add(oldHigh, high, 1); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE sybil_scan SET window_start = ?, high_water = ? WHERE id = 1`, start, high)
		return err
	})
}

// sybilTallyRows selects, summed per voter and battle pairing, the decisive votes of
// this arena's own non-gold battles with created_at in [?, ?).
const sybilTallyRows = `SELECT v.user_id AS user_id, b.model_a AS model_a, b.model_b AS model_b,
		SUM(CASE WHEN v.winner = 'model_a' THEN 1 ELSE 0 END) AS wa, SUM(CASE WHEN v.winner = 'model_b' THEN 1 ELSE 0 END) AS wb
	FROM votes v JOIN battles b ON b.id = v.battle_id
	WHERE v.created_at >= ? AND v.created_at < ? AND v.winner IN ('model_a', 'model_b') AND b.source = '' AND b.gold_side = ''
	GROUP BY v.user_id, b.model_a, b.model_b`
