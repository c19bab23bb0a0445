package chain

import (
	"context"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/node"

	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// commerceChain is a test chain with the token and distributor deployed by admin, and
// CampaignEscrow and DataSale beside them: admin is their admin, carol their operator,
// alice a lab and bob a voter or buyer.
type commerceChain struct {
	*testChain
	escrow, sale common.Address
	treasury     common.Address
}

func newCommerceChain(t *testing.T, options ...func(*node.Config, *ethconfig.Config)) *commerceChain {
	t.Helper()
	c := &commerceChain{testChain: newTestChain(t, options...)}
	c.deploy(t)
	c.treasury = common.HexToAddress("0x7ea5000000000000000000000000000000000001")
	com, err := DeployCommerce(context.Background(), c.backend, c.admin.auth, c.token, c.distributor,
		CommerceConfig{Operator: c.carol.addr, Treasury: c.treasury})
	if err != nil {
		t.Fatal(err)
	}
	c.escrow, c.sale = com.Escrow, com.Sale
	// The admin may mint ArenaToken for the labs and buyers of the tests.
	wantOK(t, c.send(c.admin, c.token, tokenABI.PackGrantRole(MinterRole, c.admin.addr)))
	return c
}

// send sends data to `to` from `from` and waits for it; a revert is the gas estimation's
// error, carrying the revert data.
func (c *testChain) send(from account, to common.Address, data []byte) error {
	_, err := c.sendTx(from, to, data)
	return err
}

func (c *testChain) sendTx(from account, to common.Address, data []byte) (*types.Receipt, error) {
	ctx := context.Background()
	tx, err := bind.Transact(bind.NewBoundContract(to, abi.ABI{}, c.backend, c.backend, c.backend), withContext(ctx, from.auth), data)
	if err != nil {
		return nil, err
	}
	return WaitReceipt(ctx, c.backend, tx)
}

// balanceOf is who's balance of any ERC-20 token.
func (c *testChain) balanceOf(t *testing.T, token, who common.Address) *big.Int {
	t.Helper()
	b, err := TokenBalance(context.Background(), c.backend, token, who)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (c *commerceChain) campaign(t *testing.T, id common.Hash) bindings.CampaignEscrowCampaign {
	t.Helper()
	v, err := bind.Call(escrowABI.Instance(c.backend, c.escrow), nil, escrowABI.PackCampaign(id), escrowABI.UnpackCampaign)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (c *commerceChain) remaining(t *testing.T, id common.Hash) *big.Int {
	t.Helper()
	v, err := Remaining(context.Background(), c.backend, c.escrow, id)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// fund mints amount of token to who (a token whose mint(address,uint256) is open, or
// ArenaToken minted by the admin) and approves spender for it.
func (c *commerceChain) fund(t *testing.T, token common.Address, who account, spender common.Address, amount *big.Int) {
	t.Helper()
	wantOK(t, c.send(c.admin, token, tokenABI.PackMint(who.addr, amount)))
	wantOK(t, c.send(who, token, tokenABI.PackApprove(spender, amount)))
}

// deadline is a block time d from the chain's latest block.
func (c *testChain) deadline(t *testing.T, d time.Duration) uint64 {
	t.Helper()
	h, err := c.backend.HeaderByNumber(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	return h.Time + uint64(d/time.Second)
}

// deployTest deploys a contract of testdata/ with no constructor arguments.
func (c *testChain) deployTest(t *testing.T, name string) (common.Address, abi.ABI) {
	t.Helper()
	a, bin := LoadTestContract(t, name)
	ctx := context.Background()
	addr, tx, err := bind.DeployContract(withContext(ctx, c.admin.auth), bin, c.backend, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WaitReceipt(ctx, c.backend, tx); err != nil {
		t.Fatal(err)
	}
	return addr, a
}

func id(s string) common.Hash { return crypto.Keccak256Hash([]byte(s)) }

func logsOf[T any](t *testing.T, r *types.Receipt, unpack func(*types.Log) (*T, error)) []*T {
	t.Helper()
	var out []*T
	for _, l := range r.Logs {
		if ev, err := unpack(l); err == nil {
			out = append(out, ev)
		}
	}
	return out
}

// TestCampaignFundPayRefund is a whole campaign: alice funds 10 votes at 2 ARENA, the
// operator pays 4 of them into the distributor (and a retried payout pays nothing more),
// bob claims his 8 through the distributor like any other reward, and closing refunds
// alice the 12 not paid. Paid plus refunded is the deposit, and the escrow ends empty.
func TestCampaignFundPayRefund(t *testing.T) {
	c := newCommerceChain(t)
	ctx := context.Background()
	camp := id("campaign 1")
	c.fund(t, c.token, c.alice, c.escrow, units(20))
	deadline := c.deadline(t, time.Hour)
	r, err := c.sendTx(c.alice, c.escrow, escrowABI.PackDeposit(camp, c.token, 10, units(2), deadline))
	wantOK(t, err)
	funded := logsOf(t, r, escrowABI.UnpackCampaignFundedEvent)
	if len(funded) != 1 || funded[0].CampaignId != camp || funded[0].Depositor != c.alice.addr || funded[0].Amount.Cmp(units(20)) != 0 ||
		funded[0].TargetVotes != 10 || funded[0].Deadline != deadline || funded[0].Payee != c.distributor {
		t.Fatalf("CampaignFunded %+v", funded)
	}
	if got := c.balanceOf(t, c.token, c.escrow); got.Cmp(units(20)) != 0 {
		t.Fatalf("escrow holds %s, want 20 ARENA", got)
	}
	wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(camp, c.token, 1, units(1), deadline)), "CampaignExists")

	tx, err := PayBounty(ctx, c.backend, c.carol.auth, c.escrow, camp, id("payout 1"), 4)
	if err != nil || tx == nil {
		t.Fatalf("payout: %v %v", tx, err)
	}
	r, err = c.backend.TransactionReceipt(ctx, tx.Hash())
	wantOK(t, err)
	paid := logsOf(t, r, escrowABI.UnpackBountyPaidEvent)
	if len(paid) != 1 || paid[0].PayoutId != id("payout 1") || paid[0].Votes != 4 || paid[0].Amount.Cmp(units(8)) != 0 || paid[0].Payee != c.distributor {
		t.Fatalf("BountyPaid %+v", paid)
	}
	if got := c.balanceOf(t, c.token, c.distributor); got.Cmp(units(8)) != 0 {
		t.Fatalf("distributor holds %s, want the 8 ARENA paid", got)
	}

	// The same payout again: PayBounty sends nothing, the contract refuses it outright,
	// and the same id cannot be used for another campaign either.
	if tx, err := PayBounty(ctx, c.backend, c.carol.auth, c.escrow, camp, id("payout 1"), 4); err != nil || tx != nil {
		t.Fatalf("retried payout: %v %v", tx, err)
	}
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(camp, id("payout 1"), 4)), "PayoutAlreadyMade")
	if _, err := PayBounty(ctx, c.backend, c.carol.auth, c.escrow, id("campaign 2"), id("payout 1"), 4); err == nil || !strings.Contains(err.Error(), "was made for campaign") {
		t.Fatalf("payout id reused for another campaign: %v", err)
	}
	if got := c.remaining(t, camp); got.Cmp(units(12)) != 0 {
		t.Fatalf("remaining %s, want 12 ARENA", got)
	}
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(camp, id("payout 2"), 7)), "ExceedsTarget")
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(camp, id("payout 2"), 0)), "NoVotes")
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(camp, common.Hash{}, 1)), "ZeroId")
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("no such campaign"), id("payout 2"), 1)), "UnknownCampaign")

	// Bob earned the 8 ARENA: the next root includes them and he claims them.
	tree := mustTree(t, rewards.Entry{Account: c.bob.addr, Cumulative: units(8)})
	c.publish(t, 1, tree)
	cl := mustClaim(t, tree, c.bob.addr)
	if _, err := c.claim(c.bob, PackClaim(c.bob.addr, cl.Cumulative, tree.Root(), cl.Proof)); err != nil {
		t.Fatal(err)
	}
	if got := c.balance(t, c.bob.addr); got.Cmp(units(8)) != 0 {
		t.Fatalf("bob has %s, want 8 ARENA", got)
	}

	// The lab cannot close before the deadline and grace; the operator can.
	wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackClose(camp)), "TooEarlyToClose")
	r, err = c.sendTx(c.carol, c.escrow, escrowABI.PackClose(camp))
	wantOK(t, err)
	closed := logsOf(t, r, escrowABI.UnpackCampaignClosedEvent)
	if len(closed) != 1 || closed[0].Depositor != c.alice.addr || closed[0].Refunded.Cmp(units(12)) != 0 || closed[0].PaidVotes != 4 {
		t.Fatalf("CampaignClosed %+v", closed)
	}
	if got := c.balanceOf(t, c.token, c.alice.addr); got.Cmp(units(12)) != 0 {
		t.Fatalf("alice got %s back, want 12 ARENA", got)
	}
	if got := c.balanceOf(t, c.token, c.escrow); got.Sign() != 0 {
		t.Fatalf("the escrow still holds %s", got)
	}
	if got := c.remaining(t, camp); got.Sign() != 0 {
		t.Fatalf("remaining after close %s", got)
	}
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(camp, id("payout 3"), 1)), "CampaignIsClosed")
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackClose(camp)), "CampaignIsClosed")
	if got := c.campaign(t, camp); !got.Closed || got.PaidVotes != 4 || got.TargetVotes != 10 {
		t.Fatalf("campaign after close %+v", got)
	}
}

