package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math"

	"github.com/arena-dev/arena/arena"
)

var _ arena.SnapshotStore = (*DB)(nil)

// SnapshotVotes streams this arena's own votes by battle id, from one read transaction.
func (db *DB) SnapshotVotes(ctx context.Context, fn func(arena.SnapshotVote) error) (err error) {
	defer wrap(&err, "SnapshotVotes")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT b.id, ma.name, mb.name, v.winner FROM votes v
		JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE b.source = '' ORDER BY v.battle_id`)
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

func nullNaN(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// SaveSnapshot stores a snapshot with its entries and sets s.ID.
func (db *DB) SaveSnapshot(ctx context.Context, s *arena.Snapshot) (err error) {
	defer wrap(&err, "SaveSnapshot")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO leaderboard_snapshots (created_at, votes, sha256) VALUES (?, ?, ?) RETURNING id`,
			ms(s.CreatedAt), s.Votes, s.Hash).Scan(&s.ID); err != nil {
			return err
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
	rows, err := db.read.QueryContext(ctx, `SELECT id, created_at, votes, sha256 FROM leaderboard_snapshots ORDER BY id DESC LIMIT ?`, limit)
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
	err = db.read.QueryRowContext(ctx, `SELECT id, created_at, votes, sha256 FROM leaderboard_snapshots WHERE id = ?`, id).
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
