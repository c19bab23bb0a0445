package chain

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// deployWith deploys from carol's key with cfg, so that the deployer is never one of the
// roles unless cfg says so.
func (c *testChain) deployWith(t *testing.T, cfg DeployConfig) {
	t.Helper()
	var err error
	if c.token, c.distributor, err = Deploy(context.Background(), c.backend, c.carol.auth, cfg); err != nil {
		t.Fatal(err)
	}
}

func (c *testChain) publishAs(who account, epoch uint64, tree *rewards.Tree, total *big.Int) error {
	ctx := context.Background()
	tx, err := PublishRoot(ctx, c.backend, who.auth, c.distributor, epoch, tree.Root(), total)
	if err != nil {
		return err
	}
	_, err = WaitReceipt(ctx, c.backend, tx)
	return err
}

func (c *testChain) hasRole(t *testing.T, contract common.Address, role common.Hash, who common.Address) bool {
	t.Helper()
	tok := bindings.NewArenaToken()
	ok, err := bind.Call(tok.Instance(c.backend, contract), &bind.CallOpts{}, tok.PackHasRole(role, who), tok.UnpackHasRole)
	if err != nil {
		t.Fatal(err)
	}
	return ok
}

func wantOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestPublisherIsNotAdmin: the settlement key (alice) holds the publisher role only and
// publishes; the admin (the admin key, which the deployer hands everything to) holds the
// rest; each refuses what belongs to the other.
func TestPublisherIsNotAdmin(t *testing.T) {
	c := newTestChain(t)
	c.deployWith(t, DeployConfig{Admin: c.admin.addr, Publisher: c.alice.addr})
	ctx := context.Background()

	for _, r := range []struct {
		contract common.Address
		role     common.Hash
		who      account
		want     bool
	}{
		{c.distributor, RootPublisherRole, c.alice, true},
		{c.distributor, DefaultAdminRole, c.alice, false},
		{c.distributor, PauserRole, c.alice, false},
		{c.token, DefaultAdminRole, c.alice, false},
		{c.distributor, DefaultAdminRole, c.admin, true},
		{c.distributor, PauserRole, c.admin, true},
		{c.distributor, RootPublisherRole, c.admin, false},
		{c.token, DefaultAdminRole, c.admin, true},
		// The deployer keeps nothing.
		{c.distributor, DefaultAdminRole, c.carol, false},
		{c.distributor, RootPublisherRole, c.carol, false},
		{c.token, DefaultAdminRole, c.carol, false},
		{c.token, MinterRole, account{addr: c.distributor}, true},
	} {
		if got := c.hasRole(t, r.contract, r.role, r.who.addr); got != r.want {
			t.Errorf("%s has role %x on %s: %v, want %v", r.who.addr.Hex(), r.role[:4], r.contract.Hex(), got, r.want)
		}
	}

	tree := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(5)})
	wantOK(t, c.publishAs(c.alice, 1, tree, treeTotal(tree)))
	wantRevert(t, c.publishAs(c.admin, 2, tree, treeTotal(tree)), "AccessControlUnauthorizedAccount")

	// What only the admin may do, the publisher may not.
	wantRevert(t, GrantRole(ctx, c.backend, c.alice.auth, c.distributor, RootPublisherRole, c.bob.addr), "AccessControlUnauthorizedAccount")
	wantRevert(t, SetLimits(ctx, c.backend, c.alice.auth, c.distributor, Unlimited, 0), "AccessControlUnauthorizedAccount")
	wantRevert(t, Pause(ctx, c.backend, c.alice.auth, c.distributor), "AccessControlUnauthorizedAccount")
	tok := bindings.NewArenaToken()
	_, err := bind.Transact(tok.Instance(c.backend, c.token), c.alice.auth, tok.PackGrantRole(MinterRole, c.alice.addr))
	wantRevert(t, err, "AccessControlUnauthorizedAccount")

	// The admin moves the role: bob publishes, alice no longer can.
	wantOK(t, GrantRole(ctx, c.backend, c.admin.auth, c.distributor, RootPublisherRole, c.bob.addr))
	wantOK(t, RevokeRole(ctx, c.backend, c.admin.auth, c.distributor, RootPublisherRole, c.alice.addr))
	wantRevert(t, c.publishAs(c.alice, 2, tree, treeTotal(tree)), "AccessControlUnauthorizedAccount")
	wantOK(t, c.publishAs(c.bob, 2, tree, treeTotal(tree)))
	if ok, err := HasRole(ctx, c.backend, c.distributor, RootPublisherRole, c.bob.addr); err != nil || !ok {
		t.Fatalf("bob's role: %v %v", ok, err)
	}
}

// TestPauseStopsClaimsAndRoots: a pauser (bob, no other role) stops claims and roots; only
// the admin lifts the pause, and then both work again.
func TestPauseStopsClaimsAndRoots(t *testing.T) {
	c := newTestChain(t)
	c.deployWith(t, DeployConfig{Admin: c.admin.addr, Publisher: c.alice.addr, Pauser: c.bob.addr})
	ctx := context.Background()
	tree := mustTree(t, rewards.Entry{Account: c.carol.addr, Cumulative: units(7)})
	wantOK(t, c.publishAs(c.alice, 1, tree, treeTotal(tree)))
	cl := mustClaim(t, tree, c.carol.addr)
	claim := PackClaim(cl.Account, cl.Cumulative, tree.Root(), cl.Proof)

	wantRevert(t, Unpause(ctx, c.backend, c.admin.auth, c.distributor), "ExpectedPause")
	wantOK(t, Pause(ctx, c.backend, c.bob.auth, c.distributor))
	lim, err := ReadLimits(ctx, c.backend, c.distributor)
	if err != nil || !lim.Paused {
		t.Fatalf("limits after pausing: %+v %v", lim, err)
	}
	_, err = c.claim(c.carol, claim)
	wantRevert(t, err, "EnforcedPause")
	wantRevert(t, c.publishAs(c.alice, 2, tree, treeTotal(tree)), "EnforcedPause")
	wantRevert(t, Unpause(ctx, c.backend, c.bob.auth, c.distributor), "AccessControlUnauthorizedAccount")
	if got := c.balance(t, c.carol.addr); got.Sign() != 0 {
		t.Fatalf("paid %s while paused", got)
	}

	wantOK(t, Unpause(ctx, c.backend, c.admin.auth, c.distributor))
	if _, err := c.claim(c.carol, claim); err != nil {
		t.Fatal(err)
	}
	if got := c.balance(t, c.carol.addr); got.Cmp(units(7)) != 0 {
		t.Fatalf("carol holds %s after the pause, want 7 tokens", got)
	}
	wantOK(t, c.publishAs(c.alice, 2, tree, treeTotal(tree)))
	// The admin pauses too, without a pauser.
	wantOK(t, Pause(ctx, c.backend, c.admin.auth, c.distributor))
}

