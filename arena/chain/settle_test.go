package chain_test

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/contracts/bindings"
)

// autoMine mines a block after every accepted transaction, as geth --dev does, unless
// hold is set: then transactions wait in the pool until the test commits a block.
type autoMine struct {
	simulated.Client
	sim  *simulated.Backend
	hold *atomic.Bool
}

func (c autoMine) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	if !c.hold.Load() {
		c.sim.Commit()
	}
	return nil
}

type key struct {
	k    *ecdsa.PrivateKey
	addr common.Address
	auth *bind.TransactOpts
}

type settleEnv struct {
	t                  *testing.T
	ctx                context.Context
	db                 *sqlstore.DB
	chain              autoMine
	admin              key
	users              map[string]int64
	keys               map[string]key
	token, distributor common.Address
	clock              *arenatest.Clock
	policy             rewards.Policy
	deployNonce        uint64 // the admin's nonce after deploying
}

func newSettleEnv(t *testing.T, wallets ...string) *settleEnv {
	t.Helper()
	return newSettleEnvWith(t, nil, wallets...)
}

// newSettleEnvWith is newSettleEnv deploying with the roles and limits cfg returns (it
// may name the wallets' keys); with nil, the admin's key holds every role and nothing
// is limited.
func newSettleEnvWith(t *testing.T, cfg func(*settleEnv) chain.DeployConfig, wallets ...string) *settleEnv {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	e := &settleEnv{t: t, ctx: ctx, db: db, users: map[string]int64{}, keys: map[string]key{},
		clock: arenatest.NewClock(time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)), policy: rewards.DefaultPolicy()}
	mk := func() key {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		return key{k: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
	}
	e.admin = mk()
	alloc := types.GenesisAlloc{e.admin.addr: {Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)}}
	for _, name := range wallets {
		k := mk()
		alloc[k.addr] = types.Account{Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil)}
		e.keys[name] = k
	}
	sim := simulated.NewBackend(alloc)
	t.Cleanup(func() { sim.Close() })
	e.chain = autoMine{Client: sim.Client(), sim: sim, hold: new(atomic.Bool)}
	chainID, err := e.chain.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.admin.auth = bind.NewKeyedTransactor(e.admin.k, chainID)
	for name, k := range e.keys {
		k.auth = bind.NewKeyedTransactor(k.k, chainID)
		e.keys[name] = k
	}
	var dc chain.DeployConfig
	if cfg != nil {
		dc = cfg(e)
	}
	if e.token, e.distributor, err = chain.Deploy(ctx, e.chain, e.admin.auth, dc); err != nil {
		t.Fatal(err)
	}
	if e.deployNonce, err = e.chain.PendingNonceAt(ctx, e.admin.addr); err != nil {
		t.Fatal(err)
	}
	for _, name := range wallets {
		e.addUser(name, true)
	}
	return e
}

// addUser creates an account and, if link, links its wallet through a nonce.
func (e *settleEnv) addUser(name string, link bool) int64 {
	e.t.Helper()
	u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "x", CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	e.users[name] = u.ID
	if link {
		n := rewards.SIWENonce{Nonce: "nonce" + name + "0000", UserID: u.ID, Address: e.keys[name].addr, IssuedAt: e.clock.Now(), ExpiresAt: e.clock.Now().Add(time.Hour)}
		if err := e.db.CreateNonce(e.ctx, n); err != nil {
			e.t.Fatal(err)
		}
		if err := e.db.LinkWallet(e.ctx, u.ID, n.Address, n.Nonce, e.clock.Now(), 0); err != nil {
			e.t.Fatal(err)
		}
	}
	return u.ID
}

var refs int

func (e *settleEnv) earn(name string, reason string, points int64) {
	e.t.Helper()
	refs++
	if _, err := e.db.AppendLedger(e.ctx, arena.LedgerEntry{UserID: e.users[name], Amount: points, Reason: reason, Ref: "t" + strconv.Itoa(refs), CreatedAt: e.clock.Now()}); err != nil {
		e.t.Fatal(err)
	}
}

// settler settles on the test chain, asking it every few milliseconds and waiting at most
// two seconds, so that a test which holds mining sees a run stop soon.
func (e *settleEnv) settler(hook func(string) error) *rewards.Settler {
	return &rewards.Settler{Store: e.db, Chain: &chain.Client{Backend: e.chain, Auth: e.admin.auth}, Distributor: e.distributor, Policy: e.policy,
		Clock: e.clock, Log: arenatest.Quiet(), AfterStep: hook, Poll: 5 * time.Millisecond, Wait: 2 * time.Second}
}

