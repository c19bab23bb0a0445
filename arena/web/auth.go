package web

import (
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

func (s *Server) signupPage(c echo.Context) error {
	f := views.AuthForm{Signup: true, Next: c.QueryParam("next"), ConsentWording: arena.ConsentWording}
	if u := currentUser(c); u != nil && u.Guest {
		// A guest who already answered keeps their answer unless they change it here.
		cs, err := s.deps.Consents.Get(c.Request().Context(), u)
		if err != nil {
			return err
		}
		f.Publish = cs.Publish
	}
	return render(c, http.StatusOK, views.AuthPage(s.page(c, "Sign up", "signup"), f))
}

func (s *Server) loginPage(c echo.Context) error {
	return render(c, http.StatusOK, views.AuthPage(s.page(c, "Log in", "login"), views.AuthForm{Next: c.QueryParam("next")}))
}

func (s *Server) signup(c echo.Context) error {
	return s.authenticate(c, true)
}

func (s *Server) login(c echo.Context) error {
	return s.authenticate(c, false)
}

// authenticate handles both forms: on failure the form comes back with the reason and
// the username kept; on success the session cookie is set.
func (s *Server) authenticate(c echo.Context, signup bool) error {
	name, pw, next := c.FormValue("username"), c.FormValue("password"), c.FormValue("next")
	ctx := c.Request().Context()
	guest := currentUser(c)
	if guest != nil && !guest.Guest {
		guest = nil
	}
	var (
		u      *arena.User
		token  string
		err    error
		invite views.AuthForm
	)
	if signup {
		// A bad invite code comes back on the form before any account exists.
		if invite, err = s.inviteForm(c); err == nil {
			u, token, err = s.deps.Accounts.SignUp(ctx, guest, name, pw)
		}
	} else {
		u, token, err = s.deps.Accounts.LogIn(ctx, guest, name, pw)
	}
	if err != nil {
		code := arena.ErrorCode(err)
		if code == arena.EINTERNAL || code == arena.EUNAVAILABLE {
			return err
		}
		title, section := "Log in", "login"
		if signup {
			title, section = "Sign up", "signup"
		}
		status := statusOf[code]
		if code == arena.EINVALID {
			status = http.StatusUnprocessableEntity
		}
		setRetryAfter(c, err)
		return render(c, status, views.AuthPage(s.page(c, title, section),
			views.AuthForm{Signup: signup, Username: name, Error: arena.ErrorMessage(err), Next: next,
				Publish: c.FormValue("publish") == "1", ConsentWording: arena.ConsentWording,
				Invite: invite.Invite, Inviter: invite.Inviter, InviteBonus: invite.InviteBonus, InviteVotes: invite.InviteVotes}))
	}
	linkRefused := ""
	if signup && invite.Inviter != "" {
		// The account exists by now: a link refused (a second inviter, a loop) is told,
		// never a reason to lose the account.
		if _, err := s.deps.Referrals.Link(ctx, u, invite.Invite); err != nil {
			if code := arena.ErrorCode(err); code == arena.EINTERNAL || code == arena.EUNAVAILABLE {
				s.log.Error("could not link a referral", "user", u.ID, "error", err)
			}
			linkRefused = "Welcome to the arena, " + u.Username + ". Your account is made, but the invite was not linked: " + arena.ErrorMessage(err)
		}
	}

	// A new session and a new CSRF token at every sign-in: the ones the request came
	// with may have been planted or seen before it.
	if ck, err := c.Cookie(sessionCookie); err == nil && ck.Value != "" {
		if err := s.deps.Accounts.LogOut(ctx, ck.Value); err != nil {
			return err
		}
	}
	s.setSessionCookie(c, token)
	s.setCookie(c, csrfCookie, "", -1)
	switch {
	case signup && c.FormValue("consent_shown") == "1":
		// The form asked; a form that did not (a script's) leaves the setting as it was:
		// off for a newcomer, the guest's own for a guest. The account exists by now,
		// so a failure here must not lose it.
		if err := s.deps.Consents.SignedUp(ctx, u, c.FormValue("publish") == "1"); err != nil {
			s.log.Error("could not record the sign-up's publication choice", "user", u.ID, "error", err)
			s.flash(c, "warning", "Welcome to the arena, "+u.Username+". Your publication choice could not be saved: please set it again on your page.")
			break
		}
		s.flash(c, "success", "Welcome to the arena, "+u.Username+".")
	case signup:
		s.flash(c, "success", "Welcome to the arena, "+u.Username+".")
	default:
		s.flash(c, "success", "Logged in as "+u.Username+".")
	}
	if linkRefused != "" {
		s.flash(c, "warning", linkRefused) // the last flash cookie set is the one kept
	}
	return redirect(c, safeNext(next))
}

func (s *Server) logout(c echo.Context) error {
	if ck, err := c.Cookie(sessionCookie); err == nil {
		if err := s.deps.Accounts.LogOut(c.Request().Context(), ck.Value); err != nil {
			return err
		}
	}
	s.clearSessionCookie(c)
	s.flash(c, "info", "You are logged out.")
	return redirect(c, "/")
}

// logoutEverywhere revokes every session of the user, this one included.
func (s *Server) logoutEverywhere(c echo.Context) error {
	n, err := s.deps.Accounts.LogOutEverywhere(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	s.clearSessionCookie(c)
	s.flash(c, "info", fmt.Sprintf("You are logged out everywhere (%d sessions ended).", n))
	return redirect(c, "/")
}

// changePassword is /me's password form: the current password is checked, every session
// of the account ends, and this browser gets a new one.
func (s *Server) changePassword(c echo.Context) error {
	u := currentUser(c)
	if u == nil || u.Guest {
		return redirect(c, "/login?next=/me")
	}
	token, err := s.deps.Accounts.ChangePassword(c.Request().Context(), u, c.FormValue("current"), c.FormValue("new"))
	if code := arena.ErrorCode(err); code == arena.EUNAUTHORIZED || code == arena.EINVALID {
		s.flash(c, "error", arena.ErrorMessage(err))
		return redirect(c, "/me")
	} else if err != nil {
		return err
	}
	s.setSessionCookie(c, token)
	s.flash(c, "success", "Your password is changed; every other session of your account has ended.")
	return redirect(c, "/me")
}

func (s *Server) setSessionCookie(c echo.Context, token string) {
	s.setCookie(c, sessionCookie, token, int(s.deps.Accounts.SessionTTLOrDefault().Seconds()))
}

func (s *Server) clearSessionCookie(c echo.Context) { s.setCookie(c, sessionCookie, "", -1) }

// guestOrUser returns the request's user, creating a guest (and its cookie) for a visitor
// who has none, so anyone can battle and earn without an account.
func (s *Server) guestOrUser(c echo.Context) (*arena.User, error) {
	if u := currentUser(c); u != nil {
		return u, nil
	}
	if s.deps.Limits != nil {
		if err := s.deps.Limits.Allow(c.Request().Context(), "guest", map[string]string{"ip": c.RealIP()}); err != nil {
			return nil, err
		}
	}
	u, token, err := s.deps.Accounts.NewGuest(c.Request().Context())
	if err != nil {
		return nil, err
	}
	s.setSessionCookie(c, token)
	c.Set(userKey, u)
	return u, nil
}

func (s *Server) authenticateAPIToken(c echo.Context, token string) (*arena.User, error) {
	if s.deps.Tokens == nil {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "API tokens are not enabled on this server.")
	}
	return s.deps.Tokens.Authenticate(c.Request().Context(), token)
}
