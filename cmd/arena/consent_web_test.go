package main

import (
	"encoding/json"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/web"
)

var (
	formCSRF = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)
	battleID = regexp.MustCompile(`data-battle="([a-z0-9]+)"`)
)

// TestNewcomerDownloadsOwnBattles is a newcomer's whole way through the real server
// with the demo models: sign up consenting, battle, vote, then download their own
// published battles from /data. Before, a signed-in user's /data download was empty:
// nothing they voted was published, and there was no way to take their own.
func TestNewcomerDownloadsOwnBattles(t *testing.T) {
	ctx := t.Context()
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{DB: filepath.Join(t.TempDir(), "arena.db"), Log: quiet, Web: web.Config{Logger: quiet},
		SeedDemoModels: true, Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	srv := httptest.NewServer(a.Server.Handler())
	defer srv.Close()

	type person struct{ c *http.Client }
	newPerson := func() *person {
		jar, _ := cookiejar.New(nil)
		return &person{&http.Client{Jar: jar}}
	}
	get := func(p *person, path string) (int, string, http.Header) {
		t.Helper()
		res, err := p.c.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body), res.Header
	}
	submit := func(p *person, page, action string, form url.Values) string {
		t.Helper()
		_, body, _ := get(p, page)
		m := formCSRF.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no form on %s", page)
		}
		form.Set("_csrf", m[1])
		res, err := p.c.PostForm(srv.URL+action, form)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("POST %s: %d %s", action, res.StatusCode, out)
		}
		return string(out)
	}
	// battle votes one battle through the pages, with the vote form's checkbox as the
	// voter leaves it, and returns its id.
	battle := func(p *person, prompt string, tick bool) string {
		t.Helper()
		m := battleID.FindStringSubmatch(submit(p, "/", "/battles", url.Values{"prompt": {prompt}}))
		if m == nil {
			t.Fatal("no battle page")
		}
		if code, body, _ := get(p, "/api/battles/"+m[1]+"?wait=30s"); code != 200 || !strings.Contains(body, `"ready"`) {
			t.Fatalf("battle: %d %s", code, body)
		}
		_, page, _ := get(p, "/battle/"+m[1])
		if ticked := strings.Contains(page, `name="publish" value="1" checked`); ticked != tick {
			t.Fatalf("the vote's checkbox is ticked=%v, want the voter's setting %v", ticked, tick)
		}
		form := url.Values{"winner": {"model_b"}, "publish_shown": {"1"}}
		if tick {
			form.Set("publish", "1")
		}
		if body := submit(p, "/battle/"+m[1], "/battle/"+m[1]+"/vote", form); !strings.Contains(body, "Here is who was who") {
			t.Fatal("the vote was not taken")
		}
		return m[1]
	}
	rows := func(p *person, path string) []string {
		t.Helper()
		code, body, h := get(p, path)
		if code != 200 || !strings.Contains(h.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%s: %d %s", path, code, body)
		}
		var ids []string
		for _, line := range strings.Split(strings.TrimSpace(body), "\n") {
			var r struct {
				ID     string `json:"id"`
				Winner string `json:"winner"`
			}
			if line == "" {
				continue
			}
			if err := json.Unmarshal([]byte(line), &r); err != nil || r.Winner != "model_b" {
				t.Fatalf("%s: row %q: %v", path, line, err)
			}
			ids = append(ids, r.ID)
		}
		return ids
	}

	// The newcomer: the sign-up form asks, and they tick the box.
	ada := newPerson()
	_, page, _ := get(ada, "/signup")
	if !strings.Contains(html.UnescapeString(page), arena.ConsentWording) || strings.Contains(page, `name="publish" value="1" checked`) {
		t.Fatal("the sign-up form does not ask, unticked")
	}
	submit(ada, "/signup", "/signup", url.Values{"username": {"ada"}, "password": {"password1"}, "consent_shown": {"1"}, "publish": {"1"}})
	id := battle(ada, "Explain a hash map", true)

	_, page, _ = get(ada, "/data")
	if !strings.Contains(page, `action="/data/export"`) || !strings.Contains(page, `name="mine" value="public"`) {
		t.Fatal("/data offers a signed-in user no download of their own battles")
	}
	if got := rows(ada, "/data/export?format=jsonl&mine=public"); len(got) != 1 || got[0] != id {
		t.Fatalf("ada's published battles: %v, want [%s]", got, id)
	}
	if got := rows(ada, "/data/export?format=jsonl"); len(got) != 1 || got[0] != id {
		t.Fatalf("the public dataset: %v, want ada's battle", got)
	}
	_, page, _ = get(ada, "/me")
	if !strings.Contains(page, "Battles you voted: 1; public now: <strong>1</strong>") {
		t.Fatal("My data does not count ada's public battle")
	}

	// Someone who leaves the box unticked still has their own battles, all of them.
	bob := newPerson()
	submit(bob, "/signup", "/signup", url.Values{"username": {"bob"}, "password": {"password1"}, "consent_shown": {"1"}})
	bid := battle(bob, "Write a haiku", false)
	if got := rows(bob, "/data/export?format=jsonl&mine=public"); len(got) != 0 {
		t.Fatalf("bob's published battles: %v, want none", got)
	}
	if got := rows(bob, "/data/export?format=jsonl&mine=1"); len(got) != 1 || got[0] != bid {
		t.Fatalf("bob's own battles: %v, want [%s]", got, bid)
	}
	if got := rows(bob, "/data/export?format=jsonl"); len(got) != 1 || got[0] != id {
		t.Fatalf("the public dataset after bob's vote: %v, want only ada's", got)
	}
}
