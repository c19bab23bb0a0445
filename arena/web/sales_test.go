package web_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/web"
	"github.com/arena-dev/arena/contracts/bindings"
	"github.com/arena-dev/arena/views"
)

// saleChain is a simulated chain with the token, the distributor, the escrow and the
// sale deployed by the operator, and funded keys for a buyer and two contributors.
type saleChain struct {
	node               minedChain
	chainID            *big.Int
	op                 *bind.TransactOpts
	dep                *rewards.Deployment
	buyer, ann, ben    *ecdsa.PrivateKey
	buyerAddr, annAddr common.Address
}

func newSaleChain(t *testing.T) *saleChain {
	t.Helper()
	ctx := context.Background()
	keys := make([]*ecdsa.PrivateKey, 4)
	alloc := types.GenesisAlloc{}
	for i := range keys {
		keys[i], _ = crypto.GenerateKey()
		alloc[crypto.PubkeyToAddress(keys[i].PublicKey)] = types.Account{Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)}
	}
	sim := simulated.NewBackend(alloc)
	t.Cleanup(func() { sim.Close() })
	c := &saleChain{node: minedChain{Client: sim.Client(), sim: sim}, buyer: keys[1], ann: keys[2], ben: keys[3]}
	c.buyerAddr, c.annAddr = crypto.PubkeyToAddress(c.buyer.PublicKey), crypto.PubkeyToAddress(c.ann.PublicKey)
	c.chainID, _ = c.node.ChainID(ctx)
	c.op = bind.NewKeyedTransactor(keys[0], c.chainID)
	dep, err := chain.DeployContracts(ctx, c.node, c.op, chain.DeployConfig{})
	if err != nil {
		t.Fatal(err)
	}
	com, err := chain.DeployCommerce(ctx, c.node, c.op, dep.Token, dep.Distributor, chain.CommerceConfig{})
	if err != nil {
		t.Fatal(err)
	}
	dep.Escrow, dep.Sale, dep.CommerceBlock, dep.ChainID, dep.CreatedAt = com.Escrow, com.Sale, com.Block, c.chainID.Uint64(), time.Now()
	c.dep = dep
	tok := bindings.NewArenaToken()
	c.send(t, c.op, dep.Token, tok.PackGrantRole(chain.MinterRole, c.op.From))
	return c
}

