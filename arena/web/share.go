package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

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

// shared returns the battle behind the request's public link, or the one 404 of a link
// that shows nothing: unknown, taken down, withdrawn, moderated or otherwise no longer
// publishable (the store's rule), or not voted. The page and its card both ask here,
// so the card never shows a battle the page would not.
func (s *Server) shared(c echo.Context) (*arena.Battle, error) {
	b, err := s.deps.Shares.Shared(c.Request().Context(), c.Param("share"))
	if err != nil {
		return nil, err
	}
	if revealView(b) == nil {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such shared battle.")
	}
	return b, nil
}

// publicView is bv, a view of shared battle b, with everything about its voter left
// out: no points, no comment, no battle id (the battle's own page is its voter's).
func publicView(b *arena.Battle, bv views.BattleView) views.SharedBattleView {
	bv.ID, bv.Reveal.Points, bv.Reveal.Comment = "", 0, ""
	return views.SharedBattleView{Battle: bv, Voted: b.Vote.CreatedAt}
}

// sharedBattlePage is a battle behind its public link, for anyone, with its preview
// card for where the link is posted.
func (s *Server) sharedBattlePage(c echo.Context) error {
	b, err := s.shared(c)
	if err != nil {
		return err
	}
	v := publicView(b, battleView(b, s.cfg.HideReasoning))
	r := v.Battle.Reveal
	p := s.page(c, "A battle: "+r.NameA+" vs "+r.NameB, "arena")
	p.Scripts = []string{"copy.js"}
	link := shareURL(c, c.Param("share"))
	p.OpenGraph = &views.OpenGraph{Title: r.NameA + " vs " + r.NameB + " on Arena",
		Description: views.Excerpt(b.Turns[0].Prompt, 160) + " · " + v.Verdict(), Type: "article", URL: link,
		Image: link + "/card.png", ImageWidth: views.ShareCardWidth, ImageHeight: views.ShareCardHeight, ImageAlt: v.CardAlt()}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return render(c, http.StatusOK, views.SharedBattlePage(p, v))
}

// sharedBattleCard is the PNG a shared battle's og:image names. It reads the battle as
// its page does (shared), and draws only the prompts and the reveal, so it builds its
// own view without rendering the answers. Its ETag names what is drawn: a cache asking
// again gets a 304 without a new drawing.
func (s *Server) sharedBattleCard(c echo.Context) error {
	b, err := s.shared(c)
	if err != nil {
		return err
	}
	bv := views.BattleView{Reveal: revealView(b)}
	for _, t := range b.Turns {
		bv.Turns = append(bv.Turns, views.TurnView{Prompt: t.Prompt})
	}
	v := publicView(b, bv)
	etag := v.CardETag()
	cache := func() {
		c.Response().Header().Set("ETag", etag)
		// no-cache, as the page: a cache asks again each time (a cheap 304 while the
		// card is unchanged), so a link taken down or consent withdrawn loses its card
		// at once, not minutes later.
		c.Response().Header().Set("Cache-Control", "public, no-cache")
	}
	if etagMatches(c.Request().Header.Get("If-None-Match"), etag) {
		cache()
		return c.NoContent(http.StatusNotModified)
	}
	var buf bytes.Buffer
	if err := views.WriteShareCard(&buf, v); err != nil {
		return err
	}
	// The drawing keeps far below the bound; a card past it is a fault in the drawing,
	// answered with an error rather than with an image of any size.
	if buf.Len() > views.ShareCardMaxBytes {
		return fmt.Errorf("the card of shared battle %s is %d bytes, past the bound of %d", b.ID, buf.Len(), views.ShareCardMaxBytes)
	}
	cache()
	c.Response().Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	return c.Blob(http.StatusOK, "image/png", buf.Bytes())
}

// etagMatches reports whether an If-None-Match header names etag, as RFC 9110 compares
// them for it (weakly: W/ is ignored).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(t)
		if t == "*" || strings.TrimPrefix(t, "W/") == etag {
			return true
		}
	}
	return false
}
