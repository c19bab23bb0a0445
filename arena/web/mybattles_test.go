package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestMyBattlesAPI: GET /api/me/battles lists the caller's battles only, newest first,
// models null until the vote; filters and pages; bad parameters are told apart.
func TestMyBattlesAPI(t *testing.T) {
	e := newEnv(t)
	api := e.apiUser("fay")
	e.apiUser("gus").start("Not fay's battle about maps")
	var ids []string
	for _, p := range []string{"First about maps", "Second about sets", "Third about maps"} {
		id := api.start(p)
		api.wait(id)
		ids = append(ids, id)
		e.clock.Add(time.Second)
	}
	// Before any vote, do checks that no model is named anywhere in the answer.
	code, out := api.do("GET", "/api/me/battles", nil)
	list, _ := out["battles"].([]any)
	if code != 200 || len(list) != 3 || out["next"] != nil {
		t.Fatalf("fay's battles: %d %v", code, out)
	}
	first := list[0].(map[string]any)
	if first["id"] != ids[2] || first["prompt"] != "Third about maps" || first["status"] != "ready" || first["model_a"] != nil ||
		first["winner"] != nil || first["url"] != "/battle/"+ids[2] {
		t.Errorf("the newest battle reads %v", first)
	}
	if code, out := api.do("POST", "/api/battles/"+ids[0]+"/vote", map[string]any{"winner": "model_b"}); code != 200 {
		t.Fatalf("vote: %d %v", code, out)
	}
	code, out = api.tokenGet("/api/me/battles?outcome=model_b")
	list, _ = out["battles"].([]any)
	if code != 200 || len(list) != 1 {
		t.Fatalf("outcome=model_b: %d %v", code, out)
	}
	if v := list[0].(map[string]any); v["id"] != ids[0] || v["model_a"] == nil || v["display_b"] == nil || v["winner"] != "model_b" || v["voted_at"] == nil {
		t.Errorf("the voted battle reads %v", v)
	}
	// Two a page, then the rest from the cursor, filtered by prompt.
	code, out = api.do("GET", "/api/me/battles?q=MAPS&limit=1", nil)
	list, _ = out["battles"].([]any)
	next, _ := out["next"].(string)
	if code != 200 || len(list) != 1 || list[0].(map[string]any)["id"] != ids[2] || next == "" {
		t.Fatalf("first page: %d %v", code, out)
	}
	code, out = api.tokenGet("/api/me/battles?q=MAPS&limit=1&after=" + url.QueryEscape(next))
	list, _ = out["battles"].([]any)
	if code != 200 || len(list) != 1 || list[0].(map[string]any)["id"] != ids[0] || out["next"] != nil {
		t.Fatalf("second page: %d %v", code, out)
	}
	for q, want := range map[string]string{
		"status=done":                   "status must be streaming, ready, failed or voted",
		"outcome=a":                     "outcome must be model_a, model_b, tie, both_bad or none",
		"from=01/12/2026":               "from must be a date written YYYY-MM-DD",
		"from=2026-12-02&to=2026-12-01": "The date range is empty",
		"limit=0":                       "limit must be between 1 and 100",
		"limit=ten":                     "limit must be a whole number",
		"after=xyz":                     `after="xyz" is not a position this list gave`,
	} {
		if code, out := api.do("GET", "/api/me/battles?"+q, nil); code != 400 || !strings.Contains(errMessage(out), want) {
			t.Errorf("?%s: %d %v, want 400 saying %q", q, code, out, want)
		}
	}
	if code, out := e.browser().raw("GET", "/api/me/battles", ""); code != 401 {
		t.Errorf("nobody's battles: %d %v", code, out)
	}
}

