package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/web"
	"github.com/arena-dev/arena/ranking"
)

// TestTransparencyMatchesRawFacts checks /api/transparency against an independent query
// over the raw facts (own battles, not gold, not excluded, not naming a model, voter not
// under review) and against the leaderboard, with real gold battles, real vote scoring,
// an imported file, a voter held for review and then found abusive.
func TestTransparencyMatchesRawFacts(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "arena.db")
	clock := arenatest.NewClock(time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: dbPath, Log: quiet, Web: web.Config{Logger: quiet}, Clock: clock,
		SeedDemoModels: true, Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10,
		Quality: &app.QualityConfig{GoldRate: 0.5}, Labs: &app.LabsConfig{Sampler: "active"}})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	var log []byte
	ranking.Synthesize(ranking.SynthOptions{Models: 3, Battles: 30, Seed: 7}, func(b ranking.Battle) error {
		log = ranking.AppendCleanBattle(log, b)
		return nil
	})
	logPath := filepath.Join(dir, "clean_battle.jsonl")
	if err := os.WriteFile(logPath, log, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := runDatasetCmd(t, "import", "--db", dbPath, logPath); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	honest, _ := a.Accounts.AddUser(ctx, "honest", "password1", arena.RoleUser)
	abuser, _ := a.Accounts.AddUser(ctx, "abuser", "password1", arena.RoleUser)
	admin, _ := a.Accounts.AddUser(ctx, "admin", "password1", arena.RoleAdmin)
	raw, err := sql.Open("sqlite", dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	vote := func(i int, u *arena.User) {
		t.Helper()
		b, err := a.Battles.Start(ctx, u, fmt.Sprintf("Tell me about subject number %d in some detail.", i))
		if err != nil {
			t.Fatal(err)
		}
		a.Battles.Wait(ctx, u, b.ID)
		clock.Add(time.Minute) // a careful reader
		w := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerBothBad}[i%4]
		var gold string
		raw.QueryRowContext(ctx, `SELECT gold_side FROM battles WHERE id = ?`, b.ID).Scan(&gold)
		switch gold {
		case "a":
			w = arena.WinnerB
		case "b":
			w = arena.WinnerA
		}
		if _, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: w}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 18 {
		u := honest
		if i%3 == 2 {
			u = abuser
		}
		vote(i, u)
	}
	// A month on, a few more.
	clock.Add(31 * 24 * time.Hour)
	for i := 18; i < 24; i++ {
		vote(i, honest)
	}

	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	getJSON := func(path string, v any) {
		t.Helper()
		res, err := http.Get(srv.URL + path)
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
	// rawVotes counts each model's votes straight from the facts, without the store's
	// definitions: counted ones (in all, and since), and imported ones.
	rawVotes := func(since time.Time) (counted, recent, imported map[string]int64) {
		t.Helper()
		counted, recent, imported = map[string]int64{}, map[string]int64{}, map[string]int64{}
		rows, err := raw.QueryContext(ctx, `SELECT ma.name, mb.name, v.created_at, b.source <> '',
			b.source = '' AND b.gold_side = '' AND v.excluded = 0 AND b.reveals_identity = 0
			AND v.user_id NOT IN (SELECT user_id FROM user_reviews WHERE status IN ('flagged', 'abuse'))
			FROM votes v JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var ma, mb string
			var at int64
			var imp, ok bool
			if err := rows.Scan(&ma, &mb, &at, &imp, &ok); err != nil {
				t.Fatal(err)
			}
			for _, m := range []string{ma, mb} {
				switch {
				case imp:
					imported[m]++
				case ok:
					counted[m]++
					if at >= since.UnixMilli() {
						recent[m]++
					}
				}
			}
		}
		return counted, recent, imported
	}
	var gold int64
	raw.QueryRowContext(ctx, `SELECT COUNT(*) FROM battles WHERE gold_side <> '' AND status = 'voted'`).Scan(&gold)
	if gold == 0 || gold == 24 {
		t.Fatalf("%d of 24 battles are gold: the test needs both kinds", gold)
	}

	type report struct {
		CountedVotes    int64     `json:"counted_votes"`
		CountedVotes30d int64     `json:"counted_votes_30d"`
		WindowStart     time.Time `json:"window_start"`
		Models          []struct {
			Name            string `json:"name"`
			Status          string `json:"status"`
			RunBy           string `json:"run_by"`
			CountedVotes    int64  `json:"counted_votes"`
			CountedVotes30d int64  `json:"counted_votes_30d"`
			ImportedVotes   int64  `json:"imported_votes"`
		} `json:"models"`
		ImportedOnly []struct {
			Name          string `json:"name"`
			ImportedVotes int64  `json:"imported_votes"`
		} `json:"imported_only"`
		Organizations []struct {
			AllTime    struct{ Percent float64 } `json:"all_time"`
			Last30Days struct{ Percent float64 } `json:"last_30_days"`
		} `json:"organizations"`
		Sampler struct {
			Mode string `json:"mode"`
		} `json:"sampler"`
	}
	// Every seeded demo model is listed: the text ones and the image ones, which the
	// text votes here never reach.
	demos := len(llm.DemoModels()) + len(llm.DemoImageModels())
	check := func(stage string) {
		t.Helper()
		var r report
		getJSON("/api/transparency", &r)
		var lb struct {
			Battles int64 `json:"battles"`
			Models  []struct {
				Model   string `json:"model"`
				Battles int64  `json:"battles"`
			} `json:"models"`
		}
		getJSON("/api/leaderboard", &lb)
		board := map[string]int64{}
		for _, m := range lb.Models {
			board[m.Model] = m.Battles
		}
		counted, recent, imported := rawVotes(r.WindowStart)
		var sides int64
		for _, m := range r.Models {
			if m.CountedVotes != counted[m.Name] || m.CountedVotes != board[m.Name] || m.CountedVotes30d != recent[m.Name] || m.ImportedVotes != imported[m.Name] {
				t.Errorf("%s: %s counts %d (%d recent, %d imported); the facts say %d (%d, %d), the board %d", stage, m.Name,
					m.CountedVotes, m.CountedVotes30d, m.ImportedVotes, counted[m.Name], recent[m.Name], imported[m.Name], board[m.Name])
			}
			if m.RunBy != "demo" || m.Status != "active" {
				t.Errorf("%s: %s is %s, run by %s", stage, m.Name, m.Status, m.RunBy)
			}
			sides += m.CountedVotes
		}
		if len(r.Models) != demos || sides != 2*r.CountedVotes || r.CountedVotes != lb.Battles || r.CountedVotes == 0 || r.CountedVotes30d == 0 {
			t.Errorf("%s: %d models, %d sides, %d counted votes (%d recent), the board %d", stage, len(r.Models), sides, r.CountedVotes, r.CountedVotes30d, lb.Battles)
		}
		for _, m := range r.ImportedOnly {
			if m.ImportedVotes != imported[m.Name] || m.ImportedVotes == 0 || counted[m.Name] != 0 {
				t.Errorf("%s: imported only %+v; the facts say %d imported, %d counted", stage, m, imported[m.Name], counted[m.Name])
			}
		}
		if len(r.ImportedOnly) != 3 {
			t.Errorf("%s: %d imported-only models, want the import's 3", stage, len(r.ImportedOnly))
		}
		var pct, recentPct float64
		for _, o := range r.Organizations {
			pct += o.AllTime.Percent
			recentPct += o.Last30Days.Percent
		}
		if math.Abs(pct-100) > 1e-9 || math.Abs(recentPct-100) > 1e-9 || r.Sampler.Mode != "active" {
			t.Errorf("%s: shares add up to %v%% and %v%% (sampler %s)", stage, pct, recentPct, r.Sampler.Mode)
		}
	}
	check("after voting")
	if _, err := a.Store.FlagUser(ctx, abuser.ID, []string{"one device, many accounts"}, clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	a.Boards.Invalidate()
	check("with the abuser under review")
	if _, err := a.Review.ConfirmAbuse(ctx, admin, abuser.ID); err != nil {
		t.Fatal(err)
	}
	check("after confirming abuse")
}
