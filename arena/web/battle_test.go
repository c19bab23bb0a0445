package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// apiClient calls the JSON API with a bearer token.
type apiClient struct {
	e     *env
	token string
}

func (e *env) apiUser(name string) *apiClient {
	e.t.Helper()
	ctx := context.Background()
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	u, err := accounts.AddUser(ctx, name, "password1", arena.RoleUser)
	if err != nil {
		e.t.Fatal(err)
	}
	_, secret, err := (&arena.Tokens{Store: e.db, Clock: e.clock}).Create(ctx, u, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return &apiClient{e: e, token: secret}
}

func (a *apiClient) do(method, path string, body any, header ...string) (int, map[string]any) {
	a.e.t.Helper()
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, a.e.srv.URL+path, r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+a.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(res.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		a.e.t.Fatalf("%s %s: not JSON: %s", method, path, raw)
	}
	if strings.Contains(string(raw), "secret-alpha") || strings.Contains(string(raw), "secret-beta") {
		if !strings.HasSuffix(path, "/vote") && !strings.HasPrefix(path, "/api/leaderboard") {
			a.e.t.Errorf("%s %s revealed a model name before the vote: %s", method, path, raw)
		}
	}
	return res.StatusCode, out
}

func (a *apiClient) start(prompt string) string {
	a.e.t.Helper()
	code, out := a.do("POST", "/api/battles", map[string]string{"prompt": prompt})
	if code != 201 || out["status"] != "streaming" {
		a.e.t.Fatalf("create battle: %d %v", code, out)
	}
	return out["id"].(string)
}

func (a *apiClient) wait(id string) map[string]any {
	a.e.t.Helper()
	code, out := a.do("GET", "/api/battles/"+id+"?wait=10s", nil)
	if code != 200 {
		a.e.t.Fatalf("wait: %d %v", code, out)
	}
	return out
}

func errMessage(out map[string]any) string {
	e, _ := out["error"].(map[string]any)
	m, _ := e["message"].(string)
	return m
}

func TestBattleThroughAPI(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("ann")
	id := a.start("What is a monad?")
	b := a.wait(id)
	if b["status"] != "ready" {
		t.Fatalf("status %v, want ready", b["status"])
	}
	turns := b["turns"].([]any)
	t0 := turns[0].(map[string]any)
	if t0["prompt"] != "What is a monad?" || !strings.Contains(t0["response_a"].(string), "What is a monad?") || t0["response_b"] == "" {
		t.Fatalf("turn = %v", t0)
	}

	// A follow-up: each side continues its own conversation.
	code, out := a.do("POST", "/api/battles/"+id+"/messages", map[string]string{"prompt": "And a functor?"})
	if code != 201 || out["turn"].(float64) != 1 {
		t.Fatalf("follow-up: %d %v", code, out)
	}
	b = a.wait(id)
	if n := len(b["turns"].([]any)); n != 2 || b["status"] != "ready" {
		t.Fatalf("after follow-up: %d turns, status %v", n, b["status"])
	}
	var sawHistory bool
	for _, r := range e.fake.Requests() {
		if len(r.Messages) == 3 && r.Messages[0].Content == "What is a monad?" && r.Messages[1].Role == "assistant" &&
			strings.Contains(r.Messages[1].Content, "monad") && r.Messages[2].Content == "And a functor?" {
			sawHistory = true
		}
	}
	if !sawHistory {
		t.Error("the follow-up did not carry the side's own conversation")
	}

	// Bad votes change nothing.
	for _, tc := range []struct {
		body   map[string]any
		status int
		msg    string
	}{
		{map[string]any{"winner": "model_c"}, 400, "winner must be one of"},
		{map[string]any{"winner": "tie", "reasons": []string{"prettier"}}, 400, "Unknown reason"},
		{map[string]any{"winner": "tie", "comment": strings.Repeat("x", 2001)}, 400, "at most 2000"},
	} {
		code, out := a.do("POST", "/api/battles/"+id+"/vote", tc.body)
		if code != tc.status || !strings.Contains(errMessage(out), tc.msg) {
			t.Errorf("vote %v: %d %v", tc.body, code, out)
		}
	}

	code, out = a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_b", "reasons": []string{"clearer", "safer"}}, "Idempotency-Key", "k-1")
	if code != 200 || out["points"].(float64) != 10 {
		t.Fatalf("vote: %d %v", code, out)
	}
	names := []string{out["model_a"].(string), out["model_b"].(string)}
	if !(names[0] == "secret-alpha-7b" && names[1] == "secret-beta-13b" || names[0] == "secret-beta-13b" && names[1] == "secret-alpha-7b") {
		t.Fatalf("revealed names %v", names)
	}
	// The same request with the same key replays the first answer; the key with another
	// vote, or on another battle, is refused; without a key a second vote is refused.
	code, again := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_b", "reasons": []string{"clearer", "safer"}}, "Idempotency-Key", "k-1")
	if code != 200 || again["winner"] != "model_b" || again["model_a"] != out["model_a"] {
		t.Fatalf("replayed vote: %d %v", code, again)
	}
	code, again = a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"}, "Idempotency-Key", "k-1")
	if code != 422 || !strings.Contains(errMessage(again), "different vote") {
		t.Fatalf("the key with another vote: %d %v", code, again)
	}
	second := a.start("Another prompt")
	a.wait(second)
	code, again = a.do("POST", "/api/battles/"+second+"/vote", map[string]any{"winner": "model_b", "reasons": []string{"clearer", "safer"}}, "Idempotency-Key", "k-1")
	if code != 422 || !strings.Contains(errMessage(again), "another battle") {
		t.Fatalf("the key on another battle: %d %v", code, again)
	}
	if code, b := a.do("GET", "/api/battles/"+second, nil); code != 200 || b["status"] != "ready" {
		t.Fatalf("the other battle after the refused key: %d %v", code, b)
	}
	code, again = a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"})
	if code != 409 || !strings.Contains(errMessage(again), "already been voted") {
		t.Fatalf("second vote: %d %v", code, again)
	}
	if bal, _ := e.db.Balance(context.Background(), mustUser(t, e, "ann").ID); bal != 10 {
		t.Fatalf("balance %d, want 10: one vote paid once", bal)
	}
	// Another user cannot see or vote on it.
	other := e.apiUser("ben")
	if code, _ := other.do("GET", "/api/battles/"+id, nil); code != 404 {
		t.Fatalf("another user's battle: %d, want 404", code)
	}
}

func mustUser(t *testing.T, e *env, name string) *arena.User {
	u, err := e.db.UserByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestVoteBeforeReadyAndFailedSide(t *testing.T) {
	e := newEnv(t)
	e.fake.Handle("alpha", llmtest.Behavior{ChunkDelay: 30 * time.Millisecond})
	e.fake.Handle("beta", llmtest.Behavior{ChunkDelay: 30 * time.Millisecond})
	a := e.apiUser("cat")
	id := a.start("Tell me about otters")
	code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"})
	if code != 409 || !strings.Contains(errMessage(out), "still streaming") {
		t.Fatalf("vote while streaming: %d %v", code, out)
	}
	a.wait(id)

	e.fake.Handle("beta", llmtest.Behavior{Status: 500, ErrorMessage: "the GPU caught fire"})
	id = a.start("Tell me about badgers")
	b := a.wait(id)
	if b["status"] != "failed" {
		t.Fatalf("status %v, want failed", b["status"])
	}
	t0 := b["turns"].([]any)[0].(map[string]any)
	errs := fmt.Sprint(t0["error_a"], " ", t0["error_b"])
	// Why, without the provider's own words, which may name the model.
	if !regexp.MustCompile(`Model [AB] failed: the provider answered with an error \(HTTP 500\)\.`).MatchString(errs) || strings.Contains(errs, "GPU") {
		t.Fatalf("the failed side does not say why, anonymously: %v", t0)
	}
	code, out = a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"})
	if code != 409 || !strings.Contains(errMessage(out), "failed") {
		t.Fatalf("vote on failed battle: %d %v", code, out)
	}
	var n int
	pairs, _ := e.db.PairCounts(context.Background(), "")
	for _, p := range pairs {
		n += p.WinsA + p.WinsB + p.Ties + p.BothBad
	}
	if n != 0 {
		t.Fatalf("a failed battle counted: %d outcomes", n)
	}
}

func TestPromptValidation(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("dan")
	for _, p := range []string{"", "   ", strings.Repeat("x", arena.MaxPromptChars+1)} {
		code, out := a.do("POST", "/api/battles", map[string]string{"prompt": p})
		if code != 400 || errMessage(out) == "" {
			t.Errorf("prompt of %d chars: %d %v", len(p), code, out)
		}
	}
	code, out := a.do("POST", "/api/battles", "not an object")
	if code != 400 || !strings.Contains(errMessage(out), "not valid JSON") {
		t.Errorf("bad JSON: %d %v", code, out)
	}
}

// TestBattlePageAndWebsocket drives a guest's battle the way the page does: the form,
// then the websocket, then the vote form. The model names must appear nowhere before
// the vote.
func TestBattlePageAndWebsocket(t *testing.T) {
	e := newEnv(t)
	// The first delay holds the answers back until the socket is open, however slow
	// the machine: answers already complete would arrive in one frame.
	e.fake.Handle("alpha", llmtest.Behavior{FirstDelay: 2 * time.Second, ChunkDelay: 50 * time.Millisecond, Text: "Alpha says **hello** with `code` and <script>alert(1)</script> done"})
	e.fake.Handle("beta", llmtest.Behavior{FirstDelay: 2 * time.Second, ChunkDelay: 50 * time.Millisecond, Text: "Beta answers:\n\n```go\nfunc main() {}\n```\n"})
	b := e.browser()
	code, body := b.submit("/", "/battles", url.Values{"prompt": {"Say hello"}})
	if code != 200 || !strings.Contains(body, "Say hello") {
		t.Fatalf("battle page: %d", code)
	}
	assertHidden(t, "battle page", body)
	m := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no battle id on the page")
	}
	id := m[1]

	shown, raw := followSocket(t, e, b, id)
	for _, msg := range raw {
		assertHidden(t, "websocket frame", string(msg))
	}
	if frames := len(raw); frames < 3 {
		t.Errorf("only %d frames: the answers did not stream", frames)
	}
	last := shown[len(shown)-1]
	html := last["a"].(map[string]any)["html"].(string) + last["b"].(map[string]any)["html"].(string)
	if strings.Contains(html, "<script>") || !strings.Contains(html, "<strong>hello</strong>") || !strings.Contains(html, `class="chroma"`) {
		t.Errorf("rendered answers are not sanitised, highlighted Markdown: %s", html)
	}

	_, body = b.get("/battle/" + id)
	assertHidden(t, "ready page", body)
	if !strings.Contains(body, `value="model_a"`) {
		t.Fatal("no vote form once ready")
	}
	code, body = b.submit("/battle/"+id, "/battle/"+id+"/vote", url.Values{"winner": {"tie"}, "reasons": {"clearer"}})
	if code != 200 || !strings.Contains(body, "secret-alpha-7b") || !strings.Contains(body, "secret-beta-13b") || !strings.Contains(body, "+10 points") {
		t.Fatalf("reveal: %d\n%s", code, body)
	}
	// A foreign page may not open the socket.
	wsURL := "ws" + strings.TrimPrefix(e.srv.URL, "http") + "/ws/battles/" + id
	hdr := http.Header{"Origin": {"https://evil.example"}}
	u, _ := url.Parse(e.srv.URL)
	for _, ck := range b.c.Jar.Cookies(u) {
		hdr.Add("Cookie", ck.Name+"="+ck.Value)
	}
	if _, res, err := websocket.DefaultDialer.Dial(wsURL, hdr); err == nil || res.StatusCode != 403 {
		t.Fatalf("cross-origin websocket: %v", err)
	}
}

func assertHidden(t *testing.T, where, s string) {
	t.Helper()
	for _, name := range []string{"secret-alpha-7b", "secret-beta-13b", "Alpha Lab", "Beta Lab"} {
		if strings.Contains(s, name) {
			t.Fatalf("%s reveals %q before the vote", where, name)
		}
	}
}

// TestClosedTabLosesNothing starts a slow battle, drops the websocket at once, and finds
// both answers stored in full.
func TestClosedTabLosesNothing(t *testing.T) {
	e := newEnv(t)
	text := "one two three four five six seven eight nine ten"
	e.fake.Handle("alpha", llmtest.Behavior{ChunkDelay: 20 * time.Millisecond, Text: text})
	e.fake.Handle("beta", llmtest.Behavior{ChunkDelay: 20 * time.Millisecond, Text: text})
	a := e.apiUser("eve")
	id := a.start("count")
	hdr := http.Header{"Authorization": {"Bearer " + a.token}}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/ws/battles/"+id, hdr)
	if err != nil {
		t.Fatal(err)
	}
	conn.ReadMessage()
	conn.Close()
	b := a.wait(id)
	t0 := b["turns"].([]any)[0].(map[string]any)
	if b["status"] != "ready" || t0["response_a"] != text || t0["response_b"] != text {
		t.Fatalf("after the client left: %v", b)
	}
}

// TestCutAndStalledStreams: a stream cut mid-way and one that stalls past the model's
// timeout both fail their side plainly, and the battle cannot be voted on.
func TestCutAndStalledStreams(t *testing.T) {
	for _, tc := range []struct {
		behavior llmtest.Behavior
		want     string
	}{
		{llmtest.Behavior{Fault: llmtest.Cut, FaultAfter: 2}, "cut"},
		{llmtest.Behavior{Fault: llmtest.Stall, FaultAfter: 2}, "stall"},
		{llmtest.Behavior{Fault: llmtest.Malformed, FaultAfter: 1}, "malformed"},
	} {
		t.Run(tc.want, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			m, _ := e.db.ModelByName(ctx, "secret-beta-13b")
			m.Timeout = 300 * time.Millisecond
			e.db.UpdateModel(ctx, m)
			e.fake.Handle("beta", tc.behavior)
			a := e.apiUser("hal")
			id := a.start("Stream something")
			b := a.wait(id)
			t0 := b["turns"].([]any)[0].(map[string]any)
			if b["status"] != "failed" || fmt.Sprint(t0["error_a"], t0["error_b"]) == "<nil><nil>" {
				t.Fatalf("%s: %v", tc.want, b)
			}
			if code, _ := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"}); code != 409 {
				t.Fatalf("vote on a %s battle: %d", tc.want, code)
			}
		})
	}
}

