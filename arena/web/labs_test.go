package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/netguard"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/web"
)

type labEnv struct {
	*env
	labs      *arena.Labs
	providers arena.ProviderSource
}

func newLabEnv(t *testing.T) *labEnv {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	fake := llmtest.NewServer(t)
	for _, m := range []arena.Model{{Name: "op-alpha", ModelID: "alpha"}, {Name: "op-beta", ModelID: "beta"}} {
		m.Provider, m.BaseURL, m.Active, m.Timeout = arena.ProviderOpenAI, fake.URL, true, 5*time.Second
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	clock := arenatest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	box, _ := arena.NewSecretBox(bytes.Repeat([]byte{42}, 32))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{
		Store: db, Clock: clock, Log: quiet, Web: web.Config{Logger: quiet, AuthRatePerMinute: 1000},
		VotePoints: 10, SessionTTL: time.Hour, LeaderboardRounds: 20,
		// The fake endpoint is on loopback.
		Labs: &app.LabsConfig{Box: box, AllowPrivate: true, PauseAfter: 3, Sampler: arena.SampleUniform},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Server.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	return &labEnv{env: &env{t: t, srv: srv, db: db, clock: clock, fake: fake, battles: a.Battles}, labs: a.Labs, providers: a.Providers}
}

// login signs a new user with the given role in, in a fresh browser.
func (e *labEnv) login(name string, role arena.Role) *browser {
	e.t.Helper()
	if _, err := (&arena.Accounts{Store: e.db, Clock: e.clock}).AddUser(context.Background(), name, "password1", role); err != nil {
		e.t.Fatal(err)
	}
	b := e.browser()
	if code, body := b.submit("/login", "/login", url.Values{"username": {name}, "password": {"password1"}}); code != 200 {
		e.t.Fatalf("login %s: %d %s", name, code, body)
	}
	return b
}

var modelLinkRE = regexp.MustCompile(`href="/labs/models/(\d+)"`)

func TestLabLifecycleAndPermissions(t *testing.T) {
	e := newLabEnv(t)
	ctx := context.Background()
	admin := e.login("root", arena.RoleAdmin)
	olga := e.login("olga", arena.RoleUser)
	mallory := e.login("mallory", arena.RoleUser)
	pat := e.login("pat", arena.RoleUser)

	// Only admins create labs.
	if code, _ := olga.submit("/labs", "/labs", url.Values{"name": {"Acme"}, "owner": {"olga"}}); code != http.StatusForbidden {
		t.Fatalf("non-admin created a lab: %d", code)
	}
	for _, l := range [][2]string{{"Acme", "olga"}, {"Evil Corp", "mallory"}} {
		if code, body := admin.submit("/labs", "/labs", url.Values{"name": {l[0]}, "owner": {l[1]}}); code != 200 || !strings.Contains(body, l[0]) {
			t.Fatalf("create lab %s: %d", l[0], code)
		}
	}
	labs, _ := e.db.AllLabs(ctx)
	var acme int64
	for _, l := range labs {
		if l.Name == "Acme" {
			acme = l.ID
		}
	}
	acmePath := "/labs/" + id64(acme)

	// Olga registers a model with a key; the arena checks it with a real call.
	const key = "sk-olga-secret-9f8e7d6c5b4a"
	code, body := olga.submit(acmePath, acmePath+"/models", url.Values{"name": {"acme-large"}, "base_url": {e.fake.URL},
		"model_id": {"acme"}, "api_key": {key}, "license": {"open"}, "outputs_public": {"1"}, "timeout": {"5"}, "vision": {"1"}})
	if code != 200 || !strings.Contains(body, "endpoint check passed") || !strings.Contains(body, `id="model-status">pending`) {
		t.Fatalf("register: %d\n%s", code, body)
	}
	if strings.Contains(body, key) {
		t.Fatal("the dashboard shows the API key")
	}
	reqs := e.fake.Requests()
	if len(reqs) == 0 || reqs[len(reqs)-1].Header.Get("Authorization") != "Bearer "+key || reqs[len(reqs)-1].Model != "acme" {
		t.Fatalf("the check did not call the endpoint with the key: %+v", reqs)
	}
	m := modelLinkRE.FindStringSubmatch(func() string { _, b := olga.get(acmePath); return b }())
	if m == nil {
		t.Fatal("the lab page does not list the model")
	}
	modelPath := "/labs/models/" + m[1]
	mm, _ := e.db.ModelByName(ctx, "acme-large")
	if mm == nil || !mm.Vision {
		t.Errorf("registered as taking images, the model reads back %+v", mm)
	}

	// Pending: not sampled.
	if act, _ := e.db.ActiveModels(ctx); len(act) != 2 {
		t.Fatalf("a pending model is active: %v", act)
	}
	// Permissions: other labs, plain users and guests see nothing; only admins approve.
	for name, b := range map[string]*browser{"mallory": mallory, "pat": pat} {
		if code, _ := b.get(modelPath); code != http.StatusNotFound {
			t.Errorf("%s sees another lab's model: %d", name, code)
		}
		if code, _ := b.get(acmePath); code != http.StatusNotFound {
			t.Errorf("%s sees another lab: %d", name, code)
		}
		if code, _ := b.get(acmePath + "/battles.csv"); code != http.StatusNotFound {
			t.Errorf("%s downloads another lab's battles: %d", name, code)
		}
		if code, _ := b.submit("/labs", modelPath+"/pause", url.Values{}); code != http.StatusNotFound {
			t.Errorf("%s paused another lab's model: %d", name, code)
		}
		if code, _ := b.submit("/labs", modelPath+"/key", url.Values{"api_key": {"stolen"}}); code != http.StatusNotFound {
			t.Errorf("%s replaced another lab's key: %d", name, code)
		}
		if _, body := b.get("/labs"); strings.Contains(body, "acme-large") {
			t.Errorf("%s's /labs lists another lab's model", name)
		}
	}
	if code, _ := mallory.submit("/labs", modelPath+"/approve", url.Values{}); code != http.StatusForbidden {
		t.Errorf("a lab owner approved a model: %d", code)
	}
	if code, _ := olga.submit(modelPath, modelPath+"/approve", url.Values{}); code != http.StatusForbidden {
		t.Errorf("the model's own lab approved it: %d", code)
	}
	if res, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Get(e.srv.URL + modelPath); err != nil || res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous visitor: %v %v, want a redirect to log in", res.StatusCode, err)
	}
	// Admins see pending approvals and approve.
	if _, body := admin.get("/labs"); !strings.Contains(body, "Awaiting approval") || !strings.Contains(body, "acme-large") {
		t.Error("the admin's /labs does not list the pending model")
	}
	if code, body := admin.submit(modelPath, modelPath+"/approve", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("approve: %d %s", code, body)
	}
	if act, _ := e.db.ActiveModels(ctx); len(act) != 3 {
		t.Fatalf("approved model not active: %v", act)
	}

	// Battles reach the model with the decrypted key, through the health watcher.
	p, err := e.providers.For(*mm)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Stream(ctx, arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(arena.Delta) {}); err != nil {
		t.Fatal(err)
	}
	reqs = e.fake.Requests()
	if reqs[len(reqs)-1].Header.Get("Authorization") != "Bearer "+key {
		t.Fatal("battle calls do not carry the lab's key")
	}

	// The endpoint breaks: after 3 failures in a row the model is paused and the lab told why.
	e.fake.Handle("acme", llmtest.Behavior{Status: 500, ErrorMessage: "backend on fire"})
	mm, _ = e.db.ModelByName(ctx, "acme-large")
	p, _ = e.providers.For(*mm)
	for i := 0; i < 3; i++ {
		p.Stream(ctx, arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(arena.Delta) {})
	}
	_, body = olga.get(modelPath)
	if !strings.Contains(body, `id="model-status">paused`) || !strings.Contains(body, "3 calls in a row failed") || !strings.Contains(body, "backend on fire") {
		t.Fatalf("auto-pause not shown:\n%s", body)
	}
	if act, _ := e.db.ActiveModels(ctx); len(act) != 2 {
		t.Fatal("a paused model is still sampled")
	}
	// Resuming re-checks: still broken, so it stays paused; fixed, it resumes.
	if _, body := olga.submit(modelPath, modelPath+"/resume", url.Values{}); !strings.Contains(body, "stays paused") {
		t.Fatalf("resume of a broken endpoint:\n%s", body)
	}
	e.fake.Handle("acme", llmtest.Behavior{})
	if _, body := olga.submit(modelPath, modelPath+"/resume", url.Values{}); !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("resume:\n%s", body)
	}

	// The lab's CSV, and a snapshot whose hash anyone can recompute.
	if code, body := olga.get(acmePath + "/battles.csv"); code != 200 || !strings.HasPrefix(body, "battle_id,voted_at,model,opponent") {
		t.Fatalf("csv: %d %s", code, body)
	}
	s, err := e.labs.TakeSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, body := pat.get("/leaderboard/history"); !strings.Contains(body, s.Hash) {
		t.Fatal("the history page does not show the snapshot hash")
	}
}

