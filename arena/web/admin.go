package web

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// reviewPage lists accounts flagged by the vote-quality and Sybil signals, with the
// evidence, for an admin to approve or confirm as abuse.
func (s *Server) reviewPage(c echo.Context) error {
	u, err := requireAdmin(c)
	if err != nil {
		return err
	}
	if s.deps.Review == nil {
		return arena.Errorf(arena.ENOTFOUND, "Account review is not enabled on this server.")
	}
	status := c.QueryParam("status")
	switch status {
	case "":
		status = arena.ReviewFlagged
	case "all":
		status = ""
	case arena.ReviewFlagged, arena.ReviewApproved, arena.ReviewAbuse:
	default:
		return arena.Errorf(arena.EINVALID, "status must be flagged, approved, abuse or all.")
	}
	rs, err := s.deps.Review.List(c.Request().Context(), u, status)
	if err != nil {
		return err
	}
	v := views.ReviewView{Status: status}
	if v.Appeals, v.Decided, err = s.reviewAppeals(c, u); err != nil {
		return err
	}
	if v.Status == "" {
		v.Status = "all"
	}
	for _, r := range rs {
		name := r.Username
		if name == "" {
			name = fmt.Sprintf("guest #%d", r.UserID)
		}
		v.Rows = append(v.Rows, views.ReviewRow{ID: r.UserID, Name: name, Status: r.Status, Evidence: r.Evidence,
			FlaggedAt: r.FlaggedAt, ReviewedAt: r.ReviewedAt, Votes: r.Votes, Excluded: r.Excluded, Held: r.Held,
			Devices: r.Devices, IPs: r.IPs, Wallet: r.Wallet})
	}
	return render(c, http.StatusOK, views.ReviewPage(s.page(c, "Account review", "admin"), v))
}

// reviewAction approves an account (its held points are released) or confirms its
// abuse (its rewards clawed back, its votes taken out of the leaderboards).
func (s *Server) reviewAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := requireAdmin(c)
		if err != nil {
			return err
		}
		if s.deps.Review == nil {
			return arena.Errorf(arena.ENOTFOUND, "Account review is not enabled on this server.")
		}
		id, err := strconv.ParseInt(c.Param("id"), 10, 64)
		if err != nil {
			return arena.Errorf(arena.ENOTFOUND, "No such account.")
		}
		ctx := c.Request().Context()
		switch action {
		case "approve":
			released, err := s.deps.Review.Approve(ctx, u, id)
			if err != nil {
				return err
			}
			s.flash(c, "success", fmt.Sprintf("Account #%d approved; %d held points released.", id, released))
		default:
			out, err := s.deps.Review.ConfirmAbuse(ctx, u, id)
			if err != nil {
				return err
			}
			s.flash(c, "success", fmt.Sprintf("Abuse by account #%d confirmed: %d votes taken out of the leaderboards, %d points clawed back.",
				id, out.VotesExcluded, out.ClawedBack))
		}
		return redirect(c, "/admin/review")
	}
}
