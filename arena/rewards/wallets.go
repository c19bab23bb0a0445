package rewards

import (
	"context"
	"log/slog"
	"math/big"
	"net/url"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// Wallet is an account's linked Ethereum address.
type Wallet struct {
	UserID   int64
	Address  common.Address
	LinkedAt time.Time
}

// WalletLink is one period during which an address was linked to an account; the
// history of links is kept for audit and for the cool-down between changes.
type WalletLink struct {
	UserID   int64
	Address  common.Address
	LinkedAt time.Time
	// UnlinkedAt is when the address was unlinked or replaced; zero while it is linked.
	UnlinkedAt time.Time
}

// DefaultChangeCooldown is how long after linking, unlinking or changing a wallet the
// next change is refused, unless Wallets.ChangeCooldown says otherwise. It gives the
// owner of a taken-over account a week to notice before the attacker's wallet can be
// swapped in again, and keeps settlement from chasing a wallet that moves every day.
const DefaultChangeCooldown = 7 * 24 * time.Hour

// CooldownError is the refusal of a wallet change made before until, when the cool-down
// since the account's last link or unlink ends.
func CooldownError(until time.Time) error {
	return arena.Errorf(arena.ECONFLICT, "Your wallet was linked or unlinked less than the cool-down ago: it can be changed again from %s UTC.",
		until.UTC().Format("2 January 2006 15:04"))
}

// SIWENonce is a single-use nonce issued for a sign-in message.
type SIWENonce struct {
	Nonce     string
	UserID    int64
	Address   common.Address
	IssuedAt  time.Time
	ExpiresAt time.Time
}

// WalletStore keeps linked wallets, sign-in nonces and what each wallet may claim.
type WalletStore interface {
	CreateNonce(ctx context.Context, n SIWENonce) error
	// LinkWallet consumes nonce (which must be userID's, unused and unexpired at now) and
	// links address to userID, replacing the account's wallet if it has one, in one
	// transaction that also records the link in the history. A used nonce or an expired
	// one is EUNAUTHORIZED; an address linked now or before to another account, or already
	// the account's, ECONFLICT; so is any link before the cool-down since the account's
	// last link or unlink has passed (CooldownError): only an account's first link is free.
	LinkWallet(ctx context.Context, userID int64, address common.Address, nonce string, now time.Time, cooldown time.Duration) error
	// UnlinkWallet unlinks userID's wallet and returns its address, under the same
	// cool-down as LinkWallet; ENOTFOUND when none is linked.
	UnlinkWallet(ctx context.Context, userID int64, now time.Time, cooldown time.Duration) (common.Address, error)
	// WalletOf returns userID's wallet, ENOTFOUND when none is linked.
	WalletOf(ctx context.Context, userID int64) (*Wallet, error)
	// WalletLinks returns userID's link history, newest first.
	WalletLinks(ctx context.Context, userID int64) ([]WalletLink, error)
	// Deployments lists the recorded deployments, newest first.
	Deployments(ctx context.Context) ([]Deployment, error)
	// LatestConfirmed returns distributor's newest confirmed epoch (any distributor's
	// for the zero address), or nil.
	LatestConfirmed(ctx context.Context, distributor common.Address) (*Epoch, error)
	// EpochWithRoot returns distributor's newest epoch with root, a confirmed one first,
	// or nil.
	EpochWithRoot(ctx context.Context, distributor common.Address, root common.Hash) (*Epoch, error)
	// EpochEntry returns account's entry of an epoch; ENOTFOUND when it has none.
	EpochEntry(ctx context.Context, epochID int64, account common.Address) (*EpochEntry, error)
	// EpochEntries returns all of an epoch's entries, from which its proofs are computed.
	EpochEntries(ctx context.Context, epochID int64) ([]EpochEntry, error)
}

// ClaimReader reads from a node what claims need: the distributor's current root, and
// how much an account has claimed; arena/chain.Client is one.
type ClaimReader interface {
	// CurrentRoot returns distributor's latest epoch and root.
	CurrentRoot(ctx context.Context, distributor common.Address) (epoch uint64, root common.Hash, err error)
	// ClaimedAmount returns the cumulative amount account has claimed from distributor.
	ClaimedAmount(ctx context.Context, distributor, account common.Address) (*big.Int, error)
	// Limits returns distributor's pause and limits: a paused one takes no claim.
	Limits(ctx context.Context, distributor common.Address) (*Limits, error)
}

// ClaimEncoder returns the calldata of the distributor's claim(account, cumulative, root,
// proof), for the browser to send; arena/chain.PackClaim is one. It is a function, not a
// node, because encoding needs only the contract's ABI.
type ClaimEncoder func(account common.Address, cumulative *big.Int, root common.Hash, proof []common.Hash) []byte

// Wallets is the wallet service behind /wallet and the rewards API: it links wallets by
// Sign-In with Ethereum, tells each user what they can claim, and runs settlement for an
// administrator.
type Wallets struct {
	Store WalletStore
	// ChainID is the chain sign-in messages name and claims go to; 1337 when zero.
	ChainID uint64
	// PublicURL, e.g. "https://arena.example", names the site in sign-in messages; when
	// empty the request's Origin does.
	PublicURL string
	// NonceTTL is how long a sign-in message stays valid; 10 minutes when zero.
	NonceTTL time.Duration
	// ChangeCooldown is how long after an account's last link or unlink its wallet
	// cannot be unlinked or changed; zero allows changes at any time (arena serve
	// defaults to DefaultChangeCooldown). An account's first link is never held back.
	ChangeCooldown time.Duration
	Clock          arena.Clock
	// Distributor is the distributor whose proofs are served; when zero, the newest
	// deployment recorded for ChainID (or else the newest confirmed epoch's).
	Distributor common.Address
	// PackClaim encodes each claim for the browser; without it claims carry no calldata.
	PackClaim ClaimEncoder
	// Contracts, if set, checks contract wallets' sign-in signatures through the node
	// (EIP-1271, ERC-6492); without it only keys can link.
	Contracts ContractSignatures
	// Claimed, if set, is the node: proofs are then served only from the epoch whose root
	// is the distributor's current one, and what each wallet has claimed is read from it.
	// Without it, the newest confirmed epoch is served and what is left to claim is
	// unknown.
	Claimed ClaimReader
	// RunSettle, if set, runs one settlement epoch for the admin's button and describes it.
	RunSettle func(ctx context.Context) (string, error)
	// Log receives what could not be read from the node; slog.Default() when nil.
	Log *slog.Logger

	trees treeCache
}

// Origin is the scheme and host a request reached the site at.
type Origin struct {
	Scheme, Host string
}

// ClaimInfo is what a wallet can claim from its latest settled epoch.
type ClaimInfo struct {
	Account common.Address
	Epoch   *Epoch
	Entry   *EpochEntry
	// Proof proves Entry under Epoch.Root.
	Proof []common.Hash
	// Claimed is what the account has claimed so far; nil when unknown (no node is
	// configured, or it did not answer).
	Claimed *big.Int
	// Claimable is what a claim pays now: the cumulative amount less Claimed; nil when
	// Claimed is unknown.
	Claimable *big.Int
	// Calldata is the claim transaction's data; nil without PackClaim.
	Calldata []byte
}

// WalletState is what the wallet page shows a user.
type WalletState struct {
	ChainID   uint64
	CanSettle bool
	// Wallet is nil when none is linked, and always for a guest.
	Wallet *Wallet
	// Links is the account's wallet history, newest first.
	Links []WalletLink
	// NextChange is when the cool-down since the last link or unlink ends; zero when the
	// wallet can be unlinked or changed now.
	NextChange time.Time
	// Claim is nil when nothing is settled to the wallet yet, or no claim can be offered
	// now; Unavailable then says why, if it is not that nothing is settled.
	Claim       *ClaimInfo
	Unavailable string
}

// ErrSettlementOff is returned by Settle on a server with no RunSettle.
var ErrSettlementOff = arena.Errorf(arena.EUNAVAILABLE, "Settlement is not configured on this server: start it with --rpc and --key-file, or run arena settle.")

// linkStatement is the statement of every sign-in message this site issues; Link refuses
// any other, so a signature given to another site cannot link a wallet here.
const linkStatement = "Link this wallet to your Arena account to receive token rewards."

func (w *Wallets) chainID() uint64 {
	if w.ChainID == 0 {
		return 1337
	}
	return w.ChainID
}

func (w *Wallets) ttl() time.Duration {
	if w.NonceTTL > 0 {
		return w.NonceTTL
	}
	return 10 * time.Minute
}

func (w *Wallets) clock() arena.Clock {
	if w.Clock == nil {
		return arena.SystemClock{}
	}
	return w.Clock
}

func (w *Wallets) log() *slog.Logger {
	if w.Log != nil {
		return w.Log
	}
	return slog.Default()
}

// site is the domain and URI sign-in messages name: the public URL's, else the origin's.
func (w *Wallets) site(o Origin) (domain, uri string) {
	if p := w.PublicURL; p != "" {
		if u, err := url.Parse(p); err == nil && u.Host != "" {
			return u.Host, strings.TrimRight(u.Scheme+"://"+u.Host+u.Path, "/") + "/wallet"
		}
	}
	return o.Host, o.Scheme + "://" + o.Host + "/wallet"
}

// IssueMessage creates a single-use nonce and the sign-in message linking address to
// userID.
func (w *Wallets) IssueMessage(ctx context.Context, userID int64, o Origin, address string) (*SIWEMessage, error) {
	address = strings.TrimSpace(address)
	if !common.IsHexAddress(address) || !strings.HasPrefix(address, "0x") {
		return nil, arena.Errorf(arena.EINVALID, "%q is not an Ethereum address (0x and 40 hex digits).", arena.Truncate(address, 60))
	}
	nonce, err := NewNonce()
	if err != nil {
		return nil, err
	}
	domain, uri := w.site(o)
	now := w.clock().Now().Truncate(time.Second)
	m := &SIWEMessage{Domain: domain, Address: common.HexToAddress(address), Statement: linkStatement, URI: uri,
		Version: "1", ChainID: w.chainID(), Nonce: nonce, IssuedAt: now, ExpirationTime: now.Add(w.ttl())}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if err := w.Store.CreateNonce(ctx, SIWENonce{Nonce: nonce, UserID: userID, Address: m.Address,
		IssuedAt: now, ExpiresAt: m.ExpirationTime}); err != nil {
		return nil, err
	}
	return m, nil
}

// Link checks a signed sign-in message this site issued to userID and links its address.
func (w *Wallets) Link(ctx context.Context, userID int64, o Origin, message, signature string) (common.Address, error) {
	// A form's textarea sends CRLF line ends; the message was signed with LF.
	message = strings.TrimRight(strings.ReplaceAll(message, "\r\n", "\n"), "\n ")
	signature = strings.TrimSpace(signature)
	if message == "" || signature == "" {
		return common.Address{}, arena.Errorf(arena.EINVALID, "Send both the sign-in message and its signature.")
	}
	domain, uri := w.site(o)
	v := SIWEVerifier{Domain: domain, URI: uri, ChainID: w.chainID(), MaxAge: w.ttl(), Clock: w.clock(), Contracts: w.Contracts}
	m, err := v.Verify(ctx, message, signature)
	if err != nil {
		return common.Address{}, err
	}
	if m.Statement != linkStatement {
		return common.Address{}, arena.Errorf(arena.EUNAUTHORIZED, "This sign-in message was not issued by this site.")
	}
	if err := w.Store.LinkWallet(ctx, userID, m.Address, m.Nonce, w.clock().Now(), w.ChangeCooldown); err != nil {
		return common.Address{}, err
	}
	return m.Address, nil
}

// Unlink unlinks userID's wallet and returns its address. What was settled to it stays
// claimable by it; points not settled yet go to the wallet linked at the next
// settlement.
func (w *Wallets) Unlink(ctx context.Context, userID int64) (common.Address, error) {
	return w.Store.UnlinkWallet(ctx, userID, w.clock().Now(), w.ChangeCooldown)
}

// nextChange is when links (newest first) allow the next change, zero if now: the store
// measures the cool-down from the same times.
func (w *Wallets) nextChange(links []WalletLink) time.Time {
	var last time.Time
	for _, l := range links {
		for _, t := range []time.Time{l.LinkedAt, l.UnlinkedAt} {
			if t.After(last) {
				last = t
			}
		}
	}
	if last.IsZero() {
		return time.Time{}
	}
	if until := last.Add(w.ChangeCooldown); w.clock().Now().Before(until) {
		return until
	}
	return time.Time{}
}

// distributor is the distributor whose epochs are claimed from.
func (w *Wallets) distributor(ctx context.Context) (common.Address, error) {
	if w.Distributor != (common.Address{}) {
		return w.Distributor, nil
	}
	deps, err := w.Store.Deployments(ctx)
	if err != nil {
		return common.Address{}, err
	}
	for _, d := range deps {
		if d.ChainID == w.chainID() {
			return d.Distributor, nil
		}
	}
	ep, err := w.Store.LatestConfirmed(ctx, common.Address{})
	if err != nil || ep == nil {
		return common.Address{}, err
	}
	return ep.Distributor, nil
}

// claimEpoch is the epoch proofs are served from. With a node it is the epoch whose root
// is the distributor's current root, and only once confirmed: a proof from any other
// root reverts (StaleRoot). Without one it is the newest confirmed epoch.
func (w *Wallets) claimEpoch(ctx context.Context) (*Epoch, error) {
	dist, err := w.distributor(ctx)
	if err != nil {
		return nil, err
	}
	if dist == (common.Address{}) {
		return nil, errNothingSettled
	}
	if w.Claimed == nil {
		ep, err := w.Store.LatestConfirmed(ctx, dist)
		if err == nil && ep == nil {
			err = errNothingSettled
		}
		return ep, err
	}
	onEpoch, onRoot, err := w.Claimed.CurrentRoot(ctx, dist)
	if err != nil {
		w.log().Warn("could not read the distributor's current root", "distributor", dist.Hex(), "error", err)
		return nil, arena.Errorf(arena.EUNAVAILABLE, "The chain node does not answer, so this server cannot check which root the distributor holds now; claims are offered again once it does. Try again in a minute.")
	}
	if onEpoch == 0 {
		return nil, errNothingSettled
	}
	// A claim sent to a paused distributor reverts (EnforcedPause) and costs its gas.
	if lim, err := w.Claimed.Limits(ctx, dist); err != nil {
		w.log().Warn("could not read whether the distributor is paused", "distributor", dist.Hex(), "error", err)
		return nil, arena.Errorf(arena.EUNAVAILABLE, "The chain node does not answer, so this server cannot check whether claims are open; they are offered again once it does. Try again in a minute.")
	} else if lim.Paused {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Claims are paused on the distributor for now, so none can be sent; nothing you earned is lost, and claims resume when its admin lifts the pause.")
	}
	ep, err := w.Store.EpochWithRoot(ctx, dist, onRoot)
	switch {
	case err != nil:
		return nil, err
	case ep == nil || ep.State == StateAbandoned || ep.State == StateReorged:
		return nil, arena.Errorf(arena.EUNAVAILABLE, "The distributor's current root (epoch %d) is not one this arena settled, so no proof can be claimed against it; claims resume after the next settlement.", onEpoch)
	case ep.State != StateConfirmed:
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Epoch %d was just published and waits for its confirmations; its proofs are offered once it is confirmed, in a few minutes.", ep.Number)
	}
	return ep, nil
}

var errNothingSettled = arena.Errorf(arena.ENOTFOUND, "Nothing has been settled yet.")

// claim is what account can claim; ENOTFOUND before its first confirmed epoch. A node
// that cannot say what was claimed leaves Claimed and Claimable unknown rather than
// failing the page.
func (w *Wallets) claim(ctx context.Context, account common.Address) (*ClaimInfo, error) {
	ep, err := w.claimEpoch(ctx)
	if err != nil {
		return nil, err
	}
	entry, err := w.Store.EpochEntry(ctx, ep.ID, account)
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return nil, arena.Errorf(arena.ENOTFOUND, "Nothing has been settled to %s yet.", account.Hex())
	} else if err != nil {
		return nil, err
	}
	proof, err := w.trees.proof(ctx, w.Store, ep, account)
	if err != nil {
		return nil, err
	}
	ci := &ClaimInfo{Account: account, Epoch: ep, Entry: entry, Proof: proof}
	if w.PackClaim != nil {
		ci.Calldata = w.PackClaim(account, entry.Cumulative, ep.Root, proof)
	}
	if w.Claimed != nil {
		claimed, err := w.Claimed.ClaimedAmount(ctx, ep.Distributor, account)
		if err != nil {
			w.log().Warn("could not read the claimed amount", "account", account.Hex(), "error", err)
		} else {
			ci.Claimed = claimed
			ci.Claimable = new(big.Int).Sub(entry.Cumulative, claimed)
			if ci.Claimable.Sign() < 0 {
				ci.Claimable.SetInt64(0)
			}
		}
	}
	return ci, nil
}