func TestLabRegistrationRefusesPrivateEndpoints(t *testing.T) {
	e := newLabEnv(t)
	e.labs.CheckURL = (&netguard.Guard{}).CheckURL // the production guard
	admin := e.login("root", arena.RoleAdmin)
	olga := e.login("olga", arena.RoleUser)
	admin.submit("/labs", "/labs", url.Values{"name": {"Acme"}, "owner": {"olga"}})
	labs, _ := e.db.AllLabs(context.Background())
	path := "/labs/" + id64(labs[0].ID)
	for _, u := range []string{e.fake.URL, "http://169.254.169.254/latest", "http://10.0.0.1/v1", "http://[::1]:8080/v1", "file:///etc/passwd"} {
		code, body := olga.submit(path, path+"/models", url.Values{"name": {"sneaky"}, "base_url": {u}, "model_id": {"x"}, "license": {"open"}})
		if code != http.StatusBadRequest || !strings.Contains(body, "will not call this endpoint") {
			t.Errorf("%s: %d, want 400 refusing the endpoint", u, code)
		}
	}
	if _, err := e.db.ModelByName(context.Background(), "sneaky"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatal("a refused model was stored")
	}
}

func TestLabInvitation(t *testing.T) {
	e := newLabEnv(t)
	admin := e.login("root", arena.RoleAdmin)
	olga := e.login("olga", arena.RoleUser)
	newbie := e.login("newbie", arena.RoleUser)
	admin.submit("/labs", "/labs", url.Values{"name": {"Acme"}, "owner": {"olga"}})
	labs, _ := e.db.AllLabs(context.Background())
	path := "/labs/" + id64(labs[0].ID)
	_, body := olga.submit(path, path+"/invites", url.Values{})
	m := regexp.MustCompile(`/labs/join/([a-z2-7]+)`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no invitation link:\n%s", body)
	}
	if code, _ := newbie.get(path); code != http.StatusNotFound {
		t.Fatal("a non-member sees the lab")
	}
	if code, body := newbie.submit("/labs/join/"+m[1], "/labs/join/"+m[1], url.Values{}); code != 200 || !strings.Contains(body, "You joined Acme") {
		t.Fatalf("join: %d %s", code, body)
	}
	if code, _ := newbie.get(path); code != 200 {
		t.Fatal("a member cannot see the lab")
	}
	// A plain member cannot invite or add members.
	if code, _ := newbie.submit(path, path+"/invites", url.Values{}); code != http.StatusForbidden {
		t.Fatalf("member made an invitation: %d", code)
	}
	// Single use.
	other := e.login("other", arena.RoleUser)
	if code, _ := other.submit("/labs/join/"+m[1], "/labs/join/"+m[1], url.Values{}); code != http.StatusConflict {
		t.Fatalf("second use of an invitation: %d", code)
	}
}

func id64(n int64) string { return strconv.FormatInt(n, 10) }
