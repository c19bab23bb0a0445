package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
)

// instantChain is the simulated backend's client that mines a block after every accepted
// transaction, like geth --dev does, so code that waits for receipts works unchanged.
type instantChain struct {
	simulated.Client
	sim *simulated.Backend
}

func (c instantChain) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	c.sim.Commit()
	return nil
}

type account struct {
	key  *ecdsa.PrivateKey
	addr common.Address
	auth *bind.TransactOpts
}

type testChain struct {
	backend            instantChain
	admin, alice, bob  account
	carol              account
	token, distributor common.Address
}

func newTestChain(t *testing.T, options ...func(*node.Config, *ethconfig.Config)) *testChain {
	t.Helper()
	mk := func() account {
		k, err := crypto.GenerateKey()
		if err != nil {
			t.Fatal(err)
		}
		return account{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
	}
	c := &testChain{admin: mk(), alice: mk(), bob: mk(), carol: mk()}
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil) // 100 ETH
	alloc := types.GenesisAlloc{}
	for _, a := range []account{c.admin, c.alice, c.bob, c.carol} {
		alloc[a.addr] = types.Account{Balance: eth}
	}
	sim := simulated.NewBackend(alloc, options...)
	t.Cleanup(func() { sim.Close() })
	c.backend = instantChain{Client: sim.Client(), sim: sim}
	chainID, err := c.backend.ChainID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []*account{&c.admin, &c.alice, &c.bob, &c.carol} {
		a.auth = bind.NewKeyedTransactor(a.key, chainID)
	}
	return c
}

func (c *testChain) deploy(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var err error
	c.token, c.distributor, err = Deploy(ctx, c.backend, c.admin.auth, DeployConfig{})
	if err != nil {
		t.Fatal(err)
	}
}

// publish publishes tree's root for epoch, with its total, and returns the gas used.
func (c *testChain) publish(t *testing.T, epoch uint64, tree *rewards.Tree) uint64 {
	t.Helper()
	ctx := context.Background()
	tx, err := PublishRoot(ctx, c.backend, c.admin.auth, c.distributor, epoch, tree.Root(), treeTotal(tree))
	if err != nil {
		t.Fatal(err)
	}
	r, err := WaitReceipt(ctx, c.backend, tx)
	if err != nil {
		t.Fatal(err)
	}
	return r.GasUsed
}

// claim sends claim calldata from `from` as the browser would, and returns the receipt or
// the error (a revert shows up as a gas estimation error carrying the revert data).
func (c *testChain) claim(from account, data []byte) (*types.Receipt, error) {
	ctx := context.Background()
	inst := bindings.NewRewardsDistributor().Instance(c.backend, c.distributor)
	opts := *from.auth
	opts.Context = ctx
	tx, err := bind.Transact(inst, &opts, data)
	if err != nil {
		return nil, err
	}
	return WaitReceipt(ctx, c.backend, tx)
}

func wantRevert(t *testing.T, err error, name string) {
	t.Helper()
	if err == nil {
		t.Fatalf("succeeded, want revert %s", name)
	}
	got, ok := RevertErrorName(err)
	if !ok || got != name {
		t.Fatalf("got error %v (decoded %q), want revert %s", err, got, name)
	}
}

