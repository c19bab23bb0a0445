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

var (
	_ rewards.PointsStore = (*DB)(nil)
	_ rewards.WalletStore = (*DB)(nil)
	_ rewards.SettleStore = (*DB)(nil)
)

// AppendLedger adds an entry unless one with the same (reason, ref) exists, and reports
// whether it was added.
func (db *DB) AppendLedger(ctx context.Context, e arena.LedgerEntry) (_ bool, err error) {
	defer wrap(&err, "AppendLedger")
	if e.Reason == "" || e.Ref == "" {
		return false, arena.Errorf(arena.EINVALID, "A ledger entry needs a reason and a reference.")
	}
	if e.VestVotes < 0 {
		return false, arena.Errorf(arena.EINVALID, "A ledger entry cannot wait for %d votes.", e.VestVotes)
	}
	res, err := db.write.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at, vest_votes) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (reason, ref) DO NOTHING`, e.UserID, e.Amount, e.Reason, e.Ref, ms(e.CreatedAt), msOrNull(e.VestsAt), e.VestVotes)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// CreateNonce stores a sign-in nonce.
func (db *DB) CreateNonce(ctx context.Context, n rewards.SIWENonce) (err error) {
	defer wrap(&err, "CreateNonce")
	_, err = db.write.ExecContext(ctx, `INSERT INTO siwe_nonces (nonce, user_id, address, issued_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		n.Nonce, n.UserID, n.Address.Hex(), ms(n.IssuedAt), ms(n.ExpiresAt))
	if db.isUnique(err) {
		return arena.Errorf(arena.ECONFLICT, "That nonce was already issued.")
	}
	return err
}

// DeleteExpiredNonces removes nonces that expired before now.
func (db *DB) DeleteExpiredNonces(ctx context.Context, now time.Time) (_ int64, err error) {
	defer wrap(&err, "DeleteExpiredNonces")
	res, err := db.write.ExecContext(ctx, `DELETE FROM siwe_nonces WHERE expires_at < ?`, ms(now))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// LinkWallet consumes the nonce and links (or changes) the wallet in one transaction;
// see rewards.WalletStore.
func (db *DB) LinkWallet(ctx context.Context, userID int64, address common.Address, nonce string, now time.Time, cooldown time.Duration) (err error) {
	defer wrap(&err, "LinkWallet")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var owner int64
		var addr string
		var expires int64
		var used sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT user_id, address, expires_at, used_at FROM siwe_nonces WHERE nonce = ?`, nonce).
			Scan(&owner, &addr, &expires, &used)
		switch {
		case errors.Is(err, sql.ErrNoRows) || (err == nil && owner != userID):
			return arena.Errorf(arena.EUNAUTHORIZED, "This sign-in message was not issued to you by this site; request a new one.")
		case err != nil:
			return err
		case used.Valid:
			return arena.Errorf(arena.EUNAUTHORIZED, "This sign-in message was already used; request a new one.")
		case ms(now) >= expires:
			return arena.Errorf(arena.EUNAUTHORIZED, "The sign-in message has expired; please sign in again.")
		case addr != address.Hex():
			return arena.Errorf(arena.EUNAUTHORIZED, "This sign-in message was issued for another address.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE siwe_nonces SET used_at = ? WHERE nonce = ?`, ms(now), nonce); err != nil {
			return err
		}
		// An address stays with the first account that linked it, even once unlinked:
		// settlement counts what it was given against that account.
		var other int64
		err = tx.QueryRowContext(ctx, `SELECT user_id FROM wallet_links WHERE address = ? AND user_id <> ? LIMIT 1`, address.Hex(), userID).Scan(&other)
		if err == nil {
			return arena.Errorf(arena.ECONFLICT, "The wallet %s is (or was) linked to another account; a wallet belongs to one account only.", address.Hex())
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		current, err := currentWallet(ctx, tx, userID)
		if err != nil {
			return err
		}
		if current == address.Hex() {
			return arena.Errorf(arena.ECONFLICT, "The wallet %s is already the one linked to your account.", address.Hex())
		}
		if err := checkCooldown(ctx, tx, userID, now, cooldown); err != nil {
			return err
		}
		if current != "" {
			if err := unlink(ctx, tx, userID, now); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO wallets (user_id, address, linked_at) VALUES (?, ?, ?)`, userID, address.Hex(), ms(now))
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "The wallet %s is linked to another account.", address.Hex())
		} else if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO wallet_links (user_id, address, linked_at) VALUES (?, ?, ?)`, userID, address.Hex(), ms(now))
		return err
	})
}

