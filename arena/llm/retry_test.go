package llm_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// sleeps records the waits a provider asks for and returns at once, so retry tests
// observe the backoff without spending it.
type sleeps struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeps) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	s.waits = append(s.waits, d)
	s.mu.Unlock()
	return ctx.Err()
}

func (s *sleeps) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]time.Duration(nil), s.waits...)
}

func retrying(t *testing.T, srv *llmtest.Server, id string, policy llm.RetryPolicy) arena.Provider {
	t.Helper()
	p, err := llm.New(model(srv.URL, id), llm.Options{Retry: policy})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func requestsFor(srv *llmtest.Server, id string) int {
	n := 0
	for _, r := range srv.Requests() {
		if r.Model == id {
			n++
		}
	}
	return n
}

func TestRetryHonoursRetryAfter(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("busy", llmtest.Behavior{Status: 429, RetryAfter: "1", FailFirst: 2, ErrorMessage: "Rate limit reached."})
	var s sleeps
	p := retrying(t, srv, "busy", llm.RetryPolicy{Sleep: s.sleep})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c, err := p.Stream(ctx, hello, nil)
	if err != nil {
		t.Fatalf("a rate-limited call did not succeed after retries: %v", err)
	}
	if c.Text != "Echo: hello there" {
		t.Errorf("text %q", c.Text)
	}
	if n := requestsFor(srv, "busy"); n != 3 {
		t.Errorf("%d requests, want 3 (two refused, one answered)", n)
	}
	waits := s.got()
	if len(waits) != 2 {
		t.Fatalf("waits %v, want two", waits)
	}
	for _, w := range waits {
		if w < time.Second || w > 1100*time.Millisecond {
			t.Errorf("wait %s: want the 1s Retry-After asked for, plus at most 10%% jitter", w)
		}
	}
}

func TestRetryBacksOffWithoutRetryAfter(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("overloaded", llmtest.Behavior{Status: 503, FailFirst: 3})
	var s sleeps
	p := retrying(t, srv, "overloaded", llm.RetryPolicy{Sleep: s.sleep, Backoff: 100 * time.Millisecond, MaxBackoff: 300 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := p.Stream(ctx, hello, nil); err != nil {
		t.Fatalf("a 503 was not retried: %v", err)
	}
	waits := s.got()
	// Retry n waits in the upper half of min(100ms·2ⁿ, 300ms).
	want := [][2]time.Duration{{50 * time.Millisecond, 100 * time.Millisecond}, {100 * time.Millisecond, 200 * time.Millisecond}, {150 * time.Millisecond, 300 * time.Millisecond}}
	if len(waits) != len(want) {
		t.Fatalf("waits %v, want %d", waits, len(want))
	}
	for i, w := range waits {
		if w < want[i][0] || w > want[i][1] {
			t.Errorf("wait %d is %s, want %s to %s", i, w, want[i][0], want[i][1])
		}
	}
}

func TestRetryAfterBeyondTheBudgetFailsAtOnce(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("later", llmtest.Behavior{Status: 429, RetryAfter: "30"})
	var s sleeps
	p := retrying(t, srv, "later", llm.RetryPolicy{Sleep: s.sleep})
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_, err := p.Stream(ctx, hello, nil)
	if err == nil {
		t.Fatal("no error")
	}
	if arena.ErrorCode(err) != arena.ERATELIMITED {
		t.Errorf("code %q, want %q", arena.ErrorCode(err), arena.ERATELIMITED)
	}
	if msg := arena.ErrorMessage(err); !strings.Contains(msg, "HTTP 429") || !strings.Contains(msg, "asked to wait 30s (Retry-After), more than the") {
		t.Errorf("message %q does not say the wait exceeds the time left", msg)
	}
	if len(s.got()) != 0 || requestsFor(srv, "later") != 1 {
		t.Errorf("waited %v over %d requests; want no wait and one request", s.got(), requestsFor(srv, "later"))
	}
}

func TestRetryGivesUpAfterItsAttempts(t *testing.T) {
	srv := llmtest.NewServer(t)
	var s sleeps
	p := retrying(t, srv, "fail-429", llm.RetryPolicy{Sleep: s.sleep, Attempts: 3, Backoff: time.Millisecond})
	_, err := p.Stream(context.Background(), hello, nil)
	if arena.ErrorCode(err) != arena.ERATELIMITED || !strings.Contains(arena.ErrorMessage(err), "Still refused after 3 tries") {
		t.Fatalf("error %v, want a rate-limited error saying it tried 3 times", err)
	}
	if n := requestsFor(srv, "fail-429"); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestRetryOnlyForLoad(t *testing.T) {
	srv := llmtest.NewServer(t)
	var s sleeps
	for _, id := range []string{"fail-400", "fail-401", "fail-500", "cut"} {
		p := retrying(t, srv, id, llm.RetryPolicy{Sleep: s.sleep})
		if _, err := p.Stream(context.Background(), hello, nil); err == nil {
			t.Fatalf("%s: no error", id)
		}
		if n := requestsFor(srv, id); n != 1 {
			t.Errorf("%s: %d requests, want 1: only refusals for load are retried", id, n)
		}
	}
	if len(s.got()) != 0 {
		t.Errorf("waited %v", s.got())
	}
}

func TestRateLimitCodes(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("busy-503", llmtest.Behavior{Status: 503, RetryAfter: "2"})
	for id, want := range map[string]string{"fail-429": arena.ERATELIMITED, "busy-503": arena.ERATELIMITED, "fail-503": arena.EUNAVAILABLE} {
		c, err := llm.NewOpenAI(model(srv.URL, id), nil, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.Stream(context.Background(), hello, nil); arena.ErrorCode(err) != want {
			t.Errorf("%s: code %q, want %q (%v)", id, arena.ErrorCode(err), want, err)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in    string
		want  time.Duration
		named bool
	}{
		{"", 0, false},
		{"3", 3 * time.Second, true},
		{" 120 ", 2 * time.Minute, true},
		{"-1", 0, false},
		{"soon", 0, false},
		{"Tue, 01 Dec 2026 10:00:45 GMT", 45 * time.Second, true},
		{"Tue, 01 Dec 2026 09:00:00 GMT", 0, true}, // already past
	} {
		got, named := llm.ParseRetryAfter(tt.in, now)
		if got != tt.want || named != tt.named {
			t.Errorf("%q: %s %v, want %s %v", tt.in, got, named, tt.want, tt.named)
		}
	}
}
