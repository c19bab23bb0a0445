package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// RecordDeployment records contracts `arena contracts deploy` created, with, for a
// deployment that replaces another distributor, what each wallet had there.
func (db *DB) RecordDeployment(ctx context.Context, d rewards.Deployment, carry []rewards.Carryover) (err error) {
	defer wrap(&err, "RecordDeployment")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO deployments (chain_id, token, distributor, deployer, replaces, block_number, escrow, sale, commerce_block, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			int64(d.ChainID), d.Token.Hex(), d.Distributor.Hex(), d.Deployer.Hex(), optAddress(d.Replaces), int64(d.Block),
			optAddress(d.Escrow), optAddress(d.Sale), int64(d.CommerceBlock), ms(d.CreatedAt))
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "The distributor %s is already recorded.", d.Distributor.Hex())
		} else if err != nil {
			return err
		}
		for _, c := range carry {
			if _, err := tx.ExecContext(ctx, `INSERT INTO carryovers (distributor, address, claimed, cumulative) VALUES (?, ?, ?, ?)`,
				d.Distributor.Hex(), c.Account.Hex(), c.Claimed.String(), c.Cumulative.String()); err != nil {
				return err
			}
		}
		return nil
	})
}

// RecordCommerce records d.Escrow, d.Sale and d.CommerceBlock on the recorded deployment
// of d.Distributor on d.ChainID. It is ENOTFOUND when that deployment is not recorded
// and ECONFLICT when it has its escrow and sale already: they are never replaced.
func (db *DB) RecordCommerce(ctx context.Context, d rewards.Deployment) (err error) {
	defer wrap(&err, "RecordCommerce")
	if !d.HasCommerce() {
		return arena.Errorf(arena.EINVALID, "Both the escrow and the sale address are needed.")
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var escrow string
		err := tx.QueryRowContext(ctx, `SELECT escrow FROM deployments WHERE chain_id = ? AND distributor = ?`, int64(d.ChainID), d.Distributor.Hex()).Scan(&escrow)
		if errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.ENOTFOUND, "No deployment of the distributor %s on chain %d is recorded.", d.Distributor.Hex(), d.ChainID)
		} else if err != nil {
			return err
		}
		if escrow != "" {
			return arena.Errorf(arena.ECONFLICT, "The deployment of the distributor %s has its escrow %s already.", d.Distributor.Hex(), escrow)
		}
		res, err := tx.ExecContext(ctx, `UPDATE deployments SET escrow = ?, sale = ?, commerce_block = ? WHERE chain_id = ? AND distributor = ? AND escrow = ''`,
			d.Escrow.Hex(), d.Sale.Hex(), int64(d.CommerceBlock), int64(d.ChainID), d.Distributor.Hex())
		if err != nil {
			return err
		}
		// Another run recorded its own between the read and the write.
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return arena.Errorf(arena.ECONFLICT, "The deployment of the distributor %s was given an escrow meanwhile.", d.Distributor.Hex())
		}
		return nil
	})
}

// optAddress stores the zero address as the empty string, as replaces always has.
func optAddress(a common.Address) string {
	if a == (common.Address{}) {
		return ""
	}
	return a.Hex()
}