// ClaimFor is what account, one of the wallets userID has linked (its current one when
// account is ""), can claim: ENOTFOUND with no wallet linked or nothing settled to it
// yet, EFORBIDDEN for an address the account never linked. A former wallet keeps what
// was settled to it, so its proof is served for as long as its epoch is current.
func (w *Wallets) ClaimFor(ctx context.Context, userID int64, account string) (*ClaimInfo, error) {
	if account == "" {
		wallet, err := w.Store.WalletOf(ctx, userID)
		if err != nil {
			return nil, err
		}
		return w.claim(ctx, wallet.Address)
	}
	if !common.IsHexAddress(account) {
		return nil, arena.Errorf(arena.EINVALID, "%q is not an Ethereum address.", arena.Truncate(account, 60))
	}
	addr := common.HexToAddress(account)
	links, err := w.Store.WalletLinks(ctx, userID)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		if l.Address == addr {
			return w.claim(ctx, addr)
		}
	}
	return nil, arena.Errorf(arena.EFORBIDDEN, "%s was never linked to your account.", addr.Hex())
}

// State is the wallet page's content for u.
func (w *Wallets) State(ctx context.Context, u *arena.User) (*WalletState, error) {
	st := &WalletState{ChainID: w.chainID(), CanSettle: w.CanSettle()}
	if u.Guest {
		return st, nil
	}
	var err error
	if st.Links, err = w.Store.WalletLinks(ctx, u.ID); err != nil {
		return nil, err
	}
	st.NextChange = w.nextChange(st.Links)
	wallet, err := w.Store.WalletOf(ctx, u.ID)
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return st, nil
	} else if err != nil {
		return nil, err
	}
	st.Wallet = wallet
	st.Claim, err = w.claim(ctx, wallet.Address)
	switch arena.ErrorCode(err) {
	case "":
	case arena.ENOTFOUND:
	case arena.EUNAVAILABLE:
		st.Unavailable = arena.ErrorMessage(err)
	default:
		return nil, err
	}
	return st, nil
}

