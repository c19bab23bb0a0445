package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// openDraw returns the open draw epoch's number and secret, creating the epoch with a
// fresh secret when none is open. Servers sharing a database agree on one: the insert
// does nothing when another took the one open slot first (draw_epochs_open), and the
// select after it reads that one's. (WHERE 1 = 1 tells SQLite's parser that ON CONFLICT
// belongs to the INSERT, not to a join.) Votes call it in their transaction, so a vote is
// drawn with the secret of the epoch its transaction saw open, and the snapshot that
// reveals that epoch (a write of the same row) is ordered after the vote.
func (db *DB) openDraw(ctx context.Context, tx *sql.Tx, now time.Time) (int64, []byte, error) {
	var number int64
	var secret []byte
	err := tx.QueryRowContext(ctx, `SELECT number, secret FROM draw_epochs WHERE state = 'open'`).Scan(&number, &secret)
	if !errors.Is(err, sql.ErrNoRows) {
		return number, secret, err
	}
	if secret, err = rewards.NewDrawSecret(); err != nil {
		return 0, nil, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO draw_epochs (number, state, secret, commitment, opened_at)
		SELECT COALESCE(MAX(number), 0) + 1, 'open', ?, ?, ? FROM draw_epochs WHERE 1 = 1 ON CONFLICT DO NOTHING`,
		secret, rewards.Commitment(secret).Hex(), ms(now)); err != nil {
		return 0, nil, err
	}
	err = tx.QueryRowContext(ctx, `SELECT number, secret FROM draw_epochs WHERE state = 'open'`).Scan(&number, &secret)
	return number, secret, err
}

// revealDraw reveals the open draw epoch, if any, as counted by settlement epoch
// epochID, and opens the next, so that no vote after the snapshot draws with a secret
// that is now public.
func (db *DB) revealDraw(ctx context.Context, tx *sql.Tx, epochID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE draw_epochs SET state = 'revealed', revealed_at = ?, settlement_epoch = ? WHERE state = 'open'`,
		ms(now), epochID); err != nil {
		return err
	}
	_, _, err := db.openDraw(ctx, tx, now)
	return err
}

// OpenDraw returns the open draw epoch, without its secret, opening one if none is.
func (db *DB) OpenDraw(ctx context.Context, now time.Time) (_ *rewards.DrawEpoch, err error) {
	defer wrap(&err, "OpenDraw")
	var number int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		number, _, err = db.openDraw(ctx, tx, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.drawEpoch(ctx, db.write, number)
}

// drawCols never read the secret of an open epoch: what the store returns cannot leak it.
const drawCols = `d.number, CASE WHEN d.state = 'revealed' THEN d.secret END, d.commitment, d.opened_at, d.revealed_at,
	COALESCE(d.settlement_epoch, 0), (SELECT COUNT(*) FROM votes v WHERE v.draw_epoch = d.number)`

func (db *DB) scanDraws(ctx context.Context, q sqlQuerier, where string, args ...any) ([]rewards.DrawEpoch, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+drawCols+` FROM draw_epochs d `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []rewards.DrawEpoch
	var settled []int64
	for rows.Next() {
		var d rewards.DrawEpoch
		var commitment string
		var opened, revealed, epochID int64
		if err := rows.Scan(&d.Number, &d.Secret, &commitment, &opened, &revealed, &epochID, &d.Votes); err != nil {
			rows.Close()
			return nil, err
		}
		d.Commitment, d.OpenedAt = common.HexToHash(commitment), fromMS(opened)
		if revealed != 0 {
			d.RevealedAt = fromMS(revealed)
		}
		out = append(out, d)
		settled = append(settled, epochID)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i, id := range settled {
		if id == 0 {
			continue
		}
		if out[i].Settlement, err = db.epochWhere(ctx, q, `id = ?`, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) drawEpoch(ctx context.Context, q sqlQuerier, number int64) (*rewards.DrawEpoch, error) {
	ds, err := db.scanDraws(ctx, q, `WHERE d.number = ?`, number)
	if err != nil {
		return nil, err
	}
	if len(ds) == 0 {
		return nil, arena.Errorf(arena.ENOTFOUND, "There is no reward draw epoch %d.", number)
	}
	return &ds[0], nil
}

// DrawEpochs returns draw epochs, newest first; secrets only of revealed ones.
func (db *DB) DrawEpochs(ctx context.Context, limit int) (_ []rewards.DrawEpoch, err error) {
	defer wrap(&err, "DrawEpochs")
	return db.scanDraws(ctx, db.read, `ORDER BY d.number DESC LIMIT ?`, limit)
}

// DrawEpoch returns draw epoch number, its secret only if revealed; ENOTFOUND if none.
func (db *DB) DrawEpoch(ctx context.Context, number int64) (_ *rewards.DrawEpoch, err error) {
	defer wrap(&err, "DrawEpoch")
	return db.drawEpoch(ctx, db.read, number)
}

// DrawnVotes returns the votes drawn in epoch number with their ledger entries, by
// battle id. A vote not scored drew in the default tier; a vote recorded before its
// rater tier was stored (NULL) verifies against any rater tier.
func (db *DB) DrawnVotes(ctx context.Context, number int64) (_ []rewards.DrawnVote, err error) {
	defer wrap(&err, "DrawnVotes")
	rows, err := db.read.QueryContext(ctx, `SELECT v.battle_id, v.tier, v.rater_tier, v.points, COALESCE(l.id, 0) FROM votes v
		LEFT JOIN ledger l ON l.reason = 'vote' AND l.ref = v.battle_id
		WHERE v.draw_epoch = ? ORDER BY v.battle_id`, number)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.DrawnVote
	for rows.Next() {
		var v rewards.DrawnVote
		var tier string
		var rater sql.NullString
		if err := rows.Scan(&v.BattleID, &tier, &rater, &v.Points, &v.LedgerID); err != nil {
			return nil, err
		}
		v.RaterTier, v.AnyRaterTier = rater.String, !rater.Valid
		v.Tier = rewards.Tier(tier)
		if tier == "" {
			v.Tier = arena.VoteTierDefault
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