func (e *settleEnv) settle() *rewards.SettleResult {
	e.t.Helper()
	r, err := e.settler(nil).Run(e.ctx, false)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// wallets is the wallet service as the web server builds it with a node: it serves the
// proof of the epoch whose root the distributor holds now.
func (e *settleEnv) wallets() *rewards.Wallets {
	return &rewards.Wallets{Store: e.db, Clock: e.clock, Log: arenatest.Quiet(), PackClaim: chain.PackClaim,
		Claimed: &chain.Client{Backend: e.chain}, Distributor: e.distributor}
}

// claim sends, from name's wallet, the claim calldata the wallet service offers name.
func (e *settleEnv) claim(name string) error {
	e.t.Helper()
	k := e.keys[name]
	ci, err := e.wallets().ClaimFor(e.ctx, e.users[name], "")
	if err != nil {
		return err
	}
	if !rewards.VerifyProof(ci.Epoch.Root, k.addr, ci.Entry.Cumulative, ci.Proof) {
		e.t.Fatalf("the proof served to %s does not verify", name)
	}
	inst := bindings.NewRewardsDistributor().Instance(e.chain, e.distributor)
	tx, err := bind.Transact(inst, k.auth, ci.Calldata)
	if err != nil {
		return err
	}
	_, err = chain.WaitReceipt(e.ctx, e.chain, tx)
	return err
}

func (e *settleEnv) tokens(name string) *big.Int {
	e.t.Helper()
	b, err := chain.TokenBalance(e.ctx, e.chain, e.token, e.keys[name].addr)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func (e *settleEnv) wantTokens(name string, points int64) {
	e.t.Helper()
	if got, want := e.tokens(name), e.policy.TokenUnits(points); got.Cmp(want) != 0 {
		e.t.Fatalf("%s holds %s token units, want %s (%d points)", name, got, want, points)
	}
}

// wantAgree checks that the chain's current epoch and root are the database's latest
// confirmed epoch, that no epoch is left open, and that the admin sent exactly one root
// transaction per epoch.
func (e *settleEnv) wantAgree(epochs uint64) {
	e.t.Helper()
	e.wantPublished(epochs, int(epochs), epochs)
}

// wantPublished checks that the chain's current epoch and root are the database's newest
// epoch's, confirmed, that the database has rows epochs, no epoch left open, and that the
// admin's key sent txs transactions since deploying.
func (e *settleEnv) wantPublished(epochs uint64, rows int, txs uint64) {
	e.t.Helper()
	onEpoch, onRoot, err := chain.CurrentRoot(e.ctx, e.chain, e.distributor)
	if err != nil {
		e.t.Fatal(err)
	}
	last, err := e.db.LastEpoch(e.ctx, e.distributor)
	if err != nil || last == nil {
		e.t.Fatalf("no epoch in the database: %v", err)
	}
	if onEpoch != epochs || last.Number != epochs || last.State != rewards.StateConfirmed || last.Root != onRoot {
		e.t.Fatalf("chain has epoch %d root %s; database has epoch %d (%s) root %s; want %d confirmed",
			onEpoch, onRoot.Hex(), last.Number, last.State, last.Root.Hex(), epochs)
	}
	all, err := e.db.Epochs(e.ctx)
	if err != nil || len(all) != rows {
		e.t.Fatalf("%d epoch rows, want %d (%v)", len(all), rows, err)
	}
	if open, err := e.db.OpenEpoch(e.ctx, e.distributor); err != nil || open != nil {
		e.t.Fatalf("epoch left open: %+v %v", open, err)
	}
	nonce, err := e.chain.PendingNonceAt(e.ctx, e.admin.addr)
	if err != nil {
		e.t.Fatal(err)
	}
	if nonce != e.deployNonce+txs {
		e.t.Fatalf("the publisher's key sent %d transactions, want %d", nonce-e.deployNonce, txs)
	}
}

func TestSettleTwoEpochsCumulative(t *testing.T) {
	e := newSettleEnv(t, "alice", "bob", "carol")
	e.addUser("dave", false) // no wallet: earns, is not settled
	e.earn("alice", arena.LedgerVote, 100)
	e.earn("bob", arena.LedgerVote, 40)
	e.earn("bob", arena.LedgerSignup, 10)
	e.earn("dave", arena.LedgerVote, 70)
	e.earn("carol", arena.LedgerHold, 25) // on hold: not settled

	dry, err := e.settler(nil).Run(e.ctx, true)
	if err != nil || !dry.DryRun || len(dry.Entries) != 2 || dry.Epoch.Number != 1 {
		t.Fatalf("dry run: %+v %v", dry, err)
	}
	if all, _ := e.db.Epochs(e.ctx); len(all) != 0 {
		t.Fatal("a dry run stored an epoch")
	}

	r := e.settle()
	if r.Epoch.Number != 1 || r.Epoch.State != rewards.StateConfirmed || len(r.Entries) != 2 || r.Epoch.Root != dry.Epoch.Root {
		t.Fatalf("epoch 1: %+v", r.Epoch)
	}
	e.wantAgree(1)
	if err := e.claim("alice"); err != nil {
		t.Fatal(err)
	}
	e.wantTokens("alice", 100)
	if _, err := e.wallets().ClaimFor(e.ctx, e.users["carol"], ""); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("carol's held points were settled: %v", err)
	}
	if r := e.settle(); !r.Nothing {
		t.Fatalf("a second run with nothing new started epoch %d", r.Epoch.Number)
	}

	e.earn("alice", arena.LedgerVote, 30)
	e.earn("bob", arena.LedgerVote, 20)
	e.earn("carol", arena.LedgerRelease, 25)
	e.earn("alice", arena.LedgerClawback, -500) // more than alice was paid: her total stays
	e.earn("alice", arena.LedgerAdjustment, 530)
	r = e.settle()
	if r.Epoch.Number != 2 || len(r.Entries) != 3 {
		t.Fatalf("epoch 2: %+v, %d entries", r.Epoch, len(r.Entries))
	}
	e.wantAgree(2)
	for _, name := range []string{"alice", "bob", "carol"} {
		if err := e.claim(name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	e.wantTokens("alice", 160) // cumulative: 100 claimed in epoch 1, 60 more now
	e.wantTokens("bob", 70)
	e.wantTokens("carol", 25)
	if err := e.claim("bob"); err == nil {
		t.Fatal("claiming twice paid again")
	} else if name, _ := chain.RevertErrorName(err); name != "NothingToClaim" {
		t.Fatalf("second claim: %v", err)
	}
}

var errCrash = errors.New("simulated crash")

// TestSettleResumesAfterACrashAtEachStep stops settlement after each recorded step and
// runs it again: the same epoch is finished, one root is sent, and claims pay exactly.
func TestSettleResumesAfterACrashAtEachStep(t *testing.T) {
	for _, step := range []string{"snapshotted", "tree_built", "tx_sent", "broadcast", "mined", "confirmed"} {
		t.Run(step, func(t *testing.T) {
			e := newSettleEnv(t, "alice", "bob")
			e.earn("alice", arena.LedgerVote, 12)
			e.earn("bob", arena.LedgerVote, 7)
			e.settle() // epoch 1
			e.earn("alice", arena.LedgerVote, 5)
			e.earn("bob", arena.LedgerVote, 3)

			crashed := false
			_, err := e.settler(func(s string) error {
				if s == step {
					crashed = true
					return errCrash
				}
				return nil
			}).Run(e.ctx, false)
			if !errors.Is(err, errCrash) || !crashed {
				t.Fatalf("run did not stop at %s: %v", step, err)
			}
			open, err := e.db.OpenEpoch(e.ctx, e.distributor)
			if err != nil {
				t.Fatal(err)
			}
			if step == "confirmed" {
				if open != nil {
					t.Fatalf("epoch left %s after its confirmation was recorded", open.State)
				}
			} else if open == nil || open.Number != 2 {
				t.Fatalf("no open epoch 2 after stopping at %s: %+v", step, open)
			}
			// Points earned after the crash belong to the next epoch, not this one.
			e.earn("bob", arena.LedgerVote, 100)
			r := e.settle()
			if step == "confirmed" {
				if r.Resumed || r.Epoch.Number != 3 {
					t.Fatalf("after a crash past confirmation the next run should start epoch 3: %+v", r.Epoch)
				}
				e.wantAgree(3)
				return
			}
			if !r.Resumed || r.Epoch.Number != 2 {
				t.Fatalf("the re-run did not finish epoch 2: resumed=%v %+v", r.Resumed, r.Epoch)
			}
			e.wantAgree(2)
			for _, n := range []string{"alice", "bob"} {
				if err := e.claim(n); err != nil {
					t.Fatalf("%s: %v", n, err)
				}
			}
			e.wantTokens("alice", 17)
			e.wantTokens("bob", 10)
			if r := e.settle(); r.Epoch.Number != 3 || r.Resumed {
				t.Fatalf("epoch 3: %+v", r.Epoch)
			}
			e.wantAgree(3)
			if err := e.claim("bob"); err != nil {
				t.Fatal(err)
			}
			e.wantTokens("bob", 110)
		})
	}
}