// Summary is userID's wallet (nil when none is linked, or the service has no store) and
// what the latest confirmed epoch settled to it, for /me.
func (w *Wallets) Summary(ctx context.Context, userID int64) (*Wallet, arena.Settled, error) {
	var none arena.Settled
	if w.Store == nil {
		return nil, none, nil
	}
	wallet, err := w.Store.WalletOf(ctx, userID)
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return nil, none, nil
	} else if err != nil {
		return nil, none, err
	}
	dist, err := w.distributor(ctx)
	if err != nil {
		return nil, none, err
	}
	ep, err := w.Store.LatestConfirmed(ctx, dist)
	if err != nil || ep == nil {
		return wallet, none, err
	}
	entry, err := w.Store.EpochEntry(ctx, ep.ID, wallet.Address)
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return wallet, none, nil
	} else if err != nil {
		return nil, none, err
	}
	return wallet, arena.Settled{Points: entry.Points, CutoffLedgerID: ep.CutoffLedgerID, At: ep.CreatedAt}, nil
}

// CanSettle reports whether Settle can run.
func (w *Wallets) CanSettle() bool { return w.RunSettle != nil }

// Settle runs one settlement epoch for an administrator and describes it;
// ErrSettlementOff when the server cannot settle.
func (w *Wallets) Settle(ctx context.Context) (string, error) {
	if w.RunSettle == nil {
		return "", ErrSettlementOff
	}
	return w.RunSettle(ctx)
}
