package llm_test

import (
	"context"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// TestRequestIDFromContext: a call made for a request sends the request's id, so the
// provider's logs and the arena's name the same one.
func TestRequestIDFromContext(t *testing.T) {
	srv := llmtest.NewServer(t)
	p, _ := llm.New(model(srv.URL, "gpt-test"), llm.Options{})
	c, err := stream(t, arena.WithRequestID(context.Background(), "req-42-a"), p, hello)
	if err != nil {
		t.Fatal(err)
	}
	if got := srv.Requests()[0].Header.Get("X-Request-Id"); got != "req-42-a" || c.RequestID != got {
		t.Fatalf("sent X-Request-Id %q, completion reports %q; want req-42-a", got, c.RequestID)
	}
}
