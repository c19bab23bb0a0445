package web_test

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"html"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/web"
)

// newWalletEnv starts the real server with wallets and rewards on, on a temp SQLite.
func newWalletEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	clock := arenatest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{
		Store: db, Clock: clock, Log: quiet, Web: web.Config{Logger: quiet, AuthRatePerMinute: 1000}, SessionTTL: time.Hour,
		Rewards: &app.RewardsConfig{Policy: rewards.DefaultPolicy(), ChainID: 1337, WalletCooldown: rewards.DefaultChangeCooldown},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	srv := newTestServer(t, a.Server.Handler())
	return &env{t: t, srv: srv, db: db, clock: clock}
}

type wallet struct {
	key  *ecdsa.PrivateKey
	addr common.Address
}

func newWallet(t *testing.T) wallet {
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return wallet{key: k, addr: crypto.PubkeyToAddress(k.PublicKey)}
}

// sign makes an EIP-191 personal_sign signature, as a browser wallet does.
func (w wallet) sign(t *testing.T, message string) string {
	sig, err := crypto.Sign(accounts.TextHash([]byte(message)), w.key)
	if err != nil {
		t.Fatal(err)
	}
	sig[64] += 27
	return hexutil.Encode(sig)
}

// requestMessage asks the API for a sign-in message for w.
func requestMessage(t *testing.T, a *apiClient, w wallet) string {
	t.Helper()
	code, out := a.do("POST", "/api/wallet/nonce", map[string]string{"address": w.addr.Hex()})
	msg, _ := out["message"].(string)
	if code != http.StatusCreated || msg == "" {
		t.Fatalf("nonce: %d %v", code, out)
	}
	return msg
}

func link(a *apiClient, message, signature string) (int, string) {
	code, out := a.do("POST", "/api/wallet/link", map[string]string{"message": message, "signature": signature})
	if code == 200 {
		s, _ := out["address"].(string)
		return code, s
	}
	return code, errMessage(out)
}

func wantRefused(t *testing.T, what string, code int, msg string, wantCode int, wantMsg string) {
	t.Helper()
	if code != wantCode || !strings.Contains(msg, wantMsg) {
		t.Fatalf("%s: got %d %q, want %d with %q", what, code, msg, wantCode, wantMsg)
	}
}

func TestWalletLinkingWithSIWE(t *testing.T) {
	e := newWalletEnv(t)
	ann, bob := e.apiUser("ann"), e.apiUser("bob")
	w1, w2 := newWallet(t), newWallet(t)
	host := strings.TrimPrefix(e.srv.URL, "http://")

	msg := requestMessage(t, ann, w1)
	parsed, err := rewards.ParseSIWE(msg)
	if err != nil {
		t.Fatal(err)
	}
	if parsed.Domain != host || parsed.ChainID != 1337 || parsed.Address != w1.addr || parsed.URI != e.srv.URL+"/wallet" ||
		parsed.ExpirationTime.IsZero() {
		t.Fatalf("issued message: %+v", parsed)
	}
	sig := w1.sign(t, msg)

	// Altered: the same signature over a message with another nonce.
	other := requestMessage(t, ann, w1)
	otherNonce, _ := rewards.ParseSIWE(other)
	altered := strings.Replace(msg, "Nonce: "+parsed.Nonce, "Nonce: "+otherNonce.Nonce, 1)
	code, m := link(ann, altered, sig)
	wantRefused(t, "altered message", code, m, 401, "signature was not made by")
	// Signed by another key than the address in the message.
	code, m = link(ann, msg, w2.sign(t, msg))
	wantRefused(t, "wrong signer", code, m, 401, "signature was not made by")

	// Foreign domain: a correctly signed message for another site.
	foreign := *parsed
	foreign.Domain, foreign.URI = "evil.example", "https://evil.example/wallet"
	code, m = link(ann, foreign.String(), w1.sign(t, foreign.String()))
	wantRefused(t, "foreign domain", code, m, 401, "not this site")
	// Another chain.
	chain := *parsed
	chain.ChainID = 1
	code, m = link(ann, chain.String(), w1.sign(t, chain.String()))
	wantRefused(t, "other chain", code, m, 401, "chain 1, not chain 1337")
	// A message we never issued (its nonce is unknown), though well signed.
	forged := *parsed
	forged.Nonce = "Forged12345678"
	code, m = link(ann, forged.String(), w1.sign(t, forged.String()))
	wantRefused(t, "unknown nonce", code, m, 401, "not issued to you")
	// Bob cannot use the message issued to Ann.
	code, m = link(bob, msg, sig)
	wantRefused(t, "someone else's nonce", code, m, 401, "not issued to you")

	code, addr := link(ann, msg, sig)
	if code != 200 || addr != w1.addr.Hex() {
		t.Fatalf("link: %d %s", code, addr)
	}
	// Replay.
	code, m = link(ann, msg, sig)
	wantRefused(t, "replay", code, m, 401, "already used")
	// A change right after linking waits for the cool-down.
	m2 := requestMessage(t, ann, w2)
	code, m = link(ann, m2, w2.sign(t, m2))
	wantRefused(t, "second wallet", code, m, 409, "it can be changed again from 9 January 2026 03:04 UTC")
	// One account per wallet.
	m3 := requestMessage(t, bob, w1)
	code, m = link(bob, m3, w1.sign(t, m3))
	wantRefused(t, "wallet of another account", code, m, 409, "linked to another account")

	// Expired: Bob waits past the message's expiry.
	m4 := requestMessage(t, bob, w2)
	e.clock.Add(11 * time.Minute)
	code, m = link(bob, m4, w2.sign(t, m4))
	wantRefused(t, "expired", code, m, 401, "expired")
	m5 := requestMessage(t, bob, w2)
	if code, addr := link(bob, m5, w2.sign(t, m5)); code != 200 || addr != w2.addr.Hex() {
		t.Fatalf("bob's link: %d %s", code, addr)
	}
	if w, err := e.db.WalletOf(context.Background(), 0); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("wallet of nobody: %v %v", w, err)
	}
}

