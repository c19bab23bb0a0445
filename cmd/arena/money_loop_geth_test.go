package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
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

// TestMoneyLoopOnGethDev is issue 26's whole loop on a real node, through `arena serve`
// over HTTP with the demo models and the commands an operator runs: a lab creates a
// campaign and deposits its budget into CampaignEscrow; a trusted rater's votes earn
// the bounty (a new rater gets no campaign battle); `arena settle` pays the bounties
// with the points and the rater claims them from his wallet; `arena campaigns close`
// pays the escrow into the distributor and refunds the lab the rest; a release is
// exported, priced and bought; settlement pays the contributors' share and the rater
// claims it; then /api/transparency, the chain's balances and `arena campaigns
// reconcile` agree with the ledger.
func TestMoneyLoopOnGethDev(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	started := time.Now()
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
	newKey := func() (*ecdsa.PrivateKey, common.Address) {
		k, _ := crypto.GenerateKey()
		a := crypto.PubkeyToAddress(k.PublicKey)
		fund(t, client, a, ten)
		return k, a
	}
	fund(t, client, acct.Address, ten)
	labKey, labAddr := newKey()
	buyerKey, buyerAddr := newKey()
	walletKey, wallet := newKey()
	db, releases := filepath.Join(dir, "arena.db"), filepath.Join(dir, "releases")
	vars := map[string]string{"ARENA_KEY_PASSWORD": "s3cret"}
	run := func(args ...string) (string, error) {
		env, out := testEnv(vars)
		err := Run(ctx, env, args)
		return out.String(), err
	}
	chainArgs := []string{"--rpc", url, "--key-file", acct.URL.Path, "--db", db}
	if out, err := run(append([]string{"contracts", "deploy", "--epoch-cap", "unlimited", "--min-epoch-interval", "0"}, chainArgs...)...); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}

	// The rater's record. Campaign battles go to trusted raters only, and trust takes 50
	// counted votes of sustained quality, so tom earns it first: real votes on the demo
	// models, scored by the arena, on a clock that gives each answer time to be read
	// (the served arena's clock is the system's, which a test cannot move).
	clock := arenatest.NewClock(time.Now().Add(-3 * time.Hour))
	quiet := arenatest.Quiet()
	seed, err := app.New(ctx, app.Config{DB: db, Log: quiet, Web: web.Config{Logger: quiet}, SeedDemoModels: true, Clock: clock,
		Providers: llm.Options{DemoDelay: llm.Instant}, Quality: &app.QualityConfig{}, Labs: &app.LabsConfig{Sampler: arena.SampleUniform}})
	if err != nil {
		t.Fatal(err)
	}
	admin, err := seed.Accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	users := map[string]*arena.User{}
	for _, name := range []string{"olga", "tom", "ann"} {
		u, _, err := seed.Accounts.SignUp(ctx, nil, name, "password1")
		if err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	lab, err := seed.Labs.CreateLab(ctx, admin, "Acme", "olga")
	if err != nil {
		t.Fatal(err)
	}
	entrant := &arena.LabModel{Model: arena.Model{Name: "acme-secret", Provider: arena.ProviderDemo, ModelID: llm.DemoModels()[2].ModelID,
		Timeout: time.Minute}, LabID: lab.ID, License: arena.LicenseOpen, OutputsPublic: true}
	if err := seed.Store.CreateLabModel(ctx, entrant, func(int64) []byte { return nil }); err != nil {
		t.Fatal(err)
	}
	prompts := []string{"Explain tides to a child.", "Write a haiku about rain.", "What is a prime number?", "Name three rivers in Europe.",
		"How do bees make honey?", "Summarise the water cycle."}
	for i := range 55 {
		b, err := seed.Battles.Start(ctx, users["tom"], fmt.Sprintf("%s (question %d of my record)", prompts[i%len(prompts)], i))
		if err != nil {
			t.Fatal(err)
		}
		if b, err = seed.Battles.Wait(ctx, users["tom"], b.ID); err != nil || b.Status != arena.StatusReady {
			t.Fatalf("seed battle %d: %v %v", i, b.Status, err)
		}
		clock.Add(2 * time.Minute)
		if _, err := seed.Battles.Vote(ctx, users["tom"], b.ID, arena.VoteInput{Winner: []arena.Winner{arena.WinnerA, arena.WinnerB}[i%2]}); err != nil {
			t.Fatal(err)
		}
	}
	if tier, err := seed.Raters.Tier(ctx, users["tom"].ID); err != nil || tier != arena.RaterTrusted {
		rel, _ := seed.Raters.Of(ctx, users["tom"].ID)
		t.Fatalf("tom's tier after his record: %q %v (%+v)", tier, err, rel)
	}
	seed.Close()
	t.Logf("rater record seeded at %s", time.Since(started).Round(time.Millisecond))

	// `arena serve`, with the operator's key: the escrow and the sales go through it.
	base := serveMoney(t, vars, "--db", db, "--rpc", url, "--key-file", acct.URL.Path, "--releases", releases, "--demo-delay", "-1ns",
		"--campaign-share", "1", "--vesting-window", "0", "--qualify-battles", "0", "--gold-rate", "0")
	token := func(name string) string {
		out, err := run("users", "token", "--db", db, name)
		if err != nil {
			t.Fatalf("users token %s: %v\n%s", name, err, out)
		}
		return strings.TrimSpace(out[strings.LastIndex(strings.TrimSpace(out), "\n")+1:])
	}
	olgaTok, tomTok, annTok := token("olga"), token("tom"), token("ann")
	call := func(tok, method, path string, body any, want int, out any) string {
		t.Helper()
		var r io.Reader
		if body != nil {
			js, _ := json.Marshal(body)
			r = bytes.NewReader(js)
		}
		req, _ := http.NewRequestWithContext(ctx, method, base+path, r)
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		if res.StatusCode != want && !(want == 0 && res.StatusCode < 300) {
			t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, data, want)
		}
		if out != nil {
			if err := json.Unmarshal(data, out); err != nil {
				t.Fatalf("%s %s: %v in %s", method, path, err, data)
			}
		}
		return string(data)
	}

	// The lab creates the campaign over the API and funds it on chain.
	const target, bounty = 6, 3
	var camp arena.Campaign
	call(olgaTok, "POST", "/api/campaigns", map[string]any{"lab_id": lab.ID, "name": "Acme secret eval", "entrants": []string{"acme-secret"},
		"target_votes": target, "bounty": bounty, "deadline": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}, 201, &camp)
	path := "/api/campaigns/" + strconv.FormatInt(camp.ID, 10)
	store, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	deps, err := store.Deployments(ctx)
	if err != nil || len(deps) != 1 || !deps[0].HasCommerce() {
		t.Fatalf("deployments %+v %v", deps, err)
	}
	dep := deps[0]
	policy := rewards.DefaultPolicy()
	perVote := policy.TokenUnits(bounty)
	budget := new(big.Int).Mul(perVote, big.NewInt(target))
	tok, escrowABI, saleABI := bindings.NewArenaToken(), bindings.NewCampaignEscrow(), bindings.NewDataSale()
	send := func(key *ecdsa.PrivateKey, to common.Address, data []byte) common.Hash {
		t.Helper()
		opts := bind.NewKeyedTransactor(key, big.NewInt(1337))
		opts.Context = ctx
		tx, err := bind.Transact(bind.NewBoundContract(to, abi.ABI{}, client, client, client), opts, data)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chain.WaitReceipt(ctx, client, tx); err != nil {
			t.Fatal(err)
		}
		return tx.Hash()
	}
	balance := func(who common.Address) *big.Int {
		t.Helper()
		b, err := chain.TokenBalance(ctx, client, dep.Token, who)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	send(opKey, dep.Token, tok.PackGrantRole(chain.MinterRole, acct.Address))
	send(opKey, dep.Token, tok.PackMint(labAddr, budget))
	send(opKey, dep.Token, tok.PackMint(buyerAddr, ten))
	send(labKey, dep.Token, tok.PackApprove(dep.Escrow, budget))
	key, err := chain.CampaignKey(camp.EscrowID)
	if err != nil {
		t.Fatal(err)
	}
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	send(labKey, dep.Escrow, escrowABI.PackDeposit(key, dep.Token, target, perVote, head.Time+3*24*3600))
	call(olgaTok, "POST", path+"/fund", nil, 200, &camp)
	if camp.State != arena.CampaignFunded || camp.Deposit != budget.String() || camp.Depositor != labAddr.Hex() {
		t.Fatalf("funded %+v, want a deposit of %s from %s", camp, budget, labAddr.Hex())
	}
	call(olgaTok, "POST", path+"/start", nil, 200, &camp)

	// Tom links his wallet (personal_sign) and votes; ann, a new rater, votes too.
	var nonce struct{ Message string }
	call(tomTok, "POST", "/api/wallet/nonce", map[string]string{"address": wallet.Hex()}, 0, &nonce)
	sig, _ := crypto.Sign(accounts.TextHash([]byte(nonce.Message)), walletKey)
	sig[64] += 27
	call(tomTok, "POST", "/api/wallet/link", map[string]string{"message": nonce.Message, "signature": hexutil.Encode(sig)}, 0, nil)
	// The battles start together and are voted once their answers had time to be read:
	// votes faster than reading lower a rater's score, which costs tom his trust.
	type pending struct {
		tok, id string
		i       int
	}
	var battles []pending
	const campaignVotes = 4 // under the target: the rest is refunded
	for i := range campaignVotes + 2 {
		tk := tomTok
		if i >= campaignVotes {
			tk = annTok
		}
		var created struct{ ID string }
		call(tk, "POST", "/api/battles", map[string]any{"prompt": fmt.Sprintf("%s (asked live, %d)", prompts[i%len(prompts)], i), "mode": "battle"}, 201, &created)
		battles = append(battles, pending{tk, created.ID, i})
	}
	for _, b := range battles {
		var got struct{ Status string }
		call(b.tok, "GET", "/api/battles/"+b.id+"?wait=30s", nil, 200, &got)
		if got.Status != "ready" {
			t.Fatalf("battle %s: %s", b.id, got.Status)
		}
	}
	time.Sleep(5 * time.Second)
	for _, b := range battles {
		var r arena.VoteResult
		call(b.tok, "POST", "/api/battles/"+b.id+"/vote", map[string]any{"winner": []string{"model_a", "model_b"}[b.i%2], "publish": true}, 200, &r)
		if b.tok == annTok {
			if r.Sponsored != nil {
				t.Fatalf("a new rater got a campaign battle: %+v", r.Sponsored)
			}
			continue
		}
		if r.Sponsored == nil || r.Sponsored.Bounty != bounty || r.Sponsored.Campaign != camp.ID {
			rel := call(tomTok, "GET", "/api/me/reliability", nil, 200, nil)
			t.Fatalf("tom's vote %d: sponsored note %+v; reliability %s", b.i, r.Sponsored, rel)
		}
		if r.ModelA != "acme-secret" && r.ModelB != "acme-secret" {
			t.Fatalf("tom's campaign battle %d is %s vs %s", b.i, r.ModelA, r.ModelB)
		}
	}
	if n, pts, err := store.CampaignBounties(ctx, camp.ID); err != nil || n != campaignVotes || pts != campaignVotes*bounty {
		t.Fatalf("bounty ledger: %d lines, %d points (%v)", n, pts, err)
	}

	// arena settle pays the vested points and bounties; tom claims from his wallet.
	claim := func(epoch int) *big.Int {
		t.Helper()
		if out, err := run(append([]string{"settle", "--log-level", "warn"}, chainArgs...)...); err != nil || !strings.Contains(out, fmt.Sprintf("Settled epoch %d", epoch)) {
			t.Fatalf("settle: %v\n%s", err, out)
		}
		var proof struct {
			Cumulative  string `json:"cumulative_amount"`
			Claimable   string `json:"claimable"`
			Distributor string `json:"distributor"`
			Calldata    string `json:"calldata"`
		}
		call(tomTok, "GET", "/api/rewards/proof", nil, 200, &proof)
		cumulative, ok := new(big.Int).SetString(proof.Cumulative, 10)
		if !ok || common.HexToAddress(proof.Distributor) != dep.Distributor {
			t.Fatalf("proof %+v", proof)
		}
		send(walletKey, dep.Distributor, common.FromHex(proof.Calldata))
		if got := balance(wallet); got.Cmp(cumulative) != 0 {
			t.Fatalf("tom's wallet holds %s after claiming, want his cumulative %s", got, cumulative)
		}
		return cumulative
	}
	first := claim(1)
	tomPoints, err := store.Balance(ctx, users["tom"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if first.Cmp(policy.TokenUnits(tomPoints)) != 0 {
		t.Fatalf("tom claimed %s, want his %d points (bounties included) in token units %s", first, tomPoints, policy.TokenUnits(tomPoints))
	}

	// The operator closes the campaign: the bounties go to the distributor, the rest to
	// the lab; a second close sends nothing.
	for i := range 2 {
		out, err := run(append([]string{"campaigns", "close"}, append(chainArgs, strconv.FormatInt(camp.ID, 10))...)...)
		if err != nil || !strings.Contains(out, "refunded") {
			t.Fatalf("campaigns close %d: %v\n%s", i+1, err, out)
		}
	}
	paid := new(big.Int).Mul(perVote, big.NewInt(campaignVotes))
	refund := new(big.Int).Sub(budget, paid)
	if balance(labAddr).Cmp(refund) != 0 || balance(dep.Escrow).Sign() != 0 {
		t.Fatalf("the lab holds %s (want the refund %s) and the escrow %s", balance(labAddr), refund, balance(dep.Escrow))
	}

	// A release of the consented battles is priced and bought.
	if out, err := run("export", "--db", db, "--release", "2026-12", "--out", releases); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if out, err := run(append([]string{"releases", "price", "2026-12", "--amount", "10", "--token", dep.Token.Hex()}, chainArgs...)...); err != nil {
		t.Fatalf("price: %v\n%s", err, out)
	}
	prices, err := store.Prices(ctx, "2026-12")
	if err != nil || len(prices) != 1 {
		t.Fatalf("prices %+v %v", prices, err)
	}
	send(buyerKey, dep.Token, tok.PackApprove(dep.Sale, ten))
	bought := send(buyerKey, dep.Sale, saleABI.PackBuy(prices[0].Listing, prices[0].LicenceHash))
	psig, _ := crypto.Sign(accounts.TextHash([]byte(rewards.PurchaseMessage("2026-12", bought))), buyerKey)
	var sale struct {
		ToContributors string            `json:"to_contributors"`
		Battles        int64             `json:"battles"`
		Contributors   int64             `json:"contributors"`
		Files          map[string]string `json:"files"`
	}
	call("", "POST", "/api/releases/2026-12/purchases", map[string]string{"tx": bought.Hex(), "signature": hexutil.Encode(psig)}, 201, &sale)
	toContributors := new(big.Int).Div(new(big.Int).Mul(ten, big.NewInt(7)), big.NewInt(10))
	if sale.ToContributors != toContributors.String() || sale.Contributors != 2 || len(sale.Files) == 0 {
		t.Fatalf("purchase %+v", sale)
	}
	for name, link := range sale.Files {
		res, err := http.Get(base + link)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("the buyer's link to %s: %d", name, res.StatusCode)
		}
	}

	// Tom's share of the sale, by his battles in it, is settled and claimed.
	var mine struct {
		Sales []struct {
			Earned string `json:"earned"`
		} `json:"sales"`
	}
	call(tomTok, "GET", "/api/me/sales", nil, 200, &mine)
	if len(mine.Sales) != 1 {
		t.Fatalf("tom's sales %+v", mine)
	}
	share, _ := new(big.Int).SetString(mine.Sales[0].Earned, 10)
	second := claim(2)
	if got := new(big.Int).Sub(second, first); share == nil || share.Sign() <= 0 || got.Cmp(share) != 0 {
		t.Fatalf("the second claim added %s, want tom's share %v", got, share)
	}

	// The chain's balances, the ledger and /transparency agree.
	if got, want := balance(dep.Distributor), new(big.Int).Add(paid, toContributors); got.Cmp(want) != 0 {
		t.Fatalf("the distributor holds %s, want the %s of bounties and %s of the sale", got, paid, toContributors)
	}
	if got := balance(buyerAddr); got.Sign() != 0 {
		t.Fatalf("the buyer still holds %s", got)
	}
	out, err := run("campaigns", "reconcile", "--db", db, "--rpc", url, strconv.FormatInt(camp.ID, 10))
	if err != nil || !strings.Contains(out, "the ledger and the escrow agree") || !strings.Contains(out, fmt.Sprintf("%d bounty lines", campaignVotes)) {
		t.Fatalf("reconcile: %v\n%s", err, out)
	}
	var tr struct {
		Campaigns struct {
			Disclosed []struct {
				Name         string   `json:"name"`
				Models       []string `json:"models"`
				CountedVotes int64    `json:"counted_votes"`
			} `json:"disclosed"`
		} `json:"campaigns"`
		Sales []struct {
			Release        string `json:"release"`
			Sales          int64  `json:"sales"`
			Proceeds       string `json:"proceeds"`
			ToContributors string `json:"to_contributors"`
			ToOperator     string `json:"to_operator"`
			Contributors   int64  `json:"contributors"`
		} `json:"sales"`
	}
	call("", "GET", "/api/transparency", nil, 200, &tr)
	if d := tr.Campaigns.Disclosed; len(d) != 1 || d[0].Name != "Acme secret eval" || d[0].CountedVotes != campaignVotes ||
		strings.Join(d[0].Models, ",") != "acme-secret" {
		t.Fatalf("disclosed campaigns %+v", d)
	}
	if s := tr.Sales; len(s) != 1 || s[0].Release != "2026-12" || s[0].Sales != 1 || s[0].Proceeds != ten.String() ||
		s[0].ToContributors != toContributors.String() || s[0].ToOperator != new(big.Int).Sub(ten, toContributors).String() || s[0].Contributors != 2 {
		t.Fatalf("sales on /transparency %+v", s)
	}
	if page := call("", "GET", "/transparency", nil, 200, nil); !strings.Contains(page, "Acme secret eval") || !strings.Contains(page, "2026-12") {
		t.Fatalf("/transparency shows neither the campaign nor the sale:\n%s", page)
	}
	t.Logf("the loop took %s", time.Since(started).Round(time.Millisecond))
}

// serveMoney runs `arena serve` in-process with args and env vars until the test ends,
// and returns its base URL once it answers /healthz.
func serveMoney(t *testing.T, vars map[string]string, args ...string) string {
	t.Helper()
	addr := freeAddr(t)
	var mu sync.Mutex
	var logs bytes.Buffer
	w := &lockedWriter{mu: &mu, w: &logs}
	env := &Env{Stdin: strings.NewReader(""), Stdout: w, Stderr: w, Getenv: func(k string) string { return vars[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, env, append([]string{"serve", "--addr", addr, "--log-level", "warn"}, args...))
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			mu.Lock()
			t.Errorf("arena serve: %v\n%s", err, logs.String())
			mu.Unlock()
		}
	})
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		select {
		case err := <-done:
			done <- err
			mu.Lock()
			defer mu.Unlock()
			t.Fatalf("arena serve ended: %v\n%s", err, logs.String())
		default:
		}
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return "http://" + addr
			}
		}
	}
	t.Fatal("arena serve did not answer /healthz")
	return ""
}
