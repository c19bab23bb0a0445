package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/arena-dev/arena/arena"
)

var _ arena.ConsentStore = (*DB)(nil)

// Consent returns a user's publication setting.
func (db *DB) Consent(ctx context.Context, userID int64) (_ arena.Consent, err error) {
	defer wrap(&err, "Consent")
	var c arena.Consent
	var at sql.NullInt64
	err = db.read.QueryRowContext(ctx, `SELECT data_consent, data_consent_at, data_consent_version FROM users WHERE id = ?`, userID).
		Scan(&c.Publish, &at, &c.DecidedVersion)
	if errors.Is(err, sql.ErrNoRows) {
		return c, arena.Errorf(arena.ENOTFOUND, "No such user.")
	}
	if at.Valid {
		c.DecidedAt = fromMS(at.Int64)
	}
	return c, err
}

// SetConsent records a user's publication setting and, with past, applies it to every
// battle they voted, in one transaction: a withdrawal is never half done.
func (db *DB) SetConsent(ctx context.Context, userID int64, d arena.ConsentDecision, past bool) (_ int64, err error) {
	defer wrap(&err, "SetConsent")
	var changed int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := db.txExec(ctx, tx, `UPDATE users SET data_consent = ?, data_consent_at = ?, data_consent_version = ? WHERE id = ?`,
			b2i(d.Publish), ms(d.At), d.Version, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return arena.Errorf(arena.ENOTFOUND, "No such user.")
		}
		changed = 0
		if !past {
			return nil
		}
		if err := db.txQueryRow(ctx, tx, `SELECT COUNT(*) FROM votes WHERE user_id = ? AND publish <> ?`, userID, b2i(d.Publish)).Scan(&changed); err != nil {
			return err
		}
		// Every battle records this decision, those it does not change included: each
		// says when its voter last answered for it, and under which wording.
		_, err = db.txExec(ctx, tx, `UPDATE votes SET publish = ?, consent_at = ?, consent_version = ? WHERE user_id = ?`,
			b2i(d.Publish), ms(d.At), d.Version, userID)
		return err
	})
	return changed, err
}

// SetBattleConsent records a publication decision for one battle the user voted.
func (db *DB) SetBattleConsent(ctx context.Context, userID int64, battleID string, d arena.ConsentDecision) (err error) {
	defer wrap(&err, "SetBattleConsent")
	res, err := db.write.ExecContext(ctx, `UPDATE votes SET publish = ?, consent_at = ?, consent_version = ? WHERE battle_id = ? AND user_id = ?`,
		b2i(d.Publish), ms(d.At), d.Version, battleID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "No such voted battle.")
	}
	return nil
}

// MyData counts a user's voted and publishable battles, by the one definition of a
// publishable battle, and lists the recorded releases holding any of them.
func (db *DB) MyData(ctx context.Context, userID int64) (_ *arena.MyData, err error) {
	defer wrap(&err, "MyData")
	var m arena.MyData
	// The votes are counted from the index alone (votes_user_publish); only the votes
	// their voter let publish, a range of that index, join their battles and models to
	// ask publishable, which implies publish = 1.
	err = db.read.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM votes WHERE user_id = ?),
		(SELECT COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE v.user_id = ? AND v.publish = 1 AND `+publishable+`)`, userID, userID).Scan(&m.Voted, &m.Public)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT r.name, r.created_at, r.internal, COUNT(*) FROM votes v
		JOIN release_battles rb ON rb.battle_id = v.battle_id JOIN releases r ON r.id = rb.release_id
		WHERE v.user_id = ? GROUP BY r.id, r.name, r.created_at, r.internal ORDER BY r.created_at DESC, r.name`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h arena.ReleaseHolding
		var created int64
		if err := rows.Scan(&h.Name, &created, &h.Internal, &h.Battles); err != nil {
			return nil, err
		}
		h.CreatedAt = fromMS(created)
		m.Releases = append(m.Releases, h)
	}
	return &m, rows.Err()
}
