package rewards

import (
	"context"
	"fmt"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// reorgDepth bounds how many of a distributor's newest epochs reconcile looks at.
const reorgDepth = 64

// Finding is what a reorg check found about one mined or confirmed epoch whose block is
// no longer on the chain.
type Finding struct {
	Epoch Epoch
	// To is the state the epoch goes to: mined or confirmed again (the transaction is in
	// another block, Block), tx_sent (to be published again) or reorged (a later epoch
	// carries its amounts).
	To     EpochState
	Block  uint64
	Hash   common.Hash
	Detail string
}

// CheckReorgs compares the recorded blocks of the distributor's newest mined and
// confirmed epochs with the chain, newest first, and says what each whose block left the
// chain becomes. A reorg replaces the chain from some block on, so the first epoch
// found still in its block ends the search. An epoch recorded without a block hash (by an
// older arena) is checked through its transaction's receipt.
func (s *Settler) CheckReorgs(ctx context.Context) ([]Finding, error) {
	eps, err := s.Store.DistributorEpochs(ctx, s.Distributor, reorgDepth)
	if err != nil {
		return nil, err
	}
	open := false
	for _, e := range eps {
		if e.State.Open() && e.State != StateMined {
			open = true
		}
	}
	var out []Finding
	reopened := false
	for _, e := range eps {
		if e.State != StateMined && e.State != StateConfirmed {
			continue
		}
		if e.BlockHash != (common.Hash{}) {
			h, err := s.Chain.BlockHash(ctx, e.Block)
			if err != nil {
				return nil, fmt.Errorf("reading block %d: %w", e.Block, err)
			}
			if h == e.BlockHash {
				break
			}
		}
		rc, err := s.Chain.Receipt(ctx, e.TxHash)
		if err != nil {
			return nil, fmt.Errorf("looking up transaction %s: %w", e.TxHash.Hex(), err)
		}
		if rc != nil && !rc.Failed {
			h, err := s.Chain.BlockHash(ctx, rc.Block)
			if err != nil {
				return nil, fmt.Errorf("reading block %d: %w", rc.Block, err)
			}
			if h == rc.BlockHash {
				if e.BlockHash == (common.Hash{}) && rc.Block == e.Block {
					out = append(out, Finding{Epoch: e, To: e.State, Block: rc.Block, Hash: rc.BlockHash, Detail: "recorded the hash of block " + fmt.Sprint(rc.Block)})
					break
				}
				out = append(out, Finding{Epoch: e, To: e.State, Block: rc.Block, Hash: rc.BlockHash,
					Detail: fmt.Sprintf("block %d left the chain; transaction %s is now in block %d", e.Block, e.TxHash.Hex(), rc.Block)})
				continue
			}
		}
		f := Finding{Epoch: e, To: StateReorged,
			Detail: fmt.Sprintf("block %d (%s) left the chain with transaction %s; a later epoch carries its amounts", e.Block, e.BlockHash.Hex(), e.TxHash.Hex())}
		if !open && !reopened {
			reopened = true
			f.To = StateTxSent
			f.Detail = fmt.Sprintf("block %d (%s) left the chain with transaction %s; the root is sent again", e.Block, e.BlockHash.Hex(), e.TxHash.Hex())
		}
		out = append(out, f)
	}
	return out, nil
}

// reconcile records what CheckReorgs finds.
func (r *run) reconcile(ctx context.Context) error {
	found, err := r.CheckReorgs(ctx)
	if err != nil {
		return err
	}
	for _, f := range found {
		now := r.Clock.Now()
		switch f.To {
		case StateMined, StateConfirmed:
			err = r.Store.MoveBlock(ctx, f.Epoch.ID, f.Block, f.Hash, f.Detail, now)
			if err == nil && f.Epoch.BlockHash != (common.Hash{}) {
				r.res.Events = append(r.res.Events, EpochEvent{EpochID: f.Epoch.ID, Kind: EventMoved, Detail: f.Detail, At: now})
			}
		default:
			err = r.Store.Unmine(ctx, f.Epoch.ID, f.To, f.Detail, now)
			r.res.Events = append(r.res.Events, EpochEvent{EpochID: f.Epoch.ID, Kind: EventReorged, Detail: f.Detail, At: now})
			r.log().Warn("reorg: an epoch's block left the chain", "epoch", f.Epoch.Number, "block", f.Epoch.Block, "now", f.To)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// Status is where a distributor's settlement stands, for `arena settle status`.
type Status struct {
	Distributor common.Address
	// Current is the open epoch, else the newest; nil before the first.
	Current *Epoch
	Txs     []EpochTx
	Events  []EpochEvent
	// Recent are the newest epochs, Current among them.
	Recent []Epoch
	// The rest is read from the node, and left zero without one.
	Chain   bool
	Head    uint64
	OnEpoch uint64
	OnRoot  common.Hash
	// Limits are the distributor's pause and limits; nil, with LimitsNote saying why, for
	// a distributor that has none.
	Limits     *Limits
	LimitsNote string
	// View is what the node says of Current's transactions, when it is tx_sent.
	View *TxView
	// Confirmations is how many blocks Current's block has (itself included), of Need.
	Confirmations, Need uint64
	// Reorgs are blocks of recorded epochs that left the chain, not yet recorded.
	Reorgs []Finding
}

// Status reads where settlement stands; with a Chain, what the node says too. It changes
// nothing.
func (s *Settler) Status(ctx context.Context) (*Status, error) {
	st := &Status{Distributor: s.Distributor}
	recent, err := s.Store.DistributorEpochs(ctx, s.Distributor, 10)
	if err != nil {
		return nil, err
	}
	st.Recent = recent
	open, err := s.Store.OpenEpoch(ctx, s.Distributor)
	if err != nil {
		return nil, err
	}
	if open == nil && len(recent) > 0 {
		open = &recent[0]
	}
	st.Current = open
	if open != nil {
		if st.Txs, err = s.Store.EpochTxs(ctx, open.ID); err != nil {
			return nil, err
		}
		if st.Events, err = s.Store.EpochEvents(ctx, open.ID); err != nil {
			return nil, err
		}
	}
	if s.Chain == nil {
		return st, nil
	}
	st.Chain = true
	chainID, err := s.chainID(ctx)
	if err != nil {
		return nil, err
	}
	if st.Head, _, err = s.Chain.Head(ctx); err != nil {
		return nil, err
	}
	if st.OnEpoch, st.OnRoot, err = s.Chain.CurrentRoot(ctx, s.Distributor); err != nil {
		return nil, err
	}
	// Status is what an operator reads to find out what is wrong, so a distributor
	// without limits is said, not fatal.
	if st.Limits, err = s.Chain.Limits(ctx, s.Distributor); arena.ErrorCode(err) == arena.EINVALID {
		st.LimitsNote = arena.ErrorMessage(err)
	} else if err != nil {
		return nil, err
	}
	if st.Reorgs, err = s.CheckReorgs(ctx); err != nil {
		return nil, err
	}
	if open == nil {
		return st, nil
	}
	st.Need = s.confirmations(chainID)
	switch open.State {
	case StateTxSent:
		if len(st.Txs) > 0 {
			if st.View, err = s.look(ctx, open, st.Txs); err != nil {
				return nil, err
			}
		}
	case StateMined, StateConfirmed:
		if st.Head+1 > open.Block {
			st.Confirmations = st.Head + 1 - open.Block
		}
	}
	return st, nil
}

// Abandon records an operator's decision to give up distributor's open epoch number:
// it stays in the history as abandoned, and the next run starts a new epoch (with a
// higher number) from the ledger. A mined epoch cannot be abandoned: its root is on the
// chain already.
func Abandon(ctx context.Context, store SettleStore, distributor common.Address, number uint64, reason string, now time.Time) (*Epoch, error) {
	open, err := store.OpenEpoch(ctx, distributor)
	if err != nil {
		return nil, err
	}
	if open == nil || open.Number != number {
		if open == nil {
			return nil, arena.Errorf(arena.ENOTFOUND, "The distributor %s has no unfinished epoch, so there is nothing to abandon.", distributor.Hex())
		}
		return nil, arena.Errorf(arena.EINVALID, "Epoch %d is not the unfinished epoch of %s; epoch %d is (%s).", number, distributor.Hex(), open.Number, open.State)
	}
	if open.State == StateMined {
		return nil, arena.Errorf(arena.ECONFLICT, "Epoch %d is mined in block %d: its root is on the chain, so it cannot be abandoned. Run arena settle to wait for its confirmations.", number, open.Block)
	}
	if reason == "" {
		reason = "abandoned by the operator"
	}
	if err := store.Abandon(ctx, open.ID, reason, now); err != nil {
		return nil, err
	}
	open.State = StateAbandoned
	return open, nil
}
