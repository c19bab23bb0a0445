package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/web"
)

// shutdownEnv is an arena served on a loopback listener by Server.Serve, whose models
// answer slowly enough that a shutdown always finds their answers streaming.
type shutdownEnv struct {
	t      *testing.T
	app    *app.App
	base   string
	token  string
	user   *arena.User
	stop   context.CancelFunc
	served chan error
}

func newShutdownEnv(t *testing.T, bound time.Duration, answer llmtest.Behavior) *shutdownEnv {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	fake := llmtest.NewServer(t)
	for _, m := range []arena.Model{{Name: "op-alpha", ModelID: "alpha"}, {Name: "op-beta", ModelID: "beta"}} {
		fake.Handle(m.ModelID, answer)
		m.Provider, m.BaseURL, m.Active, m.Timeout = arena.ProviderOpenAI, fake.URL, true, time.Minute
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	clock := arenatest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	box, _ := arena.NewSecretBox(bytes.Repeat([]byte{42}, 32))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{
		Store: db, Clock: clock, Log: quiet, Web: web.Config{Logger: quiet, AuthRatePerMinute: 1000, ShutdownTimeout: bound},
		VotePoints: 10, SessionTTL: time.Hour, LeaderboardRounds: 20,
		// One counted failure pauses a model: an interruption counted against it would show.
		Labs: &app.LabsConfig{Box: box, AllowPrivate: true, PauseAfter: 1, Sampler: arena.SampleUniform},
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	u, err := a.Accounts.AddUser(ctx, "voter", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	_, token, err := a.Tokens.Create(ctx, u, "test")
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	e := &shutdownEnv{t: t, app: a, base: "http://" + ln.Addr().String(), token: token, user: u, stop: stop, served: make(chan error, 1)}
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.served <- a.Server.Serve(sctx, ln)
	}()
	t.Cleanup(func() {
		stop()
		<-done
	})
	return e
}

func (e *shutdownEnv) request(method, path string, body any) *http.Request {
	var r io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		r = bytes.NewReader(b)
	}
	req, _ := http.NewRequest(method, e.base+path, r)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e.token)
	return req
}

func (e *shutdownEnv) startBattle() string {
	e.t.Helper()
	res, err := http.DefaultClient.Do(e.request("POST", "/api/battles", map[string]string{"prompt": "Tell me a long story"}))
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]string
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 201 {
		e.t.Fatalf("start battle: %d %v %v", res.StatusCode, out, err)
	}
	return out["id"]
}

// socket opens battle id's websocket and returns the frames' statuses and, once it
// closes, the error it closed with.
func (e *shutdownEnv) socket(id string) (frames <-chan string, closed <-chan error) {
	e.t.Helper()
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.base, "http")+"/ws/battles/"+id,
		http.Header{"Authorization": {"Bearer " + e.token}})
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { conn.Close() })
	fc, cc := make(chan string, 1000), make(chan error, 1)
	go func() {
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				cc <- err
				return
			}
			// Any frame with answer text in it (a state frame or a patch; the answers
			// are "word word …").
			if strings.Contains(string(msg), "word") {
				fc <- "text"
			}
		}
	}()
	return fc, cc
}

