package llm_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

func model(base, id string) arena.Model {
	return arena.Model{ID: 1, Name: "test-" + id, Provider: arena.ProviderOpenAI, BaseURL: base, ModelID: id, Timeout: 10 * time.Second}
}

// key is a KeySource that always gives the same key.
type key string

func (k key) APIKey(context.Context, arena.Model) (string, error) { return string(k), nil }

var hello = arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hello there"}}}

// stream runs one call and checks the invariants every call must keep, failed or not.
func stream(t *testing.T, ctx context.Context, p arena.Provider, req arena.ChatRequest) (arena.Completion, error) {
	t.Helper()
	var got, thought strings.Builder
	c, err := p.Stream(ctx, req, func(d arena.Delta) {
		if d.Text == "" {
			t.Error("onDelta called with an empty delta")
		}
		switch d.Kind {
		case arena.DeltaAnswer:
			got.WriteString(d.Text)
		case arena.DeltaReasoning:
			thought.WriteString(d.Text)
		default:
			t.Errorf("delta of unknown kind %d", d.Kind)
		}
	})
	if got.String() != c.Text {
		t.Errorf("answer deltas %q do not add up to Text %q", got.String(), c.Text)
	}
	if thought.String() != c.Reasoning {
		t.Errorf("reasoning deltas %q do not add up to Reasoning %q", thought.String(), c.Reasoning)
	}
	if code := arena.ErrorCode(err); err != nil && code != arena.EUNAVAILABLE && code != arena.ERATELIMITED {
		t.Errorf("error %v: code %q, want %q or %q", err, code, arena.EUNAVAILABLE, arena.ERATELIMITED)
	}
	return c, err
}

