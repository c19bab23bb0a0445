package chain_test

import (
	"math/big"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

var relinks int

// relink links addr to name's account as the wallet page does after a change.
func (e *settleEnv) relink(name string, addr common.Address) {
	e.t.Helper()
	relinks++
	n := rewards.SIWENonce{Nonce: "relink" + strconv.Itoa(relinks) + "000", UserID: e.users[name], Address: addr, IssuedAt: e.clock.Now(), ExpiresAt: e.clock.Now().Add(time.Hour)}
	if err := e.db.CreateNonce(e.ctx, n); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.LinkWallet(e.ctx, e.users[name], addr, n.Nonce, e.clock.Now(), rewards.DefaultChangeCooldown); err != nil {
		e.t.Fatal(err)
	}
}

// claimFor sends, from the admin's key, the claim the wallet service offers name for
// account, one of the wallets name has linked; the tokens go to account.
func (e *settleEnv) claimFor(name string, account common.Address) error {
	e.t.Helper()
	ci, err := e.wallets().ClaimFor(e.ctx, e.users[name], account.Hex())
	if err != nil {
		return err
	}
	tx, err := bind.Transact(bindings.NewRewardsDistributor().Instance(e.chain, e.distributor), e.admin.auth, ci.Calldata)
	if err != nil {
		return err
	}
	_, err = chain.WaitReceipt(e.ctx, e.chain, tx)
	return err
}

func (e *settleEnv) balance(addr common.Address) *big.Int {
	e.t.Helper()
	b, err := chain.TokenBalance(e.ctx, e.chain, e.token, addr)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

func newAddress(t *testing.T) common.Address {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return crypto.PubkeyToAddress(k.PublicKey)
}

// TestSettlementPaysTheWalletLinkedAtSettlement changes and unlinks wallets between
// epochs: what an epoch gave a wallet stays that wallet's, points not yet settled go to
// the wallet linked when the next epoch is snapshotted, and no point is paid twice.
func TestSettlementPaysTheWalletLinkedAtSettlement(t *testing.T) {
	e := newSettleEnv(t, "alice", "carol", "dave")
	alice1, carol1, dave1 := e.keys["alice"].addr, e.keys["carol"].addr, e.keys["dave"].addr
	alice2, carol2, dave2 := newAddress(t), newAddress(t), newAddress(t)
	e.earn("alice", arena.LedgerVote, 100)
	e.earn("carol", arena.LedgerVote, 30)
	e.earn("dave", arena.LedgerVote, 20)
	e.clock.Add(8 * 24 * time.Hour)
	e.relink("carol", carol2) // before any settlement: everything goes to the new wallet
	e.settle()

	e.clock.Add(8 * 24 * time.Hour)
	e.relink("alice", alice2)
	if _, err := e.db.UnlinkWallet(e.ctx, e.users["dave"], e.clock.Now(), rewards.DefaultChangeCooldown); err != nil {
		t.Fatal(err)
	}
	e.earn("alice", arena.LedgerVote, 50)
	e.earn("dave", arena.LedgerVote, 10) // no wallet: waits for the next one
	e.settle()

	want := func(addr common.Address, points int64) {
		t.Helper()
		if got, want := e.balance(addr), e.policy.TokenUnits(points); got.Cmp(want) != 0 {
			t.Errorf("%s holds %s token units, want %s (%d points)", addr.Hex(), got, want, points)
		}
	}
	for _, c := range []struct {
		name string
		addr common.Address
	}{{"alice", alice1}, {"alice", alice2}, {"carol", carol2}, {"dave", dave1}} {
		if err := e.claimFor(c.name, c.addr); err != nil {
			t.Fatalf("%s claims for %s: %v", c.name, c.addr.Hex(), err)
		}
	}
	if _, err := e.wallets().ClaimFor(e.ctx, e.users["carol"], carol1.Hex()); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("carol's first wallet, replaced before settlement, was given something: %v", err)
	}
	if _, err := e.wallets().ClaimFor(e.ctx, e.users["carol"], alice1.Hex()); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Errorf("carol was served the proof of alice's wallet: %v", err)
	}
	want(alice1, 100)
	want(alice2, 50)
	want(carol1, 0)
	want(carol2, 30)
	want(dave1, 20)

	e.clock.Add(8 * 24 * time.Hour)
	e.relink("dave", dave2)
	e.settle()
	if err := e.claimFor("dave", dave2); err != nil {
		t.Fatal(err)
	}
	want(dave2, 10)
	if err := e.claimFor("alice", alice1); err == nil {
		t.Error("alice's first wallet claimed again")
	}
}
