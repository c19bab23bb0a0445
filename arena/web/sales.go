package web

import (
	"math/big"
	"net/http"
	"net/url"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/views"
)

// Data sales (issue 26): a buyer posts the transaction that bought a release, signed
// by the buying wallet, and gets a signed, expiring download link.

type purchaseRequest struct {
	Tx        string `json:"tx"`
	Signature string `json:"signature"`
}

type purchaseOut struct {
	SaleID  int64  `json:"sale_id"`
	Release string `json:"release"`
	// Created is false when the purchase was recorded before: nothing was credited
	// again, and the link is a fresh one for the same sale.
	Created bool   `json:"created"`
	Buyer   string `json:"buyer"`
	Paid    string `json:"paid"`
	Token   string `json:"token"`
	// ToContributors is the contributors' part, split among Contributors accounts by
	// their Battles in the release that earn a share.
	ToContributors string            `json:"to_contributors"`
	ToOperator     string            `json:"to_operator"`
	Battles        int64             `json:"battles"`
	Contributors   int               `json:"contributors"`
	Expires        string            `json:"expires"`
	Files          map[string]string `json:"files"`
}

// apiPurchase verifies a purchase of a release and answers with its download links.
func (s *Server) apiPurchase(c echo.Context) error {
	if s.deps.Sales == nil {
		return arena.Errorf(arena.ENOTFOUND, "This arena sells no releases.")
	}
	name := c.Param("name")
	var in purchaseRequest
	if err := bindJSON(c, &in); err != nil {
		return err
	}
	txb, err := hexutil.Decode(in.Tx)
	if err != nil || len(txb) != common.HashLength {
		return arena.Errorf(arena.EINVALID, "tx must be the purchase's transaction hash: 0x and 64 hex digits; got %q.", in.Tx)
	}
	sig, err := hexutil.Decode(in.Signature)
	if err != nil {
		return arena.Errorf(arena.EINVALID, "signature must be the buyer's personal_sign signature, 0x and 130 hex digits, of %q.", "Download arena release "+name+" bought in transaction "+common.BytesToHash(txb).Hex())
	}
	res, err := s.deps.Sales.Purchase(c.Request().Context(), name, common.BytesToHash(txb), sig)
	if err != nil {
		return err
	}
	r, err := s.findRelease(name)
	if err != nil {
		return err
	}
	pu := res.Sale.Purchase
	out := purchaseOut{SaleID: res.Sale.ID, Release: name, Created: res.Created, Buyer: pu.Buyer.Hex(), Paid: pu.Price.String(),
		Token: pu.Token.Hex(), ToContributors: pu.ToContributors.String(), ToOperator: pu.ToOperator.String(), Battles: res.Sale.Battles,
		Contributors: len(res.Sale.Shares), Expires: res.Link.Expires.UTC().Format("2006-01-02T15:04:05Z"), Files: map[string]string{}}
	for _, f := range r.Files {
		out.Files[f.Path] = "/data/releases/" + url.PathEscape(name) + "/" + url.PathEscape(f.Path) + "?" + res.Link.Query
	}
	status := http.StatusCreated
	if !res.Created {
		status = http.StatusOK
	}
	return c.JSON(status, out)
}

// findRelease is the served release named name.
func (s *Server) findRelease(name string) (*arena.DatasetRelease, error) {
	rs, err := s.deps.Datasets.Releases()
	if err != nil {
		return nil, err
	}
	for i := range rs {
		if rs[i].Name == name {
			return &rs[i], nil
		}
	}
	return nil, arena.Errorf(arena.ENOTFOUND, "This arena serves no release named %q.", name)
}

// releaseGate refuses a sold release's data files without a valid download link. The
// card and the manifest stay open, so a buyer sees what they pay for.
func (s *Server) releaseGate(c echo.Context) (gated bool, err error) {
	if s.deps.Sales == nil {
		return false, nil
	}
	name, file := c.Param("name"), c.Param("file")
	if file == dataset.CardName || file == dataset.ManifestName {
		return false, nil
	}
	if gated, err = s.deps.Sales.Gated(c.Request().Context(), name); err != nil || !gated {
		return false, err
	}
	return true, s.deps.Sales.CheckLink(name, c.QueryParams())
}

