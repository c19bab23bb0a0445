package web_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/web"
)

// TestTransparencyRaterFigures computes each figure of /transparency's raters section
// two ways: from the raw rows (each vote's quality columns, each account's review and
// ledger, the appeals) and from the API and the page.
func TestTransparencyRaterFigures(t *testing.T) {
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) {
		c.Quality = &app.QualityConfig{}
		c.Vesting = arena.Vesting{Window: 7 * 24 * time.Hour}
	})
	ctx := t.Context()
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	admin, err := accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	var users []*arena.User
	var battles []string
	vote := func(u *arena.User, gold string) string {
		t.Helper()
		b, err := e.battles.Start(ctx, u, "Explain a hash map, please.")
		if err != nil {
			t.Fatal(err)
		}
		if b, err = e.battles.Wait(ctx, u, b.ID); err != nil || b.Status != arena.StatusReady {
			t.Fatalf("battle: %v %v", b, err)
		}
		if gold != "" {
			if err := e.db.MarkBattle(ctx, b.ID, gold, "k"); err != nil {
				t.Fatal(err)
			}
		}
		e.clock.Add(time.Minute)
		if _, err := e.battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
			t.Fatal(err)
		}
		battles = append(battles, b.ID)
		return b.ID
	}
	user := func(name string) *arena.User {
		u, err := accounts.AddUser(ctx, name, "password1", arena.RoleUser)
		if err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
		return u
	}
	honest, flagged, abuser := user("honest"), user("flagged"), user("abuser")
	vote(honest, "")
	vote(honest, "b")                // a gold battle passed
	failed := vote(honest, "a")      // and one failed
	e.clock.Add(40 * 24 * time.Hour) // the next month
	vote(abuser, "")
	for _, u := range []*arena.User{flagged, abuser} {
		if _, err := e.db.FlagUser(ctx, u.ID, []string{"shared device"}, e.clock.Now(), time.Time{}); err != nil {
			t.Fatal(err)
		}
	}
	held := vote(flagged, "")
	vote(abuser, "")
	review := &arena.ReviewService{Store: e.db, Clock: e.clock}
	if _, err := review.ConfirmAbuse(ctx, admin, abuser.ID); err != nil {
		t.Fatal(err)
	}
	ap := &arena.Appeals{Store: e.db, Clock: e.clock}
	a1, err := ap.File(ctx, flagged, arena.AppealInput{Kind: arena.AppealHold, Battle: held, Comment: "honest"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ap.Decide(ctx, admin, a1.ID, "uphold", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := ap.File(ctx, flagged, arena.AppealInput{Kind: arena.AppealHold, Battle: held, Comment: "again"}); err != nil {
		t.Fatal(err)
	}
	a3, err := ap.File(ctx, honest, arena.AppealInput{Kind: arena.AppealGold, Battle: failed, Comment: "it was fine"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ap.Decide(ctx, admin, a3.ID, "grant", ""); err != nil {
		t.Fatal(err)
	}

	// From the raw rows.
	status := map[int64]string{}
	for _, u := range users {
		st, _, err := e.db.AccountReview(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		status[u.ID] = st
	}
	appeals := map[string]float64{}
	overturned := map[string]bool{}
	for _, u := range users {
		as, err := e.db.UserAppeals(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range as {
			appeals[a.Status]++
			overturned[a.Battle] = overturned[a.Battle] || (a.Kind == arena.AppealGold && a.Status == arena.AppealGranted)
		}
	}
	want := map[string]float64{}
	var goldVotes, goldPassed float64
	for _, id := range battles {
		b, err := e.db.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		q, err := e.db.BattleQuality(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		why := "held"
		switch {
		case q.Counted:
			why = "counted"
		case q.GoldSide != "":
			why = "gold"
		case status[b.UserID] == arena.ReviewAbuse:
			why = "abuse"
		case q.Excluded:
			why = "quality"
		case q.RevealsIdentity:
			why = "identity"
		}
		want[why]++
		if q.GoldSide != "" {
			goldVotes++
			if q.GoldSide != "a" || overturned[id] { // every vote is for A
				goldPassed++
			}
		}
	}
	months := map[string][4]float64{}
	for _, u := range users {
		es, err := e.db.LedgerEntries(ctx, u.ID, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		for _, le := range es {
			m := months[arena.MonthOf(le.CreatedAt)]
			switch le.Reason {
			case arena.LedgerHold:
				m[0]++
				m[1] -= float64(le.Amount)
			case arena.LedgerClawback:
				m[2]++
				m[3] -= float64(le.Amount)
			default:
				continue
			}
			months[arena.MonthOf(le.CreatedAt)] = m
		}
	}
	if want["held"] == 0 || want["abuse"] == 0 || want["gold"] != 2 || len(months) == 0 || appeals["open"] != 1 {
		t.Fatalf("the set-up does not reach every figure: %v %v %v", want, months, appeals)
	}

	// From the API.
	res, err := http.Get(e.srv.URL + "/api/transparency")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Raters struct {
			Tiers  map[string]float64 `json:"raters_by_tier"`
			Votes  float64            `json:"votes"`
			Shares []struct {
				Why   string  `json:"why"`
				Votes float64 `json:"votes"`
			} `json:"votes_by_outcome"`
			GoldVotes  float64 `json:"gold_votes"`
			GoldPassed float64 `json:"gold_passed"`
			Months     []struct {
				Month          string  `json:"month"`
				Holds          float64 `json:"holds"`
				HeldPoints     float64 `json:"held_points"`
				Clawbacks      float64 `json:"clawbacks"`
				ClawbackPoints float64 `json:"clawback_points"`
			} `json:"holds_and_clawbacks"`
			Appeals map[string]float64 `json:"appeals"`
		} `json:"raters"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		t.Fatal(err)
	}
	r := out.Raters
	if r.Votes != float64(len(battles)) || len(r.Shares) != 6 {
		t.Fatalf("votes %v, shares %+v", r.Votes, r.Shares)
	}
	for _, s := range r.Shares {
		if s.Votes != want[s.Why] {
			t.Errorf("votes %s: API %v, rows %v", s.Why, s.Votes, want[s.Why])
		}
	}
	if r.GoldVotes != goldVotes || r.GoldPassed != goldPassed {
		t.Errorf("gold: API %v of %v, rows %v of %v", r.GoldPassed, r.GoldVotes, goldPassed, goldVotes)
	}
	if len(r.Months) != len(months) {
		t.Errorf("months: API %+v, rows %v", r.Months, months)
	}
	for _, m := range r.Months {
		if w := months[m.Month]; [4]float64{m.Holds, m.HeldPoints, m.Clawbacks, m.ClawbackPoints} != w {
			t.Errorf("month %s: API %+v, rows %v", m.Month, m, w)
		}
	}
	for _, s := range []string{"open", "upheld", "granted"} {
		if r.Appeals[s] != appeals[s] {
			t.Errorf("appeals %s: API %v, rows %v", s, r.Appeals[s], appeals[s])
		}
	}
	// Every rater with a scored vote is new here (too few votes for trusted).
	if r.Tiers["new"] != 3 || r.Tiers["trusted"] != 0 || r.Tiers["expert"] != 0 {
		t.Errorf("raters by tier: %v", r.Tiers)
	}

	// And the page shows the same figures.
	_, page := e.browser().get("/transparency")
	for _, want := range []string{`data-tier="new">new <strong>3</strong>`, `data-why="held"`, `id="gold-pass-rate">Gold battles: <strong>` + itoa(int64(goldPassed)) + `</strong> of ` + itoa(int64(goldVotes)),
		`<strong>1</strong> granted, <strong>1</strong> upheld, <strong>1</strong> open`} {
		if !strings.Contains(page, want) {
			t.Errorf("/transparency lacks %q", want)
		}
	}
}
