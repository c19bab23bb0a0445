package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.LabInviteStore = (*DB)(nil)

// CreateLabInvite stores an invitation's hash.
func (db *DB) CreateLabInvite(ctx context.Context, inv arena.LabInvite) (err error) {
	defer wrap(&err, "CreateLabInvite")
	_, err = db.write.ExecContext(ctx, `INSERT INTO lab_invites (token_hash, lab_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		inv.TokenHash, inv.LabID, inv.CreatedBy, ms(inv.CreatedAt), ms(inv.ExpiresAt))
	return err
}

// RedeemLabInvite uses an invitation and adds the user to its lab, in one transaction.
func (db *DB) RedeemLabInvite(ctx context.Context, tokenHash []byte, userID int64, now time.Time) (_ int64, err error) {
	defer wrap(&err, "RedeemLabInvite")
	var labID int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var expires int64
		var used sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT lab_id, expires_at, used_at FROM lab_invites WHERE token_hash = ?`, tokenHash).Scan(&labID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.ENOTFOUND, "This invitation link is not valid.")
		} else if err != nil {
			return err
		}
		if used.Valid {
			return arena.Errorf(arena.ECONFLICT, "This invitation link has already been used.")
		}
		if ms(now) >= expires {
			return arena.Errorf(arena.ECONFLICT, "This invitation link has expired; ask for a new one.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lab_invites SET used_by = ?, used_at = ? WHERE token_hash = ?`, userID, ms(now), tokenHash); err != nil {
			return err
		}
		var role string
		err = tx.QueryRowContext(ctx, `SELECT role FROM lab_members WHERE lab_id = ? AND user_id = ?`, labID, userID).Scan(&role)
		if err == nil {
			return nil // already a member; keep the role
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return addMember(ctx, tx, labID, userID, arena.LabMember, now)
	})
	return labID, err
}