// releasePrices are the sold releases' prices as /data shows them.
func (s *Server) releasePrices(c echo.Context) (map[string]*views.ReleasePriceView, error) {
	if s.deps.Sales == nil {
		return nil, nil
	}
	ps, err := s.deps.Sales.Store.CurrentPrices(c.Request().Context())
	if err != nil {
		return nil, err
	}
	out := make(map[string]*views.ReleasePriceView, len(ps))
	for name, p := range ps {
		out[name] = &views.ReleasePriceView{Amount: p.Amount.String(), Token: p.Token.Hex(), Sale: p.Sale.Hex(), Listing: p.Listing.Hex(),
			Licence: p.Licence, LicenceHash: p.LicenceHash.Hex(), ContributorsBps: s.deps.Sales.ContributorsBps}
	}
	return out, nil
}

// mySales are the sales that included u's battles; shown is false when the arena sells
// nothing.
func (s *Server) mySales(c echo.Context, u *arena.User) (rows []views.MySaleRow, shown bool, err error) {
	if s.deps.Sales == nil {
		return nil, false, nil
	}
	ms, err := s.deps.Sales.Store.MySaleShares(c.Request().Context(), u.ID)
	if err != nil {
		return nil, false, err
	}
	for _, m := range ms {
		rows = append(rows, views.MySaleRow{Release: m.Release, At: m.At, Battles: m.Battles, SaleBattles: m.SaleBattles, Paid: m.Paid.String(),
			ToContributors: m.ToContributors.String(), Earned: m.Units.String(), Token: m.Token.Hex(), Settled: m.Settled})
	}
	return rows, true, nil
}

// salesTotals are every sold release's totals for /transparency.
func (s *Server) salesTotals(c echo.Context) (rows []views.SaleTotalRow, shown bool, err error) {
	if s.deps.Sales == nil {
		return nil, false, nil
	}
	ts, err := s.deps.Sales.Store.SalesTotals(c.Request().Context())
	if err != nil {
		return nil, false, err
	}
	for _, t := range ts {
		rows = append(rows, views.SaleTotalRow{Release: t.Release, Token: t.Token.Hex(), Sales: t.Sales, Proceeds: t.Proceeds.String(),
			ToContributors: t.ToContributors.String(), ToOperator: t.ToOperator.String(), Contributors: t.Contributors,
			Unallocated: new(big.Int).Sub(t.ToContributors, t.Allocated).String()})
	}
	return rows, true, nil
}

// apiMySales is GET /api/me/sales: what /me shows of the sales that included your
// battles, amounts in token units.
func (s *Server) apiMySales(c echo.Context) error {
	u, err := requireUser(c)
	if err != nil {
		return err
	}
	rows, _, err := s.mySales(c, u)
	if err != nil {
		return err
	}
	type saleJSON struct {
		Release        string `json:"release"`
		At             string `json:"at"`
		Battles        int64  `json:"battles"`
		SaleBattles    int64  `json:"sale_battles"`
		Paid           string `json:"paid"`
		ToContributors string `json:"to_contributors"`
		Earned         string `json:"earned"`
		Token          string `json:"token"`
		Settled        bool   `json:"settled"`
	}
	out := struct {
		Sales []saleJSON `json:"sales"`
	}{Sales: []saleJSON{}}
	for _, r := range rows {
		out.Sales = append(out.Sales, saleJSON{Release: r.Release, At: r.At.UTC().Format(time.RFC3339), Battles: r.Battles, SaleBattles: r.SaleBattles,
			Paid: r.Paid, ToContributors: r.ToContributors, Earned: r.Earned, Token: r.Token, Settled: r.Settled})
	}
	return c.JSON(http.StatusOK, out)
}
