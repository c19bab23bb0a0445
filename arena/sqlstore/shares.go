package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.ShareStore = (*DB)(nil)

// battlePublishable selects a battle by id when it is publishable, by the one
// translation of VoteFacts.Publishable.
const battlePublishable = `SELECT COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id
	JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
	WHERE b.id = ? AND ` + publishable

// CreateShare records the consent, if any, and links the battle if it is publishable,
// all in one transaction: a refused link leaves the consent as it was.
func (db *DB) CreateShare(ctx context.Context, userID int64, battleID, id string, at time.Time, consent *arena.ConsentDecision) (_ string, _ bool, err error) {
	defer wrap(&err, "CreateShare")
	var linked string
	var ok bool
	errRefused := errors.New("not publishable")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		linked, ok = "", false
		var n int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM votes WHERE battle_id = ? AND user_id = ?`, battleID, userID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return arena.Errorf(arena.ENOTFOUND, "No such voted battle.")
		}
		if consent != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE votes SET publish = ?, consent_at = ?, consent_version = ? WHERE battle_id = ? AND user_id = ?`,
				b2i(consent.Publish), ms(consent.At), consent.Version, battleID, userID); err != nil {
				return err
			}
		}
		if err := tx.QueryRowContext(ctx, battlePublishable, battleID).Scan(&n); err != nil {
			return err
		} else if n == 0 {
			return errRefused
		}
		ok = true
		err := tx.QueryRowContext(ctx, `SELECT id FROM battle_shares WHERE battle_id = ?`, battleID).Scan(&linked)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		linked = id
		_, err = tx.ExecContext(ctx, `INSERT INTO battle_shares (id, battle_id, created_at) VALUES (?, ?, ?)`, id, battleID, ms(at))
		return err
	})
	if errors.Is(err, errRefused) {
		return "", false, nil
	}
	return linked, ok, err
}

// BattleShare returns the id of a battle's link, "" if it has none.
func (db *DB) BattleShare(ctx context.Context, battleID string) (_ string, err error) {
	defer wrap(&err, "BattleShare")
	var id string
	err = db.read.QueryRowContext(ctx, `SELECT id FROM battle_shares WHERE battle_id = ?`, battleID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return id, err
}

// RevokeShare deletes the link of a battle the user voted.
func (db *DB) RevokeShare(ctx context.Context, userID int64, battleID string) (err error) {
	defer wrap(&err, "RevokeShare")
	return db.exec(ctx, `DELETE FROM battle_shares WHERE battle_id = ? AND battle_id IN (SELECT battle_id FROM votes WHERE user_id = ?)`, battleID, userID)
}

// SharedBattle returns the battle a link shows while the battle is publishable.
func (db *DB) SharedBattle(ctx context.Context, id string) (_ string, err error) {
	defer wrap(&err, "SharedBattle")
	var battleID string
	err = db.read.QueryRowContext(ctx, `SELECT s.battle_id FROM battle_shares s JOIN votes v ON v.battle_id = s.battle_id
		JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE s.id = ? AND `+publishable, id).Scan(&battleID)
	if errors.Is(err, sql.ErrNoRows) {
		return "", arena.Errorf(arena.ENOTFOUND, "No such shared battle: the link is wrong, or its battle is no longer shared.")
	}
	return battleID, err
}
