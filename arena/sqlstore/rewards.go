package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math/big"
	"strings"
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
	res, err := db.write.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (reason, ref) DO NOTHING`, e.UserID, e.Amount, e.Reason, e.Ref, ms(e.CreatedAt))
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

// LinkWallet consumes the nonce and links the wallet in one transaction.
func (db *DB) LinkWallet(ctx context.Context, userID int64, address common.Address, nonce string, now time.Time) (err error) {
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
		var other int64
		err = tx.QueryRowContext(ctx, `SELECT user_id FROM wallets WHERE user_id = ? OR address = ?`, userID, address.Hex()).Scan(&other)
		switch {
		case err == nil && other == userID:
			return arena.Errorf(arena.ECONFLICT, "Your account already has a wallet linked; an account links one wallet only.")
		case err == nil:
			return arena.Errorf(arena.ECONFLICT, "The wallet %s is already linked to another account.", address.Hex())
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO wallets (user_id, address, linked_at) VALUES (?, ?, ?)`, userID, address.Hex(), ms(now))
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "That wallet or account is already linked.")
		}
		return err
	})
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

// RecordDeployment records contracts `arena contracts deploy` created.
func (db *DB) RecordDeployment(ctx context.Context, d rewards.Deployment) (err error) {
	defer wrap(&err, "RecordDeployment")
	_, err = db.write.ExecContext(ctx, `INSERT INTO deployments (chain_id, token, distributor, deployer, created_at) VALUES (?, ?, ?, ?, ?)`,
		int64(d.ChainID), d.Token.Hex(), d.Distributor.Hex(), d.Deployer.Hex(), ms(d.CreatedAt))
	if db.isUnique(err) {
		return arena.Errorf(arena.ECONFLICT, "The distributor %s is already recorded.", d.Distributor.Hex())
	}
	return err
}

