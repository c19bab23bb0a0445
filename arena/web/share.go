package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// shareBody is the body of POST /api/battles/{id}/share. Publish is the voter's consent
// to publish the battle, which a link needs when the battle was voted unpublished.
type shareBody struct {
	Publish bool `json:"publish"`
}

// readShareBody reads the optional body of a share strictly, as consent bodies are: a
// misspelt "publish" must not read as no.
func readShareBody(c echo.Context) (shareBody, error) {
	var req shareBody
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return req, arena.Errorf(arena.EINVALID, "The request body could not be read.")
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return req, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil || dec.More() {
		var typ *json.UnmarshalTypeError
		if errors.As(err, &typ) {
			return req, arena.Errorf(arena.EINVALID, `%q must be true or false; got a JSON %s. Send {"publish": true} or no body.`, typ.Field, typ.Value)
		}
		return req, arena.Errorf(arena.EINVALID, `The request body is not {"publish": true|false} (%v); send that or no body.`, err)
	}
	return req, nil
}

// shareURL is a link's absolute URL, as a preview card must give it.
func shareURL(c echo.Context, id string) string {
	return c.Scheme() + "://" + c.Request().Host + sharePath(id)
}

func sharePath(id string) string { return "/b/" + id }

func (s *Server) apiShare(c echo.Context) error {
	req, err := readShareBody(c)
	if err != nil {
		return err
	}
	id, err := s.deps.Shares.Share(c.Request().Context(), currentUser(c), c.Param("id"), req.Publish)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]string{"id": id, "url": shareURL(c, id), "battle_id": c.Param("id")})
}

func (s *Server) apiRevokeShare(c echo.Context) error {
	if err := s.deps.Shares.Revoke(c.Request().Context(), currentUser(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// shareForm is the battle page's "Share a public link", which says that sharing
// publishes the battle: the form's publish=1 is that consent.
func (s *Server) shareForm(c echo.Context) error {
	if _, err := s.deps.Shares.Share(c.Request().Context(), currentUser(c), c.Param("id"), c.FormValue("publish") == "1"); err != nil {
		return s.battleFormError(c, err)
	}
	s.flash(c, "success", "This battle has a public link now. Anyone with it sees the battle, never who voted.")
	return redirect(c, "/battle/"+c.Param("id"))
}

func (s *Server) revokeShareForm(c echo.Context) error {
	if err := s.deps.Shares.Revoke(c.Request().Context(), currentUser(c), c.Param("id")); err != nil {
		return s.battleFormError(c, err)
	}
	s.flash(c, "success", "The public link is down: it now leads nowhere. The battle's publication decision is unchanged.")
	return redirect(c, "/battle/"+c.Param("id"))
}

// sharedBattlePage is a battle behind its public link, for anyone. It is built from the
// battle page's view with everything about the voter left out: no points, no comment,
// no battle id (the battle's own page is its voter's).
func (s *Server) sharedBattlePage(c echo.Context) error {
	b, err := s.deps.Shares.Shared(c.Request().Context(), c.Param("share"))
	if err != nil {
		return err
	}
	bv := battleView(b, s.cfg.HideReasoning)
	if bv.Reveal == nil {
		return arena.Errorf(arena.ENOTFOUND, "No such shared battle.")
	}
	bv.ID, bv.Reveal.Points, bv.Reveal.Comment = "", 0, ""
	v := views.SharedBattleView{Battle: bv}
	p := s.page(c, "A battle: "+bv.Reveal.NameA+" vs "+bv.Reveal.NameB, "arena")
	p.Scripts = []string{"copy.js"}
	p.OpenGraph = &views.OpenGraph{Title: bv.Reveal.NameA + " vs " + bv.Reveal.NameB + " on Arena",
		Description: excerpt(b.Turns[0].Prompt, 160) + " · " + v.Verdict(), Type: "article", URL: shareURL(c, c.Param("share"))}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return render(c, http.StatusOK, views.SharedBattlePage(p, v))
}

// excerpt is s on one line, cut to at most n characters at a word where it can be.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}