// Deployments lists recorded deployments, newest first.
func (db *DB) Deployments(ctx context.Context) (_ []rewards.Deployment, err error) {
	defer wrap(&err, "Deployments")
	rows, err := db.read.QueryContext(ctx, `SELECT chain_id, token, distributor, deployer, replaces, block_number, escrow, sale, commerce_block, created_at FROM deployments ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.Deployment
	for rows.Next() {
		var d rewards.Deployment
		var chain, block, commerceBlock, created int64
		var token, dist, deployer, replaces, escrow, sale string
		if err := rows.Scan(&chain, &token, &dist, &deployer, &replaces, &block, &escrow, &sale, &commerceBlock, &created); err != nil {
			return nil, err
		}
		d.ChainID, d.Token, d.Distributor, d.Deployer, d.Block, d.CreatedAt = uint64(chain), common.HexToAddress(token), common.HexToAddress(dist), common.HexToAddress(deployer), uint64(block), fromMS(created)
		d.CommerceBlock = uint64(commerceBlock)
		// HexToAddress("") is the zero address, which is what '' stores.
		d.Replaces, d.Escrow, d.Sale = common.HexToAddress(replaces), common.HexToAddress(escrow), common.HexToAddress(sale)
		out = append(out, d)
	}
	return out, rows.Err()
}

// Carryovers returns what wallets had on the distributor that distributor replaced.
func (db *DB) Carryovers(ctx context.Context, distributor common.Address) (_ []rewards.Carryover, err error) {
	defer wrap(&err, "Carryovers")
	return carryovers(ctx, db.read, distributor)
}

func carryovers(ctx context.Context, q sqlQuerier, distributor common.Address) ([]rewards.Carryover, error) {
	rows, err := q.QueryContext(ctx, `SELECT address, claimed, cumulative FROM carryovers WHERE distributor = ? ORDER BY address`, distributor.Hex())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.Carryover
	for rows.Next() {
		var addr, claimed, cum string
		if err := rows.Scan(&addr, &claimed, &cum); err != nil {
			return nil, err
		}
		c := rewards.Carryover{Account: common.HexToAddress(addr)}
		var ok1, ok2 bool
		c.Claimed, ok1 = new(big.Int).SetString(claimed, 10)
		c.Cumulative, ok2 = new(big.Int).SetString(cum, 10)
		if !ok1 || !ok2 {
			return nil, errors.New("carryover with an unreadable amount for " + addr)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const epochCols = `id, distributor, chain_id, number, state, cutoff_ledger_id, root, total, wallets, tx_hash, block_number, block_hash, gas_used, created_at, updated_at`

type rowScanner interface{ Scan(dest ...any) error }

func scanEpoch(r rowScanner) (*rewards.Epoch, error) {
	var e rewards.Epoch
	var dist, state, root, total, txHash, blockHash string
	var chain, number, wallets, block, gas, created, updated int64
	if err := r.Scan(&e.ID, &dist, &chain, &number, &state, &e.CutoffLedgerID, &root, &total, &wallets, &txHash,
		&block, &blockHash, &gas, &created, &updated); err != nil {
		return nil, err
	}
	e.Distributor, e.ChainID, e.Number, e.State = common.HexToAddress(dist), uint64(chain), uint64(number), rewards.EpochState(state)
	if root != "" {
		e.Root = common.HexToHash(root)
	}
	if txHash != "" {
		e.TxHash = common.HexToHash(txHash)
	}
	if blockHash != "" {
		e.BlockHash = common.HexToHash(blockHash)
	}
	e.Total, _ = new(big.Int).SetString(total, 10)
	if e.Total == nil {
		e.Total = new(big.Int)
	}
	e.Wallets, e.Block, e.GasUsed, e.CreatedAt, e.UpdatedAt = int(wallets), uint64(block), uint64(gas), fromMS(created), fromMS(updated)
	return &e, nil
}

func (db *DB) epochWhere(ctx context.Context, q sqlQuerier, where string, args ...any) (*rewards.Epoch, error) {
	e, err := scanEpoch(q.QueryRowContext(ctx, `SELECT `+epochCols+` FROM epochs WHERE `+where, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return e, err
}

func (db *DB) epochsWhere(ctx context.Context, q sqlQuerier, where string, args ...any) ([]rewards.Epoch, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+epochCols+` FROM epochs WHERE `+where, args...)
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

type sqlQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// openStates is the SQL list of rewards.EpochState.Open's states, as epochs_open holds.
const openStates = `('snapshotted', 'tree_built', 'tx_sent', 'mined')`

// OpenEpoch returns the distributor's unfinished epoch, or nil.
func (db *DB) OpenEpoch(ctx context.Context, distributor common.Address) (_ *rewards.Epoch, err error) {
	defer wrap(&err, "OpenEpoch")
	return db.epochWhere(ctx, db.write, `distributor = ? AND state IN `+openStates, distributor.Hex())
}

// LastEpoch returns the distributor's highest-numbered epoch, or nil.
func (db *DB) LastEpoch(ctx context.Context, distributor common.Address) (_ *rewards.Epoch, err error) {
	defer wrap(&err, "LastEpoch")
	return db.epochWhere(ctx, db.write, `distributor = ? ORDER BY number DESC LIMIT 1`, distributor.Hex())
}

// DistributorEpochs returns the distributor's epochs, highest number first.
func (db *DB) DistributorEpochs(ctx context.Context, distributor common.Address, limit int) (_ []rewards.Epoch, err error) {
	defer wrap(&err, "DistributorEpochs")
	return db.epochsWhere(ctx, db.write, `distributor = ? ORDER BY number DESC LIMIT ?`, distributor.Hex(), limit)
}

// LatestConfirmed returns the distributor's newest confirmed epoch (any distributor's
// for the zero address), or nil.
func (db *DB) LatestConfirmed(ctx context.Context, distributor common.Address) (_ *rewards.Epoch, err error) {
	defer wrap(&err, "LatestConfirmed")
	if distributor == (common.Address{}) {
		return db.epochWhere(ctx, db.read, `state = 'confirmed' ORDER BY id DESC LIMIT 1`)
	}
	return db.epochWhere(ctx, db.read, `distributor = ? AND state = 'confirmed' ORDER BY number DESC LIMIT 1`, distributor.Hex())
}

// EpochWithRoot returns the distributor's newest epoch with root, in any state, or nil.
func (db *DB) EpochWithRoot(ctx context.Context, distributor common.Address, root common.Hash) (_ *rewards.Epoch, err error) {
	defer wrap(&err, "EpochWithRoot")
	return db.epochWhere(ctx, db.read, `distributor = ? AND root = ? ORDER BY (CASE WHEN state = 'confirmed' THEN 1 ELSE 0 END) DESC, number DESC LIMIT 1`,
		distributor.Hex(), root.Hex())
}

// Epochs lists every epoch, newest first.
func (db *DB) Epochs(ctx context.Context) (_ []rewards.Epoch, err error) {
	defer wrap(&err, "Epochs")
	return db.epochsWhere(ctx, db.read, `1 = 1 ORDER BY id DESC`)
}

// EpochEntries returns an epoch's entries, by address.
func (db *DB) EpochEntries(ctx context.Context, epochID int64) (_ []rewards.EpochEntry, err error) {
	defer wrap(&err, "EpochEntries")
	return loadLeaves(ctx, db.write, epochID)
}

// EpochEntry returns one wallet's entry of an epoch; ENOTFOUND when it has none.
func (db *DB) EpochEntry(ctx context.Context, epochID int64, account common.Address) (_ *rewards.EpochEntry, err error) {
	defer wrap(&err, "EpochEntry")
	return loadLeaf(ctx, db.read, epochID, account)
}

// SnapshotEpoch stores a new epoch and its entries; see rewards.SettleStore.
func (db *DB) SnapshotEpoch(ctx context.Context, e *rewards.Epoch, build func(rewards.Snapshot) ([]rewards.EpochEntry, error)) (err error) {
	defer wrap(&err, "SnapshotEpoch")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if open, err := db.epochWhere(ctx, tx, `distributor = ? AND state IN `+openStates, e.Distributor.Hex()); err != nil {
			return err
		} else if open != nil {
			return arena.Errorf(arena.ECONFLICT, "Epoch %d of %s is still %s; finish it first.", open.Number, e.Distributor.Hex(), open.State)
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM ledger`).Scan(&e.CutoffLedgerID); err != nil {
			return err
		}
		// Only points vested at the snapshot settle (a vote's hold and release vest with
		// it, so a held vote adds nothing either way); points on hold (positive hold
		// entries) are not settled until released. The ledger is summed in one pass in
		// id order and then joined to the wallets: looking each wallet's entries up
		// through the index reads pages at random, several times slower for a million
		// wallets.
		rows, err := tx.QueryContext(ctx, `SELECT w.user_id, w.address, COALESCE(s.points, 0)
			FROM wallets w LEFT JOIN (
				SELECT user_id, SUM(CASE WHEN (reason = ? AND amount > 0) OR NOT (`+vestedAt+`) THEN 0 ELSE amount END) AS points
				FROM ledger WHERE id <= ? GROUP BY user_id) s ON s.user_id = w.user_id`, arena.LedgerHold, ms(e.CreatedAt), e.CutoffLedgerID)
		if err != nil {
			return err
		}
		var in rewards.Snapshot
		for rows.Next() {
			var wp rewards.WalletPoints
			var addr string
			if err := rows.Scan(&wp.UserID, &addr, &wp.Points); err != nil {
				rows.Close()
				return err
			}
			wp.Account = common.HexToAddress(addr)
			in.Points = append(in.Points, wp)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		in.Prev = map[common.Address]rewards.EpochEntry{}
		last, err := db.epochWhere(ctx, tx, `distributor = ? AND state = 'confirmed' ORDER BY number DESC LIMIT 1`, e.Distributor.Hex())
		if err != nil {
			return err
		}
		if last != nil {
			entries, err := loadLeaves(ctx, tx, last.ID)
			if err != nil {
				return err
			}
			for _, pe := range entries {
				in.Prev[pe.Account] = pe
			}
		}
		carry, err := carryovers(ctx, tx, e.Distributor)
		if err != nil {
			return err
		}
		if len(carry) > 0 {
			in.Carry = make(map[common.Address]rewards.Carryover, len(carry))
			for _, c := range carry {
				in.Carry[c.Account] = c
			}
		}
		if in.Former, err = formerWallets(ctx, tx); err != nil {
			return err
		}
		var saleCutoff int64
		if in.SaleShares, saleCutoff, err = saleSharesUpTo(ctx, tx, e.Distributor); err != nil {
			return err
		}
		entries, err := build(in)
		if err != nil {
			return err
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO epochs (distributor, chain_id, number, state, cutoff_ledger_id, wallets, created_at, updated_at, sale_cutoff)
			VALUES (?, ?, ?, 'snapshotted', ?, ?, ?, ?, ?) RETURNING id`, e.Distributor.Hex(), int64(e.ChainID), int64(e.Number), e.CutoffLedgerID,
			len(entries), ms(e.CreatedAt), ms(e.UpdatedAt), saleCutoff).Scan(&e.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "Epoch %d of %s already exists.", e.Number, e.Distributor.Hex())
		} else if err != nil {
			return err
		}
		if err := storeLeaves(ctx, tx, e.ID, entries); err != nil {
			return err
		}
		// In the snapshot's transaction: every vote drawn with the revealed secret is
		// counted at this cutoff, and none can draw with it after.
		if err := db.revealDraw(ctx, tx, e.ID, e.CreatedAt); err != nil {
			return err
		}
		e.State, e.Wallets = rewards.StateSnapshotted, len(entries)
		return nil
	})
}

// formerWallets lists, for each account that linked more than one address, every address
// it linked; most accounts never change, so the map stays small.
func formerWallets(ctx context.Context, tx *sql.Tx) (map[int64][]common.Address, error) {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT user_id, address FROM wallet_links WHERE user_id IN (
		SELECT user_id FROM wallet_links GROUP BY user_id HAVING COUNT(DISTINCT address) > 1) ORDER BY user_id, address`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64][]common.Address{}
	for rows.Next() {
		var user int64
		var addr string
		if err := rows.Scan(&user, &addr); err != nil {
			return nil, err
		}
		out[user] = append(out[user], common.HexToAddress(addr))
	}
	return out, rows.Err()
}

// advance moves an epoch from one of the states from to the state to, refusing if another
// run moved it, and records event (kind, detail) if kind is not empty.
func advance(ctx context.Context, tx *sql.Tx, epochID int64, from []rewards.EpochState, to rewards.EpochState, now time.Time, kind, detail string, set string, args ...any) error {
	marks := make([]string, len(from))
	all := append([]any{string(to), ms(now)}, args...)
	all = append(all, epochID)
	for i, f := range from {
		marks[i] = "?"
		all = append(all, string(f))
	}
	q := `UPDATE epochs SET state = ?, updated_at = ?` + set + ` WHERE id = ? AND state IN (` + strings.Join(marks, ", ") + `)`
	res, err := tx.ExecContext(ctx, q, all...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM epochs WHERE id = ?`, epochID).Scan(&state); errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.ENOTFOUND, "There is no epoch with id %d.", epochID)
		}
		return arena.Errorf(arena.ECONFLICT, "The epoch is %s, not %s: another settlement run moved it on. Run again to continue from where it is.", state, from[0])
	}
	if kind != "" {
		return addEvent(ctx, tx, rewards.EpochEvent{EpochID: epochID, Kind: kind, Detail: detail, At: now})
	}
	return nil
}

func addEvent(ctx context.Context, tx *sql.Tx, e rewards.EpochEvent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO epoch_events (epoch_id, kind, detail, at) VALUES (?, ?, ?, ?)`, e.EpochID, e.Kind, e.Detail, ms(e.At))
	return err
}

// SaveTree stores the root and total: snapshotted → tree_built.
func (db *DB) SaveTree(ctx context.Context, epochID int64, root common.Hash, total *big.Int, now time.Time) (err error) {
	defer wrap(&err, "SaveTree")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateSnapshotted}, rewards.StateTreeBuilt, now, "", "",
			`, root = ?, total = ?`, root.Hex(), total.String())
	})
}

