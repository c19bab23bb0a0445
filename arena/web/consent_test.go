package web_test

import (
	"context"
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/web"
)

// publicModels lets every model's outputs be published, so a battle's publication
// turns on its voter's decision alone.
func publicModels(t *testing.T, e *env) {
	t.Helper()
	ctx := context.Background()
	ms, err := e.db.Models(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range ms {
		if err := e.db.SetModelOutputsPublic(ctx, m.ID, true); err != nil {
			t.Fatal(err)
		}
	}
}

// published reports whether battle id is in the public dataset now.
func published(t *testing.T, e *env, id string) bool {
	t.Helper()
	found := false
	if err := e.db.ExportRows(context.Background(), arena.ExportFilter{}, func(r *arena.ExportRow) error {
		found = found || r.ID == id
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return found
}

// raw sends body as is, with the browser's cookies and CSRF token, and decodes the
// JSON answer.
func (b *browser) raw(method, path, body string) (int, map[string]any) {
	b.e.t.Helper()
	req, _ := http.NewRequest(method, b.e.srv.URL+path, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", b.cookie("arena_csrf"))
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		b.e.t.Fatalf("%s %s: not JSON: %d %s", method, path, res.StatusCode, data)
	}
	return res.StatusCode, out
}

var battleIDRE = regexp.MustCompile(`data-battle="([a-z0-9]+)"`)

// battle starts a battle through the prompt form (making the browser a guest if it is
// nobody yet), waits until it is ready and returns its id and its page.
func (b *browser) battle(prompt string) (string, string) {
	b.e.t.Helper()
	_, body := b.submit("/", "/battles", url.Values{"prompt": {prompt}})
	m := battleIDRE.FindStringSubmatch(body)
	if m == nil {
		b.e.t.Fatalf("no battle page: %s", body)
	}
	if code, out := b.raw("GET", "/api/battles/"+m[1]+"?wait=10s", ""); code != 200 || out["status"] != "ready" {
		b.e.t.Fatalf("battle %s: %d %v", m[1], code, out)
	}
	_, page := b.get("/battle/" + m[1])
	return m[1], page
}

// voteForm votes A through the battle page's form, with extra fields.
func (b *browser) voteForm(id string, extra url.Values) {
	b.e.t.Helper()
	form := url.Values{"winner": {"model_a"}}
	for k, v := range extra {
		form[k] = v
	}
	if code, body := b.submit("/battle/"+id, "/battle/"+id+"/vote", form); code != 200 || !strings.Contains(body, "Here is who was who") {
		b.e.t.Fatalf("form vote: %d %s", code, body)
	}
}

var publishBoxRE = regexp.MustCompile(`<input type="checkbox" id="publish" name="publish" value="1"( checked)?`)

// boxChecked reports whether a page's publication checkbox is ticked.
func boxChecked(t *testing.T, page string) bool {
	t.Helper()
	m := publishBoxRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("no publication checkbox on the page")
	}
	return m[1] != ""
}

// TestConsentOffByDefaultAndAtSignUp: a newcomer's publication is off until they say
// otherwise; the sign-up form asks, unticked, and records the answer either way.
func TestConsentOffByDefaultAndAtSignUp(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	api := e.apiUser("quiet")
	code, out := api.do("GET", "/api/me/consent", nil)
	if code != 200 || out["publish"] != false || out["decided_at"] != nil || out["decided_version"] != nil ||
		out["version"] != arena.ConsentVersion || out["wording"] != arena.ConsentWording {
		t.Fatalf("a new account's consent: %d %v", code, out)
	}
	id := api.start("Default?")
	api.wait(id)
	if code, out := api.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"}); code != 200 || out["publish"] != false {
		t.Fatalf("a vote without a decision: %d %v", code, out)
	}
	if published(t, e, id) {
		t.Fatal("a battle was published without its voter's consent")
	}

	// The sign-up form asks, unticked.
	b := e.browser()
	_, page := b.get("/signup")
	if boxChecked(t, page) || !strings.Contains(html.UnescapeString(page), arena.ConsentWording) {
		t.Fatalf("the sign-up form's publication checkbox is ticked or unexplained")
	}
	if code, _ := b.submit("/signup", "/signup", url.Values{"username": {"tick"}, "password": {"password1"}, "consent_shown": {"1"}, "publish": {"1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	if code, out := b.raw("GET", "/api/me/consent", ""); code != 200 || out["publish"] != true || out["decided_version"] != arena.ConsentVersion || out["decided_at"] == nil {
		t.Fatalf("after ticking the box at sign-up: %d %v", code, out)
	}
	id, page = b.battle("Ticked?")
	if !boxChecked(t, page) {
		t.Fatal("the vote's checkbox does not start at the account's setting (on)")
	}
	b.voteForm(id, nil) // no checkbox sent: the account's setting
	if !published(t, e, id) {
		t.Fatal("a battle voted with publication on is not published")
	}

	// Left unticked, the answer is still recorded: off, decided now.
	b2 := e.browser()
	if code, _ := b2.submit("/signup", "/signup", url.Values{"username": {"untick"}, "password": {"password1"}, "consent_shown": {"1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	if _, out := b2.raw("GET", "/api/me/consent", ""); out["publish"] != false || out["decided_at"] == nil {
		t.Fatalf("after leaving the box unticked: %v", out)
	}
	// Without a session or token there is no one to ask.
	if code, out := e.browser().raw("GET", "/api/me/consent", ""); code != 401 || !strings.Contains(errMessage(out), "Vote in a battle or sign up") {
		t.Fatalf("consent of nobody: %d %v", code, out)
	}
}

// TestVotePublishOverride: each vote may decide for its own battle, either way, through
// the API's "publish" and the vote form's checkbox; absent, the account's setting holds.
func TestVotePublishOverride(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	api := e.apiUser("ann")
	vote := func(body map[string]any) (string, map[string]any) {
		t.Helper()
		id := api.start("Which?")
		api.wait(id)
		body["winner"] = "model_a"
		code, out := api.do("POST", "/api/battles/"+id+"/vote", body)
		if code != 200 {
			t.Fatalf("vote %v: %d %v", body, code, out)
		}
		return id, out
	}
	if id, out := vote(map[string]any{"publish": true}); out["publish"] != true || !published(t, e, id) {
		t.Fatalf("publish: true with the account off: %v, published %v", out, published(t, e, id))
	}
	if code, out := api.do("PUT", "/api/me/consent", map[string]any{"publish": true}); code != 200 || out["publish"] != true {
		t.Fatalf("consenting: %d %v", code, out)
	}
	if id, out := vote(map[string]any{"publish": false}); out["publish"] != false || published(t, e, id) {
		t.Fatalf("publish: false with the account on: %v", out)
	}
	if id, out := vote(map[string]any{}); out["publish"] != true || !published(t, e, id) {
		t.Fatalf("no decision with the account on: %v", out)
	}
	if code, out := api.do("POST", "/api/battles/nope/vote", map[string]any{"winner": "tie", "publish": "yes"}); code != 400 || !strings.Contains(errMessage(out), "not valid JSON") {
		t.Fatalf("publish as a string: %d %v", code, out)
	}

	// The form's checkbox, both ways, against the setting.
	b := e.browser()
	if code, _ := b.submit("/signup", "/signup", url.Values{"username": {"formy"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	id, page := b.battle("Form, ticked")
	if boxChecked(t, page) {
		t.Fatal("the checkbox is ticked for an account with publication off")
	}
	b.voteForm(id, url.Values{"publish_shown": {"1"}, "publish": {"1"}})
	if !published(t, e, id) {
		t.Fatal("the ticked checkbox did not publish the battle")
	}
	if _, out := b.raw("PUT", "/api/me/consent", `{"publish": true}`); out["publish"] != true {
		t.Fatalf("consenting: %v", out)
	}
	id, page = b.battle("Form, unticked")
	if !boxChecked(t, page) {
		t.Fatal("the checkbox is not ticked for an account with publication on")
	}
	b.voteForm(id, url.Values{"publish_shown": {"1"}}) // unticked: the box sends nothing
	if published(t, e, id) {
		t.Fatal("the unticked checkbox published the battle")
	}
	if _, page := b.get("/battle/" + id); !strings.Contains(page, "This battle is not published.") || !strings.Contains(page, `id="consent-form"`) {
		t.Fatal("the voted battle's page does not show its decision and the switch")
	}
}

// TestBattleConsentSwitch: after the vote, the battle's voter (and only they) can change
// its decision, through the API and the page's form; before the vote there is nothing
// to change.
func TestBattleConsentSwitch(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	api := e.apiUser("ann")
	id := api.start("Switch me")
	api.wait(id)
	if code, out := api.do("PUT", "/api/battles/"+id+"/consent", map[string]any{"publish": true}); code != 409 || !strings.Contains(errMessage(out), "not voted yet") {
		t.Fatalf("before the vote: %d %v", code, out)
	}
	if code, _ := api.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_b"}); code != 200 {
		t.Fatal("vote")
	}
	code, out := api.do("PUT", "/api/battles/"+id+"/consent", map[string]any{"publish": true})
	if code != 200 || out["publish"] != true || out["id"] != id || out["consent_version"] != arena.ConsentVersion || out["consent_at"] == nil {
		t.Fatalf("switching on: %d %v", code, out)
	}
	if !published(t, e, id) {
		t.Fatal("switched on, the battle is not published")
	}
	// Nobody else may: another user is told there is no such battle, an admin why not.
	if code, _ := e.apiUser("ben").do("PUT", "/api/battles/"+id+"/consent", map[string]any{"publish": false}); code != 404 {
		t.Fatalf("another user's switch: %d, want 404", code)
	}
	admin := e.apiUser("root")
	if err := e.db.SetUserRole(context.Background(), mustUser(t, e, "root").ID, arena.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if code, out := admin.do("PUT", "/api/battles/"+id+"/consent", map[string]any{"publish": false}); code != 403 || !strings.Contains(errMessage(out), "only its voter") {
		t.Fatalf("an admin's switch: %d %v", code, out)
	}
	if !published(t, e, id) {
		t.Fatal("a refused switch changed the battle")
	}
	for _, tc := range []struct{ body, want string }{
		{`{}`, `"publish" is missing`},
		{`{"publish": 1}`, `"publish" must be true or false`},
		{`{"publish": false, "include_past": true}`, `applies to the account's setting`},
		{`{"publish": false, "publsh": true}`, `unknown field`},
		{`{"publish":`, `not valid JSON`},
	} {
		req, _ := http.NewRequest("PUT", e.srv.URL+"/api/battles/"+id+"/consent", strings.NewReader(tc.body))
		req.Header.Set("Authorization", "Bearer "+api.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		res.Body.Close()
		if res.StatusCode != 400 || !strings.Contains(errMessage(out), tc.want) {
			t.Errorf("%s: %d %v, want 400 saying %s", tc.body, res.StatusCode, out, tc.want)
		}
	}
	if !published(t, e, id) {
		t.Fatal("a refused body changed the battle")
	}

	// The page's form, without JavaScript: the voter's own battle, voted by form.
	b := e.browser()
	bid, page := b.battle("Switch by form")
	if strings.Contains(page, `id="consent-area">`) {
		t.Fatal("the switch shows before the vote")
	}
	if code, body := b.submit("/battle/"+bid, "/battle/"+bid+"/consent", url.Values{"publish": {"1"}}); code != 409 || !strings.Contains(body, "not voted yet") {
		t.Fatalf("the form before the vote: %d", code)
	}
	b.voteForm(bid, url.Values{"publish_shown": {"1"}})
	code, body := b.submit("/battle/"+bid, "/battle/"+bid+"/consent", url.Values{"publish": {"1"}})
	if code != 200 || !strings.Contains(body, "This battle is published in the open datasets.") || !published(t, e, bid) {
		t.Fatalf("the form switching on: %d, published %v", code, published(t, e, bid))
	}
	if code, _ := b.submit("/battle/"+bid, "/battle/"+bid+"/consent", url.Values{"publish": {"maybe"}}); code != 400 {
		t.Fatalf("publish=maybe: %d", code)
	}
	if code, _ := b.submit("/battle/"+bid, "/battle/"+bid+"/consent", url.Values{"publish": {"0"}}); code != 200 || published(t, e, bid) {
		t.Fatal("the form switching off")
	}
	// Another guest cannot switch it back on, and nobody at all is asked who they are.
	stranger := e.browser()
	stranger.battle("A stranger's own")
	if code, _ := stranger.submit("/", "/battle/"+bid+"/consent", url.Values{"publish": {"1"}}); code != 404 || published(t, e, bid) {
		t.Fatalf("a stranger's form: %d", code)
	}
	if code, _ := e.browser().submit("/login", "/battle/"+bid+"/consent", url.Values{"publish": {"1"}}); code != 401 || published(t, e, bid) {
		t.Fatalf("nobody's form: %d", code)
	}
}

// TestMeConsentAPI: GET and PUT /api/me/consent, and what they refuse.
func TestMeConsentAPI(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	api := e.apiUser("ann")
	var ids []string
	for _, p := range []string{"one", "two"} {
		id := api.start(p)
		api.wait(id)
		api.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"})
		ids = append(ids, id)
	}
	put := func(body string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest("PUT", e.srv.URL+"/api/me/consent", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+api.token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	for _, tc := range []struct{ body, want string }{
		{``, "empty"},
		{`not json`, "not valid JSON"},
		{`{}`, `"publish" is missing`},
		{`{"publish": null}`, `"publish" is missing`},
		{`{"publish": "true"}`, `"publish" must be true or false`},
		{`{"publish": true, "include_past": "yes"}`, `"include_past" must be true or false`},
		{`{"publish": true, "everything": true}`, `unknown field "everything"`},
		{`{"publish": true} {"publish": false}`, "more than one"},
	} {
		if code, out := put(tc.body); code != 400 || !strings.Contains(errMessage(out), tc.want) {
			t.Errorf("PUT %q: %d %v, want 400 saying %s", tc.body, code, out, tc.want)
		}
	}
	if _, out := api.do("GET", "/api/me/consent", nil); out["publish"] != false || out["decided_at"] != nil {
		t.Fatalf("refused bodies changed the setting: %v", out)
	}
	// On, for the future: the voted battles stay as they were.
	code, out := put(`{"publish": true}`)
	if code != 200 || out["publish"] != true || out["battles_changed"] != 0.0 || out["decided_version"] != arena.ConsentVersion {
		t.Fatalf("on: %d %v", code, out)
	}
	if published(t, e, ids[0]) || published(t, e, ids[1]) {
		t.Fatal("consenting for the future published the past")
	}
	// With the past: both published.
	if code, out := put(`{"publish": true, "include_past": true}`); code != 200 || out["battles_changed"] != 2.0 {
		t.Fatalf("on with the past: %d %v", code, out)
	}
	if !published(t, e, ids[0]) || !published(t, e, ids[1]) {
		t.Fatal("include_past did not publish the voted battles")
	}
	// Off is a withdrawal, whatever include_past says.
	if code, out := put(`{"publish": false}`); code != 200 || out["publish"] != false || out["battles_changed"] != 2.0 {
		t.Fatalf("off: %d %v", code, out)
	}
	if published(t, e, ids[0]) || published(t, e, ids[1]) {
		t.Fatal("the withdrawal left a battle published")
	}
	if code, out := api.do("GET", "/api/me/consent", nil); code != 200 || out["publish"] != false || out["decided_at"] == nil {
		t.Fatalf("GET after the withdrawal: %d %v", code, out)
	}
}

// TestWithdrawalLeavesLaterReleases: a withdrawal on /me (one click) takes the voter's
// battles out of every later export and release, while an earlier release's record
// still lists them and My data says so.
func TestWithdrawalLeavesLaterReleases(t *testing.T) {
	dir := t.TempDir()
	releases := filepath.Join(dir, "releases")
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) { c.Releases = releases })
	publicModels(t, e)
	ctx := context.Background()
	b := e.browser()
	if code, _ := b.submit("/signup", "/signup", url.Values{"username": {"wanda"}, "password": {"password1"}, "consent_shown": {"1"}, "publish": {"1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	var ids []string
	for _, p := range []string{"first", "second"} {
		id, _ := b.battle(p)
		b.voteForm(id, nil)
		ids = append(ids, id)
	}
	me := mustUser(t, e, "wanda")
	rel, err := dataset.WriteRelease(ctx, e.db, releases, "2026-12", arena.ExportFilter{}, dataset.ReleaseOptions{})
	if err != nil || rel.Battles != 2 {
		t.Fatalf("the first release: %+v, %v", rel, err)
	}
	recordRelease(t, e, "2026-12", ids)
	_, page := b.get("/me")
	if !strings.Contains(page, "Battles you voted: 2; public now: <strong>2</strong>") ||
		!strings.Contains(page, `href="/data/releases/2026-12/README.md"`) || !strings.Contains(page, `id="withdraw"`) {
		t.Fatalf("My data before the withdrawal:\n%s", section(page, "my-data"))
	}

	// One click.
	code, page := b.submit("/me", "/me/consent", url.Values{"publish": {"0"}})
	if code != 200 || !strings.Contains(page, "Withdrawn") || !strings.Contains(page, "Battles you voted: 2; public now: <strong>0</strong>") {
		t.Fatalf("the withdrawal: %d\n%s", code, section(page, "my-data"))
	}
	// The earlier release's record still holds them, and My data says so.
	if md, err := e.db.MyData(ctx, me.ID); err != nil || len(md.Releases) != 1 || md.Releases[0].Name != "2026-12" || md.Releases[0].Battles != 2 {
		t.Fatalf("the earlier release's record: %+v, %v", md, err)
	}
	if !strings.Contains(page, `href="/data/releases/2026-12/README.md"`) {
		t.Fatal("My data no longer shows the release that holds the withdrawn battles")
	}
	// No later export or release holds them.
	if n, err := e.db.CountExportRows(ctx, arena.ExportFilter{}); err != nil || n != 0 {
		t.Fatalf("a later export holds %d battles, %v", n, err)
	}
	if _, body := b.get("/data/export?format=jsonl"); strings.Contains(body, ids[0]) || strings.Contains(body, ids[1]) {
		t.Fatal("a later download holds withdrawn battles")
	}
	later, err := dataset.WriteRelease(ctx, e.db, releases, "2027-01", arena.ExportFilter{}, dataset.ReleaseOptions{})
	if err != nil || later.Battles != 0 {
		t.Fatalf("a later release: %+v, %v; want none of the withdrawn battles", later, err)
	}
	if c, err := e.deps.Consents.Get(ctx, me); err != nil || c.Publish {
		t.Fatalf("the setting after the withdrawal: %+v, %v", c, err)
	}
	// The voter's own download still has them all.
	if _, body := b.get("/data/export?format=jsonl&mine=1"); strings.Count(body, "\n") != 2 {
		t.Fatalf("the voter's own download after the withdrawal: %q", body)
	}
}

// recordRelease writes a release's record (releases, release_battles) as the release
// writer does, unless it did so itself.
func recordRelease(t *testing.T, e *env, name string, ids []string) {
	t.Helper()
	ctx := context.Background()
	if err := e.db.Exec(ctx, `INSERT INTO releases (name, created_at, internal, battles)
		SELECT ?, ?, 0, ? WHERE NOT EXISTS (SELECT 1 FROM releases WHERE name = ?)`, name, e.clock.Now().UnixMilli(), len(ids), name); err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		if err := e.db.Exec(ctx, `INSERT INTO release_battles (release_id, battle_id) SELECT r.id, ? FROM releases r
			WHERE r.name = ? AND NOT EXISTS (SELECT 1 FROM release_battles rb WHERE rb.release_id = r.id AND rb.battle_id = ?)`, id, name, id); err != nil {
			t.Fatal(err)
		}
	}
}

// section is the part of a page from the element with id on, for failure messages.
func section(page, id string) string {
	if i := strings.Index(page, `id="`+id+`"`); i >= 0 {
		return page[i:min(len(page), i+3000)]
	}
	return page
}

// TestGuestConsentCarriesOver: a guest's answer and battles go with them into the
// account they sign up for, and their battles keep their decisions when they log in to
// an existing one.
func TestGuestConsentCarriesOver(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	ctx := context.Background()

	// A guest consents on /me, votes (the setting) and votes another battle out.
	g := e.browser()
	id1, _ := g.battle("Guest one")
	if _, page := g.get("/me"); !strings.Contains(page, `id="my-data"`) || !strings.Contains(page, "Publication is <strong>off</strong>") {
		t.Fatal("a guest's /me does not ask about publication")
	}
	if code, page := g.submit("/me", "/me/consent", url.Values{"publish": {"1"}}); code != 200 || !strings.Contains(page, "Publication is <strong>on</strong>") {
		t.Fatalf("the guest consenting: %d", code)
	}
	g.voteForm(id1, nil)
	id2, _ := g.battle("Guest two")
	g.voteForm(id2, url.Values{"publish_shown": {"1"}})
	if !published(t, e, id1) || published(t, e, id2) {
		t.Fatal("the guest's decisions were not recorded")
	}
	// Signing up: the form starts at the guest's answer, and a sign-up that does not
	// answer (a script's) keeps it.
	if _, page := g.get("/signup"); !boxChecked(t, page) {
		t.Fatal("the sign-up form does not start at the guest's answer")
	}
	if code, _ := g.post("/signup", url.Values{"_csrf": {g.csrf("/signup")}, "username": {"gwen"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d", code)
	}
	if _, out := g.raw("GET", "/api/me/consent", ""); out["publish"] != true {
		t.Fatalf("the account did not take the guest's answer: %v", out)
	}
	if !published(t, e, id1) || published(t, e, id2) {
		t.Fatal("signing up changed the guest's battles' decisions")
	}

	// A guest who signs up with the box ticked as it starts keeps everything too.
	g2 := e.browser()
	g2.battle("Guest three")
	g2.raw("PUT", "/api/me/consent", `{"publish": true}`)
	id3, _ := g2.battle("Guest four")
	g2.voteForm(id3, url.Values{"publish_shown": {"1"}, "publish": {"1"}})
	if code, _ := g2.submit("/signup", "/signup", url.Values{"username": {"hana"}, "password": {"password1"}, "consent_shown": {"1"}, "publish": {"1"}}); code != 200 {
		t.Fatal("sign-up")
	}
	if !published(t, e, id3) {
		t.Fatal("signing up with the box ticked unpublished the guest's battle")
	}

	// Unticking the box at sign-up turns a guest's "on" off, and that is a withdrawal.
	g4 := e.browser()
	id5, _ := g4.battle("Guest six")
	g4.raw("PUT", "/api/me/consent", `{"publish": true}`)
	g4.voteForm(id5, nil)
	if !published(t, e, id5) {
		t.Fatal("the guest's battle is not published")
	}
	if code, _ := g4.submit("/signup", "/signup", url.Values{"username": {"ines"}, "password": {"password1"}, "consent_shown": {"1"}}); code != 200 {
		t.Fatal("sign-up")
	}
	if _, out := g4.raw("GET", "/api/me/consent", ""); out["publish"] != false || published(t, e, id5) {
		t.Fatalf("unticking at sign-up: %v, battle published %v; want off and withdrawn", out, published(t, e, id5))
	}

	// A guest logging in to an account whose setting is off: the guest's battles keep
	// their decisions, the account its setting.
	if _, err := e.deps.Accounts.AddUser(ctx, "olga", "password1", arena.RoleUser); err != nil {
		t.Fatal(err)
	}
	g3 := e.browser()
	id4, _ := g3.battle("Guest five")
	if code, _ := g3.raw("PUT", "/api/me/consent", `{"publish": true}`); code != 200 {
		t.Fatal("the guest consenting through the API")
	}
	g3.voteForm(id4, nil)
	if code, _ := g3.submit("/login", "/login", url.Values{"username": {"olga"}, "password": {"password1"}}); code != 200 {
		t.Fatal("log-in")
	}
	if !published(t, e, id4) {
		t.Fatal("logging in unpublished the guest's battle")
	}
	if _, out := g3.raw("GET", "/api/me/consent", ""); out["publish"] != false {
		t.Fatalf("the guest's setting replaced the account's: %v", out)
	}
	if _, body := g3.get("/data/export?format=jsonl&mine=public"); strings.Count(body, "\n") != 1 {
		t.Fatalf("the account's published battles after the log-in: %q", body)
	}
	if _, page := g3.get("/me"); !strings.Contains(page, "Battles you voted: 1; public now: <strong>1</strong>") {
		t.Fatalf("My data after the log-in:\n%s", section(page, "my-data"))
	}
}

// TestMyBattlesDownload: /data offers a person their own battles, all or the published
// ones; the public dataset stays for accounts.
func TestMyBattlesDownload(t *testing.T) {
	e := newEnv(t)
	publicModels(t, e)
	b := e.browser()
	if _, page := b.get("/data"); !strings.Contains(page, `id="mine"`) || strings.Contains(page, `name="mine"`) {
		t.Fatal("/data for nobody: no explanation, or a form that cannot work")
	}
	if code, _ := b.get("/data/export?mine=1"); code != 401 {
		t.Fatalf("nobody's own battles: %d", code)
	}
	id1, _ := b.battle("Mine, published")
	b.voteForm(id1, url.Values{"publish_shown": {"1"}, "publish": {"1"}})
	id2, _ := b.battle("Mine, not published")
	b.voteForm(id2, url.Values{"publish_shown": {"1"}})
	// Someone else's battle is in nobody else's download.
	other := e.apiUser("other")
	oid := other.start("Not yours")
	other.wait(oid)
	other.do("POST", "/api/battles/"+oid+"/vote", map[string]any{"winner": "tie", "publish": true})

	// A guest may take their own battles, not the whole dataset.
	if _, page := b.get("/data"); !strings.Contains(page, `name="mine" value="1"`) {
		t.Fatal("/data offers a guest no download of their battles")
	}
	rows := func(path string) []string {
		t.Helper()
		res, err := b.c.Get(e.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		data, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("%s: %d %s", path, res.StatusCode, data)
		}
		var ids []string
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			var r struct{ ID string }
			if line != "" && json.Unmarshal([]byte(line), &r) == nil {
				ids = append(ids, r.ID)
			}
		}
		if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, "arena-my-") {
			t.Errorf("%s: file name %q does not say it is the person's own", path, cd)
		}
		return ids
	}
	if got := rows("/data/export?format=jsonl&mine=1"); len(got) != 2 || !strings.Contains(strings.Join(got, ","), id1) || !strings.Contains(strings.Join(got, ","), id2) {
		t.Fatalf("mine=1: %v, want %s and %s", got, id1, id2)
	}
	if got := rows("/data/export?format=jsonl&mine=public"); len(got) != 1 || got[0] != id1 {
		t.Fatalf("mine=public: %v, want %s", got, id1)
	}
	if code, body := b.get("/data/export?format=jsonl"); code != 401 || !strings.Contains(body, "Sign up or log in") {
		t.Fatalf("a guest's download of the public dataset: %d", code)
	}
	if code, body := b.get("/data/export?mine=everything"); code != 400 || !strings.Contains(body, "mine must be 1") {
		t.Fatalf("mine=everything: %d %s", code, body)
	}
	// Message content: 140k's typed parts by default, 100k's strings on request, and
	// an unknown form refused before the download starts.
	for q, want := range map[string]string{"": `"content":[{"type":"text","text":`, "&content=parts": `"content":[{"type":"text","text":`,
		"&content=string": `"content":"`} {
		if code, body := b.get("/data/export?format=jsonl&mine=1" + q); code != 200 || !strings.Contains(body, want) {
			t.Errorf("content %q: %d, want %s in %.200s", q, code, want, body)
		}
	}
	if code, body := b.get("/data/export?format=jsonl&mine=1&content=html"); code != 400 || !strings.Contains(body, "Unknown content form") {
		t.Errorf("content=html: %d %.300s", code, body)
	}
	// Through the API, with a token: the other user's own, and all=1 still admins' only.
	if code, out := other.do("GET", "/api/export?format=jsonl&all=1", nil); code != 403 || !strings.Contains(errMessage(out), "mine=1") {
		t.Fatalf("all=1 for a user: %d %v", code, out)
	}
}
