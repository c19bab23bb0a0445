package web_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/web"
)

var inviteLinkRE = regexp.MustCompile(`id="invite-link">[^<]*/invite/([A-Za-z0-9_-]+)<`)

// TestInvites: /me shows an account's invite link; /invite/{code} is the sign-up form
// naming the inviter; signing up through it links the two, a bad code is refused on the
// form before any account exists; both are told on /me that the invite is pending, then
// paid once the invitee's votes have vested; the referral lines are in both histories;
// /transparency (page and API) counts the referral and its bonuses. The battle page and
// /me tell a newcomer they are qualifying.
func TestInvites(t *testing.T) {
	e := newEnvApp(t, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) {
		c.Quality = &app.QualityConfig{Qualification: arena.Qualification{Battles: 3}}
		c.Vesting = arena.Vesting{Window: 10 * time.Minute}
		c.Referrals = arena.ReferralPolicy{Bonus: 25, Votes: 2, WeeklyCap: 5}
	})
	alice := e.browser()
	if code, body := alice.submit("/signup", "/signup", url.Values{"username": {"alice"}, "password": {"password1"}}); code != 200 {
		t.Fatalf("sign-up: %d %s", code, body)
	}
	_, page := alice.get("/me")
	m := inviteLinkRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("/me has no invite link:\n%s", page)
	}
	code := m[1]
	if _, again := alice.get("/me"); !strings.Contains(again, "/invite/"+code+"<") || !strings.Contains(again, "Nobody has signed up through your link yet.") {
		t.Fatalf("the invite link changed, or invites are listed: %s", again)
	}
	// Her own link sends alice back to /me.
	if _, body := alice.get("/invite/" + code); !strings.Contains(body, "That is your own invite link") {
		t.Fatalf("alice opening her own link: %s", body)
	}
	// A bad code is refused on the form, and no account is made.
	carol := e.browser()
	if status, body := carol.submit("/signup", "/signup", url.Values{"username": {"carol"}, "password": {"password1"}, "invite": {"nosuchcode"}}); status != 404 ||
		!strings.Contains(body, "There is no invite") {
		t.Fatalf("a bad invite code: %d %s", status, body)
	}
	if _, err := e.db.UserByName(context.Background(), "carol"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("a sign-up with a bad invite made an account: %v", err)
	}

	bob := e.browser()
	status, form := bob.get("/invite/" + code)
	form = html.UnescapeString(form)
	if status != 200 || !strings.Contains(form, "alice invited you") || !strings.Contains(form, `name="invite" value="`+code+`"`) ||
		!strings.Contains(form, "a referral bonus of 25 points") {
		t.Fatalf("the invite page: %d %s", status, form)
	}
	if status, body := bob.submit("/invite/"+code, "/signup", url.Values{"username": {"bob"}, "password": {"password1"}, "invite": {code}}); status != 200 ||
		!strings.Contains(body, "Welcome to the arena, bob.") {
		t.Fatalf("sign-up through the invite: %d %s", status, body)
	}
	_, page = bob.get("/me")
	if !strings.Contains(html.UnescapeString(page), "You were invited by <strong>alice</strong>: pending: 0 of the 2 counted, vested votes") {
		t.Fatalf("bob's /me does not tell his invite:\n%s", page)
	}
	if !strings.Contains(page, `id="qualification"`) || !strings.Contains(page, "Qualifying: 0 of your first 3 battles started") {
		t.Fatalf("bob's /me does not say he is qualifying")
	}
	for i, p := range []string{"What is a monad?", "What is a functor?"} {
		id, battle := bob.battle(p)
		if want := "Qualifying: " + string(rune('1'+i)) + " of your first 3 battles started"; !strings.Contains(battle, want) {
			t.Fatalf("battle %d's page lacks %q", i, want)
		}
		e.clock.Add(time.Minute)
		bob.voteForm(id, nil)
	}
	_, page = alice.get("/me")
	if !strings.Contains(page, `<td class="invite-pending">pending: 0 of the 2 counted, vested votes`) {
		t.Fatalf("before vesting, alice's /me: %s", page)
	}
	e.clock.Add(11 * time.Minute)
	_, page = alice.get("/me")
	if !strings.Contains(page, `<td class="invite-paid">paid: 25 points to each of you</td>`) || !strings.Contains(page, "Referral bonus: someone you invited qualified") {
		t.Fatalf("after vesting, alice's /me: %s", page)
	}
	if _, page = bob.get("/me"); !strings.Contains(page, "Referral bonus: you joined through an invite and qualified") {
		t.Fatalf("bob's history lacks his referral bonus: %s", page)
	}

	code2, out := e.browser().raw("GET", "/api/transparency", "")
	refs, _ := out["referrals"].(map[string]any)
	states, _ := refs["referrals_by_state"].(map[string]any)
	if code2 != 200 || states["paid"] != 1.0 || refs["bonus_points_paid"] != 50.0 || refs["bonus_points_vested"] != 50.0 || refs["bonus_points_held"] != 0.0 {
		t.Fatalf("/api/transparency referrals: %d %v", code2, refs)
	}
	_, page = e.browser().get("/transparency")
	if !strings.Contains(page, `id="referrals-paid">1<`) || !strings.Contains(page, `id="referral-points-paid">50<`) {
		t.Fatalf("/transparency lacks the referral figures")
	}
}