// TestCampaignTermsAndIsolation: bad terms are refused and store nothing; a campaign's
// payouts never reach another campaign's money; after the deadline and the grace anyone
// may close, and the refund always goes to the depositor.
func TestCampaignTermsAndIsolation(t *testing.T) {
	c := newCommerceChain(t)
	c.fund(t, c.token, c.alice, c.escrow, units(100))
	soon := c.deadline(t, time.Hour)
	for _, tc := range []struct {
		name   string
		id     common.Hash
		votes  uint64
		bounty *big.Int
		when   uint64
		revert string
	}{
		{"zero id", common.Hash{}, 1, units(1), soon, "ZeroId"},
		{"no votes", id("a"), 0, units(1), soon, "InvalidTerms"},
		{"no bounty", id("a"), 1, new(big.Int), soon, "InvalidTerms"},
		{"past deadline", id("a"), 1, units(1), c.deadline(t, -time.Hour), "DeadlineNotInFuture"},
		{"more than approved", id("a"), 101, units(1), soon, "ERC20InsufficientAllowance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(tc.id, c.token, tc.votes, tc.bounty, tc.when)), tc.revert)
			if got := c.campaign(t, tc.id); got.Depositor != (common.Address{}) {
				t.Fatalf("a refused deposit was stored: %+v", got)
			}
		})
	}

	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("small"), c.token, 2, units(5), soon)))
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("big"), c.token, 9, units(10), soon)))
	// The escrow holds 100, but "small" has only 10 of it.
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("small"), id("p1"), 3)), "ExceedsTarget")
	wantOK(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("small"), id("p1"), 2)))
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("small"), id("p2"), 1)), "ExceedsTarget")
	if got := c.remaining(t, id("big")); got.Cmp(units(90)) != 0 {
		t.Fatalf("big holds %s, want 90", got)
	}

	// After the deadline, within the grace, only the operator may close; after it, bob may,
	// and the refund goes to alice, not to him.
	wantOK(t, c.backend.sim.AdjustTime(2*time.Hour))
	wantRevert(t, c.send(c.bob, c.escrow, escrowABI.PackClose(id("big"))), "TooEarlyToClose")
	wantOK(t, c.backend.sim.AdjustTime(DefaultRefundGrace))
	wantOK(t, c.send(c.bob, c.escrow, escrowABI.PackClose(id("big"))))
	if got := c.balanceOf(t, c.token, c.alice.addr); got.Cmp(units(90)) != 0 {
		t.Fatalf("alice has %s, want her 90 back", got)
	}
	if got := c.balanceOf(t, c.token, c.bob.addr); got.Sign() != 0 {
		t.Fatalf("bob got %s for closing", got)
	}
	// "small" was paid in full: closing it refunds nothing and moves nothing.
	wantOK(t, c.send(c.bob, c.escrow, escrowABI.PackClose(id("small"))))
	if got := c.balanceOf(t, c.token, c.escrow); got.Sign() != 0 {
		t.Fatalf("the escrow still holds %s", got)
	}
}

