package web

import (
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

func (s *Server) home(c echo.Context) error {
	mode, err := arena.ParseMode(c.QueryParam("mode"))
	if err != nil {
		return err
	}
	return s.renderHome(c, http.StatusOK, views.HomeView{Mode: string(mode)})
}

func (s *Server) renderHome(c echo.Context, status int, h views.HomeView) error {
	models, err := s.deps.Models.ActiveModels(c.Request().Context())
	if err != nil {
		return err
	}
	h.Models, h.MaxImages = len(models), s.cfg.Images.Count()
	for _, m := range models {
		h.Choices = append(h.Choices, views.ModelChoice{Name: m.Name, Display: m.DisplayName()})
	}
	p := s.page(c, "", "arena")
	p.Scripts = []string{"paste.js"}
	return render(c, status, views.HomePage(p, h))
}

// startBattle is the prompt form's target: it starts a battle and shows its page.
func (s *Server) startBattle(c echo.Context) error {
	// The prompt is checked before a visitor becomes a guest: a refused request must
	// not leave a user and a session behind.
	prompt := c.FormValue("prompt")
	req, err := formBattleRequest(c)
	back := views.HomeView{Prompt: prompt, Mode: string(req.Mode), ModelA: c.FormValue("model_a"), ModelB: c.FormValue("model_b"),
		Output: c.FormValue("output")}
	if err == nil && !req.Sponsored {
		_, err = arena.ValidatePrompt(prompt)
	}
	if err == nil {
		req.Images, err = formUploads(c, s.cfg.Images)
	}
	if err == nil {
		req.Output, err = formOutput(c.FormValue("output"), len(req.Images))
	}
	if err != nil {
		back.Error = arena.ErrorMessage(err)
		return s.renderHome(c, statusOf[arena.EINVALID], back)
	}
	u, err := s.guestOrUser(c)
	if err != nil {
		return err
	}
	// Every mode counts against the battle limits: each start calls models.
	if err := s.limit(c, "battle"); err != nil {
		return err
	}
	b, err := s.deps.Battles.StartWith(c.Request().Context(), u, req)
	if err != nil {
		if code := arena.ErrorCode(err); code == arena.EINVALID || code == arena.EUNAVAILABLE {
			back.Error = arena.ErrorMessage(err)
			return s.renderHome(c, statusOf[code], back)
		}
		return err
	}
	return redirect(c, "/battle/"+b.ID)
}

// formBattleRequest reads the home page's forms: the mode, and the models chosen in its
// selects (model_a and model_b side by side, model_a alone for a direct chat).
func formBattleRequest(c echo.Context) (arena.BattleRequest, error) {
	mode, err := arena.ParseMode(c.FormValue("mode"))
	if err != nil {
		return arena.BattleRequest{Mode: arena.ModeBattle}, err
	}
	req := arena.BattleRequest{Prompt: c.FormValue("prompt"), Mode: mode, Sponsored: c.FormValue("sponsored") == "1"}
	switch mode {
	case arena.ModeSideBySide:
		req.Models = []string{c.FormValue("model_a"), c.FormValue("model_b")}
	case arena.ModeDirect:
		req.Models = []string{c.FormValue("model_a")}
	}
	return req, nil
}

// formOutput reads the prompt form's choice of answer (views.HomeOutputs) for a prompt
// with n images attached: an edit needs its image, and text to image takes none.
func formOutput(v string, n int) (string, error) {
	switch v {
	case "", "text":
		return arena.OutputText, nil
	case arena.ArenaTextToImage:
		if n > 0 {
			return "", arena.Errorf(arena.EINVALID, "A picture drawn from the prompt takes no image: choose the image edit to have yours edited, or remove it.")
		}
		return arena.OutputImage, nil
	case arena.ArenaImageEdit:
		if n == 0 {
			return "", arena.Errorf(arena.EINVALID, "An image edit needs the image to edit: attach one.")
		}
		return arena.OutputImage, nil
	}
	return "", arena.Errorf(arena.EINVALID, "The models answer with text, text_to_image or image_edit; got %q.", v)
}

func (s *Server) battlePage(c echo.Context) error {
	b, err := s.deps.Battles.Get(c.Request().Context(), currentUser(c), c.Param("id"))
	if err != nil {
		return err
	}
	return s.renderBattle(c, http.StatusOK, b, "")
}

func (s *Server) renderBattle(c echo.Context, status int, b *arena.Battle, formErr string) error {
	p := s.page(c, "Battle", "arena")
	p.Scripts = []string{"battle.js", "copy.js", "paste.js"}
	if b.Status == arena.StatusStreaming {
		p.Refresh = 2
	}
	v := battleView(b, s.cfg.HideReasoning)
	v.Error = formErr
	v.FollowUpImages, v.MaxImages = b.TakesImages() && s.deps.Images != nil, s.cfg.Images.Count()
	if u := currentUser(c); u != nil && b.UserID == u.ID {
		v.Mine, v.ConsentWording = true, arena.ConsentWording
		if s.deps.Raters != nil && b.Mode.Anonymous() {
			q, err := s.deps.Raters.QualificationOf(c.Request().Context(), u.ID)
			if err != nil {
				return err
			}
			if st := q.State(); st == arena.QualifyOngoing || st == arena.QualifyFailed {
				v.Qualification = q.Words()
			}
		}
		if b.Vote != nil {
			id, err := s.deps.Shares.Link(c.Request().Context(), u, b.ID)
			if err != nil {
				return err
			}
			if id != "" {
				v.ShareURL = shareURL(c, id)
			}
		}
		switch {
		case b.Vote != nil && b.Vote.Publish != nil:
			v.Publish = *b.Vote.Publish
		case b.Vote == nil:
			// The checkbox by the vote buttons starts at the voter's own setting.
			cs, err := s.deps.Consents.Get(c.Request().Context(), u)
			if err != nil {
				return err
			}
			v.Publish = cs.Publish
		}
	}
	return render(c, status, views.BattlePage(p, v))
}

// battleView is the only place a battle becomes a view model, so it is the one place
// that decides whether names are shown: only after the vote.
// hideReasoning leaves reasoning models' thinking out (Config.HideReasoning).
func battleView(b *arena.Battle, hideReasoning bool) views.BattleView {
	v := views.BattleView{
		ID: b.ID, Status: shownStatus(b), Reasons: arena.Reasons, Mode: string(b.Mode), Arena: cmp.Or(b.Arena, arena.ArenaText),
		CanVote: b.Status == arena.StatusReady && b.Mode.Voted(),
		// An image battle is one prompt, its answers drawn once (Battles.FollowUp and
		// Regenerate refuse them, saying why).
		CanFollowUp:   b.Status == arena.StatusReady && len(b.Turns) < arena.MaxTurns && !arena.IsImageArena(b.Arena),
		CanRegenerate: b.Status == arena.StatusReady && !arena.IsImageArena(b.Arena),
	}
	for i, n := range b.Regenerated {
		v.RegenerationsLeft[i] = max(arena.MaxRegenerations-n, 0)
	}
	for _, t := range b.Turns {
		tv := views.TurnView{Prompt: t.Prompt, A: answerView(t.A, hideReasoning), B: answerView(t.B, hideReasoning)}
		for _, sha := range t.Images {
			tv.Images = append(tv.Images, imagePath(sha))
		}
		v.Turns = append(v.Turns, tv)
	}
	if b.Revealed() {
		v.NameA = b.ModelA.DisplayName()
		if b.Mode != arena.ModeDirect {
			v.NameB = b.ModelB.DisplayName()
		}
	}
	v.Reveal = revealView(b)
	return v
}

// revealView is who was who and the vote, nil until the vote reveals them.
func revealView(b *arena.Battle) *views.RevealView {
	if !b.Revealed() || b.Vote == nil {
		return nil
	}
	r := &views.RevealView{NameA: b.ModelA.DisplayName(), NameB: b.ModelB.DisplayName(),
		Winner: string(b.Vote.Winner), Points: b.Vote.Points, Held: b.Vote.Held, Reasons: b.Vote.Reasons, Comment: b.Vote.Comment}
	if rc := b.Vote.Receipt; rc != nil {
		r.Receipt = &views.ReceiptView{Index: rc.Index, LeafHash: rc.LeafHash.String()}
	}
	if b.Campaign != nil {
		r.Sponsored, r.Bounty = true, b.Vote.Bounty
	}
	return r
}

// shownStatus is a battle's status as its page shows it: a failed battle the server's
// stop interrupted is "interrupted", not a model's failure.
func shownStatus(b *arena.Battle) string {
	if b.Interrupted() {
		return "interrupted"
	}
	return string(b.Status)
}

func answerView(a arena.Answer, hideReasoning bool) views.AnswerView {
	html := views.RenderMarkdown
	if a.Status != arena.AnswerStreaming {
		html = views.RenderMarkdownCached
	}
	v := views.AnswerView{HTML: html(a.Text), Status: string(a.Status), Error: a.Error, Images: imagePaths(a.Images)}
	if !hideReasoning && a.Reasoning != "" {
		v.ReasoningHTML = html(a.Reasoning)
	}
	return v
}

// voteForm is the plain-form vote.
func (s *Server) voteForm(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	form, _ := c.FormParams()
	if err := s.limit(c, "vote"); err != nil {
		return err
	}
	_, err := s.deps.Battles.Vote(ctx, u, c.Param("id"), arena.VoteInput{
		Winner: arena.Winner(c.FormValue("winner")), Reasons: form["reasons"], Comment: c.FormValue("comment"),
		Publish: formVotePublish(c),
	})
	if err != nil {
		return s.battleFormError(c, err)
	}
	return redirect(c, "/battle/"+c.Param("id"))
}

// formVotePublish is the vote form's publication checkbox. An unticked checkbox sends
// nothing, so the form marks that it showed one (publish_shown): without the mark the
// vote takes the account's setting.
func formVotePublish(c echo.Context) *bool {
	if c.FormValue("publish_shown") != "1" {
		return nil
	}
	p := c.FormValue("publish") == "1"
	return &p
}

// followUpForm is the plain-form follow-up.
func (s *Server) followUpForm(c echo.Context) error {
	if err := s.limitFollowUp(c, c.FormValue("prompt")); err != nil {
		return s.battleFormError(c, err)
	}
	ups, err := formUploads(c, s.cfg.Images)
	if err != nil {
		return s.battleFormError(c, err)
	}
	if _, err := s.deps.Battles.FollowUp(c.Request().Context(), currentUser(c), c.Param("id"), c.FormValue("prompt"), ups); err != nil {
		return s.battleFormError(c, err)
	}
	return redirect(c, "/battle/"+c.Param("id"))
}

// limitFollowUp counts a follow-up against the battle limits: it calls both models
// again, as a new battle does. A prompt that would be refused anyway is not counted.
func (s *Server) limitFollowUp(c echo.Context, prompt string) error {
	if _, err := arena.ValidatePrompt(prompt); err != nil {
		return err
	}
	return s.limit(c, "battle")
}

// battleFormError shows a refused vote or follow-up on the battle page itself.
func (s *Server) battleFormError(c echo.Context, err error) error {
	code := arena.ErrorCode(err)
	if code != arena.EINVALID && code != arena.ECONFLICT {
		return err
	}
	b, gerr := s.deps.Battles.Get(c.Request().Context(), currentUser(c), c.Param("id"))
	if gerr != nil {
		return gerr
	}
	return s.renderBattle(c, statusOf[code], b, arena.ErrorMessage(err))
}

// apiBattle is the JSON shape of a battle; it never names the models.
type apiBattle struct {
	ID     string `json:"id"`
	Status string `json:"status"`
	// Arena is text, or vision once a turn carries images, or text_to_image or
	// image_edit, whose answers are images.
	Arena string `json:"arena"`
	// Interrupted marks a failed battle whose answers the server's stop cut short, not
	// a model's failure (arena.Battle.Interrupted).
	Interrupted bool      `json:"interrupted,omitempty"`
	Turns       []apiTurn `json:"turns"`
	// RegeneratedA and RegeneratedB count each side's regenerated answers (at most
	// arena.MaxRegenerations).
	RegeneratedA int `json:"regenerated_a"`
	RegeneratedB int `json:"regenerated_b"`
}

type apiTurn struct {
	Prompt string `json:"prompt"`
	// Images are the paths of the prompt's images (/images/{sha256}), in order.
	Images    []string `json:"images,omitempty"`
	ResponseA string   `json:"response_a"`
	ResponseB string   `json:"response_b"`
	// ImagesA and ImagesB are the paths of the images each side answered with, in an
	// image arena (its responses are then "").
	ImagesA []string `json:"images_a,omitempty"`
	ImagesB []string `json:"images_b,omitempty"`
	// StatusA and StatusB are each answer's status: streaming, done, stopped (by the
	// voter, the response being what had arrived), failed or interrupted; "" for a
	// direct chat's side b.
	StatusA string `json:"status_a"`
	StatusB string `json:"status_b"`
	ErrorA  string `json:"error_a,omitempty"`
	ErrorB  string `json:"error_b,omitempty"`
	// ReasoningA and ReasoningB are a reasoning model's thinking, not part of its
	// response; absent when there is none or the server hides it.
	ReasoningA string `json:"reasoning_a,omitempty"`
	ReasoningB string `json:"reasoning_b,omitempty"`
}

func (s *Server) toAPIBattle(b *arena.Battle) apiBattle {
	out := apiBattle{ID: b.ID, Status: string(b.Status), Arena: cmp.Or(b.Arena, arena.ArenaText), Interrupted: b.Interrupted(), Turns: []apiTurn{},
		RegeneratedA: b.Regenerated[0], RegeneratedB: b.Regenerated[1]}
	for _, t := range b.Turns {
		at := apiTurn{Prompt: t.Prompt, ResponseA: t.A.Text, ResponseB: t.B.Text, StatusA: string(t.A.Status), StatusB: string(t.B.Status),
			ErrorA: t.A.Error, ErrorB: t.B.Error, Images: imagePaths(t.Images), ImagesA: imagePaths(t.A.Images), ImagesB: imagePaths(t.B.Images)}
		if !s.cfg.HideReasoning {
			at.ReasoningA, at.ReasoningB = t.A.Reasoning, t.B.Reasoning
		}
		out.Turns = append(out.Turns, at)
	}
	return out
}

type promptRequest struct {
	Prompt string     `json:"prompt"`
	Images []apiImage `json:"images"`
}

// battleRequest is the body of POST /api/battles: a prompt, and for the other modes
// than an anonymous battle the models chosen.
type battleRequest struct {
	Prompt string   `json:"prompt"`
	Mode   string   `json:"mode"`
	Models []string `json:"models"` // side_by_side: two names
	Model  string   `json:"model"`  // direct: one name
	// Images are attached to the prompt: a vision battle, or with Output "image" an
	// image edit.
	Images []apiImage `json:"images"`
	// Output is what the models answer with: "text" (or absent) or "image", a
	// text-to-image battle, or an edit of the one image attached.
	Output string `json:"output"`
	// Sponsored asks for a battle on a lab's held-out campaign prompt (no prompt sent).
	Sponsored bool `json:"sponsored"`
}

// bindJSON decodes a JSON body whatever its declared content type, so scripts that
// forget the header still get a precise answer.
func bindJSON(c echo.Context, v any) error {
	if err := json.NewDecoder(c.Request().Body).Decode(v); err != nil {
		return arena.Errorf(arena.EINVALID, "The request body is not valid JSON for this call: %v.", err)
	}
	return nil
}

func (s *Server) apiCreateBattle(c echo.Context) error {
	var in battleRequest
	ups, err := s.bindPrompt(c, &in, &in.Prompt, &in.Images)
	if err != nil {
		return err
	}
	if isMultipart(c) {
		// A form's fields: models repeated, or one comma-separated value.
		in.Mode, in.Model = c.FormValue("mode"), c.FormValue("model")
		if form, err := c.MultipartForm(); err == nil {
			for _, v := range form.Value["models"] {
				for name := range strings.SplitSeq(v, ",") {
					if name = strings.TrimSpace(name); name != "" {
						in.Models = append(in.Models, name)
					}
				}
			}
		}
	}
	mode, err := arena.ParseMode(in.Mode)
	if err != nil {
		return err
	}
	req := arena.BattleRequest{Prompt: in.Prompt, Mode: mode, Models: in.Models, Sponsored: in.Sponsored}
	if req.Output, err = arena.ParseOutput(in.Output); err != nil || req.Output == arena.OutputImageEdit {
		return arena.Errorf(arena.EINVALID, "\"output\" is text or image (an edit when an image is attached); got %q.", in.Output)
	}
	switch {
	case mode == arena.ModeDirect && len(in.Models) > 0:
		return arena.Errorf(arena.EINVALID, "A direct chat takes one model in \"model\", not \"models\".")
	case mode == arena.ModeDirect && in.Model == "":
		return arena.Errorf(arena.EINVALID, "A direct chat needs \"model\": the name of the model to talk to.")
	case mode == arena.ModeDirect:
		req.Models = []string{in.Model}
	case in.Model != "":
		return arena.Errorf(arena.EINVALID, "\"model\" is for a direct chat; side by side takes two names in \"models\".")
	}
	if _, err := arena.ValidatePrompt(req.Prompt); err != nil && !req.Sponsored {
		return err
	}
	req.Images = ups
	u, err := s.guestOrUser(c)
	if err != nil {
		return err
	}
	if err := s.limit(c, "battle"); err != nil {
		return err
	}
	b, err := s.deps.Battles.StartWith(c.Request().Context(), u, req)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, createdBattle(b))
}

