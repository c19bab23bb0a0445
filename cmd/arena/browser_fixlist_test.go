package main

// Browser tests for issue 19's fix-list: each finding seen the way a person sees it.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"testing"
	"time"
)

// apiVote starts a battle as the token's owner through the JSON API, waits for both
// answers and votes A; it returns the battle's id.
func apiVote(t *testing.T, base, token string) string {
	t.Helper()
	call := func(method, path string, body any) map[string]any {
		t.Helper()
		var buf bytes.Buffer
		if body != nil {
			json.NewEncoder(&buf).Encode(body)
		}
		req, _ := http.NewRequest(method, base+path, &buf)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer res.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %v %v", method, path, res.StatusCode, out, err)
		}
		return out
	}
	id, _ := call("POST", "/api/battles", map[string]string{"prompt": "Say something short."})["id"].(string)
	if b := call("GET", "/api/battles/"+id+"?wait=30s", nil); b["status"] != "ready" {
		t.Fatalf("battle %s is %v, not ready", id, b["status"])
	}
	call("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"})
	return id
}

// userToken adds an account and returns an API token for it.
func (s *e2eServer) userToken(t *testing.T, name string) string {
	t.Helper()
	s.addUser(t, name, "voter-password")
	tok := regexp.MustCompile(`\S{20,}`).FindString(s.runCLI(t, "users", "token", "--db", s.DB, name))
	if tok == "" {
		t.Fatalf("no API token for %s", name)
	}
	return tok
}

// TestBrowserLeaderboardBackForward navigates one tab 20 times between the live
// leaderboard and another page, by links and by history back and forward, with the
// back/forward cache on. A cached leaderboard that kept its event stream open would
// hold one of the browser's six connections to the host; after six such pages every
// navigation waits for a connection to free. Each navigation must finish within 1 s,
// some must be restored from the cache (or the test proves nothing), and a leaderboard
// restored from it must still update live.
func TestBrowserLeaderboardBackForward(t *testing.T) {
	srv := startArena(t, time.Millisecond)
	token := srv.userToken(t, "voter")
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "board")

	// A page restored from the back/forward cache keeps its window, so a mark set on it
	// survives; a page loaded afresh has none.
	mark := func() { eval[bool](b, `(window.__arenaMark = true)`) }
	arrive := func(how, url string, start time.Time) bool {
		t.Helper()
		b.waitJS(how+" to "+url, fmt.Sprintf(`location.pathname + location.search === %q && document.readyState === 'complete'`, url), 30*time.Second)
		if d := time.Since(start); d > time.Second {
			t.Errorf("navigation %s to %s took %s", how, url, d.Round(time.Millisecond))
		}
		restored := eval[bool](b, `window.__arenaMark === true`)
		mark()
		return restored
	}
	link := func(url string) {
		t.Helper()
		start := time.Now()
		eval[bool](b, fmt.Sprintf(`(location.href = %q, true)`, url))
		arrive("by link", url, start)
	}
	history := func(dir, url string) bool {
		t.Helper()
		start := time.Now()
		eval[bool](b, `(history.`+dir+`(), true)`)
		return arrive(dir, url, start)
	}
	// The leaderboard's switches are links to other views of it, each a page with its
	// own live connection.
	views := []string{"/leaderboard?category=code", "/leaderboard?category=math", "/leaderboard?style=1",
		"/leaderboard?category=creative", "/leaderboard?active=1", "/leaderboard"}
	b.open("/leaderboard")
	mark()
	navs, restored := 0, 0
	for i := 0; navs < 20; i++ {
		// Three views of the board and another page by links, then back and forward.
		for j := range 3 {
			if navs < 20 {
				link(views[(3*i+j)%len(views)])
				navs++
			}
		}
		if navs < 20 {
			link("/transparency")
			if history("back", views[(3*i+2)%len(views)]) {
				restored++
			}
			if history("forward", "/transparency") {
				restored++
			}
			navs += 3
		}
	}
	t.Logf("%d navigations, %d restored from the back/forward cache", navs, restored)
	if restored == 0 {
		t.Fatal("no page came from the back/forward cache: this browser does not test it")
	}
	// Once more to the whole board and away: the board, restored from the cache,
	// resumes its live updates.
	link("/leaderboard")
	link("/transparency")
	if !history("back", "/leaderboard") {
		t.Fatal("the last leaderboard was not restored from the back/forward cache")
	}
	if n := eval[int](b, `document.querySelectorAll('#board tbody tr').length`); n != 0 {
		t.Fatalf("the board has %d rows before any vote", n)
	}
	apiVote(t, srv.URL, token)
	b.waitJS("the restored leaderboard to show the vote", `document.querySelectorAll('#board tbody tr').length >= 2`, 15*time.Second)
	if !eval[bool](b, `window.__arenaMark === true`) {
		t.Error("the leaderboard reloaded instead of updating in place")
	}
}
