package web_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

func benchEnv(b *testing.B) *env { return newEnvTB(b) }

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// BenchmarkTTFTOverhead compares the time to the first token of a direct streaming call
// to the fake provider with the time from posting a prompt to the arena to the first
// answer text arriving over the battle's websocket.
func BenchmarkTTFTOverhead(b *testing.B) {
	e := benchEnv(b)
	e.fake.Handle("alpha", llmtest.Behavior{FirstDelay: 5 * time.Millisecond, Text: "first second third"})
	e.fake.Handle("beta", llmtest.Behavior{FirstDelay: 5 * time.Millisecond, Text: "first second third"})
	a := e.apiUser("bench")
	client := &http.Client{}
	var direct, arenaTTFT []time.Duration
	for b.Loop() {
		// Direct: a streaming request straight to the fake provider.
		start := time.Now()
		body := `{"model":"alpha","stream":true,"messages":[{"role":"user","content":"hi"}]}`
		res, err := client.Post(e.fake.URL+"/chat/completions", "application/json", strings.NewReader(body))
		if err != nil {
			b.Fatal(err)
		}
		// The first text, as below: the chunk before it (the role, with empty content)
		// is not a token.
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if strings.Contains(sc.Text(), `"content":"first`) {
				break
			}
		}
		direct = append(direct, time.Since(start))
		io.Copy(io.Discard, res.Body)
		res.Body.Close()

		// Through the arena: create the battle, open its socket, wait for text.
		start = time.Now()
		req, _ := http.NewRequest("POST", e.srv.URL+"/api/battles", strings.NewReader(`{"prompt":"hi"}`))
		req.Header.Set("Authorization", "Bearer "+a.token)
		req.Header.Set("Content-Type", "application/json")
		res, err = client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		var out map[string]string
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/ws/battles/"+out["id"],
			http.Header{"Authorization": {"Bearer " + a.token}})
		if err != nil {
			b.Fatal(err)
		}
		for {
			_, msg, err := conn.ReadMessage()
			if err != nil {
				b.Fatal(err)
			}
			if bytes.Contains(msg, []byte("first")) {
				break
			}
		}
		arenaTTFT = append(arenaTTFT, time.Since(start))
		conn.Close()
	}
	d, s := median(direct), median(arenaTTFT)
	b.ReportMetric(float64(d.Microseconds())/1000, "direct-ttft-ms")
	b.ReportMetric(float64(s.Microseconds())/1000, "arena-ttft-ms")
	b.ReportMetric(float64((s-d).Microseconds())/1000, "added-ms")
}

// BenchmarkConcurrentBattles streams 200 battles at once through one server, each
// watched over its own websocket, and reports errors and memory.
func BenchmarkConcurrentBattles(b *testing.B) {
	const n = 200
	e := benchEnv(b)
	words := strings.Repeat("token ", 60)
	e.fake.Handle("alpha", llmtest.Behavior{ChunkDelay: 10 * time.Millisecond, Text: words})
	e.fake.Handle("beta", llmtest.Behavior{ChunkDelay: 10 * time.Millisecond, Text: words})
	a := e.apiUser("load")
	var peak uint64
	stop := make(chan struct{})
	go func() {
		var ms runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
				runtime.ReadMemStats(&ms)
				if ms.HeapInuse > atomic.LoadUint64(&peak) {
					atomic.StoreUint64(&peak, ms.HeapInuse)
				}
			}
		}
	}()
	var failures atomic.Int64
	for b.Loop() {
		var wg sync.WaitGroup
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := streamOne(e, a); err != nil {
					failures.Add(1)
					b.Log(err)
				}
			}()
		}
		wg.Wait()
	}
	close(stop)
	b.ReportMetric(float64(failures.Load()), "errors")
	b.ReportMetric(float64(atomic.LoadUint64(&peak))/(1<<20), "peak-heap-MB")
	if failures.Load() > 0 {
		b.Fatalf("%d of %d battles failed", failures.Load(), n*b.N)
	}
}

func streamOne(e *env, a *apiClient) error {
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/battles", strings.NewReader(`{"prompt":"load"}`))
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	var out map[string]string
	json.NewDecoder(res.Body).Decode(&out)
	res.Body.Close()
	if res.StatusCode != 201 {
		return fmt.Errorf("create: %d", res.StatusCode)
	}
	conn, _, err := websocket.DefaultDialer.Dial("ws"+strings.TrimPrefix(e.srv.URL, "http")+"/ws/battles/"+out["id"],
		http.Header{"Authorization": {"Bearer " + a.token}})
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetReadDeadline(time.Now().Add(60 * time.Second))
	for {
		_, msg, err := conn.ReadMessage()
		if err != nil {
			return err
		}
		var f struct{ Status string }
		json.Unmarshal(msg, &f)
		switch f.Status {
		case "ready":
			return nil
		case "failed":
			return fmt.Errorf("battle failed: %s", msg)
		}
	}
}

// BenchmarkVotes measures votes per second through the JSON API on SQLite, from
// concurrent clients, each vote a full transaction (vote, counters, ledger).
func BenchmarkVotes(b *testing.B) {
	e := newEnvTB(b, arena.Model{Name: "demo-terse", Provider: arena.ProviderDemo, ModelID: "demo-terse"},
		arena.Model{Name: "demo-coder", Provider: arena.ProviderDemo, ModelID: "demo-coder"})
	ctx := context.Background()
	a := e.apiUser("voter")
	u, _ := e.db.UserByName(ctx, "voter")
	// Only demo models, answering instantly, so preparing battles is cheap.
	for _, name := range []string{"secret-alpha-7b", "secret-beta-13b"} {
		m, _ := e.db.ModelByName(ctx, name)
		m.Active = false
		e.db.UpdateModel(ctx, m)
	}
	ids := make([]string, b.N)
	for i := range ids {
		bt, err := e.battles.Start(ctx, u, "vote bench")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.battles.Wait(ctx, u, bt.ID); err != nil {
			b.Fatal(err)
		}
		ids[i] = bt.ID
	}
	tr := &http.Transport{MaxIdleConnsPerHost: 64}
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if int(i) >= len(ids) {
					return
				}
				req, _ := http.NewRequest("POST", e.srv.URL+"/api/battles/"+ids[i]+"/vote", strings.NewReader(`{"winner":"model_a","reasons":["clearer"]}`))
				req.Header.Set("Authorization", "Bearer "+a.token)
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil || res.StatusCode != 200 {
					failed.Add(1)
				}
				if res != nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
				}
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "votes/s")
	if failed.Load() > 0 {
		b.Fatalf("%d votes failed", failed.Load())
	}
}
