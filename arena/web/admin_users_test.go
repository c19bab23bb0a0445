package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// The admin page of accounts: only admins see it; it searches by name and role, changes
// roles and disables and enables accounts with its own CSRF forms, and a disabled
// account's session and API token stop working on their next request.
func TestAdminUsersPage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	accounts := &arena.Accounts{Store: e.db, Clock: e.clock}
	for _, u := range []struct {
		name string
		role arena.Role
	}{{"root", arena.RoleAdmin}, {"deputy", arena.RoleAdmin}, {"ann", arena.RoleUser}} {
		if _, err := accounts.AddUser(ctx, u.name, "password1", u.role); err != nil {
			t.Fatal(err)
		}
	}
	bobAPI := e.apiUser("bob")
	login := func(name string) *browser {
		b := e.browser()
		if code, body := b.submit("/login", "/login", url.Values{"username": {name}, "password": {"password1"}}); code != 200 {
			t.Fatalf("login %s: %d %s", name, code, body)
		}
		return b
	}
	if code, _ := e.browser().get("/admin/users"); code != http.StatusUnauthorized {
		t.Fatalf("anonymous: %d", code)
	}
	ann := login("ann")
	if code, _ := ann.get("/admin/users"); code != http.StatusForbidden {
		t.Fatalf("a plain user's page: %d", code)
	}
	if code, _ := ann.submit("/me", "/admin/users/bob/disable", url.Values{}); code != http.StatusForbidden {
		t.Fatalf("a plain user disabled bob: %d", code)
	}
	if code, _ := ann.submit("/me", "/admin/users/ann/role", url.Values{"role": {"admin"}}); code != http.StatusForbidden {
		t.Fatalf("a plain user made themselves admin: %d", code)
	}

	admin := login("root")
	code, body := admin.get("/admin/users")
	if code != 200 || !strings.Contains(body, `>Accounts</a>`) {
		t.Fatalf("page: %d\n%s", code, body)
	}
	for _, name := range []string{"root", "deputy", "ann", "bob"} {
		if !strings.Contains(body, "<td>"+name) {
			t.Errorf("%s is not listed", name)
		}
	}
	if strings.Contains(body, `/admin/users/root/disable`) || strings.Contains(body, `/admin/users/root/role`) || !strings.Contains(body, "(you)") {
		t.Error("the page offers to disable or demote the admin looking at it")
	}
	if _, body := admin.get("/admin/users?q=AN"); !strings.Contains(body, "<td>ann") || strings.Contains(body, "<td>bob") {
		t.Errorf("search AN:\n%s", body)
	}
	if _, body := admin.get("/admin/users?role=admin"); !strings.Contains(body, "<td>deputy") || strings.Contains(body, "<td>ann") {
		t.Errorf("role admin:\n%s", body)
	}
	if code, _ := admin.get("/admin/users?role=superuser"); code != http.StatusBadRequest {
		t.Errorf("an unknown role filter: %d", code)
	}

	code, body = admin.submit("/admin/users", "/admin/users/ann/role", url.Values{"role": {"lab"}})
	if code != 200 || !strings.Contains(body, "ann is now lab.") {
		t.Fatalf("change role: %d\n%s", code, body)
	}
	if u := mustUser(t, e, "ann"); u.Role != arena.RoleLab {
		t.Fatalf("ann's role: %s", u.Role)
	}

	bob := login("bob")
	if code, _ := bobAPI.do("GET", "/api/leaderboard", nil); code != 200 {
		t.Fatalf("bob's token: %d", code)
	}
	code, body = admin.submit("/admin/users", "/admin/users/bob/disable", url.Values{})
	if code != 200 || !strings.Contains(body, "Disabled bob") || !strings.Contains(body, `<td class="user-status">disabled`) {
		t.Fatalf("disable: %d\n%s", code, body)
	}
	if _, body := bob.get("/me"); strings.Contains(body, ">bob</a>") {
		t.Error("bob's session survived disabling")
	}
	if code, out := bobAPI.do("GET", "/api/leaderboard", nil); code != http.StatusUnauthorized || !strings.Contains(errMessage(out), "disabled") {
		t.Errorf("bob's token after disabling: %d %v", code, out)
	}
	code, body = e.browser().submit("/login", "/login", url.Values{"username": {"bob"}, "password": {"password1"}})
	if code != http.StatusForbidden || !strings.Contains(body, "This account is disabled") {
		t.Errorf("bob logging in while disabled: %d", code)
	}
	code, body = admin.submit("/admin/users", "/admin/users/bob/enable", url.Values{})
	if code != 200 || !strings.Contains(body, "Enabled bob") {
		t.Fatalf("enable: %d\n%s", code, body)
	}
	if code, _ := bobAPI.do("GET", "/api/leaderboard", nil); code != 200 {
		t.Errorf("bob's token after enabling: %d", code)
	}

	// What the domain refuses comes back on the page, and changes nothing.
	for action, want := range map[string]string{
		"root/disable": "You cannot disable your own account",
		"root/role":    "You cannot change the role of your own account",
		"nobody/role":  "There is no account named &#34;nobody&#34;.",
		"ann/role":     "Unknown role &#34;&#34;",
	} {
		form := url.Values{}
		if action == "root/role" || action == "nobody/role" {
			form.Set("role", "user")
		}
		if code, body := admin.submit("/admin/users", "/admin/users/"+action, form); code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s: %d, want %q\n%.2000s", action, code, want, body)
		}
	}
	if u := mustUser(t, e, "root"); u.Disabled || u.Role != arena.RoleAdmin {
		t.Errorf("root after refused changes: %+v", u)
	}
	// A form without its CSRF token is refused.
	if code, _ := admin.post("/admin/users/deputy/disable", url.Values{}); code != http.StatusForbidden {
		t.Errorf("disable without a CSRF token: %d", code)
	}
	if u := mustUser(t, e, "deputy"); u.Disabled {
		t.Error("deputy was disabled by a forged form")
	}
}