// Deployments lists recorded deployments, newest first.
func (db *DB) Deployments(ctx context.Context) (_ []rewards.Deployment, err error) {
	defer wrap(&err, "Deployments")
	rows, err := db.read.QueryContext(ctx, `SELECT chain_id, token, distributor, deployer, created_at FROM deployments ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.Deployment
	for rows.Next() {
		var d rewards.Deployment
		var chain, created int64
		var token, dist, deployer string
		if err := rows.Scan(&chain, &token, &dist, &deployer, &created); err != nil {
			return nil, err
		}
		d.ChainID, d.Token, d.Distributor, d.Deployer, d.CreatedAt = uint64(chain), common.HexToAddress(token), common.HexToAddress(dist), common.HexToAddress(deployer), fromMS(created)
		out = append(out, d)
	}
	return out, rows.Err()
}

const epochCols = `id, distributor, chain_id, number, state, cutoff_ledger_id, root, total, tx_hash, raw_tx, block_number, gas_used, created_at, updated_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanEpoch(r rowScanner) (*rewards.Epoch, error) {
	var e rewards.Epoch
	var dist, state, root, total, txHash string
	var chain, number, block, gas, created, updated int64
	if err := r.Scan(&e.ID, &dist, &chain, &number, &state, &e.CutoffLedgerID, &root, &total, &txHash, &e.RawTx,
		&block, &gas, &created, &updated); err != nil {
		return nil, err
	}
	e.Distributor, e.ChainID, e.Number, e.State = common.HexToAddress(dist), uint64(chain), uint64(number), rewards.EpochState(state)
	if root != "" {
		e.Root = common.HexToHash(root)
	}
	if txHash != "" {
		e.TxHash = common.HexToHash(txHash)
	}
	e.Total, _ = new(big.Int).SetString(total, 10)
	if e.Total == nil {
		e.Total = new(big.Int)
	}
	e.Block, e.GasUsed, e.CreatedAt, e.UpdatedAt = uint64(block), uint64(gas), fromMS(created), fromMS(updated)
	return &e, nil
}

func (db *DB) epochWhere(ctx context.Context, q sqlQuerier, where string, args ...any) (*rewards.Epoch, error) {
	e, err := scanEpoch(q.QueryRowContext(ctx, `SELECT `+epochCols+` FROM epochs WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return e, err
}

type sqlQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// OpenEpoch returns the distributor's unconfirmed epoch, or nil.
func (db *DB) OpenEpoch(ctx context.Context, distributor common.Address) (_ *rewards.Epoch, err error) {
	defer wrap(&err, "OpenEpoch")
	return db.epochWhere(ctx, db.write, `distributor = ? AND state <> 'confirmed'`, distributor.Hex())
}

// LastEpoch returns the distributor's highest-numbered epoch, or nil.
func (db *DB) LastEpoch(ctx context.Context, distributor common.Address) (_ *rewards.Epoch, err error) {
	defer wrap(&err, "LastEpoch")
	return db.epochWhere(ctx, db.write, `distributor = ? ORDER BY number DESC LIMIT 1`, distributor.Hex())
}

// Epochs lists every epoch, newest first.
func (db *DB) Epochs(ctx context.Context) (_ []rewards.Epoch, err error) {
	defer wrap(&err, "Epochs")
	rows, err := db.read.QueryContext(ctx, `SELECT `+epochCols+` FROM epochs ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.Epoch
	for rows.Next() {
		e, err := scanEpoch(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *e)
	}
	return out, rows.Err()
}

func scanEntries(rows *sql.Rows) ([]rewards.EpochEntry, error) {
	defer rows.Close()
	var out []rewards.EpochEntry
	for rows.Next() {
		var e rewards.EpochEntry
		var addr, cum string
		var proof sql.NullString
		if err := rows.Scan(&e.UserID, &addr, &e.Points, &cum, &proof); err != nil {
			return nil, err
		}
		e.Account = common.HexToAddress(addr)
		var ok bool
		if e.Cumulative, ok = new(big.Int).SetString(cum, 10); !ok {
			return nil, errors.New("epoch entry with an unreadable amount " + cum)
		}
		if proof.Valid {
			var hs []string
			if err := json.Unmarshal([]byte(proof.String), &hs); err != nil {
				return nil, err
			}
			e.Proof = make([]common.Hash, len(hs))
			for i, h := range hs {
				e.Proof[i] = common.HexToHash(h)
			}
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// EpochEntries returns an epoch's entries, by address.
func (db *DB) EpochEntries(ctx context.Context, epochID int64) (_ []rewards.EpochEntry, err error) {
	defer wrap(&err, "EpochEntries")
	rows, err := db.write.QueryContext(ctx, `SELECT user_id, address, points, cumulative, proof FROM epoch_entries WHERE epoch_id = ? ORDER BY address`, epochID)
	if err != nil {
		return nil, err
	}
	return scanEntries(rows)
}

// SnapshotEpoch stores a new epoch and its entries; see rewards.SettleStore.
func (db *DB) SnapshotEpoch(ctx context.Context, e *rewards.Epoch, build func([]rewards.WalletPoints, map[common.Address]rewards.EpochEntry) ([]rewards.EpochEntry, error)) (err error) {
	defer wrap(&err, "SnapshotEpoch")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if open, err := db.epochWhere(ctx, tx, `distributor = ? AND state <> 'confirmed'`, e.Distributor.Hex()); err != nil {
			return err
		} else if open != nil {
			return arena.Errorf(arena.ECONFLICT, "Epoch %d of %s is still %s; finish it first.", open.Number, e.Distributor.Hex(), open.State)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM ledger`).Scan(&e.CutoffLedgerID); err != nil {
			return err
		}
		// Points on hold (positive hold entries) are not settled until released.
		rows, err := tx.QueryContext(ctx, `SELECT w.user_id, w.address,
			COALESCE(SUM(CASE WHEN l.reason = ? AND l.amount > 0 THEN 0 ELSE l.amount END), 0)
			FROM wallets w LEFT JOIN ledger l ON l.user_id = w.user_id AND l.id <= ?
			GROUP BY w.user_id, w.address ORDER BY w.address`, arena.LedgerHold, e.CutoffLedgerID)
		if err != nil {
			return err
		}
		var points []rewards.WalletPoints
		for rows.Next() {
			var wp rewards.WalletPoints
			var addr string
			if err := rows.Scan(&wp.UserID, &addr, &wp.Points); err != nil {
				rows.Close()
				return err
			}
			wp.Account = common.HexToAddress(addr)
			points = append(points, wp)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		prev := map[common.Address]rewards.EpochEntry{}
		last, err := db.epochWhere(ctx, tx, `distributor = ? AND state = 'confirmed' ORDER BY number DESC LIMIT 1`, e.Distributor.Hex())
		if err != nil {
			return err
		}
		if last != nil {
			rows, err := tx.QueryContext(ctx, `SELECT user_id, address, points, cumulative, NULL FROM epoch_entries WHERE epoch_id = ?`, last.ID)
			if err != nil {
				return err
			}
			entries, err := scanEntries(rows)
			if err != nil {
				return err
			}
			for _, pe := range entries {
				prev[pe.Account] = pe
			}
		}
		entries, err := build(points, prev)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO epochs (distributor, chain_id, number, state, cutoff_ledger_id, created_at, updated_at)
			VALUES (?, ?, ?, 'snapshotted', ?, ?, ?) RETURNING id`, e.Distributor.Hex(), int64(e.ChainID), int64(e.Number), e.CutoffLedgerID,
			ms(e.CreatedAt), ms(e.UpdatedAt)).Scan(&e.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "Epoch %d of %s already exists.", e.Number, e.Distributor.Hex())
		} else if err != nil {
			return err
		}
		for _, en := range entries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO epoch_entries (epoch_id, address, user_id, points, cumulative) VALUES (?, ?, ?, ?, ?)`,
				e.ID, en.Account.Hex(), en.UserID, en.Points, en.Cumulative.String()); err != nil {
				return err
			}
		}
		e.State = rewards.StateSnapshotted
		return nil
	})
}

// advance moves an epoch from one state to the next, refusing if another run moved it.
func advance(ctx context.Context, tx *sql.Tx, epochID int64, from, to rewards.EpochState, set string, args ...any) error {
	q := `UPDATE epochs SET state = ?` + set + ` WHERE id = ? AND state = ?`
	all := append([]any{string(to)}, args...)
	all = append(all, epochID, string(from))
	res, err := tx.ExecContext(ctx, q, all...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return arena.Errorf(arena.ECONFLICT, "The epoch is no longer %s: another settlement run moved it on. Run again to continue from where it is.", from)
	}
	return nil
}

// SaveTree stores the root and proofs: snapshotted → tree_built.
func (db *DB) SaveTree(ctx context.Context, epochID int64, root common.Hash, total *big.Int, proofs map[common.Address][]common.Hash, now time.Time) (err error) {
	defer wrap(&err, "SaveTree")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := advance(ctx, tx, epochID, rewards.StateSnapshotted, rewards.StateTreeBuilt, `, root = ?, total = ?, updated_at = ?`,
			root.Hex(), total.String(), ms(now)); err != nil {
			return err
		}
		for addr, p := range proofs {
			hs := make([]string, len(p))
			for i, h := range p {
				hs[i] = h.Hex()
			}
			js, _ := json.Marshal(hs)
			res, err := tx.ExecContext(ctx, `UPDATE epoch_entries SET proof = ? WHERE epoch_id = ? AND address = ?`, string(js), epochID, addr.Hex())
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n != 1 {
				return errors.New("a proof for " + addr.Hex() + " matches no entry of the epoch")
			}
		}
		var missing int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM epoch_entries WHERE epoch_id = ? AND proof IS NULL`, epochID).Scan(&missing); err != nil {
			return err
		}
		if missing > 0 {
			return errors.New("the tree leaves entries of the epoch without a proof")
		}
		return nil
	})
}

// MarkTxSent stores the signed root transaction: tree_built → tx_sent.
func (db *DB) MarkTxSent(ctx context.Context, epochID int64, txHash common.Hash, raw []byte, now time.Time) (err error) {
	defer wrap(&err, "MarkTxSent")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, rewards.StateTreeBuilt, rewards.StateTxSent, `, tx_hash = ?, raw_tx = ?, updated_at = ?`, txHash.Hex(), raw, ms(now))
	})
}

