package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/postgres"
)

// The request kinds the drive phase sends and reports.
const (
	kindVote        = "vote"         // POST /api/battles/{id}/vote, acknowledged after the commit
	kindStart       = "battle-start" // POST /api/battles, before each vote
	kindBattle      = "battle"       // GET /battle/{id}, a filled battle of the worker's account
	kindLeaderboard = "leaderboard"  // GET /leaderboard
	kindMe          = "me"           // GET /me
	kindExport      = "export"       // GET /api/export, the whole dataset, one at a time
)

// driveKinds are the kinds --mix may weigh; each vote also starts a battle.
var driveKinds = []string{kindVote, kindBattle, kindLeaderboard, kindMe}

// urlList is a repeatable flag.
type urlList []string

func (u *urlList) String() string { return strings.Join(*u, ",") }
func (u *urlList) Set(s string) error {
	if !strings.HasPrefix(s, "http://") && !strings.HasPrefix(s, "https://") {
		return fmt.Errorf("--url wants a server's base URL such as http://127.0.0.1:8080, got %q", s)
	}
	*u = append(*u, strings.TrimSuffix(s, "/"))
	return nil
}

// driveOptions is what the drive phase does.
type driveOptions struct {
	duration         time.Duration
	workers, servers int
	urls             urlList
	mix              string
	weights          map[string]int
	jsonOut, bin     string
}

// check validates the options and parses --mix.
func (o *driveOptions) check() error {
	if o.duration < 0 {
		return fmt.Errorf("--duration must be 0 or more, got %s", o.duration)
	}
	if o.workers < 1 {
		return fmt.Errorf("--workers must be at least 1, got %d", o.workers)
	}
	if o.servers < 1 {
		return fmt.Errorf("--servers must be at least 1, got %d", o.servers)
	}
	o.weights = map[string]int{}
	total := 0
	for _, part := range strings.Split(o.mix, ",") {
		name, w, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(w)
		if !ok || err != nil || n < 0 || !slices.Contains(driveKinds, name) {
			return fmt.Errorf("--mix wants KIND=WEIGHT,... with kinds %s and whole weights, got %q", strings.Join(driveKinds, ", "), part)
		}
		o.weights[name] = n
		total += n
	}
	if total == 0 {
		return fmt.Errorf("--mix gives every kind weight 0: nothing to send")
	}
	kinds := 0
	for _, n := range o.weights {
		kinds += min(n, 1)
	}
	if o.workers < kinds {
		return fmt.Errorf("--workers %d is fewer than the %d kinds --mix weighs: each kind needs a worker", o.workers, kinds)
	}
	return nil
}

// assign gives each worker the one kind it sends, in proportion to the weights, each
// weighed kind at least one worker: a kind whose requests are slow then does not hold
// back the others, as in a real arena where each person does one thing at a time.
func (o *driveOptions) assign() []string {
	var weighed []string
	total := 0
	for _, k := range driveKinds {
		if o.weights[k] > 0 {
			weighed = append(weighed, k)
			total += o.weights[k]
		}
	}
	n, given := map[string]int{}, 0
	for _, k := range weighed {
		n[k] = 1 + (o.workers-len(weighed))*o.weights[k]/total
		given += n[k]
	}
	// What rounding down left goes to the heaviest kinds.
	heaviest := slices.Clone(weighed)
	slices.SortStableFunc(heaviest, func(a, b string) int { return o.weights[b] - o.weights[a] })
	for i := 0; given < o.workers; i++ {
		n[heaviest[i%len(heaviest)]]++
		given++
	}
	var out []string
	for _, k := range weighed {
		for range n[k] {
			out = append(out, k)
		}
	}
	return out
}

// KindStats is one request kind's figures.
type KindStats struct {
	Kind   string `json:"kind"`
	Count  int    `json:"count"`
	Errors int    `json:"errors"`
	// Unfinished counts the requests still waiting for their answer when the run ended.
	Unfinished int     `json:"unfinished"`
	P50MS      float64 `json:"p50_ms"`
	P99MS      float64 `json:"p99_ms"`
	MaxMS      float64 `json:"max_ms"`
}

