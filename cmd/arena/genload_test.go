package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestGenLoad fills a small database with gen-load and checks it is what the vote
// path would have left (rows, counters, balances, skew), that a server started on it
// serves the leaderboard `arena rank --db` recomputes from the votes, and that the
// drive phase loads a real server with every request kind and reports them all.
func TestGenLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	const votes, users, models = 2000, 300, 12
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	out, stderr, err := runCmd(t, "", "gen-load", "--db", db, "--votes", "2000", "--users", "300", "--models", "12", "--duration", "0")
	if err != nil {
		t.Fatalf("fill: %v\n%s%s", err, out, stderr)
	}
	raw, err := sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	count := func(q string) int {
		t.Helper()
		var n int
		if err := raw.QueryRow(q).Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	for q, want := range map[string]int{
		`SELECT COUNT(*) FROM battles WHERE status = 'voted' AND tagger > 0 AND language = 'en'`:                     votes,
		`SELECT COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id WHERE v.counted = 1`:                      votes,
		`SELECT COUNT(*) FROM turns WHERE length(answer_a) >= 200 AND length(answer_b) >= 200 AND status_a = 'done'`: votes,
		`SELECT COUNT(*) FROM users`:                                                           users,
		`SELECT COUNT(*) FROM users WHERE is_guest = 0`:                                        100,
		`SELECT COUNT(*) FROM models WHERE active = 1`:                                         models,
		`SELECT COUNT(*) FROM ledger WHERE reason = 'vote'`:                                    votes,
		`SELECT SUM(amount) FROM ledger`:                                                       votes * loadVotePoints,
		`SELECT SUM(wins_lo + wins_hi + ties + both_bad) FROM pair_counts WHERE category = ''`: votes,
		// Every tag's counters hold exactly the votes on battles with that tag.
		`SELECT COUNT(*) FROM (SELECT p.category, SUM(p.wins_lo + p.wins_hi + p.ties + p.both_bad) AS n FROM pair_counts p
			WHERE p.category <> '' GROUP BY p.category) c
			WHERE c.n <> (SELECT COUNT(*) FROM battles b WHERE ',' || b.category || ',' LIKE '%,' || c.category || ',%')`: 0,
		// The votes cover the 90 days.
		`SELECT (MAX(created_at) - MIN(created_at)) / 86400000 FROM votes`:      89,
		`SELECT COUNT(*) FROM votes WHERE publish = 1 AND consent_version = ''`: 0,
	} {
		if got := count(q); got != want {
			t.Errorf("%s = %d, want %d", q, got, want)
		}
	}
	if n := count(`SELECT COUNT(DISTINCT category) FROM pair_counts`); n < 4 {
		t.Errorf("the prompts carry only %d tags' counters", n)
	}
	// A few heavy users, many light ones: the accounts are the heaviest.
	heaviest := count(`SELECT MAX(n) FROM (SELECT COUNT(*) AS n FROM votes GROUP BY user_id) x`)
	median := count(`SELECT n FROM (SELECT COUNT(*) AS n FROM votes GROUP BY user_id) x ORDER BY n LIMIT 1 OFFSET (SELECT COUNT(DISTINCT user_id) / 2 FROM votes)`)
	accounts := count(`SELECT COUNT(*) FROM votes v JOIN users u ON u.id = v.user_id WHERE u.is_guest = 0`)
	if heaviest < 8*median || accounts < votes/2 {
		t.Errorf("the heaviest user cast %d votes, the median %d, the 100 accounts %d of %d", heaviest, median, accounts, votes)
	}
	// Prompts and answers of realistic, varied lengths.
	if lo, hi := count(`SELECT MIN(length(prompt)) FROM turns`), count(`SELECT MAX(length(answer_a)) FROM turns`); lo > 300 || hi < 3000 {
		t.Errorf("prompts from %d characters, answers up to %d: want short prompts and long answers among them", lo, hi)
	}
	raw.Close()

	// The fill refuses a database it has filled already, and changes nothing.
	if _, _, err := runCmd(t, "", "gen-load", "--db", db, "--votes", "10", "--duration", "0"); err == nil || !strings.Contains(err.Error(), "new database") {
		t.Errorf("a second fill: %v", err)
	}

	// The served leaderboards are the ones recomputed from the votes: the plain board
	// and a category's, fitted from the counters, and the style-controlled default.
	bin := buildBinary(t)
	addr := freeAddr(t)
	srv := startServer(t, bin, db, addr)
	token := strings.TrimSpace(mustOutput(t, bin, "users", "token", "--db", db, "load1"))
	for query, args := range map[string][]string{
		"?style=0":               {},
		"?style=0&category=code": {"--category", "code"},
		"":                       {"--style-control"},
	} {
		var want map[string]any
		if err := json.Unmarshal([]byte(mustOutput(t, bin, append([]string{"rank", "--db", db, "--format", "json", "--ci", "none"}, args...)...)), &want); err != nil {
			t.Fatal(err)
		}
		served := call(t, "GET", "http://"+addr+"/api/leaderboard"+query, token, nil)
		if !sameBoard(served, want) || len(served["models"].([]any)) != models {
			t.Errorf("/api/leaderboard%s (%v battles):\n%s\nrecomputed from the votes (rank %v, %v battles):\n%s", query, served["battles"],
				strings.Join(standings(served), "\n"), args, want["battles"], strings.Join(standings(want), "\n"))
		}
	}
	srv.Process.Kill()
	srv.Wait()

	// The drive phase sends every kind to a server it starts, and reports each.
	report := filepath.Join(dir, "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "gen-load", "--db", db, "--votes", "0", "--duration", "4s", "--workers", "5", "--json", report)
	table, err := cmd.Output()
	if err != nil {
		t.Fatalf("drive: %v\n%s", err, table)
	}
	var rep LoadReport
	b, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &rep); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]KindStats{}
	for _, k := range rep.Kinds {
		kinds[k.Kind] = k
		if !strings.Contains(string(table), k.Kind+" ") {
			t.Errorf("the table has no row for %s:\n%s", k.Kind, table)
		}
	}
	for _, k := range []string{kindVote, kindStart, kindBattle, kindLeaderboard, kindMe} {
		if s := kinds[k]; s.Count == 0 || s.Errors > 0 || s.P50MS <= 0 || s.P99MS < s.P50MS {
			t.Errorf("%s: %+v", k, s)
		}
	}
	if _, ok := kinds[kindExport]; !ok || rep.ExportBytes == 0 {
		t.Errorf("no export streamed: %+v, %d bytes", kinds[kindExport], rep.ExportBytes)
	}
	if rep.Votes != kinds[kindVote].Count || rep.VotesPerSec <= 0 || len(rep.Servers) != 1 || rep.Servers[0].RSSPeak == 0 || rep.Servers[0].RSSEnd == 0 {
		t.Errorf("report: %+v", rep)
	}
	// The server's votes went through the vote path onto the filled counters.
	raw, err = sql.Open("sqlite", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if n, c := count(`SELECT COUNT(*) FROM votes`), count(`SELECT SUM(wins_lo + wins_hi + ties + both_bad) FROM pair_counts WHERE category = ''`); n < votes+rep.Votes || c != n {
		t.Errorf("after the drive: %d votes (the drive acknowledged %d), %d in the counters", n, rep.Votes, c)
	}
}

