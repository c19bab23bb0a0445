package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.ReferralStore = (*DB)(nil)

// InviteCode returns the account's invite code, storing code as it the first time.
func (db *DB) InviteCode(ctx context.Context, userID int64, code string, now time.Time) (_ string, err error) {
	defer wrap(&err, "InviteCode")
	var got string
	err = db.read.QueryRowContext(ctx, `SELECT code FROM invite_codes WHERE user_id = ?`, userID).Scan(&got)
	if !errors.Is(err, sql.ErrNoRows) {
		return got, err
	}
	if _, err := db.write.ExecContext(ctx, `INSERT INTO invite_codes (user_id, code, created_at) VALUES (?, ?, ?)
		ON CONFLICT (user_id) DO NOTHING`, userID, code, ms(now)); err != nil {
		return "", err
	}
	err = db.write.QueryRowContext(ctx, `SELECT code FROM invite_codes WHERE user_id = ?`, userID).Scan(&got)
	return got, err
}

// CodeOwner returns the account whose invite code code is.
func (db *DB) CodeOwner(ctx context.Context, code string) (_ *arena.User, err error) {
	defer wrap(&err, "CodeOwner")
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColsU+` FROM invite_codes c JOIN users u ON u.id = c.user_id WHERE c.code = ?`, code))
}

// maxReferralChain bounds the walk up an inviter's chain: far longer than any honest one.
const maxReferralChain = 1000

// LinkReferral links invitee to inviter, refusing a second inviter and a loop.
func (db *DB) LinkReferral(ctx context.Context, inviterID, inviteeID int64, now time.Time) (err error) {
	defer wrap(&err, "LinkReferral")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM referrals WHERE invitee_id = ?`, inviteeID).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return arena.Errorf(arena.ECONFLICT, "This account was already invited by someone: an account has one inviter.")
		}
		// A loop: the invitee is the inviter, or brought the inviter in, directly or
		// through others.
		for cur, depth := inviterID, 0; depth < maxReferralChain; depth++ {
			if cur == inviteeID {
				return arena.Errorf(arena.ECONFLICT, "This invite would make a loop: the invited account is among the inviter's own inviters.")
			}
			err := tx.QueryRowContext(ctx, `SELECT inviter_id FROM referrals WHERE invitee_id = ?`, cur).Scan(&cur)
			if errors.Is(err, sql.ErrNoRows) {
				break
			} else if err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO referrals (invitee_id, inviter_id, created_at) VALUES (?, ?, ?)`, inviteeID, inviterID, ms(now))
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "This account was already invited by someone: an account has one inviter.")
		}
		return err
	})
}

// DecideReferrals decides pending referrals one transaction each.
func (db *DB) DecideReferrals(ctx context.Context, userID int64, vestedBefore, weekStart, now time.Time,
	decide func(arena.ReferralFacts) arena.ReferralDecision, pay arena.ReferralPayment) (paid, notPaid int, err error) {
	defer wrap(&err, "DecideReferrals")
	q, args := `SELECT invitee_id FROM referrals WHERE state = 'pending' ORDER BY invitee_id`, []any(nil)
	if userID != 0 {
		q, args = `SELECT invitee_id FROM referrals WHERE state = 'pending' AND (invitee_id = ? OR inviter_id = ?) ORDER BY invitee_id`, []any{userID, userID}
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, 0, err
	}
	var pending []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, 0, err
		}
		pending = append(pending, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	for _, invitee := range pending {
		var state string
		err := db.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			state, err = db.decideReferral(ctx, tx, invitee, vestedBefore, weekStart, now, decide, pay)
			return err
		})
		if err != nil {
			return paid, notPaid, err
		}
		switch state {
		case arena.ReferralPaid:
			paid++
		case arena.ReferralNotPaid:
			notPaid++
		}
	}
	return paid, notPaid, nil
}

