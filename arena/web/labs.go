package web

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// requireAccount returns the signed-in (non-guest) user, or sends a browser to log in.
func requireAccount(c echo.Context) (*arena.User, error) {
	u := currentUser(c)
	if u == nil || u.Guest {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "Log in with an account to use the lab pages.")
	}
	return u, nil
}

func pathID(c echo.Context, name, what string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil {
		return 0, arena.Errorf(arena.ENOTFOUND, "No such %s.", what)
	}
	return id, nil
}

func (s *Server) labsAvailable() error {
	if s.deps.Labs == nil {
		return arena.Errorf(arena.EUNAVAILABLE, "Labs are not enabled on this arena.")
	}
	return nil
}

func (s *Server) labUser(c echo.Context) (*arena.User, error) {
	if err := s.labsAvailable(); err != nil {
		return nil, err
	}
	u, err := requireAccount(c)
	if err != nil {
		if !isAPI(c) && c.Request().Method == http.MethodGet {
			return nil, redirect(c, "/login?next="+c.Request().URL.Path)
		}
		return nil, err
	}
	return u, nil
}

func modelRow(m arena.LabModel) views.LabModelRow {
	return views.LabModelRow{ID: m.ID, Name: m.Name, Lab: m.LabName, Status: string(m.Status), StatusReason: m.StatusReason,
		CheckOK: m.Check.OK, Checked: !m.Check.At.IsZero()}
}

func (s *Server) labsPage(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	ctx := c.Request().Context()
	labs, err := s.deps.Labs.VisibleLabs(ctx, u)
	if err != nil {
		return err
	}
	v := views.LabsView{IsAdmin: u.IsAdmin()}
	for _, l := range labs {
		ms, err := s.deps.Labs.Models(ctx, u, l.ID)
		if err != nil {
			return err
		}
		row := views.LabRow{ID: l.ID, Name: l.Name, Role: string(l.Role)}
		for _, m := range ms {
			row.Models = append(row.Models, modelRow(m))
		}
		v.Labs = append(v.Labs, row)
	}
	if u.IsAdmin() {
		pending, err := s.deps.Labs.Pending(ctx, u)
		if err != nil {
			return err
		}
		for _, m := range pending {
			v.Pending = append(v.Pending, modelRow(m))
		}
	}
	return render(c, http.StatusOK, views.LabsPage(s.page(c, "Labs", "labs"), v))
}

func (s *Server) createLab(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	l, err := s.deps.Labs.CreateLab(c.Request().Context(), u, c.FormValue("name"), c.FormValue("owner"))
	if err != nil {
		return err
	}
	s.flash(c, "success", "Lab "+l.Name+" created.")
	return redirect(c, "/labs/"+strconv.FormatInt(l.ID, 10))
}

// labFromPath returns the signed-in lab user and the lab named by the :id parameter,
// which that user must be allowed to see. A nil user with a nil error means the
// response (a redirect to log in) is already sent.
func (s *Server) labFromPath(c echo.Context) (*arena.User, *arena.Lab, error) {
	u, err := s.labUser(c)
	if u == nil {
		return nil, nil, err
	}
	id, err := pathID(c, "id", "lab")
	if err != nil {
		return nil, nil, err
	}
	l, err := s.deps.Labs.Lab(c.Request().Context(), u, id)
	if err != nil {
		return nil, nil, err
	}
	return u, l, nil
}

func (s *Server) labPage(c echo.Context) error {
	return s.renderLab(c, "")
}

func (s *Server) renderLab(c echo.Context, inviteURL string) error {
	u, l, err := s.labFromPath(c)
	if err != nil || u == nil {
		return err
	}
	ctx := c.Request().Context()
	members, err := s.deps.Labs.Members(ctx, u, l.ID)
	if err != nil {
		return err
	}
	ms, err := s.deps.Labs.Models(ctx, u, l.ID)
	if err != nil {
		return err
	}
	v := views.LabView{ID: l.ID, Name: l.Name, Owner: l.Role == arena.LabOwner, InviteURL: inviteURL, KeysEnabled: s.deps.Labs.KeysEnabled()}
	for _, m := range members {
		v.Members = append(v.Members, views.LabMemberRow{Username: m.Username, Role: string(m.Role)})
	}
	for _, m := range ms {
		v.Models = append(v.Models, modelRow(m))
	}
	return render(c, http.StatusOK, views.LabPage(s.page(c, l.Name, "labs"), v))
}

