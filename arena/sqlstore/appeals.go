package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.AppealStore = (*DB)(nil)

// CreateAppeal stores an open appeal once the decision it contests is checked to be the
// user's, in the same transaction.
func (db *DB) CreateAppeal(ctx context.Context, a *arena.Appeal) (err error) {
	defer wrap(&err, "CreateAppeal")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var ok bool
		var refusal string
		switch a.Kind {
		case arena.AppealReview:
			refusal = "Your account is not under review and no review found abuse: there is no review to contest."
			err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM user_reviews WHERE user_id = ? AND status IN ('flagged', 'abuse'))`, a.UserID).Scan(&ok)
		case arena.AppealHold:
			refusal = "That vote's points are not on hold: there is no hold to contest."
			err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ledger WHERE user_id = ? AND reason = 'hold' AND ref = ?)
				AND NOT EXISTS (SELECT 1 FROM ledger WHERE user_id = ? AND reason = 'release' AND ref = ?)`, a.UserID, a.Battle, a.UserID, a.Battle).Scan(&ok)
		case arena.AppealGold:
			refusal = "That battle is not a gold battle of yours judged failed: there is no gold verdict to contest."
			err = tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM votes v JOIN battles b ON b.id = v.battle_id
				WHERE v.battle_id = ? AND v.user_id = ? AND `+goldFailed+`)`, a.Battle, a.UserID).Scan(&ok)
		default:
			return arena.Errorf(arena.EINVALID, "Unknown appeal kind %q.", a.Kind)
		}
		if err != nil {
			return err
		}
		if !ok {
			return arena.Errorf(arena.EINVALID, "%s", refusal)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO appeals (user_id, kind, ref, comment, status, created_at) VALUES (?, ?, ?, ?, 'open', ?) RETURNING id`,
			a.UserID, a.Kind, a.Battle, a.Comment, ms(a.CreatedAt)).Scan(&a.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "You already contested this decision; an administrator has yet to decide that appeal.")
		}
		a.Status = arena.AppealOpen
		return err
	})
}

// goldFailed is the condition that vote v on battle b chose b's deliberately broken side.
const goldFailed = `((b.gold_side = 'a' AND v.winner = 'model_a') OR (b.gold_side = 'b' AND v.winner = 'model_b'))`

// goldGranted is the condition that battle b's gold verdict was overturned on appeal.
const goldGranted = `EXISTS (SELECT 1 FROM appeals ga WHERE ga.kind = 'gold' AND ga.ref = b.id AND ga.status = 'granted')`

// DecideAppeal decides an open appeal and, when granted, undoes what it contests, in one
// transaction.
func (db *DB) DecideAppeal(ctx context.Context, id int64, grant bool, note string, admin int64, now time.Time) (_ *arena.Appeal, err error) {
	defer wrap(&err, "DecideAppeal")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var userID int64
		var kind, ref, status string
		err := tx.QueryRowContext(ctx, `SELECT user_id, kind, ref, status FROM appeals WHERE id = ?`, id).Scan(&userID, &kind, &ref, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.ENOTFOUND, "No such appeal.")
		} else if err != nil {
			return err
		}
		if status != arena.AppealOpen {
			return arena.Errorf(arena.ECONFLICT, "That appeal was already decided: %s.", status)
		}
		var restored int64
		decided := arena.AppealUpheld
		if grant {
			decided = arena.AppealGranted
			if restored, err = db.grantAppeal(ctx, tx, userID, kind, ref, admin, now); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `UPDATE appeals SET status = ?, decided_at = ?, decided_by = ?, note = ?, restored = ? WHERE id = ? AND status = 'open'`,
			decided, ms(now), admin, note, restored, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	as, err := db.appeals(ctx, db.write, `a.id = ?`, id)
	if err != nil || len(as) == 0 {
		return nil, err
	}
	return &as[0], nil
}