// TestCommerceAcceptedTokens: a stablecoin is refused until the admin gives it a payee,
// then a campaign funded in it pays there; a zero payee stops accepting it again, and a
// fee-on-transfer token, which would leave the escrow short, is refused.
func TestCommerceAcceptedTokens(t *testing.T) {
	c := newCommerceChain(t)
	usd, _ := c.deployTest(t, "FalseToken") // an honest ERC-20 until set failing
	pool := common.HexToAddress("0x5ab1e00000000000000000000000000000000001")
	c.fund(t, usd, c.alice, c.escrow, units(10))
	soon := c.deadline(t, time.Hour)
	wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("usd"), usd, 10, units(1), soon)), "TokenNotAccepted")
	wantRevert(t, c.send(c.carol, c.sale, saleABI.PackList(id("r"), usd, units(1), id("licence"))), "TokenNotAccepted")
	wantOK(t, c.send(c.admin, c.escrow, escrowABI.PackSetPayee(usd, pool)))
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("usd"), usd, 10, units(1), soon)))
	wantOK(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("usd"), id("p"), 3)))
	if got := c.balanceOf(t, usd, pool); got.Cmp(units(3)) != 0 {
		t.Fatalf("the stablecoin's payee got %s, want 3", got)
	}
	wantOK(t, c.send(c.admin, c.escrow, escrowABI.PackSetPayee(usd, common.Address{})))
	c.fund(t, usd, c.alice, c.escrow, units(1))
	wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("usd 2"), usd, 1, units(1), soon)), "TokenNotAccepted")
	// The campaign funded before keeps its payee.
	wantOK(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("usd"), id("p2"), 1)))
	if got := c.balanceOf(t, usd, pool); got.Cmp(units(4)) != 0 {
		t.Fatalf("the stablecoin's payee got %s, want 4", got)
	}

	fee, _ := c.deployTest(t, "FeeToken")
	wantOK(t, c.send(c.admin, c.escrow, escrowABI.PackSetPayee(fee, pool)))
	c.fund(t, fee, c.alice, c.escrow, units(10))
	wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("fee"), fee, 10, units(1), soon)), "AmountMismatch")
}