// AddTx stores a signed root transaction: the first moves tree_built → tx_sent, later
// ones are replacements in tx_sent.
func (db *DB) AddTx(ctx context.Context, t *rewards.EpochTx, now time.Time) (err error) {
	defer wrap(&err, "AddTx")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var seq int
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM epoch_txs WHERE epoch_id = ?`, t.EpochID).Scan(&seq); err != nil {
			return err
		}
		from := []rewards.EpochState{rewards.StateTxSent}
		if seq == 1 {
			from = []rewards.EpochState{rewards.StateTreeBuilt}
		}
		if err := advance(ctx, tx, t.EpochID, from, rewards.StateTxSent, now, "", "", `, tx_hash = ?`, t.Hash.Hex()); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO epoch_txs (epoch_id, seq, tx_hash, raw_tx, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
			t.EpochID, seq, t.Hash.Hex(), t.Raw, t.Reason, ms(t.CreatedAt))
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "Transaction %s is already recorded.", t.Hash.Hex())
		} else if err != nil {
			return err
		}
		t.Seq = seq
		return nil
	})
}

// EpochTxs returns an epoch's root transactions, first first.
func (db *DB) EpochTxs(ctx context.Context, epochID int64) (_ []rewards.EpochTx, err error) {
	defer wrap(&err, "EpochTxs")
	rows, err := db.write.QueryContext(ctx, `SELECT seq, tx_hash, raw_tx, reason, created_at FROM epoch_txs WHERE epoch_id = ? ORDER BY seq`, epochID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.EpochTx
	for rows.Next() {
		t := rewards.EpochTx{EpochID: epochID}
		var hash string
		var created int64
		if err := rows.Scan(&t.Seq, &hash, &t.Raw, &t.Reason, &created); err != nil {
			return nil, err
		}
		t.Hash, t.CreatedAt = common.HexToHash(hash), fromMS(created)
		out = append(out, t)
	}
	return out, rows.Err()
}

// Renumber gives an unpublished epoch another number.
func (db *DB) Renumber(ctx context.Context, epochID int64, number uint64, detail string, now time.Time) (err error) {
	defer wrap(&err, "Renumber")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM epochs WHERE id = ?`, epochID).Scan(&state); err != nil {
			return err
		}
		s := rewards.EpochState(state)
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateTreeBuilt, rewards.StateTxSent}, s, now, rewards.EventRenumbered, detail,
			`, number = ?`, int64(number))
	})
	if db.isUnique(err) {
		return arena.Errorf(arena.ECONFLICT, "Another epoch of the distributor already has the number %d.", number)
	}
	return err
}

