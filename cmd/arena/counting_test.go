package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/web"
	"github.com/arena-dev/arena/ranking"
)

// TestOneVoteSetEverywhere checks that every reader counts the same votes: the live
// board, the style-controlled board, `arena rank --db`, a snapshot's count and hash, the
// votes file a snapshot serves, the vote log's leaves up to the snapshot's size (which
// give its hash), and an independent query over the raw facts (own
// battles, not gold, not excluded, not naming a model, voter not under review). Imported
// votes join each reader only when asked. A confirmed abuser's votes leave the next
// snapshot and stay in the earlier one, whose log leaves still give its hash.
func TestOneVoteSetEverywhere(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "arena.db")
	var log bytes.Buffer
	ranking.Synthesize(ranking.SynthOptions{Models: 3, Battles: 50, Seed: 4}, func(b ranking.Battle) error {
		log.Write(ranking.AppendCleanBattle(nil, b))
		return nil
	})
	logPath := filepath.Join(dir, "clean_battle.jsonl")
	if err := os.WriteFile(logPath, log.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	clock := arenatest.NewClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: dbPath, Log: quiet, Web: web.Config{Logger: quiet}, Clock: clock,
		SeedDemoModels: true, Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10,
		Quality: &app.QualityConfig{GoldRate: 0.5}, Labs: &app.LabsConfig{Sampler: "uniform"}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// Imported after the demo models are seeded (seeding needs an empty model table).
	if _, stderr, err := runDatasetCmd(t, "import", "--db", dbPath, logPath); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	const imported = 50
	honest, _ := a.Accounts.AddUser(ctx, "honest", "password1", arena.RoleUser)
	abuser, _ := a.Accounts.AddUser(ctx, "abuser", "password1", arena.RoleUser)
	admin, _ := a.Accounts.AddUser(ctx, "admin", "password1", arena.RoleAdmin)
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	winners := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerA, arena.WinnerBothBad}
	for i := range 24 {
		u := honest
		if i%3 == 2 {
			u = abuser
		}
		b, err := a.Battles.Start(ctx, u, fmt.Sprintf("Explain topic number %d to me in detail, please.", i))
		if err != nil {
			t.Fatal(err)
		}
		a.Battles.Wait(ctx, u, b.ID)
		clock.Add(time.Minute) // read carefully: the vote is not too fast
		// Both voters see through gold battles, so neither is flagged by them.
		w := winners[i%len(winners)]
		var goldSide string
		raw.QueryRowContext(ctx, `SELECT gold_side FROM battles WHERE id = ?`, b.ID).Scan(&goldSide)
		switch goldSide {
		case "a":
			w = arena.WinnerB
		case "b":
			w = arena.WinnerA
		}
		if _, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: w}); err != nil {
			t.Fatal(err)
		}
	}

	// rawCounted hashes the counted votes straight from the facts, without the store's
	// definitions: the second way of computing every figure.
	rawCounted := func() (int64, string) {
		t.Helper()
		rows, err := raw.QueryContext(ctx, `SELECT b.id, ma.name, mb.name, v.winner FROM votes v JOIN battles b ON b.id = v.battle_id
			JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
			WHERE b.source = '' AND b.gold_side = '' AND v.excluded = 0 AND b.reveals_identity = 0
			AND v.user_id NOT IN (SELECT user_id FROM user_reviews WHERE status IN ('flagged', 'abuse'))
			ORDER BY b.id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		vh := arena.NewVoteHash()
		for rows.Next() {
			var v arena.SnapshotVote
			if err := rows.Scan(&v.BattleID, &v.ModelA, &v.ModelB, &v.Winner); err != nil {
				t.Fatal(err)
			}
			if err := vh.Add(v); err != nil {
				t.Fatal(err)
			}
		}
		return vh.Count(), vh.Sum()
	}
	var gold int64
	raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM battles WHERE gold_side <> '' AND status = 'voted'`).Scan(&gold)
	if gold == 0 || gold == 24 {
		t.Fatalf("%d of 24 battles are gold: the test needs both kinds", gold)
	}

	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	getJSON := func(path string, v any) {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		req.Header.Set("Accept", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, body)
		}
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
	}
	boardBattles := func(query string) int64 {
		t.Helper()
		var lb struct{ Battles int64 }
		getJSON("/api/leaderboard"+query, &lb)
		return lb.Battles
	}
	rankBattles := func(args ...string) int64 {
		t.Helper()
		out, stderr, err := runDatasetCmd(t, append([]string{"rank", "--db", dbPath, "--format", "json", "--ci", "none"}, args...)...)
		if err != nil {
			t.Fatalf("rank %v: %v\n%s", args, err, stderr)
		}
		var lb struct{ Battles int64 }
		if err := json.Unmarshal([]byte(out), &lb); err != nil {
			t.Fatalf("rank output: %v\n%s", err, out)
		}
		return lb.Battles
	}
	snapshotVotes := func(id int64) string {
		t.Helper()
		res, err := http.Get(srv.URL + "/leaderboard/history/" + strconv.FormatInt(id, 10) + "/votes.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("snapshot %d votes: %d %s", id, res.StatusCode, body)
		}
		path := filepath.Join(dir, fmt.Sprintf("snapshot-%d.jsonl", id))
		os.WriteFile(path, body, 0o644)
		return path
	}
	logLeaves := func(size uint64) string {
		t.Helper()
		res, err := http.Get(srv.URL + "/api/log/leaves?end=" + strconv.FormatUint(size, 10))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("log leaves to %d: %d %s", size, res.StatusCode, body)
		}
		path := filepath.Join(dir, fmt.Sprintf("log-%d.jsonl", size))
		os.WriteFile(path, body, 0o644)
		return path
	}
	verify := func(path, hash string, n int64) {
		t.Helper()
		out, stderr, err := runDatasetCmd(t, "snapshot", "verify", "--expect", hash, path)
		if err != nil || !strings.Contains(out, fmt.Sprintf("%d votes", n)) {
			t.Fatalf("verify %s: %v\n%s%s", path, err, out, stderr)
		}
	}

	rawHashes := map[int64]string{}
	check := func(stage string) *arena.Snapshot {
		t.Helper()
		n, hash := rawCounted()
		if n == 0 {
			t.Fatalf("%s: no counted votes", stage)
		}
		s, err := a.Labs.TakeSnapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Votes != n {
			t.Errorf("%s: snapshot holds %d votes, the facts say %d", stage, s.Votes, n)
		}
		rawHashes[s.ID] = hash
		for _, c := range []struct {
			name string
			got  int64
			want int64
		}{
			{"live board (style-controlled by default)", boardBattles(""), n},
			{"live board without style control", boardBattles("?style=0"), n},
			{"style-controlled board", boardBattles("?style=1"), n},
			{"board with imported votes", boardBattles("?imported=1&style=0"), n + imported},
			// Style needs the answers, which clean_battle logs do not carry: the
			// imported votes add nothing to a style-controlled board.
			{"style-controlled board with imported votes", boardBattles("?imported=1&style=1"), n},
			{"arena rank --db", rankBattles(), n},
			{"arena rank --db --imported", rankBattles("--imported"), n + imported},
			{"arena rank --db --style-control", rankBattles("--style-control"), n},
		} {
			if c.got != c.want {
				t.Errorf("%s: %s counts %d votes, want %d", stage, c.name, c.got, c.want)
			}
		}
		// The snapshot's votes are the facts' votes, and the log's leaves up to its size
		// give its root and replay to as many votes.
		file := snapshotVotes(s.ID)
		verify(file, hash, s.Votes)
		verify(logLeaves(s.LogSize), s.Hash, s.Votes)
		// The snapshot's file gives the snapshot's ratings.
		out, stderr, err := runDatasetCmd(t, "rank", "--format", "json", "--ci", "sandwich", file)
		if err != nil {
			t.Fatalf("rank %s: %v\n%s", file, err, stderr)
		}
		var lb struct {
			Models []struct {
				Model  string
				Rating float64
			}
		}
		if err := json.Unmarshal([]byte(out), &lb); err != nil {
			t.Fatal(err)
		}
		full, err := a.Labs.Snapshot(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(lb.Models) != len(full.Entries) {
			t.Errorf("%s: rank on the snapshot's votes rates %d models, the snapshot %d", stage, len(lb.Models), len(full.Entries))
		}
		rated := map[string]float64{}
		for _, m := range lb.Models {
			rated[m.Model] = m.Rating
		}
		for _, e := range full.Entries {
			if r, ok := rated[e.Model]; !ok || math.Abs(r-e.Rating) > 1e-6 {
				t.Errorf("%s: rank gives %s %.4f (rated %v), the snapshot %.4f", stage, e.Model, r, ok, e.Rating)
			}
		}
		return s
	}
	before := check("after voting")
	// Under review, the abuser's votes wait outside every count; confirmed, they leave
	// for good.
	if _, err := a.Store.FlagUser(ctx, abuser.ID, []string{"one device, many accounts"}, clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	a.Boards.Invalidate()
	held := check("with the abuser under review")
	if _, err := a.Review.ConfirmAbuse(ctx, admin, abuser.ID); err != nil {
		t.Fatal(err)
	}
	a.Boards.Invalidate()
	after := check("after confirming abuse")
	if after.Hash != held.Hash {
		t.Errorf("held and excluded votes differ: %s, %s", held.Hash, after.Hash)
	}
	if after.Votes >= before.Votes {
		t.Errorf("confirming abuse left %d counted votes of %d", after.Votes, before.Votes)
	}
	// The earlier snapshot still serves exactly the votes it was computed from, and the
	// log's first leaves still give its root.
	verify(snapshotVotes(before.ID), rawHashes[before.ID], before.Votes)
	verify(logLeaves(before.LogSize), before.Hash, before.Votes)

	// The snapshot list on /api/leaderboard/history agrees, and the page links the votes.
	var list []struct {
		ID    int64
		Votes int64
		Hash  string
	}
	getJSON("/leaderboard/history", &list)
	sort.Slice(list, func(i, j int) bool { return list[i].ID < list[j].ID })
	if len(list) < 2 || list[0].Hash != before.Hash || list[len(list)-1].Votes != after.Votes {
		t.Errorf("snapshot list: %+v", list)
	}
	res, err := http.Get(srv.URL + "/leaderboard/history?snapshot=" + strconv.FormatInt(before.ID, 10))
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !regexp.MustCompile(`href="/leaderboard/history/` + strconv.FormatInt(before.ID, 10) + `/votes.jsonl"`).Match(page) {
		t.Errorf("the history page does not link the snapshot's votes")
	}
	if !strings.Contains(string(page), `id="snapshot-leaves" href="/api/log/leaves?end=`+strconv.FormatUint(before.LogSize, 10)+`"`) {
		t.Errorf("the history page does not link the log's leaves up to the snapshot")
	}
	if res, _ := http.Get(srv.URL + "/leaderboard/history/999/votes.jsonl"); res.StatusCode != 404 {
		t.Errorf("an unknown snapshot's votes: %d", res.StatusCode)
	}
}
