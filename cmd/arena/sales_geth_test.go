package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/web"
	"github.com/arena-dev/arena/contracts/bindings"
)

// TestReleaseSaleOnGethDev is a data sale on a real node through the commands: deploy,
// votes from two contributors who publish, arena export --release, arena releases
// price (again: nothing sent; a bad amount refused), a buyer buys on chain and posts
// the purchase for a download link, arena settle, and the contributor claims points
// and her share from the distributor; --free opens the files again.
func TestReleaseSaleOnGethDev(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
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
	acct, err := ks.ImportECDSA(opKey, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	fund(t, client, acct.Address, ten)
	db, releases := filepath.Join(dir, "arena.db"), filepath.Join(dir, "releases")
	vars := map[string]string{"ARENA_KEY_PASSWORD": "s3cret"}
	run := func(args ...string) (string, error) {
		env, out := testEnv(vars)
		err := Run(ctx, env, args)
		return out.String(), err
	}
	chainArgs := []string{"--rpc", url, "--key-file", acct.URL.Path, "--db", db}
	if out, err := run(append([]string{"contracts", "deploy", "--epoch-cap", "unlimited", "--min-epoch-interval", "0"}, chainArgs...)...); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}

	ro := &rewardOptions{chainID: 1337, chain: chainFlags{rpc: url}}
	env, _ := testEnv(vars)
	rc, closeNode, err := ro.config(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	defer closeNode()
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: db, Log: quiet, Web: web.Config{Logger: quiet}, SeedDemoModels: true, Releases: releases,
		Providers: llm.Options{DemoDelay: llm.Instant}, Rewards: rc, Sales: app.SalesConfig{LinkKey: []byte("geth test key, thirty-two bytes!")}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	users := map[string]*arena.User{}
	for name, n := range map[string]int{"ann": 3, "ben": 1} {
		u, _, err := a.Accounts.SignUp(ctx, nil, name, "password1")
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
		if _, err := a.Store.SetConsent(ctx, u.ID, arena.ConsentDecision{Publish: true, At: time.Now(), Version: arena.ConsentVersion}, false); err != nil {
			t.Fatal(err)
		}
		for range n {
			b, err := a.Battles.Start(ctx, u, "Write a haiku about blocks.")
			if err != nil {
				t.Fatal(err)
			}
			if b, err = a.Battles.Wait(ctx, u, b.ID); err != nil || b.Status != arena.StatusReady {
				t.Fatalf("battle: %v %v", b.Status, err)
			}
			if _, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if out, err := run("export", "--db", db, "--release", "2026-12", "--out", releases); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	deps, err := a.Store.Deployments(ctx)
	if err != nil || len(deps) != 1 || !deps[0].HasCommerce() {
		t.Fatalf("deployments %+v %v", deps, err)
	}
	dep := deps[0]
	price := func(extra ...string) (string, error) {
		return run(append(append([]string{"releases", "price", "2026-12"}, extra...), chainArgs...)...)
	}
	if _, err := price("--amount", "0", "--token", dep.Token.Hex()); err == nil || !strings.Contains(err.Error(), "--free") {
		t.Fatalf("a zero price: %v", err)
	}
	if _, err := price("--amount", "10"); err == nil || !strings.Contains(err.Error(), "--token") {
		t.Fatalf("no token: %v", err)
	}
	out, err := price("--amount", "10", "--token", dep.Token.Hex())
	if err != nil || !strings.Contains(out, "release 2026-12 on sale: 10 of") {
		t.Fatalf("price: %v\n%s", err, out)
	}
	if out, err := price("--amount", "10", "--token", dep.Token.Hex()); err != nil || !strings.Contains(out, "already on sale") {
		t.Fatalf("the same price again: %v\n%s", err, out)
	}
	ps, err := a.Store.Prices(ctx, "2026-12")
	if err != nil || len(ps) != 1 {
		t.Fatalf("prices %+v %v", ps, err)
	}
	l, err := chain.ReadListing(ctx, client, dep.Sale, ps[0].Listing)
	if err != nil || !l.Listed || l.Price.Cmp(ten) != 0 || l.Token != dep.Token || l.LicenceHash != ps[0].LicenceHash {
		t.Fatalf("the listing on chain %+v %v", l, err)
	}

	// The buyer buys on chain and posts the purchase.
	buyerKey, _ := crypto.GenerateKey()
	buyer := crypto.PubkeyToAddress(buyerKey.PublicKey)
	fund(t, client, buyer, ten)
	opAuth := bind.NewKeyedTransactor(opKey, big.NewInt(1337))
	buyerAuth := bind.NewKeyedTransactor(buyerKey, big.NewInt(1337))
	send := func(from *bind.TransactOpts, to common.Address, data []byte) common.Hash {
		t.Helper()
		opts := *from
		opts.Context = ctx
		tx, err := bind.Transact(bind.NewBoundContract(to, abi.ABI{}, client, client, client), &opts, data)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chain.WaitReceipt(ctx, client, tx); err != nil {
			t.Fatal(err)
		}
		return tx.Hash()
	}
	tok, sale := bindings.NewArenaToken(), bindings.NewDataSale()
	send(opAuth, dep.Token, tok.PackGrantRole(chain.MinterRole, acct.Address))
	send(opAuth, dep.Token, tok.PackMint(buyer, ten))
	send(buyerAuth, dep.Token, tok.PackApprove(dep.Sale, ten))
	bought := send(buyerAuth, dep.Sale, sale.PackBuy(ps[0].Listing, ps[0].LicenceHash))

	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	sig, err := crypto.Sign(accounts.TextHash([]byte(rewards.PurchaseMessage("2026-12", bought))), buyerKey)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"tx": bought.Hex(), "signature": hexutil.Encode(sig)})
	res, err := http.Post(srv.URL+"/api/releases/2026-12/purchases", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Created        bool              `json:"created"`
		ToContributors string            `json:"to_contributors"`
		Battles        int64             `json:"battles"`
		Files          map[string]string `json:"files"`
	}
	data, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if err := json.Unmarshal(data, &got); err != nil || res.StatusCode != 201 || !got.Created || got.Battles != 4 ||
		got.ToContributors != new(big.Int).Div(new(big.Int).Mul(ten, big.NewInt(7)), big.NewInt(10)).String() {
		t.Fatalf("purchase: %d %s", res.StatusCode, data)
	}
	for _, path := range []string{got.Files["battles.parquet"], "/data/releases/2026-12/battles.parquet"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if want := map[bool]int{true: 200, false: 403}[strings.Contains(path, "sig=")]; res.StatusCode != want {
			t.Fatalf("GET %s: %d, want %d", path, res.StatusCode, want)
		}
	}

	// ann links a wallet; arena settle pays her points and her share; she claims.
	walletKey, _ := crypto.GenerateKey()
	wallet := crypto.PubkeyToAddress(walletKey.PublicKey)
	fund(t, client, wallet, ten)
	nonce := rewards.SIWENonce{Nonce: "geth-sale-nonce1", UserID: users["ann"].ID, Address: wallet, IssuedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
	if err := a.Store.CreateNonce(ctx, nonce); err != nil {
		t.Fatal(err)
	}
	if err := a.Store.LinkWallet(ctx, users["ann"].ID, wallet, nonce.Nonce, time.Now(), 0); err != nil {
		t.Fatal(err)
	}
	if out, err := run(append([]string{"settle", "--log-level", "warn"}, chainArgs...)...); err != nil || !strings.Contains(out, "Settled epoch 1") {
		t.Fatalf("settle: %v\n%s", err, out)
	}
	last, err := a.Store.LatestConfirmed(ctx, dep.Distributor)
	if err != nil || last == nil {
		t.Fatalf("latest confirmed %+v %v", last, err)
	}
	entries, err := a.Store.EpochEntries(ctx, last.ID)
	if err != nil || len(entries) != 1 {
		t.Fatalf("entries %+v %v", entries, err)
	}
	share := new(big.Int).Div(new(big.Int).Mul(ten, big.NewInt(7*3)), big.NewInt(10*4)) // 7 ARENA × 3/4
	points := rewards.DefaultPolicy().TokenUnits(entries[0].Points)
	if want := new(big.Int).Add(points, share); entries[0].Cumulative.Cmp(want) != 0 {
		t.Fatalf("ann's cumulative %s, want %s of points and %s of her share", entries[0].Cumulative, points, share)
	}
	tree, err := rewards.BuildTree([]rewards.Entry{{Account: wallet, Cumulative: entries[0].Cumulative}})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := tree.Claim(wallet)
	if err != nil {
		t.Fatal(err)
	}
	send(bind.NewKeyedTransactor(walletKey, big.NewInt(1337)), dep.Distributor, chain.PackClaim(wallet, cl.Cumulative, tree.Root(), cl.Proof))
	if b, err := chain.TokenBalance(ctx, client, dep.Token, wallet); err != nil || b.Cmp(entries[0].Cumulative) != 0 {
		t.Fatalf("ann holds %s, want %s (%v)", b, entries[0].Cumulative, err)
	}

	if out, err := price("--free"); err != nil || !strings.Contains(out, "free again") {
		t.Fatalf("--free: %v\n%s", err, out)
	}
	if l, err := chain.ReadListing(ctx, client, dep.Sale, ps[0].Listing); err != nil || l.Listed {
		t.Fatalf("the listing after --free %+v %v", l, err)
	}
	res, err = http.Get(srv.URL + "/data/releases/2026-12/battles.parquet")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("a release made free again: %d", res.StatusCode)
	}
}
