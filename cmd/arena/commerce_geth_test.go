package main

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// TestCampaignAndSaleOnGethDev runs the money-in contracts on a real node: deploy the
// token and distributor, then the escrow and the sale beside them; a lab funds a
// campaign, the operator pays part of it into the distributor (a retried payout pays
// nothing), the voter claims the bounty through the distributor, closing refunds the
// lab the rest; a buyer buys a release and the price is split 70/30.
func TestCampaignAndSaleOnGethDev(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ten := new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil)
	type key struct {
		addr common.Address
		auth *bind.TransactOpts
	}
	newKey := func() key {
		k, _ := crypto.GenerateKey()
		a := crypto.PubkeyToAddress(k.PublicKey)
		fund(t, client, a, ten)
		return key{a, bind.NewKeyedTransactor(k, big.NewInt(1337))}
	}
	operator, lab, voter, buyer := newKey(), newKey(), newKey(), newKey()
	treasury := common.HexToAddress("0x7ea5000000000000000000000000000000000002")
	send := func(from key, to common.Address, data []byte) uint64 {
		t.Helper()
		opts := *from.auth
		opts.Context = ctx
		tx, err := bind.Transact(bind.NewBoundContract(to, abi.ABI{}, client, client, client), &opts, data)
		if err != nil {
			t.Fatal(err)
		}
		r, err := chain.WaitReceipt(ctx, client, tx)
		if err != nil {
			t.Fatal(err)
		}
		return r.GasUsed
	}
	balance := func(token, who common.Address) *big.Int {
		t.Helper()
		b, err := chain.TokenBalance(ctx, client, token, who)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tokens := func(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }
	tok, escrow, sale := bindings.NewArenaToken(), bindings.NewCampaignEscrow(), bindings.NewDataSale()

	dep, err := chain.DeployContracts(ctx, client, operator.auth, chain.DeployConfig{})
	if err != nil {
		t.Fatal(err)
	}
	com, err := chain.DeployCommerce(ctx, client, operator.auth, dep.Token, dep.Distributor, chain.CommerceConfig{Treasury: treasury})
	if err != nil {
		t.Fatal(err)
	}
	send(operator, dep.Token, tok.PackGrantRole(chain.MinterRole, operator.addr))
	send(operator, dep.Token, tok.PackMint(lab.addr, tokens(30)))
	send(operator, dep.Token, tok.PackMint(buyer.addr, tokens(10)))

	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	camp := crypto.Keccak256Hash([]byte("campaign on geth"))
	send(lab, dep.Token, tok.PackApprove(com.Escrow, tokens(30)))
	gasDeposit := send(lab, com.Escrow, escrow.PackDeposit(camp, dep.Token, 10, tokens(3), head.Time+3600))
	if got := balance(dep.Token, com.Escrow); got.Cmp(tokens(30)) != 0 {
		t.Fatalf("the escrow holds %s, want 30 ARENA", got)
	}
	payout := crypto.Keccak256Hash([]byte("epoch 1 bounties"))
	var gasPayout uint64
	for i, wantTx := range []bool{true, false} {
		tx, err := chain.PayBounty(ctx, client, operator.auth, com.Escrow, camp, payout, 6)
		if err != nil || (tx != nil) != wantTx {
			t.Fatalf("payout attempt %d: %v %v", i+1, tx, err)
		}
		if tx != nil {
			r, err := client.TransactionReceipt(ctx, tx.Hash())
			if err != nil {
				t.Fatal(err)
			}
			gasPayout = r.GasUsed
		}
	}
	if got := balance(dep.Token, dep.Distributor); got.Cmp(tokens(18)) != 0 {
		t.Fatalf("the distributor holds %s, want the 18 ARENA paid", got)
	}

	// The voter's 18 ARENA reach him through the distributor, as any reward does.
	tree, err := rewards.BuildTree([]rewards.Entry{{Account: voter.addr, Cumulative: tokens(18)}})
	if err != nil {
		t.Fatal(err)
	}
	tx, err := chain.PublishRoot(ctx, client, operator.auth, dep.Distributor, 1, tree.Root(), tokens(18))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.WaitReceipt(ctx, client, tx); err != nil {
		t.Fatal(err)
	}
	cl, err := tree.Claim(voter.addr)
	if err != nil {
		t.Fatal(err)
	}
	send(voter, dep.Distributor, chain.PackClaim(voter.addr, cl.Cumulative, tree.Root(), cl.Proof))
	if got := balance(dep.Token, voter.addr); got.Cmp(tokens(18)) != 0 {
		t.Fatalf("the voter holds %s, want 18 ARENA", got)
	}

	gasClose := send(operator, com.Escrow, escrow.PackClose(camp))
	if got := balance(dep.Token, lab.addr); got.Cmp(tokens(12)) != 0 {
		t.Fatalf("the lab got %s back, want 12 ARENA", got)
	}
	if got, err := chain.Remaining(ctx, client, com.Escrow, camp); err != nil || got.Sign() != 0 || balance(dep.Token, com.Escrow).Sign() != 0 {
		t.Fatalf("the escrow still holds %s for the campaign (%v)", got, err)
	}

	rel, licence := crypto.Keccak256Hash([]byte("release 1")), crypto.Keccak256Hash([]byte("licence text"))
	send(operator, com.Sale, sale.PackList(rel, dep.Token, tokens(10), licence))
	send(buyer, dep.Token, tok.PackApprove(com.Sale, tokens(10)))
	gasBuy := send(buyer, com.Sale, sale.PackBuy(rel, licence))
	if got := balance(dep.Token, treasury); got.Cmp(tokens(3)) != 0 {
		t.Fatalf("the treasury got %s, want 3 ARENA", got)
	}
	if got := balance(dep.Token, dep.Distributor); got.Cmp(tokens(18+7)) != 0 {
		t.Fatalf("the distributor holds %s, want 25 ARENA (18 of bounties, 7 of the sale)", got)
	}
	t.Logf("gas used: deposit %d, payout %d, close with refund %d, buy %d", gasDeposit, gasPayout, gasClose, gasBuy)
}
