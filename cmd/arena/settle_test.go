package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os/exec"
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
)

// startGeth runs `geth --dev` on a free loopback port and returns its HTTP RPC URL.
func startGeth(t *testing.T) string {
	t.Helper()
	bin, err := exec.LookPath("geth")
	if err != nil {
		t.Skip("geth is not on PATH; install it with `go install github.com/ethereum/go-ethereum/cmd/geth@v1.17.10` (CI does)")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(bin, "--dev", "--http", "--http.addr", "127.0.0.1", "--http.port", fmt.Sprint(port),
		"--http.api", "eth,net,web3", "--datadir", t.TempDir(), "--ipcdisable", "--port", "0", "--authrpc.port", "0",
		"--nodiscover", "--maxpeers", "0", "--verbosity", "2")
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		if t.Failed() {
			t.Logf("geth output:\n%s", logs.String())
		}
	})
	url := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		if c, err := ethclient.Dial(url); err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			id, err := c.ChainID(ctx)
			cancel()
			c.Close()
			if err == nil {
				if id.Uint64() != 1337 {
					t.Fatalf("geth --dev is on chain %d, want 1337", id)
				}
				return url
			}
		}
		time.Sleep(200 * time.Millisecond)
	}
	t.Fatalf("geth did not answer on %s:\n%s", url, logs.String())
	return ""
}