// TestWalletUnlinkAndChange unlinks and changes a wallet over the API and the page's
// forms: each change waits for the cool-down since the last, and says until when; the
// history keeps every link; a wallet, once an account's, is no other account's.
func TestWalletUnlinkAndChange(t *testing.T) {
	e := newWalletEnv(t)
	ann, bob := e.apiUser("ann"), e.apiUser("bob")
	w1, w2 := newWallet(t), newWallet(t)
	linkWith := func(a *apiClient, w wallet) (int, string) {
		msg := requestMessage(t, a, w)
		return link(a, msg, w.sign(t, msg))
	}
	state := func(a *apiClient) map[string]any {
		t.Helper()
		code, out := a.do("GET", "/api/wallet", nil)
		if code != 200 {
			t.Fatalf("GET /api/wallet: %d %v", code, out)
		}
		return out
	}
	if code, m := linkWith(ann, w1); code != 200 {
		t.Fatalf("first link: %d %s", code, m)
	}
	if st := state(ann); st["address"] != w1.addr.Hex() || st["next_change_at"] != "2026-01-09T03:04:05Z" {
		t.Fatalf("after linking: %v", st)
	}

	e.clock.Add(6 * 24 * time.Hour)
	code, out := ann.do("POST", "/api/wallet/unlink", nil)
	wantRefused(t, "unlink in the cool-down", code, errMessage(out), 409, "from 9 January 2026 03:04 UTC")
	code, m := linkWith(ann, w2)
	wantRefused(t, "change in the cool-down", code, m, 409, "from 9 January 2026 03:04 UTC")

	e.clock.Add(24 * time.Hour)
	if code, addr := linkWith(ann, w2); code != 200 || addr != w2.addr.Hex() {
		t.Fatalf("change: %d %s", code, addr)
	}
	code, m = linkWith(bob, w1)
	wantRefused(t, "ann's former wallet for bob", code, m, 409, "linked to another account")

	// The page shows the history and refuses an unlink in the cool-down in words.
	b := e.browser()
	b.submit("/login", "/login", url.Values{"username": {"ann"}, "password": {"password1"}})
	_, page := b.get("/wallet")
	for _, want := range []string{w1.addr.Hex(), w2.addr.Hex(), `id="wallet-history"`, `action="/wallet/unlink"`, "Link a different wallet",
		"can be changed or unlinked from 2026-01-16 03:04 UTC"} {
		if !strings.Contains(page, want) {
			t.Errorf("/wallet lacks %q", want)
		}
	}
	code, body := b.submit("/wallet", "/wallet/unlink", url.Values{})
	if code != 409 || !strings.Contains(html.UnescapeString(body), "it can be changed again from 16 January 2026 03:04 UTC") {
		t.Fatalf("unlink form in the cool-down: %d %s", code, body)
	}

	e.clock.Add(7 * 24 * time.Hour)
	b.submit("/login", "/login", url.Values{"username": {"ann"}, "password": {"password1"}}) // the session expired meanwhile
	code, body = b.submit("/wallet", "/wallet/unlink", url.Values{})
	if code != 200 || !strings.Contains(body, "is unlinked") || !strings.Contains(body, "<h2>Link a wallet</h2>") {
		t.Fatalf("unlink form: %d %s", code, body)
	}
	st := state(ann)
	hist, _ := st["history"].([]any)
	if st["address"] != nil || len(hist) != 2 {
		t.Fatalf("after unlinking: %v", st)
	}
	if h0 := hist[0].(map[string]any); h0["address"] != w2.addr.Hex() || h0["unlinked_at"] != "2026-01-16T03:04:05Z" {
		t.Errorf("newest history entry: %v", h0)
	}
	code, out = ann.do("POST", "/api/wallet/unlink", nil)
	if code != 404 {
		t.Errorf("unlinking with no wallet: %d %v", code, out)
	}
}

