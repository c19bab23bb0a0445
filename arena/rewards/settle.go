package rewards

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// EpochState is how far a settlement epoch has got. Each state is recorded before the
// next step starts, so a run that stops anywhere is finished by the next run.
type EpochState string

// The epoch states, in order.
const (
	StateSnapshotted EpochState = "snapshotted" // entries (wallet, points, token units) stored
	StateTreeBuilt   EpochState = "tree_built"  // root and every proof stored
	StateTxSent      EpochState = "tx_sent"     // the signed publishRoot transaction stored (and then broadcast)
	StateConfirmed   EpochState = "confirmed"   // the transaction is mined and succeeded
)

// Deployment is a pair of contracts `arena contracts deploy` created.
type Deployment struct {
	ChainID     uint64
	Token       common.Address
	Distributor common.Address
	Deployer    common.Address
	CreatedAt   time.Time
}

// Epoch is one settlement: a cumulative Merkle root published on a distributor.
type Epoch struct {
	ID          int64 // the row id
	Number      uint64
	ChainID     uint64
	Distributor common.Address
	State       EpochState
	// CutoffLedgerID is the newest ledger entry the snapshot counted.
	CutoffLedgerID int64
	Root           common.Hash // zero before tree_built
	Total          *big.Int    // sum of the cumulative amounts
	TxHash         common.Hash // zero before tx_sent
	RawTx          []byte      // the signed transaction, resent as is if it got lost
	Block          uint64      // once confirmed
	GasUsed        uint64      // once confirmed
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// EpochEntry is one wallet's line in an epoch.
type EpochEntry struct {
	UserID     int64
	Account    common.Address
	Points     int64         // the settleable points counted at the cutoff
	Cumulative *big.Int      // token units claimable in total up to this epoch
	Proof      []common.Hash // nil before the tree is built
}

// WalletPoints is a linked wallet's settleable points at a snapshot.
type WalletPoints struct {
	UserID  int64
	Account common.Address
	Points  int64
}

// SettleStore records settlement epochs.
type SettleStore interface {
	// SnapshotEpoch stores e (state snapshotted) with the entries build returns, in one
	// transaction that also reads, for build, each linked wallet's settleable points up to
	// the newest ledger entry (setting e.CutoffLedgerID) and the entries of the latest
	// confirmed epoch of e.Distributor. An error from build stores nothing. Another epoch
	// of the distributor still open is ECONFLICT.
	SnapshotEpoch(ctx context.Context, e *Epoch, build func(points []WalletPoints, prev map[common.Address]EpochEntry) ([]EpochEntry, error)) error
	// OpenEpoch returns distributor's unconfirmed epoch, or nil.
	OpenEpoch(ctx context.Context, distributor common.Address) (*Epoch, error)
	// LastEpoch returns distributor's highest-numbered epoch, or nil.
	LastEpoch(ctx context.Context, distributor common.Address) (*Epoch, error)
	EpochEntries(ctx context.Context, epochID int64) ([]EpochEntry, error)
	// SaveTree stores the root, total and each entry's proof: snapshotted → tree_built.
	SaveTree(ctx context.Context, epochID int64, root common.Hash, total *big.Int, proofs map[common.Address][]common.Hash, now time.Time) error
	// MarkTxSent stores the signed transaction: tree_built → tx_sent.
	MarkTxSent(ctx context.Context, epochID int64, txHash common.Hash, raw []byte, now time.Time) error
	// MarkConfirmed records the receipt: tx_sent → confirmed.
	MarkConfirmed(ctx context.Context, epochID int64, block, gasUsed uint64, now time.Time) error
}

// Chain is the node settlement publishes roots through (arena/chain implements it).
// Settlement decides what to send and records every step; the transaction it signs
// travels as bytes, so that a resumed run sends exactly what an earlier run recorded.
type Chain interface {
	// ChainID returns the id of the chain the node is on.
	ChainID(ctx context.Context) (uint64, error)
	// CurrentRoot returns distributor's latest epoch and root (0 and the zero hash before
	// the first publication).
	CurrentRoot(ctx context.Context, distributor common.Address) (epoch uint64, root common.Hash, err error)
	// SignRoot signs, without sending, the transaction publishing root as epoch on
	// distributor, and returns its hash and its binary encoding.
	SignRoot(ctx context.Context, distributor common.Address, epoch uint64, root common.Hash) (hash common.Hash, raw []byte, err error)
	// TxHash decodes a transaction SignRoot encoded and returns its hash.
	TxHash(raw []byte) (common.Hash, error)
	// Receipt returns the receipt of the transaction hash, nil when it is not mined.
	Receipt(ctx context.Context, hash common.Hash) (*Receipt, error)
	// Send broadcasts a transaction SignRoot encoded; one the node already has is not an
	// error.
	Send(ctx context.Context, raw []byte) error
	// WaitMined waits until the transaction hash is mined and returns its receipt, failed
	// or not.
	WaitMined(ctx context.Context, hash common.Hash) (*Receipt, error)
}

// Receipt is what settlement records of a mined transaction.
type Receipt struct {
	Block   uint64
	GasUsed uint64
	// Failed is set when the transaction reverted.
	Failed bool
}

// Settler runs settlement epochs on one distributor.
type Settler struct {
	Store SettleStore
	// Chain is the node; it signs with the root publisher's key.
	Chain       Chain
	Distributor common.Address
	Policy      Policy
	Clock       arena.Clock
	Log         *slog.Logger
	// AfterStep, if set, is called after each step with its name (snapshotted,
	// tree_built, tx_sent — recorded but not yet broadcast —, broadcast, confirmed); an
	// error stops the run there, as a crash would. Tests use it.
	AfterStep func(step string) error
	// Observer, if set, counts the steps for the metrics.
	Observer arena.Observer
}

// SettleResult says what a run did.
type SettleResult struct {
	Epoch   *Epoch
	Entries []EpochEntry
	// Resumed is set when the run finished an epoch an earlier run had started.
	Resumed bool
	// Nothing is set when there was nothing new to settle (no epoch was started).
	Nothing bool
	DryRun  bool
}

// ErrNothingToSettle is returned (wrapped) by a snapshot with nothing new.
var ErrNothingToSettle = errors.New("nothing new to settle")

func (s *Settler) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Settler) step(name string) error {
	if s.Observer != nil {
		s.Observer.SettlementStep(name)
	}
	if s.AfterStep != nil {
		return s.AfterStep(name)
	}
	return nil
}