// MarkMined records the mined transaction: tx_sent → mined.
func (db *DB) MarkMined(ctx context.Context, epochID int64, txHash common.Hash, block uint64, blockHash common.Hash, gasUsed uint64, now time.Time) (err error) {
	defer wrap(&err, "MarkMined")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateTxSent}, rewards.StateMined, now, "", "",
			`, tx_hash = ?, block_number = ?, block_hash = ?, gas_used = ?`, txHash.Hex(), int64(block), blockHash.Hex(), int64(gasUsed))
	})
}

// MarkConfirmed records enough confirmations: mined → confirmed.
func (db *DB) MarkConfirmed(ctx context.Context, epochID int64, now time.Time) (err error) {
	defer wrap(&err, "MarkConfirmed")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateMined}, rewards.StateConfirmed, now, "", "", "")
	})
}

// MoveBlock records a mined or confirmed epoch's transaction in another block.
func (db *DB) MoveBlock(ctx context.Context, epochID int64, block uint64, blockHash common.Hash, detail string, now time.Time) (err error) {
	defer wrap(&err, "MoveBlock")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var state, old string
		if err := tx.QueryRowContext(ctx, `SELECT state, block_hash FROM epochs WHERE id = ?`, epochID).Scan(&state, &old); err != nil {
			return err
		}
		kind := rewards.EventMoved
		if old == "" {
			kind = "" // only the hash was missing (an epoch recorded by an older arena)
		}
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateMined, rewards.StateConfirmed}, rewards.EpochState(state), now, kind, detail,
			`, block_number = ?, block_hash = ?`, int64(block), blockHash.Hex())
	})
}

