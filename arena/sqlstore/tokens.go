package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.APITokenStore = (*DB)(nil)

// CreateAPIToken stores a token's hash and sets t.ID.
func (db *DB) CreateAPIToken(ctx context.Context, t *arena.APIToken, hash []byte) (err error) {
	defer wrap(&err, "CreateAPIToken")
	return db.write.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
		t.UserID, t.Name, hash, ms(t.CreatedAt)).Scan(&t.ID)
}

// APITokenUser returns the owner of an unrevoked token. Its last use is recorded at
// most once a minute, so scripts that call often do not each cost a write.
func (db *DB) APITokenUser(ctx context.Context, hash []byte, now time.Time) (_ *arena.User, err error) {
	defer wrap(&err, "APITokenUser")
	var id int64
	var last sql.NullInt64
	row := db.read.QueryRowContext(ctx, `SELECT t.id, t.last_used, `+userColsU+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL`, hash)
	u, err := scanUser(scanPrefix{row, []any{&id, &last}})
	if err != nil {
		return nil, err
	}
	if !last.Valid || ms(now)-last.Int64 > 60_000 {
		if _, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, ms(now), id); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// APITokens lists a user's tokens, newest first.
func (db *DB) APITokens(ctx context.Context, userID int64) (_ []arena.APIToken, err error) {
	defer wrap(&err, "APITokens")
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, created_at, COALESCE(last_used, 0), revoked_at IS NOT NULL
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.APIToken
	for rows.Next() {
		t := arena.APIToken{UserID: userID}
		var created, last int64
		if err := rows.Scan(&t.ID, &t.Name, &created, &last, &t.Revoked); err != nil {
			return nil, err
		}
		t.CreatedAt = fromMS(created)
		if last > 0 {
			t.LastUsed = fromMS(last)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one of a user's tokens.
func (db *DB) RevokeAPIToken(ctx context.Context, userID, tokenID int64, now time.Time) (err error) {
	defer wrap(&err, "RevokeAPIToken")
	res, err := db.write.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?`, ms(now), tokenID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "No such API token.")
	}
	return nil
}

// scanPrefix scans leading columns into pre before handing the rest to the caller's dest.
type scanPrefix struct {
	row interface{ Scan(...any) error }
	pre []any
}

func (s scanPrefix) Scan(dest ...any) error { return s.row.Scan(append(s.pre, dest...)...) }
