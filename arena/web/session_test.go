package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/web"
	"github.com/gorilla/websocket"
)

// cookie returns the value of the browser's cookie called name, "" when it has none.
func (b *browser) cookie(name string) string {
	u, _ := url.Parse(b.e.srv.URL)
	for _, c := range b.c.Jar.Cookies(u) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// withSession is a fresh browser holding only the session token given.
func (e *env) withSession(token string) *browser {
	b := e.browser()
	u, _ := url.Parse(e.srv.URL)
	b.c.Jar.SetCookies(u, []*http.Cookie{{Name: "arena_session", Value: token, Path: "/"}})
	return b
}

// A guest's session does not survive signing up or logging in: a token planted on, or
// copied from, the guest's browser opens nothing afterwards. The CSRF token is new too.
func TestSignInRotatesSessions(t *testing.T) {
	e := newEnv(t)
	for _, signup := range []bool{true, false} {
		b := e.browser()
		// Become a guest by starting a battle.
		b.submit("/", "/battles", url.Values{"prompt": {"Hello there"}})
		guestToken, oldCSRF := b.cookie("arena_session"), b.cookie("arena_csrf")
		if guestToken == "" || oldCSRF == "" {
			t.Fatal("no guest session or CSRF cookie")
		}
		name := "rota"
		action := "/signup"
		if !signup {
			name, action = "rotb", "/login"
			if _, err := (&arena.Accounts{Store: e.db, Clock: e.clock}).AddUser(context.Background(), name, "password1", arena.RoleUser); err != nil {
				t.Fatal(err)
			}
		}
		if code, body := b.submit(action, action, url.Values{"username": {name}, "password": {"password1"}}); code != 200 {
			t.Fatalf("%s: %d %s", action, code, body)
		}
		if tok := b.cookie("arena_session"); tok == "" || tok == guestToken {
			t.Fatalf("%s kept the guest's session token", action)
		}
		if _, body := b.get("/me"); !strings.Contains(body, ">"+name+"</a>") {
			t.Fatalf("%s: not signed in afterwards", action)
		}
		if b.cookie("arena_csrf") == oldCSRF {
			t.Errorf("%s kept the CSRF token", action)
		}
		if _, body := e.withSession(guestToken).get("/me"); strings.Contains(body, ">"+name+"</a>") {
			t.Fatalf("after %s the guest's old token opens the account", action)
		}
	}
}

func TestLogOutEverywhere(t *testing.T) {
	e := newEnv(t)
	laptop, phone := e.browser(), e.browser()
	laptop.submit("/signup", "/signup", url.Values{"username": {"eve"}, "password": {"password1"}})
	phone.submit("/login", "/login", url.Values{"username": {"eve"}, "password": {"password1"}})
	if _, body := phone.get("/me"); !strings.Contains(body, ">eve</a>") {
		t.Fatal("the phone is not signed in")
	}
	code, body := laptop.submit("/me", "/logout/everywhere", url.Values{})
	if code != 200 || !strings.Contains(body, "logged out everywhere (2 sessions ended)") {
		t.Fatalf("log out everywhere: %d %s", code, body)
	}
	for name, b := range map[string]*browser{"laptop": laptop, "phone": phone} {
		if _, body := b.get("/me"); strings.Contains(body, ">eve</a>") {
			t.Errorf("the %s is still signed in", name)
		}
	}
	// A guest has no sessions elsewhere to end, and no account to end them for.
	if code, _ := e.browser().submit("/", "/logout/everywhere", url.Values{}); code != http.StatusUnauthorized {
		t.Errorf("a visitor logging out everywhere: %d, want 401", code)
	}
}

// After log-in a browser goes only to a path of this site.
func TestLoginRedirectStaysOnSite(t *testing.T) {
	e := newEnv(t)
	if _, err := (&arena.Accounts{Store: e.db, Clock: e.clock}).AddUser(context.Background(), "nina", "password1", arena.RoleUser); err != nil {
		t.Fatal(err)
	}
	for next, want := range map[string]string{
		"/leaderboard?cat=code": "/leaderboard?cat=code",
		"//evil.example/":       "/",
		"/\\evil.example":       "/",
		"/\t/evil.example":      "/",
		"/%09/evil.example":     "/%09/evil.example", // stays a path: the tab is still escaped
		"https://evil.example/": "/",
		"/\r\nSet-Cookie: x=1":  "/",
		"evil":                  "/",
	} {
		b := e.browser()
		b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		form := url.Values{"username": {"nina"}, "password": {"password1"}, "next": {next}, "_csrf": {b.csrf("/login")}}
		res, err := b.c.PostForm(e.srv.URL+"/login", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if got := res.Header.Get("Location"); got != want {
			t.Errorf("next=%q: Location %q, want %q", next, got, want)
		}
	}
}

// Behind a TLS proxy (cookies marked Secure) every response asks for HTTPS from then on,
// and /me, which may show a new API token, is never cached.
func TestHardeningHeaders(t *testing.T) {
	e := newEnvConfig(t, web.Config{AuthRatePerMinute: 1000, SecureCookies: true})
	res, err := http.Get(e.srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if h := res.Header.Get("Strict-Transport-Security"); !strings.Contains(h, "max-age=") {
		t.Errorf("HSTS %q", h)
	}
	a := e.apiUser("max")
	req, _ := http.NewRequest("GET", e.srv.URL+"/me", nil)
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("/me Cache-Control %q, want no-store", cc)
	}
}

// A visitor becomes a guest (a user and a session) only for a request that passes the
// prompt check, and an address makes only so many guests.
func TestGuestsAreBounded(t *testing.T) {
	e := newEnv(t)
	e.restart(t, func(d *web.Deps, _ *web.Config) {
		d.Limits = &arena.RateLimiter{Store: e.db, Clock: e.clock, Limits: arena.DefaultLimits()}
	})
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	ctx := context.Background()
	before, err := accounts.AddUser(ctx, "probe-before", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	post := func(prompt string) int {
		res, err := http.Post(e.srv.URL+"/api/battles", "application/json", strings.NewReader(`{"prompt":"`+prompt+`"}`))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res.StatusCode
	}
	for range 20 {
		if code := post(""); code != http.StatusBadRequest && code != http.StatusUnprocessableEntity {
			t.Fatalf("an empty prompt: %d", code)
		}
	}
	statuses := map[int]int{}
	for range 30 {
		statuses[post("Hello")]++
	}
	after, err := accounts.AddUser(ctx, "probe-after", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	guests := after.ID - before.ID - 1
	if guests != 10 || statuses[http.StatusCreated] != 10 || statuses[http.StatusTooManyRequests] != 20 {
		t.Fatalf("%d guests made, statuses %v: want 10 guests and battles, then 429", guests, statuses)
	}
}

// The battle socket compares the page's scheme as well as its host: behind a TLS proxy
// (cookies marked Secure) a plain-HTTP page of the same name may not open it.
func TestSocketOriginScheme(t *testing.T) {
	e := newEnvConfig(t, web.Config{AuthRatePerMinute: 1000, SecureCookies: true})
	a := e.apiUser("sam")
	id := a.start("Hello")
	host := strings.TrimPrefix(e.srv.URL, "http://")
	wsURL := "ws://" + host + "/ws/battles/" + id
	for origin, ok := range map[string]bool{"https://" + host: true, "http://" + host: false, "https://evil.example": false} {
		hdr := http.Header{"Authorization": {"Bearer " + a.token}, "Origin": {origin}}
		conn, res, err := websocket.DefaultDialer.Dial(wsURL, hdr)
		if conn != nil {
			conn.Close()
		}
		if ok && err != nil {
			t.Errorf("Origin %s refused: %v", origin, err)
		}
		if !ok && (err == nil || res == nil || res.StatusCode != http.StatusForbidden) {
			t.Errorf("Origin %s allowed", origin)
		}
	}
}
