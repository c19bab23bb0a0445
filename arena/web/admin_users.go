package web

import (
	"net/http"
	"net/url"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// usersPageLimit is how many accounts the page lists at once; a search finds the rest.
const usersPageLimit = 200

// accountAdmin is the administration of accounts as the request's admin does it.
func (s *Server) accountAdmin(c echo.Context) (*arena.AccountAdmin, *arena.User, error) {
	u, err := requireAdmin(c)
	if err != nil {
		return nil, nil, err
	}
	if s.deps.Users == nil {
		return nil, nil, arena.Errorf(arena.ENOTFOUND, "Account administration is not enabled on this server.")
	}
	a, err := s.deps.Users.As(u)
	return a, u, err
}

// usersPage is /admin/users: accounts by name and role, with forms to change their role
// and to disable or enable them.
func (s *Server) usersPage(c echo.Context) error {
	a, me, err := s.accountAdmin(c)
	if err != nil {
		return err
	}
	v := views.UsersView{Search: c.QueryParam("q"), Role: c.QueryParam("role"), Limit: usersPageLimit}
	// One more than shown, to know whether there are more.
	us, err := a.List(c.Request().Context(), arena.UserFilter{Search: v.Search, Role: arena.Role(v.Role), Limit: usersPageLimit + 1})
	if err != nil {
		return err
	}
	if len(us) > usersPageLimit {
		us, v.Capped = us[:usersPageLimit], true
	}
	for _, u := range us {
		v.Rows = append(v.Rows, views.UserRow{ID: u.ID, Name: u.Username, Role: string(u.Role), Disabled: u.Disabled,
			Created: u.CreatedAt, LastSeen: u.LastSeen, Tokens: u.Tokens, Self: u.ID == me.ID})
	}
	return render(c, http.StatusOK, views.UsersPage(s.page(c, "Accounts", "accounts"), v))
}

// userAction changes an account's role, or disables or enables it, and comes back to the
// page showing that account. What the domain refuses (an admin's own account, an unknown
// name or role) is shown there too.
func (s *Server) userAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		a, _, err := s.accountAdmin(c)
		if err != nil {
			return err
		}
		ctx, name := c.Request().Context(), c.Param("name")
		var u *arena.User
		var msg string
		switch action {
		case "role":
			if u, err = a.SetRole(ctx, name, arena.Role(c.FormValue("role"))); err == nil {
				msg = u.Username + " is now " + string(u.Role) + "."
			}
		case "disable":
			if u, _, err = a.Disable(ctx, name); err == nil {
				msg = "Disabled " + u.Username + ": its sessions have ended and its API tokens are refused until it is enabled."
			}
		default:
			if u, _, err = a.Enable(ctx, name); err == nil {
				msg = "Enabled " + u.Username + ": it can log in again."
			}
		}
		switch arena.ErrorCode(err) {
		case "":
			s.flash(c, "success", msg)
		case arena.EINVALID, arena.EFORBIDDEN, arena.ENOTFOUND:
			s.flash(c, "error", arena.ErrorMessage(err))
		default:
			return err
		}
		return redirect(c, "/admin/users?q="+url.QueryEscape(name))
	}
}
