package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

// Retry defaults. An answer's own deadline is the real budget; these only keep a call
// without one, or an endpoint that never recovers, from retrying for ever.
const (
	defaultAttempts    = 5
	defaultBackoff     = 500 * time.Millisecond
	defaultMaxBackoff  = 8 * time.Second
	defaultRetryBudget = 2 * time.Minute // when the call's context has no deadline
)

// RetryPolicy says how an OpenAI-compatible provider retries the answers an endpoint
// refuses for load (HTTP 429, or 503): with jittered exponential backoff, or after the
// wait its Retry-After header asks for, within the call's deadline. The zero value is
// the default policy.
type RetryPolicy struct {
	// Attempts is the most requests one call makes, the first included: 0 means 5, and
	// 1 turns retries off.
	Attempts int
	// Backoff is the wait before the first retry when the endpoint names none; it
	// doubles with each retry up to MaxBackoff. 0 means 500ms and 8s.
	Backoff, MaxBackoff time.Duration
	// Sleep waits d or until ctx ends, returning ctx.Err() then; nil means a timer.
	// Tests record the waits through it instead of spending them.
	Sleep func(ctx context.Context, d time.Duration) error
}

func (p RetryPolicy) attempts() int {
	if p.Attempts <= 0 {
		return defaultAttempts
	}
	return p.Attempts
}

// backoff is the jittered wait before retry n (0 for the first): a random point in the
// upper half of the doubled interval, so calls refused together do not return together.
func (p RetryPolicy) backoff(n int) time.Duration {
	d, top := p.Backoff, p.MaxBackoff
	if d <= 0 {
		d = defaultBackoff
	}
	if top <= 0 {
		top = defaultMaxBackoff
	}
	for i := 0; i < n && d < top; i++ {
		d *= 2
	}
	d = min(d, top)
	return d/2 + rand.N(d/2+1)
}

func (p RetryPolicy) sleep(ctx context.Context, d time.Duration) error {
	if p.Sleep != nil {
		return p.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Retry returns p retrying, under policy, the calls its endpoint refused for load
// before any of the answer arrived. A call that has streamed text is never retried:
// the reader has seen it, and a second answer would not continue the first.
func Retry(p arena.Provider, policy RetryPolicy) arena.Provider {
	if policy.attempts() <= 1 {
		return p
	}
	return &retrying{p: p, policy: policy}
}

type retrying struct {
	p      arena.Provider
	policy RetryPolicy
}

func (r *retrying) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	start := time.Now()
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = start.Add(defaultRetryBudget)
	}
	streamed := false
	relay := func(d arena.Delta) {
		streamed = true
		if onDelta != nil {
			onDelta(d)
		}
	}
	attempts := r.policy.attempts()
	for n := 1; ; n++ {
		c, err := r.p.Stream(ctx, req, relay)
		var se *statusError
		if err == nil || streamed || !errors.As(err, &se) || !se.retryable() {
			return c, err
		}
		if n == attempts {
			return c, se.after(n, time.Since(start), "")
		}
		wait, asked := r.policy.backoff(n-1), se.retryAfter > 0
		if asked {
			// The endpoint knows when it will take calls again; a little jitter keeps
			// every refused call from coming back in the same instant.
			wait = se.retryAfter + rand.N(se.retryAfter/10+1)
		}
		if left := time.Until(deadline); wait >= left {
			why := fmt.Sprintf("the next try (in %s) would not fit in the %s left for this answer", round(wait), round(left))
			if asked {
				why = fmt.Sprintf("it asked to wait %s (Retry-After), more than the %s left for this answer", round(se.retryAfter), round(left))
			}
			return c, se.after(n, time.Since(start), why)
		}
		if err := r.policy.sleep(ctx, wait); err != nil {
			return c, ctxError(err)
		}
	}
}

func round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(100 * time.Millisecond)
	}
	return d.Round(time.Millisecond)
}

// statusError is a non-2xx answer. It shows as its *arena.Error, and keeps the status
// and Retry-After for the retry layer.
type statusError struct {
	status     int
	retryAfter time.Duration // 0 when the endpoint named no wait
	display    *arena.Error
}

func (e *statusError) Error() string { return e.display.Error() }
func (e *statusError) Unwrap() error { return e.display }

// retryable reports whether the endpoint refused for load rather than for the request.
func (e *statusError) retryable() bool {
	return e.status == http.StatusTooManyRequests || e.status == http.StatusServiceUnavailable
}

// after is the error of a call that gave up after n tries: the same status, with what
// was tried and, when it stopped early, why.
func (e *statusError) after(n int, spent time.Duration, why string) error {
	msg := strings.TrimSuffix(e.display.Message, ".")
	switch {
	case why != "":
		msg += fmt.Sprintf(". Gave up after %d tries: %s.", n, why)
	default:
		msg += fmt.Sprintf(". Still refused after %d tries over %s.", n, round(spent))
	}
	d := *e.display
	d.Message = msg
	return &statusError{status: e.status, retryAfter: e.retryAfter, display: &d}
}

// failStatus fails the call on a non-2xx answer, keeping the status for the retry layer
// unless the caller's context or the stall timer is the real cause.
func (s *stream) failStatus(resp *http.Response, body io.Reader) (arena.Completion, error) {
	se := httpError(resp, body, time.Now())
	c, err := s.fail(se.display)
	if err != error(se.display) {
		return c, err
	}
	return c, se
}

// httpError describes a non-2xx answer with the provider's own message when it gives
// one. A refusal for load is arena.ERATELIMITED, which model health does not count as
// the model failing: a 429, or a 503 that says when to come back. Any other status,
// a bare 503 included, is the endpoint's fault (arena.EUNAVAILABLE).
func httpError(resp *http.Response, body io.Reader, now time.Time) *statusError {
	data, _ := io.ReadAll(io.LimitReader(body, 64<<10))
	msg := errorText(data)
	if msg == "" {
		msg = "no error message"
	}
	wait, named := parseRetryAfter(resp.Header.Get("Retry-After"), now)
	code := arena.EUNAVAILABLE
	if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable && named {
		code = arena.ERATELIMITED
	}
	display := arena.Errorf(code, "The provider answered HTTP %s: %s.", resp.Status, strings.TrimSuffix(msg, "."))
	if code == arena.ERATELIMITED {
		display.RetryAfter = wait
	}
	return &statusError{status: resp.StatusCode, retryAfter: wait, display: display}
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP date (RFC 9110
// section 10.2.3). named reports a valid header; a date already past is a wait of 0.
func parseRetryAfter(v string, now time.Time) (wait time.Duration, named bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		// Anything beyond a day is as good as never; capping keeps the multiply in range.
		return time.Duration(min(secs, 86400)) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}