// decideReferral decides invitee's referral inside tx and returns its new state.
func (db *DB) decideReferral(ctx context.Context, tx *sql.Tx, invitee int64, vestedBefore, weekStart, now time.Time,
	decide func(arena.ReferralFacts) arena.ReferralDecision, pay arena.ReferralPayment) (string, error) {
	var inviter int64
	var state, why string
	if err := tx.QueryRowContext(ctx, `SELECT inviter_id, state, why FROM referrals WHERE invitee_id = ?`, invitee).Scan(&inviter, &state, &why); err != nil {
		return "", err
	}
	// Writing the inviter's code row first orders two payers of the same inviter (on
	// PostgreSQL, its row lock), so both cannot slip under the weekly cap.
	if _, err := tx.ExecContext(ctx, `UPDATE invite_codes SET created_at = created_at WHERE user_id = ?`, inviter); err != nil {
		return "", err
	}
	if state != arena.ReferralPending {
		return state, nil // decided by another server meanwhile
	}
	var f arena.ReferralFacts
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM votes WHERE user_id = ? AND counted = 1 AND created_at <= ?`,
		invitee, ms(vestedBefore)).Scan(&f.VestedVotes); err != nil {
		return "", err
	}
	review := func(id int64) (string, error) {
		var s string
		err := tx.QueryRowContext(ctx, `SELECT status FROM user_reviews WHERE user_id = ?`, id).Scan(&s)
		if errors.Is(err, sql.ErrNoRows) {
			return "", nil
		}
		return s, err
	}
	var err error
	if f.InviteeReview, err = review(invitee); err != nil {
		return "", err
	}
	if f.InviterReview, err = review(inviter); err != nil {
		return "", err
	}
	var shared int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM user_devices a JOIN user_devices b ON b.device = a.device
		WHERE a.user_id = ? AND b.user_id = ? AND a.device <> ''`, invitee, inviter).Scan(&shared); err != nil {
		return "", err
	}
	f.SharedDevice = shared > 0
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM referrals WHERE inviter_id = ? AND state = 'paid' AND decided_at >= ?`,
		inviter, ms(weekStart)).Scan(&f.PaidThisWeek); err != nil {
		return "", err
	}
	d := decide(f)
	switch d.State {
	case arena.ReferralPending:
		if d.Why != why {
			_, err = tx.ExecContext(ctx, `UPDATE referrals SET why = ? WHERE invitee_id = ?`, d.Why, invitee)
		}
		return d.State, err
	case arena.ReferralNotPaid:
		_, err = tx.ExecContext(ctx, `UPDATE referrals SET state = 'not_paid', why = ?, decided_at = ? WHERE invitee_id = ?`, d.Why, ms(now), invitee)
		return d.State, err
	case arena.ReferralPaid:
	default:
		return "", arena.Errorf(arena.EINTERNAL, "Unknown referral decision %q.", d.State)
	}
	for _, side := range []struct {
		user    int64
		inviter bool
	}{{inviter, true}, {invitee, false}} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vest_votes) VALUES (?, ?, 'referral', ?, ?, ?)
			ON CONFLICT (reason, ref) DO NOTHING`, side.user, pay.Bonus, arena.ReferralRef(invitee, side.inviter), ms(now), pay.VestVotes); err != nil {
			return "", err
		}
	}
	_, err = tx.ExecContext(ctx, `UPDATE referrals SET state = 'paid', why = '', decided_at = ?, bonus = ? WHERE invitee_id = ?`, ms(now), pay.Bonus, invitee)
	return d.State, err
}

// Referrals lists the referrals userID made, newest first, and the one that brought
// userID in; pending ones carry the invitee's counted votes older than vestedBefore.
func (db *DB) Referrals(ctx context.Context, userID int64, vestedBefore time.Time) (sent []arena.Referral, invitedBy *arena.Referral, err error) {
	defer wrap(&err, "Referrals")
	const cols = `r.inviter_id, r.invitee_id, COALESCE(ui.username, ''), COALESCE(ue.username, ''), r.created_at, r.state, r.why,
		COALESCE(r.decided_at, 0), r.bonus,
		CASE WHEN r.state = 'pending' THEN (SELECT COUNT(*) FROM votes v WHERE v.user_id = r.invitee_id AND v.counted = 1 AND v.created_at <= ?) ELSE 0 END
		FROM referrals r JOIN users ui ON ui.id = r.inviter_id JOIN users ue ON ue.id = r.invitee_id`
	scan := func(rows *sql.Rows) (arena.Referral, error) {
		var f arena.Referral
		var created, decided int64
		err := rows.Scan(&f.InviterID, &f.InviteeID, &f.Inviter, &f.Invitee, &created, &f.State, &f.Why, &decided, &f.Bonus, &f.VestedVotes)
		f.CreatedAt = fromMS(created)
		if decided != 0 {
			f.DecidedAt = fromMS(decided)
		}
		return f, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT `+cols+` WHERE r.inviter_id = ? OR r.invitee_id = ? ORDER BY r.created_at DESC, r.invitee_id DESC`,
		ms(vestedBefore), userID, userID)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	for rows.Next() {
		f, err := scan(rows)
		if err != nil {
			return nil, nil, err
		}
		if f.InviteeID == userID {
			invitedBy = &f
		} else {
			sent = append(sent, f)
		}
	}
	return sent, invitedBy, rows.Err()
}

// ReferralFigures adds up referrals by state and why, and the referral bonus points
// credited, vested at now, still pending, and clawed back.
func (db *DB) ReferralFigures(ctx context.Context, now time.Time) (_ *arena.ReferralFigures, err error) {
	defer wrap(&err, "ReferralFigures")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	f := &arena.ReferralFigures{States: map[string]int64{arena.ReferralPending: 0, arena.ReferralPaid: 0, arena.ReferralNotPaid: 0},
		NotPaid: map[string]int64{}}
	rows, err := tx.QueryContext(ctx, `SELECT state, CASE WHEN state = 'not_paid' THEN why ELSE '' END, COUNT(*) FROM referrals GROUP BY 1, 2`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var state, why string
		var n int64
		if err := rows.Scan(&state, &why, &n); err != nil {
			rows.Close()
			return nil, err
		}
		f.States[state] += n
		if state == arena.ReferralNotPaid {
			f.NotPaid[why] += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN `+vestedAt+` THEN amount ELSE 0 END), 0)
		FROM ledger WHERE reason = 'referral'`, ms(now)).Scan(&f.Paid, &f.Vested)
	if err != nil {
		return nil, err
	}
	err = tx.QueryRowContext(ctx, `SELECT COALESCE(-SUM(amount), 0) FROM ledger WHERE reason = 'clawback'
		AND (ref LIKE 'bonus:inviter:%' OR ref LIKE 'bonus:invitee:%')`).Scan(&f.ClawedBack)
	f.Held = f.Paid - f.Vested - f.ClawedBack
	return f, err
}
