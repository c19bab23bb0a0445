package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/web"
)

// transEnv is a whole arena (labs, sampler, vote quality, review) behind the real
// server on a temporary SQLite, with two operator models, a demo model and a lab.
type transEnv struct {
	*env
	app   *app.App
	admin *arena.User
	olga  *arena.User // owns the lab Acme
	acme  int64       // the lab's id
	// drawn counts each model's battles, gold ones included, firstDrawn and lastDrawn
	// when it was first and last drawn.
	drawn                 votes
	firstDrawn, lastDrawn map[string]time.Time
}

func newTransEnv(t *testing.T) *transEnv {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	fake := llmtest.NewServer(t)
	for _, m := range []arena.Model{{Name: "op-alpha", Organization: "Alpha Inc", ModelID: "alpha"}, {Name: "op-beta", Organization: "Beta Inc", ModelID: "beta"}} {
		m.Provider, m.BaseURL, m.Active, m.Timeout = arena.ProviderOpenAI, fake.URL, true, 5*time.Second
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range llm.DemoModels() {
		if m.Name == "demo-terse" {
			if err := db.CreateModel(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
	}
	clock := arenatest.NewClock(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	box, _ := arena.NewSecretBox(bytes.Repeat([]byte{42}, 32))
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{
		Store: db, Clock: clock, Log: quiet, Web: web.Config{Logger: quiet, AuthRatePerMinute: 1000},
		Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10, SessionTTL: time.Hour, LeaderboardRounds: 20,
		// Scoring off, so that no vote is excluded for being fast; gold battles still
		// stay out of the counts.
		Quality: &app.QualityConfig{Disabled: true},
		Labs: &app.LabsConfig{Box: box, AllowPrivate: true, Sampler: arena.SampleUniform, Weights: map[string]float64{"op-alpha": 2},
			NewModelVotes: 5, NewModelBoost: 3, SamplerRefresh: 30 * time.Second},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(a.Server.Handler())
	t.Cleanup(func() {
		srv.Close()
		a.Close()
	})
	e := &transEnv{env: &env{t: t, srv: srv, db: db, clock: clock, fake: fake, battles: a.Battles}, app: a,
		drawn: votes{}, firstDrawn: map[string]time.Time{}, lastDrawn: map[string]time.Time{}}
	accounts := &arena.Accounts{Store: db, Clock: clock}
	if e.admin, err = accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if e.olga, err = accounts.AddUser(ctx, "olga", "password1", arena.RoleUser); err != nil {
		t.Fatal(err)
	}
	lab, err := a.Labs.CreateLab(ctx, e.admin, "Acme", "olga")
	if err != nil {
		t.Fatal(err)
	}
	e.acme = lab.ID
	return e
}

// register registers a lab model of Acme's, approving it if asked.
func (e *transEnv) register(name, license string, approve bool) int64 {
	e.t.Helper()
	ctx := context.Background()
	m, err := e.app.Labs.RegisterModel(ctx, e.olga, e.acme, arena.LabModelInput{Name: name,
		License: license, OutputsPublic: license == arena.LicenseOpen,
		ModelSettings: arena.ModelSettings{BaseURL: e.fake.URL, ModelID: name, TimeoutSeconds: 5}})
	if err != nil || !m.Check.OK {
		e.t.Fatalf("register %s: %v %+v", name, err, m)
	}
	if approve {
		if err := e.app.Labs.Approve(ctx, e.admin, m.ID); err != nil {
			e.t.Fatal(err)
		}
	}
	return m.ID
}

// setStatus changes a model's status as the operator's tools do, to steer which models
// battles draw.
func (e *transEnv) setStatus(name string, st arena.ModelStatus) {
	e.t.Helper()
	m, err := e.db.ModelByName(context.Background(), name)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.SetModelStatus(context.Background(), m.ID, st, "", e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
}

// votes counts the votes the test cast that must count, per model.
type votes map[string]int64

// battle starts a battle as voter, waits for both answers and votes; a gold battle is
// marked so before the vote, as the arena marks the battles it breaks on purpose. It
// returns the two models.
func (e *transEnv) battle(voter *apiClient, i int, gold bool) (string, string) {
	e.t.Helper()
	ctx := context.Background()
	id := voter.start(fmt.Sprintf("Question number %d, please answer briefly", i))
	voter.wait(id)
	if gold {
		if err := e.db.MarkBattle(ctx, id, "a", ""); err != nil {
			e.t.Fatal(err)
		}
	}
	b, err := e.db.Battle(ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range []string{b.ModelA.Name, b.ModelB.Name} {
		if e.drawn[m] == 0 {
			e.firstDrawn[m] = e.clock.Now()
		}
		e.drawn[m]++
		e.lastDrawn[m] = e.clock.Now()
	}
	winner := []string{"model_a", "model_b", "tie", "both_bad"}[i%4]
	if code, out := voter.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": winner}); code != 200 {
		e.t.Fatalf("vote: %d %v", code, out)
	}
	return b.ModelA.Name, b.ModelB.Name
}

// cast runs n battles as voter, every gold-th one a gold battle (none if gold is 0),
// and adds the counted ones to tally.
func (e *transEnv) cast(voter *apiClient, n, gold int, tally ...votes) {
	e.t.Helper()
	for i := range n {
		g := gold > 0 && i%gold == gold-1
		a, b := e.battle(voter, i, g)
		if !g {
			for _, t := range tally {
				t[a]++
				t[b]++
			}
		}
	}
}

// castUntil casts ordinary votes until each named model has one in tally, and at
// least min of them; the sampler's draws are random.
func (e *transEnv) castUntil(voter *apiClient, min int, tally votes, names ...string) {
	e.t.Helper()
	for i := 0; ; i++ {
		missing := false
		for _, n := range names {
			missing = missing || tally[n] == 0
		}
		if i >= min && !missing {
			return
		}
		if i > 200 {
			e.t.Fatalf("after %d battles some of %v never battled: %v", i, names, tally)
		}
		a, b := e.battle(voter, i, false)
		tally[a]++
		tally[b]++
	}
}

type transparencyOut struct {
	GeneratedAt      time.Time `json:"generated_at"`
	CountedAt        time.Time `json:"counted_at"`
	WindowDays       int       `json:"window_days"`
	ProvisionalBelow int       `json:"provisional_below"`
	CountedVotes     int64     `json:"counted_votes"`
	CountedVotes30d  int64     `json:"counted_votes_30d"`
	Models           []struct {
		Name            string     `json:"name"`
		Display         string     `json:"display"`
		Status          string     `json:"status"`
		PausedBy        string     `json:"paused_by"`
		Organization    string     `json:"organization"`
		RunBy           string     `json:"run_by"`
		Lab             string     `json:"lab"`
		License         string     `json:"license"`
		OutputsPublic   bool       `json:"outputs_public"`
		Battles         int64      `json:"battles"`
		FirstBattle     *time.Time `json:"first_battle"`
		LastBattle      *time.Time `json:"last_battle"`
		CountedVotes    int64      `json:"counted_votes"`
		CountedVotes30d int64      `json:"counted_votes_30d"`
		ImportedVotes   int64      `json:"imported_votes"`
		Rating          *struct {
			Source  string   `json:"source"`
			Rating  float64  `json:"rating"`
			CILower *float64 `json:"ci_lower"`
			Rank    int      `json:"rank"`
			Votes   int64    `json:"votes"`
		} `json:"rating"`
		LastSnapshot *struct {
			Rating float64 `json:"rating"`
			Votes  int64   `json:"votes"`
		} `json:"last_snapshot"`
		Provisional bool `json:"provisional"`
		Sampling    *struct {
			Weight  float64 `json:"weight"`
			Boosted bool    `json:"boosted"`
			Chance  float64 `json:"chance"`
		} `json:"sampling"`
	} `json:"models"`
	ImportedOnly []struct {
		Name          string `json:"name"`
		ImportedVotes int64  `json:"imported_votes"`
	} `json:"imported_only"`
	Organizations []struct {
		Organization string `json:"organization"`
		Models       int    `json:"models"`
		AllTime      struct {
			Battles int64   `json:"battles"`
			Percent float64 `json:"percent"`
		} `json:"all_time"`
		Last30Days struct {
			Battles int64   `json:"battles"`
			Percent float64 `json:"percent"`
		} `json:"last_30_days"`
	} `json:"organizations"`
	Sampler struct {
		Mode           string             `json:"mode"`
		Weights        map[string]float64 `json:"weights"`
		NewModelVotes  int64              `json:"new_model_votes"`
		NewModelBoost  float64            `json:"new_model_boost"`
		RefreshSeconds float64            `json:"refresh_seconds"`
	} `json:"sampler"`
	Snapshots []struct {
		ID     int64  `json:"id"`
		Votes  int64  `json:"votes"`
		SHA256 string `json:"sha256"`
	} `json:"snapshots"`
	HistoryURL string `json:"history_url"`
}

type leaderboardOut struct {
	Battles int64 `json:"battles"`
	Models  []struct {
		Model       string  `json:"model"`
		Rating      float64 `json:"rating"`
		Rank        int     `json:"rank"`
		Battles     int64   `json:"battles"`
		Status      string  `json:"status"`
		Provisional bool    `json:"provisional"`
	} `json:"models"`
}

// getJSON fetches path with no credentials, as anyone may, into v.
func (e *transEnv) getJSON(path string, v any) {
	e.t.Helper()
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 {
		e.t.Fatalf("GET %s: %d %s", path, res.StatusCode, raw)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		e.t.Fatalf("GET %s: %v\n%s", path, err, raw)
	}
}

func (e *transEnv) transparency() transparencyOut {
	e.t.Helper()
	var out transparencyOut
	e.getJSON("/api/transparency", &out)
	return out
}

// transparencyBoard is the leaderboard view whose ratings the transparency page shows:
// without style control (as the snapshots), every model listed.
const transparencyBoard = "?style=0&deprecated=1"

func (e *transEnv) leaderboard(query string) leaderboardOut {
	e.t.Helper()
	var out leaderboardOut
	e.getJSON("/api/leaderboard"+query, &out)
	return out
}

// counts is each listed model's counted votes, all time and in the window.
func (o transparencyOut) counts() (all, recent votes) {
	all, recent = votes{}, votes{}
	for _, m := range o.Models {
		all[m.Name], recent[m.Name] = m.CountedVotes, m.CountedVotes30d
	}
	return all, recent
}

func (o leaderboardOut) battles() votes {
	out := votes{}
	for _, m := range o.Models {
		out[m.Model] = m.Battles
	}
	return out
}

// sameVotes compares two tallies, a missing model counting as 0.
func sameVotes(a, b votes) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// checkShares checks that the organisations' battles are their models' counted votes
// and that the shares add up to 100%, all time and in the window.
func checkShares(t *testing.T, o transparencyOut) {
	t.Helper()
	org := map[string]string{}
	for _, m := range o.Models {
		org[m.Name] = m.Organization
	}
	type sums struct{ all, recent int64 }
	byOrg := map[string]*sums{}
	for _, m := range o.Models {
		s := byOrg[m.Organization]
		if s == nil {
			s = &sums{}
			byOrg[m.Organization] = s
		}
		s.all += m.CountedVotes
		s.recent += m.CountedVotes30d
	}
	var sides, recentSides int64
	var pct, recentPct float64
	for _, g := range o.Organizations {
		s := byOrg[g.Organization]
		if s == nil || g.AllTime.Battles != s.all || g.Last30Days.Battles != s.recent {
			t.Errorf("organisation %s: %+v, its models' counted votes %+v", g.Organization, g, s)
		}
		sides += g.AllTime.Battles
		recentSides += g.Last30Days.Battles
		pct += g.AllTime.Percent
		recentPct += g.Last30Days.Percent
	}
	if len(o.Organizations) != len(byOrg) {
		t.Errorf("%d organisations listed, the models name %d", len(o.Organizations), len(byOrg))
	}
	if sides != 2*o.CountedVotes || recentSides != 2*o.CountedVotes30d {
		t.Errorf("organisations hold %d sides (%d recent), want twice the %d counted votes (%d recent)", sides, recentSides, o.CountedVotes, o.CountedVotes30d)
	}
	if o.CountedVotes > 0 && math.Abs(pct-100) > 1e-9 {
		t.Errorf("all-time shares add up to %v%%", pct)
	}
	if o.CountedVotes30d > 0 && math.Abs(recentPct-100) > 1e-9 {
		t.Errorf("30-day shares add up to %v%%", recentPct)
	}
}

// TestTransparencyCountsAgree checks every figure of /api/transparency against a
// second source: each model's counted votes against the votes the test cast and the
// leaderboard's battles, the organisations' shares against their models' votes, the
// sampling chances against the sampler's own probabilities, and the snapshots against
// the labs service's list.
func TestTransparencyCountsAgree(t *testing.T) {
	e := newTransEnv(t)
	ctx := context.Background()
	e.register("acme-large", arena.LicenseOpen, true)
	e.register("acme-small", arena.LicenseProprietary, false)
	hal := e.apiUser("hal")

	// Before any vote every model is listed with nothing counted.
	o := e.transparency()
	if len(o.Models) != 5 || o.CountedVotes != 0 || len(o.Organizations) != 4 {
		t.Fatalf("before any vote: %+v", o)
	}
	checkShares(t, o)

	all := votes{}
	e.cast(hal, 16, 4, all) // every fourth battle is gold
	o = e.transparency()
	got, _ := o.counts()
	lb := e.leaderboard(transparencyBoard)
	if !sameVotes(got, all) || !sameVotes(got, lb.battles()) {
		t.Fatalf("counted votes per model:\ntransparency %v\ncast         %v\nleaderboard  %v", got, all, lb.battles())
	}
	if o.CountedVotes != 12 || lb.Battles != o.CountedVotes {
		t.Fatalf("counted votes: transparency %d, leaderboard %d, want the 12 that are not gold", o.CountedVotes, lb.Battles)
	}
	checkShares(t, o)
	for _, m := range o.Models {
		for _, l := range lb.Models {
			// Ranks are left out: the bootstrap may finish between the two requests, and
			// its intervals can rank differently than the quick estimate's.
			if l.Model == m.Name && (m.Rating == nil || m.Rating.Source != "live" || m.Rating.Rating != l.Rating ||
				m.Provisional != l.Provisional || l.Status != m.Status) {
				t.Errorf("%s: transparency %+v, leaderboard %+v", m.Name, m.Rating, l)
			}
		}
	}

	// A gold vote changes no count; an ordinary one adds one to each of its models.
	e.cast(hal, 1, 1)
	if now, _ := e.transparency().counts(); !sameVotes(now, all) || e.transparency().CountedVotes != 12 {
		t.Fatalf("a gold vote changed the counts: %v, want %v", now, all)
	}
	e.cast(hal, 1, 0, all)
	if now, _ := e.transparency().counts(); !sameVotes(now, all) || e.transparency().CountedVotes != 13 {
		t.Fatalf("after an ordinary vote: %v, want %v", now, all)
	}

	// Thirty-one days on, only the new votes are recent.
	e.clock.Add(31 * 24 * time.Hour)
	recent := votes{}
	e.cast(hal, 5, 5, all, recent) // the fifth is gold
	o = e.transparency()
	gotAll, gotRecent := o.counts()
	if !sameVotes(gotAll, all) || !sameVotes(gotRecent, recent) || !sameVotes(gotAll, e.leaderboard(transparencyBoard).battles()) || o.CountedVotes30d != 4 {
		t.Fatalf("window: all %v want %v; recent %v want %v (%d recent votes)", gotAll, all, gotRecent, recent, o.CountedVotes30d)
	}
	checkShares(t, o)

	// Who each model is, and what became of it.
	byName := map[string]int{}
	for i, m := range o.Models {
		byName[m.Name] = i
	}
	want := map[string]struct{ status, org, runBy, license, display string }{
		"op-alpha":   {"active", "Alpha Inc", "operator", "", "op-alpha"},
		"op-beta":    {"active", "Beta Inc", "operator", "", "op-beta"},
		"demo-terse": {"active", "Arena demo", "demo", "", "demo-terse (demo)"},
		"acme-large": {"active", "Acme", "lab", "open", "acme-large"},
		"acme-small": {"pending", "Acme", "lab", "proprietary", "acme-small"},
	}
	for name, w := range want {
		i, ok := byName[name]
		if !ok {
			t.Errorf("%s is not listed", name)
			continue
		}
		m := o.Models[i]
		if m.Status != w.status || m.Organization != w.org || m.RunBy != w.runBy || m.License != w.license || m.Display != w.display {
			t.Errorf("%s: %+v, want %+v", name, m, w)
		}
		if name == "acme-small" {
			if m.Battles != 0 || m.FirstBattle != nil || m.LastBattle != nil || m.Rating != nil || m.Sampling != nil {
				t.Errorf("the pending model took part: %+v", m)
			}
			continue
		}
		if m.Battles != e.drawn[name] || (m.FirstBattle == nil) != (e.drawn[name] == 0) || m.FirstBattle != nil &&
			(!m.FirstBattle.Equal(e.firstDrawn[name]) || m.LastBattle == nil || !m.LastBattle.Equal(e.lastDrawn[name])) {
			t.Errorf("%s: %d battles from %v to %v; the test drew it into %d, from %v to %v", name, m.Battles, m.FirstBattle, m.LastBattle,
				e.drawn[name], e.firstDrawn[name], e.lastDrawn[name])
		}
	}
	if len(o.Models) != len(want) {
		t.Errorf("%d models listed, want %d", len(o.Models), len(want))
	}

	// The sampling in force, and each active model's chance of the next battle as the
	// sampler itself computes it.
	sm := o.Sampler
	if sm.Mode != "uniform" || sm.Weights["op-alpha"] != 2 || len(sm.Weights) != 1 || sm.NewModelVotes != 5 || sm.NewModelBoost != 3 || sm.RefreshSeconds != 30 {
		t.Errorf("sampler: %+v", sm)
	}
	active, _ := e.db.ActiveModels(ctx)
	pairs, probs := e.app.Sampler.PairProbabilities(active)
	chance := map[string]float64{}
	for k, p := range pairs {
		chance[active[p[0]].Name] += probs[k]
		chance[active[p[1]].Name] += probs[k]
	}
	var total float64
	for _, m := range o.Models {
		if (m.Sampling != nil) != (m.Status == "active") {
			t.Errorf("%s (%s) sampling: %+v", m.Name, m.Status, m.Sampling)
			continue
		}
		if m.Sampling == nil {
			continue
		}
		w, boosted := e.app.Sampler.ModelWeight(m.Name)
		if math.Abs(m.Sampling.Chance-chance[m.Name]) > 1e-12 || m.Sampling.Weight != w || m.Sampling.Boosted != boosted {
			t.Errorf("%s sampling %+v, the sampler says chance %v, weight %v, boosted %v", m.Name, m.Sampling, chance[m.Name], w, boosted)
		}
		total += m.Sampling.Chance
	}
	if math.Abs(total-2) > 1e-9 {
		t.Errorf("the chances add up to %v, want 2 (each battle draws two models)", total)
	}

	// Snapshots, as the labs service lists them.
	if len(o.Snapshots) != 0 || o.HistoryURL != "/leaderboard/history" {
		t.Fatalf("snapshots before any was taken: %+v", o.Snapshots)
	}
	s1, err := e.app.Labs.TakeSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.cast(hal, 1, 0, all)
	s2, err := e.app.Labs.TakeSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	o = e.transparency()
	list, _ := e.app.Labs.Snapshots(ctx, 10)
	if len(o.Snapshots) != 2 || len(list) != 2 || o.Snapshots[0].ID != s2.ID || o.Snapshots[1].ID != s1.ID {
		t.Fatalf("snapshots: %+v, want %d then %d", o.Snapshots, s2.ID, s1.ID)
	}
	for i, s := range o.Snapshots {
		if s.SHA256 != list[i].Hash || s.Votes != list[i].Votes || len(s.SHA256) != 64 {
			t.Errorf("snapshot %d: %+v, the labs service says %+v", s.ID, s, list[i])
		}
	}
	for _, m := range o.Models {
		var entry *arena.SnapshotEntry
		for _, en := range s2.Entries {
			if en.Model == m.Name {
				entry = &en
			}
		}
		if (entry == nil) != (m.LastSnapshot == nil) || entry != nil && (m.LastSnapshot.Rating != entry.Rating || m.LastSnapshot.Votes != entry.Votes) {
			t.Errorf("%s: last snapshot %+v, snapshot %d has %+v", m.Name, m.LastSnapshot, s2.ID, entry)
		}
	}
}

// TestTransparencyRereadsBattles checks when the page reads battles again: at once after
// a vote, and within a minute after a battle nobody voted on, which changes no count.
func TestTransparencyRereadsBattles(t *testing.T) {
	e := newTransEnv(t)
	ctx := context.Background()
	hal := e.apiUser("hal")
	e.cast(hal, 3, 0)
	battles := func(o transparencyOut) votes {
		out := votes{}
		for _, m := range o.Models {
			out[m.Name] = m.Battles
		}
		return out
	}
	if got := battles(e.transparency()); !sameVotes(got, e.drawn) {
		t.Fatalf("battles %v, the test drew %v", got, e.drawn)
	}
	id := hal.start("A question nobody will vote on")
	hal.wait(id)
	b, err := e.db.Battle(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	before := maps.Clone(e.drawn)
	e.drawn[b.ModelA.Name]++
	e.drawn[b.ModelB.Name]++
	e.clock.Add(59 * time.Second)
	if got := battles(e.transparency()); !sameVotes(got, before) {
		t.Errorf("within the minute: battles %v, want the reading's %v", got, before)
	}
	e.clock.Add(time.Second)
	o := e.transparency()
	if got := battles(o); !sameVotes(got, e.drawn) || !o.CountedAt.Equal(e.clock.Now()) {
		t.Errorf("a minute on: battles %v counted at %v, want %v at %v", got, o.CountedAt, e.drawn, e.clock.Now())
	}
	// A vote is counted at once.
	all, _ := o.counts()
	e.cast(hal, 1, 0, all)
	if got, _ := e.transparency().counts(); !sameVotes(got, all) {
		t.Errorf("after a vote: %v, want %v", got, all)
	}
}

// TestTransparencyKeepsRetiredModels retires a lab model whose every vote then turns
// out to be abuse: it leaves the live board but stays on the transparency page with the
// rating of its last snapshot. A paused model is marked on the leaderboard, on the page
// and in the API.
func TestTransparencyKeepsRetiredModels(t *testing.T) {
	e := newTransEnv(t)
	ctx := context.Background()
	acme := e.register("acme-large", arena.LicenseOpen, true)
	admin := e.browser()
	if code, body := admin.submit("/login", "/login", url.Values{"username": {"root"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("admin login: %d %s", code, body)
	}

	// Only syd's battles draw the lab's model: the operator's models are out meanwhile.
	e.setStatus("op-alpha", arena.ModelPaused)
	e.setStatus("op-beta", arena.ModelPaused)
	syd := e.apiUser("syd")
	e.cast(syd, 4, 0)
	acmePath := fmt.Sprintf("/labs/models/%d", acme)
	if code, body := admin.submit(acmePath, acmePath+"/retire", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">retired`) {
		t.Fatalf("retire: %d\n%s", code, body)
	}
	e.setStatus("op-alpha", arena.ModelActive)
	e.setStatus("op-beta", arena.ModelActive)
	hal := e.apiUser("hal")
	honest := votes{}
	e.castUntil(hal, 9, honest, "op-beta") // the model to be paused must be on the board
	var cast int64
	for _, n := range honest {
		cast += n
	}
	cast /= 2
	snap, err := e.app.Labs.TakeSnapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var final *arena.SnapshotEntry
	for _, en := range snap.Entries {
		if en.Model == "acme-large" {
			final = &en
		}
	}
	if final == nil || final.Votes != 4 {
		t.Fatalf("the snapshot misses the lab model's votes: %+v", snap.Entries)
	}

	// Syd's votes were abuse.
	sydUser, err := e.db.UserByName(ctx, "syd")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.FlagUser(ctx, sydUser.ID, []string{"test"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	// (Flagging already holds the account's recent votes out of the counters.)
	if _, err := e.app.Review.ConfirmAbuse(ctx, e.admin, sydUser.ID); err != nil {
		t.Fatal(err)
	}
	// The operator's beta is paused by an administrator, on the lab pages.
	beta, _ := e.db.ModelByName(ctx, "op-beta")
	betaPath := fmt.Sprintf("/labs/models/%d", beta.ID)
	if code, body := admin.submit(betaPath, betaPath+"/pause", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">paused`) {
		t.Fatalf("pause: %d\n%s", code, body)
	}

	o := e.transparency()
	got, _ := o.counts()
	lb := e.leaderboard(transparencyBoard)
	if !sameVotes(got, honest) || !sameVotes(got, lb.battles()) || o.CountedVotes != cast || lb.Battles != cast {
		t.Fatalf("after the abuse: transparency %v (%d), cast %v, leaderboard %v (%d)", got, o.CountedVotes, honest, lb.battles(), lb.Battles)
	}
	checkShares(t, o)
	found := false
	for _, m := range o.Models {
		switch m.Name {
		case "acme-large":
			found = true
			if m.Status != "retired" || m.Battles != 4 || m.CountedVotes != 0 || m.Rating == nil || m.Rating.Source != "snapshot" ||
				m.Rating.Rating != final.Rating || m.Rating.Votes != final.Votes || m.LastSnapshot == nil || m.LastSnapshot.Rating != final.Rating ||
				!m.Provisional || m.Sampling != nil {
				t.Errorf("the retired model: %+v rating %+v, want its snapshot's %+v", m, m.Rating, final)
			}
		case "op-beta":
			if m.Status != "paused" || m.PausedBy != "admin" || m.Sampling != nil || m.Rating == nil || m.Rating.Source != "live" {
				t.Errorf("the paused model: %+v", m)
			}
		}
	}
	if !found {
		t.Fatal("the retired model is not listed")
	}

	// The leaderboard marks the paused model, in its JSON and on its page; it hides only
	// deprecated (retired) models, and ?active= is refused with what replaced it.
	var betaRow bool
	for _, m := range lb.Models {
		if m.Model == "op-beta" {
			betaRow = m.Status == "paused"
		}
		if m.Status == "" {
			t.Errorf("%s has no status on /api/leaderboard", m.Model)
		}
	}
	if !betaRow {
		t.Errorf("op-beta not marked paused on /api/leaderboard: %+v", lb.Models)
	}
	b := e.browser()
	if _, page := b.get("/leaderboard"); !strings.Contains(page, ">paused</span>") || !strings.Contains(page, "/leaderboard/models/op-beta") {
		t.Errorf("/leaderboard does not list and mark the paused model:\n%s", page)
	}
	for _, path := range []string{"/api/leaderboard?active=1", "/leaderboard?active=1"} {
		res, err := http.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 400 || !strings.Contains(string(raw), "deprecated=1") {
			t.Errorf("%s: %d %s, want a 400 saying what replaced active", path, res.StatusCode, raw)
		}
	}
}

// TestTransparencyPage checks what a person reads: each model's status, organisation
// and licence, imported-only models apart, and the way there from every page.
func TestTransparencyPage(t *testing.T) {
	e := newTransEnv(t)
	ctx := context.Background()
	e.register("acme-large", arena.LicenseOpen, true)
	e.register("acme-small", arena.LicenseProprietary, false)
	hal := e.apiUser("hal")
	all := votes{}
	e.castUntil(hal, 6, all, "op-alpha", "acme-large")
	if _, err := e.app.Labs.TakeSnapshot(ctx); err != nil {
		t.Fatal(err)
	}

	// Two battles imported from another arena: one model is known only from them.
	file := filepath.Join(t.TempDir(), "battles.jsonl")
	lines := `{"model_a": "ext-model", "model_b": "op-alpha", "winner": "model_a", "tstamp": 1700000000}` + "\n" +
		`{"model_a": "op-alpha", "model_b": "ext-model", "winner": "tie", "tstamp": 1700000100}` + "\n"
	if err := os.WriteFile(file, []byte(lines), 0o644); err != nil {
		t.Fatal(err)
	}
	im, err := e.db.BeginImport(ctx, "lmarena", file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.ImportFile(ctx, im, file, nil, dataset.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}

	o := e.transparency()
	if len(o.ImportedOnly) != 1 || o.ImportedOnly[0].Name != "ext-model" || o.ImportedOnly[0].ImportedVotes != 2 {
		t.Errorf("imported only: %+v", o.ImportedOnly)
	}
	for _, m := range o.Models {
		if m.Name == "ext-model" {
			t.Error("a model known only from imports is listed with the arena's own")
		}
		if m.Name == "op-alpha" && (m.ImportedVotes != 2 || m.CountedVotes != all["op-alpha"]) {
			t.Errorf("op-alpha: %d imported, %d counted, want 2 and %d", m.ImportedVotes, m.CountedVotes, all["op-alpha"])
		}
	}

	b := e.browser()
	code, page := b.get("/transparency")
	if code != 200 {
		t.Fatalf("/transparency: %d\n%s", code, page)
	}
	row := func(name string) string {
		i := strings.Index(page, `href="/leaderboard/models/`+name+`"`)
		if i < 0 {
			t.Fatalf("/transparency does not list %s", name)
		}
		j := strings.Index(page[i:], "</tr>")
		return page[i : i+j]
	}
	for name, want := range map[string][]string{
		"acme-large": {">active</span>", "Acme", "registered by a lab", "open", "outputs may be published", "provisional"},
		"acme-small": {">pending</span>", "Acme", "proprietary", "never"},
		"op-alpha":   {">active</span>", "Alpha Inc", "run by the arena&#39;s operator", "not declared", "rank "},
		"demo-terse": {"demo-terse (demo)", "Arena demo", "built-in demo model"},
	} {
		r := row(name)
		for _, w := range want {
			if !strings.Contains(r, w) {
				t.Errorf("%s's row lacks %q:\n%s", name, w, r)
			}
		}
	}
	for _, w := range []string{"Imported only", "ext-model", "imported only", "Share of battles by organisation", "Alpha Inc",
		"How pairs are drawn", "<code>op-alpha</code> × 2", "Leaderboard snapshots", `href="/leaderboard/history"`, o.Snapshots[0].SHA256,
		`href="/api/transparency"`, `href="/transparency" aria-current="page">Transparency</a>`} {
		if !strings.Contains(page, w) {
			t.Errorf("/transparency lacks %q", w)
		}
	}
	if _, home := b.get("/leaderboard"); !strings.Contains(home, `href="/transparency"`) {
		t.Error("the navigation does not link to /transparency")
	}
	// Asked for JSON, the page answers like the API.
	req, _ := http.NewRequest("GET", e.srv.URL+"/transparency", nil)
	req.Header.Set("Accept", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var viaPage transparencyOut
	if err := json.NewDecoder(res.Body).Decode(&viaPage); err != nil || len(viaPage.Models) != len(o.Models) {
		t.Errorf("/transparency as JSON: %v, %d models", err, len(viaPage.Models))
	}
}
