package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.SnapshotStore = (*DB)(nil)

// unfinishedAfter is how long an unfinished snapshot (its taker died before storing the
// hash) is left alone before the next one removes it: another server may be finishing it.
const unfinishedAfter = 10 * time.Minute

// BeginSnapshot stores a new, unfinished snapshot at `at` and records, in one write
// transaction, which votes it holds: the counted votes as they are now. A vote counted
// since the last snapshot opens a span; a vote no longer counted (a confirmed abuser's,
// say) closes its span, so earlier snapshots keep holding it.
func (db *DB) BeginSnapshot(ctx context.Context, at time.Time) (id int64, err error) {
	defer wrap(&err, "BeginSnapshot")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		// Deleting an abandoned snapshot undoes its spans: the ones it opened go (ON
		// DELETE CASCADE) and the ones it closed reopen (SET NULL), and the diff below
		// redoes both against the present.
		if _, err := tx.ExecContext(ctx, `DELETE FROM leaderboard_snapshots WHERE sha256 = '' AND created_at < ?`,
			ms(at.Add(-unfinishedAfter))); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `INSERT INTO leaderboard_snapshots (created_at, votes, sha256) VALUES (?, 0, '') RETURNING id`,
			ms(at)).Scan(&id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE snapshot_votes SET until_snapshot = ? WHERE until_snapshot IS NULL
			AND battle_id NOT IN (SELECT v.battle_id FROM votes v JOIN battles b ON b.id = v.battle_id WHERE `+countedVote+`)`, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO snapshot_votes (battle_id, from_snapshot)
			SELECT v.battle_id, ? FROM votes v JOIN battles b ON b.id = v.battle_id WHERE `+countedVote+`
			AND NOT EXISTS (SELECT 1 FROM snapshot_votes s WHERE s.until_snapshot IS NULL AND s.battle_id = v.battle_id)`, id)
		return err
	})
	return id, err
}

// SnapshotVotes streams the votes snapshot id holds, ordered by battle id (bytewise),
// from one read transaction.
func (db *DB) SnapshotVotes(ctx context.Context, id int64, fn func(arena.SnapshotVote) error) (err error) {
	defer wrap(&err, "SnapshotVotes")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM leaderboard_snapshots WHERE id = ?`, id).Scan(&n); err != nil {
		return err
	} else if n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
	}
	rows, err := tx.QueryContext(ctx, `SELECT s.battle_id, ma.name, mb.name, v.winner FROM snapshot_votes s
		JOIN votes v ON v.battle_id = s.battle_id JOIN battles b ON b.id = s.battle_id
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE s.from_snapshot <= ?1 AND (s.until_snapshot IS NULL OR s.until_snapshot > ?1) ORDER BY s.battle_id`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v arena.SnapshotVote
		var winner string
		if err := rows.Scan(&v.BattleID, &v.ModelA, &v.ModelB, &winner); err != nil {
			return err
		}
		v.Winner = arena.Winner(winner)
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// DropSnapshot removes an unfinished snapshot and undoes its spans (see BeginSnapshot).
func (db *DB) DropSnapshot(ctx context.Context, id int64) (err error) {
	defer wrap(&err, "DropSnapshot")
	return db.exec(ctx, `DELETE FROM leaderboard_snapshots WHERE id = ? AND sha256 = ''`, id)
}

func nullNaN(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// FinishSnapshot stores a begun snapshot's vote count, hash and entries.
func (db *DB) FinishSnapshot(ctx context.Context, s *arena.Snapshot) (err error) {
	defer wrap(&err, "FinishSnapshot")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE leaderboard_snapshots SET votes = ?, sha256 = ? WHERE id = ? AND sha256 = ''`, s.Votes, s.Hash, s.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return arena.Errorf(arena.ECONFLICT, "Snapshot %d is not an unfinished snapshot.", s.ID)
		}
		for _, e := range s.Entries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO snapshot_entries (snapshot_id, model, rank, rating, lower, upper, votes)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, s.ID, e.Model, e.Rank, e.Rating, nullNaN(e.Lower), nullNaN(e.Upper), e.Votes); err != nil {
				return err
			}
		}
		return nil
	})
}

// Snapshots lists the latest snapshots, newest first, without their entries.
func (db *DB) Snapshots(ctx context.Context, limit int) (_ []arena.Snapshot, err error) {
	defer wrap(&err, "Snapshots")
	rows, err := db.read.QueryContext(ctx, `SELECT id, created_at, votes, sha256 FROM leaderboard_snapshots WHERE sha256 <> '' ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.Snapshot
	for rows.Next() {
		var s arena.Snapshot
		var created int64
		if err := rows.Scan(&s.ID, &created, &s.Votes, &s.Hash); err != nil {
			return nil, err
		}
		s.CreatedAt = fromMS(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

func nanOf(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// Snapshot returns one snapshot with its entries by rank.
func (db *DB) Snapshot(ctx context.Context, id int64) (_ *arena.Snapshot, err error) {
	defer wrap(&err, "Snapshot")
	var s arena.Snapshot
	var created int64
	err = db.read.QueryRowContext(ctx, `SELECT id, created_at, votes, sha256 FROM leaderboard_snapshots WHERE id = ? AND sha256 <> ''`, id).
		Scan(&s.ID, &created, &s.Votes, &s.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
	} else if err != nil {
		return nil, err
	}
	s.CreatedAt = fromMS(created)
	rows, err := db.read.QueryContext(ctx, `SELECT model, rank, rating, lower, upper, votes FROM snapshot_entries
		WHERE snapshot_id = ? ORDER BY rank, model`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e arena.SnapshotEntry
		var lo, hi sql.NullFloat64
		if err := rows.Scan(&e.Model, &e.Rank, &e.Rating, &lo, &hi, &e.Votes); err != nil {
			return nil, err
		}
		e.Lower, e.Upper = nanOf(lo), nanOf(hi)
		s.Entries = append(s.Entries, e)
	}
	return &s, rows.Err()
}

// RatingHistory is a model's rating in the latest limit snapshots, oldest first.
func (db *DB) RatingHistory(ctx context.Context, model string, limit int) (_ []arena.RatingPoint, err error) {
	defer wrap(&err, "RatingHistory")
	rows, err := db.read.QueryContext(ctx, `SELECT created_at, rating, lower, upper, votes FROM (
		SELECT s.created_at, e.rating, e.lower, e.upper, e.votes, s.id FROM snapshot_entries e
		JOIN leaderboard_snapshots s ON s.id = e.snapshot_id WHERE e.model = ? ORDER BY s.id DESC LIMIT ?) h ORDER BY id`, model, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.RatingPoint
	for rows.Next() {
		var p arena.RatingPoint
		var created int64
		var lo, hi sql.NullFloat64
		if err := rows.Scan(&created, &p.Rating, &lo, &hi, &p.Votes); err != nil {
			return nil, err
		}
		p.At, p.Lower, p.Upper = fromMS(created), nanOf(lo), nanOf(hi)
		out = append(out, p)
	}
	return out, rows.Err()
}
