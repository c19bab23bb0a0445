package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

const ledgerPage = 50

// pointsReport reads u's points for /me and /api/me/points: the report, the linked
// wallet ("" when none), the review status and the points on hold.
func (s *Server) pointsReport(c echo.Context, u *arena.User, before int64) (_ *arena.PointsReport, wallet, review string, held int64, err error) {
	ctx := c.Request().Context()
	var settled arena.Settled
	if s.deps.Rewards != nil {
		w, st, err := s.deps.Rewards.Summary(ctx, u.ID)
		if err != nil {
			return nil, "", "", 0, err
		}
		if w != nil {
			wallet = w.Address.Hex()
		}
		settled = st
	}
	if s.deps.Quality != nil {
		if review, held, err = s.deps.Quality.AccountReview(ctx, u.ID); err != nil {
			return nil, "", "", 0, err
		}
	}
	pr, err := s.deps.Points.Report(ctx, u.ID, before, ledgerPage, settled, review)
	return pr, wallet, review, held, err
}

// requireUser returns the signed-in (or guest) user, or sends a browser to log in.
func requireUser(c echo.Context) (*arena.User, error) {
	if u := currentUser(c); u != nil {
		return u, nil
	}
	return nil, arena.Errorf(arena.EUNAUTHORIZED, "Log in or vote in a battle first.")
}

func (s *Server) mePage(c echo.Context) error {
	return s.renderMe(c, "")
}

func (s *Server) renderMe(c echo.Context, newToken string) error {
	// The page can show a new API token: no cache, shared or private, may keep it.
	c.Response().Header().Set("Cache-Control", "no-store")
	u := currentUser(c)
	if u == nil {
		return redirect(c, "/login?next=/me")
	}
	ctx := c.Request().Context()
	if err := s.decideMyReferrals(c, u); err != nil {
		return err
	}
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	pr, wallet, review, held, err := s.pointsReport(c, u, before)
	if err != nil {
		return err
	}
	v := views.MeView{Name: u.Name(), Guest: u.Guest, Balance: pr.Balance, NewToken: newToken,
		Pending: pr.Pending, Vested: pr.Vested, Window: pr.Vesting.Window, BonusVotes: pr.Vesting.BonusVotes,
		Review: review, Held: held, More: pr.More}
	if s.deps.Rewards != nil {
		v.Rewards, v.Wallet, v.Settled = true, wallet, pr.Settled.Points
		v.ToSettle = max(pr.Vested-pr.Settled.Points, 0)
	}
	for _, e := range pr.Entries {
		r := views.LedgerRow{When: e.CreatedAt, Amount: e.Amount, Ref: e.Ref, State: e.State, Why: e.Why}
		r.Reason, r.Link = ledgerLabel(e.LedgerEntry)
		if rc := e.Receipt; rc != nil {
			r.Receipt = &views.ReceiptView{Index: rc.Index, LeafHash: rc.LeafHash.String()}
		}
		v.Entries = append(v.Entries, r)
	}
	if s.deps.Raters != nil {
		rel, err := s.deps.Raters.Of(ctx, u.ID)
		if err != nil {
			return err
		}
		v.Reliability = reliabilityView(rel)
	}
	if v.Invites, err = s.invitesView(c, u); err != nil {
		return err
	}
	if s.deps.Appeals != nil {
		as, err := s.deps.Appeals.Mine(ctx, u)
		if err != nil {
			return err
		}
		v.CanAppeal = true
		for _, a := range as {
			v.Appeals = append(v.Appeals, appealRow(a))
		}
	}
	if v.Data, err = s.myData(c, u); err != nil {
		return err
	}
	if v.Sales, v.ShowSales, err = s.mySales(c, u); err != nil {
		return err
	}
	if !u.Guest {
		toks, err := s.deps.Tokens.Store.APITokens(ctx, u.ID)
		if err != nil {
			return err
		}
		for _, t := range toks {
			v.Tokens = append(v.Tokens, views.TokenRow{ID: t.ID, Name: t.Name, Created: t.CreatedAt, LastUsed: t.LastUsed, Revoked: t.Revoked})
		}
	}
	return render(c, http.StatusOK, views.MePage(s.page(c, "My page", "me"), v))
}