// ServerStats is one server's memory, as the kernel counts it (VmRSS, VmHWM) for a
// server gen-load started, or as its /metrics says for one it was given.
type ServerStats struct {
	URL       string  `json:"url"`
	StartupMS float64 `json:"startup_ms,omitempty"` // until /healthz answered, for a server gen-load started
	RSSStart  int64   `json:"rss_start_bytes"`
	RSSPeak   int64   `json:"rss_peak_bytes"`
	RSSEnd    int64   `json:"rss_end_bytes"`
}

// LoadReport is what the drive phase measured.
type LoadReport struct {
	Duration      float64       `json:"duration_s"`
	Workers       int           `json:"workers"`
	Votes         int           `json:"votes"`
	VotesPerSec   float64       `json:"votes_per_s"`
	Kinds         []KindStats   `json:"kinds"`
	Servers       []ServerStats `json:"servers"`
	ExportBytes   int64         `json:"export_bytes"`
	ExportsDone   int           `json:"exports_done"`
	FirstBoardMS  float64       `json:"first_leaderboard_ms,omitempty"`
	FilledBattles int           `json:"battles_sampled"`
}

// recorder collects latencies per kind.
type recorder struct {
	mu     sync.Mutex
	lat    map[string][]time.Duration
	errs   map[string]int
	cut    map[string]int // requests the end of the run cut off
	logged atomic.Int32
	log    io.Writer
}

func (r *recorder) add(kind string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.errs[kind]++
		if r.logged.Add(1) <= 5 {
			fmt.Fprintf(r.log, "gen-load: %s: %v\n", kind, err)
		}
		return
	}
	r.lat[kind] = append(r.lat[kind], d)
}

func (r *recorder) stats(kinds []string) []KindStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []KindStats
	for _, k := range kinds {
		l := r.lat[k]
		slices.Sort(l)
		s := KindStats{Kind: k, Count: len(l), Errors: r.errs[k], Unfinished: r.cut[k]}
		if len(l) > 0 {
			s.P50MS, s.P99MS, s.MaxMS = msOf(quantile(l, 0.5)), msOf(quantile(l, 0.99)), msOf(l[len(l)-1])
		}
		out = append(out, s)
	}
	return out
}

// quantile is the nearest-rank q-quantile of sorted durations.
func quantile(sorted []time.Duration, q float64) time.Duration {
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// driveUser is a worker's account: its token and battles to view.
type driveUser struct {
	token   string
	battles []string
}

// driveUsers makes an API token for each worker, the heaviest accounts first, and
// lists some of each one's filled battles.
func driveUsers(ctx context.Context, db string, workers int) ([]*driveUser, error) {
	store, err := openStore(ctx, db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	admin := (&arena.AccountAdmin{Store: store}).AsOperator()
	tokens := &arena.Tokens{Store: store, Clock: arena.SystemClock{}}
	var out []*driveUser
	for i := range workers {
		name := loadAccountPrefix + strconv.Itoa(1+i)
		u, err := admin.Account(ctx, name)
		if arena.ErrorCode(err) == arena.ENOTFOUND && len(out) > 0 {
			// Fewer accounts than workers: the accounts take more than one worker each.
			first := out[i%len(out)]
			out = append(out, &driveUser{token: first.token, battles: slices.Clone(first.battles)})
			continue
		} else if err != nil {
			return nil, fmt.Errorf("account %s: %s (the drive needs the accounts a gen-load fill creates)", name, arena.ErrorMessage(err))
		}
		_, secret, err := tokens.Create(ctx, u, "gen-load")
		if err != nil {
			return nil, err
		}
		bs, err := store.MyBattles(ctx, u.ID, arena.MyBattlesQuery{Status: arena.StatusVoted, Limit: 50})
		if err != nil {
			return nil, err
		}
		du := &driveUser{token: secret}
		for _, b := range bs {
			du.battles = append(du.battles, b.ID)
		}
		out = append(out, du)
	}
	return out, nil
}

// server is a server under load.
type server struct {
	base    string
	cmd     *exec.Cmd     // nil for one given with --url
	stderr  *bytes.Buffer // what a started server said
	stats   ServerStats
	startMu sync.Mutex
}

// startServers starts n `arena serve` processes on db.
func startServers(ctx context.Context, bin, db string, n int) ([]*server, error) {
	var out []*server
	for range n {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return out, err
		}
		addr := ln.Addr().String()
		ln.Close()
		s := &server{base: "http://" + addr, stderr: &bytes.Buffer{}}
		// Vote quality is off: workers voting instantly are what it would exclude.
		s.cmd = exec.CommandContext(ctx, bin, "serve", "--addr", addr, "--db", db, "--log-level", "warn", "--no-rate-limits",
			"--no-vote-quality", "--vote-points", strconv.Itoa(loadVotePoints), "--demo-delay", "-1ns")
		s.cmd.Stderr = &lockedWriter{w: s.stderr, mu: &s.startMu}
		began := time.Now()
		if err := s.cmd.Start(); err != nil {
			return out, err
		}
		out = append(out, s)
		if err := waitHealthy(ctx, s, 5*time.Minute); err != nil {
			return out, err
		}
		s.stats.StartupMS = msOf(time.Since(began))
	}
	return out, nil
}

// lockedWriter guards a buffer a process writes while gen-load may read it.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func waitHealthy(ctx context.Context, s *server, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if res, err := http.Get(s.base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		if s.cmd.ProcessState != nil {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	s.startMu.Lock()
	defer s.startMu.Unlock()
	return fmt.Errorf("the server at %s did not become healthy within %s: %s", s.base, limit, s.stderr.String())
}

