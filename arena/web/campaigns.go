package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// campaignUser is the signed-in account of a campaign page or call, once campaigns are
// on.
func (s *Server) campaignUser(c echo.Context) (*arena.User, error) {
	if s.deps.Campaigns == nil {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Campaigns are not enabled on this arena.")
	}
	return s.labUser(c)
}

func campaignRow(c *arena.Campaign) views.CampaignRow {
	return views.CampaignRow{ID: c.ID, Name: c.Name, Lab: c.LabName, State: string(c.State), CountedVotes: c.CountedVotes,
		Target: c.TargetVotes, Deadline: c.Deadline}
}

// campaignsPage is /labs/campaigns: the campaigns of the viewer's labs and the form.
func (s *Server) campaignsPage(c echo.Context) error {
	u, err := s.campaignUser(c)
	if u == nil {
		return err
	}
	ctx := c.Request().Context()
	list, err := s.deps.Campaigns.List(ctx, u)
	if err != nil {
		return err
	}
	labs, err := s.deps.Labs.VisibleLabs(ctx, u)
	if err != nil {
		return err
	}
	v := views.CampaignsView{Categories: arena.Categories}
	for i := range list {
		v.Campaigns = append(v.Campaigns, campaignRow(&list[i]))
	}
	for _, l := range labs {
		v.Labs = append(v.Labs, views.LabChoice{ID: l.ID, Name: l.Name})
	}
	return render(c, http.StatusOK, views.CampaignsPage(s.page(c, "Campaigns", "labs"), v))
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// formCampaign reads the create form.
func formCampaign(c echo.Context) (arena.CampaignInput, error) {
	in := arena.CampaignInput{Name: c.FormValue("name"), Entrants: splitComma(c.FormValue("entrants")),
		Opponents: splitComma(c.FormValue("opponents")), PromptSource: c.FormValue("prompt_source"),
		Categories: splitComma(c.FormValue("categories")), Languages: splitComma(c.FormValue("languages")),
		Token: c.FormValue("token")}
	if p := strings.TrimSpace(c.FormValue("prompts")); p != "" {
		in.Prompts = strings.Split(strings.ReplaceAll(p, "\r\n", "\n"), "\n")
	}
	var err error
	num := func(name, what string) int64 {
		n, perr := strconv.ParseInt(strings.TrimSpace(c.FormValue(name)), 10, 64)
		if perr != nil && err == nil {
			err = arena.Errorf(arena.EINVALID, "%s must be a whole number.", what)
		}
		return n
	}
	in.LabID = num("lab_id", "The lab")
	in.TargetVotes = num("target_votes", "The target")
	in.Bounty = num("bounty", "The bounty")
	if err != nil {
		return in, err
	}
	raw := strings.TrimSpace(c.FormValue("deadline"))
	for _, layout := range []string{"2006-01-02T15:04", time.RFC3339, "2006-01-02"} {
		if t, perr := time.ParseInLocation(layout, raw, time.UTC); perr == nil {
			in.Deadline = t
			return in, nil
		}
	}
	return in, arena.Errorf(arena.EINVALID, "The deadline %q is not a date and time (2006-01-02T15:04, UTC).", raw)
}

// createCampaign is the create form's POST.
func (s *Server) createCampaign(c echo.Context) error {
	u, err := s.campaignUser(c)
	if u == nil {
		return err
	}
	in, err := formCampaign(c)
	var camp *arena.Campaign
	if err == nil {
		camp, err = s.deps.Campaigns.Create(c.Request().Context(), u, in)
	}
	if code := arena.ErrorCode(err); code == arena.EINVALID {
		s.flash(c, "error", arena.ErrorMessage(err))
		return redirect(c, "/labs/campaigns")
	} else if err != nil {
		return err
	}
	s.flash(c, "success", "Campaign created as a draft: fund it on the escrow, record the deposit, then start it.")
	return redirect(c, "/labs/campaigns/"+strconv.FormatInt(camp.ID, 10))
}

func counts(m map[string]int) []views.ReasonCount {
	var out []views.ReasonCount
	for k, n := range m {
		out = append(out, views.ReasonCount{Reason: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Count > out[j].Count || out[i].Count == out[j].Count && out[i].Reason < out[j].Reason
	})
	return out
}

// campaignResults reads the campaign the path names, with its private results, for the
// signed-in member of its lab. With no results, the caller returns the error as is: nil
// means the response was already written.
func (s *Server) campaignResults(c echo.Context) (*arena.CampaignResults, error) {
	u, err := s.campaignUser(c)
	if u == nil {
		return nil, err // nil when labUser has already answered (sent the visitor to log in)
	}
	id, err := pathID(c, "id", "campaign")
	if err != nil {
		return nil, err
	}
	return s.deps.Campaigns.Results(c.Request().Context(), u, id)
}

// campaignPage is a campaign's private page for its lab.
func (s *Server) campaignPage(c echo.Context) error {
	r, err := s.campaignResults(c)
	if r == nil || err != nil {
		return err
	}
	cp := r.Campaign
	v := views.CampaignView{CampaignRow: campaignRow(cp), EscrowID: cp.EscrowID, PromptSource: cp.PromptSource, Token: cp.Token,
		AllOpponents: cp.AllOpponents, Categories: cp.Categories, Languages: cp.Languages, HeldOutPrompts: cp.Prompts, Bounty: cp.Bounty,
		Spent: r.Spent, Budget: r.Budget, Battles: int(cp.Battles), DatasetBattles: r.Dataset, Deposit: cp.Deposit, Depositor: cp.Depositor,
		Refunded: cp.Refunded, RefundTx: cp.RefundTx, CloseReason: cp.CloseReason, Created: cp.CreatedAt, Funded: cp.FundedAt,
		Started: cp.StartedAt, Closed: cp.ClosedAt, WinRate: r.WinRate, ReasonsWon: counts(r.ReasonsWon), ReasonsLost: counts(r.ReasonsLost),
		DepositUnits: s.deps.Campaigns.BountyUnits(cp)}
	for _, m := range cp.Entrants {
		v.Entrants = append(v.Entrants, m.Name)
	}
	for _, m := range cp.Opponents {
		v.Opponents = append(v.Opponents, m.Name)
	}
	for _, o := range r.Opponents {
		v.Opponent = append(v.Opponent, views.CampaignOpponentRow{Opponent: o.Opponent, Votes: o.Votes, Wins: o.Wins, Losses: o.Losses,
			Ties: o.Ties, WinRate: o.WinRate, Rating: o.Rating, Lower: o.Lower, Upper: o.Upper})
	}
	for _, k := range r.Categories {
		v.Category = append(v.Category, views.CampaignCategoryRow{Category: k.Category, Votes: k.Votes, WinRate: k.WinRate})
	}
	return render(c, http.StatusOK, views.CampaignPage(s.page(c, cp.Name, "labs"), v))
}

// campaignAction is a state change of a campaign: fund (record the deposit read from
// the escrow), start, or close (and refund).
func (s *Server) campaignAction(action string) echo.HandlerFunc {
	return func(c echo.Context) error {
		u, err := s.campaignUser(c)
		if u == nil {
			return err
		}
		id, err := pathID(c, "id", "campaign")
		if err != nil {
			return err
		}
		ctx := c.Request().Context()
		cs := s.deps.Campaigns
		var camp *arena.Campaign
		switch action {
		case "fund":
			camp, err = cs.Fund(ctx, u, id)
		case "start":
			camp, err = cs.Start(ctx, u, id)
		default:
			camp, err = cs.Close(ctx, u, id)
		}
		if isAPI(c) {
			if err != nil {
				return err
			}
			return c.JSON(http.StatusOK, camp)
		}
		page := "/labs/campaigns/" + strconv.FormatInt(id, 10)
		if code := arena.ErrorCode(err); code == arena.ECONFLICT || code == arena.EINVALID || code == arena.EUNAVAILABLE {
			s.flash(c, "error", arena.ErrorMessage(err))
			return redirect(c, page)
		} else if err != nil {
			return err
		}
		s.flash(c, "success", fmt.Sprintf("Campaign %d is %s.", camp.ID, camp.State))
		return redirect(c, page)
	}
}

// campaignDatasetRow is one line of a campaign's dataset download.
type campaignDatasetRow struct {
	BattleID string    `json:"battle_id"`
	ModelA   string    `json:"model_a"`
	ModelB   string    `json:"model_b"`
	Winner   string    `json:"winner"`
	Reasons  []string  `json:"reasons"`
	Category []string  `json:"category"`
	Language string    `json:"language"`
	HeldOut  bool      `json:"held_out"`
	VotedAt  time.Time `json:"voted_at"`
	Prompt   string    `json:"prompt"`
	AnswerA  string    `json:"answer_a"`
	AnswerB  string    `json:"answer_b"`
}

// campaignDataset streams the campaign's consented battles, one JSON object a line.
func (s *Server) campaignDataset(c echo.Context) error {
	u, err := s.campaignUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "campaign")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	// Asked before the first byte, so that a refusal is a status, not a cut download.
	if _, err := s.deps.Campaigns.Get(ctx, u, id); err != nil {
		return err
	}
	w := c.Response()
	w.Header().Set(echo.HeaderContentType, "application/x-ndjson")
	w.Header().Set(echo.HeaderContentDisposition, fmt.Sprintf("attachment; filename=%q", "campaign-"+strconv.FormatInt(id, 10)+".jsonl"))
	w.WriteHeader(http.StatusOK)
	enc := json.NewEncoder(w)
	err = s.deps.Campaigns.Dataset(ctx, u, id, func(v arena.CampaignVote) error {
		return enc.Encode(campaignDatasetRow{BattleID: v.BattleID, ModelA: v.ModelA.Name, ModelB: v.ModelB.Name, Winner: string(v.Winner),
			Reasons: v.Reasons, Category: v.Categories, Language: v.Language, HeldOut: v.Facts.HeldOut, VotedAt: v.VotedAt, Prompt: v.Prompt,
			AnswerA: v.AnswerA, AnswerB: v.AnswerB})
	})
	if err != nil {
		s.log.ErrorContext(ctx, "campaign dataset failed midway", "campaign", id, "error", err)
	}
	return nil
}

// apiCampaigns lists the campaigns of the caller's labs.
func (s *Server) apiCampaigns(c echo.Context) error {
	u, err := s.campaignUser(c)
	if u == nil {
		return err
	}
	list, err := s.deps.Campaigns.List(c.Request().Context(), u)
	if err != nil {
		return err
	}
	if list == nil {
		list = []arena.Campaign{}
	}
	return c.JSON(http.StatusOK, map[string]any{"campaigns": list})
}

// apiCreateCampaign is POST /api/campaigns with a JSON arena.CampaignInput.
func (s *Server) apiCreateCampaign(c echo.Context) error {
	u, err := s.campaignUser(c)
	if u == nil {
		return err
	}
	var in arena.CampaignInput
	dec := json.NewDecoder(c.Request().Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return arena.Errorf(arena.EINVALID, "The body must be a JSON campaign (name, lab_id, entrants, target_votes, bounty, deadline...): %v", err)
	}
	camp, err := s.deps.Campaigns.Create(c.Request().Context(), u, in)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, camp)
}

// apiCampaign is GET /api/campaigns/{id}: the campaign with its private results.
func (s *Server) apiCampaign(c echo.Context) error {
	r, err := s.campaignResults(c)
	if r == nil || err != nil {
		return err
	}
	return c.JSON(http.StatusOK, r)
}
