package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

const ledgerPage = 50

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
	before, _ := strconv.ParseInt(c.QueryParam("before"), 10, 64)
	bal, err := s.deps.Ledger.Balance(ctx, u.ID)
	if err != nil {
		return err
	}
	entries, err := s.deps.Ledger.LedgerEntries(ctx, u.ID, before, ledgerPage+1)
	if err != nil {
		return err
	}
	v := views.MeView{Name: u.Name(), Guest: u.Guest, Balance: bal, NewToken: newToken}
	if s.deps.Rewards != nil {
		w, settled, err := s.deps.Rewards.Summary(ctx, u.ID)
		if err != nil {
			return err
		}
		if w != nil {
			v.Wallet = w.Address.Hex()
		}
		v.Settled = settled
		v.Rewards, v.Pending = true, bal-v.Settled
	}
	if len(entries) > ledgerPage {
		entries = entries[:ledgerPage]
		v.More = entries[len(entries)-1].ID
	}
	for _, e := range entries {
		r := views.LedgerRow{When: e.CreatedAt, Amount: e.Amount, Ref: e.Ref}
		r.Reason, r.Link = ledgerLabel(e)
		v.Entries = append(v.Entries, r)
	}
	if s.deps.Quality != nil {
		if v.Review, v.Held, err = s.deps.Quality.AccountReview(ctx, u.ID); err != nil {
			return err
		}
	}
	if v.Data, err = s.myData(c, u); err != nil {
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
		return "Points taken back: the review found abuse", ""
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