func (c *testChain) balance(t *testing.T, a common.Address) *big.Int {
	t.Helper()
	b, err := TokenBalance(context.Background(), c.backend, c.token, a)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// treeTotal is the sum of tree's cumulative amounts, as settlement declares it.
func treeTotal(tree *rewards.Tree) *big.Int {
	sum := new(big.Int)
	for _, c := range tree.Claims() {
		sum.Add(sum, c.Cumulative)
	}
	return sum
}

func units(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func mustTree(t *testing.T, entries ...rewards.Entry) *rewards.Tree {
	t.Helper()
	tree, err := rewards.BuildTree(entries)
	if err != nil {
		t.Fatal(err)
	}
	return tree
}

func mustClaim(t *testing.T, tree *rewards.Tree, a common.Address) rewards.Claim {
	t.Helper()
	c, err := tree.Claim(a)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDeployRoles(t *testing.T) {
	c := newTestChain(t)
	c.deploy(t)
	ctx := context.Background()
	opts := &bind.CallOpts{Context: ctx}
	tok := bindings.NewArenaToken()
	tokInst := tok.Instance(c.backend, c.token)
	dist := bindings.NewRewardsDistributor()
	distInst := dist.Instance(c.backend, c.distributor)

	hasRole := func(inst *bind.BoundContract, pack func([32]byte, common.Address) []byte, unpack func([]byte) (bool, error), role common.Hash, who common.Address) bool {
		ok, err := bind.Call(inst, opts, pack(role, who), unpack)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !hasRole(tokInst, tok.PackHasRole, tok.UnpackHasRole, MinterRole, c.distributor) {
		t.Fatal("distributor cannot mint")
	}
	if hasRole(tokInst, tok.PackHasRole, tok.UnpackHasRole, MinterRole, c.admin.addr) {
		t.Fatal("deployer can mint directly")
	}
	if !hasRole(tokInst, tok.PackHasRole, tok.UnpackHasRole, DefaultAdminRole, c.admin.addr) ||
		!hasRole(distInst, dist.PackHasRole, dist.UnpackHasRole, DefaultAdminRole, c.admin.addr) {
		t.Fatal("deployer is not admin")
	}
	if !hasRole(distInst, dist.PackHasRole, dist.UnpackHasRole, RootPublisherRole, c.admin.addr) {
		t.Fatal("deployer cannot publish")
	}
	// The role constants match the contracts'.
	minter, err := bind.Call(tokInst, opts, tok.PackMINTERROLE(), tok.UnpackMINTERROLE)
	if err != nil || common.Hash(minter) != MinterRole {
		t.Fatalf("MINTER_ROLE %x, %v", minter, err)
	}
	publisher, err := bind.Call(distInst, opts, dist.PackROOTPUBLISHERROLE(), dist.UnpackROOTPUBLISHERROLE)
	if err != nil || common.Hash(publisher) != RootPublisherRole {
		t.Fatalf("ROOT_PUBLISHER_ROLE %x, %v", publisher, err)
	}
	name, err := bind.Call(tokInst, opts, tok.PackName(), tok.UnpackName)
	if err != nil || name != TokenName {
		t.Fatalf("name %q, %v", name, err)
	}
	epoch, root, err := CurrentRoot(ctx, c.backend, c.distributor)
	if err != nil || epoch != 0 || root != (common.Hash{}) {
		t.Fatalf("fresh distributor at epoch %d root %s, %v", epoch, root, err)
	}

	// A non-publisher cannot publish; a non-minter (even the admin) cannot mint.
	_, err = PublishRoot(ctx, c.backend, c.alice.auth, c.distributor, 1, common.Hash{1}, big.NewInt(1))
	wantRevert(t, err, "AccessControlUnauthorizedAccount")
	for _, who := range []account{c.admin, c.alice} {
		_, err = bind.Transact(tokInst, who.auth, tok.PackMint(who.addr, big.NewInt(1)))
		wantRevert(t, err, "AccessControlUnauthorizedAccount")
	}
	// A non-admin cannot grant itself a role.
	_, err = bind.Transact(distInst, c.alice.auth, dist.PackGrantRole(RootPublisherRole, c.alice.addr))
	wantRevert(t, err, "AccessControlUnauthorizedAccount")
}

func TestCumulativeClaims(t *testing.T) {
	c := newTestChain(t)
	c.deploy(t)
	ctx := context.Background()

	// Before any root, nothing can be claimed.
	_, err := c.claim(c.alice, PackClaim(c.alice.addr, units(1), common.Hash{}, nil))
	wantRevert(t, err, "StaleRoot")

	// Epoch 1: alice has earned 100 tokens, bob 50.
	tree1 := mustTree(t, rewards.Entry{Account: c.alice.addr, Cumulative: units(100)}, rewards.Entry{Account: c.bob.addr, Cumulative: units(50)})
	gasPublish1 := c.publish(t, 1, tree1)
	epoch, root, err := CurrentRoot(ctx, c.backend, c.distributor)
	if err != nil || epoch != 1 || root != tree1.Root() {
		t.Fatalf("after epoch 1: %d %s %v", epoch, root, err)
	}

	a1 := mustClaim(t, tree1, c.alice.addr)
	r, err := c.claim(c.alice, PackClaim(a1.Account, a1.Cumulative, tree1.Root(), a1.Proof))
	if err != nil {
		t.Fatal(err)
	}
	gasFirstClaim := r.GasUsed
	if got := c.balance(t, c.alice.addr); got.Cmp(units(100)) != 0 {
		t.Fatalf("alice has %s after epoch 1", got)
	}
	// The Claimed event says what was paid.
	dist := bindings.NewRewardsDistributor()
	var ev *bindings.RewardsDistributorClaimed
	for _, l := range r.Logs {
		if e, err := dist.UnpackClaimedEvent(l); err == nil {
			ev = e
		}
	}
	if ev == nil || ev.Account != c.alice.addr || ev.Amount.Cmp(units(100)) != 0 || ev.CumulativeAmount.Cmp(units(100)) != 0 {
		t.Fatalf("Claimed event %+v", ev)
	}

	// Claiming the same amount again: nothing to claim.
	_, err = c.claim(c.alice, PackClaim(a1.Account, a1.Cumulative, tree1.Root(), a1.Proof))
	wantRevert(t, err, "NothingToClaim")
	// Bob with alice's proof, or with more than he earned: invalid proof.
	_, err = c.claim(c.bob, PackClaim(c.bob.addr, units(50), tree1.Root(), a1.Proof))
	wantRevert(t, err, "InvalidProof")
	b1 := mustClaim(t, tree1, c.bob.addr)
	_, err = c.claim(c.bob, PackClaim(c.bob.addr, units(500), tree1.Root(), b1.Proof))
	wantRevert(t, err, "InvalidProof")
	// Carol, not in the tree, cannot claim alice's entry for herself.
	_, err = c.claim(c.carol, PackClaim(c.carol.addr, a1.Cumulative, tree1.Root(), a1.Proof))
	wantRevert(t, err, "InvalidProof")
	// A claim against a root that was never published is stale.
	_, err = c.claim(c.bob, PackClaim(b1.Account, b1.Cumulative, common.Hash{0xba, 0xd}, b1.Proof))
	wantRevert(t, err, "StaleRoot")

	// Epoch 2: alice reaches 250 in total, bob stays at 50 (he has not claimed yet), carol
	// joins with 30.
	tree2 := mustTree(t, rewards.Entry{Account: c.alice.addr, Cumulative: units(250)}, rewards.Entry{Account: c.bob.addr, Cumulative: units(50)}, rewards.Entry{Account: c.carol.addr, Cumulative: units(30)})
	gasPublish2 := c.publish(t, 2, tree2)

	// Bob's epoch 1 proof is now stale.
	_, err = c.claim(c.bob, PackClaim(b1.Account, b1.Cumulative, tree1.Root(), b1.Proof))
	wantRevert(t, err, "StaleRoot")
	// With the epoch 2 proof he gets everything at once.
	b2 := mustClaim(t, tree2, c.bob.addr)
	if _, err := c.claim(c.bob, PackClaim(b2.Account, b2.Cumulative, tree2.Root(), b2.Proof)); err != nil {
		t.Fatal(err)
	}
	// Alice receives only the difference, 150. Anyone may submit the claim for her: carol
	// pays the gas, alice gets the tokens.
	a2 := mustClaim(t, tree2, c.alice.addr)
	r, err = c.claim(c.carol, PackClaim(a2.Account, a2.Cumulative, tree2.Root(), a2.Proof))
	if err != nil {
		t.Fatal(err)
	}
	gasLaterClaim := r.GasUsed
	if got := c.balance(t, c.alice.addr); got.Cmp(units(250)) != 0 {
		t.Fatalf("alice has %s after epoch 2, want 250 tokens", got)
	}
	if got := c.balance(t, c.bob.addr); got.Cmp(units(50)) != 0 {
		t.Fatalf("bob has %s, want 50 tokens", got)
	}
	if got := c.balance(t, c.carol.addr); got.Sign() != 0 {
		t.Fatalf("carol was paid %s for submitting alice's claim", got)
	}
	claimed, err := ClaimedAmount(ctx, c.backend, c.distributor, c.alice.addr)
	if err != nil || claimed.Cmp(units(250)) != 0 {
		t.Fatalf("alice claimed %s, %v", claimed, err)
	}
	_, err = c.claim(c.alice, PackClaim(a2.Account, a2.Cumulative, tree2.Root(), a2.Proof))
	wantRevert(t, err, "NothingToClaim")

	// Epochs only go up.
	for _, e := range []uint64{1, 2} {
		_, err = PublishRoot(ctx, c.backend, c.admin.auth, c.distributor, e, common.Hash{0x33}, units(330))
		wantRevert(t, err, "EpochNotIncreasing")
	}
	if _, err := PublishRoot(ctx, c.backend, c.admin.auth, c.distributor, 3, common.Hash{}, units(330)); err == nil {
		t.Fatal("published an empty root")
	}

	// A claim that reverts on chain (gas estimation skipped) gives ErrReverted.
	opts := *c.alice.auth
	opts.GasLimit = 200_000
	tx, err := bind.Transact(dist.Instance(c.backend, c.distributor), &opts, PackClaim(a2.Account, a2.Cumulative, tree2.Root(), a2.Proof))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WaitReceipt(ctx, c.backend, tx); !errors.Is(err, ErrReverted) {
		t.Fatalf("reverted claim: %v", err)
	}

	t.Logf("gas (dev chain rules, tiny tree): publishRoot first epoch %d, later epoch %d; claim first %d, later (cumulative top-up) %d",
		gasPublish1, gasPublish2, gasFirstClaim, gasLaterClaim)
}

// osakaRules runs the simulated chain on today's mainnet rules (Osaka) instead of the
// dev chain's default, which also enables the upcoming Bogota fork and its EIP-8037
// state-gas metering, making first-time storage writes far dearer.
func osakaRules(_ *node.Config, ec *ethconfig.Config) {
	cfg := *ec.Genesis.Config
	cfg.BogotaTime = nil
	ec.Genesis.Config = &cfg
}

// TestGas reports the gas of publishing a root and of claims, on mainnet (Osaka) rules
// and on the dev chain's rules, with a tree of 100,000 wallets (a 17-hash proof).
func TestGas(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 100,000-entry tree")
	}
	entries := numberedEntries(rand.New(rand.NewPCG(9, 9)), 100_000-2)
	for _, rules := range []struct {
		name string
		opts []func(*node.Config, *ethconfig.Config)
	}{
		{"osaka", []func(*node.Config, *ethconfig.Config){osakaRules}},
		{"dev-bogota", nil},
	} {
		t.Run(rules.name, func(t *testing.T) {
			c := newTestChain(t, rules.opts...)
			c.deploy(t)
			tree1 := mustTree(t, append(entries, rewards.Entry{Account: c.alice.addr, Cumulative: units(7)}, rewards.Entry{Account: c.bob.addr, Cumulative: units(1)})...)
			pub1 := c.publish(t, 1, tree1)
			// Bob claims first, so alice's first claim is a typical one (the token's total
			// supply is already non-zero).
			b := mustClaim(t, tree1, c.bob.addr)
			if _, err := c.claim(c.bob, PackClaim(b.Account, b.Cumulative, tree1.Root(), b.Proof)); err != nil {
				t.Fatal(err)
			}
			a := mustClaim(t, tree1, c.alice.addr)
			r, err := c.claim(c.alice, PackClaim(a.Account, a.Cumulative, tree1.Root(), a.Proof))
			if err != nil {
				t.Fatal(err)
			}
			first := r.GasUsed
			tree2 := mustTree(t, append(entries, rewards.Entry{Account: c.alice.addr, Cumulative: units(9)}, rewards.Entry{Account: c.bob.addr, Cumulative: units(1)})...)
			pub2 := c.publish(t, 2, tree2)
			a = mustClaim(t, tree2, c.alice.addr)
			r, err = c.claim(c.alice, PackClaim(a.Account, a.Cumulative, tree2.Root(), a.Proof))
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s rules, 100,000 wallets, %d-hash proof: publishRoot first %d gas, later %d gas; a wallet's first claim %d gas, its top-up claim %d gas",
				rules.name, len(a.Proof), pub1, pub2, first, r.GasUsed)
		})
	}
}

// numberedEntries gives n random accounts the amounts 1 to n.
func numberedEntries(r *rand.Rand, n int) []rewards.Entry {
	entries := make([]rewards.Entry, n)
	for i := range entries {
		var a common.Address
		for j := range a {
			a[j] = byte(r.UintN(256))
		}
		entries[i] = rewards.Entry{Account: a, Cumulative: big.NewInt(int64(i + 1))}
	}
	return entries
}
