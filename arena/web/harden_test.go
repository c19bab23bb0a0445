package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/web"
)

// A follow-up calls both models again, so it counts against the battle limits like a
// new battle: otherwise one battle is a door to unlimited model calls.
func TestFollowUpsCountAgainstBattleLimits(t *testing.T) {
	e := newEnv(t)
	e.restart(t, func(d *web.Deps, _ *web.Config) {
		d.Limits = &arena.RateLimiter{Store: e.db, Clock: e.clock, Limits: []arena.Limit{
			{Action: "battle", Subject: "user", Window: time.Minute, Max: 2},
		}}
	})
	a := e.apiUser("chatty")
	id := a.start("first question")
	a.wait(id)
	if code, out := a.do("POST", "/api/battles/"+id+"/messages", map[string]string{"prompt": "and then?"}); code != 201 {
		t.Fatalf("first follow-up: %d %v", code, out)
	}
	a.wait(id)
	code, out := a.do("POST", "/api/battles/"+id+"/messages", map[string]string{"prompt": "and after that?"})
	if code != http.StatusTooManyRequests || !strings.Contains(errMessage(out), "the limit is 2 per minute") {
		t.Fatalf("third model call in a minute: %d %v", code, out)
	}
}

// An administrator may look at anyone's battle but must not speak or vote in it.
func TestAdminReadsButDoesNotWriteOthersBattles(t *testing.T) {
	e := newEnv(t)
	owner := e.apiUser("owner")
	ctx := context.Background()
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	au, err := accounts.AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := (&arena.Tokens{Store: e.db, Clock: e.clock}).Create(ctx, au, "test")
	if err != nil {
		t.Fatal(err)
	}
	admin := &apiClient{e: e, token: secret}
	id := owner.start("whose battle is it")
	owner.wait(id)
	if code, out := admin.do("GET", "/api/battles/"+id, nil); code != 200 {
		t.Fatalf("admin reads: %d %v", code, out)
	}
	code, out := admin.do("POST", "/api/battles/"+id+"/messages", map[string]string{"prompt": "admin speaking"})
	if code != http.StatusForbidden || !strings.Contains(errMessage(out), "only its owner") {
		t.Fatalf("admin follow-up: %d %v", code, out)
	}
	code, out = admin.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"})
	if code != http.StatusForbidden || !strings.Contains(errMessage(out), "only its owner") {
		t.Fatalf("admin vote: %d %v", code, out)
	}
	b := owner.wait(id)
	if turns := b["turns"].([]any); len(turns) != 1 {
		t.Fatalf("the admin's follow-up was added: %d turns", len(turns))
	}
	if code, out := owner.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"}); code != 200 {
		t.Fatalf("the owner can no longer vote: %d %v", code, out)
	}
}

// A filter too large for the database must be refused with a 400 before the download
// starts: once the 200 is out, all a client sees is a truncated file.
func TestExportRefusesOversizedFilters(t *testing.T) {
	e := newEnv(t)
	a := e.apiUser("researcher")
	names := make([]string, 20000)
	for i := range names {
		names[i] = "model-" + strconv.Itoa(i)
	}
	for _, tc := range []struct{ name, models, want string }{
		{"too many", strings.Join(names, ","), "at most 200 models"},
		{"too long", strings.Repeat("x", 9000), "at most 8192 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest("GET", e.srv.URL+"/api/export?format=jsonl&models="+url.QueryEscape(tc.models), nil)
			req.Header.Set("Authorization", "Bearer "+a.token)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), tc.want) {
				t.Fatalf("got %d %.300s, want 400 with %q", res.StatusCode, body, tc.want)
			}
		})
	}
}
