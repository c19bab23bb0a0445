package main

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
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

// TestCampaignLoop runs a campaign through the arena and the chain (the simulated
// backend over loopback HTTP): the lab creates it over the API, deposits into the
// escrow, the arena records the deposit and starts it; a trusted rater's votes earn the
// bounty, shown after each vote; settlement's cumulative amount includes the bounties;
// the lab reads its private results (another lab and the public cannot) and closes it,
// which pays the bounties into the distributor and refunds the rest; a restarted arena
// refunds nothing twice; the ledger and the escrow's events reconcile; /transparency
// publishes the share and discloses the campaign; `arena campaigns list` shows it.
func TestCampaignLoop(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dir := t.TempDir()
	opKey, _ := crypto.GenerateKey()
	labKey, _ := crypto.GenerateKey()
	walletKey, _ := crypto.GenerateKey()
	ks := keystore.NewKeyStore(filepath.Join(dir, "keys"), keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(opKey, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	labAddr := crypto.PubkeyToAddress(labKey.PublicKey)
	node := startSimNode(t, types.GenesisAlloc{acct.Address: {Balance: eth}, labAddr: {Balance: eth}})
	db := filepath.Join(dir, "arena.db")
	env, out := testEnv(map[string]string{"ARENA_KEY_PASSWORD": "s3cret"})
	if err := Run(ctx, env, []string{"contracts", "deploy", "--rpc", node.url, "--key-file", acct.URL.Path, "--db", db, "--epoch-cap", "1000",
		"--min-epoch-interval", "0"}); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}
	client, err := ethclient.Dial(node.url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()

	build := func() *app.App {
		ro := &rewardOptions{chainID: 1337, chain: chainFlags{rpc: node.url, keyFile: acct.URL.Path}}
		rc, closeNode, err := ro.config(ctx, env)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(closeNode)
		quiet := arenatest.Quiet()
		a, err := app.New(ctx, app.Config{DB: db, Log: quiet, Web: web.Config{Logger: quiet}, SeedDemoModels: true,
			Providers: llm.Options{DemoDelay: llm.Instant}, Rewards: rc, Quality: &app.QualityConfig{},
			Labs: &app.LabsConfig{Sampler: arena.SampleUniform, CampaignShare: 1}})
		if err != nil {
			t.Fatal(err)
		}
		// The rater's record: earning the trusted tier takes weeks of votes, which the
		// rater tier tests cover; here every account counts as trusted but "nina".
		a.CampaignDraw.RaterTier = func(ctx context.Context, id int64) (string, error) {
			if u, err := a.Store.UserByID(ctx, id); err == nil && u.Username == "nina" {
				return arena.RaterNew, nil
			}
			return arena.RaterTrusted, nil
		}
		return a
	}
	a := build()
	closed := false
	defer func() {
		if !closed {
			a.Close()
		}
	}()
	admin, err := a.Accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	owner, _, _ := a.Accounts.SignUp(ctx, nil, "olga", "password1")
	rival, _, _ := a.Accounts.SignUp(ctx, nil, "rita", "password1")
	voter, _, _ := a.Accounts.SignUp(ctx, nil, "tom", "password1")
	lab, err := a.Labs.CreateLab(ctx, admin, "Acme", "olga")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Labs.CreateLab(ctx, admin, "Other", "rita"); err != nil {
		t.Fatal(err)
	}
	secret := &arena.LabModel{Model: arena.Model{Name: "acme-secret", Provider: arena.ProviderDemo, ModelID: llm.DemoModels()[2].ModelID,
		Timeout: time.Minute}, LabID: lab.ID, License: arena.LicenseOpen, OutputsPublic: true}
	if err := a.Store.CreateLabModel(ctx, secret, func(int64) []byte { return nil }); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	token := func(u *arena.User) string {
		_, s, err := a.Tokens.Create(ctx, u, "t")
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	ownerTok, rivalTok, voterTok := token(owner), token(rival), token(voter)
	call := func(tok, method, path string, body any, want int, out any) string {
		t.Helper()
		var r io.Reader
		if body != nil {
			js, _ := json.Marshal(body)
			r = bytes.NewReader(js)
		}
		req, _ := http.NewRequest(method, srv.URL+path, r)
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

	// The lab creates the campaign over the API; bad terms are a 400 that says why.
	terms := map[string]any{"lab_id": lab.ID, "name": "Secret eval", "entrants": []string{"acme-secret"}, "target_votes": 6, "bounty": 3,
		"deadline": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}
	bad := map[string]any{"lab_id": lab.ID, "name": "x", "entrants": []string{"acme-secret"}, "target_votes": 0, "bounty": 3,
		"deadline": time.Now().Add(48 * time.Hour).UTC().Format(time.RFC3339)}
	if body := call(ownerTok, "POST", "/api/campaigns", bad, 400, nil); !strings.Contains(body, "target is 1 to") {
		t.Fatalf("bad terms: %s", body)
	}
	call(rivalTok, "POST", "/api/campaigns", terms, 404, nil)
	var camp arena.Campaign
	call(ownerTok, "POST", "/api/campaigns", terms, 201, &camp)
	if camp.State != arena.CampaignDraft || camp.Entrants[0].Public {
		t.Fatalf("created %+v", camp)
	}
	path := "/api/campaigns/" + strconv.FormatInt(camp.ID, 10)
	call(rivalTok, "GET", path, nil, 404, nil)
	call("", "GET", path, nil, 401, nil)
	call(voterTok, "GET", path, nil, 404, nil)
	if body := call(ownerTok, "POST", path+"/fund", nil, 409, nil); !strings.Contains(body, "no deposit") {
		t.Fatalf("funding before the deposit: %s", body)
	}

	// The lab deposits target × bounty in ArenaToken, the bounty in token units as
	// settlement converts points.
	deps, err := a.Store.Deployments(ctx)
	if err != nil || len(deps) == 0 || !deps[0].HasCommerce() {
		t.Fatalf("deployments %+v %v", deps, err)
	}
	dep := deps[0]
	policy := rewards.DefaultPolicy()
	perVote := policy.TokenUnits(3)
	total := new(big.Int).Mul(perVote, big.NewInt(6))
	tokenABI, escrowABI := bindings.NewArenaToken(), bindings.NewCampaignEscrow()
	chainID := big.NewInt(1337)
	send := func(key *ecdsa.PrivateKey, to common.Address, data []byte) {
		t.Helper()
		c := bind.NewBoundContract(to, abi.ABI{}, client, client, client)
		tx, err := bind.Transact(c, bind.NewKeyedTransactor(key, chainID), data)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := chain.WaitReceipt(ctx, client, tx); err != nil {
			t.Fatal(err)
		}
	}
	send(opKey, dep.Token, tokenABI.PackGrantRole(chain.MinterRole, acct.Address))
	send(opKey, dep.Token, tokenABI.PackMint(labAddr, total))
	send(labKey, dep.Token, tokenABI.PackApprove(dep.Escrow, total))
	key, _ := chain.CampaignKey(camp.EscrowID)
	head, _ := client.HeaderByNumber(ctx, nil)
	send(labKey, dep.Escrow, escrowABI.PackDeposit(key, dep.Token, 6, perVote, head.Time+3*24*3600))
	call(ownerTok, "POST", path+"/fund", nil, 200, &camp)
	if camp.State != arena.CampaignFunded || camp.Deposit != total.String() || camp.Depositor != labAddr.Hex() {
		t.Fatalf("funded %+v", camp)
	}
	call(ownerTok, "POST", path+"/start", nil, 200, &camp)

	// The voter links a wallet (a real personal_sign signature) and votes: every battle
	// is the campaign's while the share is 1, and each vote earns the bounty.
	wallet := crypto.PubkeyToAddress(walletKey.PublicKey)
	var nonce struct{ Message string }
	call(voterTok, "POST", "/api/wallet/nonce", map[string]string{"address": wallet.Hex()}, 0, &nonce)
	sig, _ := crypto.Sign(accounts.TextHash([]byte(nonce.Message)), walletKey)
	sig[64] += 27
	call(voterTok, "POST", "/api/wallet/link", map[string]string{"message": nonce.Message, "signature": hexutil.Encode(sig)}, 0, nil)
	var votePoints, bounties int64
	var lastBattle string
	for i := range 4 {
		var created struct{ ID string }
		call(voterTok, "POST", "/api/battles", map[string]any{"prompt": "Explain tides to a child.", "mode": "battle"}, 201, &created)
		b, err := a.Battles.Wait(ctx, voter, created.ID)
		if err != nil || b.Status != arena.StatusReady || b.Campaign == nil {
			t.Fatalf("battle %d: %v %v campaign %+v", i, b.Status, err, b.Campaign)
		}
		winner := []string{"model_a", "model_b"}[i%2]
		var r arena.VoteResult
		call(voterTok, "POST", "/api/battles/"+created.ID+"/vote", map[string]any{"winner": winner, "publish": true}, 200, &r)
		if r.Sponsored == nil || r.Sponsored.Bounty != 3 {
			t.Fatalf("vote %d: sponsored note %+v", i, r.Sponsored)
		}
		votePoints += r.Points
		bounties += r.Sponsored.Bounty
		lastBattle = created.ID
	}
	// The battle page after the reveal says so too.
	if html := call(voterTok, "GET", "/battle/"+lastBattle, nil, 200, nil); !strings.Contains(html, `id="sponsored-note"`) ||
		!strings.Contains(html, "bounty of +3 points") {
		t.Fatalf("the battle page has no sponsored note:\n%s", html)
	}
	bt, _ := a.Battles.Get(ctx, voter, lastBattle)
	if r := bt.VoteResult(); r.Sponsored == nil || r.Sponsored.Bounty != 3 {
		t.Fatalf("the battle read back has no sponsored note: %+v", r)
	}

	// Settlement: the cumulative amount is vote points and bounties together.
	s := chain.Settlement{Store: a.Store, Node: client, ChainID: 1337, Key: opKey, Policy: policy, Clock: arena.SystemClock{}, Log: arenatest.Quiet(),
		Wait: time.Minute}
	res, err := s.Run(ctx, dep.Distributor, false)
	if err != nil {
		t.Fatal(err)
	}
	var got *big.Int
	for _, e := range res.Entries {
		if e.Account == wallet {
			got = e.Cumulative
		}
	}
	balance, err := a.Store.Balance(ctx, voter.ID)
	if err != nil {
		t.Fatal(err)
	}
	if n, pts, _ := a.Store.CampaignBounties(ctx, camp.ID); n != 4 || pts != bounties || bounties != 12 {
		t.Fatalf("bounty ledger: %d lines, %d points; the votes said %d", n, pts, bounties)
	}
	// The balance is the sign-up bonus, the votes' points and the bounties, all vested.
	if want := policy.TokenUnits(balance); got == nil || got.Cmp(want) != 0 || balance < votePoints+bounties {
		t.Fatalf("the wallet's cumulative amount is %v, want %s (%d points: %d of votes, %d of bounties, the rest the bonus)", got, want, balance, votePoints, bounties)
	}

	// The lab's private results.
	var results arena.CampaignResults
	call(ownerTok, "GET", path, nil, 200, &results)
	if results.Counted != 4 || results.Spent != 12 || results.Budget != 18 || len(results.Opponents) == 0 || results.Dataset != 4 {
		t.Fatalf("results %+v", results)
	}
	if body := call(ownerTok, "GET", path+"/dataset.jsonl", nil, 200, nil); strings.Count(body, "\n") != 4 || !strings.Contains(body, "acme-secret") {
		t.Fatalf("dataset:\n%s", body)
	}
	call(rivalTok, "GET", path+"/dataset.jsonl", nil, 404, nil)

	// Before it closes the campaign and its private model are not on /transparency.
	var tr struct {
		Models    []struct{ Name string } `json:"models"`
		Campaigns struct {
			Share     float64 `json:"share_configured"`
			Measured  float64 `json:"share_measured"`
			Disclosed []struct {
				Name         string   `json:"name"`
				Models       []string `json:"models"`
				CountedVotes int64    `json:"counted_votes"`
			} `json:"disclosed"`
		} `json:"campaigns"`
	}
	call("", "GET", "/api/transparency", nil, 200, &tr)
	if tr.Campaigns.Share != 1 || tr.Campaigns.Measured != 1 || len(tr.Campaigns.Disclosed) != 0 {
		t.Fatalf("transparency before the close: %+v", tr.Campaigns)
	}
	for _, m := range tr.Models {
		if m.Name == "acme-secret" {
			t.Fatal("the private entrant is on /transparency before its campaign is disclosed")
		}
	}

	// The lab closes it: 4 votes paid into the distributor, 2 refunded.
	call(ownerTok, "POST", path+"/close", nil, 200, &camp)
	refund := new(big.Int).Mul(perVote, big.NewInt(2))
	if camp.State != arena.CampaignClosed || camp.CloseReason != arena.CloseByLab || camp.Refunded != refund.String() {
		t.Fatalf("closed %+v, want %s refunded", camp, refund)
	}
	bal := func(who common.Address) *big.Int {
		b, err := chain.TokenBalance(ctx, client, dep.Token, who)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if bal(labAddr).Cmp(refund) != 0 || bal(dep.Escrow).Sign() != 0 {
		t.Fatalf("the lab holds %s and the escrow %s after the refund", bal(labAddr), bal(dep.Escrow))
	}

	// A restarted arena closes again: nothing more moves.
	a.Close()
	closed = true
	a2 := build()
	defer a2.Close()
	if again, err := a2.Campaigns.Close(ctx, owner, camp.ID); err != nil || again.Refunded != camp.Refunded || again.RefundTx != camp.RefundTx {
		t.Fatalf("close after a restart: %+v %v", again, err)
	}
	if bal(labAddr).Cmp(refund) != 0 {
		t.Fatalf("the lab was refunded twice: %s", bal(labAddr))
	}
	rec, err := a2.Campaigns.Reconcile(ctx, camp.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Problems) > 0 || rec.BountyEntries != 4 || rec.Totals.Paid.Cmp(policy.TokenUnits(12)) != 0 ||
		new(big.Int).Add(rec.Totals.Paid, rec.Totals.Refunded).Cmp(total) != 0 {
		t.Fatalf("reconciliation %+v %+v", rec, rec.Totals)
	}

	// Disclosed once closed, with every model it tested.
	srv.Config.Handler = a2.Server.Handler()
	call("", "GET", "/api/transparency", nil, 200, &tr)
	if len(tr.Campaigns.Disclosed) != 1 || tr.Campaigns.Disclosed[0].Name != "Secret eval" || tr.Campaigns.Disclosed[0].CountedVotes != 4 ||
		strings.Join(tr.Campaigns.Disclosed[0].Models, ",") != "acme-secret" {
		t.Fatalf("disclosed %+v", tr.Campaigns.Disclosed)
	}

	env, out = testEnv(nil)
	if err := Run(ctx, env, []string{"campaigns", "list", "--db", db}); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "Secret eval") || !strings.Contains(s, "closed (lab)") || !strings.Contains(s, "4/6") {
		t.Fatalf("campaigns list:\n%s", s)
	}
	env, _ = testEnv(nil)
	if err := Run(ctx, env, []string{"campaigns", "close", "--db", db, "999"}); err == nil || !strings.Contains(err.Error(), "No such campaign") {
		t.Fatalf("closing an unknown campaign: %v", err)
	}
}
