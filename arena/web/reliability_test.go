package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/web"
)

// TestReliabilityOnMeAndTiersOnTransparency: /me shows the rater's score, each
// component explained, the weeks and the tier; GET /api/me/reliability answers the same;
// /transparency (page and API) publishes the tiers' names and rules.
func TestReliabilityOnMeAndTiersOnTransparency(t *testing.T) {
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) { c.Quality = &app.QualityConfig{} })
	b := e.browser()
	if code, body := b.submit("/signup", "/signup", url.Values{"username": {"rater"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d %s", code, body)
	}
	for _, p := range []string{"What is a monad?", "What is a functor?"} {
		id, _ := b.battle(p)
		e.clock.Add(time.Minute)
		b.voteForm(id, nil)
	}
	code, out := b.raw("GET", "/api/me/reliability", "")
	if code != 200 || out["tier"] != arena.RaterNew || out["scored_votes"] != 2.0 || out["counted_votes"] != 2.0 {
		t.Fatalf("/api/me/reliability: %d %v", code, out)
	}
	comps, _ := out["components"].([]any)
	weeks, _ := out["weeks"].([]any)
	next, _ := out["next"].(map[string]any)
	if len(comps) != 4 || len(weeks) != 1 || weeks[0].(map[string]any)["votes"] != 2.0 || next["tier"] != arena.RaterTrusted || next["min_counted_votes"] != 50.0 {
		t.Fatalf("/api/me/reliability parts: %v", out)
	}
	score := out["score"].(float64)
	if score <= 0 || score > 1 || weeks[0].(map[string]any)["score"].(float64) != score {
		t.Fatalf("score %v, weeks %v", score, weeks)
	}
	_, page := b.get("/me")
	page = html.UnescapeString(page)
	for _, want := range []string{`id="rater-tier">new<`, "Gold battles", "Agreement with other voters", "Reading time", "Position bias",
		"What it means for your rewards", `id="reliability-weeks"`, "Next tier, <strong>trusted</strong>: at least 50 counted votes"} {
		if !strings.Contains(page, want) {
			t.Errorf("/me lacks %q", want)
		}
	}

	_, page = e.browser().get("/transparency")
	rules := page[strings.Index(page, `id="tier-rules"`):]
	rules = rules[:strings.Index(rules, "</table>")]
	for _, want := range []string{">new<", ">trusted<", ">50<", ">0.70<", ">expert<", ">200<", ">0.85<"} {
		if !strings.Contains(rules, want) {
			t.Errorf("/transparency's tier rules lack %q:\n%s", want, rules)
		}
	}
	res, err := http.Get(e.srv.URL + "/api/transparency")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var tr struct {
		RaterTiers []arena.TierRule `json:"rater_tiers"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tr); err != nil || len(tr.RaterTiers) != 3 || tr.RaterTiers[2] != (arena.TierRule{Tier: arena.RaterExpert, MinVotes: 200, MinScore: 0.85}) {
		t.Fatalf("/api/transparency rater tiers: %+v %v", tr.RaterTiers, err)
	}
}
