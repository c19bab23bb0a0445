package web

import (
	"fmt"
	"log/slog"
	"runtime"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
)

func itoa(n int) string { return strconv.Itoa(n) }

// contentSecurityPolicy allows only this site's own scripts and styles: no inline script,
// and no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries. HSTS goes out over TLS, and
// also when the operator marked cookies Secure: the site is then served over TLS by a
// proxy in front, which the arena sees as plain HTTP.
func (s *Server) securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		if c.IsTLS() || s.cfg.SecureCookies {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		return next(c)
	}
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				buf := make([]byte, 8<<10)
				buf = buf[:runtime.Stack(buf, false)]
				s.log.ErrorContext(c.Request().Context(), "panic", "panic", fmt.Sprint(r), "stack", string(buf))
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

func (s *Server) logRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err) // write the response now so the status below is the real one
		}
		status := c.Response().Status
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		attrs := []any{"method", c.Request().Method, "path", c.Request().URL.Path, "status", status,
			"duration_ms", float64(time.Since(start).Microseconds()) / 1000, "bytes", c.Response().Size,
			"ip", c.RealIP()}
		if u := currentUser(c); u != nil {
			attrs = append(attrs, "user_id", u.ID)
		}
		if err != nil && status >= 500 {
			attrs = append(attrs, "error", err.Error())
		}
		s.log.Log(c.Request().Context(), level, "request", attrs...)
		return nil
	}
}

func requestID(c echo.Context) string { return c.Response().Header().Get(echo.HeaderXRequestID) }

// requestIDs gives each request its id: the client's X-Request-Id (a proxy's, say) when
// it is safe to log and pass on, else a new one. It is answered in the response's header
// and carried in the request's context, where the logs and the model calls find it.
func (s *Server) requestIDs(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		r := c.Request()
		id := r.Header.Get(echo.HeaderXRequestID)
		if !arena.ValidRequestID(id) {
			id = arena.NewRequestID()
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		c.SetRequest(r.WithContext(arena.WithRequestID(r.Context(), id)))
		return next(c)
	}
}

const (
	csrfCookie    = "arena_csrf"
	sessionCookie = "arena_session"
	userKey       = "arena.user"
)

// loadUser puts the signed-in (or guest) user of the session cookie or bearer token in the
// context. A bad bearer token is refused; a stale cookie is just dropped.
func (s *Server) loadUser(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		ctx := c.Request().Context()
		if c.Path() == metricsRoute {
			return next(c) // its bearer token is the scraper's, not a user's API token
		}
		if tok := bearerToken(c); tok != "" {
			u, err := s.authenticateAPIToken(c, tok)
			if err != nil {
				return err
			}
			c.Set(userKey, u)
			return next(c)
		}
		if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
			u, err := s.deps.Accounts.Authenticate(ctx, ck.Value)
			switch {
			case err == nil:
				c.Set(userKey, u)
			case arena.ErrorCode(err) == arena.EUNAUTHORIZED:
				s.clearSessionCookie(c)
			default:
				return err
			}
		}
		return next(c)
	}
}

func bearerToken(c echo.Context) string {
	const p = "Bearer "
	h := c.Request().Header.Get(echo.HeaderAuthorization)
	if len(h) > len(p) && h[:len(p)] == p {
		return h[len(p):]
	}
	return ""
}

// currentUser is the user loaded for this request, or nil.
func currentUser(c echo.Context) *arena.User {
	u, _ := c.Get(userKey).(*arena.User)
	return u
}
