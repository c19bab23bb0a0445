package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/views"
)

func (s *Server) wallets() (*rewards.Wallets, error) {
	if s.deps.Rewards == nil || s.deps.Rewards.Store == nil {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Token rewards are not enabled on this server.")
	}
	return s.deps.Rewards, nil
}

// origin is where the request reached the site, which sign-in messages name when the
// service has no public URL.
func origin(c echo.Context) rewards.Origin {
	return rewards.Origin{Scheme: c.Scheme(), Host: c.Request().Host}
}

// walletUser is the signed-in account; guests must sign up first.
func walletUser(c echo.Context) (*arena.User, error) {
	u := currentUser(c)
	if u == nil {
		return nil, arena.Errorf(arena.EUNAUTHORIZED, "Log in or sign up to link a wallet.")
	}
	if u.Guest {
		return nil, arena.Errorf(arena.EFORBIDDEN, "Guests cannot link a wallet: sign up first (your points come with you).")
	}
	return u, nil
}

func (s *Server) issueMessage(c echo.Context, u *arena.User, address string) (*rewards.SIWEMessage, error) {
	r, err := s.wallets()
	if err != nil {
		return nil, err
	}
	return r.IssueMessage(c.Request().Context(), u.ID, origin(c), address)
}

func (s *Server) linkWallet(c echo.Context, u *arena.User, message, signature string) (string, error) {
	r, err := s.wallets()
	if err != nil {
		return "", err
	}
	addr, err := r.Link(c.Request().Context(), u.ID, origin(c), message, signature)
	if err != nil {
		return "", err
	}
	return addr.Hex(), nil
}

// claimJSON is a claim as the rewards API and the wallet page show it. Claimed and
// Claimable are null when unknown: the server reads no chain, or the node did not say.
type claimJSON struct {
	Account          string   `json:"account"`
	CumulativeAmount string   `json:"cumulative_amount"`
	Claimed          *string  `json:"claimed"`
	Claimable        *string  `json:"claimable"`
	Root             string   `json:"root"`
	Epoch            uint64   `json:"epoch"`
	ChainID          uint64   `json:"chain_id"`
	Proof            []string `json:"proof"`
	Distributor      string   `json:"distributor"`
	Calldata         string   `json:"calldata"`
}

func newClaimJSON(ci *rewards.ClaimInfo) claimJSON {
	j := claimJSON{Account: ci.Account.Hex(), CumulativeAmount: ci.Entry.Cumulative.String(),
		Root: ci.Epoch.Root.Hex(), Epoch: ci.Epoch.Number, ChainID: ci.Epoch.ChainID, Proof: []string{}, Distributor: ci.Epoch.Distributor.Hex()}
	if ci.Claimed != nil && ci.Claimable != nil {
		claimed, claimable := ci.Claimed.String(), ci.Claimable.String()
		j.Claimed, j.Claimable = &claimed, &claimable
	}
	if ci.Calldata != nil {
		j.Calldata = hexutil.Encode(ci.Calldata)
	}
	for _, p := range ci.Proof {
		j.Proof = append(j.Proof, p.Hex())
	}
	return j
}

func (s *Server) walletPage(c echo.Context) error {
	return s.renderWallet(c, http.StatusOK, views.WalletView{})
}