func (s *Server) addLabMember(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "lab")
	if err != nil {
		return err
	}
	role := arena.LabRole(c.FormValue("role"))
	if role == "" {
		role = arena.LabMember
	}
	if err := s.deps.Labs.AddMember(c.Request().Context(), u, id, c.FormValue("username"), role); err != nil {
		return err
	}
	s.flash(c, "success", c.FormValue("username")+" is now a member.")
	return redirect(c, "/labs/"+c.Param("id"))
}

func (s *Server) createLabInvite(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "lab")
	if err != nil {
		return err
	}
	tok, err := s.deps.Labs.Invite(c.Request().Context(), u, id)
	if err != nil {
		return err
	}
	scheme := "http"
	if c.IsTLS() || s.cfg.SecureCookies {
		scheme = "https"
	}
	return s.renderLab(c, scheme+"://"+c.Request().Host+"/labs/join/"+tok)
}

func (s *Server) joinPage(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	return render(c, http.StatusOK, views.JoinPage(s.page(c, "Join a lab", "labs"), views.JoinView{Token: c.Param("token")}))
}

func (s *Server) joinLab(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	l, err := s.deps.Labs.Join(c.Request().Context(), u, c.Param("token"))
	if err != nil {
		return err
	}
	s.flash(c, "success", "You joined "+l.Name+".")
	return redirect(c, "/labs/"+strconv.FormatInt(l.ID, 10))
}

func formInt(c echo.Context, name string, def int) (int, error) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, arena.Errorf(arena.EINVALID, "%s must be a whole number.", name)
	}
	return n, nil
}

func (s *Server) registerLabModel(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "lab")
	if err != nil {
		return err
	}
	in := arena.LabModelInput{Name: c.FormValue("name"), APIKey: c.FormValue("api_key"), License: c.FormValue("license"),
		OutputsPublic: c.FormValue("outputs_public") == "1", Vision: c.FormValue("vision") == "1",
		Output: c.FormValue("output")}
	if in.License == "" {
		in.License = arena.LicenseProprietary
	}
	if in.ModelSettings, err = formSettings(c); err != nil {
		return err
	}
	m, err := s.deps.Labs.RegisterModel(c.Request().Context(), u, id, in)
	if err != nil {
		return err
	}
	if m.Check.OK {
		s.flash(c, "success", "Registered. The endpoint check passed; the model awaits an administrator's approval.")
	} else {
		s.flash(c, "warning", "Registered, but the endpoint check failed: "+m.Check.Message)
	}
	return redirect(c, "/labs/models/"+strconv.FormatInt(m.ID, 10))
}

