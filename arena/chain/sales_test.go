package chain

import (
	"context"
	"errors"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// TestListAndReadPurchases: ListRelease lists once (a retry with the same terms sends
// nothing, other terms are ErrListedOtherwise), a purchase's receipt gives its
// Purchased event with every field and its confirmations, a transaction without one
// gives none, an unknown one is ENOTFOUND, and DelistRelease ends the sale.
func TestListAndReadPurchases(t *testing.T) {
	c := newCommerceChain(t)
	ctx := context.Background()
	rel, licence := id("listing 1"), id("licence")
	tx, err := ListRelease(ctx, c.backend, c.carol.auth, c.sale, rel, c.token, units(10), licence)
	if err != nil || tx == nil {
		t.Fatalf("list: %v %v", tx, err)
	}
	if tx, err := ListRelease(ctx, c.backend, c.carol.auth, c.sale, rel, c.token, units(10), licence); err != nil || tx != nil {
		t.Fatalf("the same listing again: %v %v", tx, err)
	}
	if _, err := ListRelease(ctx, c.backend, c.carol.auth, c.sale, rel, c.token, units(11), licence); !errors.Is(err, ErrListedOtherwise) {
		t.Fatalf("the same id at another price: %v", err)
	}
	if bps, err := ContributorsBps(ctx, c.backend, c.sale); err != nil || bps != DefaultContributorsBps {
		t.Fatalf("contributorsBps %d %v", bps, err)
	}
	c.fund(t, c.token, c.bob, c.sale, units(10))
	r, err := c.sendTx(c.bob, c.sale, saleABI.PackBuy(rel, licence))
	wantOK(t, err)
	p := Purchases{Backend: c.backend}
	got, confs, err := p.Purchases(ctx, r.TxHash)
	if err != nil || len(got) != 1 || confs != 1 {
		t.Fatalf("purchases %+v, %d confirmations, %v", got, confs, err)
	}
	e := got[0]
	if e.Contract != c.sale || e.Listing != rel || e.Buyer != c.bob.addr || e.Token != c.token || e.Price.Cmp(units(10)) != 0 ||
		e.LicenceHash != licence || e.ToContributors.Cmp(units(7)) != 0 || e.ToOperator.Cmp(units(3)) != 0 || e.Payee != c.distributor ||
		e.Treasury != c.treasury || e.TxHash != r.TxHash || e.Block != r.BlockNumber.Uint64() {
		t.Fatalf("purchase %+v", e)
	}
	wantOK(t, c.send(c.admin, c.token, tokenABI.PackMint(c.alice.addr, units(1))))
	if _, confs, err := p.Purchases(ctx, r.TxHash); err != nil || confs != 2 {
		t.Fatalf("a block later: %d confirmations, %v", confs, err)
	}
	approve, err := c.sendTx(c.bob, c.token, tokenABI.PackApprove(c.sale, units(1)))
	wantOK(t, err)
	if got, _, err := p.Purchases(ctx, approve.TxHash); err != nil || len(got) != 0 {
		t.Fatalf("an approval's purchases %+v %v", got, err)
	}
	if _, _, err := p.Purchases(ctx, common.HexToHash("0x1234")); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("an unknown transaction: %v", err)
	}
	if _, err := DelistRelease(ctx, c.backend, c.carol.auth, c.sale, rel); err != nil {
		t.Fatal(err)
	}
	if l, err := ReadListing(ctx, c.backend, c.sale, rel); err != nil || l.Listed || l.Token != c.token {
		t.Fatalf("after delisting %+v %v", l, err)
	}
	if tx, err := DelistRelease(ctx, c.backend, c.carol.auth, c.sale, rel); err != nil || tx != nil {
		t.Fatalf("delisting twice: %v %v", tx, err)
	}
}
