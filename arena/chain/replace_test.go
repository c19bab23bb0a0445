package chain_test

import (
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// TestReplaceCarriesWhatWasClaimed: a deployment that replaces a distributor (arena
// contracts deploy --force) must not pay again what was claimed on the old one. Alice
// earned 216 and claimed 180 on the old distributor; bob earned 50 and claimed nothing.
// The old distributor can no longer pay; the new one's first epoch owes alice 36 and bob
// 50, so each ends with exactly what they earned, and later epochs go on from there.
func TestReplaceCarriesWhatWasClaimed(t *testing.T) {
	e := newSettleEnv(t, "alice", "bob")
	e.earn("alice", arena.LedgerVote, 180)
	e.settle()
	e.claimAll(map[string]int64{"alice": 180})
	e.earn("alice", arena.LedgerVote, 36)
	e.earn("bob", arena.LedgerVote, 50)
	e.settle()
	oldDist := e.distributor
	stale, err := e.wallets().ClaimFor(e.ctx, e.users["alice"], "") // alice's epoch 2 claim on the old distributor
	if err != nil {
		t.Fatal(err)
	}

	last, err := e.db.LatestConfirmed(e.ctx, oldDist)
	if err != nil {
		t.Fatal(err)
	}
	owed, err := e.db.EpochEntries(e.ctx, last.ID)
	if err != nil {
		t.Fatal(err)
	}
	old := rewards.Deployment{ChainID: 1337, Token: e.token, Distributor: oldDist, Deployer: e.admin.addr}
	dep, carry, err := chain.Replace(e.ctx, e.chain, e.admin.auth, old, owed, chain.DeployConfig{})
	if err != nil {
		t.Fatal(err)
	}
	dep.ChainID = 1337
	if dep.Token != e.token || dep.Replaces != oldDist || dep.Distributor == oldDist || dep.Block == 0 || len(carry) != 2 {
		t.Fatalf("replacement %+v, carry %+v", dep, carry)
	}
	if err := e.db.RecordDeployment(e.ctx, *dep, carry); err != nil {
		t.Fatal(err)
	}
	// The old distributor pays no more: alice's stale claim there reverts.
	inst := bindings.NewRewardsDistributor().Instance(e.chain, oldDist)
	if _, err := bind.Transact(inst, e.keys["alice"].auth, stale.Calldata); err == nil {
		t.Fatal("the old distributor still pays")
	}

	e.distributor = dep.Distributor
	r := e.settle()
	if r.Epoch.Number != 1 || r.Epoch.Distributor != dep.Distributor {
		t.Fatalf("first epoch on the new distributor: %+v", r.Epoch)
	}
	got := map[string]*big.Int{}
	for _, en := range r.Entries {
		for name, k := range e.keys {
			if k.addr == en.Account {
				got[name] = en.Cumulative
			}
		}
	}
	if got["alice"].Cmp(e.policy.TokenUnits(36)) != 0 || got["bob"].Cmp(e.policy.TokenUnits(50)) != 0 {
		t.Fatalf("the new distributor owes alice %s and bob %s, want 36 and 50 tokens", got["alice"], got["bob"])
	}
	// Nothing is double-claimable: claimed on the old one plus owed on the new is what
	// each earned.
	for name, earned := range map[string]int64{"alice": 216, "bob": 50} {
		claimedOld, err := chain.ClaimedAmount(e.ctx, e.chain, oldDist, e.keys[name].addr)
		if err != nil {
			t.Fatal(err)
		}
		if sum := new(big.Int).Add(claimedOld, got[name]); sum.Cmp(e.policy.TokenUnits(earned)) != 0 {
			t.Fatalf("%s: %s claimed on the old distributor + %s owed on the new = %s, want %s", name, claimedOld, got[name], sum, e.policy.TokenUnits(earned))
		}
	}
	e.claimAll(map[string]int64{"alice": 216, "bob": 50})
	e.earn("alice", arena.LedgerVote, 4)
	if r := e.settle(); r.Epoch.Number != 2 {
		t.Fatalf("second epoch on the new distributor: %+v", r.Epoch)
	}
	e.claimAll(map[string]int64{"alice": 220})
}