func (s *Server) labModelPage(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "model")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	rep, err := s.deps.Labs.ModelReport(ctx, u, id)
	if err != nil {
		return err
	}
	m := rep.Model
	v := views.LabModelView{ID: m.ID, Name: m.Name, Lab: m.LabName, LabID: m.LabID, BaseURL: m.BaseURL, ModelID: m.ModelID,
		License: m.License, OutputsPublic: m.OutputsPublic, HasKey: m.HasKey, Status: string(m.Status), StatusReason: m.StatusReason,
		StatusAt: m.StatusAt, IsAdmin: u.IsAdmin(), Approved: !m.ApprovedAt.IsZero(), KeysEnabled: s.deps.Labs.KeysEnabled() && m.LabID != 0}
	// The buttons follow the rules Labs enforces, so nobody is offered what is refused.
	paused := m.Status == arena.ModelPaused
	v.CanResume = paused && (u.IsAdmin() || v.Approved && !m.PausedBy.HeldByAdmin())
	v.CanHold = paused && u.IsAdmin() && !m.PausedBy.HeldByAdmin()
	v.CanEditEndpoint = m.Status == arena.ModelPending && m.LabID != 0
	if v.License == "" {
		v.License = "not stated"
	}
	if !m.Check.At.IsZero() {
		v.Check = &views.CheckRow{At: m.Check.At, OK: m.Check.OK, Latency: m.Check.Latency, Message: m.Check.Message}
	}
	if editable(m) {
		v.Settings = settingsView(m.Model)
	}
	line, err := s.deps.Labs.Variants(ctx, u, id)
	if err != nil {
		return err
	}
	var board []views.BoardRow
	if s.deps.Leaderboards != nil {
		b, err := s.deps.Leaderboards.Get(ctx, arena.BoardQuery{})
		if err != nil {
			return err
		}
		models, err := s.modelIndex(c)
		if err != nil {
			return err
		}
		board = boardRows(b, nil, models, nil)
		for _, r := range board {
			if r.Name == m.Name {
				v.Rating = &r
			}
		}
		counts, err := s.deps.Leaderboards.Store.PairCounts(ctx, "")
		if err != nil {
			return err
		}
		v.Opponents = opponentRows(m.Name, counts, models, nil)
	}
	if len(line) > 1 {
		v.Variants = labVariantRows(line, m.ID, board)
	}
	samples := make([]views.RatingSample, len(rep.History))
	for i, h := range rep.History {
		samples[i] = views.RatingSample{At: h.At, Rating: h.Rating, Lower: h.Lower, Upper: h.Upper}
	}
	v.Chart = views.NewRatingChart(samples)
	for _, cv := range rep.Categories {
		name := cv.Category
		if name == "" {
			name = "all"
		}
		v.Categories = append(v.Categories, views.CategoryRow{Category: name, Votes: cv.Votes, Wins: cv.Wins, Losses: cv.Losses, Ties: cv.Ties})
	}
	for _, r := range rep.Reasons {
		v.Reasons = append(v.Reasons, views.ReasonRow{Reason: r.Reason, Won: r.Won, Lost: r.Lost})
	}
	for _, b := range rep.Samples {
		out := map[arena.Winner]string{arena.WinnerA: b.ModelA + " won", arena.WinnerB: b.ModelB + " won", arena.WinnerTie: "tie", arena.WinnerBothBad: "both bad"}[b.Winner]
		v.Samples = append(v.Samples, views.SampleRow{ID: b.ID, Prompt: b.Prompt, AnswerA: b.AnswerA, AnswerB: b.AnswerB,
			ModelA: b.ModelA, ModelB: b.ModelB, Outcome: out, Reasons: strings.Join(b.Reasons, ", ")})
	}
	perf, err := s.deps.Labs.ModelPerformance(ctx, u, id, c.QueryParam("window"))
	if err != nil {
		return err
	}
	v.Performance = performanceView(perf, m.LabID)
	for _, f := range rep.Failures {
		v.Failures = append(v.Failures, views.FailureRow{At: f.At, BattleID: f.BattleID, Turn: f.Turn + 1, Side: strings.ToUpper(f.Side),
			Kind: f.Kind, HTTPStatus: f.HTTPStatus, RequestID: f.RequestID, Detail: f.Detail})
	}
	return render(c, http.StatusOK, views.LabModelPage(s.page(c, m.Name, "labs"), v))
}

// labModelAction runs one lifecycle action and returns to the model's page.
func (s *Server) labModelAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := s.labUser(c)
		if u == nil {
			return err
		}
		id, err := pathID(c, "id", "model")
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		L := s.deps.Labs
		msg := ""
		switch action {
		case "check":
			var ch arena.EndpointCheck
			if ch, err = L.CheckModel(ctx, u, id); err == nil {
				if ch.OK {
					msg = "The endpoint check passed."
				} else {
					msg = "The endpoint check failed: " + ch.Message
				}
			}
		case "approve":
			err, msg = L.Approve(ctx, u, id), "Approved: the model now enters battles."
		case "pause":
			err, msg = L.Pause(ctx, u, id), "Paused."
		case "resume":
			err, msg = L.Resume(ctx, u, id), "The check passed and the model is back in battles."
		case "retire":
			err, msg = L.Retire(ctx, u, id), "Retired."
		case "key":
			err, msg = L.SetKey(ctx, u, id, c.FormValue("api_key")), "The new key is stored."
		case "endpoint":
			var ch arena.EndpointCheck
			if ch, err = L.UpdateEndpoint(ctx, u, id, c.FormValue("base_url"), c.FormValue("model_id")); err == nil {
				if ch.OK {
					msg = "The endpoint is saved and its check passed."
				} else {
					msg = "The endpoint is saved, but its check failed: " + ch.Message
				}
			}
		}
		if err != nil {
			code := arena.ErrorCode(err)
			if code == arena.ECONFLICT || code == arena.EINVALID {
				s.flash(c, "error", arena.ErrorMessage(err))
				return redirect(c, "/labs/models/"+c.Param("id"))
			}
			return err
		}
		s.flash(c, "success", msg)
		return redirect(c, "/labs/models/"+c.Param("id"))
	}
}

