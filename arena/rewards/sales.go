package rewards

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"net/url"
	"sort"
	"strconv"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/arena"
)

// Data sales (issue 26). A recorded release may carry a price: one listing on the
// DataSale contract. A buyer pays on chain; the arena reads the Purchased event from the
// chain, records the sale once, splits the contributors' part of it among the voters
// whose battles in the release earn a share (arena.VoteFacts.EarnsSaleShare), and hands
// the buyer a signed, expiring download link. Settlement pays the shares through the
// cumulative distributor with everything else a wallet earned.

// Price is a release's price: one listing on a DataSale contract, whose terms never
// change there (a new price is a new listing).
type Price struct {
	ID      int64
	Release string
	// Listing is the release id on the contract.
	Listing     common.Hash
	Sale        common.Address
	Token       common.Address
	Amount      *big.Int // token units
	Licence     string
	LicenceHash common.Hash
	CreatedAt   time.Time
	// EndedAt is when a later price or a return to free ended it; zero while current.
	EndedAt time.Time
}

// LicenceHash is what a buyer names on chain to accept licence: keccak256 of its text.
func LicenceHash(licence string) common.Hash { return crypto.Keccak256Hash([]byte(licence)) }

// ListingID is the DataSale release id of the n-th price (from 1) of release name.
// Derived, not random, so a run that listed on chain and failed to record it finds its
// own listing again.
func ListingID(name string, n int) common.Hash {
	return crypto.Keccak256Hash([]byte("arena release listing\x00" + name + "\x00" + strconv.Itoa(n)))
}

// Purchase is one Purchased event, as the chain reports it.
type Purchase struct {
	TxHash   common.Hash
	LogIndex uint
	Block    uint64
	// Contract is the contract that emitted the event.
	Contract       common.Address
	Listing        common.Hash
	Buyer, Token   common.Address
	Price          *big.Int
	LicenceHash    common.Hash
	ToContributors *big.Int
	Payee          common.Address
	ToOperator     *big.Int
	Treasury       common.Address
}

// SaleChain reads purchases from the chain (arena/chain implements it).
type SaleChain interface {
	// Purchases returns the Purchased events of transaction tx and how many blocks
	// confirm it (its own included). A transaction that is not mined is ENOTFOUND, one
	// that reverted EINVALID.
	Purchases(ctx context.Context, tx common.Hash) ([]Purchase, uint64, error)
}

// SaleShare is one contributor's share of a sale: a line of the sale ledger.
type SaleShare struct {
	ID      int64
	UserID  int64
	Battles int64    // the contributor's battles in the release that earn a share
	Units   *big.Int // token units
}

// Sale is a recorded purchase of a release.
type Sale struct {
	ID       int64
	PriceID  int64
	Release  string
	Purchase Purchase
	// Battles is how many of the release's battles earned a share.
	Battles   int64
	Shares    []SaleShare
	CreatedAt time.Time
}

// ReleaseSales are a release's sales in total, for /transparency: proceeds,
// contributors' and operator's parts, per token.
type ReleaseSales struct {
	Release        string
	Token          common.Address
	Sales          int64
	Proceeds       *big.Int
	ToContributors *big.Int
	ToOperator     *big.Int
	// Contributors is how many accounts hold a share; Allocated is what their shares
	// add up to (ToContributors unless a sale had no battle that earned a share).
	Contributors int64
	Allocated    *big.Int
}

// MySaleShare is one of a contributor's shares, for /me.
type MySaleShare struct {
	SaleShare
	SaleID  int64
	Release string
	Token   common.Address
	// Paid is what the buyer paid; ToContributors the contributors' part of it.
	Paid, ToContributors *big.Int
	// SaleBattles is how many battles shared the contributors' part.
	SaleBattles int64
	At          time.Time
	// Settled is set once a confirmed settlement epoch includes the share.
	Settled bool
}