// TestEpochCap: a root may add at most the cap to the declared total, and no claim takes
// the total claimed past the current root's declared total, so a tree whose leaves add up
// to more than was declared pays at most what was declared.
func TestEpochCap(t *testing.T) {
	c := newTestChain(t)
	c.deployWith(t, DeployConfig{Admin: c.admin.addr, Publisher: c.alice.addr, EpochCap: units(100)})
	ctx := context.Background()
	over := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(101)})
	wantRevert(t, c.publishAs(c.alice, 1, over, treeTotal(over)), "EpochCapExceeded")
	first := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(60)}, rewards.Entry{Account: c.carol.addr, Cumulative: units(40)})
	wantOK(t, c.publishAs(c.alice, 1, first, treeTotal(first)))

	// A stolen publisher key declares the cap's worth more, with a leaf of its own worth
	// far more: its claim is refused above the declared total.
	thief := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(60)}, rewards.Entry{Account: c.carol.addr, Cumulative: units(40)},
		rewards.Entry{Account: c.alice.addr, Cumulative: units(1_000_000)})
	wantRevert(t, c.publishAs(c.alice, 2, thief, treeTotal(thief)), "EpochCapExceeded")
	wantOK(t, c.publishAs(c.alice, 2, thief, units(200)))
	a := mustClaim(t, thief, c.alice.addr)
	_, err := c.claim(c.alice, PackClaim(a.Account, a.Cumulative, thief.Root(), a.Proof))
	wantRevert(t, err, "ExceedsDeclaredTotal")
	lim, err := ReadLimits(ctx, c.backend, c.distributor)
	if err != nil || lim.Total.Cmp(units(200)) != 0 || lim.EpochCap.Cmp(units(100)) != 0 || lim.Claimed.Sign() != 0 {
		t.Fatalf("limits %+v %v", lim, err)
	}

	// A lower total adds nothing; the admin raises the cap for a larger epoch.
	next := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(60)}, rewards.Entry{Account: c.carol.addr, Cumulative: units(340)})
	wantOK(t, c.publishAs(c.alice, 3, first, treeTotal(first)))
	wantRevert(t, c.publishAs(c.alice, 4, next, treeTotal(next)), "EpochCapExceeded")
	wantOK(t, SetLimits(ctx, c.backend, c.admin.auth, c.distributor, units(300), 0))
	wantOK(t, c.publishAs(c.alice, 4, next, treeTotal(next)))
	b := mustClaim(t, next, c.carol.addr)
	if _, err := c.claim(c.carol, PackClaim(b.Account, b.Cumulative, next.Root(), b.Proof)); err != nil {
		t.Fatal(err)
	}
	if lim, err = ReadLimits(ctx, c.backend, c.distributor); err != nil || lim.Claimed.Cmp(units(340)) != 0 {
		t.Fatalf("claimed in all %+v %v", lim, err)
	}
}

// TestMinEpochInterval: roots come at most one per interval, by block time, so the cap
// bounds what a stolen key adds per interval, not per transaction.
func TestMinEpochInterval(t *testing.T) {
	c := newTestChain(t)
	c.deployWith(t, DeployConfig{Publisher: c.alice.addr, MinInterval: time.Hour})
	ctx := context.Background()
	tree := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(1)})
	wantOK(t, c.publishAs(c.alice, 1, tree, treeTotal(tree)))
	lim, err := ReadLimits(ctx, c.backend, c.distributor)
	if err != nil || lim.MinInterval != time.Hour || lim.LastPublished.IsZero() || !lim.NextRootAt().Equal(lim.LastPublished.Add(time.Hour)) {
		t.Fatalf("limits %+v %v", lim, err)
	}
	wantRevert(t, c.publishAs(c.alice, 2, tree, treeTotal(tree)), "EpochTooSoon")
	if err := c.backend.sim.AdjustTime(time.Hour); err != nil {
		t.Fatal(err)
	}
	wantOK(t, c.publishAs(c.alice, 2, tree, treeTotal(tree)))
	wantRevert(t, c.publishAs(c.alice, 3, tree, treeTotal(tree)), "EpochTooSoon")
}

// TestReadLimitsOfAnOlderDistributor: a contract without limits() (as a distributor
// deployed before roles and limits) is explained, not reported as a node failure.
func TestReadLimitsOfAnOlderDistributor(t *testing.T) {
	c := newTestChain(t)
	c.deploy(t)
	_, err := ReadLimits(context.Background(), c.backend, c.token)
	if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(err.Error(), "deployed by an older arena") || !strings.Contains(err.Error(), "deploy --force") {
		t.Fatalf("limits of a contract without them: %v", err)
	}
}
