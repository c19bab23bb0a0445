package llm_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// bodyOf decodes the body of a recorded request into its top-level fields.
func bodyOf(t *testing.T, r llmtest.Request) map[string]json.RawMessage {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal(r.Body, &m); err != nil {
		t.Fatalf("body %s: %v", r.Body, err)
	}
	return m
}

// TestSamplingSettings: every setting is sent when set, zero included, and not at all
// when unset.
func TestSamplingSettings(t *testing.T) {
	srv := llmtest.NewServer(t)
	m := model(srv.URL, "gpt-test")
	m.Temperature, m.TopP, m.Seed = new(0.0), new(0.5), new(int64(0))
	m.Stop, m.ReasoningEffort, m.MaxTokens = []string{"\n\n", "END"}, "low", 64
	m.ExtraBody = `{"top_k": 40, "provider": {"order": ["a", "b"]}}`
	p, err := llm.New(m, llm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream(t, context.Background(), p, hello); err != nil {
		t.Fatal(err)
	}
	bare, err := llm.New(model(srv.URL, "gpt-bare"), llm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stream(t, context.Background(), bare, hello); err != nil {
		t.Fatal(err)
	}
	rs := srv.Requests()
	got := bodyOf(t, rs[0])
	for k, want := range map[string]string{"temperature": `0`, "top_p": `0.5`, "seed": `0`, "stop": `["\n\n","END"]`,
		"reasoning_effort": `"low"`, "max_tokens": `64`, "top_k": `40`, "provider": `{"order":["a","b"]}`, "model": `"gpt-test"`} {
		if string(got[k]) != want {
			t.Errorf("%s = %s, want %s (body %s)", k, got[k], want, rs[0].Body)
		}
	}
	got = bodyOf(t, rs[1])
	for _, k := range []string{"temperature", "top_p", "seed", "stop", "reasoning_effort", "max_tokens", "max_completion_tokens", "user"} {
		if v, ok := got[k]; ok {
			t.Errorf("unset %s sent as %s", k, v)
		}
	}
}

func TestExtraBodyRefused(t *testing.T) {
	for body, want := range map[string]string{
		`[1, 2]`:                       "must be a JSON object",
		`{"top_k": 4`:                  "must be a JSON object",
		`null`:                         "must be a JSON object",
		`{"messages": []}`:             `may not set "messages"`,
		`{"model": "x"}`:               `may not set "model"`,
		`{"stream": false}`:            `may not set "stream"`,
		`{"temperature": 1, "a": 2}`:   "temperature setting",
		`{"max_completion_tokens": 9}`: "max tokens setting",
	} {
		m := model("http://localhost/v1", "x")
		m.ExtraBody = body
		err := arena.ValidateModel(&m)
		if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(arena.ErrorMessage(err), want) {
			t.Errorf("extra body %s: %v, want %q", body, err, want)
		}
	}
}

// TestMaxCompletionTokens: an o-series endpoint refuses max_tokens; the model's setting
// sends max_completion_tokens instead.
func TestMaxCompletionTokens(t *testing.T) {
	srv := llmtest.NewServer(t)
	m := model(srv.URL, "o3-mini")
	m.MaxTokens = 100
	p, _ := llm.New(m, llm.Options{})
	if _, err := stream(t, context.Background(), p, hello); err == nil || !strings.Contains(arena.ErrorMessage(err), "max_completion_tokens") {
		t.Fatalf("max_tokens to an o-series model: %v", err)
	}
	m.MaxTokensField = arena.MaxCompletionTokensField
	p, _ = llm.New(m, llm.Options{})
	if _, err := stream(t, context.Background(), p, hello); err != nil {
		t.Fatal(err)
	}
	r := srv.Requests()[1]
	if _, sent := bodyOf(t, r)["max_tokens"]; sent || r.MaxCompletionTokens != 100 {
		t.Errorf("body %s, want max_completion_tokens 100 and no max_tokens", r.Body)
	}
}

// TestRequestIDAndUser: each call has its own X-Request-Id, reported with its
// completion, and the request's user goes in the body.
func TestRequestIDAndUser(t *testing.T) {
	srv := llmtest.NewServer(t)
	p, _ := llm.New(model(srv.URL, "gpt-test"), llm.Options{})
	req := hello
	req.User = "abc123"
	c1, err := stream(t, context.Background(), p, req)
	if err != nil {
		t.Fatal(err)
	}
	c2, _ := stream(t, context.Background(), p, hello)
	rs := srv.Requests()
	id1, id2 := rs[0].Header.Get("X-Request-Id"), rs[1].Header.Get("X-Request-Id")
	if len(id1) != 32 || id1 == id2 || c1.RequestID != id1 || c2.RequestID != id2 {
		t.Errorf("request ids %q %q, completions %q %q", id1, id2, c1.RequestID, c2.RequestID)
	}
	if string(bodyOf(t, rs[0])["user"]) != `"abc123"` {
		t.Errorf("user not sent: %s", rs[0].Body)
	}
}

// TestFailureReasons: each failure carries a reason naming neither the model nor its
// address, while its message keeps the detail.
func TestFailureReasons(t *testing.T) {
	srv := llmtest.NewServer(t)
	dead := llmtest.Start()
	dead.Close()
	for _, tc := range []struct {
		base, id, want string
	}{
		{srv.URL, "fail-500", arena.ReasonHTTP(500)},
		{srv.URL, "fail-429", arena.ReasonHTTP(429)},
		{srv.URL, "stall", arena.ReasonTooSlow},
		{dead.URL, "gpt-test", arena.ReasonUnavailable},
	} {
		m := model(tc.base, tc.id)
		m.Timeout = 200 * time.Millisecond
		p, _ := llm.New(m, llm.Options{})
		_, err := stream(t, context.Background(), p, hello)
		if r := arena.FailureReason(err); r != tc.want {
			t.Errorf("%s: reason %q, want %q (error %v)", tc.id, r, tc.want, err)
		}
	}
	m := model(srv.URL, "gpt-test")
	m.APIKeyEnv = "ARENA_TEST_UNSET_KEY_VARIABLE"
	p, _ := llm.New(m, llm.Options{})
	_, err := p.Stream(context.Background(), hello, nil)
	if r := arena.FailureReason(err); r != arena.ReasonMisconfigured || !strings.Contains(err.Error(), m.Name) {
		t.Errorf("unset key: reason %q, error %v", r, err)
	}
}
