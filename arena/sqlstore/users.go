package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.UserStore = (*DB)(nil)

const userCols = `id, COALESCE(username, ''), COALESCE(password_hash, ''), role, is_guest, created_at, disabled_at IS NOT NULL`

// userColsU is userCols qualified for queries that join users as u.
const userColsU = `u.id, COALESCE(u.username, ''), COALESCE(u.password_hash, ''), u.role, u.is_guest, u.created_at, u.disabled_at IS NOT NULL`

func scanUser(row interface{ Scan(...any) error }) (*arena.User, error) {
	var u arena.User
	var created int64
	var role string
	if err := row.Scan(&u.ID, &u.Username, &u.PasswordHash, &role, &u.Guest, &created, &u.Disabled); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, arena.Errorf(arena.ENOTFOUND, "No such user.")
		}
		return nil, err
	}
	u.Role = arena.Role(role)
	u.CreatedAt = fromMS(created)
	return &u, nil
}

func usernameTaken(name string) error {
	return arena.Errorf(arena.ECONFLICT, "The username %q is taken; please choose another.", name)
}

// CreateUser inserts an account and sets u.ID.
func (db *DB) CreateUser(ctx context.Context, u *arena.User) (err error) {
	defer wrap(&err, "CreateUser")
	err = db.write.QueryRowContext(ctx, `INSERT INTO users (username, password_hash, role, is_guest, created_at) VALUES (?, ?, ?, 0, ?) RETURNING id`,
		u.Username, u.PasswordHash, string(u.Role), ms(u.CreatedAt)).Scan(&u.ID)
	if db.isUnique(err) {
		return usernameTaken(u.Username)
	}
	return err
}

// CreateGuest inserts a guest user.
func (db *DB) CreateGuest(ctx context.Context, now time.Time) (_ *arena.User, err error) {
	defer wrap(&err, "CreateGuest")
	var id int64
	err = db.write.QueryRowContext(ctx, `INSERT INTO users (role, is_guest, created_at) VALUES ('user', 1, ?) RETURNING id`, ms(now)).Scan(&id)
	return &arena.User{ID: id, Role: arena.RoleUser, Guest: true, CreatedAt: now.UTC()}, err
}

// ClaimGuest turns a guest into an account in place.
func (db *DB) ClaimGuest(ctx context.Context, guestID int64, u *arena.User) (err error) {
	defer wrap(&err, "ClaimGuest")
	res, err := db.write.ExecContext(ctx, `UPDATE users SET username = ?, password_hash = ?, role = ?, is_guest = 0 WHERE id = ? AND is_guest = 1`,
		u.Username, u.PasswordHash, string(u.Role), guestID)
	if db.isUnique(err) {
		return usernameTaken(u.Username)
	} else if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "That guest identity no longer exists.")
	}
	u.ID = guestID
	return nil
}

// guestOwned lists the tables and columns that point at a user and move with a guest
// that logs in to an existing account.
var guestOwned = []struct{ table, column string }{
	{"battles", "user_id"}, {"votes", "user_id"}, {"ledger", "user_id"}, {"appeals", "user_id"},
}