// TestDataSaleSplit: a release sells for its price, split 70/30 between the distributor
// (for the contributors) and the treasury, with a Purchased event naming both parts; the
// buyer must accept the release's licence, cannot buy twice, and cannot buy once it is
// delisted.
func TestDataSaleSplit(t *testing.T) {
	c := newCommerceChain(t)
	ctx := context.Background()
	rel, licence := id("release 2026-12"), id("CC-BY-4.0 text")
	price := new(big.Int).Add(units(10), big.NewInt(3)) // 3 wei more: the rounding shows
	wantOK(t, c.send(c.carol, c.sale, saleABI.PackList(rel, c.token, price, licence)))
	wantRevert(t, c.send(c.carol, c.sale, saleABI.PackList(rel, c.token, units(1), licence)), "ReleaseExists")
	wantRevert(t, c.send(c.carol, c.sale, saleABI.PackList(id("free"), c.token, new(big.Int), licence)), "ZeroPrice")
	wantRevert(t, c.send(c.carol, c.sale, saleABI.PackList(common.Hash{}, c.token, units(1), licence)), "ZeroId")
	c.fund(t, c.token, c.bob, c.sale, units(30))

	wantRevert(t, c.send(c.bob, c.sale, saleABI.PackBuy(rel, id("another licence"))), "LicenceMismatch")
	wantRevert(t, c.send(c.bob, c.sale, saleABI.PackBuy(id("unlisted"), licence)), "NotForSale")
	r, err := c.sendTx(c.bob, c.sale, saleABI.PackBuy(rel, licence))
	wantOK(t, err)
	// 70% of 10e18+3 is 7e18+2.1: the contributors get 7e18+2, the operator the rest.
	wantContrib := new(big.Int).Add(units(7), big.NewInt(2))
	wantOperator := new(big.Int).Add(units(3), big.NewInt(1))
	ev := logsOf(t, r, saleABI.UnpackPurchasedEvent)
	if len(ev) != 1 || ev[0].ReleaseId != rel || ev[0].Buyer != c.bob.addr || ev[0].Token != c.token || ev[0].Price.Cmp(price) != 0 ||
		ev[0].LicenceHash != licence || ev[0].ToContributors.Cmp(wantContrib) != 0 || ev[0].ContributorsPayee != c.distributor ||
		ev[0].ToOperator.Cmp(wantOperator) != 0 || ev[0].Treasury != c.treasury {
		t.Fatalf("Purchased %+v", ev)
	}
	if got := c.balanceOf(t, c.token, c.distributor); got.Cmp(wantContrib) != 0 {
		t.Fatalf("distributor got %s, want %s", got, wantContrib)
	}
	if got := c.balanceOf(t, c.token, c.treasury); got.Cmp(wantOperator) != 0 {
		t.Fatalf("treasury got %s, want %s", got, wantOperator)
	}
	if got := c.balanceOf(t, c.token, c.sale); got.Sign() != 0 {
		t.Fatalf("the sale contract holds %s", got)
	}
	bought, err := bind.Call(saleABI.Instance(c.backend, c.sale), &bind.CallOpts{Context: ctx}, saleABI.PackBought(rel, c.bob.addr), saleABI.UnpackBought)
	if err != nil || !bought {
		t.Fatalf("bought %v %v", bought, err)
	}
	wantRevert(t, c.send(c.bob, c.sale, saleABI.PackBuy(rel, licence)), "AlreadyBought")

	wantOK(t, c.send(c.carol, c.sale, saleABI.PackDelist(rel)))
	c.fund(t, c.token, c.alice, c.sale, units(11))
	wantRevert(t, c.send(c.alice, c.sale, saleABI.PackBuy(rel, licence)), "NotForSale")
	wantRevert(t, c.send(c.carol, c.sale, saleABI.PackDelist(rel)), "NotForSale")
}

