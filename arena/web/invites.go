package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// decideMyReferrals decides u's pending referrals before /me reads their points, so a
// referral that qualified since the last hourly pass shows as paid, in the history too.
func (s *Server) decideMyReferrals(c echo.Context, u *arena.User) error {
	if !s.deps.Referrals.On() {
		return nil
	}
	_, _, err := s.deps.Referrals.Decide(c.Request().Context(), u.ID)
	return err
}

// invitesView is /me's invites: the person's link, their invites and who invited
// them; nil when invites are off.
func (s *Server) invitesView(c echo.Context, u *arena.User) (*views.InvitesView, error) {
	r := s.deps.Referrals
	if !r.On() {
		return nil, nil
	}
	ctx := c.Request().Context()
	v := &views.InvitesView{Bonus: r.Policy.Bonus, Votes: r.Policy.Votes, WeeklyCap: r.Policy.WeeklyCap}
	if !u.Guest {
		code, err := r.Code(ctx, u)
		if err != nil {
			return nil, err
		}
		v.Link = c.Scheme() + "://" + c.Request().Host + "/invite/" + code
	}
	sent, by, err := r.Mine(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	for _, f := range sent {
		v.Sent = append(v.Sent, views.InviteRow{Who: f.Invitee, When: f.CreatedAt, State: f.State, Why: f.Why, Bonus: f.Bonus})
	}
	if by != nil {
		v.InvitedBy = &views.InviteRow{Who: by.Inviter, When: by.CreatedAt, State: by.State, Why: by.Why, Bonus: by.Bonus}
	}
	return v, nil
}

// invitePage is GET /invite/{code}: the sign-up form, carrying the code, with who
// invited and what the invite pays. An account already signed in is told an invite is
// for newcomers.
func (s *Server) invitePage(c echo.Context) error {
	r := s.deps.Referrals
	if !r.On() {
		return arena.Errorf(arena.ENOTFOUND, "Invites are not enabled on this server.")
	}
	inviter, err := r.Inviter(c.Request().Context(), c.Param("code"))
	if err != nil {
		return err
	}
	if u := currentUser(c); u != nil && !u.Guest {
		if u.ID == inviter.ID {
			s.flash(c, "info", "That is your own invite link: send it to someone who has no account yet.")
		} else {
			s.flash(c, "info", "Invite links are for new accounts; you are already signed in as "+u.Username+".")
		}
		return redirect(c, "/me#invites")
	}
	f := views.AuthForm{Signup: true, ConsentWording: arena.ConsentWording, Invite: c.Param("code"), Inviter: inviter.Username,
		InviteBonus: r.Policy.Bonus, InviteVotes: r.Policy.Votes}
	return render(c, http.StatusOK, views.AuthPage(s.page(c, "Sign up", "signup"), f))
}

// inviteForm is what the sign-up form needs to carry an invite, read back from the
// posted form; an unknown or malformed code is an error on the form, before any
// account exists.
func (s *Server) inviteForm(c echo.Context) (views.AuthForm, error) {
	code := c.FormValue("invite")
	r := s.deps.Referrals
	if code == "" || !r.On() {
		return views.AuthForm{}, nil
	}
	inviter, err := r.Inviter(c.Request().Context(), code)
	if err != nil {
		return views.AuthForm{Invite: code}, err
	}
	return views.AuthForm{Invite: code, Inviter: inviter.Username, InviteBonus: r.Policy.Bonus, InviteVotes: r.Policy.Votes}, nil
}