func TestOpenAIStream(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("rate-limited", llmtest.Behavior{Status: 429, ErrorMessage: "Rate limit reached for requests."})
	srv.Handle("length", llmtest.Behavior{Text: "one two three", FinishReason: "length"})
	tests := []struct {
		model      string
		timeout    time.Duration
		wantText   string // exact on success, prefix on failure
		wantErr    string // "" for success
		wantFinish string
		wantTokens int // completion tokens; -1 to skip
	}{
		{model: "echo", wantText: "Echo: hello there", wantFinish: "stop", wantTokens: 3},
		{model: "keepalive", wantText: "Echo: hello there", wantFinish: "stop", wantTokens: 3},
		{model: "no-done", wantText: "Echo: hello there", wantFinish: "stop", wantTokens: 3},
		{model: "length", wantText: "one two three", wantFinish: "length", wantTokens: 3},
		{model: "no-usage", wantText: "Echo: hello there", wantFinish: "stop", wantTokens: llm.EstimateTokens("Echo: hello there")},
		{model: "slow", timeout: 5 * time.Second, wantText: "Echo: hello there", wantFinish: "stop", wantTokens: 3},
		{model: "fail-500", wantErr: "HTTP 500 Internal Server Error: Internal Server Error"},
		{model: "fail-404", wantErr: "HTTP 404 Not Found"},
		{model: "rate-limited", wantErr: "HTTP 429 Too Many Requests: Rate limit reached for requests"},
		{model: "cut", wantText: "Echo: hello ", wantErr: "cut off", wantTokens: -1},
		{model: "malformed", wantText: "Echo: hello ", wantErr: "malformed chunk", wantTokens: -1},
		{model: "stall", timeout: 150 * time.Millisecond, wantText: "Echo: hello ", wantErr: "stall timeout", wantTokens: -1},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			m := model(srv.URL, tt.model)
			if tt.timeout != 0 {
				m.Timeout = tt.timeout
			}
			p, err := llm.NewOpenAI(m, key("sk-test"), nil)
			if err != nil {
				t.Fatal(err)
			}
			c, err := stream(t, context.Background(), p, hello)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(arena.ErrorMessage(err), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				if !strings.HasPrefix(c.Text, tt.wantText) {
					t.Errorf("partial text %q, want it to start %q", c.Text, tt.wantText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.Text != tt.wantText || c.FinishReason != tt.wantFinish {
				t.Errorf("got %q finish %q, want %q finish %q", c.Text, c.FinishReason, tt.wantText, tt.wantFinish)
			}
			if tt.wantTokens >= 0 && c.Usage.CompletionTokens != tt.wantTokens {
				t.Errorf("completion tokens %d, want %d", c.Usage.CompletionTokens, tt.wantTokens)
			}
			if c.Usage.PromptTokens <= 0 {
				t.Errorf("prompt tokens %d, want > 0", c.Usage.PromptTokens)
			}
			if c.FirstToken <= 0 || c.FirstToken > c.Total {
				t.Errorf("first token %v, total %v", c.FirstToken, c.Total)
			}
		})
	}
}

func TestOpenAIRequest(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.RequireAPIKey("sk-secret")
	m := model(srv.URL+"/", "gpt-test") // a trailing slash must not double up
	m.SystemPrompt, m.Temperature, m.MaxTokens = "Be brief.", new(0.7), 256
	p, err := llm.NewOpenAI(m, key("sk-secret"), nil)
	if err != nil {
		t.Fatal(err)
	}
	req := arena.ChatRequest{Messages: []arena.Message{
		{Role: "user", Content: "first"}, {Role: "assistant", Content: "ok"}, {Role: "user", Content: "second"}}}
	if _, err := stream(t, context.Background(), p, req); err != nil {
		t.Fatal(err)
	}
	req.Temperature, req.MaxTokens = new(0.2), 10 // the request's settings win over the model's
	if _, err := stream(t, context.Background(), p, req); err != nil {
		t.Fatal(err)
	}
	rs := srv.Requests()
	if len(rs) != 2 {
		t.Fatalf("%d requests, want 2", len(rs))
	}
	r := rs[0]
	if r.Path != "/v1/chat/completions" || r.Header.Get("Authorization") != "Bearer sk-secret" ||
		r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Accept") != "text/event-stream" {
		t.Errorf("path %s headers %v", r.Path, r.Header)
	}
	want := []llmtest.Message{{Role: "system", Content: "Be brief."}, {Role: "user", Content: "first"},
		{Role: "assistant", Content: "ok"}, {Role: "user", Content: "second"}}
	if fmt.Sprint(r.Messages) != fmt.Sprint(want) {
		t.Errorf("messages %v, want %v", r.Messages, want)
	}
	var body struct {
		StreamOptions struct {
			IncludeUsage bool `json:"include_usage"`
		} `json:"stream_options"`
	}
	json.Unmarshal(r.Body, &body)
	if r.Model != "gpt-test" || !r.Stream || !body.StreamOptions.IncludeUsage ||
		r.Temperature == nil || *r.Temperature != 0.7 || r.MaxTokens != 256 {
		t.Errorf("body %s", r.Body)
	}
	if r := rs[1]; r.Temperature == nil || *r.Temperature != 0.2 || r.MaxTokens != 10 {
		t.Errorf("overrides not sent: %s", r.Body)
	}

	// A wrong key is the provider's 401, with its message.
	p, _ = llm.NewOpenAI(m, key("sk-wrong"), nil)
	if _, err := stream(t, context.Background(), p, req); err == nil || !strings.Contains(arena.ErrorMessage(err), "HTTP 401 Unauthorized: Incorrect API key provided") {
		t.Errorf("wrong key: %v", err)
	}
}