// SalesStore records prices, sales and the sale ledger.
type SalesStore interface {
	// SetPrice makes p (p.Release by name) the release's current price, ending the one
	// before, and sets p.ID. The release must be recorded and not internal (EINVALID,
	// ENOTFOUND); a listing recorded already is ECONFLICT.
	SetPrice(ctx context.Context, p *Price) error
	// EndPrice makes release free again from now; ENOTFOUND when it has no price.
	EndPrice(ctx context.Context, release string, now time.Time) (*Price, error)
	// Prices returns the release's prices, newest first (none: it was never priced).
	Prices(ctx context.Context, release string) ([]Price, error)
	// CurrentPrices returns every priced release's current price, by release name.
	CurrentPrices(ctx context.Context) (map[string]Price, error)
	// PriceByListing returns the price of a listing, nil when none is recorded.
	PriceByListing(ctx context.Context, listing common.Hash) (*Price, error)
	// RecordSale records s (its purchase, price and release set) in one transaction:
	// it counts, per voter, the battles of the release that earn a share, has split
	// turn those counts into shares, and writes the sale and its shares. A purchase
	// recorded already (same transaction and log index) writes nothing and returns the
	// recorded sale with created false.
	RecordSale(ctx context.Context, s *Sale, split func(battles map[int64]int64) []SaleShare) (created bool, err error)
	// SaleByID returns a recorded sale with its shares, ENOTFOUND when there is none.
	SaleByID(ctx context.Context, id int64) (*Sale, error)
	// SalesTotals adds up every release's sales, by release and token.
	SalesTotals(ctx context.Context) ([]ReleaseSales, error)
	// MySaleShares returns userID's shares, newest first.
	MySaleShares(ctx context.Context, userID int64) ([]MySaleShare, error)
}

// SplitShares divides total among contributors pro rata by their battles, exactly:
// each gets the floor of total×battles/all, and the units left over (fewer than the
// number of contributors) go one each to the contributors with the largest remainders,
// ties to the lower user id. The shares add up to total; a contributor whose share is
// zero gets no line. With no battles at all it returns nothing.
func SplitShares(total *big.Int, battles map[int64]int64) []SaleShare {
	var all int64
	users := make([]int64, 0, len(battles))
	for u, n := range battles {
		if n > 0 {
			all += n
			users = append(users, u)
		}
	}
	if all == 0 || total.Sign() <= 0 {
		return nil
	}
	sort.Slice(users, func(i, j int) bool { return users[i] < users[j] })
	type part struct {
		share SaleShare
		rem   *big.Int
	}
	parts := make([]part, len(users))
	given := new(big.Int)
	den := big.NewInt(all)
	for i, u := range users {
		q, r := new(big.Int).QuoRem(new(big.Int).Mul(total, big.NewInt(battles[u])), den, new(big.Int))
		parts[i] = part{SaleShare{UserID: u, Battles: battles[u], Units: q}, r}
		given.Add(given, q)
	}
	left := new(big.Int).Sub(total, given).Int64() // < len(users): each floor loses < 1
	order := make([]int, len(parts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return parts[order[a]].rem.Cmp(parts[order[b]].rem) > 0 })
	for _, i := range order[:left] {
		parts[i].share.Units.Add(parts[i].share.Units, big.NewInt(1))
	}
	out := make([]SaleShare, 0, len(parts))
	for _, p := range parts {
		if p.share.Units.Sign() > 0 {
			out = append(out, p.share)
		}
	}
	return out
}

// DefaultLinkTTL is how long a download link stays valid unless configured otherwise.
const DefaultLinkTTL = 24 * time.Hour

// Sales verifies purchases, records them and signs download links.
type Sales struct {
	Store SalesStore
	// Chain reads purchases; nil when the arena has no node (purchases are refused).
	Chain SaleChain
	// Sale is the DataSale contract purchases must come from (the recorded one).
	Sale common.Address
	// Confirmations is how many blocks must confirm a purchase (its own included); 1
	// when zero.
	Confirmations uint64
	// Key signs download links (HMAC-SHA256); TTL is how long one stays valid
	// (DefaultLinkTTL when zero).
	Key   []byte
	TTL   time.Duration
	Clock arena.Clock
	// ContributorsBps is the contributors' share of each sale as the sale contract
	// fixes it, in basis points, for the published rule; 0 when not read.
	ContributorsBps int
}

