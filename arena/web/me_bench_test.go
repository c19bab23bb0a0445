package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// seedHeavyVoter signs up an account and loads n voted battles for it (and n for
// another voter, so the tables hold other people's votes too), returning its browser
// and how many of its battles are publishable: one in five of its votes declines
// publication, and one battle in seven of the rest is flagged.
func seedHeavyVoter(t testing.TB, e *env, n int) (*browser, int) {
	t.Helper()
	ctx := context.Background()
	b := e.browser()
	if code, body := b.submit("/signup", "/signup", url.Values{"username": {"heavy"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("signup: %d\n%s", code, body)
	}
	u, err := e.db.UserByName(ctx, "heavy")
	if err != nil {
		t.Fatal(err)
	}
	other, err := e.db.LoadUsers(ctx, 1, 0, "other", "x", e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	ms, err := e.db.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:2] {
		if err := e.db.SetModelOutputsPublic(ctx, m.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	load, err := e.db.BeginLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	var flag []string
	public := 0
	start := e.clock.Now().Add(-time.Duration(2*n) * time.Minute)
	for i := range 2 * n {
		uid := u.ID
		if i%2 == 1 {
			uid = other[0].ID
		}
		at := start.Add(time.Duration(i) * time.Minute)
		id := fmt.Sprintf("h-%06d", i)
		publish := &yes
		switch {
		case i%2 == 1:
		case i%10 == 0:
			publish = &no
		case i%14 == 2:
			flag = append(flag, id)
		default:
			public++
		}
		bt := &arena.Battle{ID: id, UserID: uid, ModelA: ms[0], ModelB: ms[1], CreatedAt: at, Status: arena.StatusVoted,
			Turns: []arena.Turn{{Prompt: fmt.Sprintf("prompt %d", i), A: arena.Answer{Text: "a"}, B: arena.Answer{Text: "b"}}},
			Vote:  &arena.Vote{BattleID: id, UserID: uid, Winner: arena.WinnerA, Points: 10, CreatedAt: at, Publish: publish}}
		if err := load.Add(ctx, bt); err != nil {
			t.Fatal(err)
		}
	}
	if err := load.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for _, id := range flag {
		if err := e.db.SetBattleFlagged(ctx, id, true); err != nil {
			t.Fatal(err)
		}
	}
	return b, public
}

// BenchmarkMeHeavyVoter is /me for an account holding 20,000 of 40,000 votes.
func BenchmarkMeHeavyVoter(b *testing.B) {
	e := newEnvTB(b)
	br, _ := seedHeavyVoter(b, e, 20_000)
	// The process's CPU time, the server's included, as well as the wall time, which
	// the loaded machine stretches.
	cpu := func() time.Duration {
		var ru syscall.Rusage
		syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := cpu()
	for b.Loop() {
		if code, body := br.get("/me"); code != 200 {
			b.Fatalf("/me: %d\n%s", code, body)
		}
	}
	b.ReportMetric((cpu()-start).Seconds()*1000/float64(b.N), "cpu-ms/op")
}

var (
	historyRowRE = regexp.MustCompile(`(?s)<tr>\s*<td>[^<]*</td>\s*<td>\s*<a href="/battle/`)
	olderRE      = regexp.MustCompile(`<a href="(/me\?before=\d+)">Older entries</a>`)
	receiptRE    = regexp.MustCompile(`leaf <a href="/api/receipts/(\d+)/proof" class="receipt-proof">(\d+)</a>\s*<code class="receipt-hash" title="leaf hash">([0-9a-f]{64})</code>`)
	balanceRE    = regexp.MustCompile(`<strong id="balance">(\d+) points</strong>`)
	votedRE      = regexp.MustCompile(`Battles you voted: (\d+); public now: <strong>(\d+)</strong>`)
)

// /me for a voter with thousands of votes shows one page of history, each vote with
// its vote-log receipt whose proof verifies, and an "older" link that walks the whole
// history once; its totals equal the sums over every entry of that walk.
func TestMeHeavyVoterPages(t *testing.T) {
	e := newEnv(t)
	const n = 3000
	br, public := seedHeavyVoter(t, e, n)
	code, page := br.get("/me")
	if code != 200 {
		t.Fatalf("/me: %d", code)
	}
	if got := len(historyRowRE.FindAllString(page, -1)); got != 50 {
		t.Errorf("the first page shows %d votes, want one page of 50", got)
	}
	rs := receiptRE.FindAllStringSubmatch(page, -1)
	if len(rs) != 50 {
		t.Fatalf("the first page shows %d receipts, want 50", len(rs))
	}
	for _, r := range rs[:3] {
		var p arena.InclusionProof
		res, err := http.Get(e.srv.URL + "/api/receipts/" + r[1] + "/proof")
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(res.Body).Decode(&p)
		res.Body.Close()
		if err != nil || res.StatusCode != 200 {
			t.Fatalf("proof of %s: %d %v", r[1], res.StatusCode, err)
		}
		if r[1] != r[2] || p.LeafHash.String() != r[3] || strconv.FormatUint(p.Index, 10) != r[1] {
			t.Errorf("receipt %v does not match its proof (index %d, hash %s)", r[1:], p.Index, p.LeafHash)
		}
		if err := p.Verify(); err != nil {
			t.Errorf("receipt %s: %v", r[1], err)
		}
	}
	bal := balanceRE.FindStringSubmatch(page)
	voted := votedRE.FindStringSubmatch(page)
	if bal == nil || voted == nil {
		t.Fatalf("no balance or vote totals on /me")
	}
	// Walk the history through its older links: every vote once, newest first.
	seen, pages, sum, receipts := map[string]bool{}, 1, int64(0), map[string]bool{}
	for {
		for _, m := range regexp.MustCompile(`(?s)<a href="/battle/([^"]+)">Vote</a>\s*</td>\s*<td class="num">\+?(-?\d+)</td>`).FindAllStringSubmatch(page, -1) {
			if seen[m[1]] {
				t.Fatalf("battle %s shows on two pages", m[1])
			}
			seen[m[1]] = true
			v, _ := strconv.ParseInt(m[2], 10, 64)
			sum += v
		}
		for _, r := range receiptRE.FindAllStringSubmatch(page, -1) {
			receipts[r[1]] = true
		}
		older := olderRE.FindStringSubmatch(page)
		if older == nil {
			break
		}
		if code, page = br.get(older[1]); code != 200 {
			t.Fatalf("%s: %d", older[1], code)
		}
		pages++
	}
	if len(seen) != n || len(receipts) != n {
		t.Errorf("the history shows %d votes with %d receipts over %d pages, want %d", len(seen), len(receipts), pages, n)
	}
	// The balance is every entry's sum: the votes' points and the sign-up bonus, which
	// the last page shows.
	u, err := e.db.UserByName(context.Background(), "heavy")
	if err != nil {
		t.Fatal(err)
	}
	entries, err := e.db.LedgerEntries(context.Background(), u.ID, 0, 1<<30)
	if err != nil {
		t.Fatal(err)
	}
	var all int64
	for _, le := range entries {
		all += le.Amount
	}
	if bal[1] != strconv.FormatInt(all, 10) || sum != n*10 {
		t.Errorf("balance %s, votes' points walked %d, ledger sum %d", bal[1], sum, all)
	}
	if voted[1] != strconv.Itoa(n) || voted[2] != strconv.Itoa(public) {
		t.Errorf("battles voted %s, public %s, want %d and %d", voted[1], voted[2], n, public)
	}
}
