package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/web"
)

// sideOf is the side ('a' or 'b') the model named name answers in battle id.
func sideOf(t *testing.T, e *env, id, name string) string {
	t.Helper()
	b, err := e.db.Battle(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if b.ModelA.Name == name {
		return "a"
	}
	return "b"
}

// waitFor polls GET /api/battles/{id} until cond holds, for a generous while.
func (a *apiClient) waitFor(id, what string, cond func(map[string]any) bool) map[string]any {
	a.e.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out := a.do("GET", "/api/battles/"+id, nil)
		if code == 200 && cond(out) {
			return out
		}
		if time.Now().After(deadline) {
			a.e.t.Fatalf("waited 20 s for %s: %d %v", what, code, out)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func turn0(b map[string]any) map[string]any { return b["turns"].([]any)[0].(map[string]any) }

// TestBattleControlsAPI drives stop, regenerate and again through the JSON API against a
// real streaming endpoint: what each does, and every refusal with its reason.
func TestBattleControlsAPI(t *testing.T) {
	e := newEnv(t)
	e.fake.Handle("alpha", llmtest.Behavior{Text: "alpha says one two three four", Fault: llmtest.Stall, FaultAfter: 2})
	a := e.apiUser("ann")
	id := a.start("Tell me about rivers")
	stall := sideOf(t, e, id, "secret-alpha-7b")
	done := map[string]string{"a": "b", "b": "a"}[stall]

	a.waitFor(id, "one side done, the other stalled with text", func(b map[string]any) bool {
		t0 := turn0(b)
		return t0["status_"+done] == "done" && t0["response_"+stall] != ""
	})
	for _, c := range []struct {
		path string
		body any
		code int
		want string
	}{
		{"/stop", map[string]string{"side": "c"}, 400, "side must be a or b"},
		{"/stop", "not an object", 400, "not valid JSON"},
		{"/stop", map[string]string{"side": done}, 409, "has finished answering"},
		{"/regenerate", map[string]string{"side": stall}, 409, "is still streaming; stop it or wait"},
		{"/regenerate", map[string]string{"side": done}, 409, "The other answer is still streaming"},
		{"/regenerate", map[string]string{}, 400, `side must be a or b; got ""`},
	} {
		code, out := a.do("POST", "/api/battles/"+id+c.path, c.body)
		if code != c.code || !strings.Contains(errMessage(out), c.want) {
			t.Errorf("%s %v: %d %v, want %d saying %q", c.path, c.body, code, out, c.code, c.want)
		}
	}
	if code, out := e.apiUser("bob").do("POST", "/api/battles/"+id+"/stop", map[string]string{"side": stall}); code != 404 {
		t.Errorf("someone else's stop: %d %v", code, out)
	}

	// Stop: the stream is cancelled upstream, and the battle can be voted on.
	if code, out := a.do("POST", "/api/battles/"+id+"/stop", map[string]string{"side": stall}); code != 200 || out["status"] != "stopped" {
		t.Fatalf("stop: %d %v", code, out)
	}
	b := a.wait(id)
	if t0 := turn0(b); b["status"] != "ready" || t0["status_"+stall] != "stopped" || !strings.HasPrefix("alpha says one two three four", t0["response_"+stall].(string)) ||
		t0["error_"+stall] != nil {
		t.Fatalf("after the stop: %v", b)
	}
	aborted := false
	for _, r := range e.fake.Requests() {
		aborted = aborted || r.Model == "alpha" && r.Finished && r.Aborted
	}
	if !aborted {
		t.Error("the stopped side's request to its endpoint was not cancelled")
	}

	// Regenerate, three times at most.
	e.fake.Handle("alpha", llmtest.Behavior{Text: "alpha again"})
	for n := 1; n <= arena.MaxRegenerations; n++ {
		code, out := a.do("POST", "/api/battles/"+id+"/regenerate", map[string]string{"side": stall})
		if code != 202 || out["regenerated"].(float64) != float64(n) || out["left"].(float64) != float64(arena.MaxRegenerations-n) {
			t.Fatalf("regeneration %d: %d %v", n, code, out)
		}
		if b := a.wait(id); b["status"] != "ready" || turn0(b)["response_"+stall] != "alpha again" || b["regenerated_"+stall].(float64) != float64(n) {
			t.Fatalf("after regeneration %d: %v", n, b)
		}
	}
	if code, out := a.do("POST", "/api/battles/"+id+"/regenerate", map[string]string{"side": stall}); code != 409 ||
		!strings.Contains(errMessage(out), "has been regenerated 3 times, the most a side may be") {
		t.Errorf("a fourth regeneration: %d %v", code, out)
	}

	// After the vote, neither.
	if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"}); code != 200 {
		t.Fatalf("vote: %d %v", code, out)
	}
	if code, out := a.do("POST", "/api/battles/"+id+"/regenerate", map[string]string{"side": done}); code != 409 || !strings.Contains(errMessage(out), "after the vote") {
		t.Errorf("regenerate after the vote: %d %v", code, out)
	}
	if code, out := a.do("POST", "/api/battles/"+id+"/stop", map[string]string{"side": done}); code != 409 || !strings.Contains(errMessage(out), "voted on") {
		t.Errorf("stop after the vote: %d %v", code, out)
	}

	// Again, after the vote as before it: a new battle with the same prompt.
	code, out := a.do("POST", "/api/battles/"+id+"/again", nil)
	if code != 201 || out["id"] == id || out["mode"] != "battle" || out["models"] != nil {
		t.Fatalf("again: %d %v", code, out)
	}
	if nb := a.wait(out["id"].(string)); turn0(nb)["prompt"] != "Tell me about rivers" {
		t.Errorf("again started %v", nb)
	}
	if code, out := e.apiUser("cat").do("POST", "/api/battles/"+id+"/again", nil); code != 404 {
		t.Errorf("again on someone else's battle: %d %v", code, out)
	}
}

// TestAgainAfterAFailedSide: a side failing no longer costs the prompt: the page's
// "Try a new pair" is a form that starts the same prompt again, without scripts; it is
// limited as new battles are, and the failed battle is left as it was.
func TestAgainAfterAFailedSide(t *testing.T) {
	e := newEnv(t)
	e.fake.Handle("alpha", llmtest.Behavior{Status: 500})
	guest := e.browser()
	_, body := guest.submit("/", "/battles", url.Values{"prompt": {"A prompt worth keeping"}})
	m := battleIDRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no battle page: %s", body)
	}
	id := m[1]
	if code, out := guest.raw("GET", "/api/battles/"+id+"?wait=10s", ""); code != 200 || out["status"] != "failed" {
		t.Fatalf("battle: %d %v", code, out)
	}
	_, page := guest.get("/battle/" + id)
	if !strings.Contains(page, `action="/battle/`+id+`/again"`) || !strings.Contains(page, "Try a new pair") {
		t.Fatalf("the failed battle's page offers no retry with its prompt:\n%s", page)
	}
	e.fake.Handle("alpha", llmtest.Behavior{})
	code, page := guest.submit("/battle/"+id, "/battle/"+id+"/again", url.Values{})
	m = battleIDRE.FindStringSubmatch(page)
	if code != 200 || m == nil || m[1] == id || !strings.Contains(page, "A prompt worth keeping") {
		t.Fatalf("try a new pair: %d\n%s", code, page)
	}
	if old, err := e.db.Battle(context.Background(), id); err != nil || old.Status != arena.StatusFailed {
		t.Errorf("the failed battle became %v (%v)", old.Status, err)
	}

	// Each again starts a battle, and counts as one.
	e.restart(t, func(d *web.Deps, _ *web.Config) {
		d.Limits = &arena.RateLimiter{Store: e.db, Clock: e.clock, Limits: []arena.Limit{{Action: "battle", Subject: "ip", Window: time.Minute, Max: 1}}}
	})
	code, _ = guest.submit("/battle/"+id, "/battle/"+id+"/again", url.Values{})
	if code != 200 {
		t.Fatalf("the first again under the limit: %d", code)
	}
	code, page = guest.submit("/battle/"+id, "/battle/"+id+"/again", url.Values{})
	if code != http.StatusTooManyRequests || !strings.Contains(page, "the limit is 1 per minute") {
		t.Errorf("a second again in the minute: %d\n%s", code, page)
	}
}

// TestBattleControlsForms: without scripts, stop and regenerate are forms of the battle
// page, shown when they apply; a refused one is shown on the page with its reason.
func TestBattleControlsForms(t *testing.T) {
	e := newEnv(t)
	guest := e.browser()
	id, page := guest.battle("Forms all the way")
	for _, s := range []string{"a", "b"} {
		if !strings.Contains(page, `id="regenerate-form-`+s+`" method="post" action="/battle/`+id+`/regenerate">`) ||
			!strings.Contains(page, `id="stop-form-`+s+`" method="post" action="/battle/`+id+`/stop" hidden>`) {
			t.Fatalf("the ready battle's page lacks side %s's regenerate form or shows its stop form:\n%s", s, page)
		}
	}
	code, page := guest.submit("/battle/"+id, "/battle/"+id+"/regenerate", url.Values{"side": {"z"}})
	if code != 400 || !strings.Contains(page, "side must be a or b") {
		t.Errorf("a bad side: %d\n%s", code, page)
	}
	code, page = guest.submit("/battle/"+id, "/battle/"+id+"/stop", url.Values{"side": {"a"}})
	if code != 409 || !strings.Contains(page, "Model A has finished answering") {
		t.Errorf("stopping a finished side: %d\n%s", code, page)
	}
	code, page = guest.submit("/battle/"+id, "/battle/"+id+"/regenerate", url.Values{"side": {"b"}})
	if code != 200 || !strings.Contains(page, `data-battle="`+id+`"`) {
		t.Fatalf("regenerate by form: %d\n%s", code, page)
	}
	if code, out := guest.raw("GET", "/api/battles/"+id+"?wait=10s", ""); code != 200 || out["status"] != "ready" || out["regenerated_b"].(float64) != 1 {
		t.Fatalf("after the form's regeneration: %d %v", code, out)
	}
	if _, page = guest.get("/battle/" + id); !strings.Contains(page, `data-left="2">2 left`) || !strings.Contains(page, `data-left="3">3 left`) {
		t.Errorf("the page does not count the regenerations left:\n%s", page)
	}

	// Stop by form, on the page that refreshes itself while the answers stream.
	e.fake.Handle("alpha", llmtest.Behavior{Text: "alpha keeps going and going", Fault: llmtest.Stall, FaultAfter: 2})
	_, body := guest.submit("/", "/battles", url.Values{"prompt": {"Stop me by form"}})
	m := battleIDRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no battle page: %s", body)
	}
	stall := sideOf(t, e, m[1], "secret-alpha-7b")
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, page = guest.get("/battle/" + m[1])
		if strings.Contains(page, `id="stop-form-`+stall+`" method="post" action="/battle/`+m[1]+`/stop">`) && strings.Contains(page, "alpha keeps") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the streaming page never offered Stop for side %s with text:\n%s", stall, page)
		}
		time.Sleep(20 * time.Millisecond)
	}
	code, page = guest.submit("/battle/"+m[1], "/battle/"+m[1]+"/stop", url.Values{"side": {stall}})
	// The stop cancels the stream and the answer is stored as it ends, which a loaded
	// machine may finish just after the form's page is rendered: that page refreshes
	// itself without JavaScript, as this loop does.
	stopped := `id="stopped-` + stall + `-0">Stopped by you</p>`
	for deadline := time.Now().Add(20 * time.Second); code == 200 && !strings.Contains(page, stopped) && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		code, page = guest.get("/battle/" + m[1])
	}
	if code != 200 || !strings.Contains(page, stopped) {
		t.Errorf("stop by form: %d\n%s", code, page)
	}
	if code, out := guest.raw("GET", "/api/battles/"+m[1]+"?wait=10s", ""); code != 200 || out["status"] != "ready" {
		t.Errorf("after the form's stop: %d %v", code, out)
	}
}
