package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/arena/web"
)

type env struct {
	t       testing.TB
	srv     *httptest.Server
	db      *sqlstore.DB
	clock   *arenatest.Clock
	fake    *llmtest.Server
	battles *arena.Battles
	deps    web.Deps
	cfg     web.Config
	app     *app.App
}

// restart serves the same store with changed dependencies or configuration.
func (e *env) restart(t testing.TB, mod func(*web.Deps, *web.Config)) {
	e.srv.Close()
	mod(&e.deps, &e.cfg)
	e.srv = httptest.NewServer(web.New(e.cfg, e.deps).Handler())
	t.Cleanup(e.srv.Close)
}

// newEnv starts the real server on a temp SQLite with two models behind a fake
// OpenAI-compatible server, plus any extra models given.
func newEnv(t *testing.T, extra ...arena.Model) *env { return newEnvTB(t, extra...) }

func newEnvTB(t testing.TB, extra ...arena.Model) *env {
	return newEnvConfig(t, web.Config{AuthRatePerMinute: 1000}, extra...)
}

// cfgAuthRate restarts the server of e with a lower sign-in rate limit.
func (e *env) cfgAuthRate(t *testing.T, perMinute int) {
	e.restart(t, func(_ *web.Deps, c *web.Config) { c.AuthRatePerMinute = perMinute })
}

func newEnvConfig(t testing.TB, cfg web.Config, extra ...arena.Model) *env {
	t.Helper()
	return newEnvApp(t, cfg, nil, extra...)
}