// TestOpenAIWire feeds the client bodies that real servers send and broken ones, byte for
// byte, to check the SSE parsing and error extraction.
func TestOpenAIWire(t *testing.T) {
	const c1 = `{"choices":[{"delta":{"content":"Hel"},"finish_reason":null}]}`
	const c2 = `{"choices":[{"delta":{"content":"lo"},"finish_reason":"stop"}]}`
	const usage = `{"choices":[],"usage":{"prompt_tokens":7,"completion_tokens":2}}`
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		wantText    string
		wantErr     string
	}{
		{name: "lf", body: "data: " + c1 + "\n\ndata: " + c2 + "\n\ndata: " + usage + "\n\ndata: [DONE]\n\n", wantText: "Hello"},
		{name: "crlf", body: "data: " + c1 + "\r\n\r\ndata: " + c2 + "\r\n\r\ndata: [DONE]\r\n\r\n", wantText: "Hello"},
		{name: "cr", body: "data: " + c1 + "\r\rdata: " + c2 + "\r\rdata: [DONE]\r\r", wantText: "Hello"},
		{name: "no space after colon", body: "data:" + c1 + "\n\ndata:" + c2 + "\n\ndata:[DONE]\n\n", wantText: "Hello"},
		{name: "comments and other fields", body: ": ping\n\nid: 1\nretry: 10\ndata: " + c1 + "\n\n: ping\n\nevent: message\ndata: " + c2 + "\n\ndata: [DONE]\n\n", wantText: "Hello"},
		{name: "multi-line data", body: "data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"Hel\"}}]}\n\ndata: " + c2 + "\n\ndata: [DONE]\n\n", wantText: "Hello"},
		{name: "no final blank line", body: "data: " + c1 + "\n\ndata: " + c2 + "\n\ndata: [DONE]\n", wantText: "Hello"},
		{name: "no done after finish", body: "data: " + c1 + "\n\ndata: " + c2 + "\n\n", wantText: "Hello"},
		{name: "not streamed", contentType: "application/json",
			body: `{"choices":[{"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":7,"completion_tokens":2}}`, wantText: "Hello"},
		{name: "eof without finish", body: "data: " + c1 + "\n\n", wantText: "Hel", wantErr: "cut off after 3 characters"},
		{name: "eof mid-line", body: "data: " + c1 + "\n\ndata: {\"choi", wantText: "Hel", wantErr: "cut off"},
		{name: "empty body", body: "", wantErr: "cut off after 0 characters"},
		{name: "bad json", body: "data: " + c1 + "\n\ndata: {nope}\n\n", wantText: "Hel", wantErr: "malformed chunk"},
		{name: "error chunk", body: "data: " + c1 + "\n\ndata: {\"error\":{\"message\":\"upstream overloaded\",\"code\":502}}\n\n", wantText: "Hel", wantErr: "mid-stream: upstream overloaded"},
		{name: "error event", body: "event: error\ndata: {\"message\":\"boom\"}\n\n", wantErr: "mid-stream: boom"},
		{name: "openai error", status: 400, contentType: "application/json", body: `{"error":{"message":"This model's maximum context length is 8192 tokens.","type":"invalid_request_error"}}`,
			wantErr: "HTTP 400 Bad Request: This model's maximum context length is 8192 tokens"},
		{name: "ollama error", status: 404, contentType: "application/json", body: `{"error":"model \"llama9\" not found, try pulling it first"}`,
			wantErr: `HTTP 404 Not Found: model "llama9" not found, try pulling it first`},
		{name: "plain text error", status: 502, contentType: "text/html", body: "Bad gateway\n", wantErr: "HTTP 502 Bad Gateway: Bad gateway"},
		{name: "empty error", status: 503, body: "", wantErr: "HTTP 503 Service Unavailable: no error message"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				ct := tt.contentType
				if ct == "" {
					ct = "text/event-stream"
				}
				w.Header().Set("Content-Type", ct)
				if tt.status != 0 {
					w.WriteHeader(tt.status)
				}
				io := strings.NewReader(tt.body)
				io.WriteTo(w)
			}))
			defer srv.Close()
			p, err := llm.NewOpenAI(model(srv.URL, "m"), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			c, err := stream(t, context.Background(), p, hello)
			if c.Text != tt.wantText {
				t.Errorf("text %q, want %q", c.Text, tt.wantText)
			}
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				if c.FinishReason != "stop" {
					t.Errorf("finish %q", c.FinishReason)
				}
				return
			}
			if err == nil || !strings.Contains(arena.ErrorMessage(err), tt.wantErr) {
				t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
			}
		})
	}
}

func TestOpenAIUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	p, err := llm.NewOpenAI(model(url, "m"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = stream(t, context.Background(), p, hello)
	if msg := arena.ErrorMessage(err); !strings.Contains(msg, "Could not reach the provider") || strings.Contains(msg, url) {
		t.Errorf("error %q: want it to say the provider is unreachable, without the URL", msg)
	}
}

// TestOpenAICancel checks that cancelling mid-stream returns promptly with the context's
// error and that the server sees the client leave and stops streaming.
func TestOpenAICancel(t *testing.T) {
	srv := llmtest.NewServer(t)
	long := strings.Repeat("word ", 500)
	srv.Handle("long", llmtest.Behavior{Text: long, ChunkDelay: 5 * time.Millisecond})
	p, err := llm.NewOpenAI(model(srv.URL, "long"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n := 0
	c, err := p.Stream(ctx, hello, func(arena.Delta) {
		if n++; n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || arena.ErrorCode(err) != arena.EUNAVAILABLE {
		t.Fatalf("error %v: want context.Canceled wrapped in an *arena.Error", err)
	}
	if c.Text != "word word word " {
		t.Errorf("partial text %q", c.Text)
	}
	srv.Wait()
	r := srv.Requests()[0]
	if !r.Aborted || r.ChunksSent >= 500 {
		t.Errorf("server: aborted %v after %d chunks; want the stream stopped early", r.Aborted, r.ChunksSent)
	}

	// A deadline while waiting for the first byte is the caller's, not a stall.
	srv.Handle("late", llmtest.Behavior{FirstDelay: time.Minute})
	p, _ = llm.NewOpenAI(model(srv.URL, "late"), nil, nil)
	ctx, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	if _, err := p.Stream(ctx, hello, nil); !errors.Is(err, context.DeadlineExceeded) || arena.ErrorCode(err) != arena.EUNAVAILABLE {
		t.Errorf("deadline: %v", err)
	}
	// An already cancelled context fails without calling out.
	before := len(srv.Requests())
	if _, err := p.Stream(ctx, hello, nil); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("done context: %v", err)
	}
	if len(srv.Requests()) != before {
		t.Errorf("a request was sent with a done context")
	}
}

// TestOpenAIIdleTimeout checks that the stall timeout is an idle timer: a stream slower in
// total than the timeout passes as long as bytes keep coming, and time spent in onDelta
// does not count.
func TestOpenAIIdleTimeout(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("steady", llmtest.Behavior{Text: "a b c d e f g h i j", ChunkDelay: 30 * time.Millisecond})
	srv.Handle("quick", llmtest.Behavior{Text: "a b c", ChunkDelay: 20 * time.Millisecond})
	m := model(srv.URL, "steady")
	m.Timeout = 100 * time.Millisecond
	p, _ := llm.NewOpenAI(m, nil, nil)
	c, err := stream(t, context.Background(), p, hello)
	if err != nil || c.Text != "a b c d e f g h i j" {
		t.Fatalf("steady stream slower than the timeout in total: %q %v", c.Text, err)
	}

	m.ModelID = "quick"
	p, _ = llm.NewOpenAI(m, nil, nil)
	c, err = p.Stream(context.Background(), hello, func(arena.Delta) { time.Sleep(150 * time.Millisecond) })
	if err != nil || c.Text != "a b c" {
		t.Fatalf("slow consumer counted as a stall: %q %v", c.Text, err)
	}
}

func TestLimit(t *testing.T) {
	var inside, most atomic.Int32
	slow := providerFunc(func(ctx context.Context) {
		n := inside.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(10 * time.Millisecond)
		inside.Add(-1)
	})
	p := llm.Limit(slow, 2)
	done := make(chan error)
	for range 8 {
		go func() {
			_, err := p.Stream(context.Background(), hello, nil)
			done <- err
		}()
	}
	for range 8 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	if most.Load() != 2 {
		t.Errorf("at most %d calls ran at once, want 2", most.Load())
	}
}

// TestLimitWaitsRespectingContext uses a real server: with MaxConcurrency 1 and the one
// slot held by a stalled stream, a second call waits until its context ends.
func TestLimitWaitsRespectingContext(t *testing.T) {
	srv := llmtest.NewServer(t)
	m := model(srv.URL, "stall")
	m.MaxConcurrency = 1
	p, err := llm.New(m, llm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error)
	go func() {
		_, err := p.Stream(ctx, hello, nil)
		first <- err
	}()
	for len(srv.Requests()) == 0 { // wait until the first call holds the slot
		time.Sleep(time.Millisecond)
	}
	short, cancel2 := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel2()
	if _, err := p.Stream(short, hello, nil); !errors.Is(err, context.DeadlineExceeded) || arena.ErrorCode(err) != arena.EUNAVAILABLE {
		t.Errorf("second call: %v, want it to wait for the slot until its deadline", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests reached the server, want 1", n)
	}
	cancel()
	if err := <-first; !errors.Is(err, context.Canceled) {
		t.Errorf("first call: %v", err)
	}
	// The slot is free again: the next call reaches the server.
	third, cancel3 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel3()
	p.Stream(third, hello, nil)
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests reached the server after the slot was freed, want 2", n)
	}
}

type providerFunc func(ctx context.Context)

func (f providerFunc) Stream(ctx context.Context, _ arena.ChatRequest, _ func(arena.Delta)) (arena.Completion, error) {
	f(ctx)
	return arena.Completion{}, nil
}

func TestNew(t *testing.T) {
	env := map[string]string{"TEST_KEY": "sk-1"}
	opts := llm.Options{Keys: arena.EnvKeys(func(k string) string { return env[k] }), DemoDelay: llm.Instant}
	good := model("http://127.0.0.1:1/v1", "m")
	good.APIKeyEnv = "TEST_KEY"
	tests := []struct {
		name   string
		change func(m *arena.Model)
		want   string // an error message part, "" for success
	}{
		{"openai", func(m *arena.Model) {}, ""},
		{"no key needed", func(m *arena.Model) { m.APIKeyEnv = "" }, ""},
		{"demo", func(m *arena.Model) { *m = llm.DemoModels()[0] }, ""},
		{"unknown kind", func(m *arena.Model) { m.Provider = "anthropic" }, `unknown provider kind "anthropic"`},
		{"no base url", func(m *arena.Model) { m.BaseURL = "" }, "base URL"},
		{"not http", func(m *arena.Model) { m.BaseURL = "ftp://x/v1" }, "base URL"},
		{"no model id", func(m *arena.Model) { m.ModelID = " " }, "model id is missing"},
		{"unknown demo", func(m *arena.Model) { m.Provider, m.ModelID = arena.ProviderDemo, "demo-nobody" }, "not a demo model"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := good
			tt.change(&m)
			p, err := llm.New(m, opts)
			if tt.want == "" {
				if err != nil || p == nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(arena.ErrorMessage(err), tt.want) {
				t.Fatalf("error %v, want EINVALID saying %q", err, tt.want)
			}
		})
	}
}

func TestProviders(t *testing.T) {
	env := map[string]string{"K": "one"}
	ps := llm.NewProviders(llm.Options{Keys: arena.EnvKeys(func(k string) string { return env[k] })})
	srv := llmtest.NewServer(t)
	m := model(srv.URL, "m")
	m.APIKeyEnv, m.MaxConcurrency = "K", 2
	a, _ := ps.For(m)
	b, _ := ps.For(m)
	if a == nil || a != b {
		t.Fatal("the same model should get the same provider")
	}
	m2 := m
	m2.ID = 2
	if c, _ := ps.For(m2); c == a {
		t.Error("another model shared a provider")
	}
	m.MaxConcurrency = 3
	c, _ := ps.For(m)
	if c == a {
		t.Error("a changed configuration kept the old provider")
	}
	// A changed key needs no new provider: the next call sends it.
	env["K"] = "two"
	d, _ := ps.For(m)
	if d != c {
		t.Error("a changed API key replaced the provider, and with it the concurrency limit")
	}
	if _, err := d.Stream(context.Background(), hello, nil); err != nil {
		t.Fatal(err)
	}
	if rs := srv.Requests(); len(rs) != 1 || rs[0].Header.Get("Authorization") != "Bearer two" {
		t.Errorf("the call after the key changed did not send it: %+v", rs)
	}
	m.Provider = "nope"
	if _, err := ps.For(m); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("bad config: %v", err)
	}
}

// keyFunc is a KeySource that calls a function.
type keyFunc func(ctx context.Context, m arena.Model) (string, error)

func (f keyFunc) APIKey(ctx context.Context, m arena.Model) (string, error) { return f(ctx, m) }

func TestOpenAIAsksForTheKeyOnEveryCall(t *testing.T) {
	srv := llmtest.NewServer(t)
	type ctxKey struct{}
	var asked []string
	next := "sk-1"
	var failWith error
	keys := keyFunc(func(ctx context.Context, m arena.Model) (string, error) {
		asked = append(asked, fmt.Sprint(ctx.Value(ctxKey{}), " ", m.Name))
		return next, failWith
	})
	p, err := llm.NewOpenAI(model(srv.URL, "m"), keys, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.WithValue(context.Background(), ctxKey{}, "call")
	for _, k := range []string{"sk-1", "sk-2"} {
		next = k
		if _, err := p.Stream(ctx, hello, nil); err != nil {
			t.Fatal(err)
		}
	}
	rs := srv.Requests()
	if len(rs) != 2 || rs[0].Header.Get("Authorization") != "Bearer sk-1" || rs[1].Header.Get("Authorization") != "Bearer sk-2" {
		t.Fatalf("requests: %+v", rs)
	}
	if fmt.Sprint(asked) != "[call test-m call test-m]" {
		t.Errorf("the key source was asked %v, want once per call with the call's context", asked)
	}

	// A key that cannot be read fails the call, which never goes out.
	failWith = arena.Errorf(arena.EUNAVAILABLE, "The key is sealed.")
	if _, err := p.Stream(ctx, hello, nil); arena.ErrorMessage(err) != "The key is sealed." {
		t.Errorf("an unreadable key: %v", err)
	}
	internal := errors.New("sql: database is closed")
	failWith = internal
	_, err = p.Stream(ctx, hello, nil)
	if arena.ErrorCode(err) != arena.EUNAVAILABLE || strings.Contains(arena.ErrorMessage(err), "sql") || !errors.Is(err, internal) {
		t.Errorf("an internal key error: %v (message %q)", err, arena.ErrorMessage(err))
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want no more after the key failed", n)
	}

	// The environment's keys: an unset variable is the model's misconfiguration.
	m := model(srv.URL, "m")
	m.APIKeyEnv = "NOPE"
	p, _ = llm.NewOpenAI(m, arena.EnvKeys(func(string) string { return "" }), nil)
	if _, err := p.Stream(ctx, hello, nil); arena.ErrorCode(err) != arena.EINVALID ||
		arena.ErrorMessage(err) != `Model "test-m": the API key variable NOPE is not set.` {
		t.Errorf("unset variable: %v", err)
	}
}

// TestOpenAIKeepsTheConnection checks that a finished stream returns at [DONE] without
// waiting for the end of the body, and that its connection still serves the next call:
// a new one would cost that call a handshake before its first token.
func TestOpenAIKeepsTheConnection(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
		w.(http.Flusher).Flush()
		// The end of the chunked body comes only once the handler returns: later than the
		// last event, in a read of its own, as it may over a network.
		if r.Header.Get("X-Hold") != "" {
			<-release
		} else {
			time.Sleep(20 * time.Millisecond)
		}
	}))
	defer srv.Close()
	defer close(release)
	var reused atomic.Bool
	ctx := httptrace.WithClientTrace(context.Background(), &httptrace.ClientTrace{
		GotConn: func(i httptrace.GotConnInfo) { reused.Store(i.Reused) },
	})
	p, err := llm.NewOpenAI(model(srv.URL, "m"), nil, &http.Client{Transport: &holdTransport{}})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := p.Stream(ctx, hello, nil)
		done <- err
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the call waited for the end of the body after [DONE]")
	}
	release <- struct{}{}
	// The body's end is read in the background; the next calls get the connection back.
	for deadline := time.Now().Add(5 * time.Second); ; {
		if _, err := p.Stream(ctx, hello, nil); err != nil {
			t.Fatal(err)
		}
		if reused.Load() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no call reused the connection of an earlier one")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// holdTransport asks the test server to hold the first response's body open after [DONE].
type holdTransport struct{ n atomic.Int32 }

func (h *holdTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	if h.n.Add(1) == 1 {
		r = r.Clone(r.Context())
		r.Header.Set("X-Hold", "1")
	}
	return http.DefaultTransport.RoundTrip(r)
}

// The caller hears when the request has been written, before the model's first token: a
// new battle is stored only then (arena.WithDispatched).
func TestOpenAISaysWhenTheRequestLeft(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("thinker", llmtest.Behavior{FirstDelay: 300 * time.Millisecond, Text: "late words"})
	p, err := llm.NewOpenAI(model(srv.URL, "thinker"), key("sk-test"), nil)
	if err != nil {
		t.Fatal(err)
	}
	var told atomic.Int32
	var beforeText atomic.Bool
	var texts atomic.Int32
	ctx := arena.WithDispatched(context.Background(), func() {
		if told.Add(1) == 1 && texts.Load() == 0 {
			beforeText.Store(true)
		}
	})
	c, err := p.Stream(ctx, hello, func(d arena.Delta) {
		if d.Kind == arena.DeltaAnswer {
			texts.Add(1)
		}
	})
	if err != nil || c.Text != "late words" {
		t.Fatalf("%q, %v", c.Text, err)
	}
	if told.Load() == 0 || !beforeText.Load() {
		t.Fatalf("told %d times, before the first text: %v", told.Load(), beforeText.Load())
	}
}
