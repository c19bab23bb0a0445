package web

import (
	"strconv"

	"github.com/labstack/echo/v4"
)

// limit counts one action by this request's user and address against the rate limits,
// and refuses it with a 429 that says when to come back.
func (s *Server) limit(c echo.Context, action string) error {
	if s.deps.Limits == nil {
		return nil
	}
	subjects := map[string]string{"ip": c.RealIP()}
	if u := currentUser(c); u != nil {
		subjects["user"] = strconv.FormatInt(u.ID, 10)
	}
	return s.deps.Limits.Allow(c.Request().Context(), action, subjects)
}