// TestDeployCommerce: the roles and terms are as configured, the deployer keeps none it
// was not given, and a split over 100% is refused before anything is sent.
func TestDeployCommerce(t *testing.T) {
	c := newTestChain(t)
	c.deploy(t)
	ctx := context.Background()
	com, err := DeployCommerce(ctx, c.backend, c.carol.auth, c.token, c.distributor,
		CommerceConfig{Admin: c.admin.addr, Operator: c.alice.addr, ContributorsBps: 8000, RefundGrace: 90 * time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		contract common.Address
		role     common.Hash
		who      common.Address
		want     bool
	}{
		{com.Escrow, DefaultAdminRole, c.admin.addr, true},
		{com.Escrow, OperatorRole, c.alice.addr, true},
		{com.Escrow, DefaultAdminRole, c.carol.addr, false},
		{com.Escrow, OperatorRole, c.carol.addr, false},
		{com.Sale, DefaultAdminRole, c.admin.addr, true},
		{com.Sale, OperatorRole, c.alice.addr, true},
		{com.Sale, DefaultAdminRole, c.carol.addr, false},
		{com.Sale, OperatorRole, c.carol.addr, false},
	} {
		if got := c.hasRole(t, tc.contract, tc.role, tc.who); got != tc.want {
			t.Errorf("hasRole(%s, %s, %s) = %v, want %v", tc.contract.Hex(), tc.role.Hex(), tc.who.Hex(), got, tc.want)
		}
	}
	opts := &bind.CallOpts{Context: ctx}
	bps, err := bind.Call(saleABI.Instance(c.backend, com.Sale), opts, saleABI.PackContributorsBps(), saleABI.UnpackContributorsBps)
	if err != nil || bps != 8000 {
		t.Fatalf("contributorsBps %d %v", bps, err)
	}
	treasury, err := bind.Call(saleABI.Instance(c.backend, com.Sale), opts, saleABI.PackTreasury(), saleABI.UnpackTreasury)
	if err != nil || treasury != c.admin.addr {
		t.Fatalf("treasury %s %v, want the admin", treasury.Hex(), err)
	}
	grace, err := bind.Call(escrowABI.Instance(c.backend, com.Escrow), opts, escrowABI.PackRefundGrace(), escrowABI.UnpackRefundGrace)
	if err != nil || grace != 5400 {
		t.Fatalf("refundGrace %d %v", grace, err)
	}
	for _, addr := range []common.Address{com.Escrow, com.Sale} {
		payee, err := bind.Call(escrowABI.Instance(c.backend, addr), opts, escrowABI.PackPayeeOf(c.token), escrowABI.UnpackPayeeOf)
		if err != nil || payee != c.distributor {
			t.Fatalf("payee of the token on %s: %s %v", addr.Hex(), payee.Hex(), err)
		}
	}
	if _, err := DeployCommerce(ctx, c.backend, c.carol.auth, c.token, c.distributor, CommerceConfig{ContributorsBps: 10001}); err == nil || !strings.Contains(err.Error(), "more than 10000") {
		t.Fatalf("a split over 100%%: %v", err)
	}
}

// TestCommerceAccessControl: every call reserved to a role is refused to an account
// without it.
func TestCommerceAccessControl(t *testing.T) {
	c := newCommerceChain(t)
	c.fund(t, c.token, c.alice, c.escrow, units(10))
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("camp"), c.token, 10, units(1), c.deadline(t, time.Hour))))
	wantOK(t, c.send(c.carol, c.sale, saleABI.PackList(id("rel"), c.token, units(1), id("licence"))))
	for _, tc := range []struct {
		name string
		from account
		to   common.Address
		data []byte
	}{
		{"the lab pays out its own campaign", c.alice, c.escrow, escrowABI.PackPayout(id("camp"), id("p"), 10)},
		{"the admin pays out (operator only)", c.admin, c.escrow, escrowABI.PackPayout(id("camp"), id("p"), 10)},
		{"the operator sets a payee", c.carol, c.escrow, escrowABI.PackSetPayee(c.token, c.carol.addr)},
		{"a voter grants himself the operator role", c.bob, c.escrow, escrowABI.PackGrantRole(OperatorRole, c.bob.addr)},
		{"a buyer lists a release", c.bob, c.sale, saleABI.PackList(id("mine"), c.token, units(1), id("licence"))},
		{"a buyer delists a release", c.bob, c.sale, saleABI.PackDelist(id("rel"))},
		{"the operator moves the treasury", c.carol, c.sale, saleABI.PackSetTreasury(c.carol.addr)},
		{"the operator sets a sale payee", c.carol, c.sale, saleABI.PackSetPayee(c.token, c.carol.addr)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			wantRevert(t, c.send(tc.from, tc.to, tc.data), "AccessControlUnauthorizedAccount")
		})
	}
	if got := c.remaining(t, id("camp")); got.Cmp(units(10)) != 0 {
		t.Fatalf("the campaign holds %s after the refused calls, want 10", got)
	}
}

