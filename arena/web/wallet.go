package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/views"
)

// Rewards is what the wallet pages need: linked wallets, settled claims and, optionally,
// a node to read claimed amounts from and an admin settlement action.
type Rewards struct {
	Wallets rewards.WalletStore
	// ChainID is the chain sign-in messages name and claims go to; 1337 when zero.
	ChainID uint64
	// PublicURL, e.g. "https://arena.example", names the site in sign-in messages; when
	// empty the request's Host and scheme do.
	PublicURL string
	// NonceTTL is how long a sign-in message stays valid; 10 minutes when zero.
	NonceTTL time.Duration
	Clock    arena.Clock
	// Chain, if set, is asked how much each wallet has claimed already.
	Chain bind.ContractCaller
	// Settle, if set, runs one settlement epoch for the admin's button and describes it.
	Settle func(ctx context.Context) (string, error)
}

func (r *Rewards) chainID() uint64 {
	if r.ChainID == 0 {
		return 1337
	}
	return r.ChainID
}

func (r *Rewards) ttl() time.Duration {
	if r.NonceTTL > 0 {
		return r.NonceTTL
	}
	return 10 * time.Minute
}

func (r *Rewards) now() time.Time {
	if r.Clock == nil {
		return time.Now().UTC()
	}
	return r.Clock.Now()
}

const siweStatement = "Link this wallet to your Arena account to receive token rewards."

func (s *Server) rewardsDeps() (*Rewards, error) {
	if s.deps.Rewards == nil || s.deps.Rewards.Wallets == nil {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Token rewards are not enabled on this server.")
	}
	return s.deps.Rewards, nil
}

// siweSite is the domain and URI sign-in messages name: the public URL's, else the
// request's own.
func (s *Server) siweSite(c echo.Context) (domain, uri string) {
	if p := s.deps.Rewards.PublicURL; p != "" {
		if u, err := url.Parse(p); err == nil && u.Host != "" {
			return u.Host, strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/") + "/wallet"
		}
	}
	host := c.Request().Host
	return host, c.Scheme() + "://" + host + "/wallet"
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

// issueMessage creates a single-use nonce and the sign-in message for address.
func (s *Server) issueMessage(c echo.Context, u *arena.User, address string) (*rewards.SIWEMessage, error) {
	r, err := s.rewardsDeps()
	if err != nil {
		return nil, err
	}
	address = strings.TrimSpace(address)
	if !common.IsHexAddress(address) || !strings.HasPrefix(address, "0x") {
		return nil, arena.Errorf(arena.EINVALID, "%q is not an Ethereum address (0x and 40 hex digits).", truncateString(address, 60))
	}
	nonce, err := rewards.NewNonce()
	if err != nil {
		return nil, err
	}
	domain, uri := s.siweSite(c)
	now := r.now().Truncate(time.Second)
	m := &rewards.SIWEMessage{Domain: domain, Address: common.HexToAddress(address), Statement: siweStatement, URI: uri,
		Version: "1", ChainID: r.chainID(), Nonce: nonce, IssuedAt: now, ExpirationTime: now.Add(r.ttl())}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := r.Wallets.CreateNonce(c.Request().Context(), rewards.SIWENonce{Nonce: nonce, UserID: u.ID, Address: m.Address,
		IssuedAt: now, ExpiresAt: m.ExpirationTime}); err != nil {
		return nil, err
	}
	return m, nil
}

// linkWallet checks a signed message and links its address to u.
func (s *Server) linkWallet(c echo.Context, u *arena.User, message, signature string) (common.Address, error) {
	r, err := s.rewardsDeps()
	if err != nil {
		return common.Address{}, err
	}
	// A form's textarea sends CRLF line ends; the message was signed with LF.
	message = strings.TrimRight(strings.ReplaceAll(message, "\r\n", "\n"), "\n ")
	signature = strings.TrimSpace(signature)
	if message == "" || signature == "" {
		return common.Address{}, arena.Errorf(arena.EINVALID, "Send both the sign-in message and its signature.")
	}
	domain, uri := s.siweSite(c)
	v := rewards.SIWEVerifier{Domain: domain, URI: uri, ChainID: r.chainID(), MaxAge: r.ttl(), Clock: clockOf(r)}
	m, err := v.Verify(message, signature)
	if err != nil {
		return common.Address{}, err
	}
	if m.Statement != siweStatement {
		return common.Address{}, arena.Errorf(arena.EUNAUTHORIZED, "This sign-in message was not issued by this site.")
	}
	if err := r.Wallets.LinkWallet(c.Request().Context(), u.ID, m.Address, m.Nonce, r.now()); err != nil {
		return common.Address{}, err
	}
	return m.Address, nil
}

func clockOf(r *Rewards) arena.Clock {
	if r.Clock == nil {
		return arena.SystemClock{}
	}
	return r.Clock
}

func truncateString(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// claimInfo is what a wallet can claim from its latest settled epoch.
type claimInfo struct {
	Account          string   `json:"account"`
	CumulativeAmount string   `json:"cumulative_amount"`
	Claimed          string   `json:"claimed,omitempty"`
	Claimable        string   `json:"claimable"`
	Root             string   `json:"root"`
	Epoch            uint64   `json:"epoch"`
	ChainID          uint64   `json:"chain_id"`
	Proof            []string `json:"proof"`
	Distributor      string   `json:"distributor"`
	Calldata         string   `json:"calldata"`
	points           int64
}

func (s *Server) claimFor(ctx context.Context, r *Rewards, account common.Address) (*claimInfo, error) {
	ep, entry, err := r.Wallets.LatestClaim(ctx, account)
	if err != nil {
		return nil, err
	}
	ci := &claimInfo{Account: account.Hex(), CumulativeAmount: entry.Cumulative.String(), Root: ep.Root.Hex(), Epoch: ep.Number,
		ChainID: ep.ChainID, Distributor: ep.Distributor.Hex(), Proof: []string{}, points: entry.Points,
		Calldata: hexutil.Encode(chain.PackClaim(account, entry.Cumulative, ep.Root, entry.Proof))}
	for _, p := range entry.Proof {
		ci.Proof = append(ci.Proof, p.Hex())
	}
	ci.Claimable = ci.CumulativeAmount
	if r.Chain != nil {
		claimed, err := chain.ClaimedAmount(ctx, r.Chain, ep.Distributor, account)
		if err != nil {
			s.log.Warn("could not read the claimed amount", "account", account.Hex(), "error", err)
		} else {
			ci.Claimed = claimed.String()
			left := claimed.Neg(claimed).Add(claimed, entry.Cumulative)
			if left.Sign() < 0 {
				left.SetInt64(0)
			}
			ci.Claimable = left.String()
		}
	}
	return ci, nil
}

// walletSummary is the wallet and the points already settled, for /me.
func (s *Server) walletSummary(ctx context.Context, userID int64) (wallet string, settled int64, err error) {
	if s.deps.Rewards == nil || s.deps.Rewards.Wallets == nil {
		return "", 0, nil
	}
	w, err := s.deps.Rewards.Wallets.WalletOf(ctx, userID)
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return "", 0, nil
	} else if err != nil {
		return "", 0, err
	}
	_, entry, err := s.deps.Rewards.Wallets.LatestClaim(ctx, w.Address)
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return w.Address.Hex(), 0, nil
	} else if err != nil {
		return "", 0, err
	}
	return w.Address.Hex(), entry.Points, nil
}

