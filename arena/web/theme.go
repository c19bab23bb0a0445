package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
)

// themeCookie holds the visitor's theme, "light" or "dark", so that the server renders
// <html data-theme> and the first paint has it; no cookie follows the system. It is not
// HttpOnly: app.js writes it too, when a choice is made without a round trip.
const themeCookie = "arena_theme"

// themeOf is the theme a request asked for, "" for the system's.
func themeOf(c echo.Context) string {
	if ck, err := c.Cookie(themeCookie); err == nil && (ck.Value == "light" || ck.Value == "dark") {
		return ck.Value
	}
	return ""
}

// themeForm records the theme chosen without JavaScript and goes back to the page.
func (s *Server) themeForm(c echo.Context) error {
	ck := &http.Cookie{Name: themeCookie, Path: "/", SameSite: http.SameSiteLaxMode, Secure: s.cfg.SecureCookies}
	switch t := c.FormValue("theme"); t {
	case "light", "dark":
		ck.Value, ck.MaxAge = t, 365*24*3600
	case "system":
		ck.MaxAge = -1
	default:
		return arena.Errorf(arena.EINVALID, "theme must be system, light or dark; got %q.", t)
	}
	c.SetCookie(ck)
	return redirect(c, safeNext(c.FormValue("next")))
}
