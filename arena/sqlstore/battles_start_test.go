package sqlstore_test

import (
	"context"
	"io"
	"log/slog"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// A battle's answers start streaming before the battle is stored. When it cannot be
// stored, Start says so, the answers are cancelled, and nothing of them is written.
func testStartThatCannotBeStored(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	fake := llmtest.NewServer(t)
	fake.Handle("slow", llmtest.Behavior{FirstDelay: 3 * time.Second, Text: "never stored"})
	for _, name := range []string{"m-one", "m-two"} {
		m := arena.Model{Name: name, ModelID: "slow", Provider: arena.ProviderOpenAI, BaseURL: fake.URL, Active: true, Timeout: 5 * time.Second}
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	var logs arenatest.Buffer
	b := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{},
		Providers: llm.NewProviders(llm.Options{}), Clock: arenatest.NewClock(time.Now()),
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	// No such user: the battle row breaks its foreign key.
	ghost := &arena.User{ID: 999_999, Username: "ghost"}
	if _, err := b.Start(ctx, ghost, "Hello?"); err == nil {
		t.Fatal("a battle of a user who does not exist was started")
	}
	done := make(chan struct{})
	go func() {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		b.Close(cctx)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(1500 * time.Millisecond):
		t.Fatal("the answers of a battle that was never stored still stream")
	}
	// Whatever reached the endpoint was cancelled, not read to its end.
	for _, r := range fake.Requests() {
		if r.Finished && !r.Aborted {
			t.Fatalf("an answer of a battle never stored was read to its end: %+v", r)
		}
	}
	if ids, err := db.StreamingBattles(ctx, time.Now().Add(time.Hour)); err != nil || len(ids) != 0 {
		t.Fatalf("streaming battles %v (%v)", ids, err)
	}
	if n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM turns`); err != nil || n != 0 {
		t.Fatalf("%d turns stored (%v)", n, err)
	}
	if got := logs.String(); strings.Contains(got, "could not store a finished turn") {
		t.Fatalf("the turn of a battle that was never stored was written: %s", got)
	}
}

// A new battle is stored once its answers' requests have left, not before: on a busy
// server the write would otherwise hold the requests back, and the models' first tokens
// with them.
func testStartStoresAfterTheRequestsLeave(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	for _, name := range []string{"m-one", "m-two"} {
		m := arena.Model{Name: name, ModelID: name, Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9", Active: true}
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	u := &arena.User{Username: "voter", Role: arena.RoleUser}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int32
	slowToSend := providerFunc(func(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
		time.Sleep(5 * time.Millisecond) // say, writing the request out
		sent.Add(1)
		arena.Dispatched(ctx)
		onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: "Hello."})
		return arena.Completion{Text: "Hello.", FinishReason: "stop"}, nil
	})
	sentAtCreate := int32(-1)
	store := createHook{BattleStore: db, before: func() { sentAtCreate = sent.Load() }}
	b := arena.NewBattles(arena.BattlesConfig{Store: store, Models: db, Sampler: arena.UniformSampler{},
		Providers: sourceOf{slowToSend}, Clock: arenatest.NewClock(time.Now()),
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if _, err := b.Start(ctx, u, "Hello?"); err != nil {
		t.Fatal(err)
	}
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	b.Close(cctx)
	if sentAtCreate != 2 {
		t.Fatalf("the battle was stored when %d of its 2 requests had left", sentAtCreate)
	}
}

// providerFunc is a Provider made of a function.
type providerFunc func(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error)

func (f providerFunc) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	return f(ctx, req, onDelta)
}

// sourceOf gives every model the same provider.
type sourceOf struct{ p arena.Provider }

func (s sourceOf) For(arena.Model) (arena.Provider, error) { return s.p, nil }

// createHook calls before as a battle is created.
type createHook struct {
	arena.BattleStore
	before func()
}

func (h createHook) CreateBattle(ctx context.Context, b *arena.Battle) error {
	h.before()
	return h.BattleStore.CreateBattle(ctx, b)
}
