package app_test

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
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
)

// Two arenas on one PostgreSQL database share a model's concurrency limit: the app
// gives its providers the database's slots, which endpoint checks take too.
func TestTwoServersShareConcurrency(t *testing.T) {
	url := pgtest.FreshURL(t)
	ctx := context.Background()
	var active, peak, hits atomic.Int64
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		n := active.Add(1)
		defer active.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(30 * time.Millisecond)
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
	}))
	t.Cleanup(endpoint.Close)
	var apps []*app.App
	for range 2 {
		a, err := app.New(ctx, app.Config{DB: url, Log: arenatest.Quiet(), Labs: &app.LabsConfig{Sampler: arena.SampleUniform}})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { a.Close() })
		apps = append(apps, a)
	}
	m := arena.Model{Name: "op-one", ModelID: "m", Provider: arena.ProviderOpenAI, BaseURL: endpoint.URL + "/v1", Active: true,
		Timeout: 10 * time.Second, MaxConcurrency: 1}
	if err := apps[0].Store.CreateModel(ctx, &m); err != nil {
		t.Fatal(err)
	}
	admin, err := apps[0].Accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, a := range apps {
		for i := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if i%2 == 1 {
					if c, err := a.Labs.CheckModel(ctx, admin, m.ID); err != nil || !c.OK {
						t.Errorf("check: %+v, %v", c, err)
					}
					return
				}
				if err := stream(t, a.Providers, m); err != nil {
					t.Errorf("call: %v", err)
				}
			}()
		}
	}
	wg.Wait()
	if got := peak.Load(); got != 1 {
		t.Fatalf("%d calls and checks ran at once across two servers; the model allows 1", got)
	}
	if n := hits.Load(); n != 8 {
		t.Fatalf("the endpoint got %d requests, want 8", n)
	}
}