func (s *Sales) ttl() time.Duration {
	if s.TTL > 0 {
		return s.TTL
	}
	return DefaultLinkTTL
}

// PurchaseResult is a verified purchase and the download link it earned.
type PurchaseResult struct {
	Sale *Sale
	// Created is false when the purchase was recorded before (nothing was credited
	// again).
	Created bool
	Link    Link
}

// PurchaseMessage is what a buyer signs (personal_sign, EIP-191) to claim the download
// of release bought in transaction tx. Transactions are public, so the link goes only
// to whoever holds the buying wallet's key.
func PurchaseMessage(release string, tx common.Hash) string {
	return "Download arena release " + release + " bought in transaction " + tx.Hex()
}

// Purchase verifies that transaction tx bought release on the arena's DataSale, at
// least at a recorded price of the release and in its token, and that sig is the
// buyer's signature of PurchaseMessage; it records the sale (once, however often it is
// reported) with its contributors' shares, and signs a download link.
func (s *Sales) Purchase(ctx context.Context, release string, tx common.Hash, sig []byte) (*PurchaseResult, error) {
	if s.Chain == nil || s.Sale == (common.Address{}) {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "This arena takes no purchases: it is not connected to a chain with a recorded DataSale contract (arena serve --rpc, arena contracts deploy).")
	}
	prices, err := s.Store.Prices(ctx, release)
	if err != nil {
		return nil, err
	}
	if len(prices) == 0 {
		return nil, arena.Errorf(arena.EINVALID, "Release %q is not for sale: it is free to download from /data.", release)
	}
	events, confs, err := s.Chain.Purchases(ctx, tx)
	if err != nil {
		return nil, err
	}
	var ours []Purchase
	for _, e := range events {
		if e.Contract == s.Sale {
			ours = append(ours, e)
		}
	}
	if len(ours) == 0 {
		return nil, arena.Errorf(arena.EINVALID, "Transaction %s bought nothing on the arena's sale contract %s.", tx.Hex(), s.Sale.Hex())
	}
	var match *Purchase
	var price *Price
	var why error
	for i := range ours {
		e := &ours[i]
		p := findListing(prices, e.Listing)
		if p == nil {
			other, err := s.Store.PriceByListing(ctx, e.Listing)
			if err != nil {
				return nil, err
			}
			if other != nil {
				why = arena.Errorf(arena.EINVALID, "Transaction %s bought release %q, not %q.", tx.Hex(), other.Release, release)
			} else {
				why = arena.Errorf(arena.EINVALID, "Transaction %s bought listing %s, which is no release of this arena.", tx.Hex(), e.Listing.Hex())
			}
			continue
		}
		switch {
		case e.Token != p.Token:
			why = arena.Errorf(arena.EINVALID, "Transaction %s paid in token %s; release %q is priced in %s.", tx.Hex(), e.Token.Hex(), release, p.Token.Hex())
		case e.Price.Cmp(p.Amount) < 0:
			why = arena.Errorf(arena.EINVALID, "Transaction %s paid %s token units; release %q costs %s.", tx.Hex(), e.Price, release, p.Amount)
		case e.LicenceHash != p.LicenceHash:
			why = arena.Errorf(arena.EINVALID, "Transaction %s accepted licence %s; release %q is sold under %s.", tx.Hex(), e.LicenceHash.Hex(), release, p.LicenceHash.Hex())
		default:
			match, price = e, p
		}
		if match != nil {
			break
		}
	}
	if match == nil {
		return nil, why
	}
	signer, err := RecoverPersonalSign([]byte(PurchaseMessage(release, tx)), sig)
	if err != nil || signer != match.Buyer {
		return nil, arena.Errorf(arena.EFORBIDDEN, "The signature is not the buyer's: sign %q with the wallet %s that bought the release (personal_sign).", PurchaseMessage(release, tx), match.Buyer.Hex())
	}
	need := s.Confirmations
	if need == 0 {
		need = 1
	}
	if confs < need {
		return nil, arena.Errorf(arena.EUNAVAILABLE, "Transaction %s has %d of the %d confirmations a purchase needs; try again in a few blocks.", tx.Hex(), confs, need)
	}
	sale := &Sale{PriceID: price.ID, Release: release, Purchase: *match, CreatedAt: s.Clock.Now()}
	created, err := s.Store.RecordSale(ctx, sale, func(battles map[int64]int64) []SaleShare {
		return SplitShares(match.ToContributors, battles)
	})
	if err != nil {
		return nil, err
	}
	return &PurchaseResult{Sale: sale, Created: created, Link: s.Sign(release, sale.ID)}, nil
}