// rss is a server's resident memory: from /proc for a process gen-load started, else
// from its /metrics (0 when neither tells).
func (s *server) rss(client *http.Client) (cur, peak int64) {
	if s.cmd != nil {
		f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
		if err != nil {
			return 0, 0
		}
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			k, v, _ := strings.Cut(sc.Text(), ":")
			kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			switch k {
			case "VmRSS":
				cur = kb << 10
			case "VmHWM":
				peak = kb << 10
			}
		}
		return cur, peak
	}
	res, err := client.Get(s.base + "/metrics")
	if err != nil {
		return 0, 0
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "process_resident_memory_bytes "); ok {
			f, _ := strconv.ParseFloat(v, 64)
			return int64(f), 0
		}
	}
	return 0, 0
}

// drive loads the servers and prints the report.
func drive(ctx context.Context, env *Env, db string, o driveOptions) error {
	if len(o.urls) == 0 && o.servers > 1 && !postgres.IsURL(db) {
		return fmt.Errorf("--servers %d needs PostgreSQL: SQLite allows one server per database", o.servers)
	}
	users, err := driveUsers(ctx, db, o.workers)
	if err != nil {
		return err
	}
	var servers []*server
	if len(o.urls) > 0 {
		for _, u := range o.urls {
			servers = append(servers, &server{base: u})
		}
	} else {
		bin := o.bin
		if bin == "" {
			if bin, err = os.Executable(); err != nil {
				return err
			}
		}
		sctx, stop := context.WithCancel(context.WithoutCancel(ctx))
		defer stop()
		started, err := startServers(sctx, bin, db, o.servers)
		defer func() {
			for _, s := range started {
				s.cmd.Process.Signal(os.Interrupt)
				s.cmd.Wait()
			}
		}()
		if err != nil {
			return err
		}
		servers = started
	}
	// No timeout: at scale a page may take minutes, which is what the report is for; the
	// run's end cancels what is still waiting.
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: o.workers + 4}}
	for _, s := range servers {
		s.stats.URL = s.base
		s.stats.RSSStart, _ = s.rss(client)
	}
	rep := &LoadReport{Workers: o.workers}
	for _, u := range users {
		rep.FilledBattles += len(u.battles)
	}
	// The first leaderboard is fitted from scratch; later ones come from the cache until
	// a vote invalidates it. The first (all servers' at once) is reported apart, and only
	// if the mix has leaderboards: at scale it takes minutes, which a run without them
	// need not wait for.
	if o.weights[kindLeaderboard] > 0 {
		t0 := time.Now()
		errs := make([]error, len(servers))
		var wg sync.WaitGroup
		for i, s := range servers {
			wg.Go(func() { errs[i] = fetch(ctx, client, "GET", s.base+"/leaderboard", users[0].token, "", nil) })
		}
		wg.Wait()
		if err := errors.Join(errs...); err != nil {
			return fmt.Errorf("first leaderboard: %w", err)
		}
		rep.FirstBoardMS = msOf(time.Since(t0))
		fmt.Fprintf(env.Stderr, "gen-load: first leaderboard in %.1f s\n", rep.FirstBoardMS/1000)
	}
	rec := &recorder{lat: map[string][]time.Duration{}, errs: map[string]int{}, cut: map[string]int{}, log: env.Stderr}
	dctx, cancel := context.WithTimeout(ctx, o.duration)
	defer cancel()
	var votes atomic.Int64
	var wg sync.WaitGroup
	began := time.Now()
	for w, kind := range o.assign() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 0xd21e))
			u, base := users[w], servers[w%len(servers)].base
			for dctx.Err() == nil {
				switch kind {
				case kindVote:
					if driveVote(dctx, client, rec, base, u, rng) {
						votes.Add(1)
					}
				case kindBattle:
					if len(u.battles) == 0 {
						rec.add(kindBattle, 0, fmt.Errorf("account has no battles to view"))
						return
					}
					timed(dctx, rec, kindBattle, func() error {
						return fetch(dctx, client, "GET", base+"/battle/"+u.battles[rng.IntN(len(u.battles))], u.token, "", nil)
					})
				case kindLeaderboard:
					timed(dctx, rec, kindLeaderboard, func() error { return fetch(dctx, client, "GET", base+"/leaderboard", u.token, "", nil) })
				case kindMe:
					timed(dctx, rec, kindMe, func() error { return fetch(dctx, client, "GET", base+"/me", u.token, "", nil) })
				}
			}
		}()
	}
	var exportBytes atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for dctx.Err() == nil {
			timed(dctx, rec, kindExport, func() error {
				return fetchCounting(dctx, client, servers[0].base+"/api/export?format=jsonl", users[0].token, &exportBytes)
			})
			if dctx.Err() == nil {
				rep.ExportsDone++
			}
		}
	}()
	// Memory, sampled every second while the load runs.
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			select {
			case <-dctx.Done():
				return
			case <-tick.C:
			}
			for _, s := range servers {
				cur, peak := s.rss(client)
				s.stats.RSSPeak = max(s.stats.RSSPeak, cur, peak)
			}
		}
	}()
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	rep.Duration = time.Since(began).Seconds()
	rep.Votes = int(votes.Load())
	rep.VotesPerSec = float64(rep.Votes) / rep.Duration
	rep.ExportBytes = exportBytes.Load()
	rep.Kinds = rec.stats([]string{kindVote, kindStart, kindBattle, kindLeaderboard, kindMe, kindExport})
	for _, s := range servers {
		cur, peak := s.rss(client)
		s.stats.RSSEnd, s.stats.RSSPeak = cur, max(s.stats.RSSPeak, cur, peak)
		rep.Servers = append(rep.Servers, s.stats)
	}
	printLoadReport(env.Stdout, rep)
	if o.jsonOut != "" {
		b, _ := json.MarshalIndent(rep, "", "  ")
		if err := os.WriteFile(o.jsonOut, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// driveVote starts a battle, waits for both answers and votes, timing the start and
// the vote; it reports whether the vote was acknowledged.
func driveVote(ctx context.Context, client *http.Client, rec *recorder, base string, u *driveUser, rng *rand.Rand) bool {
	var b struct{ ID, Status string }
	prompt := fmt.Sprintf(`{"prompt":"Load test question %d: %s?"}`, rng.IntN(1_000_000), loadWords[rng.IntN(len(loadWords))])
	if !timed(ctx, rec, kindStart, func() error { return fetch(ctx, client, "POST", base+"/api/battles", u.token, prompt, &b) }) {
		return false
	}
	if err := fetch(ctx, client, "GET", base+"/api/battles/"+b.ID+"?wait=30s", u.token, "", &b); err != nil || b.Status != "ready" {
		if ctx.Err() == nil {
			rec.add(kindVote, 0, fmt.Errorf("battle %s not ready to vote on: %q %v", b.ID, b.Status, err))
		}
		return false
	}
	winner := []string{"model_a", "model_b", "tie", "both_bad"}[rng.IntN(4)]
	ok := timed(ctx, rec, kindVote, func() error {
		return fetch(ctx, client, "POST", base+"/api/battles/"+b.ID+"/vote", u.token, `{"winner":"`+winner+`"}`, nil)
	})
	if ok && len(u.battles) < 200 {
		u.battles = append(u.battles, b.ID) // one worker per user slice: see driveUsers
	}
	return ok
}

// timed runs fn and records its latency under kind; a request cut off by the end of
// the run is counted as unfinished, with no latency.
func timed(ctx context.Context, rec *recorder, kind string, fn func() error) bool {
	t := time.Now()
	err := fn()
	if ctx.Err() != nil {
		rec.mu.Lock()
		rec.cut[kind]++
		rec.mu.Unlock()
		return false
	}
	rec.add(kind, time.Since(t), err)
	return err == nil
}

// fetch sends a request with the token and reads the whole answer, decoding it into
// out if not nil; a status of 300 or more is an error.
func fetch(ctx context.Context, client *http.Client, method, url, token, body string, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		msg, _ := io.ReadAll(io.LimitReader(res.Body, 500))
		return fmt.Errorf("%s %s: %d %s", method, url, res.StatusCode, bytes.TrimSpace(msg))
	}
	if out != nil {
		return json.NewDecoder(res.Body).Decode(out)
	}
	_, err = io.Copy(io.Discard, res.Body)
	return err
}

// fetchCounting GETs url, adding the bytes of the answer to n as they come.
func fetchCounting(ctx context.Context, client *http.Client, url, token string, n *atomic.Int64) error {
	req, err := http.NewRequestWithContext(ctx, "GET", url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode >= 300 {
		return fmt.Errorf("GET %s: %d", url, res.StatusCode)
	}
	buf := make([]byte, 256<<10)
	for {
		k, err := res.Body.Read(buf)
		n.Add(int64(k))
		if errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// printLoadReport prints the report as a table.
func printLoadReport(w io.Writer, r *LoadReport) {
	fmt.Fprintf(w, "%d workers for %.1f s: %d votes, %.1f votes/s", r.Workers, r.Duration, r.Votes, r.VotesPerSec)
	if r.FirstBoardMS > 0 {
		fmt.Fprintf(w, "; first leaderboard %.1f ms", r.FirstBoardMS)
	}
	fmt.Fprint(w, "\n\n")
	fmt.Fprintf(w, "%-13s %8s %7s %10s %10s %10s %10s\n", "kind", "requests", "errors", "unfinished", "p50 ms", "p99 ms", "max ms")
	for _, k := range r.Kinds {
		fmt.Fprintf(w, "%-13s %8d %7d %10d %10.2f %10.2f %10.2f\n", k.Kind, k.Count, k.Errors, k.Unfinished, k.P50MS, k.P99MS, k.MaxMS)
	}
	fmt.Fprintf(w, "\nexport: %d complete, %.1f MB streamed (%.1f MB/s)\n", r.ExportsDone, float64(r.ExportBytes)/1e6, float64(r.ExportBytes)/1e6/r.Duration)
	for _, s := range r.Servers {
		fmt.Fprintf(w, "server %s: RSS %.0f MB at start, %.0f MB peak, %.0f MB at end", s.URL, float64(s.RSSStart)/1e6, float64(s.RSSPeak)/1e6, float64(s.RSSEnd)/1e6)
		if s.StartupMS > 0 {
			fmt.Fprintf(w, "; healthy %.1f s after start", s.StartupMS/1000)
		}
		fmt.Fprintln(w)
	}
}
