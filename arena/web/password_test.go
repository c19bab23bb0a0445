package web_test

import (
	"net/url"
	"strings"
	"testing"
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
