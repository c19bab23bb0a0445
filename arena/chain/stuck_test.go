package chain_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// The stuck cases of issue 22: each leaves an epoch whose recorded transaction can no
// longer be mined, and each must end with the epoch confirmed, one root on chain, and
// claims paying exactly what was earned.

// badFirst is the publisher's node, except that the first root transaction it signs is
// the one the test makes (too cheap, too little gas), as a careless or unlucky signature
// would be.
type badFirst struct {
	*chain.Client
	first func(distributor common.Address, epoch uint64, root common.Hash, total *big.Int) *rewards.SignedTx
	used  bool
}

func (b *badFirst) SignRoot(ctx context.Context, distributor common.Address, epoch uint64, root common.Hash, total *big.Int, o rewards.SignOptions) (*rewards.SignedTx, error) {
	if !b.used {
		b.used = true
		return b.first(distributor, epoch, root, total), nil
	}
	return b.Client.SignRoot(ctx, distributor, epoch, root, total, o)
}

// signWith signs publishRoot(epoch, root, total) with the admin's key and the given gas
// limit and fees (nil: the node's suggestions).
func (e *settleEnv) signWith(distributor common.Address, epoch uint64, root common.Hash, total *big.Int, gas uint64, tip, feeCap *big.Int) *rewards.SignedTx {
	e.t.Helper()
	auth := *e.admin.auth
	auth.NoSend, auth.GasLimit, auth.GasTipCap, auth.GasFeeCap = true, gas, tip, feeCap
	tx, err := chain.PublishRoot(e.ctx, e.chain, &auth, distributor, epoch, root, total)
	if err != nil {
		e.t.Fatal(err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		e.t.Fatal(err)
	}
	return &rewards.SignedTx{Hash: tx.Hash(), Raw: raw, Nonce: tx.Nonce(), TipCap: tx.GasTipCap(), FeeCap: tx.GasFeeCap(), Gas: tx.Gas()}
}

func (e *settleEnv) badSettler(first func(common.Address, uint64, common.Hash, *big.Int) *rewards.SignedTx, hook func(string) error) *rewards.Settler {
	s := e.settler(hook)
	s.Chain = &badFirst{Client: s.Chain.(*chain.Client), first: first}
	return s
}

// stopAt is an AfterStep hook that stops the run at step, as kill -9 would.
func stopAt(step string) func(string) error {
	return func(s string) error {
		if s == step {
			return errCrash
		}
		return nil
	}
}

// txsOf returns the transactions recorded for the distributor's newest epoch.
func (e *settleEnv) txsOf() []rewards.EpochTx {
	e.t.Helper()
	last, err := e.db.LastEpoch(e.ctx, e.distributor)
	if err != nil || last == nil {
		e.t.Fatalf("no epoch: %v", err)
	}
	txs, err := e.db.EpochTxs(e.ctx, last.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return txs
}

func (e *settleEnv) wantTxs(n int, lastReason string) {
	e.t.Helper()
	txs := e.txsOf()
	if len(txs) != n || !strings.Contains(txs[n-1].Reason, lastReason) {
		var rs []string
		for _, t := range txs {
			rs = append(rs, t.Reason)
		}
		e.t.Fatalf("%d transactions recorded (%q), want %d, the last for %q", len(txs), rs, n, lastReason)
	}
}

// claimAll claims for every name and checks each holds its points' worth.
func (e *settleEnv) claimAll(points map[string]int64) {
	e.t.Helper()
	for name, p := range points {
		if err := e.claim(name); err != nil {
			e.t.Fatalf("%s: %v", name, err)
		}
		e.wantTokens(name, p)
	}
}

// send has k send a plain transfer with the given nonce and tip (nil: suggested).
func (e *settleEnv) send(k key, nonce uint64, tip *big.Int) *types.Transaction {
	e.t.Helper()
	if tip == nil {
		var err error
		if tip, err = e.chain.SuggestGasTipCap(e.ctx); err != nil {
			e.t.Fatal(err)
		}
	}
	h, err := e.chain.HeaderByNumber(e.ctx, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	chainID, _ := e.chain.ChainID(e.ctx)
	fee := new(big.Int).Add(new(big.Int).Mul(h.BaseFee, big.NewInt(2)), tip)
	tx, err := types.SignNewTx(k.k, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{
		ChainID: chainID, Nonce: nonce, GasTipCap: tip, GasFeeCap: fee, Gas: 21000, To: &k.addr, Value: big.NewInt(1)})
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.chain.SendTransaction(e.ctx, tx); err != nil {
		e.t.Fatal(err)
	}
	return tx
}

// TestSettleResendsADroppedTransaction: the root transaction is broadcast, then the node
// forgets it (dropped from its pool, here by a rollback). The run waits its bounded time
// and stops; the next sends the recorded transaction again.
func TestSettleResendsADroppedTransaction(t *testing.T) {
	e := newSettleEnv(t, "alice")
	e.earn("alice", arena.LedgerVote, 21)
	e.chain.hold.Store(true)
	s := e.settler(nil)
	s.Wait = 200 * time.Millisecond
	_, err := s.Run(e.ctx, false)
	if arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), "not mined after") {
		t.Fatalf("a run whose transaction is never mined: %v", err)
	}
	e.chain.sim.Rollback() // the node drops it
	e.chain.hold.Store(false)
	r := e.settle()
	if !r.Resumed || r.Epoch.State != rewards.StateConfirmed {
		t.Fatalf("after the drop: %+v", r.Epoch)
	}
	e.wantTxs(1, "first")
	e.wantAgree(1)
	e.claimAll(map[string]int64{"alice": 21})
}

// TestSettleReplacesAnUnderpricedTransaction: the first transaction's fee cap is below
// the base fee, so it waits in the pool for ever. It is replaced at the same nonce with
// higher fees; a run stopped after recording the replacement sends that one.
func TestSettleReplacesAnUnderpricedTransaction(t *testing.T) {
	for _, stop := range []string{"", "resigned"} {
		t.Run("stop at "+stop, func(t *testing.T) {
			e := newSettleEnv(t, "alice", "bob")
			e.earn("alice", arena.LedgerVote, 9)
			e.earn("bob", arena.LedgerVote, 4)
			cheap := func(d common.Address, epoch uint64, root common.Hash, total *big.Int) *rewards.SignedTx {
				return e.signWith(d, epoch, root, total, 200_000, big.NewInt(1), big.NewInt(1))
			}
			r, err := e.badSettler(cheap, stopAt(stop)).Run(e.ctx, false)
			if stop != "" {
				if !errors.Is(err, errCrash) {
					t.Fatalf("did not stop at %s: %v", stop, err)
				}
				if r, err = e.settler(nil).Run(e.ctx, false); err != nil {
					t.Fatal(err)
				}
			} else if err != nil {
				t.Fatal(err)
			}
			if r.Epoch.State != rewards.StateConfirmed {
				t.Fatalf("epoch %+v", r.Epoch)
			}
			e.wantTxs(2, "below the base fee")
			e.wantAgree(1) // the replacement took the same nonce
			e.claimAll(map[string]int64{"alice": 9, "bob": 4})
		})
	}
}

// TestSettleResignsWhenTheNonceIsTaken: settlement stops after signing, and the
// operator's key then sends something else with that nonce. The recorded transaction
// can never be mined; the root is signed again with a fresh nonce.
func TestSettleResignsWhenTheNonceIsTaken(t *testing.T) {
	e := newSettleEnv(t, "alice")
	e.earn("alice", arena.LedgerVote, 15)
	if _, err := e.settler(stopAt("tx_sent")).Run(e.ctx, false); !errors.Is(err, errCrash) {
		t.Fatal(err)
	}
	e.send(e.admin, e.deployNonce, nil) // the key's next nonce, the one the root was signed with
	r := e.settle()
	if !r.Resumed || r.Epoch.State != rewards.StateConfirmed {
		t.Fatalf("after the nonce was taken: %+v", r.Epoch)
	}
	e.wantTxs(2, "used by another transaction")
	e.wantPublished(1, 1, 2)
	e.claimAll(map[string]int64{"alice": 15})
}

// TestSettleResignsAfterARevert: a root transaction that is mined but fails. Out of gas,
// the root is signed again and published. Refused by the contract (the key lost its
// publisher role), the run says what to do, and once the role is back it publishes.
func TestSettleResignsAfterARevert(t *testing.T) {
	t.Run("out of gas", func(t *testing.T) {
		e := newSettleEnv(t, "alice")
		e.earn("alice", arena.LedgerVote, 11)
		starved := func(d common.Address, epoch uint64, root common.Hash, total *big.Int) *rewards.SignedTx {
			return e.signWith(d, epoch, root, total, 30_000, nil, nil)
		}
		r, err := e.badSettler(starved, nil).Run(e.ctx, false)
		if err != nil || r.Epoch.State != rewards.StateConfirmed {
			t.Fatalf("%+v %v", r, err)
		}
		e.wantTxs(2, "reverted")
		e.wantPublished(1, 1, 2) // the reverted transaction used a nonce
		e.claimAll(map[string]int64{"alice": 11})
	})
	t.Run("role revoked", func(t *testing.T) {
		e := newSettleEnv(t, "alice", "carol")
		e.earn("alice", arena.LedgerVote, 8)
		inst := bindings.NewRewardsDistributor().Instance(e.chain, e.distributor)
		dist := bindings.NewRewardsDistributor()
		grant := func(to common.Address) {
			tx, err := bind.Transact(inst, e.admin.auth, dist.PackGrantRole(chain.DefaultAdminRole, to))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chain.WaitReceipt(e.ctx, e.chain, tx); err != nil {
				t.Fatal(err)
			}
		}
		carol := e.keys["carol"]
		grant(carol.addr) // a second admin, who revokes the publisher's role
		adminTxs := uint64(1)

		e.chain.hold.Store(true)
		s := e.settler(nil)
		s.Wait = 100 * time.Millisecond
		if _, err := s.Run(e.ctx, false); arena.ErrorCode(err) != arena.EUNAVAILABLE {
			t.Fatalf("held run: %v", err)
		}
		revoke := *carol.auth
		revoke.GasTipCap = big.NewInt(50_000_000_000) // mined before the root
		if _, err := bind.Transact(inst, &revoke, dist.PackRevokeRole(chain.RootPublisherRole, e.admin.addr)); err != nil {
			t.Fatal(err)
		}
		e.chain.sim.Commit()
		e.chain.hold.Store(false)
		adminTxs++ // the reverted root
		_, err := e.settler(nil).Run(e.ctx, false)
		if arena.ErrorCode(err) != arena.EFORBIDDEN || !strings.Contains(err.Error(), "ROOT_PUBLISHER_ROLE") || !strings.Contains(err.Error(), "run arena settle again") {
			t.Fatalf("publishing without the role: %v", err)
		}
		tx, err := bind.Transact(inst, carol.auth, dist.PackGrantRole(chain.RootPublisherRole, e.admin.addr))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chain.WaitReceipt(e.ctx, e.chain, tx); err != nil {
			t.Fatal(err)
		}
		r := e.settle()
		if r.Epoch.State != rewards.StateConfirmed {
			t.Fatalf("%+v", r.Epoch)
		}
		adminTxs++
		e.wantTxs(2, "reverted")
		e.wantPublished(1, 1, adminTxs)
		e.claimAll(map[string]int64{"alice": 8})
	})
}

// TestSettleRenumbersATakenEpoch: another publisher takes the epoch's number, before the
// root is signed or while its transaction waits. The root does not depend on the number,
// so the epoch takes the next free one and is published; its history says why.
func TestSettleRenumbersATakenEpoch(t *testing.T) {
	for _, when := range []string{"before signing", "while pending"} {
		t.Run(when, func(t *testing.T) {
			e := newSettleEnv(t, "alice", "bob")
			e.earn("alice", arena.LedgerVote, 13)
			inst := bindings.NewRewardsDistributor().Instance(e.chain, e.distributor)
			dist := bindings.NewRewardsDistributor()
			tx, err := bind.Transact(inst, e.admin.auth, dist.PackGrantRole(chain.RootPublisherRole, e.keys["bob"].addr))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := chain.WaitReceipt(e.ctx, e.chain, tx); err != nil {
				t.Fatal(err)
			}
			adminTxs := uint64(1)
			foreign := func() {
				auth := *e.keys["bob"].auth
				auth.GasTipCap = big.NewInt(50_000_000_000)
				if _, err := chain.PublishRoot(e.ctx, e.chain, &auth, e.distributor, 1, common.HexToHash("0xf0"), new(big.Int)); err != nil {
					t.Fatal(err)
				}
			}
			if when == "before signing" {
				if _, err := e.settler(stopAt("tree_built")).Run(e.ctx, false); !errors.Is(err, errCrash) {
					t.Fatal(err)
				}
				foreign()
			} else {
				e.chain.hold.Store(true)
				s := e.settler(nil)
				s.Wait = 100 * time.Millisecond
				if _, err := s.Run(e.ctx, false); arena.ErrorCode(err) != arena.EUNAVAILABLE {
					t.Fatalf("held run: %v", err)
				}
				foreign()
				e.chain.sim.Commit() // bob's root first, then ours, which reverts
				e.chain.hold.Store(false)
				adminTxs++
			}
			r := e.settle()
			if r.Epoch.State != rewards.StateConfirmed || r.Epoch.Number != 2 {
				t.Fatalf("%+v", r.Epoch)
			}
			adminTxs++
			e.wantPublished(2, 1, adminTxs)
			evs, err := e.db.EpochEvents(e.ctx, r.Epoch.ID)
			if err != nil {
				t.Fatal(err)
			}
			renumbered := false
			for _, ev := range evs {
				renumbered = renumbered || (ev.Kind == rewards.EventRenumbered && strings.Contains(ev.Detail, "epoch 1 becomes 2"))
			}
			if !renumbered {
				t.Fatalf("no renumbering in the history: %+v", evs)
			}
			e.claimAll(map[string]int64{"alice": 13})
			e.earn("alice", arena.LedgerVote, 2)
			if r := e.settle(); r.Epoch.Number != 3 {
				t.Fatalf("the next epoch is %d", r.Epoch.Number)
			}
			e.claimAll(map[string]int64{"alice": 15})
		})
	}
}

// lateReceipts hides receipts for the first few lookups, as a node does whose receipt
// index lags behind its state (geth answers "transaction indexing is in progress").
type lateReceipts struct {
	*chain.Client
	hide int
}

func (l *lateReceipts) Receipt(ctx context.Context, hash common.Hash) (*rewards.Receipt, error) {
	if l.hide > 0 {
		l.hide--
		return nil, nil
	}
	return l.Client.Receipt(ctx, hash)
}

// TestSettleWaitsForALateReceipt: the distributor already holds the epoch's own root
// while the node shows no receipt for it yet. That is the epoch's transaction, not a
// foreign root: the run waits for the receipt instead of renumbering and publishing the
// root a second time.
func TestSettleWaitsForALateReceipt(t *testing.T) {
	e := newSettleEnv(t, "alice")
	e.earn("alice", arena.LedgerVote, 12)
	s := e.settler(nil)
	s.Chain = &lateReceipts{Client: s.Chain.(*chain.Client), hide: 6}
	r, err := s.Run(e.ctx, false)
	if err != nil || r.Epoch.Number != 1 || r.Epoch.State != rewards.StateConfirmed {
		t.Fatalf("%+v %v", r, err)
	}
	e.wantTxs(1, "first")
	e.wantAgree(1)
	e.claimAll(map[string]int64{"alice": 12})
}
