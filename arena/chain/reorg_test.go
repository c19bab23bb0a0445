package chain_test

import (
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// reorgFrom makes the chain forget every block from number on: a side chain from the
// block before grows longer than the canonical one and replaces it. With drop, the
// transactions of the forgotten blocks are dropped too, as on a node that lost them;
// otherwise the node puts them back in its pool and mines them again.
func (e *settleEnv) reorgFrom(number uint64, drop bool) {
	e.t.Helper()
	parent, err := e.chain.HeaderByNumber(e.ctx, new(big.Int).SetUint64(number-1))
	if err != nil {
		e.t.Fatal(err)
	}
	head, err := e.chain.BlockNumber(e.ctx)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.chain.sim.Fork(parent.Hash()); err != nil {
		e.t.Fatal(err)
	}
	for range head - number + 3 {
		if drop {
			e.chain.sim.Rollback()
		}
		e.chain.sim.Commit()
	}
	if h, err := e.chain.BlockNumber(e.ctx); err != nil || h <= head {
		e.t.Fatalf("the side chain did not take over: head %d, was %d (%v)", h, head, err)
	}
}

func (e *settleEnv) events(id int64, kind string) []rewards.EpochEvent {
	e.t.Helper()
	evs, err := e.db.EpochEvents(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []rewards.EpochEvent
	for _, ev := range evs {
		if ev.Kind == kind {
			out = append(out, ev)
		}
	}
	return out
}

// TestSettleWaitsForConfirmations: an epoch is mined, then confirmed only once its block
// has the configured number of blocks (itself included); a run that runs out of time
// leaves it mined, and the next finishes it.
func TestSettleWaitsForConfirmations(t *testing.T) {
	e := newSettleEnv(t, "alice")
	e.earn("alice", arena.LedgerVote, 6)
	s := e.settler(nil)
	// The wait must outlast mining on a loaded machine (100 ms did not, under -race beside
	// other test binaries); the confirmations never come within it, since no block is
	// made meanwhile.
	s.Confirmations, s.Wait = 3, 2*time.Second
	_, err := s.Run(e.ctx, false)
	if arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "1 of the 3 confirmations") {
		t.Fatalf("a run before the confirmations: %v", err)
	}
	open, err := e.db.OpenEpoch(e.ctx, e.distributor)
	if err != nil || open == nil || open.State != rewards.StateMined || open.Block == 0 {
		t.Fatalf("epoch after the first run: %+v %v", open, err)
	}
	if _, err := e.wallets().ClaimFor(e.ctx, e.users["alice"], ""); arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "waits for its confirmations") {
		t.Fatalf("a mined epoch's proof before its confirmations: %v", err)
	}
	e.chain.sim.Commit()
	e.chain.sim.Commit()
	r, err := s.Run(e.ctx, false)
	if err != nil || !r.Resumed || r.Epoch.State != rewards.StateConfirmed || r.Epoch.Block != open.Block {
		t.Fatalf("second run: %+v %v", r, err)
	}
	e.wantAgree(1)
	e.claimAll(map[string]int64{"alice": 6})
}

// TestSettleRecordsReorgs: epochs whose blocks leave the chain are found on the next run
// (by their recorded block hashes) and recorded. The newest is published again; an older
// one, whose amounts the newest carries, is marked reorged; one whose transaction the node
// mined again elsewhere moves to that block.
func TestSettleRecordsReorgs(t *testing.T) {
	t.Run("lost, published again", func(t *testing.T) {
		e := newSettleEnv(t, "alice")
		e.earn("alice", arena.LedgerVote, 5)
		first := e.settle().Epoch
		e.reorgFrom(first.Block, true)
		e.earn("alice", arena.LedgerVote, 1) // not in this epoch: it is published again as it was
		r := e.settle()
		if !r.Resumed || r.Epoch.ID != first.ID || r.Epoch.State != rewards.StateConfirmed || r.Epoch.BlockHash == first.BlockHash {
			t.Fatalf("after the reorg: %+v (was %+v)", r.Epoch, first)
		}
		if evs := e.events(first.ID, rewards.EventReorged); len(evs) != 1 || !strings.Contains(evs[0].Detail, "left the chain") {
			t.Fatalf("reorg not recorded: %+v", evs)
		}
		e.wantAgree(1)
		e.claimAll(map[string]int64{"alice": 5})
	})
	t.Run("two lost", func(t *testing.T) {
		e := newSettleEnv(t, "alice", "bob")
		e.earn("alice", arena.LedgerVote, 5)
		one := e.settle().Epoch
		e.earn("bob", arena.LedgerVote, 3)
		two := e.settle().Epoch
		e.reorgFrom(one.Block, true)
		r := e.settle()
		if r.Epoch.ID != two.ID || r.Epoch.State != rewards.StateConfirmed {
			t.Fatalf("after the reorg: %+v", r.Epoch)
		}
		eps, err := e.db.DistributorEpochs(e.ctx, e.distributor, 5)
		if err != nil || len(eps) != 2 || eps[1].State != rewards.StateReorged || eps[1].Block != 0 {
			t.Fatalf("history after the reorg: %+v %v", eps, err)
		}
		e.wantPublished(2, 2, 1) // both roots' transactions left with their blocks; one published again
		e.claimAll(map[string]int64{"alice": 5, "bob": 3})
	})
	t.Run("mined again elsewhere", func(t *testing.T) {
		e := newSettleEnv(t, "alice")
		e.earn("alice", arena.LedgerVote, 4)
		first := e.settle().Epoch
		e.reorgFrom(first.Block, false)
		if r := e.settle(); !r.Nothing {
			t.Fatalf("a run after the reorg started epoch %d", r.Epoch.Number)
		}
		last, err := e.db.LastEpoch(e.ctx, e.distributor)
		if err != nil || last.State != rewards.StateConfirmed || last.BlockHash == first.BlockHash {
			t.Fatalf("after the reorg: %+v (was block %d)", last, first.Block)
		}
		if evs := e.events(first.ID, rewards.EventMoved); len(evs) != 1 {
			t.Fatalf("move not recorded: %+v", evs)
		}
		e.wantAgree(1)
		e.claimAll(map[string]int64{"alice": 4})
	})
}