func findListing(prices []Price, listing common.Hash) *Price {
	for i := range prices {
		if prices[i].Listing == listing {
			return &prices[i]
		}
	}
	return nil
}

// Link is a signed download link: release's files may be fetched with Query until
// Expires.
type Link struct {
	Release string
	SaleID  int64
	Expires time.Time
	// Query is what to add to a file's URL: r (release), sale, exp (Unix seconds), sig.
	Query string
}

// Sign signs a download link of release for sale, valid for the configured time.
func (s *Sales) Sign(release string, saleID int64) Link {
	exp := s.Clock.Now().Add(s.ttl()).Truncate(time.Second)
	q := url.Values{"r": {release}, "sale": {strconv.FormatInt(saleID, 10)}, "exp": {strconv.FormatInt(exp.Unix(), 10)},
		"sig": {s.mac(release, saleID, exp.Unix())}}
	return Link{Release: release, SaleID: saleID, Expires: exp, Query: q.Encode()}
}

func (s *Sales) mac(release string, saleID, exp int64) string {
	h := hmac.New(sha256.New, s.Key)
	fmt.Fprintf(h, "arena download link\x00%s\x00%d\x00%d", release, saleID, exp)
	return hex.EncodeToString(h.Sum(nil))
}

// CheckLink verifies a download link's query for release: its signature (what it names
// cannot be changed), that it is for this release, and that it has not expired.
func (s *Sales) CheckLink(release string, q url.Values) error {
	if q.Get("sig") == "" {
		return arena.Errorf(arena.EFORBIDDEN, "Release %q is sold: its files download through the signed link its purchase gives (POST /api/releases/%s/purchases).", release, release)
	}
	saleID, err1 := strconv.ParseInt(q.Get("sale"), 10, 64)
	exp, err2 := strconv.ParseInt(q.Get("exp"), 10, 64)
	sig, err3 := hex.DecodeString(q.Get("sig"))
	linkRelease := q.Get("r")
	if err1 != nil || err2 != nil || err3 != nil || !hmac.Equal(sig, mustHex(s.mac(linkRelease, saleID, exp))) {
		return arena.Errorf(arena.EFORBIDDEN, "This download link was altered or not signed by this arena: its signature does not match. Ask for a new one with your purchase's transaction.")
	}
	if linkRelease != release {
		return arena.Errorf(arena.EFORBIDDEN, "This download link is for release %q, not %q.", linkRelease, release)
	}
	if at := time.Unix(exp, 0); !s.Clock.Now().Before(at) {
		return arena.Errorf(arena.EFORBIDDEN, "This download link expired at %s. Post your purchase's transaction again for a new one.", at.UTC().Format(time.RFC3339))
	}
	return nil
}

func mustHex(s string) []byte {
	b, _ := hex.DecodeString(s)
	return b
}

// Gated reports whether release's data files need a download link: it has a current
// price. The card and manifest stay public, so buyers see what they buy.
func (s *Sales) Gated(ctx context.Context, release string) (bool, error) {
	prices, err := s.Store.Prices(ctx, release)
	if err != nil {
		return false, err
	}
	return len(prices) > 0 && prices[0].EndedAt.IsZero(), nil
}