func (s *Server) renderWallet(c echo.Context, status int, v views.WalletView) error {
	u := currentUser(c)
	if u == nil {
		return redirect(c, "/login?next=/wallet")
	}
	r, err := s.wallets()
	if err != nil {
		return err
	}
	st, err := r.State(c.Request().Context(), u)
	if err != nil {
		return err
	}
	v.Guest, v.ChainID, v.IsAdmin, v.CanSettle = u.Guest, st.ChainID, u.IsAdmin(), st.CanSettle
	if st.Wallet != nil {
		v.Address, v.LinkedAt = st.Wallet.Address.Hex(), st.Wallet.LinkedAt
	}
	if st.Claim != nil {
		ci := newClaimJSON(st.Claim)
		v.Claim = &views.ClaimView{Epoch: ci.Epoch, Root: ci.Root, Distributor: ci.Distributor, ChainID: ci.ChainID,
			Cumulative: ci.CumulativeAmount, Claimed: deref(ci.Claimed), Claimable: deref(ci.Claimable), Proof: ci.Proof,
			Calldata: ci.Calldata, Points: st.Claim.Entry.Points}
	}
	v.Unavailable, v.NextChange = st.Unavailable, st.NextChange
	v.ClaimErrors = make(map[string]views.ClaimErrorView, len(rewards.ClaimErrors))
	for _, e := range rewards.ClaimErrors {
		v.ClaimErrors[e.Selector] = views.ClaimErrorView{Name: e.Name, Explain: e.Explain}
	}
	for _, l := range st.Links {
		v.History = append(v.History, views.WalletLinkView{Address: l.Address.Hex(), LinkedAt: l.LinkedAt, UnlinkedAt: l.UnlinkedAt})
	}
	p := s.page(c, "Wallet and rewards", "me")
	p.Scripts = append(p.Scripts, "wallet.js")
	return render(c, status, views.WalletPage(p, v))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// walletMessageForm issues a sign-in message for the address typed in the form.
func (s *Server) walletMessageForm(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	m, err := s.issueMessage(c, u, c.FormValue("address"))
	if err != nil {
		return s.walletFormError(c, err, views.WalletView{MessageAddress: c.FormValue("address")})
	}
	return s.renderWallet(c, http.StatusOK, views.WalletView{Message: m.String(), MessageAddress: m.Address.Hex()})
}

// walletLinkForm links the wallet from a pasted signature.
func (s *Server) walletLinkForm(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	addr, err := s.linkWallet(c, u, c.FormValue("message"), c.FormValue("signature"))
	if err != nil {
		return s.walletFormError(c, err, views.WalletView{Message: c.FormValue("message")})
	}
	s.flash(c, "success", "Wallet "+addr+" is linked to your account.")
	return redirect(c, "/wallet")
}

// walletUnlinkForm unlinks the account's wallet from the page's button.
func (s *Server) walletUnlinkForm(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	r, err := s.wallets()
	if err != nil {
		return err
	}
	addr, err := r.Unlink(c.Request().Context(), u.ID)
	if err != nil {
		return s.walletFormError(c, err, views.WalletView{})
	}
	s.flash(c, "success", "Wallet "+addr.Hex()+" is unlinked. What was settled to it stays claimable by it.")
	return redirect(c, "/wallet")
}

// walletFormError shows a refused form on the wallet page itself.
func (s *Server) walletFormError(c echo.Context, err error, v views.WalletView) error {
	code := arena.ErrorCode(err)
	st, ok := statusOf[code]
	if !ok || st >= 500 {
		return err
	}
	v.Error = arena.ErrorMessage(err)
	return s.renderWallet(c, st, v)
}

// walletSettle runs one settlement epoch for an admin.
func (s *Server) walletSettle(c echo.Context) error {
	u := currentUser(c)
	if u == nil || !u.IsAdmin() {
		return arena.Errorf(arena.EFORBIDDEN, "Only administrators can settle rewards.")
	}
	r, err := s.wallets()
	if err != nil {
		return err
	}
	msg, err := r.Settle(c.Request().Context())
	if errors.Is(err, rewards.ErrSettlementOff) {
		return err
	} else if err != nil {
		s.log.ErrorContext(c.Request().Context(), "settlement failed", "error", err)
		s.flash(c, "error", "Settlement stopped: "+settleMessage(err)+" `arena settle status` shows where the epoch stands.")
		return redirect(c, "/wallet")
	}
	s.flash(c, "success", msg)
	return redirect(c, "/wallet")
}

func settleMessage(err error) string {
	if arena.ErrorCode(err) != arena.EINTERNAL {
		return arena.ErrorMessage(err)
	}
	return arena.Truncate(err.Error(), 300)
}

type nonceRequest struct {
	Address string `json:"address"`
}

func (s *Server) apiWalletNonce(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	var req nonceRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	m, err := s.issueMessage(c, u, req.Address)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, map[string]any{"message": m.String(), "nonce": m.Nonce, "domain": m.Domain,
		"chain_id": m.ChainID, "expires_at": m.ExpirationTime})
}

type linkRequest struct {
	Message   string `json:"message"`
	Signature string `json:"signature"`
}

func (s *Server) apiWalletLink(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	var req linkRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	addr, err := s.linkWallet(c, u, req.Message, req.Signature)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"address": addr})
}

// walletLinkJSON is one period of the account's wallet history.
type walletLinkJSON struct {
	Address    string     `json:"address"`
	LinkedAt   time.Time  `json:"linked_at"`
	UnlinkedAt *time.Time `json:"unlinked_at"`
}

// apiWallet is the account's wallet, its history and when it can next change.
func (s *Server) apiWallet(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	r, err := s.wallets()
	if err != nil {
		return err
	}
	st, err := r.State(c.Request().Context(), u)
	if err != nil {
		return err
	}
	out := struct {
		Address      *string          `json:"address"`
		NextChangeAt *time.Time       `json:"next_change_at"`
		History      []walletLinkJSON `json:"history"`
	}{History: []walletLinkJSON{}}
	if st.Wallet != nil {
		a := st.Wallet.Address.Hex()
		out.Address = &a
	}
	if !st.NextChange.IsZero() {
		out.NextChangeAt = &st.NextChange
	}
	for _, l := range st.Links {
		j := walletLinkJSON{Address: l.Address.Hex(), LinkedAt: l.LinkedAt}
		if !l.UnlinkedAt.IsZero() {
			j.UnlinkedAt = &l.UnlinkedAt
		}
		out.History = append(out.History, j)
	}
	return c.JSON(http.StatusOK, out)
}

func (s *Server) apiWalletUnlink(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	r, err := s.wallets()
	if err != nil {
		return err
	}
	addr, err := r.Unlink(c.Request().Context(), u.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]string{"unlinked": addr.Hex()})
}

func (s *Server) apiRewardsProof(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	r, err := s.wallets()
	if err != nil {
		return err
	}
	ci, err := r.ClaimFor(c.Request().Context(), u.ID, c.QueryParam("account"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, newClaimJSON(ci))
}
