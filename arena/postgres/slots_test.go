package postgres

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
)

// Two servers on one database never run more than a model's max_concurrency calls at
// once between them, and both get to run calls.
func TestSlotsHoldAcrossServers(t *testing.T) {
	url := pgtest.FreshURL(t)
	ctx := context.Background()
	const limit = 2
	var active, peak atomic.Int64
	var mu sync.Mutex
	byServer := map[string]int{}
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := active.Add(1)
		defer active.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		mu.Lock()
		byServer[r.Header.Get("X-Test-Server")]++
		mu.Unlock()
		time.Sleep(30 * time.Millisecond)
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	t.Cleanup(endpoint.Close)

	m := arena.Model{ID: 7, Name: "m", Provider: arena.ProviderOpenAI, BaseURL: endpoint.URL + "/v1", ModelID: "m",
		Timeout: 10 * time.Second, MaxConcurrency: limit}
	var wg sync.WaitGroup
	for _, server := range []string{"a", "b"} {
		slots, err := NewSlots(ctx, url, arenatest.Quiet())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(slots.Close)
		client := &http.Client{Transport: headerTransport{server}}
		p, err := llm.NewProviders(llm.Options{HTTPClient: client, Shared: slots}).For(m)
		if err != nil {
			t.Fatal(err)
		}
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if _, err := p.Stream(ctx, arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(arena.Delta) {}); err != nil {
					t.Errorf("server %s: %v", server, err)
				}
			}()
		}
	}
	wg.Wait()
	if got := peak.Load(); got > limit {
		t.Fatalf("%d calls ran at once across the two servers; the model allows %d", got, limit)
	}
	if byServer["a"] != 8 || byServer["b"] != 8 {
		t.Fatalf("calls per server: %v, want 8 each", byServer)
	}
	// Every slot was given back: a third server can take all of them at once.
	third, err := NewSlots(ctx, url, arenatest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	defer third.Close()
	for i := range limit {
		wctx, cancel := context.WithTimeout(ctx, time.Second)
		_, err := third.Acquire(wctx, m.ID, limit)
		cancel()
		if err != nil {
			t.Fatalf("slot %d after the calls: %v", i, err)
		}
	}
	wctx, cancel := context.WithTimeout(ctx, 300*time.Millisecond)
	defer cancel()
	if _, err := third.Acquire(wctx, m.ID, limit); err == nil {
		t.Fatal("a third slot was handed out with two held")
	}
}

// headerTransport marks each request with the server that sent it.
type headerTransport struct{ server string }

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("X-Test-Server", h.server)
	return http.DefaultTransport.RoundTrip(r)
}