// UnlinkWallet unlinks a user's wallet; see rewards.WalletStore.
func (db *DB) UnlinkWallet(ctx context.Context, userID int64, now time.Time, cooldown time.Duration) (_ common.Address, err error) {
	defer wrap(&err, "UnlinkWallet")
	var addr string
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if addr, err = currentWallet(ctx, tx, userID); err != nil {
			return err
		} else if addr == "" {
			return arena.Errorf(arena.ENOTFOUND, "No wallet is linked to this account.")
		}
		if err := checkCooldown(ctx, tx, userID, now, cooldown); err != nil {
			return err
		}
		return unlink(ctx, tx, userID, now)
	})
	return common.HexToAddress(addr), err
}

// currentWallet is the address linked to userID, "" when none.
func currentWallet(ctx context.Context, tx *sql.Tx, userID int64) (string, error) {
	var addr string
	err := tx.QueryRowContext(ctx, `SELECT address FROM wallets WHERE user_id = ?`, userID).Scan(&addr)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return addr, err
}

// checkCooldown refuses a change before cooldown has passed since userID's last link or
// unlink; an account with no history links freely.
func checkCooldown(ctx context.Context, tx *sql.Tx, userID int64, now time.Time, cooldown time.Duration) error {
	var last sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT MAX(COALESCE(unlinked_at, linked_at)) FROM wallet_links WHERE user_id = ?`, userID).Scan(&last)
	if err != nil || !last.Valid {
		return err
	}
	if until := fromMS(last.Int64).Add(cooldown); now.Before(until) {
		return rewards.CooldownError(until)
	}
	return nil
}

func unlink(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM wallets WHERE user_id = ?`, userID); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `UPDATE wallet_links SET unlinked_at = ? WHERE user_id = ? AND unlinked_at IS NULL`, ms(now), userID)
	return err
}

// WalletLinks returns a user's wallet history, newest first.
func (db *DB) WalletLinks(ctx context.Context, userID int64) (_ []rewards.WalletLink, err error) {
	defer wrap(&err, "WalletLinks")
	rows, err := db.read.QueryContext(ctx, `SELECT address, linked_at, unlinked_at FROM wallet_links WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.WalletLink
	for rows.Next() {
		var addr string
		var linked int64
		var unlinked sql.NullInt64
		if err := rows.Scan(&addr, &linked, &unlinked); err != nil {
			return nil, err
		}
		l := rewards.WalletLink{UserID: userID, Address: common.HexToAddress(addr), LinkedAt: fromMS(linked)}
		if unlinked.Valid {
			l.UnlinkedAt = fromMS(unlinked.Int64)
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// WalletOf returns a user's linked wallet.
func (db *DB) WalletOf(ctx context.Context, userID int64) (_ *rewards.Wallet, err error) {
	defer wrap(&err, "WalletOf")
	var addr string
	var linked int64
	err = db.read.QueryRowContext(ctx, `SELECT address, linked_at FROM wallets WHERE user_id = ?`, userID).Scan(&addr, &linked)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No wallet is linked to this account.")
	} else if err != nil {
		return nil, err
	}
	return &rewards.Wallet{UserID: userID, Address: common.HexToAddress(addr), LinkedAt: fromMS(linked)}, nil
}