// Unmine records that a mined or confirmed epoch's block left the chain.
func (db *DB) Unmine(ctx context.Context, epochID int64, to rewards.EpochState, detail string, now time.Time) (err error) {
	defer wrap(&err, "Unmine")
	if to != rewards.StateTxSent && to != rewards.StateReorged {
		return errors.New("an epoch whose block left the chain goes to tx_sent or reorged, not " + string(to))
	}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateMined, rewards.StateConfirmed}, to, now, rewards.EventReorged, detail,
			`, block_number = 0, block_hash = '', gas_used = 0`)
	})
	if db.isUnique(err) {
		return arena.Errorf(arena.ECONFLICT, "Another epoch of the distributor is unfinished, so this one cannot be reopened.")
	}
	return err
}

// Abandon records an operator giving up an unfinished epoch that is not mined.
func (db *DB) Abandon(ctx context.Context, epochID int64, reason string, now time.Time) (err error) {
	defer wrap(&err, "Abandon")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		return advance(ctx, tx, epochID, []rewards.EpochState{rewards.StateSnapshotted, rewards.StateTreeBuilt, rewards.StateTxSent},
			rewards.StateAbandoned, now, rewards.EventAbandoned, reason, "")
	})
}

// AddEvent records something that happened to an epoch.
func (db *DB) AddEvent(ctx context.Context, e rewards.EpochEvent) (err error) {
	defer wrap(&err, "AddEvent")
	return db.inTx(ctx, func(tx *sql.Tx) error { return addEvent(ctx, tx, e) })
}

// EpochEvents returns an epoch's events, oldest first.
func (db *DB) EpochEvents(ctx context.Context, epochID int64) (_ []rewards.EpochEvent, err error) {
	defer wrap(&err, "EpochEvents")
	rows, err := db.write.QueryContext(ctx, `SELECT kind, detail, at FROM epoch_events WHERE epoch_id = ? ORDER BY id`, epochID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []rewards.EpochEvent
	for rows.Next() {
		e := rewards.EpochEvent{EpochID: epochID}
		var at int64
		if err := rows.Scan(&e.Kind, &e.Detail, &at); err != nil {
			return nil, err
		}
		e.At = fromMS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
