package llm

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// halfway streams some text and then fails as a refusal for load would.
type halfway struct{ calls int }

func (h *halfway) Stream(_ context.Context, _ arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	h.calls++
	onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: "Once upon "})
	return arena.Completion{Text: "Once upon "}, &statusError{status: http.StatusTooManyRequests,
		display: arena.Errorf(arena.ERATELIMITED, "The provider answered HTTP 429.")}
}

func TestRetryNeverMidStream(t *testing.T) {
	h := &halfway{}
	p := Retry(h, RetryPolicy{Sleep: func(context.Context, time.Duration) error { return nil }})
	c, err := p.Stream(context.Background(), arena.ChatRequest{}, func(arena.Delta) {})
	if err == nil || h.calls != 1 || c.Text != "Once upon " {
		t.Fatalf("%d calls, text %q, error %v: a call that streamed text must fail as it is", h.calls, c.Text, err)
	}
}
