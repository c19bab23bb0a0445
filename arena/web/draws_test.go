package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"io"
	"math/big"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/web"
)

// minedChain mines a block after every transaction, as geth --dev does.
type minedChain struct {
	simulated.Client
	sim *simulated.Backend
}

func (c minedChain) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	c.sim.Commit()
	return nil
}

type publishedDraw struct {
	Number     int64   `json:"number"`
	Commitment string  `json:"commitment"`
	Secret     *string `json:"secret"`
	Votes      int     `json:"votes"`
	Settlement *struct {
		Epoch          uint64 `json:"epoch"`
		CutoffLedgerID int64  `json:"cutoff_ledger_id"`
	} `json:"settlement"`
	Policy     json.RawMessage `json:"policy"`
	DrawnVotes []struct {
		BattleID  string  `json:"battle_id"`
		Tier      string  `json:"tier"`
		RaterTier *string `json:"rater_tier"`
		Points    int64   `json:"points"`
		LedgerID  int64   `json:"ledger_id"`
	} `json:"drawn_votes"`
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	decodeJSON(t, res, v)
}

// oldPrediction is what the audit's predictor computed from public data alone under the
// draw before draw epochs: SHA-256(seed || 0x00 || battle id).
func oldPrediction(p rewards.Policy, battleID string) int64 {
	h := sha256.Sum256([]byte(p.Seed + "\x00" + battleID))
	return p.Reward(rewards.TierMiddle, 0, 0, binary.BigEndian.Uint64(h[:8]))
}