// grantAppeal undoes the decision an appeal contests and returns the points it gave
// back. A hold is released. A review under way is approved as /admin/review approves;
// a confirmed abuse has its clawbacks restored (each with the vesting of what it took
// back) and its holds released, and the account is approved; its votes stay out of the
// boards, since which of them a good score would have counted is no longer known, and so
// its campaign bounties stay clawed back: a bounty is paid for a counted vote only. A
// gold verdict simply stops counting against the voter (goldGranted).
func (db *DB) grantAppeal(ctx context.Context, tx *sql.Tx, userID int64, kind, ref string, admin int64, now time.Time) (int64, error) {
	switch kind {
	case arena.AppealHold:
		var held int64
		if err := tx.QueryRowContext(ctx, `SELECT -COALESCE(SUM(amount), 0) FROM ledger WHERE user_id = ? AND reason = 'hold' AND ref = ?
			AND ref NOT IN (SELECT ref FROM ledger WHERE user_id = ? AND reason = 'release')`, userID, ref, userID).Scan(&held); err != nil {
			return 0, err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at)
			SELECT user_id, -amount, 'release', ref, ?, vests_at FROM ledger WHERE user_id = ? AND reason = 'hold' AND ref = ?
			AND ref NOT IN (SELECT ref FROM ledger WHERE user_id = ? AND reason = 'release')`, ms(now), userID, ref, userID)
		return held, err
	case arena.AppealReview:
		status, err := reviewStatus(ctx, tx, userID)
		if err != nil {
			return 0, err
		}
		if status == arena.ReviewFlagged {
			return db.approve(ctx, tx, userID, admin, now)
		}
		if status != arena.ReviewAbuse {
			return 0, nil // approved since the appeal was filed: nothing left to undo
		}
		var clawed int64
		if err := tx.QueryRowContext(ctx, `SELECT -COALESCE(SUM(amount), 0) FROM ledger WHERE user_id = ? AND reason = 'clawback' AND ref NOT LIKE 'bounty:%'
			AND ref NOT IN (SELECT ref FROM ledger WHERE user_id = ? AND reason = 'restore')`, userID, userID).Scan(&clawed); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at, vest_votes)
			SELECT user_id, -amount, 'restore', ref, ?, vests_at, vest_votes FROM ledger WHERE user_id = ? AND reason = 'clawback' AND ref NOT LIKE 'bounty:%'
			AND ref NOT IN (SELECT ref FROM ledger WHERE user_id = ? AND reason = 'restore')`, ms(now), userID, userID); err != nil {
			return 0, err
		}
		released, err := releaseHolds(ctx, tx, userID, now)
		if err != nil {
			return 0, err
		}
		_, err = tx.ExecContext(ctx, `UPDATE user_reviews SET status = 'approved', reviewed_at = ?, reviewer = ? WHERE user_id = ?`, ms(now), admin, userID)
		return clawed + released, err
	}
	return 0, nil
}

// Appeals lists appeals with a status ("" for all): open ones oldest first, the others
// newest decision first.
func (db *DB) Appeals(ctx context.Context, status string, limit int) (_ []arena.Appeal, err error) {
	defer wrap(&err, "Appeals")
	order := `COALESCE(a.decided_at, a.created_at) DESC, a.id DESC`
	if status == arena.AppealOpen {
		order = `a.id`
	}
	return db.appeals(ctx, db.read, `(? = '' OR a.status = ?) ORDER BY `+order+` LIMIT ?`, status, status, limit)
}

// UserAppeals lists a user's appeals, newest first.
func (db *DB) UserAppeals(ctx context.Context, userID int64) (_ []arena.Appeal, err error) {
	defer wrap(&err, "UserAppeals")
	return db.appeals(ctx, db.read, `a.user_id = ? ORDER BY a.id DESC LIMIT 100`, userID)
}

type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func (db *DB) appeals(ctx context.Context, q queryer, where string, args ...any) ([]arena.Appeal, error) {
	rows, err := q.QueryContext(ctx, `SELECT a.id, a.user_id, COALESCE(u.username, ''), a.kind, a.ref, a.comment, a.status, a.created_at,
		a.decided_at, COALESCE(d.username, ''), a.note, a.restored
		FROM appeals a JOIN users u ON u.id = a.user_id LEFT JOIN users d ON d.id = a.decided_by WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.Appeal
	for rows.Next() {
		var a arena.Appeal
		var created int64
		var decided sql.NullInt64
		if err := rows.Scan(&a.ID, &a.UserID, &a.Username, &a.Kind, &a.Battle, &a.Comment, &a.Status, &created, &decided, &a.DecidedBy, &a.Note, &a.Restored); err != nil {
			return nil, err
		}
		a.CreatedAt = fromMS(created)
		if decided.Valid {
			a.DecidedAt = fromMS(decided.Int64)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