// newEnvApp is newEnvConfig with the app's configuration changed by mod, if set.
func newEnvApp(t testing.TB, cfg web.Config, mod func(*app.Config), extra ...arena.Model) *env {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	fake := llmtest.NewServer(t)
	models := append([]arena.Model{
		{Name: "secret-alpha-7b", Organization: "Alpha Lab", ModelID: "alpha"},
		{Name: "secret-beta-13b", Organization: "Beta Lab", ModelID: "beta"},
	}, extra...)
	for _, m := range models {
		if m.Provider == "" {
			m.Provider, m.BaseURL = arena.ProviderOpenAI, fake.URL
		}
		m.Active, m.Timeout = true, 5*time.Second
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	clock := arenatest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	cfg.Logger = arenatest.Quiet()
	ac := app.Config{
		Store: db, Clock: clock, Log: cfg.Logger, Web: cfg, Providers: llm.Options{DemoDelay: llm.Instant},
		VotePoints: 10, SessionTTL: time.Hour, LeaderboardRounds: 20,
	}
	if mod != nil {
		mod(&ac)
	}
	a, err := app.New(ctx, ac)
	if err != nil {
		t.Fatal(err)
	}
	battles, deps := a.Battles, a.Deps
	srv := httptest.NewServer(a.Server.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &env{t: t, srv: srv, db: db, clock: clock, fake: fake, battles: battles, deps: deps, cfg: cfg, app: a}
}

// browser is a client with cookies, like a person's browser.
type browser struct {
	e *env
	c *http.Client
}

func (e *env) browser() *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{e: e, c: &http.Client{Jar: jar}}
}

func (b *browser) get(path string) (int, string) {
	b.e.t.Helper()
	res, err := b.c.Get(b.e.srv.URL + path)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

var csrfRE = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf fetches a page with a form and returns its CSRF token.
func (b *browser) csrf(path string) string {
	b.e.t.Helper()
	_, body := b.get(path)
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		b.e.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

func (b *browser) post(path string, form url.Values) (int, string) {
	b.e.t.Helper()
	res, err := b.c.PostForm(b.e.srv.URL+path, form)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(body)
}

func (b *browser) submit(formPage, action string, form url.Values) (int, string) {
	form.Set("_csrf", b.csrf(formPage))
	return b.post(action, form)
}

func TestSignupLoginLogout(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	code, body := b.submit("/signup", "/signup", url.Values{"username": {"alice"}, "password": {"correct horse"}})
	if code != 200 || !strings.Contains(body, "Welcome to the arena, alice.") {
		t.Fatalf("signup: %d\n%s", code, body)
	}
	if _, body := b.get("/login"); !strings.Contains(body, ">alice</a>") {
		t.Fatal("nav does not show the signed-in user")
	}
	code, body = b.submit("/login", "/logout", url.Values{})
	if code != 200 || !strings.Contains(body, "You are logged out.") {
		t.Fatalf("logout: %d %s", code, body)
	}
	if _, body := b.get("/login"); strings.Contains(body, ">alice</a>") {
		t.Fatal("still signed in after log-out")
	}
	b2 := e.browser()
	code, body = b2.submit("/login", "/login", url.Values{"username": {"ALICE"}, "password": {"correct horse"}})
	if code != 200 || !strings.Contains(body, "Logged in as alice.") {
		t.Fatalf("login: %d %s", code, body)
	}
}

func TestAuthRejections(t *testing.T) {
	e := newEnv(t)
	e.browser().submit("/signup", "/signup", url.Values{"username": {"taken"}, "password": {"password1"}})
	tests := []struct {
		name, action, user, pw string
		status                 int
		message                string
	}{
		{"short username", "/signup", "ab", "password1", 422, "3 to 32 characters"},
		{"bad characters", "/signup", "a b!", "password1", 422, "3 to 32 characters"},
		{"short password", "/signup", "newuser", "short", 422, "at least 8 characters"},
		{"duplicate", "/signup", "Taken", "password1", 409, "is taken"},
		{"wrong password", "/login", "taken", "password2", 401, "Wrong username or password."},
		{"unknown user", "/login", "nobody", "password1", 401, "Wrong username or password."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := e.browser().submit(tt.action, tt.action, url.Values{"username": {tt.user}, "password": {tt.pw}})
			if code != tt.status || !strings.Contains(body, tt.message) {
				t.Fatalf("got %d, want %d with %q\n%s", code, tt.status, tt.message, body)
			}
			if !strings.Contains(body, `value="`+tt.user+`"`) {
				t.Error("the form lost the username the person typed")
			}
		})
	}
}

func TestCSRFRefused(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.get("/signup") // get the CSRF cookie but send no token
	code, body := b.post("/signup", url.Values{"username": {"mallory"}, "password": {"password1"}})
	if code != http.StatusForbidden || !strings.Contains(body, "CSRF") {
		t.Fatalf("POST without token: %d %s", code, body)
	}
	code, _ = b.post("/signup", url.Values{"username": {"mallory"}, "password": {"password1"}, "_csrf": {"forged"}})
	if code != http.StatusForbidden {
		t.Fatalf("POST with a forged token: %d, want 403", code)
	}
	if _, err := e.db.UserByName(context.Background(), "mallory"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatal("a refused request created a user")
	}
}

func TestSessionExpires(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.submit("/signup", "/signup", url.Values{"username": {"dora"}, "password": {"password1"}})
	if _, body := b.get("/login"); !strings.Contains(body, ">dora</a>") {
		t.Fatal("not signed in")
	}
	e.clock.Add(2 * time.Hour) // past the one-hour TTL
	if _, body := b.get("/login"); strings.Contains(body, ">dora</a>") {
		t.Fatal("session still valid after it expired")
	}
}

func TestGuestCarriesOver(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	guest, _, err := accounts.NewGuest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := accounts.SignUp(ctx, guest, "erin", "password1")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != guest.ID {
		t.Fatalf("signed-up user id %d, want the guest's %d so its earnings stay", u.ID, guest.ID)
	}
	// A guest who logs in to an existing account is merged into it.
	guest2, _, _ := accounts.NewGuest(ctx)
	u2, _, err := accounts.LogIn(ctx, guest2, "erin", "password1")
	if err != nil || u2.ID != u.ID {
		t.Fatalf("login = %v, %v", u2, err)
	}
	if _, err := e.db.UserByID(ctx, guest2.ID); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatal("merged guest still exists")
	}
}

func TestHealthMetricsHeadersAndErrors(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	if code, body := b.get("/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("/healthz: %d %s", code, body)
	}
	if code, body := b.get("/metrics"); code != 200 || !strings.Contains(body, "arena_http_requests_total") {
		t.Fatalf("/metrics: %d", code)
	}
	res, err := b.c.Get(e.srv.URL + "/no/such/page")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || !strings.Contains(string(body), "Page not found") {
		t.Fatalf("404 page: %d %s", res.StatusCode, body)
	}
	h := res.Header
	for _, want := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"} {
		if h.Get(want) == "" {
			t.Errorf("missing header %s", want)
		}
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/nothing", nil)
	res, _ = b.c.Do(req)
	body, _ = io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || !strings.Contains(string(body), `"code":"not_found"`) {
		t.Fatalf("API 404: %d %s", res.StatusCode, body)
	}
}

func TestMePageAndTokens(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	if code, body := b.get("/me"); code != 200 || !strings.Contains(body, "Log in") {
		t.Fatalf("/me without identity should lead to log-in: %d", code)
	}
	b.submit("/signup", "/signup", url.Values{"username": {"gina"}, "password": {"password1"}})
	code, body := b.submit("/me", "/me/tokens", url.Values{"name": {"my script"}})
	m := regexp.MustCompile(`id="new-token">(arena_[A-Za-z0-9_-]+)<`).FindStringSubmatch(body)
	if code != 200 || m == nil {
		t.Fatalf("token not shown once: %d", code)
	}
	a := &apiClient{e: e, token: m[1]}
	if code, _ := a.do("GET", "/api/leaderboard", nil); code != 200 {
		t.Fatalf("new token refused: %d", code)
	}
	_, body = b.get("/me")
	if strings.Contains(body, m[1]) {
		t.Fatal("the token secret is shown again")
	}
	id := regexp.MustCompile(`/me/tokens/(\d+)/revoke`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no revoke button")
	}
	b.submit("/me", "/me/tokens/"+id[1]+"/revoke", url.Values{})
	if code, out := a.do("GET", "/api/leaderboard", nil); code != 401 || !strings.Contains(errMessage(out), "revoked") {
		t.Fatalf("revoked token: %d %v", code, out)
	}
}