// TestShutdownWithinBound stops a server with answers streaming, long polls, an event
// stream and websockets open: it is done within its bound, the answers it cut are
// stored as interrupted and counted against neither model, and every client is told
// in a way it understands.
func TestShutdownWithinBound(t *testing.T) {
	const bound = 3 * time.Second
	// 400 words 50 ms apart: 20 s an answer, far past the bound.
	e := newShutdownEnv(t, bound, llmtest.Behavior{Text: strings.Repeat("word ", 400), ChunkDelay: 50 * time.Millisecond})
	const n = 3
	var ids []string
	var sockets []<-chan error
	for range n {
		id := e.startBattle()
		frames, closed := e.socket(id)
		select {
		case <-frames:
		case <-time.After(10 * time.Second):
			t.Fatal("no answer text streamed")
		}
		ids, sockets = append(ids, id), append(sockets, closed)
	}

	// A long poll on a battle streaming here, and the leaderboard's event stream.
	type polled struct {
		status int
		body   []byte
		err    error
	}
	poll := make(chan polled, 1)
	go func() {
		res, err := http.DefaultClient.Do(e.request("GET", "/api/battles/"+ids[0]+"?wait=60s", nil))
		if err != nil {
			poll <- polled{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		poll <- polled{res.StatusCode, b, err}
	}()
	res, err := http.DefaultClient.Do(e.request("GET", "/leaderboard/events", nil))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := make(chan []string, 1)
	go func() {
		var lines []string
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines = append(lines, sc.Text())
		}
		if sc.Err() != nil {
			lines = append(lines, "error: "+sc.Err().Error())
		}
		events <- lines
	}()
	time.Sleep(200 * time.Millisecond) // the long poll and the stream are in

	began := time.Now()
	e.stop()
	select {
	case err := <-e.served:
		if err != nil {
			t.Fatalf("Serve: %v", err)
		}
	case <-time.After(bound + 5*time.Second):
		t.Fatal("Serve did not return")
	}
	took := time.Since(began)
	t.Logf("shutdown with %d battles streaming took %v (bound %v)", n, took, bound)
	if took > bound+time.Second {
		t.Fatalf("shutdown took %v, bound %v", took, bound)
	}

	for i, closed := range sockets {
		select {
		case err := <-closed:
			if !websocket.IsCloseError(err, websocket.CloseServiceRestart) {
				t.Errorf("websocket %d closed with %v, want close code %d (service restart)", i, err, websocket.CloseServiceRestart)
			}
		case <-time.After(time.Second):
			t.Errorf("websocket %d still open", i)
		}
	}
	p := <-poll
	if p.err != nil {
		t.Fatalf("long poll: %v", p.err)
	}
	// The battle it followed was interrupted: the poll answers with its final state.
	var b struct {
		Status      string `json:"status"`
		Interrupted bool   `json:"interrupted"`
	}
	if err := json.Unmarshal(p.body, &b); err != nil || p.status != 200 || b.Status != "failed" || !b.Interrupted {
		t.Errorf("long poll: %d %s", p.status, p.body)
	}
	lines := <-events
	if got := strings.Join(lines, "\n"); !strings.Contains(got, "event: restart") || strings.Contains(got, "error:") {
		t.Errorf("event stream ended with %q, want a restart event and a clean end", got)
	}

	ctx := context.Background()
	for _, id := range ids {
		bt, err := e.app.Store.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		last := bt.Turns[len(bt.Turns)-1]
		if bt.Status != arena.StatusFailed || last.A.Status != arena.AnswerInterrupted || last.B.Status != arena.AnswerInterrupted || !bt.Interrupted() {
			t.Errorf("battle %s stored %s with answers %s (%q) and %s (%q), want failed and both interrupted",
				id, bt.Status, last.A.Status, last.A.Error, last.B.Status, last.B.Error)
		}
		if last.A.Text == "" {
			t.Errorf("battle %s: the text streamed before the interruption was not kept", id)
		}
	}
	models, err := e.app.Store.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range models {
		lm, err := e.app.Store.LabModel(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if lm.Status != arena.ModelActive || !lm.LastFailure.At.IsZero() {
			t.Errorf("model %s after the interruption: %s, last failure %v %q", m.Name, lm.Status, lm.LastFailure.At, lm.LastFailure.Message)
		}
	}
	if got := answersCounted(t, e.app, "interrupted"); got != 2*n {
		t.Errorf("arena_answers_total{outcome=interrupted} = %v, want %d", got, 2*n)
	}
}

// answersCounted sums arena_answers_total over models for outcome.
func answersCounted(t *testing.T, a *app.App, outcome string) float64 {
	t.Helper()
	families, err := a.Server.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for _, f := range families {
		if f.GetName() != "arena_answers_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			for _, l := range m.GetLabel() {
				if l.GetName() == "outcome" && l.GetValue() == outcome {
					sum += m.GetCounter().GetValue()
				}
			}
		}
	}
	return sum
}

