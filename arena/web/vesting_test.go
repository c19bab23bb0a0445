package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/web"
)

// pointsAPI reads /api/me/points through the browser's session.
func pointsAPI(b *browser) map[string]any {
	b.e.t.Helper()
	code, out := b.raw("GET", "/api/me/points", "")
	if code != 200 {
		b.e.t.Fatalf("/api/me/points: %d %v", code, out)
	}
	return out
}

func entriesOf(out map[string]any) []map[string]any {
	var es []map[string]any
	for _, e := range out["entries"].([]any) {
		es = append(es, e.(map[string]any))
	}
	return es
}

// TestMePointsVesting: /me and /api/me/points show pending, vested and settled points
// and, for each vote and bonus, its state and why: the date a vote vests, the votes a
// bonus waits for, a hold's reason.
func TestMePointsVesting(t *testing.T) {
	week := 7 * 24 * time.Hour
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) {
		c.Vesting = arena.Vesting{Window: week, BonusVotes: 2}
		c.Rewards = &app.RewardsConfig{Policy: rewards.DefaultPolicy(), ChainID: 1337}
		c.Quality = &app.QualityConfig{}
		c.SessionTTL = 10 * week // the clock moves past the window
	})
	b := e.browser()
	if code, body := b.submit("/signup", "/signup", url.Values{"username": {"carol"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d %s", code, body)
	}
	id, _ := b.battle("What is a monad?")
	e.clock.Add(time.Minute)
	voted := e.clock.Now()
	b.voteForm(id, nil)

	out := pointsAPI(b)
	if out["balance"] != 60.0 || out["pending"] != 60.0 || out["vested"] != 0.0 || out["settled"] != 0.0 || out["counted_votes"] != 1.0 ||
		out["vesting_window_seconds"] != week.Seconds() || out["bonus_vest_votes"] != 2.0 {
		t.Fatalf("after one vote: %v", out)
	}
	es := entriesOf(out)
	if len(es) != 2 || es[0]["reason"] != "vote" || es[0]["battle"] != id || es[0]["state"] != "pending" ||
		es[0]["vests_at"] != voted.Add(week).Format(time.RFC3339) || !strings.Contains(es[0]["why"].(string), "vests on 2026-01-09") {
		t.Fatalf("the vote's entry: %v", es)
	}
	if es[1]["reason"] != "signup_bonus" || es[1]["state"] != "pending" || es[1]["vest_votes"] != 2.0 ||
		!strings.Contains(es[1]["why"].(string), "once 2 of your votes count (1 so far)") {
		t.Fatalf("the bonus entry: %v", es[1])
	}
	_, page := b.get("/me")
	page = html.UnescapeString(page)
	for _, want := range []string{`id="pending">60 points`, `id="vested">0 points`, `id="to-settle">0 points`, "vest 7 days after the vote",
		"The sign-up bonus vests once 2 of your votes count", "vests on 2026-01-09", "(1 so far)"} {
		if !strings.Contains(page, want) {
			t.Errorf("/me after one vote lacks %q", want)
		}
	}

	// The second counted vote vests the bonus; the window then vests the votes.
	id2, _ := b.battle("What is a functor?")
	b.voteForm(id2, nil)
	if out := pointsAPI(b); out["vested"] != 50.0 || out["pending"] != 20.0 || entriesOf(out)[2]["state"] != "vested" {
		t.Fatalf("after the second vote: %v", out)
	}
	e.clock.Add(week)
	if out := pointsAPI(b); out["vested"] != 70.0 || out["pending"] != 0.0 || entriesOf(out)[0]["state"] != "vested" {
		t.Fatalf("after the window: %v", out)
	}

	// Under review, a vote's points are held, and /me says why in words.
	u, err := e.db.UserByName(t.Context(), "carol")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.FlagUser(t.Context(), u.ID, []string{"votes far from everyone else's"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	id3, _ := b.battle("What is a lens?")
	e.clock.Add(time.Minute)
	b.voteForm(id3, nil)
	out = pointsAPI(b)
	es = entriesOf(out)
	if out["held"] != 10.0 || out["review"] != "flagged" || es[0]["reason"] != "hold" || es[0]["state"] != nil ||
		es[1]["state"] != "held" || !strings.Contains(es[1]["why"].(string), "under review") {
		t.Fatalf("a held vote: %v", out)
	}
	_, page = b.get("/me")
	if !strings.Contains(html.UnescapeString(page), "Held while your account is under review") {
		t.Error("/me does not say why the vote is held")
	}

	if code, out := b.raw("GET", "/api/me/points?before=x", ""); code != 400 || !strings.Contains(errMessage(out), "not an entry id") {
		t.Fatalf("a bad before: %d %v", code, out)
	}
	if code, _ := e.browser().raw("GET", "/api/me/points", ""); code != 401 {
		t.Fatalf("nobody's points: %d", code)
	}
}
