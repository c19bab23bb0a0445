package web

import (
	"bytes"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// render writes a component into a buffer first, so a failed render never leaves half a
// page on the wire.
func render(c echo.Context, status int, comp templ.Component) error {
	var buf bytes.Buffer
	if err := comp.Render(c.Request().Context(), &buf); err != nil {
		return err
	}
	return c.HTMLBlob(status, buf.Bytes())
}

// page builds the layout's view model for this request, consuming any flash message.
func (s *Server) page(c echo.Context, title, section string) views.Page {
	p := views.Page{Title: title, Section: section, User: viewer(currentUser(c)), Theme: themeOf(c), Path: c.Request().URL.RequestURI()}
	if tok, ok := c.Get("csrf").(string); ok {
		p.CSRF = tok
	}
	if ck, err := c.Cookie(flashCookie); err == nil {
		if raw, err := base64.RawURLEncoding.DecodeString(ck.Value); err == nil {
			kind, msg, _ := strings.Cut(string(raw), "|")
			p.Flash = &views.Flash{Kind: kind, Message: msg}
		}
		s.setCookie(c, flashCookie, "", -1)
	}
	return p
}

func viewer(u *arena.User) *views.Viewer {
	if u == nil {
		return nil
	}
	return &views.Viewer{Name: u.Name(), Guest: u.Guest, IsAdmin: u.IsAdmin(), IsLab: u.Role == arena.RoleLab || u.IsAdmin()}
}

const flashCookie = "arena_flash"

// flash shows msg once, on the next page rendered for this browser.
func (s *Server) flash(c echo.Context, kind, msg string) {
	s.setCookie(c, flashCookie, base64.RawURLEncoding.EncodeToString([]byte(kind+"|"+msg)), 60)
}

// setCookie sets an HttpOnly, SameSite=Lax cookie for the whole site; maxAge < 0 deletes.
func (s *Server) setCookie(c echo.Context, name, value string, maxAge int) {
	ck := &http.Cookie{Name: name, Value: value, Path: "/", HttpOnly: true, SameSite: http.SameSiteLaxMode,
		Secure: s.cfg.SecureCookies || c.IsTLS(), MaxAge: maxAge}
	if maxAge > 0 {
		ck.Expires = time.Now().Add(time.Duration(maxAge) * time.Second)
	}
	c.SetCookie(ck)
}

// redirect sends a browser to url after a form post.
func redirect(c echo.Context, url string) error { return c.Redirect(http.StatusSeeOther, url) }

// safeNext keeps post-login redirects on this site: a path of this origin, never one a
// browser could read as another host (`//host`, `/\host`, or `/\t/host`, whose tab
// browsers drop).
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\") {
		return "/"
	}
	// url.Parse refuses control characters, so this also catches the tab.
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" {
		return "/"
	}
	return next
}
