package main

// End-to-end tests in a real browser: headless Debian Chromium, driven with chromedp,
// against `arena serve` on loopback with the built-in demo models. They skip when
// /usr/bin/chromium is missing (apt-get install chromium), and fail instead on CI.
// On failure each tab's screenshot and HTML are saved under $ARENA_E2E_ARTIFACTS (or
// the system's temporary directory); the log names the files.

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// testWallet is an Ethereum account whose key the test holds, standing in for the
// person's browser wallet.
type testWallet struct {
	key    *ecdsa.PrivateKey
	addr   string
	mu     sync.Mutex
	signed []string
}

func newTestWallet(t *testing.T) *testWallet {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return &testWallet{key: k, addr: crypto.PubkeyToAddress(k.PublicKey).Hex()}
}

// personalSign signs message as EIP-191 personal_sign does.
func (w *testWallet) personalSign(message []byte) string {
	sig, err := crypto.Sign(accounts.TextHash(message), w.key)
	if err != nil {
		panic(err)
	}
	sig[64] += 27
	w.mu.Lock()
	w.signed = append(w.signed, string(message))
	w.mu.Unlock()
	return hexutil.Encode(sig)
}

// rpcRequest is an EIP-1193 request the injected wallet passes on to its node.
type rpcRequest struct {
	Method string            `json:"method"`
	Params []json.RawMessage `json:"params"`
}

// injectEIP1193 gives every page of the tab a window.ethereum (EIP-1193) whose accounts
// are the test wallet's and whose personal_sign calls the Go signer through a binding.
// With node, every other request goes to it, and its answer is JSON: {"result": ...} or
// {"error": {"code", "message", "data"}}, thrown as an EIP-1193 error as wallets do.
func injectEIP1193(t *testing.T, b *tab, w *testWallet, node func(context.Context, rpcRequest) (string, error)) {
	t.Helper()
	sign := func(ctx context.Context, args []string) (string, error) {
		if len(args) != 2 {
			return "", fmt.Errorf("personal_sign wants [message, address], got %d params", len(args))
		}
		if !strings.EqualFold(args[1], w.addr) {
			return "", fmt.Errorf("personal_sign for %s, but the wallet holds %s", args[1], w.addr)
		}
		msg := []byte(args[0])
		if strings.HasPrefix(args[0], "0x") {
			raw, err := hexutil.Decode(args[0])
			if err != nil {
				return "", err
			}
			msg = raw
		}
		return w.personalSign(msg), nil
	}
	provider := fmt.Sprintf(`window.ethereum = {
  isArenaTestWallet: true,
  async request({ method, params }) {
    switch (method) {
      case 'eth_requestAccounts': case 'eth_accounts': return [%[1]q];
      case 'eth_chainId': return '0x539';
      case 'personal_sign': return await window.arenaTestSign(...params);
      default: {
        if (!window.arenaTestNode) throw Object.assign(new Error('The test wallet does not support ' + method), { code: 4200 });
        const out = JSON.parse(await window.arenaTestNode({ method, params: params ?? [] }));
        if (out.error) throw Object.assign(new Error(out.error.message), { code: out.error.code, data: out.error.data });
        return out.result;
      }
    }
  },
  on() {}, removeListener() {},
};`, w.addr)
	actions := []chromedp.Action[chromedp.Void]{chromedp.ExposeFunc("arenaTestSign", sign)}
	if node != nil {
		actions = append(actions, chromedp.ExposeFunc("arenaTestNode", node))
	}
	b.do("inject window.ethereum", append(actions,
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: provider})
			return err
		}),
	)...)
}