// createdBattle is the answer to a call that started battle b: its id, status and mode,
// and the models where they may be named (side by side, a direct chat).
func createdBattle(b *arena.Battle) map[string]any {
	out := map[string]any{"id": b.ID, "status": string(b.Status), "mode": string(b.Mode), "arena": cmp.Or(b.Arena, arena.ArenaText)}
	if b.Revealed() {
		models := []string{b.ModelA.Name}
		if b.Mode == arena.ModeSideBySide {
			models = append(models, b.ModelB.Name)
		}
		out["models"] = models
	}
	return out
}

func (s *Server) apiGetBattle(c echo.Context) error {
	ctx := c.Request().Context()
	u := currentUser(c)
	if w := c.QueryParam("wait"); w != "" {
		d, err := time.ParseDuration(w)
		if err != nil || d < 0 {
			return arena.Errorf(arena.EINVALID, "wait must be a duration such as 30s; got %q.", w)
		}
		d = min(d, 2*time.Minute)
		wctx, cancel := context.WithTimeout(ctx, d)
		defer cancel()
		// The shutdown's goodbye ends the wait too. By then the answers streaming here
		// are stored, so a battle still streaming streams elsewhere (or nowhere): the
		// client is told to ask again, which reaches the next server.
		defer context.AfterFunc(s.restarting, cancel)()
		b, err := s.deps.Battles.Wait(wctx, u, c.Param("id"))
		if err != nil {
			return err
		}
		if b.Status == arena.StatusStreaming && s.restarting.Err() != nil {
			c.Response().Header().Set(echo.HeaderConnection, "close")
			return arena.ErrRestarting
		}
		return c.JSON(http.StatusOK, s.toAPIBattle(b))
	}
	b, err := s.deps.Battles.Get(ctx, u, c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, s.toAPIBattle(b))
}

func (s *Server) apiFollowUp(c echo.Context) error {
	var req promptRequest
	ups, err := s.bindPrompt(c, &req, &req.Prompt, &req.Images)
	if err != nil {
		return err
	}
	if err := s.limitFollowUp(c, req.Prompt); err != nil {
		return err
	}
	b, err := s.deps.Battles.FollowUp(c.Request().Context(), currentUser(c), c.Param("id"), req.Prompt, ups)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"id": b.ID, "status": string(b.Status), "turn": len(b.Turns) - 1})
}

type voteRequest struct {
	Winner  string   `json:"winner"`
	Reasons []string `json:"reasons"`
	Comment string   `json:"comment"`
	// Publish is this battle's publication decision; absent takes the account's setting.
	Publish *bool `json:"publish"`
}

func (s *Server) apiVote(c echo.Context) error {
	var req voteRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if err := s.limit(c, "vote"); err != nil {
		return err
	}
	r, err := s.deps.Battles.Vote(c.Request().Context(), currentUser(c), c.Param("id"), arena.VoteInput{
		Winner: arena.Winner(req.Winner), Reasons: req.Reasons, Comment: req.Comment,
		IdempotencyKey: c.Request().Header.Get("Idempotency-Key"), Publish: req.Publish,
	})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}