var textareaRE = regexp.MustCompile(`(?s)<textarea id="message"[^>]*>(.*?)</textarea>`)

// TestWalletFormsAndProof links a wallet through the plain forms (no JavaScript), shows the
// pending points on /me, then serves the proof of a settled epoch.
func TestWalletFormsAndProof(t *testing.T) {
	e := newWalletEnv(t)
	ctx := context.Background()
	w := newWallet(t)

	guest, token, err := (&arena.Accounts{Store: e.db, Clock: e.clock}).NewGuest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g := e.browser()
	u, _ := url.Parse(e.srv.URL)
	g.c.Jar.SetCookies(u, []*http.Cookie{{Name: "arena_session", Value: token, Path: "/"}})
	if code, body := g.submit("/signup", "/wallet/message", url.Values{"address": {w.addr.Hex()}}); code != 403 || !strings.Contains(body, "sign up first") {
		t.Fatalf("guest asked for a message: %d", code)
	}
	_ = guest

	b := e.browser()
	b.submit("/signup", "/signup", url.Values{"username": {"carol"}, "password": {"password1"}})
	code, body := b.submit("/wallet", "/wallet/message", url.Values{"address": {"0x1234"}})
	if code != 400 || !strings.Contains(body, "not an Ethereum address") {
		t.Fatalf("bad address: %d", code)
	}
	code, body = b.submit("/wallet", "/wallet/message", url.Values{"address": {w.addr.Hex()}})
	mm := textareaRE.FindStringSubmatch(body)
	if code != 200 || mm == nil {
		t.Fatalf("no message to sign: %d", code)
	}
	msg := html.UnescapeString(mm[1])
	// The form sends CRLF line ends, as a browser's textarea does.
	code, body = b.submit("/wallet", "/wallet/link", url.Values{"message": {strings.ReplaceAll(msg, "\n", "\r\n")}, "signature": {w.sign(t, msg)}})
	if code != 200 || !strings.Contains(body, "is linked to your account") || !strings.Contains(body, w.addr.Hex()) {
		t.Fatalf("form link: %d\n%s", code, body)
	}
	_, body = b.get("/me")
	if !strings.Contains(body, `id="to-settle">50 points`) || !strings.Contains(body, w.addr.Hex()) {
		t.Fatalf("/me does not show the sign-up bonus pending settlement and the wallet:\n%s", body)
	}

	// Settle an epoch in the store (the chain side is tested in arena/chain and cmd/arena).
	user, err := e.db.UserByName(ctx, "carol")
	if err != nil {
		t.Fatal(err)
	}
	dist := common.HexToAddress("0x00000000000000000000000000000000000000d1")
	policy := rewards.DefaultPolicy()
	ep := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: dist, CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
	other := common.HexToAddress("0x00000000000000000000000000000000000000aa")
	var entries []rewards.EpochEntry
	if err := e.db.SnapshotEpoch(ctx, ep, func(in rewards.Snapshot) ([]rewards.EpochEntry, error) {
		points := in.Points
		if len(points) != 1 || points[0].Points != 50 || points[0].UserID != user.ID {
			t.Fatalf("snapshot points %+v", points)
		}
		entries = []rewards.EpochEntry{
			{UserID: user.ID, Account: w.addr, Points: 50, Cumulative: policy.TokenUnits(50)},
			{UserID: 0, Account: other, Points: 7, Cumulative: policy.TokenUnits(7)},
		}
		return entries, nil
	}); err != nil {
		t.Fatal(err)
	}
	tree, err := rewards.BuildTree([]rewards.Entry{{Account: w.addr, Cumulative: policy.TokenUnits(50)}, {Account: other, Cumulative: policy.TokenUnits(7)}})
	if err != nil {
		t.Fatal(err)
	}
	a := &apiClient{e: e}
	if code, _ := a.do("GET", "/api/rewards/proof", nil); code != 401 {
		t.Fatalf("proof without identity: %d", code)
	}
	if err := e.db.SaveTree(ctx, ep.ID, tree.Root(), big.NewInt(57), e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddTx(ctx, &rewards.EpochTx{EpochID: ep.ID, Hash: common.HexToHash("0x01"), Raw: []byte{1}, CreatedAt: e.clock.Now()}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, body = b.get("/wallet")
	if !strings.Contains(body, "Nothing settled to this wallet yet") {
		t.Fatal("an unconfirmed epoch is offered for claiming")
	}
	if err := e.db.MarkMined(ctx, ep.ID, common.HexToHash("0x01"), 10, common.HexToHash("0xb10c"), 50000, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	_, body = b.get("/wallet")
	if !strings.Contains(body, "Nothing settled to this wallet yet") {
		t.Fatal("a mined epoch is offered for claiming before its confirmations")
	}
	if err := e.db.MarkConfirmed(ctx, ep.ID, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.db.MarkConfirmed(ctx, ep.ID, e.clock.Now()); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("confirming twice: %v", err)
	}
	_, body = b.get("/wallet")
	if !strings.Contains(body, "50 ARENA") || !strings.Contains(body, `id="claim-button"`) {
		t.Fatalf("/wallet does not offer the claim:\n%s", body)
	}
	// This server reads no chain: what is left to claim is unknown, not the full amount.
	if !strings.Contains(body, `<strong id="claimable" data-units="">unknown</strong>`) || strings.Contains(body, "Already claimed") {
		t.Fatalf("/wallet without a node does not say claimable is unknown:\n%s", body)
	}
	if _, body = b.get("/me"); !strings.Contains(body, `id="to-settle">0 points`) || !strings.Contains(body, `id="settled">50<`) {
		t.Fatal("/me still shows the settled points as pending")
	}

	// The proof API, through the browser's session.
	res, err := b.c.Get(e.srv.URL + "/api/rewards/proof")
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Claimed          *string  `json:"claimed"`
		Claimable        *string  `json:"claimable"`
		Account          string   `json:"account"`
		CumulativeAmount string   `json:"cumulative_amount"`
		Root             string   `json:"root"`
		Epoch            uint64   `json:"epoch"`
		Proof            []string `json:"proof"`
		Distributor      string   `json:"distributor"`
		Calldata         string   `json:"calldata"`
	}
	decodeJSON(t, res, &got)
	want := tree.Claims()[0]
	proof := make([]common.Hash, len(got.Proof))
	for i, h := range got.Proof {
		proof[i] = common.HexToHash(h)
	}
	amount, _ := new(big.Int).SetString(got.CumulativeAmount, 10)
	if got.Claimed != nil || got.Claimable != nil {
		t.Fatalf("the API gives claimed %v, claimable %v without a node; want null (unknown)", got.Claimed, got.Claimable)
	}
	if got.Account != w.addr.Hex() || got.Epoch != 1 || got.Root != tree.Root().Hex() || got.Distributor != dist.Hex() ||
		amount.Cmp(want.Cumulative) != 0 || !rewards.VerifyProof(tree.Root(), w.addr, amount, proof) ||
		got.Calldata != hexutil.Encode(chain.PackClaim(w.addr, amount, tree.Root(), proof)) {
		t.Fatalf("proof: %+v", got)
	}
}

func newTestServer(t *testing.T, h http.Handler) *httptest.Server {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func decodeJSON(t *testing.T, res *http.Response, v any) {
	t.Helper()
	defer res.Body.Close()
	if res.StatusCode != 200 {
		body, _ := io.ReadAll(res.Body)
		t.Fatalf("status %d: %s", res.StatusCode, body)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}
