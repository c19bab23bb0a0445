package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// usersCLI runs arena commands on one database, with stdin given.
type usersCLI struct {
	t  *testing.T
	db string
}

func (c usersCLI) run(stdin string, args ...string) (string, string, error) {
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	err := Run(context.Background(), env, append(append(args[:1:1], args[1], "--db", c.db), args[2:]...))
	return stdout.String(), stderr.String(), err
}

func (c usersCLI) ok(stdin string, args ...string) string {
	c.t.Helper()
	out, stderr, err := c.run(stdin, args...)
	if err != nil {
		c.t.Fatalf("arena %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return out
}

func (c usersCLI) fails(want string, args ...string) {
	c.t.Helper()
	if _, _, err := c.run("", args...); err == nil || !strings.Contains(err.Error(), want) {
		c.t.Errorf("arena %s: %v, want an error saying %q", strings.Join(args, " "), err, want)
	}
}

// row returns the line of `users list` output for name, split into its columns.
func row(out, name string) []string {
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[1] == name {
			return f
		}
	}
	return nil
}

func TestUsersAdministrationCommands(t *testing.T) {
	c := usersCLI{t, filepath.Join(t.TempDir(), "arena.db")}
	c.ok("password1\n", "users", "add", "--admin", "ops")
	c.ok("password1\n", "users", "add", "ann")
	c.ok("password1\n", "users", "add", "--lab", "Lab_Bot")
	_, stderr, err := c.run("", "users", "token", "--name", "ci", "ann")
	if err != nil || !regexp.MustCompile(`API token \d+ \(ci\) of ann; revoke it with: arena users revoke-tokens --token \d+ ann`).MatchString(stderr) {
		t.Fatalf("users token: %v %q", err, stderr)
	}

	out := c.ok("", "users", "list")
	if !strings.HasPrefix(out, "ID  NAME") || !strings.Contains(out, "LAST SEEN") {
		t.Fatalf("list header: %q", out)
	}
	if r := row(out, "ann"); len(r) != 8 || r[2] != "user" || r[3] != "no" || r[4] != "no" || r[6] != "-" || r[7] != "1" {
		t.Errorf("ann in the list: %v\n%s", r, out)
	}
	if r := row(out, "ops"); len(r) != 8 || r[2] != "admin" || r[7] != "0" {
		t.Errorf("ops in the list: %v\n%s", r, out)
	}
	if out := c.ok("", "users", "list", "--role", "admin"); row(out, "ops") == nil || row(out, "ann") != nil {
		t.Errorf("--role admin: %s", out)
	}
	if out := c.ok("", "users", "list", "--search", "BOT"); row(out, "Lab_Bot") == nil || row(out, "ann") != nil || row(out, "ops") != nil {
		t.Errorf("--search BOT: %s", out)
	}
	c.fails(`Unknown role "root"`, "users", "list", "--role", "root")

	if out := c.ok("", "users", "set-role", "ann", "lab"); out != "ann is now lab (was user)\n" {
		t.Errorf("set-role: %q", out)
	}
	if out := c.ok("", "users", "set-role", "ANN", "lab"); out != "ann is already lab\n" {
		t.Errorf("set-role again: %q", out)
	}
	c.fails(`Unknown role "root"`, "users", "set-role", "ann", "root")
	c.fails("takes NAME user|lab|admin", "users", "set-role", "ann")

	if out := c.ok("", "users", "disable", "ann"); !strings.HasPrefix(out, "disabled ann: it cannot log in") {
		t.Errorf("disable: %q", out)
	}
	if out := c.ok("", "users", "disable", "ann"); out != "ann is already disabled\n" {
		t.Errorf("disable again: %q", out)
	}
	if r := row(c.ok("", "users", "list"), "ann"); r == nil || r[4] != "yes" {
		t.Errorf("ann after disabling: %v", r)
	}
	if out := c.ok("", "users", "enable", "ann"); !strings.HasPrefix(out, "enabled ann") {
		t.Errorf("enable: %q", out)
	}

	if out := c.ok("a new password\n", "users", "reset-password", "ann"); !strings.Contains(out, "set a new password for ann") {
		t.Errorf("reset-password: %q", out)
	}
	if _, _, err := c.run("short\n", "users", "passwd", "ann"); err == nil || !strings.Contains(err.Error(), "at least 8 characters") {
		t.Errorf("a short password: %v", err)
	}
	if out := c.ok("", "users", "revoke-tokens", "ann"); out != "revoked 1 API token(s) of ann\n" {
		t.Errorf("revoke-tokens: %q", out)
	}
	c.fails("give the token's id", "users", "revoke-tokens", "--token", "arena_abc", "ann")
	c.fails("ann has no API token 999; its live tokens: none.", "users", "revoke-tokens", "--token", "999", "ann")
	c.fails("put the flags before NAME", "users", "disable", "ann", "--db", "other.db")

	// Every command names an unknown account clearly, and asks for no password first.
	for _, args := range [][]string{
		{"users", "set-role", "nobody", "admin"}, {"users", "disable", "nobody"}, {"users", "enable", "nobody"},
		{"users", "reset-password", "nobody"}, {"users", "revoke-tokens", "nobody"}, {"users", "token", "nobody"},
	} {
		c.fails(`There is no account named "nobody".`, args...)
	}
}

// Disabling an account from the command line locks it out of a running server at once:
// its browser session and its API token are refused on the next request.
func TestUsersDisableStopsSessionsAndTokensAtOnce(t *testing.T) {
	s := startArena(t, -1)
	s.addUser(t, "ann", "password1")
	out := strings.Fields(s.runCLI(t, "users", "token", "--db", s.DB, "ann"))
	token := out[len(out)-1] // after the line naming its id

	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	get := func(c *http.Client, path, bearer string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", s.URL+path, nil)
		if bearer != "" {
			req.Header.Set("Authorization", "Bearer "+bearer)
		}
		res, err := c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	_, page := get(browser, "/login", "")
	csrf := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)
	if csrf == nil {
		t.Fatal("no CSRF token on /login")
	}
	res, err := browser.PostForm(s.URL+"/login", url.Values{"username": {"ann"}, "password": {"password1"}, "_csrf": {csrf[1]}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if _, body := get(browser, "/me", ""); !strings.Contains(body, ">ann</a>") {
		t.Fatal("not logged in")
	}
	if code, body := get(http.DefaultClient, "/me", token); code != 200 || !strings.Contains(body, ">ann</a>") {
		t.Fatalf("the API token: %d", code)
	}

	if r := row(s.runCLI(t, "users", "list", "--db", s.DB), "ann"); r == nil || !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\dZ$`).MatchString(r[6]) {
		t.Errorf("ann's last seen after logging in: %v", r)
	}
	s.runCLI(t, "users", "disable", "--db", s.DB, "ann")
	if _, body := get(browser, "/me", ""); strings.Contains(body, ">ann</a>") {
		t.Error("the browser session still works after disabling")
	}
	if code, body := get(http.DefaultClient, "/me", token); code != http.StatusUnauthorized || !strings.Contains(body, "disabled") {
		t.Errorf("the API token after disabling: %d %.300s", code, body)
	}
	_, page = get(browser, "/login", "")
	csrf = regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(page)
	res, err = browser.PostForm(s.URL+"/login", url.Values{"username": {"ann"}, "password": {"password1"}, "_csrf": {csrf[1]}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "This account is disabled") {
		t.Errorf("log-in after disabling: %d", res.StatusCode)
	}

	s.runCLI(t, "users", "enable", "--db", s.DB, "ann")
	if code, _ := get(http.DefaultClient, "/me", token); code != 200 {
		t.Errorf("the API token after enabling: %d", code)
	}
}
