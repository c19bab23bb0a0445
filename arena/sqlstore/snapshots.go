package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"maps"
	"math"
	"slices"

	"github.com/arena-dev/arena/arena"
)

var _ arena.SnapshotStore = (*DB)(nil)

// SnapshotBase is the latest snapshot committing to the log: its size and pair counts.
func (db *DB) SnapshotBase(ctx context.Context) (_ uint64, _ []byte, _ bool, err error) {
	defer wrap(&err, "SnapshotBase")
	var size int64
	var agg string
	err = db.read.QueryRowContext(ctx, `SELECT log_size, aggregate FROM leaderboard_snapshots WHERE log_size IS NOT NULL
		ORDER BY id DESC LIMIT 1`).Scan(&size, &agg)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil, false, nil
	} else if err != nil {
		return 0, nil, false, err
	}
	return uint64(size), []byte(agg), true, nil
}

// SnapshotVotes streams the votes snapshot id holds, ordered by battle id (bytewise),
// from one read transaction: the log's leaves up to its size, replayed, or for a snapshot
// from before the log, its recorded spans.
func (db *DB) SnapshotVotes(ctx context.Context, id int64, fn func(arena.SnapshotVote) error) (err error) {
	defer wrap(&err, "SnapshotVotes")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var size sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT log_size FROM leaderboard_snapshots WHERE id = ?`, id).Scan(&size); errors.Is(err, sql.ErrNoRows) {
		return arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
	} else if err != nil {
		return err
	}
	if size.Valid {
		return replayVotes(ctx, tx, uint64(size.Int64), fn)
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

// replayVotes replays the log's first size leaves and calls fn for the votes counted
// after them, by battle id.
func replayVotes(ctx context.Context, tx *sql.Tx, size uint64, fn func(arena.SnapshotVote) error) error {
	counted := map[string]arena.LogLeaf{}
	if err := logLeaves(ctx, tx, 0, size, func(l arena.LogLeaf) error { return arena.ReplayCounted(counted, l) }); err != nil {
		return err
	}
	for _, id := range slices.Sorted(maps.Keys(counted)) {
		l := counted[id]
		if err := fn(arena.SnapshotVote{BattleID: id, ModelA: l.ModelA, ModelB: l.ModelB, Winner: l.Winner}); err != nil {
			return err
		}
	}
	return nil
}

func nullNaN(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// SaveSnapshot stores a snapshot with its entries and pair counts.
func (db *DB) SaveSnapshot(ctx context.Context, s *arena.Snapshot, aggregate []byte) (err error) {
	defer wrap(&err, "SaveSnapshot")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO leaderboard_snapshots (created_at, votes, sha256, log_size, aggregate)
			VALUES (?, ?, ?, ?, ?) RETURNING id`, ms(s.CreatedAt), s.Votes, s.Hash, int64(s.LogSize), string(aggregate)).Scan(&s.ID); err != nil {
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
	rows, err := db.read.QueryContext(ctx, `SELECT `+snapshotCols+` FROM leaderboard_snapshots WHERE sha256 <> '' ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.Snapshot
	for rows.Next() {
		s, err := scanSnapshot(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *s)
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
	s, err := scanSnapshot(db.read.QueryRowContext(ctx, `SELECT `+snapshotCols+` FROM leaderboard_snapshots WHERE id = ? AND sha256 <> ''`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
	} else if err != nil {
		return nil, err
	}
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
	return s, rows.Err()
}

const snapshotCols = `id, created_at, votes, sha256, log_size`

func scanSnapshot(r interface{ Scan(...any) error }) (*arena.Snapshot, error) {
	var s arena.Snapshot
	var created int64
	var size sql.NullInt64
	if err := r.Scan(&s.ID, &created, &s.Votes, &s.Hash, &size); err != nil {
		return nil, err
	}
	s.CreatedAt, s.LogSize, s.Legacy = fromMS(created), uint64(size.Int64), !size.Valid
	return &s, nil
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
