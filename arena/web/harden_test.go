package web_test

import (
	"context"
	"net/http"
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
