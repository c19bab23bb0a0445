package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/translog"
)

var _ arena.VoteLogStore = (*DB)(nil)

// logVote is what a leaf says about a vote, as the queries that change counting read it.
type logVote struct {
	battleID, modelA, modelB, winner string
	votedAt                          int64
}

// logVoteCols reads a logVote over votes v, battles b and models ma, mb.
const logVoteCols = `v.battle_id, ma.name, mb.name, v.winner, v.created_at`

func (v logVote) leaf(event string, at time.Time) arena.LogLeaf {
	return arena.LogLeaf{Event: event, BattleID: v.battleID, ModelA: v.modelA, ModelB: v.modelB,
		Winner: arena.Winner(v.winner), VotedAt: fromMS(v.votedAt), At: at}
}

// scanLogVotes reads logVotes; the rows are closed before it returns, so tx is free.
func scanLogVotes(rows *sql.Rows, err error) ([]logVote, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []logVote
	for rows.Next() {
		var v logVote
		if err := rows.Scan(&v.battleID, &v.modelA, &v.modelB, &v.winner, &v.votedAt); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// appendLog appends leaves, in order, to the vote log inside tx and returns them with
// their indexes. The head row is updated first: on PostgreSQL that row lock orders the
// appends of concurrent transactions, and on SQLite there is one writer anyway. The
// work is O(log n) a leaf: the frontier kept in the head, and about two node rows.
func appendLog(ctx context.Context, tx *sql.Tx, leaves []arena.LogLeaf) ([]arena.LogLeaf, error) {
	if len(leaves) == 0 {
		return nil, nil
	}
	var size int64
	var frontier []byte
	if err := tx.QueryRowContext(ctx, `UPDATE vote_log_head SET size = size + ? WHERE id = 1 RETURNING size, frontier`,
		len(leaves)).Scan(&size, &frontier); err != nil {
		return nil, fmt.Errorf("vote log head: %w", err)
	}
	start := uint64(size) - uint64(len(leaves))
	f, err := translog.ResumeFrontier(start, frontier)
	if err != nil {
		return nil, err
	}
	out := make([]arena.LogLeaf, len(leaves))
	for i, l := range leaves {
		l.Index = f.Size()
		data := l.Data()
		if _, err := tx.ExecContext(ctx, `INSERT INTO vote_log (idx, battle_id, event, data, created_at) VALUES (?, ?, ?, ?, ?)`,
			l.Index, l.BattleID, l.Event, data, ms(l.At)); err != nil {
			return nil, err
		}
		for _, n := range f.Append(translog.LeafHash(data)) {
			if _, err := tx.ExecContext(ctx, `INSERT INTO vote_log_nodes (level, idx, hash) VALUES (?, ?, ?)`,
				n.Level, n.Index, n.Hash[:]); err != nil {
				return nil, err
			}
		}
		out[i] = l
	}
	root := f.Root()
	if _, err := tx.ExecContext(ctx, `UPDATE vote_log_head SET root = ?, frontier = ? WHERE id = 1`, root[:], f.Encode()); err != nil {
		return nil, err
	}
	return out, nil
}

// backfillLog starts the log of a database whose votes were counted before it had one:
// its counted votes, in the order they were cast, as count leaves at the vote's time.
// It does nothing once the log has a leaf.
func (db *DB) backfillLog(ctx context.Context) error {
	// Read first, so that opening a database whose log is started takes no write lock.
	var needed bool
	if err := db.read.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM vote_log_head WHERE size = 0)
		AND EXISTS (SELECT 1 FROM votes v JOIN battles b ON b.id = v.battle_id WHERE `+countedVote+`)`).Scan(&needed); err != nil || !needed {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var size int64
		if err := tx.QueryRowContext(ctx, `SELECT size FROM vote_log_head WHERE id = 1`).Scan(&size); err != nil || size > 0 {
			return err
		}
		vs, err := scanLogVotes(tx.QueryContext(ctx, `SELECT `+logVoteCols+` FROM votes v JOIN battles b ON b.id = v.battle_id
			JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b WHERE `+countedVote+` ORDER BY v.created_at, v.battle_id`))
		if err != nil {
			return err
		}
		leaves := make([]arena.LogLeaf, len(vs))
		for i, v := range vs {
			leaves[i] = v.leaf(arena.LogCount, fromMS(v.votedAt))
		}
		_, err = appendLog(ctx, tx, leaves)
		return err
	})
}

// nodes reads stored subtree hashes inside tx.
func nodes(ctx context.Context, q sqlQuerier) translog.NodeFunc {
	return func(level uint8, index uint64) (translog.Hash, error) {
		var b []byte
		err := q.QueryRowContext(ctx, `SELECT hash FROM vote_log_nodes WHERE level = ? AND idx = ?`, level, index).Scan(&b)
		var h translog.Hash
		if errors.Is(err, sql.ErrNoRows) || err == nil && len(b) != len(h) {
			return h, fmt.Errorf("the vote log is missing node %d/%d", level, index)
		} else if err != nil {
			return h, err
		}
		copy(h[:], b)
		return h, nil
	}
}

func head(ctx context.Context, q sqlQuerier) (arena.LogHead, error) {
	var h arena.LogHead
	var size int64
	var root []byte
	if err := q.QueryRowContext(ctx, `SELECT size, root FROM vote_log_head WHERE id = 1`).Scan(&size, &root); err != nil {
		return h, err
	}
	h.Size = uint64(size)
	copy(h.Root[:], root)
	return h, nil
}

// headAt is the tree head at size, refused past the current size.
func headAt(ctx context.Context, q sqlQuerier, size uint64) (arena.LogHead, error) {
	cur, err := head(ctx, q)
	if err != nil {
		return cur, err
	}
	if size > cur.Size {
		return cur, arena.Errorf(arena.EINVALID, "The vote log has %d leaves; there is no tree of size %d yet.", cur.Size, size)
	}
	if size == cur.Size {
		return cur, nil
	}
	root, err := translog.Root(size, nodes(ctx, q))
	return arena.LogHead{Size: size, Root: root}, err
}

// LogHead is the current tree head.
func (db *DB) LogHead(ctx context.Context) (_ arena.LogHead, err error) {
	defer wrap(&err, "LogHead")
	return head(ctx, db.read)
}

// LogRoot is the tree head at size.
func (db *DB) LogRoot(ctx context.Context, size uint64) (_ arena.LogHead, err error) {
	defer wrap(&err, "LogRoot")
	tx, err := db.readTx(ctx)
	if err != nil {
		return arena.LogHead{}, err
	}
	defer tx.Rollback()
	return headAt(ctx, tx, size)
}

// LogLeaves streams leaves [start, end) in order, from one read transaction.
func (db *DB) LogLeaves(ctx context.Context, start, end uint64, fn func(arena.LogLeaf) error) (err error) {
	defer wrap(&err, "LogLeaves")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return logLeaves(ctx, tx, start, end, fn)
}

func logLeaves(ctx context.Context, q sqlQuerier, start, end uint64, fn func(arena.LogLeaf) error) error {
	rows, err := q.QueryContext(ctx, `SELECT idx, data FROM vote_log WHERE idx >= ? AND idx < ? ORDER BY idx`, int64(start), int64(min(end, 1<<62)))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var idx int64
		var data []byte
		if err := rows.Scan(&idx, &data); err != nil {
			return err
		}
		l, err := arena.ParseLogLeaf(data)
		if err != nil {
			return fmt.Errorf("leaf %d: %w", idx, err)
		}
		l.Index = uint64(idx)
		if err := fn(l); err != nil {
			return err
		}
	}
	return rows.Err()
}

// LogInclusion proves leaf index under the tree head at size (0: the current head).
func (db *DB) LogInclusion(ctx context.Context, index, size uint64) (_ *arena.InclusionProof, err error) {
	defer wrap(&err, "LogInclusion")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	if size == 0 {
		cur, err := head(ctx, tx)
		if err != nil {
			return nil, err
		}
		size = cur.Size
	}
	var data []byte
	if err := tx.QueryRowContext(ctx, `SELECT data FROM vote_log WHERE idx = ?`, int64(index)).Scan(&data); errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "The vote log has no leaf %d.", index)
	} else if err != nil {
		return nil, err
	}
	if index >= size {
		return nil, arena.Errorf(arena.EINVALID, "Leaf %d is not in the tree of size %d; ask for a larger size.", index, size)
	}
	h, err := headAt(ctx, tx, size)
	if err != nil {
		return nil, err
	}
	path, err := translog.InclusionProof(index, size, nodes(ctx, tx))
	if err != nil {
		return nil, err
	}
	return &arena.InclusionProof{Index: index, LeafHash: translog.LeafHash(data), Leaf: data, Head: h, Path: path}, nil
}

// LogConsistency proves the log at first a prefix of the log at second.
func (db *DB) LogConsistency(ctx context.Context, first, second uint64) (_ *arena.ConsistencyProof, err error) {
	defer wrap(&err, "LogConsistency")
	if first > second {
		return nil, arena.Errorf(arena.EINVALID, "The first size (%d) must not be larger than the second (%d).", first, second)
	}
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	h2, err := headAt(ctx, tx, second)
	if err != nil {
		return nil, err
	}
	h1, err := headAt(ctx, tx, first)
	if err != nil {
		return nil, err
	}
	path, err := translog.ConsistencyProof(first, second, nodes(ctx, tx))
	if err != nil {
		return nil, err
	}
	return &arena.ConsistencyProof{First: h1, Second: h2, Path: path}, nil
}

// VoteReceipts are the leaves of a battle's vote, oldest first.
func (db *DB) VoteReceipts(ctx context.Context, battleID string) (_ []arena.LogLeaf, err error) {
	defer wrap(&err, "VoteReceipts")
	rows, err := db.read.QueryContext(ctx, `SELECT idx, data FROM vote_log WHERE battle_id = ? ORDER BY idx`, battleID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.LogLeaf
	for rows.Next() {
		var idx int64
		var data []byte
		if err := rows.Scan(&idx, &data); err != nil {
			return nil, err
		}
		l, err := arena.ParseLogLeaf(data)
		if err != nil {
			return nil, fmt.Errorf("leaf %d: %w", idx, err)
		}
		l.Index = uint64(idx)
		out = append(out, l)
	}
	return out, rows.Err()
}