// TestGuestPointsCarryOverOnSignup: a guest votes through the plain forms, then signs
// up, and the points are on the new account's page.
func TestGuestPointsCarryOverOnSignup(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	_, body := b.submit("/", "/battles", url.Values{"prompt": {"Hello there"}})
	id := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)[1]
	if _, err := e.battles.Wait(context.Background(), &arena.User{ID: 0, Role: arena.RoleAdmin}, id); err != nil {
		t.Fatal(err)
	}
	if code, body := b.submit("/battle/"+id, "/battle/"+id+"/vote", url.Values{"winner": {"model_a"}}); code != 200 || !strings.Contains(body, "+10 points") {
		t.Fatalf("guest vote: %d", code)
	}
	if _, body := b.get("/me"); !strings.Contains(body, "10 points") || !strings.Contains(body, "guest") {
		t.Fatal("guest page does not show the points")
	}
	b.submit("/signup", "/signup", url.Values{"username": {"ivy"}, "password": {"password1"}})
	if _, body := b.get("/me"); !strings.Contains(body, ">ivy<") || !strings.Contains(body, `id="balance">10 points`) {
		t.Fatalf("points did not carry over on sign-up:\n%s", body)
	}
}

func TestAuthRateLimited(t *testing.T) {
	e := newEnv(t)
	e.cfgAuthRate(t, 3)
	b := e.browser()
	var last int
	var body string
	for i := 0; i < 5; i++ {
		last, body = b.submit("/login", "/login", url.Values{"username": {"nobody"}, "password": {"password1"}})
	}
	if last != 429 || !strings.Contains(body, "Try again in") {
		t.Fatalf("after 5 attempts at 3/min: %d %s", last, body)
	}
}

// TestWatchWhileChanging opens watches on a battle while another goroutine keeps
// reporting changes to it. Watch once registered itself before queueing the current
// state, so a change landing in between filled the one-slot channel and Watch blocked
// for good (it hung the simulator now and then).
func TestWatchWhileChanging(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	u, err := e.db.CreateGuest(ctx, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.battles.Start(ctx, u, "hello")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.battles.Wait(ctx, u, b.ID); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				e.battles.Changed(b.ID)
			}
		}
	}()
	defer close(stop)
	// Bounded in time as well as count: under the race detector each round is slow, and
	// without the fix a watch blocked within the first second here.
	end := time.Now().Add(3 * time.Second)
	for i := 0; i < 50000 && time.Now().Before(end); i++ {
		done := make(chan error, 1)
		go func() {
			w, err := e.battles.Watch(ctx, u, b.ID)
			if err == nil {
				<-w.Changed()
				w.Close()
			}
			done <- err
		}()
		select {
		case err := <-done:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("Watch blocked while the battle kept changing")
		}
	}
}
