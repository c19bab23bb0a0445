package web_test

import (
	"html"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/web"
)

// TestAppealsThroughForms: a rater under review contests a vote's hold with the form on
// /me (no JavaScript); the admin sees the appeal beside the evidence on /admin/review and
// grants it with its form; /me tells the rater. The API files and lists appeals with the
// same rules and errors.
func TestAppealsThroughForms(t *testing.T) {
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) {
		c.Quality = &app.QualityConfig{}
		c.Vesting = arena.Vesting{Window: 7 * 24 * time.Hour}
	})
	ctx := t.Context()
	if _, err := (&arena.Accounts{Store: e.db, Clock: e.clock}).AddUser(ctx, "root", "password1", arena.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	r := e.browser()
	if code, body := r.submit("/signup", "/signup", url.Values{"username": {"rater"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d %s", code, body)
	}
	u, err := e.db.UserByName(ctx, "rater")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.FlagUser(ctx, u.ID, []string{"device cookie abcd1234… shared by 4 accounts"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	id, _ := r.battle("What is a monad?")
	e.clock.Add(time.Minute)
	r.voteForm(id, nil)

	// The form on /me, without JavaScript; a bad one says what is wrong.
	if code, body := r.submit("/me", "/me/appeals", url.Values{"kind": {"hold"}, "battle": {id}, "comment": {""}}); code != 400 ||
		!strings.Contains(html.UnescapeString(body), "why the decision is wrong") {
		t.Fatalf("an appeal without a comment: %d", code)
	}
	code, body := r.submit("/me", "/me/appeals", url.Values{"kind": {"hold"}, "battle": {id}, "comment": {"I read both answers."}})
	if code != 200 || !strings.Contains(body, "Your appeal is filed") || !strings.Contains(body, "Waiting for an administrator") {
		t.Fatalf("filing with the form: %d\n%s", code, body)
	}
	if code, out := r.raw("POST", "/api/me/appeals", `{"kind": "hold", "battle": "`+id+`", "comment": "again"}`); code != 409 || !strings.Contains(errMessage(out), "already contested") {
		t.Fatalf("a second open appeal through the API: %d %v", code, out)
	}
	if code, out := r.raw("POST", "/api/me/appeals", `{"kind": "gold", "battle": "`+id+`", "comment": "x"}`); code != 400 || !strings.Contains(errMessage(out), "not a gold battle") {
		t.Fatalf("a gold appeal of an ordinary battle: %d %v", code, out)
	}
	code, out := r.raw("GET", "/api/me/appeals", "")
	list, _ := out["appeals"].([]any)
	if code != 200 || len(list) != 1 || list[0].(map[string]any)["status"] != "open" || list[0].(map[string]any)["battle"] != id {
		t.Fatalf("the rater's appeals: %d %v", code, out)
	}
	appealID := int64(list[0].(map[string]any)["id"].(float64))

	// The admin decides beside the evidence.
	admin := e.browser()
	if code, body := admin.submit("/login", "/login", url.Values{"username": {"root"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("admin login: %d %s", code, body)
	}
	_, page := admin.get("/admin/review")
	row := page[strings.Index(page, `id="appeal-`+itoa(appealID)+`"`):]
	row = html.UnescapeString(row[:strings.Index(row, "</tr>")])
	for _, want := range []string{"rater", "I read both answers.", "shared by 4 accounts", "/battle/" + id, `value="grant"`} {
		if !strings.Contains(row, want) {
			t.Errorf("the appeal's row on /admin/review lacks %q:\n%s", want, row)
		}
	}
	if code, _ := r.submit("/me", "/admin/appeals/"+itoa(appealID), url.Values{"decision": {"grant"}}); code != 403 {
		t.Fatalf("a rater deciding: %d", code)
	}
	code, body = admin.submit("/admin/review", "/admin/appeals/"+itoa(appealID), url.Values{"decision": {"grant"}, "note": {"The read time was fine."}})
	if code != 200 || !strings.Contains(body, "granted: 10 points given back") || !strings.Contains(body, `id="decided-appeals"`) {
		t.Fatalf("granting: %d\n%s", code, body)
	}
	if code, body := admin.submit("/admin/review", "/admin/appeals/"+itoa(appealID), url.Values{"decision": {"uphold"}}); code != 409 ||
		!strings.Contains(body, "already decided") {
		t.Fatalf("deciding twice: %d", code)
	}

	// The rater is told.
	_, page = r.get("/me")
	page = html.UnescapeString(page)
	if !strings.Contains(page, "Granted on") || !strings.Contains(page, "10 points given back") || !strings.Contains(page, "The read time was fine.") {
		t.Fatalf("/me does not tell the outcome:\n%s", page)
	}
	if code, out := e.browser().raw("GET", "/api/me/appeals", ""); code != 401 {
		t.Fatalf("nobody's appeals: %d %v", code, out)
	}
}