// TestRewardDrawAudit is issue 20 end to end over HTTP: the commitment is public before
// the first vote; while the epoch is open nothing any GET route serves holds the secret,
// and the old predictor guesses amounts only by chance; after a settlement on a simulated
// chain the secret is public, matches the commitment, and recomputes every amount of the
// epoch from public data alone, equal to the ledger and counted by the settlement.
func TestRewardDrawAudit(t *testing.T) {
	policy := rewards.DefaultPolicy()
	policy.DailyCap, policy.WeeklyCap = 0, 0 // every amount is its full draw
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) {
		c.VotePoints = 0
		c.Rewards = &app.RewardsConfig{Policy: policy, ChainID: 1337}
	})
	ctx := context.Background()

	var before struct {
		Current publishedDraw   `json:"current"`
		Epochs  []publishedDraw `json:"epochs"`
	}
	getJSON(t, e.srv.URL+"/api/rewards/draws", &before)
	commitment := before.Current.Commitment
	if before.Current.Number != 1 || before.Current.Secret != nil || len(common.FromHex(commitment)) != 32 || before.Current.Votes != 0 {
		t.Fatalf("before any vote: %+v", before)
	}

	voter := e.apiUser("voter")
	const n = 60
	points := map[string]int64{}
	hits := 0
	var last string
	for range n {
		id := voter.start("Which is better?")
		voter.wait(id)
		code, out := voter.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "tie"})
		if code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
		p := int64(out["points"].(float64))
		points[id], last = p, id
		if oldPrediction(policy, id) == p {
			hits++
		}
	}
	// Six values in the tier: chance is 10 of 60 (standard deviation 2.9).
	t.Logf("the old predictor matched %d of %d amounts", hits, n)
	if hits > 25 {
		t.Fatalf("the old predictor matched %d of %d amounts; chance is 10", hits, n)
	}

	// Everything a GET route serves while the epoch is open, anonymously and to the voter.
	routes := e.srv.Config.Handler.(*echo.Echo).Routes()
	var bodies []string
	fetch := func(path string, auth bool) {
		req, _ := http.NewRequest("GET", e.srv.URL+path, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer "+voter.token)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		bodies = append(bodies, path+"\n"+string(body))
	}
	fetched := 0
	for _, r := range routes {
		if r.Method != http.MethodGet || strings.Contains(r.Path, "*") || strings.HasPrefix(r.Path, "/ws/") || strings.HasSuffix(r.Path, "/events") {
			continue
		}
		path := strings.NewReplacer(":id", last, ":number", "1", ":name", "secret-alpha-7b", ":token", "x", ":file", "x").Replace(r.Path)
		fetch(path, false)
		fetch(path, true)
		fetched++
	}
	fetch("/api/rewards/draws/1", true)
	if fetched < 20 {
		t.Fatalf("only %d GET routes fetched", fetched)
	}
	var open publishedDraw
	getJSON(t, e.srv.URL+"/api/rewards/draws/1", &open)
	if open.Secret != nil || open.DrawnVotes != nil || open.Votes != n || open.Commitment != commitment {
		t.Fatalf("the open epoch as served: %+v", open)
	}
	res, err := http.Get(e.srv.URL + "/transparency")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), commitment) {
		t.Fatal("/transparency does not show the open epoch's commitment")
	}

	// Settle: the voter links a wallet; a snapshot on a simulated chain reveals the epoch.
	u, err := e.db.UserByName(ctx, "voter")
	if err != nil {
		t.Fatal(err)
	}
	wk, _ := crypto.GenerateKey()
	nonce := rewards.SIWENonce{Nonce: "draw-nonce-0001", UserID: u.ID, Address: crypto.PubkeyToAddress(wk.PublicKey), IssuedAt: e.clock.Now(), ExpiresAt: e.clock.Now().Add(time.Hour)}
	if err := e.db.CreateNonce(ctx, nonce); err != nil {
		t.Fatal(err)
	}
	if err := e.db.LinkWallet(ctx, u.ID, nonce.Address, nonce.Nonce, e.clock.Now(), 0); err != nil {
		t.Fatal(err)
	}
	admin, _ := crypto.GenerateKey()
	sim := simulated.NewBackend(types.GenesisAlloc{crypto.PubkeyToAddress(admin.PublicKey): {Balance: new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil)}})
	t.Cleanup(func() { sim.Close() })
	node := minedChain{Client: sim.Client(), sim: sim}
	chainID, _ := node.ChainID(ctx)
	auth := bind.NewKeyedTransactor(admin, chainID)
	_, distributor, err := chain.Deploy(ctx, node, auth, chain.DeployConfig{})
	if err != nil {
		t.Fatal(err)
	}
	settler := &rewards.Settler{Store: e.db, Chain: &chain.Client{Backend: node, Auth: auth}, Distributor: distributor, Policy: policy,
		Clock: e.clock, Log: arenatest.Quiet(), Poll: 5 * time.Millisecond, Wait: 10 * time.Second}
	settled, err := settler.Run(ctx, false)
	if err != nil || settled.Epoch.State != rewards.StateConfirmed || len(settled.Entries) != 1 {
		t.Fatalf("settlement: %+v %v", settled, err)
	}

	// From here on, public data only.
	var pub publishedDraw
	getJSON(t, e.srv.URL+"/api/rewards/draws/1", &pub)
	if pub.Secret == nil || pub.Commitment != commitment || pub.Settlement == nil || pub.Settlement.Epoch != settled.Epoch.Number {
		t.Fatalf("the settled epoch as served: %+v", pub)
	}
	secret := common.FromHex(*pub.Secret)
	if sum := sha256.Sum256(secret); "0x"+hex.EncodeToString(sum[:]) != commitment {
		t.Fatalf("SHA-256 of the revealed secret is %x, the commitment published before the votes %s", sum, commitment)
	}
	served, err := rewards.ParsePolicy(pub.Policy)
	if err != nil {
		t.Fatal(err)
	}
	if len(pub.DrawnVotes) != n {
		t.Fatalf("%d drawn votes published, want %d", len(pub.DrawnVotes), n)
	}
	var drawn []rewards.DrawnVote
	var total int64
	for _, v := range pub.DrawnVotes {
		want, ok := points[v.BattleID]
		recomputed := served.Reward(rewards.Tier(v.Tier), 0, 0, rewards.Draw(secret, v.BattleID))
		if !ok || recomputed != v.Points || recomputed != want {
			t.Fatalf("battle %s: recomputed %d, published %d, the vote earned %d", v.BattleID, recomputed, v.Points, want)
		}
		if v.LedgerID <= 0 || v.LedgerID > pub.Settlement.CutoffLedgerID {
			t.Fatalf("battle %s: ledger entry %d not counted by the settlement (cutoff %d)", v.BattleID, v.LedgerID, pub.Settlement.CutoffLedgerID)
		}
		// Every vote since migration 0035 publishes the rater tier it was drawn in.
		if v.RaterTier == nil {
			t.Fatalf("battle %s: no rater tier published", v.BattleID)
		}
		drawn = append(drawn, rewards.DrawnVote{BattleID: v.BattleID, Tier: rewards.Tier(v.Tier), RaterTier: *v.RaterTier, Points: v.Points})
		total += v.Points
	}
	if bad := rewards.VerifyDraws(served, common.HexToHash(commitment), secret, drawn); len(bad) != 0 {
		t.Fatalf("the published draws do not verify: %v", bad)
	}
	// The ledger agrees entry for entry, and the settlement paid exactly that.
	entries, err := e.db.LedgerEntries(ctx, u.ID, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var votes int
	for _, le := range entries {
		if le.Reason == arena.LedgerVote {
			votes++
			if le.Amount != points[le.Ref] {
				t.Fatalf("ledger: battle %s %d points, drawn %d", le.Ref, le.Amount, points[le.Ref])
			}
		}
	}
	if votes != n || settled.Entries[0].Points != total {
		t.Fatalf("%d vote entries; settled %d points of %d drawn", votes, settled.Entries[0].Points, total)
	}

	// Nothing served before the reveal held the secret, in any encoding.
	for _, enc := range []string{hex.EncodeToString(secret), strings.ToUpper(hex.EncodeToString(secret)),
		base64.StdEncoding.EncodeToString(secret), base64.RawURLEncoding.EncodeToString(secret), string(secret)} {
		for _, b := range bodies {
			if strings.Contains(b, enc) {
				t.Fatalf("served before settlement, holding the secret: %.200s", b)
			}
		}
	}
	// The next epoch is open with a new commitment; the page shows the revealed secret.
	var after struct {
		Current publishedDraw `json:"current"`
	}
	getJSON(t, e.srv.URL+"/api/rewards/draws", &after)
	if after.Current.Number != 2 || after.Current.Commitment == commitment || after.Current.Secret != nil {
		t.Fatalf("after settlement: %+v", after.Current)
	}
	res, err = http.Get(e.srv.URL + "/transparency")
	if err != nil {
		t.Fatal(err)
	}
	page, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if !bytes.Contains(page, []byte(*pub.Secret)) || !bytes.Contains(page, []byte(after.Current.Commitment)) {
		t.Fatal("/transparency does not show the revealed secret and the new commitment")
	}
}