// TestCommerceReentrancy: a token that calls back into the contract from the middle of
// a transfer is refused by the reentrancy guard: during a payout it tries to close the
// campaign (which anyone may do by then), during a purchase to buy the release for
// itself. The outer call completes with the right amounts, and neither inner call did
// anything.
func TestCommerceReentrancy(t *testing.T) {
	c := newCommerceChain(t)
	ctx := context.Background()
	tok, tokABI := c.deployTest(t, "ReentrantToken")
	pack := func(method string, args ...any) []byte {
		data, err := tokABI.Pack(method, args...)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	read := func(method string) []any {
		out, err := bind.NewBoundContract(tok, tokABI, c.backend, nil, nil).CallRaw(&bind.CallOpts{Context: ctx}, pack(method))
		if err != nil {
			t.Fatal(err)
		}
		vals, err := tokABI.Unpack(method, out)
		if err != nil {
			t.Fatal(err)
		}
		return vals
	}
	wantRefused := func(what string) {
		t.Helper()
		if !read("reentered")[0].(bool) {
			t.Fatalf("%s: the token never called back", what)
		}
		if read("reentrySucceeded")[0].(bool) {
			t.Fatalf("%s: the reentrant call succeeded", what)
		}
		if name, _ := revertName(read("reentryResult")[0].([]byte)); name != "ReentrancyGuardReentrantCall" {
			t.Fatalf("%s: the reentrant call failed with %q, want ReentrancyGuardReentrantCall", what, name)
		}
	}
	wantOK(t, c.send(c.admin, c.escrow, escrowABI.PackSetPayee(tok, c.distributor)))
	wantOK(t, c.send(c.admin, c.sale, saleABI.PackSetPayee(tok, c.distributor)))

	camp := id("reentrant campaign")
	c.fund(t, tok, c.alice, c.escrow, units(10))
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(camp, tok, 10, units(1), c.deadline(t, time.Hour))))
	wantOK(t, c.backend.sim.AdjustTime(time.Hour+DefaultRefundGrace+time.Minute))
	wantOK(t, c.send(c.admin, tok, pack("arm", c.escrow, escrowABI.PackClose(camp))))
	wantOK(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(camp, id("p"), 4)))
	wantRefused("close during a payout")
	if got := c.campaign(t, camp); got.Closed || got.PaidVotes != 4 {
		t.Fatalf("campaign after the attack %+v", got)
	}
	if got := c.balanceOf(t, tok, c.escrow); got.Cmp(units(6)) != 0 {
		t.Fatalf("the escrow holds %s, want 6", got)
	}

	rel, licence := id("reentrant release"), id("licence")
	wantOK(t, c.send(c.carol, c.sale, saleABI.PackList(rel, tok, units(2), licence)))
	wantOK(t, c.send(c.admin, tok, tokenABI.PackMint(tok, units(2))))
	wantOK(t, c.send(c.admin, tok, pack("approveFromSelf", c.sale, units(2))))
	c.fund(t, tok, c.bob, c.sale, units(2))
	wantOK(t, c.send(c.admin, tok, pack("arm", c.sale, saleABI.PackBuy(rel, licence))))
	wantOK(t, c.send(c.bob, c.sale, saleABI.PackBuy(rel, licence)))
	wantRefused("a purchase during a purchase")
	bought, err := bind.Call(saleABI.Instance(c.backend, c.sale), &bind.CallOpts{Context: ctx}, saleABI.PackBought(rel, tok), saleABI.UnpackBought)
	if err != nil || bought {
		t.Fatalf("the token bought the release from inside a purchase: %v %v", bought, err)
	}
	if got := c.balanceOf(t, tok, tok); got.Cmp(units(2)) != 0 {
		t.Fatalf("the token paid %s from its own balance", new(big.Int).Sub(units(2), got))
	}
}

