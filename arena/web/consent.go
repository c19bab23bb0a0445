package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
)

// consentJSON is the answer of GET and PUT /api/me/consent.
type consentJSON struct {
	Publish bool   `json:"publish"`
	Version string `json:"version"` // the wording's version asked now
	Wording string `json:"wording"`
	// DecidedAt and DecidedVersion are when the person last answered and which wording
	// they answered; null if they never did (publication is then off).
	DecidedAt      *time.Time `json:"decided_at"`
	DecidedVersion *string    `json:"decided_version"`
	// BattlesChanged, in a PUT's answer, is how many voted battles the change published
	// or withdrew.
	BattlesChanged *int64 `json:"battles_changed,omitempty"`
}

func toConsentJSON(c arena.Consent) consentJSON {
	out := consentJSON{Publish: c.Publish, Version: arena.ConsentVersion, Wording: arena.ConsentWording}
	if !c.DecidedAt.IsZero() {
		at, v := c.DecidedAt, c.DecidedVersion
		out.DecidedAt, out.DecidedVersion = &at, &v
	}
	return out
}

// consentRequest is the body of PUT /api/me/consent and PUT /api/battles/{id}/consent.
type consentRequest struct {
	Publish *bool `json:"publish"`
	// IncludePast (account only) also publishes the battles already voted.
	IncludePast bool `json:"include_past"`
}

// readConsentRequest decodes a consent body strictly: a misspelt field would otherwise
// read as "no decision", and a decision about publication must be the one meant.
func readConsentRequest(c echo.Context, account bool) (consentRequest, error) {
	var req consentRequest
	raw, err := io.ReadAll(c.Request().Body)
	if err != nil {
		return req, arena.Errorf(arena.EINVALID, "The request body could not be read.")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	fields := `{"publish": true|false}`
	if account {
		fields = `{"publish": true|false, "include_past": true|false}`
	}
	if err := dec.Decode(&req); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			return req, arena.Errorf(arena.EINVALID, "The request body is empty; send %s.", fields)
		case errors.As(err, &typ):
			return req, arena.Errorf(arena.EINVALID, "%q must be true or false; got a JSON %s. Send %s.", typ.Field, typ.Value, fields)
		case errors.Is(err, io.ErrUnexpectedEOF):
			return req, arena.Errorf(arena.EINVALID, "The request body is not valid JSON (it ends too soon); send %s.", fields)
		case errors.As(err, &syn):
			return req, arena.Errorf(arena.EINVALID, "The request body is not valid JSON (%v); send %s.", err, fields)
		}
		return req, arena.Errorf(arena.EINVALID, "The request body is not a consent decision (%v); send %s.", err, fields)
	}
	if dec.More() {
		return req, arena.Errorf(arena.EINVALID, "The request body holds more than one JSON value; send %s.", fields)
	}
	if req.Publish == nil {
		return req, arena.Errorf(arena.EINVALID, `"publish" is missing: send true to publish your battles or false to withdraw them, as %s.`, fields)
	}
	if !account && req.IncludePast {
		return req, arena.Errorf(arena.EINVALID, `"include_past" applies to the account's setting (PUT /api/me/consent), not to one battle.`)
	}
	return req, nil
}

func (s *Server) apiGetConsent(c echo.Context) error {
	cs, err := s.deps.Consents.Get(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, toConsentJSON(cs))
}

func (s *Server) apiPutConsent(c echo.Context) error {
	u := currentUser(c)
	if _, err := s.deps.Consents.Get(c.Request().Context(), u); err != nil {
		return err // no identity: say so before complaining about the body
	}
	req, err := readConsentRequest(c, true)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	n, err := s.deps.Consents.Set(ctx, u, arena.ConsentChange{Publish: *req.Publish, IncludePast: req.IncludePast})
	if err != nil {
		return err
	}
	cs, err := s.deps.Consents.Get(ctx, u)
	if err != nil {
		return err
	}
	out := toConsentJSON(cs)
	out.BattlesChanged = &n
	return c.JSON(http.StatusOK, out)
}

// battleConsentJSON is the answer of PUT /api/battles/{id}/consent.
type battleConsentJSON struct {
	ID             string    `json:"id"`
	Publish        bool      `json:"publish"`
	ConsentAt      time.Time `json:"consent_at"`
	ConsentVersion string    `json:"consent_version"`
}

func (s *Server) apiBattleConsent(c echo.Context) error {
	req, err := readConsentRequest(c, false)
	if err != nil {
		return err
	}
	d, err := s.deps.Consents.SetBattle(c.Request().Context(), currentUser(c), c.Param("id"), *req.Publish)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, battleConsentJSON{ID: c.Param("id"), Publish: d.Publish, ConsentAt: d.At, ConsentVersion: d.Version})
}

// formPublish reads a form's publish field, 1 or 0.
func formPublish(c echo.Context) (bool, error) {
	switch v := c.FormValue("publish"); v {
	case "1":
		return true, nil
	case "0":
		return false, nil
	default:
		return false, arena.Errorf(arena.EINVALID, "publish must be 1 (publish) or 0 (do not publish); got %q.", v)
	}
}

// consentForm is /me's publication form and its one-click withdrawal.
func (s *Server) consentForm(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	publish, err := formPublish(c)
	if err != nil {
		return err
	}
	n, err := s.deps.Consents.Set(c.Request().Context(), u, arena.ConsentChange{Publish: publish, IncludePast: c.FormValue("include_past") == "1"})
	if err != nil {
		return err
	}
	switch {
	case !publish:
		s.flash(c, "success", fmt.Sprintf("Withdrawn: none of your battles will be in any later export or release (%s unpublished). Releases already published keep what they held.", battles(n)))
	case n > 0:
		s.flash(c, "success", fmt.Sprintf("Your battles will be published, from now on and the %s you already voted.", battles(n)))
	default:
		s.flash(c, "success", "Your new battles will be published. Battles you already voted keep the decision they were voted with.")
	}
	return redirect(c, "/me")
}

func battles(n int64) string {
	if n == 1 {
		return "1 battle"
	}
	return fmt.Sprintf("%d battles", n)
}

// battleConsentForm is the battle page's switch after the vote, without JavaScript.
func (s *Server) battleConsentForm(c echo.Context) error {
	publish, err := formPublish(c)
	if err != nil {
		return s.battleFormError(c, err)
	}
	if _, err := s.deps.Consents.SetBattle(c.Request().Context(), currentUser(c), c.Param("id"), publish); err != nil {
		return s.battleFormError(c, err)
	}
	if publish {
		s.flash(c, "success", "This battle will be published in the open datasets.")
	} else {
		s.flash(c, "success", "This battle will not be published: it is in no later export or release.")
	}
	return redirect(c, "/battle/"+c.Param("id"))
}
