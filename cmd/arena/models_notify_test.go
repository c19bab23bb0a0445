package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
)

// TestModelsCommandReachesRunningServers: on PostgreSQL, `arena models set` tells the
// running servers at once, so one trusts the operator model's new host without waiting
// for its periodic refresh, even a host it refused a moment before (and would not ask
// the store about again for a few seconds).
func TestModelsCommandReachesRunningServers(t *testing.T) {
	url := pgtest.FreshURL(t)
	ctx := context.Background()
	a, err := app.New(ctx, app.Config{DB: url, Log: arenatest.Quiet(),
		// Failed calls would pause the model, which rereads the hosts too: not here (the
		// loop below calls too few times to fill the failure-rate window).
		Labs: &app.LabsConfig{Sampler: arena.SampleUniform, PauseAfter: 1000}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	first, next := llmtest.NewServer(t), llmtest.NewServer(t)
	if _, stderr, err := runCmd(t, "", "models", "add", "--db", url, "--base-url", first.URL, "--model-id", "local", "op-local"); err != nil {
		t.Fatalf("models add: %v %s", err, stderr)
	}
	m, err := a.Store.ModelByName(ctx, "op-local")
	if err != nil {
		t.Fatal(err)
	}
	call := func(m arena.Model) error {
		p, err := a.Providers.For(m)
		if err != nil {
			return err
		}
		_, err = p.Stream(ctx, arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(arena.Delta) {})
		return err
	}
	if err := call(*m); err != nil {
		t.Fatalf("the model added while the server runs: %v", err)
	}
	// A call to the next host before any model names it is refused...
	moved := *m
	moved.BaseURL = next.URL
	if err := call(moved); err == nil || !strings.Contains(arena.ErrorMessage(err), "loopback") {
		t.Fatalf("a host no operator model names: %v, want a loopback refusal", err)
	}
	// ...and trusted as soon as `models set` has moved the model there.
	if _, stderr, err := runCmd(t, "", "models", "set", "--db", url, "--base-url", next.URL, "op-local"); err != nil || stderr != "" {
		t.Fatalf("models set: %v %s", err, stderr)
	}
	deadline := time.Now().Add(2 * time.Second)
	for {
		err := call(moved)
		if err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the running server still refuses the model's new host: %v", err)
		}
		time.Sleep(250 * time.Millisecond)
	}
}