// ledgerLabel names a ledger entry as its owner reads it, and links it to its battle
// where it has one; a reason this table does not know shows as itself.
func ledgerLabel(e arena.LedgerEntry) (label, link string) {
	switch e.Reason {
	case arena.LedgerVote:
		return "Vote", "/battle/" + e.Ref
	case arena.LedgerHold:
		return "Vote points held while your account is under review", "/battle/" + e.Ref
	case arena.LedgerRelease:
		return "Held vote points released after review", "/battle/" + e.Ref
	case arena.LedgerSignup:
		return "Sign-up bonus", ""
	case arena.LedgerAdjustment:
		return "Adjustment by an administrator", ""
	case arena.LedgerClawback:
		if strings.HasPrefix(e.Ref, "bonus:") {
			return "Bonus taken back: the review found abuse", ""
		}
		if battle, ok := strings.CutPrefix(e.Ref, "bounty:"); ok {
			return "Campaign bounty taken back: the review found abuse", "/battle/" + battle
		}
		return "Points taken back: the review found abuse", "/battle/" + e.Ref
	case arena.LedgerRestore:
		return "Points given back: your appeal was granted", ""
	case arena.LedgerReferral:
		if strings.HasPrefix(e.Ref, "inviter:") {
			return "Referral bonus: someone you invited qualified", ""
		}
		return "Referral bonus: you joined through an invite and qualified", ""
	}
	return strings.ReplaceAll(e.Reason, "_", " "), ""
}

func (s *Server) createToken(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	_, secret, err := s.deps.Tokens.Create(c.Request().Context(), u, c.FormValue("name"))
	if err != nil {
		return err
	}
	return s.renderMe(c, secret)
}

func (s *Server) revokeToken(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		return arena.Errorf(arena.ENOTFOUND, "No such API token.")
	}
	if err := s.deps.Tokens.Store.RevokeAPIToken(c.Request().Context(), u.ID, id, s.deps.Tokens.Clock.Now()); err != nil {
		return err
	}
	s.flash(c, "info", "The token is revoked.")
	return redirect(c, "/me")
}

// myData is /me's publication setting and "My data": how many of the person's battles
// are public and which recorded releases hold them.
func (s *Server) myData(c echo.Context, u *arena.User) (views.MyDataView, error) {
	ctx := c.Request().Context()
	cs, err := s.deps.Consents.Get(ctx, u)
	if err != nil {
		return views.MyDataView{}, err
	}
	md, err := s.deps.Consents.MyData(ctx, u)
	if err != nil {
		return views.MyDataView{}, err
	}
	rs, err := s.deps.Datasets.Releases()
	if err != nil {
		return views.MyDataView{}, err
	}
	served := map[string]bool{}
	for _, r := range rs {
		served[r.Name] = true
	}
	v := views.MyDataView{Publish: cs.Publish, Wording: arena.ConsentWording, DecidedAt: cs.DecidedAt, DecidedVersion: cs.DecidedVersion,
		Version: arena.ConsentVersion, Voted: md.Voted, Public: md.Public, Download: "/data/export?mine=public&format=jsonl"}
	for _, r := range md.Releases {
		rv := views.MyReleaseView{Name: r.Name, Created: r.CreatedAt, Internal: r.Internal, Battles: r.Battles}
		if served[r.Name] {
			rv.Card = "/data/releases/" + url.PathEscape(r.Name) + "/README.md"
		}
		v.Releases = append(v.Releases, rv)
	}
	return v, nil
}

// pointsJSON is the answer of GET /api/me/points: what /me shows of points.
type pointsJSON struct {
	Balance      int64  `json:"balance"`
	Pending      int64  `json:"pending"`
	Vested       int64  `json:"vested"`
	Settled      *int64 `json:"settled,omitempty"` // without rewards, nothing settles
	Held         int64  `json:"held"`
	Review       string `json:"review,omitempty"`
	CountedVotes int    `json:"counted_votes"`
	// The rules: the audit window in seconds and the votes a bonus waits for.
	VestingWindowSeconds int64             `json:"vesting_window_seconds"`
	BonusVestVotes       int               `json:"bonus_vest_votes"`
	Entries              []pointsEntryJSON `json:"entries"`
	// Next is the address of the older entries, "" when there are none.
	Next string `json:"next,omitempty"`
}