// fund sends eth from the dev account (eth_accounts[0]) to addr and waits for it.
func fund(t *testing.T, c *ethclient.Client, addr common.Address, wei *big.Int) {
	t.Helper()
	ctx := context.Background()
	var accts []common.Address
	if err := c.Client().CallContext(ctx, &accts, "eth_accounts"); err != nil || len(accts) == 0 {
		t.Fatalf("eth_accounts: %v %v", accts, err)
	}
	var hash common.Hash
	if err := c.Client().CallContext(ctx, &hash, "eth_sendTransaction", map[string]any{
		"from": accts[0], "to": addr, "value": (*hexutil.Big)(wei),
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := bind.WaitMined(ctx, c, hash); err != nil {
		t.Fatal(err)
	}
}

func testEnv(vars map[string]string) (*Env, *bytes.Buffer) {
	var out bytes.Buffer
	return &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: io.Discard, Getenv: func(k string) string { return vars[k] }}, &out
}

// TestSettleOnGethDev runs the whole rewards flow against a real geth --dev node: deploy,
// votes earn points, a wallet linked by a real signature, two settlements, claims, and the
// tokens on chain equal the points converted.
func TestSettleOnGethDev(t *testing.T) {
	url := startGeth(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	client, err := ethclient.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ten := new(big.Int).Exp(big.NewInt(10), big.NewInt(19), nil)

	// The operator's key, in a keystore file.
	dir := t.TempDir()
	opKey, _ := crypto.GenerateKey()
	ks := keystore.NewKeyStore(filepath.Join(dir, "keys"), keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(opKey, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	fund(t, client, acct.Address, ten)
	db := filepath.Join(dir, "arena.db")
	vars := map[string]string{"ARENA_KEY_PASSWORD": "s3cret"}
	env, out := testEnv(vars)
	if err := Run(ctx, env, []string{"contracts", "deploy", "--rpc", url, "--key-file", acct.URL.Path, "--db", db, "--epoch-cap", "1000", "--min-epoch-interval", "0"}); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s", out)

	// The arena: votes through the real battle service with instant demo models.
	ro := &rewardOptions{chainID: 1337, chain: chainFlags{rpc: url}}
	rc, closeNode, err := ro.config(ctx, env)
	if err != nil {
		t.Fatal(err)
	}
	defer closeNode()
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: db, Log: quiet, Web: web.Config{Logger: quiet}, SeedDemoModels: true,
		Providers: llm.Options{DemoDelay: llm.Instant}, Rewards: rc})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	u, _, err := a.Accounts.SignUp(ctx, nil, "voter", "password1")
	if err != nil {
		t.Fatal(err)
	}
	vote := func(n int) {
		for range n {
			b, err := a.Battles.Start(ctx, u, "Write a haiku about blocks.")
			if err != nil {
				t.Fatal(err)
			}
			if b, err = a.Battles.Wait(ctx, u, b.ID); err != nil || b.Status != arena.StatusReady {
				t.Fatalf("battle: %v %v", b.Status, err)
			}
			r, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerTie})
			if err != nil || r.Points < 5 || r.Points > 10 {
				t.Fatalf("vote: %+v %v", r, err)
			}
		}
	}
	vote(3)

	// Link a wallet over HTTP with a real personal_sign signature.
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	_, apiToken, err := a.Tokens.Create(ctx, u, "e2e")
	if err != nil {
		t.Fatal(err)
	}
	api := func(method, path string, body any, out any) {
		t.Helper()
		var r io.Reader
		if body != nil {
			js, _ := json.Marshal(body)
			r = bytes.NewReader(js)
		}
		req, _ := http.NewRequest(method, srv.URL+path, r)
		req.Header.Set("Authorization", "Bearer "+apiToken)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %s", method, path, res.StatusCode, data)
		}
		if err := json.Unmarshal(data, out); err != nil {
			t.Fatal(err)
		}
	}
	walletKey, _ := crypto.GenerateKey()
	wallet := crypto.PubkeyToAddress(walletKey.PublicKey)
	fund(t, client, wallet, ten)
	var nonce struct{ Message string }
	api("POST", "/api/wallet/nonce", map[string]string{"address": wallet.Hex()}, &nonce)
	sig, err := crypto.Sign(accounts.TextHash([]byte(nonce.Message)), walletKey)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	var linked struct{ Address string }
	api("POST", "/api/wallet/link", map[string]string{"message": nonce.Message, "signature": hexutil.Encode(sig)}, &linked)
	if linked.Address != wallet.Hex() {
		t.Fatalf("linked %q", linked.Address)
	}

	policy := rewards.DefaultPolicy()
	chainID := big.NewInt(1337)
	claim := func(wantPoints int64) {
		t.Helper()
		var p struct {
			Distributor      string `json:"distributor"`
			Calldata         string `json:"calldata"`
			CumulativeAmount string `json:"cumulative_amount"`
		}
		api("GET", "/api/rewards/proof", nil, &p)
		if want := policy.TokenUnits(wantPoints).String(); p.CumulativeAmount != want {
			t.Fatalf("proof for %s units, want %s", p.CumulativeAmount, want)
		}
		c := bind.NewBoundContract(common.HexToAddress(p.Distributor), abi.ABI{}, client, client, client)
		tx, err := bind.Transact(c, bind.NewKeyedTransactor(walletKey, chainID), common.FromHex(p.Calldata))
		if err != nil {
			t.Fatal(err)
		}
		r, err := chain.WaitReceipt(ctx, client, tx)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("gas used by a claim: %d", r.GasUsed)
	}
	settle := func(want string) {
		t.Helper()
		env, out := testEnv(vars)
		if err := Run(ctx, env, []string{"settle", "--rpc", url, "--key-file", acct.URL.Path, "--db", db, "--log-level", "warn"}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) {
			t.Fatalf("settle said %q, want %q", out, want)
		}
		t.Logf("%s", out)
	}
	tokens := func() *big.Int {
		deps, err := a.Store.Deployments(ctx)
		if err != nil || len(deps) == 0 || deps[0].ChainID != 1337 {
			t.Fatalf("deployments: %+v %v", deps, err)
		}
		b, err := chain.TokenBalance(ctx, client, deps[0].Token, wallet)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}

	dry, out2 := testEnv(vars)
	if err := Run(ctx, dry, []string{"settle", "--dry-run", "--rpc", url, "--key-file", acct.URL.Path, "--db", db}); err != nil || !strings.Contains(out2.String(), "Would settle epoch 1") {
		t.Fatalf("dry run: %v %s", err, out2)
	}
	settle("Settled epoch 1: 1 wallets")
	settle0, _ := a.Store.DrawEpoch(ctx, 1)
	if settle0 == nil || !settle0.Revealed() || settle0.Votes != 3 {
		t.Fatalf("the first settlement did not reveal draw epoch 1: %+v", settle0)
	}
	bal, err := a.Store.Balance(ctx, u.ID)
	if err != nil || bal < 50+15 {
		t.Fatalf("balance %d %v", bal, err)
	}
	claim(bal)
	if got := tokens(); got.Cmp(policy.TokenUnits(bal)) != 0 {
		t.Fatalf("holds %s token units after claiming epoch 1, want %s (%d points)", got, policy.TokenUnits(bal), bal)
	}
	settle("Nothing new to settle")

	vote(2)
	settle("Revealed the secret of reward draw epoch 2 (2 votes")
	bal2, _ := a.Store.Balance(ctx, u.ID)
	claim(bal2)
	if got := tokens(); got.Cmp(policy.TokenUnits(bal2)) != 0 {
		t.Fatalf("holds %s token units after epoch 2, want %s (%d points)", got, policy.TokenUnits(bal2), bal2)
	}
	epochs, err := a.Store.Epochs(ctx)
	if err != nil || len(epochs) != 2 {
		t.Fatal(err)
	}
	onEpoch, onRoot, err := chain.CurrentRoot(ctx, client, epochs[0].Distributor)
	if err != nil || onEpoch != 2 || onRoot != epochs[0].Root {
		t.Fatalf("chain has epoch %d root %s; database %s", onEpoch, onRoot.Hex(), epochs[0].Root.Hex())
	}
	t.Logf("gas used publishing a root: epoch 1 %d, epoch 2 %d", epochs[1].GasUsed, epochs[0].GasUsed)

	// Deploying again is refused while a deployment is recorded; --force replaces the
	// distributor, and the new one owes only what was not claimed on the old: the voter
	// claimed everything, so only points earned afterwards are paid, once.
	deploy := func(extra ...string) (string, error) {
		env, out := testEnv(vars)
		err := Run(ctx, env, append([]string{"contracts", "deploy", "--rpc", url, "--key-file", acct.URL.Path, "--db", db, "--epoch-cap", "1000", "--min-epoch-interval", "0"}, extra...))
		return out.String(), err
	}
	if _, err := deploy(); err == nil || !strings.Contains(err.Error(), "a deployment is recorded") || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("deploying twice: %v", err)
	}
	if out, err := deploy("--force"); err != nil || !strings.Contains(out, "replaces:    "+epochs[0].Distributor.Hex()) {
		t.Fatalf("deploy --force: %v\n%s", err, out)
	}
	settle("Nothing new to settle")
	vote(1)
	settle("Settled epoch 1")
	bal3, _ := a.Store.Balance(ctx, u.ID)
	claim(bal3 - bal2)
	if got := tokens(); got.Cmp(policy.TokenUnits(bal3)) != 0 {
		t.Fatalf("holds %s token units after the replacement, want %s (%d points): paid twice or short", got, policy.TokenUnits(bal3), bal3)
	}

	// A distributor this arena did not deploy is refused without --distributor.
	bad, _ := testEnv(vars)
	err = Run(ctx, bad, []string{"settle", "--rpc", url, "--key-file", acct.URL.Path, "--db", filepath.Join(dir, "other.db")})
	if err == nil || !strings.Contains(err.Error(), "no contracts are recorded") {
		t.Fatalf("settling without a recorded deployment: %v", err)
	}
}