// TestCommerceTokenReturningFalse: a token that returns false instead of reverting moves
// nothing, and SafeERC20 turns that into a revert, so nothing is recorded as deposited,
// paid, refunded or bought.
func TestCommerceTokenReturningFalse(t *testing.T) {
	c := newCommerceChain(t)
	tok, _ := c.deployTest(t, "FalseToken")
	failing := func(on bool) {
		t.Helper()
		a, _ := LoadTestContract(t, "FalseToken")
		data, err := a.Pack("setFailing", on)
		if err != nil {
			t.Fatal(err)
		}
		wantOK(t, c.send(c.admin, tok, data))
	}
	wantOK(t, c.send(c.admin, c.escrow, escrowABI.PackSetPayee(tok, c.distributor)))
	wantOK(t, c.send(c.admin, c.sale, saleABI.PackSetPayee(tok, c.distributor)))
	c.fund(t, tok, c.alice, c.escrow, units(10))
	soon := c.deadline(t, time.Hour)

	failing(true)
	wantRevert(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("f"), tok, 10, units(1), soon)), "SafeERC20FailedOperation")
	if got := c.campaign(t, id("f")); got.Depositor != (common.Address{}) {
		t.Fatalf("a deposit that moved nothing was recorded: %+v", got)
	}

	failing(false)
	wantOK(t, c.send(c.alice, c.escrow, escrowABI.PackDeposit(id("f"), tok, 10, units(1), soon)))
	failing(true)
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("f"), id("p"), 3)), "SafeERC20FailedOperation")
	wantRevert(t, c.send(c.carol, c.escrow, escrowABI.PackClose(id("f"))), "SafeERC20FailedOperation")
	if got := c.campaign(t, id("f")); got.PaidVotes != 0 || got.Closed {
		t.Fatalf("a payout or refund that moved nothing was recorded: %+v", got)
	}
	wantOK(t, c.send(c.carol, c.sale, saleABI.PackList(id("r"), tok, units(1), id("l"))))
	failing(false)
	c.fund(t, tok, c.bob, c.sale, units(1))
	failing(true)
	wantRevert(t, c.send(c.bob, c.sale, saleABI.PackBuy(id("r"), id("l"))), "SafeERC20FailedOperation")
	bought, err := bind.Call(saleABI.Instance(c.backend, c.sale), nil, saleABI.PackBought(id("r"), c.bob.addr), saleABI.UnpackBought)
	if err != nil || bought {
		t.Fatalf("a purchase that paid nothing was recorded: %v %v", bought, err)
	}
	// Once the token works again, the same campaign pays and refunds in full.
	failing(false)
	wantOK(t, c.send(c.carol, c.escrow, escrowABI.PackPayout(id("f"), id("p"), 3)))
	wantOK(t, c.send(c.carol, c.escrow, escrowABI.PackClose(id("f"))))
	if got := c.balanceOf(t, tok, c.alice.addr); got.Cmp(units(7)) != 0 {
		t.Fatalf("alice got %s back, want 7", got)
	}
}