// sameBoard reports whether two leaderboards (as JSON) rank the same models the same
// way with the same records, and ratings within 0.01 (`arena rank` prints two decimals).
func sameBoard(a, b map[string]any) bool {
	am, _ := a["models"].([]any)
	bm, _ := b["models"].([]any)
	if len(am) != len(bm) || a["battles"] != b["battles"] {
		return false
	}
	for i := range am {
		x, y := am[i].(map[string]any), bm[i].(map[string]any)
		// Ranks are left out: the server's come from its intervals, --ci none's are places.
		for _, k := range []string{"model", "wins", "losses", "ties", "battles"} {
			if x[k] != y[k] {
				return false
			}
		}
		if d := x["rating"].(float64) - y["rating"].(float64); d > 0.01 || d < -0.01 {
			return false
		}
	}
	return true
}

func mustOutput(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args, " "), err)
	}
	return string(out)
}

// TestGenLoadMix: --mix divides the workers between the kinds in proportion, each
// weighed kind at least one, and bad mixes are refused saying why.
func TestGenLoadMix(t *testing.T) {
	for _, c := range []struct {
		mix     string
		workers int
		want    map[string]int
		err     string
	}{
		{"vote=4,battle=3,leaderboard=2,me=1", 16, map[string]int{kindVote: 6, kindBattle: 5, kindLeaderboard: 3, kindMe: 2}, ""},
		{"vote=4,battle=3,leaderboard=2,me=1", 4, map[string]int{kindVote: 1, kindBattle: 1, kindLeaderboard: 1, kindMe: 1}, ""},
		{"vote=1,me=0", 3, map[string]int{kindVote: 3}, ""},
		{"vote=1,leaderboard=100", 2, map[string]int{kindVote: 1, kindLeaderboard: 1}, ""},
		{"vote=4,battle=3,leaderboard=2,me=1", 3, nil, "fewer than the 4 kinds"},
		{"vote=0", 3, nil, "weight 0"},
		{"votes=1", 3, nil, `"votes=1"`},
		{"vote=-1", 3, nil, `"vote=-1"`},
	} {
		o := driveOptions{mix: c.mix, workers: c.workers, servers: 1}
		err := o.check()
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("--mix %s --workers %d: %v, want an error saying %s", c.mix, c.workers, err, c.err)
			}
			continue
		}
		if err != nil {
			t.Errorf("--mix %s: %v", c.mix, err)
			continue
		}
		got := map[string]int{}
		for _, k := range o.assign() {
			got[k]++
		}
		if !reflect.DeepEqual(got, c.want) {
			t.Errorf("--mix %s --workers %d: %v, want %v", c.mix, c.workers, got, c.want)
		}
	}
}