// MergeGuest moves a guest's belongings to another user and deletes the guest. A guest
// under review, or found abusive, puts the account under review with the guest's
// evidence, in the same transaction: the guest's holds and waiting votes, which move
// with it, stay on /admin/review to be released or clawed back, and the account's own
// counted votes wait with them. Before, the review row went with the deleted guest.
func (db *DB) MergeGuest(ctx context.Context, guestID, intoID int64, now time.Time) (err error) {
	defer wrap(&err, "MergeGuest")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var guest bool
		if err := tx.QueryRowContext(ctx, `SELECT is_guest FROM users WHERE id = ?`, guestID).Scan(&guest); errors.Is(err, sql.ErrNoRows) {
			return nil // already merged
		} else if err != nil {
			return err
		}
		if !guest {
			return arena.Errorf(arena.EINVALID, "Only a guest can be merged into an account.")
		}
		var status, raw string
		err := tx.QueryRowContext(ctx, `SELECT status, evidence FROM user_reviews WHERE user_id = ?`, guestID).Scan(&status, &raw)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		for _, o := range guestOwned {
			if _, err := tx.ExecContext(ctx, `UPDATE `+o.table+` SET `+o.column+` = ? WHERE `+o.column+` = ?`, intoID, guestID); err != nil {
				return err
			}
		}
		// The guest's votes are now the account's, and so are their Sybil scan sums.
		if _, err := tx.ExecContext(ctx, `INSERT INTO sybil_tallies (user_id, model_a, model_b, wins_a, wins_b)
			SELECT ?, model_a, model_b, wins_a, wins_b FROM sybil_tallies WHERE user_id = ?
			ON CONFLICT (user_id, model_a, model_b) DO UPDATE
			SET wins_a = sybil_tallies.wins_a + excluded.wins_a, wins_b = sybil_tallies.wins_b + excluded.wins_b`, intoID, guestID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sybil_tallies WHERE user_id = ?`, guestID); err != nil {
			return err
		}
		if status == arena.ReviewFlagged || status == arena.ReviewAbuse {
			var evidence []string
			_ = json.Unmarshal([]byte(raw), &evidence)
			note := "logged in from a guest session that was under review"
			if status == arena.ReviewAbuse {
				note = "logged in from a guest session whose abuse was confirmed"
			}
			// No earlier approval of the account shields it from what the guest did.
			if _, err := db.flagUser(ctx, tx, intoID, append([]string{note}, evidence...), now, now); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, guestID)
		return err
	})
}

// UserByID returns a user by id.
func (db *DB) UserByID(ctx context.Context, id int64) (_ *arena.User, err error) {
	defer wrap(&err, "UserByID")
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE id = ?`, id))
}

// UserByName returns an account by username, ignoring case.
func (db *DB) UserByName(ctx context.Context, username string) (_ *arena.User, err error) {
	defer wrap(&err, "UserByName")
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userCols+` FROM users WHERE username = ?`, username))
}

// SetUserRole changes an account's role.
func (db *DB) SetUserRole(ctx context.Context, id int64, role arena.Role) (err error) {
	defer wrap(&err, "SetUserRole")
	res, err := db.write.ExecContext(ctx, `UPDATE users SET role = ? WHERE id = ? AND is_guest = 0`, string(role), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "No such account.")
	}
	return nil
}

// CreateSession stores a session.
func (db *DB) CreateSession(ctx context.Context, s arena.Session) (err error) {
	defer wrap(&err, "CreateSession")
	_, err = db.write.ExecContext(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
		s.TokenHash, s.UserID, ms(s.CreatedAt), ms(s.ExpiresAt))
	return err
}

// SessionUser returns the user of an unexpired session.
func (db *DB) SessionUser(ctx context.Context, tokenHash []byte, now time.Time) (_ *arena.User, err error) {
	defer wrap(&err, "SessionUser")
	return scanUser(db.read.QueryRowContext(ctx, `SELECT `+userColsU+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, ms(now)))
}

// DeleteSession revokes a session.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) (err error) {
	defer wrap(&err, "DeleteSession")
	_, err = db.write.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
	return err
}

// DeleteUserSessions revokes every session of a user and says how many there were.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) (_ int64, err error) {
	defer wrap(&err, "DeleteUserSessions")
	res, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// SetPassword replaces a user's password hash and revokes all its sessions, in one
// transaction.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) (err error) {
	defer wrap(&err, "SetPassword")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := db.txExec(ctx, tx, `UPDATE users SET password_hash = ? WHERE id = ? AND is_guest = 0`, hash, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return arena.Errorf(arena.ENOTFOUND, "No such account.")
		}
		_, err = db.txExec(ctx, tx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}

// DeleteExpiredSessions removes sessions past their expiry and says how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (_ int64, err error) {
	defer wrap(&err, "DeleteExpiredSessions")
	res, err := db.write.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, ms(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