// TestSettleStatusAndAbandon: `arena settle status` shows the unfinished epoch from the
// database alone, `arena settle abandon N` records the operator's decision, the epoch
// stays in the history, and the next epoch takes the next number.
func TestSettleStatusAndAbandon(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "arena.db")
	db, err := openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	dist := common.HexToAddress("0x00000000000000000000000000000000000000d1")
	now := time.Now().UTC()
	if err := db.RecordDeployment(ctx, rewards.Deployment{ChainID: 1337, Token: common.HexToAddress("0x70"), Distributor: dist, Deployer: common.HexToAddress("0xde"), CreatedAt: now}, nil); err != nil {
		t.Fatal(err)
	}
	snapshot := func(number uint64) *rewards.Epoch {
		ep := &rewards.Epoch{Number: number, ChainID: 1337, Distributor: dist, CreatedAt: now, UpdatedAt: now}
		if err := db.SnapshotEpoch(ctx, ep, func(rewards.Snapshot) ([]rewards.EpochEntry, error) {
			return []rewards.EpochEntry{{Account: common.HexToAddress("0xa1"), Cumulative: big.NewInt(7)}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		return ep
	}
	ep := snapshot(1)
	if err := db.SaveTree(ctx, ep.ID, common.HexToHash("0x01"), big.NewInt(7), now); err != nil {
		t.Fatal(err)
	}
	db.Close()

	run := func(args ...string) (string, error) {
		env, out := testEnv(nil)
		err := Run(ctx, env, append(args, "--db", dbPath))
		return out.String(), err
	}
	out, err := run("settle", "status")
	if err != nil || !strings.Contains(out, "epoch 1: tree_built") || !strings.Contains(out, "pass --rpc") || !strings.Contains(out, "signs and sends the root") {
		t.Fatalf("status: %v\n%s", err, out)
	}
	if _, err := run("settle", "abandon", "2"); err == nil || !strings.Contains(err.Error(), "epoch 1 is") {
		t.Fatalf("abandoning the wrong epoch: %v", err)
	}
	if out, err = run("settle", "abandon", "1", "--reason", "root signed with the wrong policy"); err != nil || !strings.Contains(out, "Abandoned epoch 1") {
		t.Fatalf("abandon: %v\n%s", err, out)
	}
	out, err = run("settle", "status")
	if err != nil || !strings.Contains(out, "epoch 1: abandoned") || !strings.Contains(out, "root signed with the wrong policy") {
		t.Fatalf("status after abandoning: %v\n%s", err, out)
	}
	if _, err := run("settle", "abandon", "1"); err == nil || !strings.Contains(err.Error(), "nothing to abandon") {
		t.Fatalf("abandoning twice: %v", err)
	}
	db, err = openStore(ctx, dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if eps, err := db.Epochs(ctx); err != nil || len(eps) != 1 || eps[0].State != rewards.StateAbandoned {
		t.Fatalf("history: %+v %v", eps, err)
	}
	snapshot(2) // the abandoned epoch no longer blocks a new one
}
