package app_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

// An operator model on loopback (a local vLLM) passes its endpoint check without
// --allow-private-endpoints, as its battles already reach it; a lab model on the same
// host is still refused by the check, before any call.
func TestEndpointCheckTrustsOperatorModels(t *testing.T) {
	e := newTrustEnv(t, false)
	ctx := context.Background()
	c, err := e.a.Labs.CheckModel(ctx, e.admin, e.opModel.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK {
		t.Fatalf("the operator's loopback model failed its check: %s", c.Message)
	}
	if n := len(e.operator.Requests()); n != 1 {
		t.Fatalf("the operator's endpoint got %d requests, want 1", n)
	}
	lm := e.labModel(t, "acme-local", e.operator.URL)
	c, err = e.a.Labs.CheckModel(ctx, e.admin, lm.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.OK || !strings.Contains(c.Message, "loopback address") {
		t.Fatalf("a lab model on the operator's host: %+v, want a loopback refusal", c)
	}
	if n := len(e.operator.Requests()); n != 1 {
		t.Fatalf("the lab model's check reached the operator's endpoint (%d requests in all)", n)
	}
}

// checkEnv is an arena whose one operator model, on srv, allows limit calls at once;
// waits records the retry layer's waits instead of spending them.
type checkEnv struct {
	a     *app.App
	m     arena.Model
	admin *arena.User
	mu    sync.Mutex
	waits []time.Duration
}

func newCheckEnv(t *testing.T, srv *llmtest.Server, modelID string, limit int) *checkEnv {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	e := &checkEnv{m: arena.Model{Name: "op-" + modelID, ModelID: modelID, Provider: arena.ProviderOpenAI, BaseURL: srv.URL, Active: true,
		Timeout: 5 * time.Second, MaxConcurrency: limit}}
	if err := db.CreateModel(ctx, &e.m); err != nil {
		t.Fatal(err)
	}
	sleep := func(ctx context.Context, d time.Duration) error {
		e.mu.Lock()
		e.waits = append(e.waits, d)
		e.mu.Unlock()
		return ctx.Err()
	}
	var err error
	e.a, err = app.New(ctx, app.Config{Store: db, Log: arenatest.Quiet(), Providers: llm.Options{Retry: llm.RetryPolicy{Sleep: sleep}},
		Labs: &app.LabsConfig{Sampler: arena.SampleUniform}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.a.Close() })
	if e.admin, err = (&arena.Accounts{Store: db, Clock: arena.SystemClock{}}).AddUser(ctx, "root", "password1", arena.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	return e
}

// An endpoint check is retried as a battle's call is: one 429 with Retry-After, then
// an answer, passes after the wait the endpoint asked for.
func TestEndpointCheckRetriesRefusals(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("busy", llmtest.Behavior{Status: 429, RetryAfter: "2", FailFirst: 1, Text: "Here I am."})
	e := newCheckEnv(t, srv, "busy", 0)
	c, err := e.a.Labs.CheckModel(context.Background(), e.admin, e.m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !c.OK || c.Message != "Here I am." {
		t.Fatalf("check after one 429: %+v, want a pass", c)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Fatalf("the endpoint got %d requests, want 2 (the refusal and the retry)", n)
	}
	if len(e.waits) != 1 || e.waits[0] < 2*time.Second {
		t.Fatalf("waits before retrying: %v, want one of at least the 2s Retry-After asked", e.waits)
	}
}

// Endpoint checks take the model's concurrency slots as battle calls do: checks and
// battle calls started together never run more at once than max_concurrency.
func TestEndpointChecksRespectConcurrency(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("narrow", llmtest.Behavior{FirstDelay: 40 * time.Millisecond, Text: "One at a time."})
	e := newCheckEnv(t, srv, "narrow", 2)
	ctx := context.Background()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%2 == 0 {
				if err := stream(t, e.a.Providers, e.m); err != nil {
					t.Errorf("battle call: %v", err)
				}
				return
			}
			if c, err := e.a.Labs.CheckModel(ctx, e.admin, e.m.ID); err != nil || !c.OK {
				t.Errorf("check: %+v, %v", c, err)
			}
		}()
	}
	wg.Wait()
	if n := len(srv.Requests()); n != 8 {
		t.Fatalf("the endpoint got %d requests, want 8", n)
	}
	if p := srv.Peak(); p != 2 {
		t.Fatalf("%d calls ran at once; the model allows 2 (and 8 were made together)", p)
	}
}
