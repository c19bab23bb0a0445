package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestThemeForm: the theme chosen without JavaScript is a cookie scripts may also write,
// from which every page renders <html data-theme>; "system" removes it; a bad choice
// or a foreign next is refused or ignored.
func TestThemeForm(t *testing.T) {
	e := newEnv(t)
	b := e.browser()
	b.c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	post := func(theme, next string) *http.Response {
		t.Helper()
		form := url.Values{"theme": {theme}, "next": {next}, "_csrf": {b.csrf("/")}}
		res, err := b.c.PostForm(e.srv.URL+"/theme", form)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	res := post("dark", "/leaderboard?category=code")
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/leaderboard?category=code" {
		t.Fatalf("choosing dark: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	var theme string
	for _, c := range res.Header.Values("Set-Cookie") {
		if strings.HasPrefix(c, "arena_theme=") {
			theme = c
		}
	}
	if !strings.HasPrefix(theme, "arena_theme=dark") || strings.Contains(theme, "HttpOnly") {
		t.Errorf("the theme cookie is %q; scripts must be able to write it", theme)
	}
	if _, page := b.get("/"); !strings.Contains(page, `<html lang="en" data-theme="dark">`) || !strings.Contains(page, `<option value="dark" selected>`) ||
		!strings.Contains(page, `<meta name="color-scheme" content="dark">`) {
		t.Error("a page after choosing dark is not rendered dark")
	}
	if res := post("system", "//evil.example/"); res.Header.Get("Location") != "/" {
		t.Errorf("a foreign next went to %q", res.Header.Get("Location"))
	}
	if _, page := b.get("/"); !strings.Contains(page, `<html lang="en">`) || !strings.Contains(page, `content="light dark"`) {
		t.Error("after choosing system the page still carries a theme")
	}
	if res := post("blue", "/"); res.StatusCode != 400 {
		t.Errorf("theme=blue: %d, want 400", res.StatusCode)
	}
}