// TestShutdownLetsShortAnswersFinish: an answer that ends within the bound is stored
// whole, not interrupted; a long poll on a battle streaming elsewhere (another server's)
// is told the server is restarting; and no battle starts once the shutdown began.
func TestShutdownLetsShortAnswersFinish(t *testing.T) {
	const bound = 4 * time.Second
	// 20 words 50 ms apart: done a second after the shutdown began.
	e := newShutdownEnv(t, bound, llmtest.Behavior{Text: strings.Repeat("word ", 20), ChunkDelay: 50 * time.Millisecond})
	ctx := context.Background()
	id := e.startBattle()
	models, err := e.app.Store.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	elsewhere := &arena.Battle{ID: "elsewhere", UserID: e.user.ID, ModelA: models[0], ModelB: models[1], Status: arena.StatusStreaming,
		Turns:     []arena.Turn{{Prompt: "hi", A: arena.Answer{Status: arena.AnswerStreaming}, B: arena.Answer{Status: arena.AnswerStreaming}}},
		CreatedAt: now, UpdatedAt: now}
	if err := e.app.Store.CreateBattle(ctx, elsewhere); err != nil {
		t.Fatal(err)
	}
	poll := make(chan *http.Response, 1)
	go func() {
		res, err := http.DefaultClient.Do(e.request("GET", "/api/battles/elsewhere?wait=60s", nil))
		if err != nil {
			t.Errorf("long poll: %v", err)
		}
		poll <- res
	}()
	time.Sleep(200 * time.Millisecond)
	e.stop()
	select {
	case err := <-e.served:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(bound + 5*time.Second):
		t.Fatal("Serve did not return")
	}
	bt, err := e.app.Store.Battle(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if bt.Status != arena.StatusReady {
		t.Errorf("a battle whose answers finished within the bound is %s: %+v", bt.Status, bt.Turns)
	}
	if res := <-poll; res != nil {
		body, err := io.ReadAll(res.Body)
		res.Body.Close()
		if err != nil || res.StatusCode != 503 || res.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "restarting") {
			t.Errorf("long poll of a battle streaming elsewhere: %d %q %s %v", res.StatusCode, res.Header.Get("Retry-After"), body, err)
		}
	}
	if _, err := e.app.Battles.Start(ctx, e.user, "another"); arena.ErrorCode(err) != arena.EUNAVAILABLE {
		t.Errorf("a battle started after the shutdown: %v, want unavailable", err)
	}

	// The next start takes the battle nothing streams any more for interrupted too, and
	// a vote on it is refused as such.
	next, err := app.New(ctx, app.Config{Store: e.app.Store, Log: arenatest.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer next.Close()
	bt, err = next.Store.Battle(ctx, "elsewhere")
	if err != nil {
		t.Fatal(err)
	}
	if a := bt.Turns[0].A; !bt.Interrupted() || a.Status != arena.AnswerInterrupted || !strings.Contains(a.Error, "not the model's failure") {
		t.Errorf("a battle left streaming, after the next start: %s, %+v", bt.Status, bt.Turns[0])
	}
	// Its page, as served without JavaScript, tells of the restart, not of a failure.
	srv := httptest.NewServer(next.Server.Handler())
	defer srv.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/battle/elsewhere", nil)
	req.Header.Set("Authorization", "Bearer "+e.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(page), "this battle was interrupted") || !strings.Contains(string(page), `data-status="interrupted"`) ||
		strings.Contains(string(page), "A model failed") {
		t.Errorf("the interrupted battle's page: %d\n%s", res.StatusCode, page)
	}
	_, err = next.Battles.Vote(ctx, e.user, "elsewhere", arena.VoteInput{Winner: arena.WinnerA})
	if arena.ErrorCode(err) != arena.ECONFLICT || !strings.Contains(arena.ErrorMessage(err), "interrupted by a server restart") {
		t.Errorf("a vote on an interrupted battle: %v", err)
	}
}