// TestCommerceGas reports the gas of a campaign's deposit, a payout, closing with a
// refund and a purchase, on mainnet (Osaka) rules and on the dev chain's (whose EIP-8037
// state gas makes first-time storage writes far dearer), as TestGas does for claims.
func TestCommerceGas(t *testing.T) {
	for _, rules := range []struct {
		name string
		opts []func(*node.Config, *ethconfig.Config)
	}{
		{"osaka", []func(*node.Config, *ethconfig.Config){osakaRules}},
		{"dev-bogota", nil},
	} {
		t.Run(rules.name, func(t *testing.T) {
			c := newCommerceChain(t, rules.opts...)
			gas := func(from account, to common.Address, data []byte) uint64 {
				t.Helper()
				r, err := c.sendTx(from, to, data)
				wantOK(t, err)
				return r.GasUsed
			}
			c.fund(t, c.token, c.alice, c.escrow, units(20))
			deposit := gas(c.alice, c.escrow, escrowABI.PackDeposit(id("c"), c.token, 10, units(2), c.deadline(t, time.Hour)))
			first := gas(c.carol, c.escrow, escrowABI.PackPayout(id("c"), id("p1"), 4))
			later := gas(c.carol, c.escrow, escrowABI.PackPayout(id("c"), id("p2"), 4))
			closing := gas(c.carol, c.escrow, escrowABI.PackClose(id("c")))
			wantOK(t, c.send(c.carol, c.sale, saleABI.PackList(id("r"), c.token, units(10), id("l"))))
			c.fund(t, c.token, c.bob, c.sale, units(10))
			buy := gas(c.bob, c.sale, saleABI.PackBuy(id("r"), id("l")))
			t.Logf("%s rules: deposit %d gas, first payout %d, later payout %d, close with refund %d, buy %d",
				rules.name, deposit, first, later, closing, buy)
		})
	}
}