func (s *Server) walletPage(c echo.Context) error {
	return s.renderWallet(c, http.StatusOK, views.WalletView{})
}

func (s *Server) renderWallet(c echo.Context, status int, v views.WalletView) error {
	u := currentUser(c)
	if u == nil {
		return redirect(c, "/login?next=/wallet")
	}
	r, err := s.rewardsDeps()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	v.Guest, v.ChainID, v.IsAdmin, v.CanSettle = u.Guest, r.chainID(), u.IsAdmin(), r.Settle != nil
	if !u.Guest {
		w, err := r.Wallets.WalletOf(ctx, u.ID)
		if err == nil {
			v.Address, v.LinkedAt = w.Address.Hex(), w.LinkedAt
			ci, err := s.claimFor(ctx, r, w.Address)
			if err == nil {
				v.Claim = &views.ClaimView{Epoch: ci.Epoch, Root: ci.Root, Distributor: ci.Distributor, ChainID: ci.ChainID,
					Cumulative: ci.CumulativeAmount, Claimed: ci.Claimed, Claimable: ci.Claimable, Proof: ci.Proof,
					Calldata: ci.Calldata, Points: ci.points}
			} else if arena.ErrorCode(err) != arena.ENOTFOUND {
				return err
			}
		} else if arena.ErrorCode(err) != arena.ENOTFOUND {
			return err
		}
	}
	p := s.page(c, "Wallet and rewards", "me")
	p.Scripts = append(p.Scripts, "wallet.js")
	return render(c, status, views.WalletPage(p, v))
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
	s.flash(c, "success", "Wallet "+addr.Hex()+" is linked to your account.")
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
	r, err := s.rewardsDeps()
	if err != nil {
		return err
	}
	if r.Settle == nil {
		return arena.Errorf(arena.EUNAVAILABLE, "Settlement is not configured on this server: start it with --rpc and --key-file, or run arena settle.")
	}
	msg, err := r.Settle(c.Request().Context())
	if err != nil {
		s.log.Error("settlement failed", "error", err)
		s.flash(c, "error", "Settlement stopped: "+settleMessage(err)+" Running it again finishes the same epoch.")
		return redirect(c, "/wallet")
	}
	s.flash(c, "success", msg)
	return redirect(c, "/wallet")
}

func settleMessage(err error) string {
	if arena.ErrorCode(err) != arena.EINTERNAL {
		return arena.ErrorMessage(err)
	}
	return truncateString(err.Error(), 300)
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
	return c.JSON(http.StatusOK, map[string]string{"address": addr.Hex()})
}

func (s *Server) apiRewardsProof(c echo.Context) error {
	u, err := walletUser(c)
	if err != nil {
		return err
	}
	r, err := s.rewardsDeps()
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	w, err := r.Wallets.WalletOf(ctx, u.ID)
	if err != nil {
		return err
	}
	ci, err := s.claimFor(ctx, r, w.Address)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ci)
}
