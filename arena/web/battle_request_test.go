package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/web"
	"github.com/gorilla/websocket"
)

// TestSystemPromptOnce: every call of a battle, follow-ups included, sends the model's
// system prompt exactly once, first.
func TestSystemPromptOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, name := range []string{"secret-alpha-7b", "secret-beta-13b"} {
		m, _ := e.db.ModelByName(ctx, name)
		m.SystemPrompt = "You are " + name + "'s helpful persona."
		if err := e.db.UpdateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	a := e.apiUser("sys")
	id := a.start("First question")
	a.wait(id)
	if code, out := a.do("POST", "/api/battles/"+id+"/messages", map[string]string{"prompt": "And a follow-up"}); code != 201 {
		t.Fatalf("follow-up: %d %v", code, out)
	}
	a.wait(id)
	rs := e.fake.Requests()
	if len(rs) != 4 {
		t.Fatalf("%d requests, want 4 (two turns of two sides)", len(rs))
	}
	for i, r := range rs {
		n := 0
		for _, m := range r.Messages {
			if m.Role == "system" {
				n++
			}
		}
		if n != 1 || r.Messages[0].Role != "system" {
			t.Errorf("request %d has %d system messages: %v", i, n, r.Messages)
		}
		if r.Header.Get("X-Request-Id") == "" {
			t.Errorf("request %d has no X-Request-Id", i)
		}
	}
}

// TestFailureTextAnonymous: a provider that cannot be reached fails its side in words
// that give away neither the model's name nor its address, on the page, over the
// websocket and in the JSON API.
func TestFailureTextAnonymous(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	dead := llmtest.Start()
	dead.Close() // nothing listens there now: "dial tcp 127.0.0.1:...: connection refused"
	m, _ := e.db.ModelByName(ctx, "secret-beta-13b")
	m.BaseURL = dead.URL
	if err := e.db.UpdateModel(ctx, m); err != nil {
		t.Fatal(err)
	}
	leaks := func(where, s string) {
		t.Helper()
		assertHidden(t, where, s)
		if strings.Contains(s, "127.0.0.1") || strings.Contains(s, "dial tcp") {
			t.Errorf("%s gives the model's address away: %s", where, s)
		}
	}
	// The sampler puts the dead model on either side.
	want := regexp.MustCompile(`Model [AB] failed: the provider was unavailable\.`)

	a := e.apiUser("ivy")
	out := a.wait(a.start("Anyone there?"))
	raw, _ := json.Marshal(out)
	leaks("JSON API", string(raw))
	if !want.MatchString(string(raw)) {
		t.Errorf("JSON API: %s, want %q", raw, want)
	}

	b := e.browser()
	_, body := b.submit("/", "/battles", url.Values{"prompt": {"Hello?"}})
	id := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)
	if id == nil {
		t.Fatal("no battle id on the page")
	}
	u, _ := url.Parse(e.srv.URL)
	hdr := http.Header{"Origin": {e.srv.URL}}
	for _, ck := range b.c.Jar.Cookies(u) {
		hdr.Add("Cookie", ck.Name+"="+ck.Value)
	}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/ws/battles/"+id[1], hdr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	var last string
	for !strings.Contains(last, `"status":"failed"`) {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			t.Fatalf("websocket: %v (last frame %s)", err, last)
		}
		last = string(msg)
		leaks("websocket frame", last)
	}
	if !want.MatchString(last) {
		t.Errorf("last frame %s, want %q", last, want)
	}
	_, body = b.get("/battle/" + id[1])
	leaks("battle page", body)
	if !want.MatchString(body) {
		t.Errorf("the battle page does not say %q", want)
	}
}

// TestUserHash: only when the operator turns it on does each call carry the voter's
// salted hash as user: the same for one voter's calls, different for another voter, and
// never the arena's own id.
func TestUserHash(t *testing.T) {
	users := func(e *env) []string {
		var out []string
		for _, r := range e.fake.Requests() {
			var body struct {
				User *string `json:"user"`
			}
			json.Unmarshal(r.Body, &body)
			if body.User == nil {
				out = append(out, "<none>")
			} else {
				out = append(out, *body.User)
			}
		}
		return out
	}
	off := newEnv(t)
	a := off.apiUser("noone")
	a.wait(a.start("Hi"))
	if got := users(off); len(got) != 2 || got[0] != "<none>" || got[1] != "<none>" {
		t.Fatalf("user sent though the operator did not turn it on: %v", got)
	}

	salt := []byte("pepper")
	on := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) { c.UserHashSalt = salt })
	a, b := on.apiUser("one"), on.apiUser("two")
	a.wait(a.start("Hi"))
	b.wait(b.start("Hi"))
	ua, _ := on.db.UserByName(context.Background(), "one")
	ub, _ := on.db.UserByName(context.Background(), "two")
	hash := arena.UserHasher(salt)
	want := []string{hash(ua.ID), hash(ua.ID), hash(ub.ID), hash(ub.ID)}
	if got := users(on); strings.Join(got, " ") != strings.Join(want, " ") || len(want[0]) != 64 || want[0] == want[2] {
		t.Errorf("users sent %v, want %v", got, want)
	}
}
