package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
)

// The Grafana dashboard in docs/ queries only metrics the arena serves: a renamed
// metric fails here rather than leaving an operator a blank panel.
func TestDashboardQueriesServedMetrics(t *testing.T) {
	raw, err := os.ReadFile("../../docs/grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var dash struct {
		Panels []struct {
			Title   string
			Targets []struct{ Expr string }
		}
	}
	if err := json.Unmarshal(raw, &dash); err != nil {
		t.Fatalf("the dashboard is not JSON: %v", err)
	}
	a, err := app.New(context.Background(), app.Config{DB: filepath.Join(t.TempDir(), "a.db"), Log: arenatest.Quiet()})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	// Every series exists once something was counted in it.
	m := a.Metrics
	m.BattleStarted()
	m.TurnEnded(string(arena.StatusReady))
	m.VoteRecorded(arena.WinnerA, true)
	m.AnswerEnded("m", arena.AnswerOK, time.Second, time.Second)
	m.ModelPaused("m")
	m.BoardComputed("fit", time.Millisecond)
	m.SettlementStep("confirmed")
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()
	if res, err := http.Get(srv.URL + "/healthz"); err == nil {
		res.Body.Close()
	}
	families, err := a.Server.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	served := map[string]bool{}
	for _, f := range families {
		served[f.GetName()] = true
	}
	name := regexp.MustCompile(`arena_[a-z_]+`)
	queried := 0
	for _, p := range dash.Panels {
		if len(p.Targets) == 0 {
			t.Errorf("panel %q queries nothing", p.Title)
		}
		for _, tg := range p.Targets {
			for _, n := range name.FindAllString(tg.Expr, -1) {
				queried++
				base := n
				for _, suffix := range []string{"_bucket", "_count", "_sum"} {
					base = strings.TrimSuffix(base, suffix)
				}
				if !served[base] {
					t.Errorf("panel %q queries %s, which the arena does not serve", p.Title, n)
				}
			}
		}
	}
	if queried < 10 {
		t.Fatalf("the dashboard queries %d arena metrics", queried)
	}
}
