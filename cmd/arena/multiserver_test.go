package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

// TestTwoServersOnePostgres runs two `arena serve` processes on one PostgreSQL database,
// battles and votes through both at once (a battle started on one server is waited on
// and voted on through the other), and checks that both serve the same leaderboard, that
// a leaderboard page open on one server hears of votes cast on the other, and that no
// vote or ledger entry was lost or doubled.
func TestTwoServersOnePostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	url := pgtest.FreshURL(t)
	bin := buildBinary(t)
	dir := t.TempDir()
	pw := filepath.Join(dir, "pw")
	os.WriteFile(pw, []byte("password123\n"), 0o600)
	if out, err := exec.Command(bin, "users", "add", "--db", url, "--password-file", pw, "--admin", "root").CombinedOutput(); err != nil {
		t.Fatalf("users add: %v %s", err, out)
	}
	out, err := exec.Command(bin, "users", "token", "--db", url, "root").Output()
	if err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(string(out))
	bases := make([]string, 2)
	var wg sync.WaitGroup
	for i := range bases {
		addr := freeAddr(t)
		bases[i] = "http://" + addr
		wg.Add(1)
		// Both check the schema at once; one account votes faster than its limits allow.
		go func() { defer wg.Done(); startServer(t, bin, url, addr, "--no-rate-limits") }()
	}
	wg.Wait()

	// A leaderboard page open on server B.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", bases[1]+"/leaderboard/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	heard := make(chan struct{}, 100)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if sc.Text() == "event: votes" {
				heard <- struct{}{}
			}
		}
	}()
	time.Sleep(200 * time.Millisecond) // let the stream subscribe

	// One vote through A: B's page hears of it.
	vote := func(start, finish string, i int) string {
		b := call(t, "POST", start+"/api/battles", token, map[string]string{"prompt": fmt.Sprintf("question %d", i)})
		id := b["id"].(string)
		// The wait asks for up to a minute but must end when the answers are in, which on
		// the other server only an event can tell it: give up well before the minute.
		if got := callWithin(t, 15*time.Second, finish+"/api/battles/"+id+"?wait=60s", token); got["status"] != "ready" {
			t.Errorf("battle %s started on %s, waited on %s: %v", id, start, finish, got)
			return id
		}
		call(t, "POST", finish+"/api/battles/"+id+"/vote", token, map[string]any{"winner": []string{"model_a", "model_b", "tie"}[i%3]})
		return id
	}
	vote(bases[0], bases[0], 0)
	select {
	case <-heard:
	case <-time.After(5 * time.Second):
		t.Fatal("a vote on server A did not reach the leaderboard page open on server B within 5 s")
	}

	// Many at once, crossing servers.
	const workers, each = 6, 8
	var mu sync.Mutex
	ids := map[string]bool{}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range each {
				i := 1 + w*each + j
				id := vote(bases[i%2], bases[(i/2)%2], i)
				mu.Lock()
				ids[id] = true
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	total := 1 + workers*each
	if len(ids) != workers*each {
		t.Fatalf("%d distinct battles, want %d", len(ids), workers*each)
	}

	// Both servers serve the same leaderboard, counting every vote once.
	deadline := time.Now().Add(10 * time.Second)
	for {
		a := call(t, "GET", bases[0]+"/api/leaderboard", token, nil)
		b := call(t, "GET", bases[1]+"/api/leaderboard", token, nil)
		// Intervals may still be the quick estimate on one server and bootstrapped on
		// the other; the ratings and counts must agree.
		same := reflect.DeepEqual(standings(a), standings(b)) && a["battles"] == b["battles"]
		if same && a["battles"].(float64) == float64(total) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("leaderboards differ or miss votes (want %d battles):\nA: %v\nB: %v", total, a, b)
		}
		time.Sleep(100 * time.Millisecond)
	}

	// The database holds each vote once and one ledger entry per vote.
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var votes, entries, distinct int
	if err := conn.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM votes), (SELECT COUNT(*) FROM ledger WHERE reason = 'vote'),
		(SELECT COUNT(DISTINCT ref) FROM ledger WHERE reason = 'vote')`).Scan(&votes, &entries, &distinct); err != nil {
		t.Fatal(err)
	}
	if votes != total || entries != total || distinct != total {
		t.Fatalf("votes %d, vote ledger entries %d (%d distinct), want %d each", votes, entries, distinct, total)
	}
	var pairVotes int
	if err := conn.QueryRow(ctx, `SELECT CAST(SUM(wins_lo + wins_hi + ties + both_bad) AS BIGINT) FROM pair_counts`).Scan(&pairVotes); err != nil {
		t.Fatal(err)
	}
	if pairVotes != total {
		t.Fatalf("pair counters hold %d votes, want %d", pairVotes, total)
	}
}

// standings is a leaderboard's models with their ratings, ranks and records.
func standings(lb map[string]any) []string {
	var out []string
	models, _ := lb["models"].([]any)
	for _, m := range models {
		e := m.(map[string]any)
		out = append(out, fmt.Sprintf("%v %.6f %v %v/%v/%v", e["model"], e["rating"], e["rank"], e["wins"], e["losses"], e["ties"]))
	}
	return out
}

// callWithin GETs url, failing t if no answer comes within d.
func callWithin(t *testing.T, d time.Duration, url, token string) map[string]any {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", url, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Errorf("GET %s: no answer within %s: %v", url, d, err)
		return nil
	}
	defer res.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d %v %v", url, res.StatusCode, out, err)
	}
	return out
}
