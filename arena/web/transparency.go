package web

import (
	"cmp"
	"math"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// transparencyJSON is GET /api/transparency (and /transparency asked for JSON). Times
// are RFC 3339 in UTC, null where there is none.
type transparencyJSON struct {
	GeneratedAt time.Time `json:"generated_at"`
	// CountedAt is when battles and votes were last read: a reading stands while no
	// vote changes the board, for at most a minute.
	CountedAt        time.Time `json:"counted_at"`
	WindowDays       int       `json:"window_days"`
	WindowStart      time.Time `json:"window_start"`
	ProvisionalBelow int       `json:"provisional_below"`
	// CountedVotes and CountedVotes30d are the counted votes, in all and in the window.
	CountedVotes    int64                    `json:"counted_votes"`
	CountedVotes30d int64                    `json:"counted_votes_30d"`
	Models          []transparencyModelJSON  `json:"models"`
	ImportedOnly    []importedOnlyJSON       `json:"imported_only"`
	Organizations   []organizationShareJSON  `json:"organizations"`
	Variants        []variantLineJSON        `json:"variants"`
	Sampler         samplerJSON              `json:"sampler"`
	Snapshots       []transparencySnapshotJS `json:"snapshots"`
	HistoryURL      string                   `json:"history_url"`
	// RaterTiers are the rater tiers' published rules, lowest first (absent when votes are
	// not scored).
	RaterTiers []arena.TierRule `json:"rater_tiers,omitempty"`
	// Raters are the raters by tier and what the defences did (absent when votes are
	// not scored).
	Raters *arena.RaterFigures `json:"raters,omitempty"`
	// Sales are the sold releases' totals, amounts in token units (absent when the
	// arena sells nothing).
	Sales []views.SaleTotalRow `json:"sales,omitempty"`
	// Referrals are the referrals by state and the referral bonus points paid, vested
	// and held (absent when invites are off).
	Referrals *arena.ReferralFigures `json:"referrals,omitempty"`
	// Campaigns is the sponsored campaigns' share of battles and the campaigns
	// disclosed (absent without campaigns).
	Campaigns *campaignsJSON `json:"campaigns,omitempty"`
}

// campaignsJSON is /api/transparency's account of sponsored campaigns.
type campaignsJSON struct {
	Share           float64                 `json:"share_configured"`
	Measured        float64                 `json:"share_measured"`
	Since           time.Time               `json:"since"`
	Battles         int64                   `json:"battles"`
	CampaignBattles int64                   `json:"campaign_battles"`
	Disclosed       []disclosedCampaignJSON `json:"disclosed"`
}

// disclosedCampaignJSON is a disclosed campaign: who ran it, every model it tested,
// counts and dates. The results stay the lab's.
type disclosedCampaignJSON struct {
	ID           int64      `json:"id"`
	Name         string     `json:"name"`
	Lab          string     `json:"lab"`
	State        string     `json:"state"`
	Models       []string   `json:"models"`
	Battles      int64      `json:"battles"`
	CountedVotes int64      `json:"counted_votes"`
	TargetVotes  int64      `json:"target_votes"`
	Bounty       int64      `json:"bounty"`
	Deposit      string     `json:"deposit"`
	Refunded     string     `json:"refunded"`
	CreatedAt    time.Time  `json:"created_at"`
	StartedAt    *time.Time `json:"started_at"`
	ClosedAt     *time.Time `json:"closed_at"`
	CloseReason  string     `json:"close_reason"`
}

func campaignsOut(d *arena.CampaignDisclosure) *campaignsJSON {
	if d == nil {
		return nil
	}
	out := &campaignsJSON{Share: d.Share, Measured: d.Measured, Since: d.Since, Battles: d.Battles, CampaignBattles: d.CampaignBattles,
		Disclosed: []disclosedCampaignJSON{}}
	for _, c := range d.Campaigns {
		j := disclosedCampaignJSON{ID: c.ID, Name: c.Name, Lab: c.LabName, State: string(c.State), Models: []string{}, Battles: c.Battles,
			CountedVotes: c.CountedVotes, TargetVotes: c.TargetVotes, Bounty: c.Bounty, Deposit: c.Deposit, Refunded: c.Refunded,
			CreatedAt: c.CreatedAt, StartedAt: timeOrNil(c.StartedAt), ClosedAt: timeOrNil(c.ClosedAt), CloseReason: c.CloseReason}
		for _, m := range c.Entrants {
			j.Models = append(j.Models, m.Name)
		}
		out.Disclosed = append(out.Disclosed, j)
	}
	return out
}

type transparencyModelJSON struct {
	Name    string `json:"name"`
	Display string `json:"display"`
	Status  string `json:"status"`
	// PausedBy is lab, auto, admin or operator while the model is paused.
	PausedBy        string              `json:"paused_by,omitempty"`
	Organization    string              `json:"organization"`
	RunBy           string              `json:"run_by"`
	Lab             string              `json:"lab,omitempty"`
	License         string              `json:"license"`
	OutputsPublic   bool                `json:"outputs_public"`
	Battles         int64               `json:"battles"`
	FirstBattle     *time.Time          `json:"first_battle"`
	LastBattle      *time.Time          `json:"last_battle"`
	CountedVotes    int64               `json:"counted_votes"`
	CountedVotes30d int64               `json:"counted_votes_30d"`
	ImportedVotes   int64               `json:"imported_votes"`
	Rating          *ratingJSON         `json:"rating"`
	LastSnapshot    *snapshotRatingJSON `json:"last_snapshot"`
	Provisional     bool                `json:"provisional"`
	Sampling        *modelSamplingJSON  `json:"sampling"`
	Variant         int                 `json:"variant,omitempty"`
	VariantOf       string              `json:"variant_of,omitempty"`
}

// variantLineJSON is a lab model's line of variants: what changed at each (values of
// the endpoint, system prompt and extra body withheld), when, and how each is rated.
type variantLineJSON struct {
	Model    string              `json:"model"`
	Lab      string              `json:"lab"`
	Variants []variantRecordJSON `json:"variants"`
}

type variantRecordJSON struct {
	Name         string       `json:"name"`
	Variant      int          `json:"variant"`
	Status       string       `json:"status"`
	CreatedAt    time.Time    `json:"created_at"`
	CountedVotes int64        `json:"counted_votes"`
	Rating       *ratingJSON  `json:"rating"`
	URL          string       `json:"url"`
	Changes      []changeJSON `json:"changes"`
}

type ratingJSON struct {
	Source  string    `json:"source"` // live or snapshot
	Rating  float64   `json:"rating"`
	CILower *float64  `json:"ci_lower"`
	CIUpper *float64  `json:"ci_upper"`
	Rank    int       `json:"rank,omitempty"`
	Votes   int64     `json:"votes"`
	At      time.Time `json:"at"`
}

type snapshotRatingJSON struct {
	At      time.Time `json:"at"`
	Rating  float64   `json:"rating"`
	CILower *float64  `json:"ci_lower"`
	CIUpper *float64  `json:"ci_upper"`
	Votes   int64     `json:"votes"`
}

type modelSamplingJSON struct {
	Weight  float64 `json:"weight"`
	Boosted bool    `json:"boosted"`
	Chance  float64 `json:"chance"`
}

type importedOnlyJSON struct {
	Name          string `json:"name"`
	Organization  string `json:"organization"`
	ImportedVotes int64  `json:"imported_votes"`
}

type organizationShareJSON struct {
	Organization string    `json:"organization"`
	Models       int       `json:"models"`
	AllTime      shareJSON `json:"all_time"`
	Last30Days   shareJSON `json:"last_30_days"`
}

type shareJSON struct {
	Battles int64   `json:"battles"`
	Percent float64 `json:"percent"`
}

type samplerJSON struct {
	Mode           string             `json:"mode"`
	Weights        map[string]float64 `json:"weights"`
	NewModelVotes  int64              `json:"new_model_votes"`
	NewModelBoost  float64            `json:"new_model_boost"`
	Floor          float64            `json:"floor"`
	RefreshSeconds float64            `json:"refresh_seconds"`
	RefreshedAt    *time.Time         `json:"refreshed_at"`
}

type transparencySnapshotJS struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	Votes  int64     `json:"votes"`
	SHA256 string    `json:"sha256"`
	// LogSize is how many vote log leaves the snapshot holds (sha256 is their root);
	// null for a snapshot from before the log (sha256 hashes its sorted votes).
	LogSize *uint64 `json:"log_size"`
}

