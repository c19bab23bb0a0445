package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.AccountAdminStore = (*DB)(nil)

// likeEscaper makes a search match literally inside a LIKE pattern with ESCAPE '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// ListUsers lists accounts by id, each with the latest sign of it and its live tokens.
// The signs are read by correlated subqueries on indexes led by user_id, so a page of
// accounts costs a few index probes each, however much they did.
func (db *DB) ListUsers(ctx context.Context, f arena.UserFilter) (_ []arena.UserSummary, err error) {
	defer wrap(&err, "ListUsers")
	var conds []string
	var args []any
	if !f.Guests {
		conds = append(conds, "u.is_guest = 0")
	}
	if f.Role != "" {
		conds, args = append(conds, "u.role = ?"), append(args, string(f.Role))
	}
	if f.Search != "" {
		// Usernames are ASCII, so LOWER folds them alike on both databases.
		conds = append(conds, `LOWER(u.username) LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscaper.Replace(strings.ToLower(f.Search))+"%")
	}
	q := `SELECT u.id, COALESCE(u.username, ''), u.role, u.is_guest, u.created_at, u.disabled_at IS NOT NULL,
		COALESCE((SELECT MAX(s.created_at) FROM sessions s WHERE s.user_id = u.id), 0),
		COALESCE((SELECT MAX(t.last_used) FROM api_tokens t WHERE t.user_id = u.id), 0),
		COALESCE((SELECT MAX(d.last_seen) FROM user_devices d WHERE d.user_id = u.id), 0),
		COALESCE((SELECT MAX(b.created_at) FROM battles b WHERE b.user_id = u.id), 0),
		(SELECT COUNT(*) FROM api_tokens t WHERE t.user_id = u.id AND t.revoked_at IS NULL)
		FROM users u`
	if len(conds) > 0 {
		q += " WHERE " + strings.Join(conds, " AND ")
	}
	q += " ORDER BY u.id"
	if f.Limit > 0 {
		q, args = q+" LIMIT ?", append(args, f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.UserSummary
	for rows.Next() {
		var s arena.UserSummary
		var role string
		var created int64
		seen := make([]int64, 4)
		if err := rows.Scan(&s.ID, &s.Username, &role, &s.Guest, &created, &s.Disabled,
			&seen[0], &seen[1], &seen[2], &seen[3], &s.Tokens); err != nil {
			return nil, err
		}
		s.Role, s.CreatedAt = arena.Role(role), fromMS(created)
		if last := max(seen[0], seen[1], seen[2], seen[3]); last > 0 {
			s.LastSeen = fromMS(last)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// SetUserDisabled disables an account and ends its sessions in one transaction, so no
// request between the two finds it disabled with a session still open; or enables it.
func (db *DB) SetUserDisabled(ctx context.Context, userID int64, disabled bool, now time.Time) (err error) {
	defer wrap(&err, "SetUserDisabled")
	at := sql.NullInt64{Int64: ms(now), Valid: disabled}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := db.txExec(ctx, tx, `UPDATE users SET disabled_at = ? WHERE id = ? AND is_guest = 0`, at, userID)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return arena.Errorf(arena.ENOTFOUND, "No such account.")
		}
		if !disabled {
			return nil
		}
		_, err = db.txExec(ctx, tx, `DELETE FROM sessions WHERE user_id = ?`, userID)
		return err
	})
}

// RevokeUserTokens revokes every live API token of a user and says how many there were.
func (db *DB) RevokeUserTokens(ctx context.Context, userID int64, now time.Time) (_ int64, err error) {
	defer wrap(&err, "RevokeUserTokens")
	res, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, ms(now), userID)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
