package web_test

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Changing the password needs the current one, and ends every other session of the
// account: whoever had the old password must not stay logged in with it.
func TestChangePassword(t *testing.T) {
	e := newEnv(t)
	me, other := e.browser(), e.browser()
	me.submit("/signup", "/signup", url.Values{"username": {"hana"}, "password": {"old password"}})
	other.submit("/login", "/login", url.Values{"username": {"hana"}, "password": {"old password"}})
	code, body := me.submit("/me", "/me/password", url.Values{"current": {"wrong one"}, "new": {"new password"}})
	if !strings.Contains(body, "Your current password is wrong") {
		t.Fatalf("wrong current password: %d %.500s", code, body)
	}
	code, body = me.submit("/me", "/me/password", url.Values{"current": {"old password"}, "new": {"short"}})
	if !strings.Contains(body, "at least 8 characters") {
		t.Fatalf("short new password: %d", code)
	}
	code, body = me.submit("/me", "/me/password", url.Values{"current": {"old password"}, "new": {"new password"}})
	if code != 200 || !strings.Contains(body, "Your password is changed") {
		t.Fatalf("change: %d %.500s", code, body)
	}
	if _, body := me.get("/me"); !strings.Contains(body, ">hana</a>") {
		t.Fatal("the session that changed the password was logged out")
	}
	if _, body := other.get("/me"); strings.Contains(body, ">hana</a>") {
		t.Fatal("another session survived the password change")
	}
	if code, _ := e.browser().submit("/login", "/login", url.Values{"username": {"hana"}, "password": {"old password"}}); code != 401 {
		t.Fatalf("old password still works: %d", code)
	}
	if _, body := e.browser().submit("/login", "/login", url.Values{"username": {"hana"}, "password": {"new password"}}); !strings.Contains(body, "Logged in as hana.") {
		t.Fatal("new password refused")
	}
}

// After 10 wrong passwords for an account in 15 minutes, log-ins to it are refused,
// even with the right password and from a fresh browser, until the window ends.
func TestLogInThrottledPerAccount(t *testing.T) {
	e := newEnv(t)
	e.browser().submit("/signup", "/signup", url.Values{"username": {"ivan"}, "password": {"password1"}})
	for i := 0; i < 10; i++ {
		if code, _ := e.browser().submit("/login", "/login", url.Values{"username": {"IVAN"}, "password": {"guess"}}); code != 401 {
			t.Fatalf("failure %d: %d", i+1, code)
		}
	}
	code, body := e.browser().submit("/login", "/login", url.Values{"username": {"ivan"}, "password": {"password1"}})
	if code != 429 || !strings.Contains(body, "Too many failed log-ins for this account") {
		t.Fatalf("11th attempt: %d %.400s", code, body)
	}
	e.clock.Add(16 * time.Minute)
	if _, body := e.browser().submit("/login", "/login", url.Values{"username": {"ivan"}, "password": {"password1"}}); !strings.Contains(body, "Logged in as ivan.") {
		t.Fatal("still refused after the window")
	}
}

// The log-in form's 429 says when to come back in Retry-After too, as the API's does,
// so a client (or a proxy) that reads headers need not parse the page.
func TestLogInFormThrottleRetryAfter(t *testing.T) {
	e := newEnv(t)
	e.browser().submit("/signup", "/signup", url.Values{"username": {"jana"}, "password": {"password1"}})
	for i := 0; i < 10; i++ {
		e.browser().submit("/login", "/login", url.Values{"username": {"jana"}, "password": {"guess"}})
	}
	b := e.browser()
	form := url.Values{"username": {"jana"}, "password": {"password1"}, "_csrf": {b.csrf("/login")}}
	res, err := b.c.PostForm(e.srv.URL+"/login", form)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	secs, err := strconv.Atoi(res.Header.Get("Retry-After"))
	if res.StatusCode != 429 || err != nil || secs <= 0 || secs > 15*60 {
		t.Fatalf("throttled log-in form: %d, Retry-After %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
}
