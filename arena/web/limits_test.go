package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/web"
)

func TestBattleAndVoteRateLimits(t *testing.T) {
	e := newEnv(t)
	e.restart(t, func(d *web.Deps, _ *web.Config) {
		d.Limits = &arena.RateLimiter{Store: e.db, Clock: e.clock, Limits: []arena.Limit{
			{Action: "battle", Subject: "user", Window: time.Minute, Max: 2},
			{Action: "vote", Subject: "ip", Window: 24 * time.Hour, Max: 1},
		}}
	})
	a := e.apiUser("kim")
	id := a.start("one")
	a.start("two")
	code, out := a.do("POST", "/api/battles", map[string]string{"prompt": "three"})
	if code != http.StatusTooManyRequests || !strings.Contains(errMessage(out), "the limit is 2 per minute. Try again in") {
		t.Fatalf("third battle in a minute: %d %v", code, out)
	}
	// The window passes; battles are allowed again.
	e.clock.Add(time.Minute)
	a.start("four")

	a.wait(id)
	if code, _ := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"}); code != 200 {
		t.Fatalf("first vote: %d", code)
	}
	other := e.apiUser("lee")
	oid := other.start("five")
	other.wait(oid)
	code, out = other.do("POST", "/api/battles/"+oid+"/vote", map[string]any{"winner": "tie"})
	if code != http.StatusTooManyRequests || !strings.Contains(errMessage(out), "network address") {
		t.Fatalf("second vote from one address in a day: %d %v", code, out)
	}
	if b := other.wait(oid); b["status"] != "ready" {
		t.Fatalf("a refused vote changed the battle: %v", b)
	}
}