func (c *saleChain) send(t *testing.T, from *bind.TransactOpts, to common.Address, data []byte) *types.Receipt {
	t.Helper()
	ctx := context.Background()
	opts := *from
	opts.Context = ctx
	tx, err := bind.Transact(bind.NewBoundContract(to, abi.ABI{}, c.node, c.node, c.node), &opts, data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := chain.WaitReceipt(ctx, c.node, tx)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func tokens(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(1e18)) }

func signPurchase(t *testing.T, key *ecdsa.PrivateKey, release string, tx common.Hash) string {
	t.Helper()
	sig, err := crypto.Sign(accounts.TextHash([]byte(rewards.PurchaseMessage(release, tx))), key)
	if err != nil {
		t.Fatal(err)
	}
	return hexutil.Encode(sig)
}

func postJSON(t *testing.T, u string, body any) (int, map[string]any) {
	t.Helper()
	b, _ := json.Marshal(body)
	res, err := http.Post(u, "application/json", bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	json.NewDecoder(res.Body).Decode(&out)
	return res.StatusCode, out
}

func getBody(t *testing.T, u string) (int, string) {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// TestReleaseSaleEndToEnd is a data sale over HTTP on a simulated chain: a release is
// priced and listed; its data files are closed and /data shows the price; a buyer buys
// on chain and posts the transaction with the buying wallet's signature for signed
// download links, which open the files until they expire and refuse when altered or
// used for another release; the same transaction again credits nothing twice; the
// contributors' part is split by counted, consented battles; settlement adds the shares
// to each wallet's cumulative amount, and a contributor claims them from the
// distributor; /me and /transparency show it.
func TestReleaseSaleEndToEnd(t *testing.T) {
	ctx := context.Background()
	sc := newSaleChain(t)
	dir := t.TempDir()
	policy := rewards.DefaultPolicy()
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) {
		if err := c.Store.RecordDeployment(ctx, *sc.dep, nil); err != nil {
			t.Fatal(err)
		}
		c.Rewards = &app.RewardsConfig{Policy: policy, ChainID: 1337, Node: sc.node}
		c.Sales = app.SalesConfig{LinkKey: []byte("a test key of thirty-two bytes!!"), LinkTTL: time.Hour}
		c.Releases = dir
	})
	if err := e.db.Exec(ctx, `UPDATE models SET outputs_public = 1`); err != nil {
		t.Fatal(err)
	}
	// ann votes 3 battles, ben 1, both publishing; cat 1 without consent.
	voters := map[string]int{"ann": 3, "ben": 1, "cat": 1}
	ids := map[string]int64{}
	var annToken string
	for _, name := range []string{"ann", "ben", "cat"} {
		v := e.apiUser(name)
		if name == "ann" {
			annToken = v.token
		}
		u, err := e.db.UserByName(ctx, name)
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = u.ID
		if _, err := e.db.SetConsent(ctx, u.ID, arena.ConsentDecision{Publish: name != "cat", At: e.clock.Now(), Version: arena.ConsentVersion}, false); err != nil {
			t.Fatal(err)
		}
		for range voters[name] {
			id := v.start("Which is better?")
			v.wait(id)
			if code, out := v.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "model_a"}); code != 200 {
				t.Fatalf("vote: %d %v", code, out)
			}
		}
	}
	for _, name := range []string{"2026-01", "2026-02"} {
		if _, err := dataset.WriteRelease(ctx, e.db, dir, name, dataset.Filter{}, dataset.ReleaseOptions{Now: e.clock.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	free := "/data/releases/2026-02/battles.jsonl"
	if code, _ := getBody(t, e.srv.URL+free); code != 200 {
		t.Fatalf("a free release's file: %d", code)
	}

	// Price and list both... 2026-01 at 10 ARENA, 2026-02 stays free until the end.
	licence := "Research and evaluation only; no redistribution."
	price := &rewards.Price{Release: "2026-01", Listing: rewards.ListingID("2026-01", 1), Sale: sc.dep.Sale, Token: sc.dep.Token, Amount: tokens(10),
		Licence: licence, LicenceHash: rewards.LicenceHash(licence), CreatedAt: e.clock.Now()}
	if _, err := chain.ListRelease(ctx, sc.node, sc.op, sc.dep.Sale, price.Listing, price.Token, price.Amount, price.LicenceHash); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetPrice(ctx, price); err != nil {
		t.Fatal(err)
	}
	sold := "/data/releases/2026-01/battles.jsonl"
	if code, body := getBody(t, e.srv.URL+sold); code != 403 || !strings.Contains(body, "signed link") {
		t.Fatalf("a sold release's file without a link: %d %s", code, body)
	}
	if code, _ := getBody(t, e.srv.URL+"/data/releases/2026-01/README.md"); code != 200 {
		t.Fatalf("a sold release's card: %d", code)
	}
	code, page := getBody(t, e.srv.URL+"/data")
	for _, want := range []string{"For sale: 10 of token", licence, price.Listing.Hex(), price.LicenceHash.Hex(), sc.dep.Sale.Hex(), "70% of every sale"} {
		if code != 200 || !strings.Contains(page, want) {
			t.Errorf("/data (%d) does not say %q", code, want)
		}
	}

	// The buyer buys on chain.
	tok, sale := bindings.NewArenaToken(), bindings.NewDataSale()
	buyer := bind.NewKeyedTransactor(sc.buyer, sc.chainID)
	sc.send(t, sc.op, sc.dep.Token, tok.PackMint(sc.buyerAddr, tokens(20)))
	approve := sc.send(t, buyer, sc.dep.Token, tok.PackApprove(sc.dep.Sale, tokens(20)))
	bought := sc.send(t, buyer, sc.dep.Sale, sale.PackBuy(price.Listing, price.LicenceHash))
	purchases := e.srv.URL + "/api/releases/2026-01/purchases"

	for _, c := range []struct {
		name string
		url  string
		body map[string]string
		code int
		says string
	}{
		{"not a hash", purchases, map[string]string{"tx": "0x12", "signature": "0x"}, 400, "transaction hash"},
		{"a transaction that bought nothing", purchases, map[string]string{"tx": approve.TxHash.Hex(), "signature": signPurchase(t, sc.buyer, "2026-01", approve.TxHash)}, 400, "bought nothing"},
		{"a transaction not on the chain", purchases, map[string]string{"tx": common.HexToHash("0x99").Hex(), "signature": signPurchase(t, sc.buyer, "2026-01", common.HexToHash("0x99"))}, 404, "not mined"},
		{"someone else's signature", purchases, map[string]string{"tx": bought.TxHash.Hex(), "signature": signPurchase(t, sc.ann, "2026-01", bought.TxHash)}, 403, "not the buyer's"},
		{"a free release", e.srv.URL + "/api/releases/2026-02/purchases", map[string]string{"tx": bought.TxHash.Hex(), "signature": signPurchase(t, sc.buyer, "2026-02", bought.TxHash)}, 400, "not for sale"},
	} {
		code, out := postJSON(t, c.url, c.body)
		msg, _ := out["error"].(map[string]any)["message"].(string)
		if code != c.code || !strings.Contains(msg, c.says) {
			t.Errorf("%s: %d %v, want %d saying %q", c.name, code, out, c.code, c.says)
		}
	}
	if n, _ := e.db.SaleByID(ctx, 1); n != nil {
		t.Fatal("a refused purchase was recorded")
	}

	good := map[string]string{"tx": bought.TxHash.Hex(), "signature": signPurchase(t, sc.buyer, "2026-01", bought.TxHash)}
	code, out := postJSON(t, purchases, good)
	if code != 201 || out["created"] != true || out["to_contributors"] != tokens(7).String() || out["to_operator"] != tokens(3).String() ||
		out["battles"].(float64) != 4 || out["contributors"].(float64) != 2 {
		t.Fatalf("the purchase: %d %v", code, out)
	}
	link := out["files"].(map[string]any)["battles.jsonl"].(string)
	code, body := getBody(t, e.srv.URL+link)
	file, _ := os.ReadFile(filepath.Join(dir, "2026-01", "battles.jsonl"))
	if code != 200 || body != string(file) {
		t.Fatalf("the signed link: %d, %d bytes of %d", code, len(body), len(file))
	}
	code, again := postJSON(t, purchases, good)
	if code != 200 || again["created"] != false || again["sale_id"] != out["sale_id"] {
		t.Fatalf("the same purchase again: %d %v", code, again)
	}
	if n, err := e.db.MySaleShares(ctx, ids["ann"]); err != nil || len(n) != 1 {
		t.Fatalf("ann's shares after the purchase was posted twice: %d %v", len(n), err)
	}

	u, _ := url.Parse(link)
	q := u.Query()
	tampered := url.Values{}
	for k, v := range q {
		tampered[k] = v
	}
	tampered.Set("exp", strconv.FormatInt(e.clock.Now().Add(1000*time.Hour).Unix(), 10))
	if code, body := getBody(t, e.srv.URL+u.Path+"?"+tampered.Encode()); code != 403 || !strings.Contains(body, "signature does not match") {
		t.Fatalf("a tampered link: %d %s", code, body)
	}
	// Another sold release: 2026-01's link does not open it.
	other := &rewards.Price{Release: "2026-02", Listing: rewards.ListingID("2026-02", 1), Sale: sc.dep.Sale, Token: sc.dep.Token, Amount: tokens(5),
		Licence: licence, LicenceHash: rewards.LicenceHash(licence), CreatedAt: e.clock.Now()}
	if err := e.db.SetPrice(ctx, other); err != nil {
		t.Fatal(err)
	}
	otherGood := map[string]string{"tx": bought.TxHash.Hex(), "signature": signPurchase(t, sc.buyer, "2026-02", bought.TxHash)}
	if code, out := postJSON(t, e.srv.URL+"/api/releases/2026-02/purchases", otherGood); code != 400 ||
		!strings.Contains(out["error"].(map[string]any)["message"].(string), `bought release "2026-01", not "2026-02"`) {
		t.Fatalf("a purchase of 2026-01 posted for 2026-02: %d %v", code, out)
	}
	if code, body := getBody(t, e.srv.URL+free+"?"+u.RawQuery); code != 403 || !strings.Contains(body, `for release &#34;2026-01&#34;, not &#34;2026-02&#34;`) {
		t.Fatalf("a link used for another release: %d %s", code, body)
	}
	e.clock.Add(time.Hour)
	if code, body := getBody(t, e.srv.URL+link); code != 403 || !strings.Contains(body, "expired") {
		t.Fatalf("an expired link: %d %s", code, body)
	}

	// /me and /transparency. ann's share: 7 ARENA × 3/4.
	share := new(big.Int).Div(new(big.Int).Mul(tokens(7), big.NewInt(3)), big.NewInt(4))
	ann := e.browser()
	if code, body := ann.submit("/login", "/login", url.Values{"username": {"ann"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("login: %d %s", code, body)
	}
	if code, page := ann.get("/me"); code != 200 || !strings.Contains(page, "What your data earned") || !strings.Contains(page, "2026-01") ||
		!strings.Contains(page, "3 of 4") || !strings.Contains(page, views.Tokens(share.String())) {
		t.Fatalf("ann's /me does not show her share of the sale: %d", code)
	}
	annAPI := &apiClient{e: e, token: annToken}
	if code, mine := annAPI.do("GET", "/api/me/sales", nil); code != 200 || len(mine["sales"].([]any)) != 1 ||
		mine["sales"].([]any)[0].(map[string]any)["earned"] != share.String() || mine["sales"].([]any)[0].(map[string]any)["settled"] != false {
		t.Fatalf("GET /api/me/sales: %d %v", code, mine)
	}
	if code, page := getBody(t, e.srv.URL+"/transparency"); code != 200 || !strings.Contains(page, `id="sales-totals"`) || !strings.Contains(page, "70.00%") {
		t.Fatalf("/transparency does not show the sales: %d", code)
	}
	var tr struct {
		Sales []struct {
			Release, Proceeds, ToContributors, ToOperator, Unallocated string
			Sales, Contributors                                        int64
		} `json:"sales"`
	}
	getJSON(t, e.srv.URL+"/api/transparency", &tr)
	if len(tr.Sales) != 1 || tr.Sales[0].Release != "2026-01" || tr.Sales[0].Sales != 1 || tr.Sales[0].Proceeds != tokens(10).String() ||
		tr.Sales[0].Contributors != 2 || tr.Sales[0].Unallocated != "0" {
		t.Fatalf("/api/transparency sales %+v", tr.Sales)
	}

	// Settlement pays the shares through the distributor with the points; ann claims.
	nonce := rewards.SIWENonce{Nonce: "sale-nonce-00001", UserID: ids["ann"], Address: sc.annAddr, IssuedAt: e.clock.Now(), ExpiresAt: e.clock.Now().Add(time.Hour)}
	if err := e.db.CreateNonce(ctx, nonce); err != nil {
		t.Fatal(err)
	}
	if err := e.db.LinkWallet(ctx, ids["ann"], sc.annAddr, nonce.Nonce, e.clock.Now(), 0); err != nil {
		t.Fatal(err)
	}
	e.clock.Add(30 * 24 * time.Hour) // every vote vests
	settler := &rewards.Settler{Store: e.db, Chain: &chain.Client{Backend: sc.node, Auth: sc.op}, Distributor: sc.dep.Distributor, Policy: policy,
		Clock: e.clock, Log: arenatest.Quiet(), Poll: 5 * time.Millisecond, Wait: 10 * time.Second}
	settled, err := settler.Run(ctx, false)
	if err != nil || settled.Epoch.State != rewards.StateConfirmed || len(settled.Entries) != 1 {
		t.Fatalf("settlement: %+v %v", settled, err)
	}
	entry := settled.Entries[0]
	wantCum := new(big.Int).Add(policy.TokenUnits(entry.Points), share)
	if entry.Account != sc.annAddr || entry.Cumulative.Cmp(wantCum) != 0 {
		t.Fatalf("ann's cumulative %s, want %s (points) + %s (her share)", entry.Cumulative, policy.TokenUnits(entry.Points), share)
	}
	tree, err := rewards.BuildTree([]rewards.Entry{{Account: entry.Account, Cumulative: entry.Cumulative}})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := tree.Claim(sc.annAddr)
	if err != nil {
		t.Fatal(err)
	}
	sc.send(t, bind.NewKeyedTransactor(sc.ann, sc.chainID), sc.dep.Distributor, chain.PackClaim(sc.annAddr, cl.Cumulative, tree.Root(), cl.Proof))
	if got, err := chain.TokenBalance(ctx, sc.node, sc.dep.Token, sc.annAddr); err != nil || got.Cmp(wantCum) != 0 {
		t.Fatalf("ann holds %s after claiming, want %s (%v)", got, wantCum, err)
	}
	if mine, err := e.db.MySaleShares(ctx, ids["ann"]); err != nil || !mine[0].Settled {
		t.Fatalf("ann's share after the settlement: %+v %v", mine, err)
	}
}