// chainID returns the node's chain id.
func (s *Settler) chainID(ctx context.Context) (uint64, error) {
	id, err := s.Chain.ChainID(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the chain id: %w", err)
	}
	return id, nil
}

// Run settles one epoch: it finishes an epoch an earlier run left open, or starts a new
// one from the ledger, and takes it through every step to confirmed. With dryRun it
// computes what a new epoch would hold and changes nothing.
func (s *Settler) Run(ctx context.Context, dryRun bool) (*SettleResult, error) {
	chainID, err := s.chainID(ctx)
	if err != nil {
		return nil, err
	}
	ep, err := s.Store.OpenEpoch(ctx, s.Distributor)
	if err != nil {
		return nil, err
	}
	res := &SettleResult{DryRun: dryRun}
	if ep != nil {
		if ep.ChainID != chainID {
			return nil, arena.Errorf(arena.EINVALID, "Epoch %d was started on chain %d, but the node is on chain %d.", ep.Number, ep.ChainID, chainID)
		}
		res.Resumed = true
		s.log().Info("finishing an interrupted epoch", "epoch", ep.Number, "state", ep.State)
		if dryRun {
			res.Epoch = ep
			res.Entries, err = s.Store.EpochEntries(ctx, ep.ID)
			return res, err
		}
	} else {
		ep, res.Entries, err = s.snapshot(ctx, chainID, dryRun)
		if errors.Is(err, ErrNothingToSettle) {
			res.Nothing = true
			return res, nil
		} else if err != nil {
			return nil, err
		}
		if dryRun {
			tree, err := s.tree(res.Entries)
			if err != nil {
				return nil, err
			}
			ep.Root, ep.Total = tree.Root(), total(res.Entries)
			res.Epoch = ep
			return res, nil
		}
		if err := s.step(string(StateSnapshotted)); err != nil {
			return nil, err
		}
	}
	res.Epoch = ep
	if ep.State == StateSnapshotted {
		if err := s.buildTree(ctx, ep); err != nil {
			return nil, err
		}
		if err := s.step(string(StateTreeBuilt)); err != nil {
			return nil, err
		}
	}
	if ep.State == StateTreeBuilt {
		if err := s.signRoot(ctx, ep); err != nil {
			return nil, err
		}
		if err := s.step(string(StateTxSent)); err != nil {
			return nil, err
		}
	}
	if ep.State == StateTxSent {
		if err := s.confirm(ctx, ep); err != nil {
			return nil, err
		}
		if err := s.step(string(StateConfirmed)); err != nil {
			return nil, err
		}
	}
	if res.Entries == nil {
		if res.Entries, err = s.Store.EpochEntries(ctx, ep.ID); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func total(entries []EpochEntry) *big.Int {
	t := new(big.Int)
	for _, e := range entries {
		t.Add(t, e.Cumulative)
	}
	return t
}

// snapshot starts the next epoch from the ledger (or, for a dry run, computes it and rolls
// back).
func (s *Settler) snapshot(ctx context.Context, chainID uint64, dryRun bool) (*Epoch, []EpochEntry, error) {
	last, err := s.Store.LastEpoch(ctx, s.Distributor)
	if err != nil {
		return nil, nil, err
	}
	onChain, _, err := s.Chain.CurrentRoot(ctx, s.Distributor)
	if err != nil {
		return nil, nil, err
	}
	number := onChain + 1
	if last != nil && last.Number >= number {
		number = last.Number + 1
	}
	now := s.Clock.Now()
	ep := &Epoch{Number: number, ChainID: chainID, Distributor: s.Distributor, State: StateSnapshotted, CreatedAt: now, UpdatedAt: now}
	var entries []EpochEntry
	errDry := errors.New("dry run")
	err = s.Store.SnapshotEpoch(ctx, ep, func(points []WalletPoints, prev map[common.Address]EpochEntry) ([]EpochEntry, error) {
		entries = s.entries(points, prev)
		if len(entries) == 0 {
			return nil, ErrNothingToSettle
		}
		if len(prev) == len(entries) {
			same := true
			for _, e := range entries {
				if p, ok := prev[e.Account]; !ok || p.Cumulative.Cmp(e.Cumulative) != 0 {
					same = false
					break
				}
			}
			if same {
				return nil, ErrNothingToSettle
			}
		}
		if dryRun {
			return nil, errDry
		}
		return entries, nil
	})
	if errors.Is(err, errDry) {
		err = nil
	}
	if err != nil {
		return nil, nil, err
	}
	s.log().Info("snapshotted epoch", "epoch", ep.Number, "wallets", len(entries), "cutoff_ledger_id", ep.CutoffLedgerID, "dry_run", dryRun)
	return ep, entries, nil
}

// entries converts points to cumulative token units. A cumulative amount never shrinks
// from one epoch to the next (the contract pays the difference, so it cannot take tokens
// back): points clawed back after settling only keep the wallet from earning more until
// they are made up.
func (s *Settler) entries(points []WalletPoints, prev map[common.Address]EpochEntry) []EpochEntry {
	var out []EpochEntry
	seen := map[common.Address]bool{}
	for _, wp := range points {
		units := s.Policy.TokenUnits(max(wp.Points, 0))
		if p, ok := prev[wp.Account]; ok && p.Cumulative.Cmp(units) > 0 {
			units = new(big.Int).Set(p.Cumulative)
		}
		seen[wp.Account] = true
		if units.Sign() == 0 {
			continue
		}
		out = append(out, EpochEntry{UserID: wp.UserID, Account: wp.Account, Points: wp.Points, Cumulative: units})
	}
	for a, p := range prev { // a wallet no longer linked keeps what it was given
		if !seen[a] && p.Cumulative.Sign() > 0 {
			out = append(out, EpochEntry{UserID: p.UserID, Account: a, Points: p.Points, Cumulative: new(big.Int).Set(p.Cumulative)})
		}
	}
	return out
}

func (s *Settler) tree(entries []EpochEntry) (*Tree, error) {
	es := make([]Entry, len(entries))
	for i, e := range entries {
		es[i] = Entry{Account: e.Account, Cumulative: e.Cumulative}
	}
	return BuildTree(es)
}

func (s *Settler) buildTree(ctx context.Context, ep *Epoch) error {
	entries, err := s.Store.EpochEntries(ctx, ep.ID)
	if err != nil {
		return err
	}
	tree, err := s.tree(entries)
	if err != nil {
		return err
	}
	proofs := make(map[common.Address][]common.Hash, len(entries))
	for _, c := range tree.Claims() {
		proofs[c.Account] = c.Proof
	}
	now := s.Clock.Now()
	if err := s.Store.SaveTree(ctx, ep.ID, tree.Root(), total(entries), proofs, now); err != nil {
		return err
	}
	ep.State, ep.Root, ep.Total, ep.UpdatedAt = StateTreeBuilt, tree.Root(), total(entries), now
	s.log().Info("built the Merkle tree", "epoch", ep.Number, "root", ep.Root.Hex(), "wallets", tree.Len())
	return nil
}

// signRoot signs the publishRoot transaction and records it before anything is sent, so
// a crash can only ever lead to the same transaction being sent again.
func (s *Settler) signRoot(ctx context.Context, ep *Epoch) error {
	onEpoch, onRoot, err := s.Chain.CurrentRoot(ctx, s.Distributor)
	if err != nil {
		return err
	}
	if onEpoch >= ep.Number {
		return arena.Errorf(arena.ECONFLICT, "The distributor %s already has epoch %d (root %s) on chain, so epoch %d (root %s) cannot be published; was it published by someone else?",
			s.Distributor.Hex(), onEpoch, onRoot.Hex(), ep.Number, ep.Root.Hex())
	}
	hash, raw, err := s.Chain.SignRoot(ctx, s.Distributor, ep.Number, ep.Root)
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	if err := s.Store.MarkTxSent(ctx, ep.ID, hash, raw, now); err != nil {
		return err
	}
	ep.State, ep.TxHash, ep.RawTx, ep.UpdatedAt = StateTxSent, hash, raw, now
	return nil
}

// confirm broadcasts the recorded transaction unless the chain already has it, waits for
// its receipt and records it.
func (s *Settler) confirm(ctx context.Context, ep *Epoch) error {
	hash, err := s.Chain.TxHash(ep.RawTx)
	if err != nil {
		return fmt.Errorf("epoch %d: the stored transaction is unreadable: %w", ep.Number, err)
	}
	receipt, err := s.Chain.Receipt(ctx, hash)
	if err != nil {
		return fmt.Errorf("looking up transaction %s: %w", hash.Hex(), err)
	}
	if receipt == nil {
		if err := s.Chain.Send(ctx, ep.RawTx); err != nil {
			// It may have been mined meanwhile (nonce too low); the receipt tells.
			if r, rerr := s.Chain.Receipt(ctx, hash); rerr == nil && r != nil {
				receipt = r
			} else {
				return fmt.Errorf("sending the root of epoch %d (transaction %s): %w", ep.Number, hash.Hex(), err)
			}
		} else {
			s.log().Info("sent the root", "epoch", ep.Number, "tx", hash.Hex())
		}
		if err := s.step("broadcast"); err != nil {
			return err
		}
	}
	if receipt == nil {
		if receipt, err = s.Chain.WaitMined(ctx, hash); err != nil {
			return err
		}
	}
	if receipt.Failed {
		return arena.Errorf(arena.EINTERNAL, "The root transaction %s of epoch %d reverted in block %d. The epoch stays at tx_sent and no other root will be sent for it; check the distributor's roles and epochs.",
			hash.Hex(), ep.Number, receipt.Block)
	}
	now := s.Clock.Now()
	if err := s.Store.MarkConfirmed(ctx, ep.ID, receipt.Block, receipt.GasUsed, now); err != nil {
		return err
	}
	ep.State, ep.Block, ep.GasUsed, ep.UpdatedAt = StateConfirmed, receipt.Block, receipt.GasUsed, now
	s.log().Info("epoch confirmed", "epoch", ep.Number, "block", ep.Block, "gas_used", ep.GasUsed)
	return nil
}