// signUp creates an account through the sign-up form.
func signUp(t *testing.T, b *tab, name string) {
	t.Helper()
	b.open("/signup")
	b.do("sign up",
		chromedp.SendKeys(chromedp.ID("username"), name),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	b.waitJS("signed in", fmt.Sprintf(`location.pathname === '/' && document.body.textContent.includes(%q)`, name), 10*time.Second)
}

// TestBrowserWallet links a wallet on /wallet: with JavaScript, through an injected
// EIP-1193 provider that signs the Sign-In with Ethereum message with a test key; and
// without JavaScript, through the plain forms, pasting a signature made the same way.
func TestBrowserWallet(t *testing.T) {
	srv := startArena(t, -1)
	res, err := http.Get(srv.URL + "/wallet")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	switch res.StatusCode {
	case http.StatusNotFound:
		t.Skip("GET /wallet is 404: the wallet page (arena/web/wallet.go, views/wallet.templ, static/wallet.js) is not there yet")
	case http.StatusServiceUnavailable:
		t.Skip("GET /wallet is 503: `arena serve` does not wire web.Deps.Rewards yet")
	}
	br := newBrowser(t)

	t.Run("js", func(t *testing.T) {
		w := newTestWallet(t)
		b := newTab(t, br, srv.URL, "wallet")
		injectEIP1193(t, b, w, nil)
		signUp(t, b, "wallet_js")
		b.open("/wallet")
		b.waitJS("the connect button", `!!document.getElementById('wallet-connect') && !document.getElementById('wallet-connect-area').hidden`, 10*time.Second)
		b.checkNames("/wallet")
		b.do("connect the wallet", chromedp.Click(chromedp.ID("wallet-connect")))
		b.waitJS("the linked address", `!!document.getElementById('wallet-address')`, 15*time.Second)
		if got := b.text("#wallet-address"); !strings.EqualFold(got, w.addr) {
			t.Errorf("/wallet shows %q linked, want %s", got, w.addr)
		}
		// The page offers unlinking and linking another wallet; right after linking, the
		// cool-down refuses both and says until when.
		b.waitJS("the change controls", `!!document.getElementById('wallet-unlink') && !document.getElementById('wallet-connect-area').hidden && !!document.getElementById('wallet-history')`, 10*time.Second)
		b.checkNames("/wallet with a wallet linked")
		b.do("unlink in the cool-down", chromedp.Click(chromedp.ID("wallet-unlink")))
		b.waitJS("the cool-down refusal", `!!document.getElementById('wallet-error')`, 10*time.Second)
		if msg := b.text("#wallet-error"); !strings.Contains(msg, "it can be changed again from") {
			t.Errorf("unlinking in the cool-down: %q", msg)
		}
		if got := b.text("#wallet-address"); !strings.EqualFold(got, w.addr) {
			t.Errorf("after the refused unlink /wallet shows %q linked, want %s", got, w.addr)
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if len(w.signed) != 1 {
			t.Fatalf("the wallet was asked for %d signatures, want 1", len(w.signed))
		}
		msg := w.signed[0]
		host := strings.TrimPrefix(srv.URL, "http://")
		if !strings.HasPrefix(msg, host+" wants you to sign in with your Ethereum account:\n"+w.addr+"\n") || !strings.Contains(msg, "Nonce: ") {
			t.Errorf("the wallet signed something that is not a sign-in message for %s and %s:\n%s", host, w.addr, msg)
		}
	})

	t.Run("nojs", func(t *testing.T) {
		w := newTestWallet(t)
		b := newTab(t, br, srv.URL, "wallet-nojs")
		b.disableScripts()
		signUp(t, b, "wallet_nojs")
		b.open("/wallet")
		if eval[bool](b, `!document.getElementById('wallet-connect-area').hidden`) {
			t.Error("without JS the browser-wallet button shows, but it cannot work")
		}
		b.checkNames("/wallet without JS")
		b.do("ask for a message",
			chromedp.SendKeys(chromedp.ID("address"), w.addr),
			chromedp.Click(chromedp.CSS(`form[action="/wallet/message"] button[type="submit"]`)),
		)
		b.waitJS("the message to sign", `!!document.getElementById('message')`, 10*time.Second)
		msg := eval[string](b, `document.getElementById('message').value`)
		b.do("paste the signature and link",
			chromedp.SendKeys(chromedp.ID("signature"), w.personalSign([]byte(msg))),
			chromedp.Click(chromedp.CSS(`form[action="/wallet/link"] button[type="submit"]`)),
		)
		b.waitJS("the linked address", `!!document.getElementById('wallet-address')`, 10*time.Second)
		if got := b.text("#wallet-address"); !strings.EqualFold(got, w.addr) {
			t.Errorf("/wallet shows %q linked, want %s", got, w.addr)
		}
	})
}