// TestSettleReplacesAPendingTransaction: a transaction the node holds but does not mine
// within ReplaceAfter is replaced with higher fees at its nonce; when blocks come, the
// newest is mined, and the epoch is published once.
func TestSettleReplacesAPendingTransaction(t *testing.T) {
	e := newSettleEnv(t, "alice")
	e.earn("alice", arena.LedgerVote, 3)
	e.chain.hold.Store(true)
	s := e.settler(nil)
	s.Wait, s.ReplaceAfter = 1500*time.Millisecond, 60*time.Millisecond // long enough for a replacement on a loaded machine
	if _, err := s.Run(e.ctx, false); arena.ErrorCode(err) != arena.EUNAVAILABLE {
		t.Fatalf("held run: %v", err)
	}
	txs := e.txsOf()
	if len(txs) < 2 || !strings.Contains(txs[len(txs)-1].Reason, "pending for") {
		t.Fatalf("no replacement of the pending transaction: %+v", txs)
	}
	e.chain.hold.Store(false)
	e.chain.sim.Commit()
	if r := e.settle(); r.Epoch.State != rewards.StateConfirmed || r.Epoch.TxHash != txs[len(txs)-1].Hash {
		t.Fatalf("after mining: %+v, want transaction %s", r.Epoch, txs[len(txs)-1].Hash.Hex())
	}
	e.wantAgree(1)
	e.claimAll(map[string]int64{"alice": 3})
}

// TestWalletsServeOnlyTheCurrentConfirmedRoot: the proof served is always the one the
// distributor can check now. A root mined but not yet recorded (or confirmed) holds the
// proofs back instead of offering the previous epoch's, which would revert (StaleRoot);
// after a reorg takes the newest root, the previous epoch's proofs are offered again; a
// root this arena did not publish holds them back.
func TestWalletsServeOnlyTheCurrentConfirmedRoot(t *testing.T) {
	e := newSettleEnv(t, "alice", "bob")
	e.earn("alice", arena.LedgerVote, 5)
	e.settle()
	e.earn("alice", arena.LedgerVote, 2)
	if _, err := e.settler(stopAt("broadcast")).Run(e.ctx, false); !errors.Is(err, errCrash) {
		t.Fatal(err)
	}
	onEpoch, _, err := chain.CurrentRoot(e.ctx, e.chain, e.distributor)
	if err != nil || onEpoch != 2 {
		t.Fatalf("epoch 2 is not on chain: %d %v", onEpoch, err)
	}
	if _, err := e.wallets().ClaimFor(e.ctx, e.users["alice"], ""); arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "Epoch 2 was just published") {
		t.Fatalf("between mined and recorded: %v", err)
	}
	txs := e.txsOf()
	rc, err := e.chain.TransactionReceipt(e.ctx, txs[0].Hash)
	if err != nil {
		t.Fatal(err)
	}
	e.reorgFrom(rc.BlockNumber.Uint64(), true)
	ci, err := e.wallets().ClaimFor(e.ctx, e.users["alice"], "")
	if err != nil || ci.Epoch.Number != 1 {
		t.Fatalf("after epoch 2's block left the chain: %+v %v", ci, err)
	}
	e.claimAll(map[string]int64{"alice": 5})
	if r := e.settle(); r.Epoch.Number != 2 || r.Epoch.State != rewards.StateConfirmed {
		t.Fatalf("epoch 2 after the reorg: %+v", r.Epoch)
	}
	e.claimAll(map[string]int64{"alice": 7})

	inst := bindings.NewRewardsDistributor().Instance(e.chain, e.distributor)
	tx, err := bind.Transact(inst, e.admin.auth, bindings.NewRewardsDistributor().PackGrantRole(chain.RootPublisherRole, e.keys["bob"].addr))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.WaitReceipt(e.ctx, e.chain, tx); err != nil {
		t.Fatal(err)
	}
	if _, err := chain.PublishRoot(e.ctx, e.chain, e.keys["bob"].auth, e.distributor, 3, common.HexToHash("0xf0"), new(big.Int)); err != nil {
		t.Fatal(err)
	}
	if _, err := e.wallets().ClaimFor(e.ctx, e.users["alice"], ""); arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "not one this arena settled") {
		t.Fatalf("a foreign root: %v", err)
	}
}
