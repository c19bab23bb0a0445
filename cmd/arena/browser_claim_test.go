package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/views"
)

// simNode is the simulated chain served over HTTP on loopback, so that `arena serve
// --rpc`, `arena settle` and the test wallet all talk to it as to a real node. A block
// is mined every 100 ms unless hold is set.
type simNode struct {
	url  string
	sim  *simulated.Backend
	hold atomic.Bool
}

func startSimNode(t *testing.T, alloc types.GenesisAlloc) *simNode {
	t.Helper()
	addr := freeAddr(t)
	host, port, _ := strings.Cut(addr, ":")
	var portN int
	fmt.Sscan(port, &portN)
	n := &simNode{url: "http://" + addr}
	n.sim = simulated.NewBackend(alloc, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = host, portN, []string{"eth", "net", "web3"}
	})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if !n.hold.Load() {
					n.sim.Commit()
				}
			}
		}
	}()
	t.Cleanup(func() {
		close(stop)
		wg.Wait()
		n.sim.Close()
	})
	return n
}

// walletNode answers the injected wallet's requests over the node's HTTP RPC, signing
// eth_sendTransaction with the wallet's key as a browser wallet does.
func walletNode(t *testing.T, url string, w *testWallet) func(context.Context, rpcRequest) (string, error) {
	c, err := rpc.Dial(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	ec := ethclient.NewClient(c)
	answer := func(result any, err error) (string, error) {
		if err != nil {
			e := map[string]any{"code": -32000, "message": err.Error()}
			var re rpc.Error
			if errors.As(err, &re) {
				e["code"] = re.ErrorCode()
			}
			var de rpc.DataError
			if errors.As(err, &de) {
				e["data"] = de.ErrorData()
			}
			js, _ := json.Marshal(map[string]any{"error": e})
			return string(js), nil
		}
		js, err := json.Marshal(map[string]any{"result": result})
		return string(js), err
	}
	return func(ctx context.Context, req rpcRequest) (string, error) {
		if req.Method != "eth_sendTransaction" {
			var out json.RawMessage
			params := make([]any, len(req.Params))
			for i, p := range req.Params {
				params[i] = p
			}
			err := c.CallContext(ctx, &out, req.Method, params...)
			return answer(out, err)
		}
		var tx struct {
			From, To common.Address
			Data     hexutil.Bytes
		}
		if len(req.Params) != 1 || json.Unmarshal(req.Params[0], &tx) != nil {
			return "", fmt.Errorf("eth_sendTransaction wants one transaction, got %s", req.Params)
		}
		from := crypto.PubkeyToAddress(w.key.PublicKey)
		if tx.From != from {
			return "", fmt.Errorf("eth_sendTransaction from %s, but the wallet holds %s", tx.From.Hex(), from.Hex())
		}
		nonce, err := ec.PendingNonceAt(ctx, from)
		if err != nil {
			return answer(nil, err)
		}
		gas, err := ec.EstimateGas(ctx, ethereum.CallMsg{From: from, To: &tx.To, Data: tx.Data})
		if err != nil {
			return answer(nil, err)
		}
		head, err := ec.HeaderByNumber(ctx, nil)
		if err != nil {
			return answer(nil, err)
		}
		tip := big.NewInt(1e9)
		chainID, _ := ec.ChainID(ctx)
		signed, err := types.SignNewTx(w.key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: nonce,
			GasTipCap: tip, GasFeeCap: new(big.Int).Add(new(big.Int).Mul(head.BaseFee, big.NewInt(2)), tip), Gas: gas * 6 / 5, To: &tx.To, Data: tx.Data})
		if err != nil {
			return "", err
		}
		return answer(signed.Hash().Hex(), ec.SendTransaction(ctx, signed))
	}
}

