package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite"
)

// TestSIGTERMStopsWithinBound sends SIGTERM to `arena serve` while answers stream from
// a slow endpoint to websockets, a long poll waits and the leaderboard's event stream
// is open: the process exits within --shutdown-timeout, the websockets are closed with
// 1012 (Service Restart), the long poll and the event stream end cleanly, and the
// answers are stored as interrupted, counted against neither model.
func TestSIGTERMStopsWithinBound(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	fake := llmtest.NewServer(t)
	db := filepath.Join(t.TempDir(), "arena.db")
	for _, name := range []string{"alpha", "beta"} {
		// 400 words 50 ms apart: 20 s an answer, far past the bound.
		fake.Handle(name, llmtest.Behavior{Text: strings.Repeat("word ", 400), ChunkDelay: 50 * time.Millisecond})
		if out, err := runArena(t, "models", "add", "--db", db, "--base-url", fake.URL, "--model-id", name, name); err != nil {
			t.Fatalf("models add: %v %s", err, out)
		}
	}
	if out, err := runArena(t, "users", "add", "--db", db, "--password-file", writeFile(t, "password123\n"), "voter"); err != nil {
		t.Fatalf("users add: %v %s", err, out)
	}
	out, err := runArena(t, "users", "token", "--db", db, "voter")
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(strings.SplitN(out, "\n", 2)[0])
	const bound = 3 * time.Second
	addr := freeAddr(t)
	// One counted failure would pause a model.
	cmd := startServer(t, buildBinary(t), db, addr, "--shutdown-timeout", bound.String(), "--pause-after-failures", "1")
	base := "http://" + addr
	auth := http.Header{"Authorization": {"Bearer " + token}}

	const n = 4
	var ids []string
	var closes []chan error
	for range n {
		id := call(t, "POST", base+"/api/battles", token, map[string]string{"prompt": "Tell me a long story"})["id"].(string)
		conn, _, err := websocket.DefaultDialer.Dial("ws://"+addr+"/ws/battles/"+id, auth)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		text, closed := make(chan struct{}, 1), make(chan error, 1)
		go func() {
			for {
				_, msg, err := conn.ReadMessage()
				if err != nil {
					closed <- err
					return
				}
				if strings.Contains(string(msg), "word") {
					select {
					case text <- struct{}{}:
					default:
					}
				}
			}
		}()
		select {
		case <-text:
		case <-time.After(10 * time.Second):
			t.Fatal("no answer text streamed")
		}
		ids, closes = append(ids, id), append(closes, closed)
	}
	poll := make(chan string, 1)
	go func() {
		req, _ := http.NewRequest("GET", base+"/api/battles/"+ids[0]+"?wait=60s", nil)
		req.Header = auth
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			poll <- "error: " + err.Error()
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		if err != nil {
			poll <- "error: " + err.Error()
			return
		}
		poll <- res.Status + " " + string(b)
	}()
	res, err := http.Get(base + "/leaderboard/events")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	events := make(chan string, 1)
	go func() {
		b, err := io.ReadAll(bufio.NewReader(res.Body))
		if err != nil {
			b = append(b, "\nerror: "+err.Error()...)
		}
		events <- string(b)
	}()
	time.Sleep(300 * time.Millisecond)

	began := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exit := make(chan error, 1)
	go func() { exit <- cmd.Wait() }()
	select {
	case err := <-exit:
		if err != nil {
			t.Errorf("arena serve exited with %v", err)
		}
	case <-time.After(bound + 10*time.Second):
		t.Fatal("arena serve did not exit")
	}
	took := time.Since(began)
	t.Logf("SIGTERM to exit with %d battles streaming: %v (--shutdown-timeout %v)", n, took, bound)
	if took > bound+1500*time.Millisecond {
		t.Errorf("the process took %v to exit, bound %v", took, bound)
	}

	for i, closed := range closes {
		if err := <-closed; !websocket.IsCloseError(err, websocket.CloseServiceRestart) {
			t.Errorf("websocket %d: %v, want close code 1012", i, err)
		}
	}
	if got := <-poll; !strings.HasPrefix(got, "200 ") || !strings.Contains(got, `"interrupted":true`) {
		t.Errorf("long poll: %s", got)
	}
	if got := <-events; !strings.Contains(got, "event: restart") || strings.Contains(got, "error:") {
		t.Errorf("event stream: %q", got)
	}

	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	for _, id := range ids {
		b, err := store.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if last := b.Turns[len(b.Turns)-1]; !b.Interrupted() || last.A.Status != arena.AnswerInterrupted || last.B.Status != arena.AnswerInterrupted {
			t.Errorf("battle %s: %s, answers %s and %s", id, b.Status, last.A.Status, last.B.Status)
		}
	}
	models, err := store.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range models {
		lm, err := store.LabModel(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if lm.Status != arena.ModelActive || !lm.LastFailure.At.IsZero() {
			t.Errorf("model %s: %s, last failure %q", m.Name, lm.Status, lm.LastFailure.Message)
		}
	}
}

// TestShutdownTimeoutFlag: the bound is refused below a second, and `arena config`
// shows where it came from.
func TestShutdownTimeoutFlag(t *testing.T) {
	if out, err := runArena(t, "serve", "--shutdown-timeout", "100ms"); err == nil || !strings.Contains(err.Error(), "at least 1s") {
		t.Errorf("serve --shutdown-timeout 100ms: %v %s", err, out)
	}
	var stdout strings.Builder
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stdout, Getenv: func(k string) string {
		return map[string]string{"ARENA_SHUTDOWN_TIMEOUT": "25s"}[k]
	}}
	if err := Run(t.Context(), env, []string{"config"}); err != nil {
		t.Fatal(err)
	}
	if !configRow(stdout.String(), "--shutdown-timeout", "25s env ARENA_SHUTDOWN_TIMEOUT") {
		t.Errorf("arena config:\n%s", stdout.String())
	}
}

// configRow says whether `arena config`'s output has a row for name whose fields after
// it begin with want.
func configRow(out, name, want string) bool {
	for _, line := range strings.Split(out, "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == name {
			return strings.HasPrefix(strings.Join(f[1:], " "), want)
		}
	}
	return false
}
