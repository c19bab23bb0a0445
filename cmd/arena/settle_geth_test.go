package main

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"math/big"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
)

// TestSettleRecoversATakenNonceOnGethDev is issue 22's dead end on a real node: settlement
// stops right after signing (kill -9), then the operator's key sends something else with
// that nonce. The signed root can never be mined; `arena settle` signs it again with a
// fresh nonce, `arena settle status` shows the history, and the root is claimable.
func TestSettleRecoversATakenNonceOnGethDev(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ten := new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil)
	dir := t.TempDir()
	opKey, _ := crypto.GenerateKey()
	ks := keystore.NewKeyStore(filepath.Join(dir, "keys"), keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(opKey, "pw")
	if err != nil {
		t.Fatal(err)
	}
	fund(t, client, acct.Address, ten)
	dbPath := filepath.Join(dir, "arena.db")
	vars := map[string]string{"ARENA_KEY_PASSWORD": "pw"}
	run := func(args ...string) (string, error) {
		env, out := testEnv(vars)
		err := Run(ctx, env, append(args, "--rpc", url, "--key-file", acct.URL.Path, "--db", dbPath))
		return out.String(), err
	}
	if out, err := run("contracts", "deploy", "--epoch-cap", "1000", "--min-epoch-interval", "0"); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}

	// A user with a linked wallet and 25 points.
	db, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	u := &arena.User{Username: "ann", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	walletKey, _ := crypto.GenerateKey()
	wallet := crypto.PubkeyToAddress(walletKey.PublicKey)
	fund(t, client, wallet, ten)
	n := rewards.SIWENonce{Nonce: "nonceann12345678", UserID: u.ID, Address: wallet, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := db.CreateNonce(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkWallet(ctx, u.ID, wallet, n.Nonce, now, 0); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AppendLedger(ctx, arena.LedgerEntry{UserID: u.ID, Amount: 25, Reason: arena.LedgerVote, Ref: "v1", CreatedAt: now}); err != nil {
		t.Fatal(err)
	}
	deps, err := db.Deployments(ctx)
	if err != nil || len(deps) != 1 {
		t.Fatalf("deployments %+v %v", deps, err)
	}
	dist := deps[0].Distributor

	// The run that is killed after recording its signed transaction.
	s := chain.Settlement{Store: db, Node: client, ChainID: 1337, Key: opKey, Policy: rewards.DefaultPolicy(), Clock: arena.SystemClock{}, Log: arenatest.Quiet()}
	settler := s.Settler(dist)
	settler.AfterStep = func(step string) error {
		if step == "tx_sent" {
			return errors.New("killed")
		}
		return nil
	}
	if _, err := settler.Run(ctx, false); err == nil || err.Error() != "killed" {
		t.Fatalf("the run was not stopped: %v", err)
	}
	open, err := db.OpenEpoch(ctx, dist)
	if err != nil || open == nil || open.State != rewards.StateTxSent {
		t.Fatalf("open epoch %+v %v", open, err)
	}
	signed, err := db.EpochTxs(ctx, open.ID)
	if err != nil || len(signed) != 1 {
		t.Fatalf("signed %+v %v", signed, err)
	}
	var first types.Transaction
	if err := first.UnmarshalBinary(signed[0].Raw); err != nil {
		t.Fatal(err)
	}

	// The operator's key sends something else with the very nonce the root was signed with.
	other, err := types.SignNewTx(opKey, types.LatestSignerForChainID(big.NewInt(1337)), &types.DynamicFeeTx{ChainID: big.NewInt(1337),
		Nonce: first.Nonce(), GasTipCap: first.GasTipCap(), GasFeeCap: first.GasFeeCap(), Gas: 21000, To: &acct.Address, Value: big.NewInt(1)})
	if err != nil {
		t.Fatal(err)
	}
	if err := client.SendTransaction(ctx, other); err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitMined(ctx, client, other.Hash()); err != nil {
		t.Fatal(err)
	}
	out, err := run("settle", "status")
	if err != nil || !strings.Contains(out, "epoch 1: tx_sent") || !strings.Contains(out, "the node says: nonce_used") || !strings.Contains(out, "signs the root again with a fresh nonce") {
		t.Fatalf("status before the recovery: %v\n%s", err, out)
	}

	out, err = run("settle", "--log-level", "warn")
	if err != nil || !strings.Contains(out, "Finished interrupted epoch 1") || !strings.Contains(out, "used by another transaction of the key") {
		t.Fatalf("settle after the nonce was taken: %v\n%s", err, out)
	}
	onEpoch, onRoot, err := chain.CurrentRoot(ctx, client, dist)
	if err != nil || onEpoch != 1 || onRoot != open.Root {
		t.Fatalf("chain at epoch %d root %s, want 1 and %s (%v)", onEpoch, onRoot.Hex(), open.Root.Hex(), err)
	}
	out, err = run("settle", "status")
	if err != nil || !strings.Contains(out, "epoch 1: confirmed") || !strings.Contains(out, "1 of 1 confirmations") || !strings.Contains(out, "transaction 2 ") {
		t.Fatalf("status after the recovery: %v\n%s", err, out)
	}
	t.Logf("arena settle status:\n%s", out)

	w := &rewards.Wallets{Store: db, Clock: arena.SystemClock{}, Log: arenatest.Quiet(), PackClaim: chain.PackClaim, Claimed: &chain.Client{Backend: client}, ChainID: 1337}
	ci, err := w.ClaimFor(ctx, u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := bind.Transact(bind.NewBoundContract(dist, abi.ABI{}, client, client, client), bind.NewKeyedTransactor(walletKey, big.NewInt(1337)), ci.Calldata)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.WaitReceipt(ctx, client, tx); err != nil {
		t.Fatal(err)
	}
	got, err := chain.TokenBalance(ctx, client, deps[0].Token, wallet)
	if err != nil || got.Cmp(rewards.DefaultPolicy().TokenUnits(25)) != 0 {
		t.Fatalf("the wallet holds %s, want 25 tokens (%v)", got, err)
	}
}

// TestContractRolesOnGethDev: on a real node, the admin key deploys and hands the
// settlement key the publisher role alone. The admin cannot settle and the publisher
// cannot pause or change the limits; a pause stops settlement (and `settle status` shows
// it), an epoch over the cap is refused with the amounts, and after the admin raises the
// cap the epoch settles and pays.
func TestContractRolesOnGethDev(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ten := new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil)
	dir := t.TempDir()
	ks := keystore.NewKeyStore(filepath.Join(dir, "keys"), keystore.LightScryptN, keystore.LightScryptP)
	newKey := func() (*ecdsaKey, string) {
		k, _ := crypto.GenerateKey()
		acct, err := ks.ImportECDSA(k, "pw")
		if err != nil {
			t.Fatal(err)
		}
		fund(t, client, acct.Address, ten)
		return &ecdsaKey{k: k, addr: acct.Address}, acct.URL.Path
	}
	admin, adminFile := newKey()
	publisher, publisherFile := newKey()
	dbPath := filepath.Join(dir, "arena.db")
	run := func(keyFile string, args ...string) (string, error) {
		env, out := testEnv(map[string]string{"ARENA_KEY_PASSWORD": "pw"})
		err := Run(ctx, env, append(args, "--rpc", url, "--key-file", keyFile, "--db", dbPath))
		return out.String(), err
	}
	out, err := run(adminFile, "contracts", "deploy", "--publisher", publisher.addr.Hex(), "--epoch-cap", "30", "--min-epoch-interval", "0")
	if err != nil || !strings.Contains(out, "admin:       "+admin.addr.Hex()) || !strings.Contains(out, "publisher:   "+publisher.addr.Hex()) ||
		!strings.Contains(out, "at most 30 ARENA added per epoch") {
		t.Fatalf("deploy: %v\n%s", err, out)
	}

	db, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	now := time.Now().UTC()
	u := &arena.User{Username: "ann", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	walletKey, _ := crypto.GenerateKey()
	wallet := crypto.PubkeyToAddress(walletKey.PublicKey)
	fund(t, client, wallet, ten)
	n := rewards.SIWENonce{Nonce: "nonceann12345678", UserID: u.ID, Address: wallet, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}
	if err := db.CreateNonce(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkWallet(ctx, u.ID, wallet, n.Nonce, now, 0); err != nil {
		t.Fatal(err)
	}
	earn := func(ref string, points int64) {
		if _, err := db.AppendLedger(ctx, arena.LedgerEntry{UserID: u.ID, Amount: points, Reason: arena.LedgerVote, Ref: ref, CreatedAt: time.Now().UTC()}); err != nil {
			t.Fatal(err)
		}
	}
	earn("v1", 25)

	if _, err := run(adminFile, "settle"); err == nil || !strings.Contains(err.Error(), "lacks ROOT_PUBLISHER_ROLE") {
		t.Fatalf("settling with the admin's key: %v", err)
	}
	if out, err := run(publisherFile, "settle", "--log-level", "warn"); err != nil || !strings.Contains(out, "epoch 1") {
		t.Fatalf("settling with the publisher's key: %v\n%s", err, out)
	}
	for _, args := range [][]string{{"pause"}, {"set-limits", "--epoch-cap", "1000000"}, {"grant", "publisher", wallet.Hex()}} {
		if _, err := run(publisherFile, append([]string{"contracts"}, args...)...); err == nil || !strings.Contains(err.Error(), "lacks") {
			t.Fatalf("contracts %v with the publisher's key: %v", args, err)
		}
	}

	if out, err := run(adminFile, "contracts", "pause"); err != nil || !strings.Contains(out, "Paused") {
		t.Fatalf("pause: %v\n%s", err, out)
	}
	if out, err := run(publisherFile, "settle", "status"); err != nil || !strings.Contains(out, "claims:      PAUSED") {
		t.Fatalf("status while paused: %v\n%s", err, out)
	}
	earn("v2", 40)
	if _, err := run(publisherFile, "settle"); err == nil || !strings.Contains(err.Error(), "is paused") {
		t.Fatalf("settling while paused: %v", err)
	}
	if _, err := run(adminFile, "contracts", "unpause"); err != nil {
		t.Fatal(err)
	}
	if _, err := run(publisherFile, "settle"); err == nil || !strings.Contains(err.Error(), "would add 40 ARENA") || !strings.Contains(err.Error(), "cap of 30 ARENA per epoch") {
		t.Fatalf("settling over the cap: %v", err)
	}
	if out, err := run(adminFile, "contracts", "set-limits", "--epoch-cap", "50"); err != nil || !strings.Contains(out, "at most 50 ARENA added per epoch") {
		t.Fatalf("set-limits: %v\n%s", err, out)
	}
	if out, err := run(publisherFile, "settle", "--log-level", "warn"); err != nil || !strings.Contains(out, "Settled epoch 2") {
		t.Fatalf("settling after raising the cap: %v\n%s", err, out)
	}
	out, err = run(publisherFile, "settle", "status")
	if err != nil || !strings.Contains(out, "claims:      open") || !strings.Contains(out, "declared 65 ARENA, claimed 0 ARENA") {
		t.Fatalf("status: %v\n%s", err, out)
	}
	t.Logf("arena settle status:\n%s", out)
	if out, err := run(adminFile, "contracts", "grant", "publisher", wallet.Hex()); err != nil || !strings.Contains(out, "is now a publisher") {
		t.Fatalf("grant: %v\n%s", err, out)
	}
	deps, err := db.Deployments(ctx)
	if err != nil || len(deps) != 1 {
		t.Fatalf("deployments %+v %v", deps, err)
	}
	if ok, err := chain.HasRole(ctx, client, deps[0].Distributor, chain.RootPublisherRole, wallet); err != nil || !ok {
		t.Fatalf("the granted role: %v %v", ok, err)
	}

	w := &rewards.Wallets{Store: db, Clock: arena.SystemClock{}, Log: arenatest.Quiet(), PackClaim: chain.PackClaim, Claimed: &chain.Client{Backend: client}, ChainID: 1337}
	ci, err := w.ClaimFor(ctx, u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	tx, err := bind.Transact(bind.NewBoundContract(deps[0].Distributor, abi.ABI{}, client, client, client), bind.NewKeyedTransactor(walletKey, big.NewInt(1337)), ci.Calldata)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chain.WaitReceipt(ctx, client, tx); err != nil {
		t.Fatal(err)
	}
	if got, err := chain.TokenBalance(ctx, client, deps[0].Token, wallet); err != nil || got.Cmp(rewards.DefaultPolicy().TokenUnits(65)) != 0 {
		t.Fatalf("the wallet holds %s, want 65 tokens (%v)", got, err)
	}
}

type ecdsaKey struct {
	k    *ecdsa.PrivateKey
	addr common.Address
}