// TestBrowserWalletClaim claims tokens on /wallet through an injected wallet backed by
// the simulated chain: the page shows the claim pending until it is mined, then the
// balance the server reads from the chain; a second page that claimed the same amount
// in the same block is told from the failed receipt why, in words, and told again from
// the gas estimate when it tries once more.
func TestBrowserWalletClaim(t *testing.T) {
	requireChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	w := newTestWallet(t)
	opKey, _ := crypto.GenerateKey()
	ether := new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)
	chainNode := startSimNode(t, types.GenesisAlloc{
		crypto.PubkeyToAddress(opKey.PublicKey): {Balance: ether},
		crypto.PubkeyToAddress(w.key.PublicKey): {Balance: ether},
	})
	ks := keystore.NewKeyStore(filepath.Join(t.TempDir(), "keys"), keystore.LightScryptN, keystore.LightScryptP)
	acct, err := ks.ImportECDSA(opKey, "s3cret")
	if err != nil {
		t.Fatal(err)
	}
	// The sign-up bonus is claimed without voting: it vests at once here.
	srv := startArena(t, -1, "--rpc", chainNode.url, "--bonus-vest-votes", "0")
	env, out := testEnv(map[string]string{"ARENA_KEY_PASSWORD": "s3cret"})
	if err := Run(ctx, env, []string{"contracts", "deploy", "--rpc", chainNode.url, "--key-file", acct.URL.Path, "--db", srv.DB, "--epoch-cap", "unlimited", "--min-epoch-interval", "0"}); err != nil {
		t.Fatalf("deploy: %v\n%s", err, out)
	}

	br := newBrowser(t)
	a := newTab(t, br, srv.URL, "claim-a")
	injectEIP1193(t, a, w, walletNode(t, chainNode.url, w))
	signUp(t, a, "claimer") // the sign-up bonus is what is claimed
	a.open("/wallet")
	a.waitJS("the connect button", `!!document.getElementById('wallet-connect') && !document.getElementById('wallet-connect-area').hidden`, 10*time.Second)
	a.do("link the wallet", chromedp.Click(chromedp.ID("wallet-connect")))
	a.waitJS("the linked address", `!!document.getElementById('wallet-address')`, 15*time.Second)
	if err := Run(ctx, env, []string{"settle", "--rpc", chainNode.url, "--key-file", acct.URL.Path, "--db", srv.DB}); err != nil {
		t.Fatalf("settle: %v\n%s", err, out)
	}
	bonus := views.Tokens(rewards.DefaultPolicy().TokenUnits(rewards.DefaultPolicy().SignUpBonus).String())

	// Two pages offer the same claim.
	a.open("/wallet")
	b := newTab(t, br, srv.URL, "claim-b")
	injectEIP1193(t, b, w, walletNode(t, chainNode.url, w))
	b.open("/login")
	b.do("log in",
		chromedp.SendKeys(chromedp.ID("username"), "claimer"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	b.waitJS("logged in", `location.pathname !== '/login'`, 10*time.Second)
	b.open("/wallet")
	for _, tb := range []*tab{a, b} {
		tb.waitJS("the claim button", `!!document.getElementById('claim-button') && !document.getElementById('claim-button').hidden`, 10*time.Second)
		if got := tb.text("#claimable"); got != bonus+" ARENA" {
			t.Fatalf("%s: claimable %q, want %s ARENA", tb.name, got, bonus)
		}
	}

	// Both are sent before a block is mined: they show pending, and one of them fails.
	chainNode.hold.Store(true)
	a.do("claim on a", chromedp.Click(chromedp.ID("claim-button")))
	a.waitJS("a's claim pending", `document.getElementById('claim-status').dataset.state === 'pending'`, 15*time.Second)
	if s := a.text("#claim-status"); !strings.Contains(s, "waiting for it to be mined") {
		t.Errorf("a's pending status: %q", s)
	}
	b.do("claim on b", chromedp.Click(chromedp.ID("claim-button")))
	b.waitJS("b's claim pending", `document.getElementById('claim-status').dataset.state === 'pending'`, 15*time.Second)
	chainNode.hold.Store(false)

	a.waitJS("a's claim mined", `document.getElementById('claim-status').dataset.state === 'claimed'`, 20*time.Second)
	a.waitJS("a's balance refreshed", `document.getElementById('claimable').textContent === '0 ARENA'`, 10*time.Second)
	if got := a.text("#claimed"); got != bonus+" ARENA" {
		t.Errorf("a shows %q claimed, want %s ARENA", got, bonus)
	}
	nothing := "already claimed everything settled to it"
	b.waitJS("b's claim failed", `document.getElementById('claim-status').dataset.state === 'refused'`, 20*time.Second)
	if s := b.text("#claim-status"); !strings.Contains(s, "failed") || !strings.Contains(s, nothing) {
		t.Errorf("b's failed claim is not explained from its receipt: %q", s)
	}

	// Once more on b: the gas estimate reverts, and nothing is sent.
	ec, err := ethclient.Dial(chainNode.url)
	if err != nil {
		t.Fatal(err)
	}
	defer ec.Close()
	nonce, _ := ec.PendingNonceAt(ctx, crypto.PubkeyToAddress(w.key.PublicKey))
	eval[string](b, `document.getElementById('claim-status').dataset.state = ''`)
	b.do("claim on b again", chromedp.Click(chromedp.ID("claim-button")))
	b.waitJS("b's claim refused", `document.getElementById('claim-status').dataset.state === 'refused'`, 15*time.Second)
	if s := b.text("#claim-status"); strings.Contains(s, "failed") || !strings.Contains(s, nothing) {
		t.Errorf("b's refused claim is not explained from the gas estimate: %q", s)
	}
	if after, _ := ec.PendingNonceAt(ctx, crypto.PubkeyToAddress(w.key.PublicKey)); after != nonce {
		t.Errorf("a claim the estimate refused was sent anyway (nonce %d → %d)", nonce, after)
	}
}