// TestMyBattlesPageForAGuest: a guest's own battles on /me/battles, anonymous before
// the vote, with the filter form; without a session, log in first.
func TestMyBattlesPageForAGuest(t *testing.T) {
	e := newEnv(t)
	guest := e.browser()
	id, _ := guest.battle("A guest's question")
	code, page := guest.get("/me/battles")
	if code != 200 || !strings.Contains(page, `href="/battle/`+id+`">A guest&#39;s question</a>`) || !strings.Contains(page, "hidden until you vote") ||
		strings.Contains(page, "secret-alpha") || strings.Contains(page, "secret-beta") {
		t.Fatalf("the guest's list before the vote: %d\n%s", code, page)
	}
	guest.voteForm(id, nil)
	if _, page = guest.get("/me/battles?status=voted"); !strings.Contains(page, "secret-alpha") || !strings.Contains(page, "A is better") {
		t.Errorf("the guest's list after the vote names no model or vote:\n%s", page)
	}
	if _, page = guest.get("/me/battles?status=ready"); !strings.Contains(page, "No battle of yours matches these filters.") {
		t.Errorf("a filter matching nothing:\n%s", page)
	}
	if code, page := guest.get("/me/battles?to=tomorrow"); code != 400 || !strings.Contains(page, "to must be a date written YYYY-MM-DD") {
		t.Errorf("a bad date on the page: %d", code)
	}
	res, err := e.browser().c.Get(e.srv.URL + "/me/battles")
	if err != nil || res.Request.URL.Path != "/login" {
		t.Errorf("nobody's page went to %v (%v), want /login", res.Request.URL, err)
	}
}

// TestMyBattlesModes: the list names a side-by-side battle's chosen models before its
// vote, as its page does, and a direct chat's one model, with no second; an anonymous
// battle still names none.
func TestMyBattlesModes(t *testing.T) {
	e := newEnv(t)
	guest := e.browser()
	anon, _ := guest.battle("Anonymous about maps")
	e.clock.Add(time.Second)
	_, body := guest.submit("/?mode=side-by-side", "/battles", url.Values{"prompt": {"Chosen about maps"}, "mode": {"side_by_side"},
		"model_a": {"secret-beta-13b"}, "model_b": {"secret-alpha-7b"}})
	sbs := battleIDRE.FindStringSubmatch(body)
	e.clock.Add(time.Second)
	_, body = guest.submit("/?mode=direct", "/battles", url.Values{"prompt": {"Chat about maps"}, "mode": {"direct"}, "model_a": {"secret-alpha-7b"}})
	chat := battleIDRE.FindStringSubmatch(body)
	if sbs == nil || chat == nil {
		t.Fatalf("no battle pages")
	}
	for _, id := range []string{sbs[1], chat[1]} {
		if code, out := guest.raw("GET", "/api/battles/"+id+"?wait=10s", ""); code != 200 || out["status"] != "ready" {
			t.Fatalf("battle %s: %d %v", id, code, out)
		}
	}
	code, out := guest.raw("GET", "/api/me/battles", "")
	list, _ := out["battles"].([]any)
	if code != 200 || len(list) != 3 {
		t.Fatalf("the guest's battles: %d %v", code, out)
	}
	byID := map[string]map[string]any{}
	for _, b := range list {
		m := b.(map[string]any)
		byID[m["id"].(string)] = m
	}
	if b := byID[anon]; b["mode"] != "battle" || b["model_a"] != nil || b["model_b"] != nil {
		t.Errorf("the anonymous battle reads %v", b)
	}
	if b := byID[sbs[1]]; b["mode"] != "side_by_side" || b["model_a"] != "secret-beta-13b" || b["model_b"] != "secret-alpha-7b" {
		t.Errorf("the side-by-side battle reads %v, want both chosen models before the vote", b)
	}
	if b := byID[chat[1]]; b["mode"] != "direct" || b["model_a"] != "secret-alpha-7b" || b["model_b"] != nil || b["display_b"] != nil {
		t.Errorf("the direct chat reads %v, want its one model", b)
	}
	_, page := guest.get("/me/battles")
	if !strings.Contains(page, "secret-beta-13b") || !strings.Contains(page, "direct chat, one model") || strings.Count(page, "hidden until you vote") != 2 {
		t.Errorf("the page does not show the modes' models as the battle pages do:\n%s", page)
	}
}
