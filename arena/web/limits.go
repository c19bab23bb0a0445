package web

import (
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
)

// deviceCookie is a long-lived random id of the browser, stored per account where it is
// used, so many accounts behind one browser show up as a Sybil signal.
const deviceCookie = "arena_device"

// deviceID returns the browser's device id, setting a new one if it has none. API
// clients (bearer tokens) have no device: "".
func (s *Server) deviceID(c echo.Context) string {
	if bearerToken(c) != "" {
		return ""
	}
	if ck, err := c.Cookie(deviceCookie); err == nil && len(ck.Value) == 32 {
		if _, err := hex.DecodeString(ck.Value); err == nil {
			return ck.Value
		}
	}
	b := make([]byte, 16)
	rand.Read(b)
	id := hex.EncodeToString(b)
	s.setCookie(c, deviceCookie, id, 400*24*3600) // browsers cap cookies at 400 days
	return id
}

func (s *Server) now() time.Time {
	if s.deps.Limits != nil && s.deps.Limits.Clock != nil {
		return s.deps.Limits.Clock.Now()
	}
	return time.Now().UTC()
}

// limit counts one action by this request's user, address and wallet against the rate
// limits, and refuses it with a 429 that says when to come back. It also records where
// the account acts from, for Sybil detection.
func (s *Server) limit(c echo.Context, action string) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	if s.deps.Quality != nil && u != nil {
		if err := s.deps.Quality.TouchDevice(ctx, u.ID, s.deviceID(c), c.RealIP(), s.now()); err != nil {
			s.log.WarnContext(c.Request().Context(), "could not record the device of a request", "user_id", u.ID, "error", err)
		}
	}
	if s.deps.Limits == nil {
		return nil
	}
	subjects := map[string]string{"ip": c.RealIP()}
	if u != nil {
		subjects["user"] = strconv.FormatInt(u.ID, 10)
		if s.deps.Quality != nil {
			w, err := s.deps.Quality.WalletAddress(ctx, u.ID)
			if err != nil {
				return err
			}
			if w != "" {
				subjects["wallet"] = strings.ToLower(w)
			}
		}
	}
	return s.deps.Limits.Allow(ctx, action, subjects)
}

// requireAdmin refuses anyone but an admin; the page's existence is not hidden, its
// content is.
func requireAdmin(c echo.Context) (*arena.User, error) {
	u := currentUser(c)
	if u == nil || u.Guest {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "Please log in as an administrator.")
	}
	if !u.IsAdmin() {
		return nil, arena.Errorf(arena.EFORBIDDEN, "Only administrators may see this page.")
	}
	return u, nil
}