type pointsEntryJSON struct {
	ID        int64      `json:"id"`
	At        time.Time  `json:"at"`
	Reason    string     `json:"reason"`
	Label     string     `json:"label"`
	Ref       string     `json:"ref"`
	Battle    string     `json:"battle,omitempty"`
	Amount    int64      `json:"amount"`
	State     string     `json:"state,omitempty"`
	VestsAt   *time.Time `json:"vests_at,omitempty"`
	VestVotes int        `json:"vest_votes,omitempty"`
	Why       string     `json:"why,omitempty"`
	// Receipt is a counted vote's leaf in the vote log, with its proof's address.
	Receipt *receiptJSON `json:"receipt,omitempty"`
}

type receiptJSON struct {
	arena.Receipt
	Proof string `json:"proof"`
}

func (s *Server) apiMyPoints(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	var before int64
	if b := c.QueryParam("before"); b != "" {
		if before, err = strconv.ParseInt(b, 10, 64); err != nil || before <= 0 {
			return arena.Errorf(arena.EINVALID, "before=%q is not an entry id (a positive whole number).", b)
		}
	}
	pr, _, review, held, err := s.pointsReport(c, u, before)
	if err != nil {
		return err
	}
	out := pointsJSON{Balance: pr.Balance, Pending: pr.Pending, Vested: pr.Vested, Held: held, Review: review, CountedVotes: pr.CountedVotes,
		VestingWindowSeconds: int64(pr.Vesting.Window / time.Second), BonusVestVotes: pr.Vesting.BonusVotes, Entries: []pointsEntryJSON{}}
	if s.deps.Rewards != nil {
		out.Settled = &pr.Settled.Points
	}
	for _, e := range pr.Entries {
		j := pointsEntryJSON{ID: e.ID, At: e.CreatedAt, Reason: e.Reason, Ref: e.Ref, Amount: e.Amount, State: e.State, VestVotes: e.VestVotes, Why: e.Why}
		var link string
		j.Label, link = ledgerLabel(e.LedgerEntry)
		j.Battle = strings.TrimPrefix(link, "/battle/")
		if rc := e.Receipt; rc != nil {
			j.Receipt = &receiptJSON{Receipt: *rc, Proof: "/api/receipts/" + strconv.FormatUint(rc.Index, 10) + "/proof"}
		}
		if !e.VestsAt.IsZero() {
			t := e.VestsAt
			j.VestsAt = &t
		}
		out.Entries = append(out.Entries, j)
	}
	if pr.More > 0 {
		out.Next = "/api/me/points?before=" + strconv.FormatInt(pr.More, 10)
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}

func reliabilityView(r *arena.Reliability) *views.ReliabilityView {
	v := &views.ReliabilityView{Score: r.Score, Votes: r.Votes, CountedVotes: r.CountedVotes, Tier: r.Tier, SustainWeeks: arena.SustainWeeks}
	if r.Next != nil {
		v.Next = &views.TierRuleRow{Name: r.Next.Tier, MinVotes: r.Next.MinVotes, MinScore: r.Next.MinScore}
	}
	for _, c := range r.Components {
		v.Components = append(v.Components, views.ComponentRow{Name: c.Name, Value: c.Value, Meaning: c.Meaning, OK: c.OK})
	}
	for _, w := range r.Weeks {
		v.Weeks = append(v.Weeks, views.WeekRow{Start: w.Start, Votes: w.Votes, Score: w.Score})
	}
	if q := r.Qualification; q != nil {
		v.Qualification, v.QualificationState = q.Words, q.State
	}
	return v
}

// apiMyReliability is GET /api/me/reliability: what /me shows of the rater's score.
func (s *Server) apiMyReliability(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	if s.deps.Raters == nil {
		return arena.Errorf(arena.ENOTFOUND, "Votes are not scored on this server, so raters have no reliability score.")
	}
	rel, err := s.deps.Raters.Of(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, rel)
}