// labBattlesCSV streams a lab's battles as CSV.
func (s *Server) labBattlesCSV(c echo.Context) error {
	u, l, err := s.labFromPath(c)
	if err != nil || u == nil {
		return err
	}
	ctx := c.Request().Context()
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	w.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", "lab-"+strconv.FormatInt(l.ID, 10)+"-battles.csv"))
	w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(w)
	cw.Write([]string{"battle_id", "voted_at", "model", "opponent", "side", "result", "category", "reasons", "turns", "prompt", "answer"})
	err = s.deps.Labs.Battles(ctx, u, l.ID, func(r *arena.LabBattleRow) error {
		d := arena.DefuseCSV
		return cw.Write([]string{r.BattleID, r.VotedAt.UTC().Format("2006-01-02T15:04:05.000Z"), d(r.Model), d(r.Opponent), r.Side, r.Result,
			d(strings.Join(r.Category, ",")), d(strings.Join(r.Reasons, ",")), strconv.Itoa(r.Turns), d(r.Prompt), d(r.Answer)})
	})
	cw.Flush()
	if err != nil {
		s.log.ErrorContext(c.Request().Context(), "lab CSV export failed midway", "lab", l.ID, "error", err)
	}
	return nil
}

// historyPage lists leaderboard snapshots with their hashes.
func (s *Server) historyPage(c echo.Context) error {
	if err := s.labsAvailable(); err != nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := s.deps.Labs.Snapshots(ctx, 200)
	if err != nil {
		return err
	}
	var v views.HistoryView
	for _, sn := range list {
		v.Snapshots = append(v.Snapshots, views.SnapshotRow{ID: sn.ID, At: sn.CreatedAt, Votes: sn.Votes, Hash: sn.Hash, LogSize: sn.LogSize, Legacy: sn.Legacy})
	}
	sel := c.QueryParam("snapshot")
	if sel == "" && len(list) > 0 {
		sel = strconv.FormatInt(list[0].ID, 10)
	}
	if sel != "" {
		id, err := strconv.ParseInt(sel, 10, 64)
		if err != nil {
			return arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
		}
		sn, err := s.deps.Labs.Snapshot(ctx, id)
		if err != nil {
			return err
		}
		d := &views.SnapshotDetail{SnapshotRow: views.SnapshotRow{ID: sn.ID, At: sn.CreatedAt, Votes: sn.Votes, Hash: sn.Hash, LogSize: sn.LogSize, Legacy: sn.Legacy}}
		for _, e := range sn.Entries {
			d.Entries = append(d.Entries, views.SnapshotEntryRow{Rank: e.Rank, Model: e.Model, Rating: e.Rating, Lower: e.Lower, Upper: e.Upper, Votes: e.Votes})
		}
		v.Selected = d
	}
	if isAPI(c) {
		return c.JSON(http.StatusOK, list)
	}
	return render(c, http.StatusOK, views.HistoryPage(s.page(c, "Leaderboard history", "leaderboard"), v))
}

// snapshotVotes serves the votes a snapshot holds as JSON Lines, by battle id, for
// `arena rank` (and `arena snapshot verify` of a snapshot from before the vote log).
func (s *Server) snapshotVotes(c echo.Context) error {
	if err := s.labsAvailable(); err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
	}
	ctx := c.Request().Context()
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	w.Header().Set(echo.HeaderContentDisposition, `attachment; filename="snapshot-`+c.Param("id")+`-votes.jsonl"`)
	// Nothing reaches the response before the buffer's first flush, so an unknown
	// snapshot (which SnapshotVotes refuses before its first vote) still gets its 404.
	bw := bufio.NewWriterSize(w, 64<<10)
	enc := json.NewEncoder(bw)
	type line struct {
		ID     string `json:"id"`
		ModelA string `json:"model_a"`
		ModelB string `json:"model_b"`
		Winner string `json:"winner"`
	}
	err = s.deps.Labs.SnapshotVotes(ctx, id, func(v arena.SnapshotVote) error {
		return enc.Encode(line{v.BattleID, v.ModelA, v.ModelB, string(v.Winner)})
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil && !w.Committed {
		w.Header().Del(echo.HeaderContentDisposition)
		return err
	}
	if err != nil {
		// The status is sent: the client sees a cut download, and the log says why.
		s.log.ErrorContext(c.Request().Context(), "snapshot votes failed mid-stream", "snapshot", id, "error", err)
		panic(http.ErrAbortHandler)
	}
	if !w.Committed {
		w.WriteHeader(http.StatusOK) // a snapshot of no votes: an empty file
	}
	return nil
}
