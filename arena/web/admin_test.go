package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/web"
)

func TestWalletRateLimit(t *testing.T) {
	e := newEnv(t)
	e.restart(t, func(d *web.Deps, _ *web.Config) {
		d.Quality = e.db
		d.Limits = &arena.RateLimiter{Store: e.db, Clock: e.clock, Limits: []arena.Limit{
			{Action: "vote", Subject: "user", Window: 24 * time.Hour, Max: 10},
			{Action: "vote", Subject: "wallet", Window: 24 * time.Hour, Max: 1},
		}}
	})
	a := e.apiUser("payee")
	u := mustUser(t, e, "payee")
	if err := e.db.Exec(context.Background(), `INSERT INTO wallets (user_id, address, linked_at) VALUES (?, ?, 0)`,
		u.ID, "0x00000000000000000000000000000000000000AB"); err != nil {
		t.Fatal(err)
	}
	one, two := a.start("one"), a.start("two")
	a.wait(one)
	a.wait(two)
	if code, out := a.do("POST", "/api/battles/"+one+"/vote", map[string]any{"winner": "tie"}); code != 200 {
		t.Fatalf("first vote: %d %v", code, out)
	}
	code, out := a.do("POST", "/api/battles/"+two+"/vote", map[string]any{"winner": "tie"})
	if code != http.StatusTooManyRequests || !strings.Contains(errMessage(out), "from your wallet: the limit is 1 per day. Try again in") {
		t.Fatalf("second vote from one wallet in a day: %d %v", code, out)
	}
}

func TestDeviceCookieRecorded(t *testing.T) {
	e := newEnv(t)
	e.restart(t, func(d *web.Deps, _ *web.Config) { d.Quality = e.db })
	b := e.browser()
	if code, body := b.submit("/", "/battles", url.Values{"prompt": {"hello there"}}); code != 200 {
		t.Fatalf("battle form: %d %s", code, body)
	}
	u, _ := url.Parse(e.srv.URL)
	var device string
	for _, ck := range b.c.Jar.Cookies(u) {
		if ck.Name == "arena_device" {
			device = ck.Value
		}
	}
	if len(device) != 32 {
		t.Fatalf("no device cookie: %v", b.c.Jar.Cookies(u))
	}
	ss, err := e.db.Sightings(context.Background(), e.clock.Now().Add(-time.Hour))
	if err != nil || len(ss) != 1 || ss[0].Device != device || ss[0].IP != "127.0.0.1" {
		t.Fatalf("sightings: %+v %v", ss, err)
	}
}

func TestAdminReviewPage(t *testing.T) {
	e := newEnv(t)
	review := &arena.ReviewService{Store: e.db, Clock: e.clock}
	e.restart(t, func(d *web.Deps, _ *web.Config) { d.Quality, d.Review = e.db, review })
	ctx := context.Background()
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	if _, err := accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if _, err := accounts.AddUser(ctx, "plain", "password1", arena.RoleUser); err != nil {
		t.Fatal(err)
	}
	suspect, err := accounts.AddUser(ctx, "suspect", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	other, err := accounts.AddUser(ctx, "other", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	now := e.clock.Now()
	for _, id := range []int64{suspect.ID, other.ID} {
		if _, err := e.db.FlagUser(ctx, id, []string{"device cookie abcd1234… shared by 4 accounts"}, now, now); err != nil {
			t.Fatal(err)
		}
	}

	login := func(name string) *browser {
		b := e.browser()
		if code, body := b.submit("/login", "/login", url.Values{"username": {name}, "password": {"password1"}}); code != 200 {
			t.Fatalf("login %s: %d %s", name, code, body)
		}
		return b
	}
	if code, _ := e.browser().get("/admin/review"); code != http.StatusUnauthorized && code != http.StatusSeeOther && code != http.StatusFound {
		t.Fatalf("anonymous review page: %d", code)
	}
	if code, _ := login("plain").get("/admin/review"); code != http.StatusForbidden {
		t.Fatalf("a plain user's review page: %d", code)
	}
	admin := login("root")
	code, body := admin.get("/admin/review")
	if code != 200 || !strings.Contains(body, "suspect") || !strings.Contains(body, "shared by 4 accounts") {
		t.Fatalf("review page: %d\n%s", code, body)
	}
	// Approve one, confirm abuse of the other, with the page's own forms.
	code, body = admin.submit("/admin/review", "/admin/review/"+itoa(suspect.ID)+"/approve", url.Values{})
	if code != 200 || !strings.Contains(body, "approved; 0 held points released") {
		t.Fatalf("approve: %d\n%s", code, body)
	}
	code, body = admin.submit("/admin/review", "/admin/review/"+itoa(other.ID)+"/abuse", url.Values{})
	if code != 200 || !strings.Contains(body, "Abuse by account") {
		t.Fatalf("confirm abuse: %d\n%s", code, body)
	}
	if code, body := admin.get("/admin/review?status=abuse"); code != 200 || !strings.Contains(body, "other") || strings.Contains(body, ">suspect") {
		t.Fatalf("abuse tab: %d\n%s", code, body)
	}
	// A plain user cannot act, even with a valid form.
	p := login("plain")
	if code, _ := p.submit("/me", "/admin/review/"+itoa(suspect.ID)+"/abuse", url.Values{}); code != http.StatusForbidden {
		t.Fatalf("a plain user confirmed abuse: %d", code)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
