package web

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

func (s *Server) appeals() (*arena.Appeals, error) {
	if s.deps.Appeals == nil {
		return nil, arena.Errorf(arena.ENOTFOUND, "Appeals are not enabled on this server.")
	}
	return s.deps.Appeals, nil
}

// appealForm files an appeal from the form on /me.
func (s *Server) appealForm(c echo.Context) error {
	ap, err := s.appeals()
	if err != nil {
		return err
	}
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	in := arena.AppealInput{Kind: c.FormValue("kind"), Battle: c.FormValue("battle"), Comment: c.FormValue("comment")}
	if _, err := ap.File(c.Request().Context(), u, in); err != nil {
		return err
	}
	s.flash(c, "success", "Your appeal is filed; an administrator will decide it, and this page will tell you the outcome.")
	return redirect(c, "/me#appeals")
}

// appealJSON is an appeal in the JSON API.
type appealJSON struct {
	ID        int64      `json:"id"`
	Kind      string     `json:"kind"`
	Battle    string     `json:"battle,omitempty"`
	Comment   string     `json:"comment"`
	Status    string     `json:"status"`
	CreatedAt time.Time  `json:"created_at"`
	DecidedAt *time.Time `json:"decided_at"`
	DecidedBy string     `json:"decided_by,omitempty"`
	Note      string     `json:"note,omitempty"`
	Restored  int64      `json:"restored"`
	User      string     `json:"user,omitempty"` // in the admin's list
}

func toAppealJSON(a arena.Appeal, withUser bool) appealJSON {
	j := appealJSON{ID: a.ID, Kind: a.Kind, Battle: a.Battle, Comment: a.Comment, Status: a.Status, CreatedAt: a.CreatedAt,
		DecidedBy: a.DecidedBy, Note: a.Note, Restored: a.Restored}
	if !a.DecidedAt.IsZero() {
		t := a.DecidedAt
		j.DecidedAt = &t
	}
	if withUser {
		j.User = accountName(a.Username, a.UserID)
	}
	return j
}

func accountName(username string, id int64) string {
	if username == "" {
		return fmt.Sprintf("guest #%d", id)
	}
	return username
}

func (s *Server) apiMyAppeals(c echo.Context) error {
	ap, err := s.appeals()
	if err != nil {
		return err
	}
	as, err := ap.Mine(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	out := []appealJSON{}
	for _, a := range as {
		out = append(out, toAppealJSON(a, false))
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, map[string]any{"appeals": out})
}

func (s *Server) apiFileAppeal(c echo.Context) error {
	ap, err := s.appeals()
	if err != nil {
		return err
	}
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	var in arena.AppealInput
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	a, err := ap.File(c.Request().Context(), u, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, toAppealJSON(*a, false))
}

// appealDecision decides an appeal from /admin/review's form (decision=uphold|grant).
func (s *Server) appealDecision(c echo.Context) error {
	u, err := requireAdmin(c)
	if err != nil {
		return err
	}
	ap, err := s.appeals()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return arena.Errorf(arena.ENOTFOUND, "No such appeal.")
	}
	a, err := ap.Decide(c.Request().Context(), u, id, c.FormValue("decision"), c.FormValue("note"))
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("Appeal #%d upheld: the decision stands.", a.ID)
	if a.Status == arena.AppealGranted {
		msg = fmt.Sprintf("Appeal #%d granted: %d points given back.", a.ID, a.Restored)
	}
	s.flash(c, "success", msg)
	return redirect(c, "/admin/review")
}

// reviewAppeals is /admin/review's appeals: the open ones beside the account's evidence,
// then the latest decisions.
func (s *Server) reviewAppeals(c echo.Context, admin *arena.User) ([]views.AppealRow, []views.AppealRow, error) {
	if s.deps.Appeals == nil {
		return nil, nil, nil
	}
	ctx := c.Request().Context()
	as, err := s.deps.Appeals.List(ctx, admin, "")
	if err != nil {
		return nil, nil, err
	}
	rs, err := s.deps.Review.List(ctx, admin, "")
	if err != nil {
		return nil, nil, err
	}
	evidence := map[int64]arena.Review{}
	for _, r := range rs {
		evidence[r.UserID] = r
	}
	var open, decided []views.AppealRow
	for _, a := range as {
		row := appealRow(a)
		row.User = accountName(a.Username, a.UserID)
		if r, ok := evidence[a.UserID]; ok {
			row.Review, row.Evidence, row.Held = r.Status, r.Evidence, r.Held
		}
		if a.Status == arena.AppealOpen {
			open = append(open, row)
		} else {
			decided = append(decided, row)
		}
	}
	return open, decided, nil
}

func appealRow(a arena.Appeal) views.AppealRow {
	return views.AppealRow{ID: a.ID, Kind: a.Kind, Battle: a.Battle, Comment: a.Comment, Status: a.Status, Created: a.CreatedAt,
		Decided: a.DecidedAt, DecidedBy: a.DecidedBy, Note: a.Note, Restored: a.Restored}
}