// MarkConfirmed records the receipt: tx_sent → confirmed.
func (db *DB) MarkConfirmed(ctx context.Context, epochID int64, block, gasUsed uint64, now time.Time) (err error) {
	defer wrap(&err, "MarkConfirmed")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, rewards.StateTxSent, rewards.StateConfirmed, `, block_number = ?, gas_used = ?, updated_at = ?`, int64(block), int64(gasUsed), ms(now))
	})
}

// LatestClaim returns the newest confirmed epoch holding account, with its entry.
func (db *DB) LatestClaim(ctx context.Context, account common.Address) (_ *rewards.Epoch, _ *rewards.EpochEntry, err error) {
	defer wrap(&err, "LatestClaim")
	e, err := scanEpoch(db.read.QueryRowContext(ctx, `SELECT `+prefixCols("e.", epochCols)+` FROM epochs e
		JOIN epoch_entries x ON x.epoch_id = e.id WHERE x.address = ? AND e.state = 'confirmed'
		ORDER BY e.id DESC LIMIT 1`, account.Hex()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, arena.Errorf(arena.ENOTFOUND, "Nothing has been settled to %s yet.", account.Hex())
	} else if err != nil {
		return nil, nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT user_id, address, points, cumulative, proof FROM epoch_entries WHERE epoch_id = ? AND address = ?`, e.ID, account.Hex())
	if err != nil {
		return nil, nil, err
	}
	entries, err := scanEntries(rows)
	if err != nil {
		return nil, nil, err
	}
	if len(entries) != 1 {
		return nil, nil, errors.New("epoch entry vanished")
	}
	return e, &entries[0], nil
}

func prefixCols(p, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = p + parts[i]
	}
	return strings.Join(parts, ", ")
}
