package web

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
)

// The battle controls (issue 24), each a form of the battle page and an API call: the
// same prompt with a new pair, regenerating a side, stopping a streaming side.

// againForm starts a new battle with this one's first prompt and shows it. Each call
// starts a battle, so it counts against the battle limits as the prompt form does.
func (s *Server) againForm(c echo.Context) error {
	if err := s.limit(c, "battle"); err != nil {
		return err
	}
	b, err := s.deps.Battles.Again(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return s.battleFormError(c, err)
	}
	return redirect(c, "/battle/"+b.ID)
}

func (s *Server) apiAgain(c echo.Context) error {
	if err := s.limit(c, "battle"); err != nil {
		return err
	}
	b, err := s.deps.Battles.Again(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdBattle(b))
}

// regenerateForm answers one side of the battle again and shows the battle streaming.
// It calls the model again, so it counts against the battle limits as a follow-up does.
func (s *Server) regenerateForm(c echo.Context) error {
	side, err := arena.ParseSide(c.FormValue("side"))
	if err != nil {
		return s.battleFormError(c, err)
	}
	if err := s.limit(c, "battle"); err != nil {
		return err
	}
	if _, err := s.deps.Battles.Regenerate(c.Request().Context(), currentUser(c), c.Param("id"), side); err != nil {
		return s.battleFormError(c, err)
	}
	return redirect(c, "/battle/"+c.Param("id"))
}

// sideRequest is the body of the side controls' calls.
type sideRequest struct {
	Side string `json:"side"`
}

func (s *Server) apiRegenerate(c echo.Context) error {
	var req sideRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	side, err := arena.ParseSide(req.Side)
	if err != nil {
		return err
	}
	if err := s.limit(c, "battle"); err != nil {
		return err
	}
	b, err := s.deps.Battles.Regenerate(c.Request().Context(), currentUser(c), c.Param("id"), side)
	if err != nil {
		return err
	}
	n := b.Regenerated[0]
	if side == 'b' {
		n = b.Regenerated[1]
	}
	return c.JSON(http.StatusAccepted, map[string]any{"id": b.ID, "status": string(b.Status), "side": string(side),
		"regenerated": n, "left": arena.MaxRegenerations - n})
}

// stopForm stops one side's streaming answer and shows the battle.
func (s *Server) stopForm(c echo.Context) error {
	side, err := arena.ParseSide(c.FormValue("side"))
	if err != nil {
		return s.battleFormError(c, err)
	}
	if err := s.deps.Battles.Stop(c.Request().Context(), currentUser(c), c.Param("id"), side); err != nil {
		return s.battleFormError(c, err)
	}
	return redirect(c, "/battle/"+c.Param("id"))
}

func (s *Server) apiStop(c echo.Context) error {
	var req sideRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	side, err := arena.ParseSide(req.Side)
	if err != nil {
		return err
	}
	if err := s.deps.Battles.Stop(c.Request().Context(), currentUser(c), c.Param("id"), side); err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"id": c.Param("id"), "side": string(side), "status": string(arena.AnswerStopped)})
}
