package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/postgres/pgtest"
)

// BenchmarkVotesThroughServers measures votes per second through the JSON API of real
// `arena serve` processes, 16 voters (each an account of its own) spread over the
// servers. ARENA_BENCH_SERVERS sets how many servers share the database (1 when unset);
// ARENA_BENCH_DB=postgres puts them on a fresh database on the ARENA_TEST_POSTGRES
// server, otherwise they share a SQLite file (one server is all SQLite supports).
//
//	ARENA_BENCH_DB=postgres ARENA_BENCH_SERVERS=2 go test -run '^$' -bench VotesThroughServers -benchtime 4000x ./cmd/arena
func BenchmarkVotesThroughServers(b *testing.B) {
	servers, _ := strconv.Atoi(os.Getenv("ARENA_BENCH_SERVERS"))
	servers = max(servers, 1)
	db := filepath.Join(b.TempDir(), "arena.db")
	if os.Getenv("ARENA_BENCH_DB") == "postgres" {
		db = pgtest.FreshURL(b)
	} else if servers > 1 {
		b.Skip("several servers need PostgreSQL: set ARENA_BENCH_DB=postgres")
	}
	bin := buildBinary(b)
	dir := b.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("password123\n"), 0o600)
	const voters = 16
	tokens := make([]string, voters)
	for i := range tokens {
		name := fmt.Sprintf("voter%d", i)
		if out, err := exec.Command(bin, "users", "add", "--db", db, "--password-file", pw, name).CombinedOutput(); err != nil {
			b.Fatalf("users add: %v %s", err, out)
		}
		out, err := exec.Command(bin, "users", "token", "--db", db, name).Output()
		if err != nil {
			b.Fatal(err)
		}
		tokens[i] = strings.TrimSpace(string(out))
	}
	bases := make([]string, servers)
	for i := range bases {
		addr := freeAddr(b)
		startServer(b, bin, db, addr, "--no-rate-limits", "--vote-points", "10")
		bases[i] = "http://" + addr
	}

	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 30 * time.Second}
	// do sends a request and decodes the answer into out, if not nil.
	do := func(method, url, token, body string, out any) error {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return err
		}
		defer res.Body.Close()
		if res.StatusCode >= 300 {
			msg, _ := io.ReadAll(res.Body)
			return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, msg)
		}
		if out != nil {
			return json.NewDecoder(res.Body).Decode(out)
		}
		_, err = io.Copy(io.Discard, res.Body)
		return err
	}
	// Battles to vote on, each voter's own, started and finished before the clock runs.
	ids := make([][]string, voters)
	var wg sync.WaitGroup
	for v := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := v; i < b.N; i += voters {
				base := bases[i%servers]
				var bt struct{ ID, Status string }
				if err := do("POST", base+"/api/battles", tokens[v], `{"prompt":"vote bench"}`, &bt); err != nil {
					b.Error(err)
					return
				}
				if err := do("GET", base+"/api/battles/"+bt.ID+"?wait=30s", tokens[v], "", &bt); err != nil || bt.Status != "ready" {
					b.Errorf("waiting for battle %s: %s %v", bt.ID, bt.Status, err)
					return
				}
				ids[v] = append(ids[v], bt.ID)
			}
		}()
	}
	wg.Wait()
	if b.Failed() {
		return
	}
	var failed atomic.Int64
	b.ResetTimer()
	start := time.Now()
	for v := range voters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j, id := range ids[v] {
				if err := do("POST", bases[(v+j)%servers]+"/api/battles/"+id+"/vote", tokens[v], `{"winner":"model_a","reasons":["clearer"]}`, nil); err != nil {
					if failed.Add(1) == 1 {
						b.Log(err)
					}
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