func (s *Server) transparencyReport(c echo.Context) (*arena.TransparencyReport, error) {
	if s.deps.Transparency == nil {
		return nil, arena.Errorf(arena.ENOTFOUND, "This arena does not serve a transparency page.")
	}
	return s.deps.Transparency.Report(c.Request().Context())
}

// transparencyPage is the public account of models, battle shares, sampling and
// snapshots; JSON for the API.
func (s *Server) transparencyPage(c echo.Context) error {
	r, err := s.transparencyReport(c)
	if err != nil {
		return err
	}
	var figures *arena.RaterFigures
	if s.deps.Raters != nil && s.deps.RaterFigures != nil {
		if figures, err = s.deps.Raters.Figures(c.Request().Context(), s.deps.RaterFigures); err != nil {
			return err
		}
	}
	var refs *arena.ReferralFigures
	if s.deps.Referrals.On() {
		if refs, err = s.deps.Referrals.Figures(c.Request().Context()); err != nil {
			return err
		}
	}
	if isAPI(c) {
		out := transparencyOut(r)
		if s.deps.Raters != nil {
			out.RaterTiers = s.deps.Raters.TierRules()
		}
		out.Raters = figures
		if out.Sales, _, err = s.salesTotals(c); err != nil {
			return err
		}
		out.Referrals = refs
		return c.JSON(http.StatusOK, out)
	}
	v := transparencyView(r)
	if refs != nil {
		v.Referrals = referralFiguresView(refs)
	}
	if v.Draws, err = s.drawsView(c); err != nil {
		return err
	}
	if v.Sales, v.ShowSales, err = s.salesTotals(c); err != nil {
		return err
	}
	if s.deps.Sales != nil {
		v.SaleBps = s.deps.Sales.ContributorsBps
	}
	if figures != nil {
		v.Figures = raterFiguresView(figures)
	}
	if s.deps.Raters != nil {
		v.TierWeeks = arena.SustainWeeks
		for _, t := range s.deps.Raters.TierRules() {
			v.Tiers = append(v.Tiers, views.TierRuleRow{Name: t.Tier, MinVotes: t.MinVotes, MinScore: t.MinScore})
		}
	}
	return render(c, http.StatusOK, views.TransparencyPage(s.page(c, "Transparency", "transparency"), v))
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// pausedBy names who paused a model; an origin of "" is the operator's own pause.
func pausedBy(m arena.ModelRecord) string {
	if m.Status != arena.ModelPaused {
		return ""
	}
	return cmp.Or(string(m.PausedBy), "operator")
}

func transparencyOut(r *arena.TransparencyReport) transparencyJSON {
	out := transparencyJSON{GeneratedAt: r.At, CountedAt: r.CountedAt, WindowDays: int(arena.TransparencyWindow / (24 * time.Hour)), WindowStart: r.Since,
		ProvisionalBelow: arena.ProvisionalVotes, CountedVotes: r.Votes, CountedVotes30d: r.RecentVotes,
		Models: []transparencyModelJSON{}, ImportedOnly: []importedOnlyJSON{}, Organizations: []organizationShareJSON{}, Variants: []variantLineJSON{},
		Snapshots: []transparencySnapshotJS{}, HistoryURL: "/leaderboard/history"}
	for _, m := range r.Models {
		j := transparencyModelJSON{Name: m.Name, Display: m.Display, Status: string(m.Status), PausedBy: pausedBy(m),
			Organization: m.Organization, RunBy: m.RunBy, Lab: m.Lab, License: m.License, OutputsPublic: m.OutputsPublic,
			Battles: m.Battles, FirstBattle: timeOrNil(m.FirstBattle), LastBattle: timeOrNil(m.LastBattle),
			CountedVotes: m.Votes, CountedVotes30d: m.RecentVotes, ImportedVotes: m.ImportedVotes, Provisional: m.Provisional,
			Variant: m.Variant, VariantOf: m.VariantOf}
		j.Rating = ratingOut(m.Rating)
		if p := m.LastSnapshot; p != nil {
			j.LastSnapshot = &snapshotRatingJSON{At: p.At, Rating: p.Rating, CILower: finiteOrNil(p.Lower), CIUpper: finiteOrNil(p.Upper), Votes: p.Votes}
		}
		if sm := m.Sampling; sm != nil {
			j.Sampling = &modelSamplingJSON{Weight: sm.Weight, Boosted: sm.Boosted, Chance: sm.Chance}
		}
		out.Models = append(out.Models, j)
	}
	for _, l := range r.Variants {
		lj := variantLineJSON{Model: l.Model, Lab: l.Lab}
		for _, v := range l.Variants {
			lj.Variants = append(lj.Variants, variantRecordJSON{Name: v.Name, Variant: v.Variant, Status: string(v.Status),
				CreatedAt: v.CreatedAt, CountedVotes: v.Votes, Rating: ratingOut(v.Rating), URL: "/leaderboard/models/" + v.Name,
				Changes: changesJSON(v.Changes)})
		}
		out.Variants = append(out.Variants, lj)
	}
	for _, m := range r.ImportedOnly {
		out.ImportedOnly = append(out.ImportedOnly, importedOnlyJSON{Name: m.Name, Organization: m.Organization, ImportedVotes: m.ImportedVotes})
	}
	for _, o := range r.Organizations {
		out.Organizations = append(out.Organizations, organizationShareJSON{Organization: o.Organization, Models: o.Models,
			AllTime:    shareJSON{Battles: o.AllTime.Battles, Percent: o.AllTime.Percent},
			Last30Days: shareJSON{Battles: o.Recent.Battles, Percent: o.Recent.Percent}})
	}
	sm := r.Sampling
	out.Sampler = samplerJSON{Mode: sm.Mode, Weights: sm.Weights, NewModelVotes: sm.NewModelVotes, NewModelBoost: sm.NewModelBoost, Floor: sm.Floor,
		RefreshSeconds: sm.Refresh.Seconds(), RefreshedAt: timeOrNil(sm.RefreshedAt)}
	for _, sn := range r.Snapshots {
		j := transparencySnapshotJS{ID: sn.ID, At: sn.CreatedAt, Votes: sn.Votes, SHA256: sn.Hash}
		if !sn.Legacy {
			j.LogSize = &sn.LogSize
		}
		out.Snapshots = append(out.Snapshots, j)
	}
	out.Campaigns = campaignsOut(r.Campaigns)
	return out
}

func ratingOut(f *arena.RatingFigure) *ratingJSON {
	if f == nil {
		return nil
	}
	return &ratingJSON{Source: f.Source, Rating: f.Rating, CILower: f.Lower, CIUpper: f.Upper, Rank: f.Rank, Votes: f.Votes, At: f.At}
}

// finiteOrNil is a snapshot's interval bound, nil where it could not be estimated.
func finiteOrNil(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

func transparencyView(r *arena.TransparencyReport) views.TransparencyView {
	v := views.TransparencyView{At: r.At, CountedAt: r.CountedAt, WindowDays: int(arena.TransparencyWindow / (24 * time.Hour)), ProvisionalBelow: arena.ProvisionalVotes,
		Votes: r.Votes, RecentVotes: r.RecentVotes}
	for _, m := range r.Models {
		row := views.TransparencyModel{Name: m.Name, Display: m.Display, Status: string(m.Status), PausedBy: pausedBy(m),
			Organization: m.Organization, RunBy: m.RunBy, License: m.License, OutputsPublic: m.OutputsPublic, Battles: m.Battles,
			FirstBattle: m.FirstBattle, LastBattle: m.LastBattle, Votes: m.Votes, RecentVotes: m.RecentVotes,
			ImportedVotes: m.ImportedVotes, Provisional: m.Provisional, Variant: m.Variant, VariantOf: m.VariantOf}
		if f := m.Rating; f != nil {
			row.Rating = &views.TransparencyRating{Rating: f.Rating, Lower: f.Lower, Upper: f.Upper, Rank: f.Rank,
				Snapshot: f.Source == arena.RatingSnapshot, At: f.At}
		}
		v.Models = append(v.Models, row)
		if sm := m.Sampling; sm != nil {
			v.Sampler.Models = append(v.Sampler.Models, views.SamplingRow{Display: m.Display, Weight: sm.Weight, Boosted: sm.Boosted, Chance: sm.Chance})
		}
	}
	for _, l := range r.Variants {
		line := views.VariantLine{Model: l.Model, Lab: l.Lab}
		for _, x := range l.Variants {
			row := views.VariantRow{Name: x.Name, Variant: x.Variant, Status: string(x.Status), Created: x.CreatedAt, Votes: x.Votes}
			if x.Rating != nil {
				row.Rating = strconv.FormatFloat(x.Rating.Rating, 'f', 1, 64)
			}
			for _, c := range x.Changes {
				row.Changes = append(row.Changes, views.ChangeRow{Setting: c.Setting, From: c.From, To: c.To, Withheld: c.Withheld})
			}
			line.Variants = append(line.Variants, row)
		}
		v.Variants = append(v.Variants, line)
	}
	for _, m := range r.ImportedOnly {
		v.ImportedOnly = append(v.ImportedOnly, views.ImportedOnlyModel{Name: m.Name, Organization: m.Organization, ImportedVotes: m.ImportedVotes})
	}
	for _, o := range r.Organizations {
		v.Orgs = append(v.Orgs, views.OrgShareRow{Organization: o.Organization, Models: o.Models, Battles: o.AllTime.Battles,
			RecentBattles: o.Recent.Battles, Percent: o.AllTime.Percent, RecentPercent: o.Recent.Percent})
	}
	sm := r.Sampling
	v.Sampler.Mode, v.Sampler.NewModelVotes, v.Sampler.NewModelBoost = sm.Mode, sm.NewModelVotes, sm.NewModelBoost
	v.Sampler.Refresh, v.Sampler.RefreshedAt = sm.Refresh, sm.RefreshedAt
	for name, w := range sm.Weights {
		v.Sampler.Weights = append(v.Sampler.Weights, views.WeightRow{Model: name, Weight: w})
	}
	slices.SortFunc(v.Sampler.Weights, func(a, b views.WeightRow) int { return cmp.Compare(a.Model, b.Model) })
	for _, sn := range r.Snapshots {
		v.Snapshots = append(v.Snapshots, views.SnapshotRow{ID: sn.ID, At: sn.CreatedAt, Votes: sn.Votes, Hash: sn.Hash, LogSize: sn.LogSize, Legacy: sn.Legacy})
	}
	if j := campaignsOut(r.Campaigns); j != nil {
		cv := &views.CampaignsDisclosure{Share: j.Share, Measured: j.Measured, Battles: j.Battles, CampaignBattles: j.CampaignBattles}
		for _, d := range j.Disclosed {
			row := views.DisclosedCampaign{Name: d.Name, Lab: d.Lab, State: d.State, Models: d.Models, Battles: d.Battles,
				CountedVotes: d.CountedVotes, Created: d.CreatedAt, CloseReason: d.CloseReason}
			if d.StartedAt != nil {
				row.Started = *d.StartedAt
			}
			if d.ClosedAt != nil {
				row.Closed = *d.ClosedAt
			}
			cv.Campaigns = append(cv.Campaigns, row)
		}
		v.Campaigns = cv
	}
	return v
}

// whyWords says why votes are left out, as /transparency's table reads.
var whyWords = map[string]string{
	arena.VoteCounted: "counted",
	arena.WhyGold:     "gold battle (one side broken on purpose)",
	arena.WhyAbuse:    "the voter's abuse was confirmed",
	arena.WhyQuality:  "quality score too low",
	arena.WhyIdentity: "an answer named its own model",
	arena.WhyHeld:     "held while the voter is under review",
}

func raterFiguresView(f *arena.RaterFigures) *views.RaterFiguresView {
	v := &views.RaterFiguresView{Votes: f.Votes, GoldVotes: f.GoldVotes, GoldPassed: f.GoldPassed,
		Open: f.Appeals[arena.AppealOpen], Upheld: f.Appeals[arena.AppealUpheld], Granted: f.Appeals[arena.AppealGranted]}
	for _, t := range []string{arena.RaterNew, arena.RaterTrusted, arena.RaterExpert} {
		v.Tiers = append(v.Tiers, views.TierCount{Tier: t, Raters: f.Tiers[t]})
	}
	for _, s := range f.Shares {
		v.Shares = append(v.Shares, views.ShareRow{Why: s.Why, Words: whyWords[s.Why], Votes: s.Votes})
	}
	for _, m := range f.Months {
		v.Months = append(v.Months, views.MonthRow{Month: m.Month, Holds: m.Holds, HeldPoints: m.HeldPoints, Clawbacks: m.Clawbacks, ClawbackPoints: m.ClawbackPoints})
	}
	return v
}

func referralFiguresView(f *arena.ReferralFigures) *views.ReferralFiguresView {
	v := &views.ReferralFiguresView{Paid: f.States[arena.ReferralPaid], Pending: f.States[arena.ReferralPending], NotPaid: f.States[arena.ReferralNotPaid],
		Points: f.Paid, Vested: f.Vested, Held: f.Held, ClawedBack: f.ClawedBack}
	for why, n := range f.NotPaid {
		v.Why = append(v.Why, views.ShareRow{Why: why, Votes: n})
	}
	slices.SortFunc(v.Why, func(a, b views.ShareRow) int { return cmp.Or(cmp.Compare(b.Votes, a.Votes), cmp.Compare(a.Why, b.Why)) })
	return v
}
