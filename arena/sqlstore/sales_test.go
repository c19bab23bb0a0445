package sqlstore_test

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// testDataSales: a recorded release is priced (never an internal one), a sale's
// contributors' part is split among the voters whose battles in it earn a share by the
// domain's rule, the same purchase recorded twice credits nothing twice, the totals and
// each contributor's lines add up, and settlement's snapshot carries the shares as their
// own line with the cutoff it read them at.
func testDataSales(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	ma := &arena.Model{Name: "demo-a", Provider: arena.ProviderDemo, Active: true}
	mb := &arena.Model{Name: "demo-b", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{ma, mb} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)
	var users []*arena.User
	for _, name := range []string{"ann", "ben", "cat"} {
		u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	ann, ben, cat := users[0].ID, users[1].ID, users[2].ID
	yes, no := true, false
	// ann: three consented battles; ben: one consented, one not; cat: one not.
	battles := []struct {
		id      string
		user    int64
		publish *bool
	}{{"a1", ann, &yes}, {"a2", ann, &yes}, {"a3", ann, &yes}, {"b1", ben, &yes}, {"b2", ben, &no}, {"c1", cat, &no}}
	for i, b := range battles {
		consentBattle(t, db, b.id, b.user, ma, mb, b.publish, t0.Add(time.Duration(i)*time.Minute))
	}
	rel := &arena.DatasetRelease{Name: "2026-12", CreatedAt: t0.Add(time.Hour)}
	ids := []string{"a1", "a2", "a3", "b1", "b2", "c1"}
	if err := db.RecordRelease(ctx, rel, "", ids); err != nil {
		t.Fatal(err)
	}
	internal := &arena.DatasetRelease{Name: "everything", CreatedAt: t0.Add(time.Hour), Internal: true}
	if err := db.RecordRelease(ctx, internal, "", ids); err != nil {
		t.Fatal(err)
	}

	sale, token := common.HexToAddress("0x5a1e"), common.HexToAddress("0x70ce")
	price := func(release string, n int, amount int64) *rewards.Price {
		return &rewards.Price{Release: release, Listing: rewards.ListingID(release, n), Sale: sale, Token: token, Amount: big.NewInt(amount),
			Licence: "CC-BY-4.0", LicenceHash: rewards.LicenceHash("CC-BY-4.0"), CreatedAt: t0.Add(2 * time.Hour)}
	}
	if err := db.SetPrice(ctx, price("nope", 1, 10)); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("pricing an unrecorded release: %v", err)
	}
	if err := db.SetPrice(ctx, price("everything", 1, 10)); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("pricing an internal release: %v", err)
	}
	if err := db.SetPrice(ctx, price("2026-12", 1, 0)); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("a zero price: %v", err)
	}
	if ps, err := db.Prices(ctx, "2026-12"); err != nil || len(ps) != 0 {
		t.Fatalf("refused prices were stored: %+v %v", ps, err)
	}
	p1 := price("2026-12", 1, 100)
	if err := db.SetPrice(ctx, p1); err != nil {
		t.Fatal(err)
	}
	if err := db.SetPrice(ctx, price("2026-12", 1, 100)); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("the same listing twice: %v", err)
	}
	p2 := price("2026-12", 2, 80)
	p2.CreatedAt = p2.CreatedAt.Add(time.Minute)
	if err := db.SetPrice(ctx, p2); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Prices(ctx, "2026-12")
	if err != nil || len(ps) != 2 || ps[0].ID != p2.ID || !ps[0].EndedAt.IsZero() || ps[1].EndedAt.IsZero() || ps[0].Amount.Int64() != 80 {
		t.Fatalf("prices after a reprice: %+v %v", ps, err)
	}
	if cur, err := db.CurrentPrices(ctx); err != nil || len(cur) != 1 || cur["2026-12"].ID != p2.ID {
		t.Fatalf("current prices %+v %v", cur, err)
	}
	if got, err := db.PriceByListing(ctx, p1.Listing); err != nil || got == nil || got.ID != p1.ID || got.Release != "2026-12" {
		t.Fatalf("price by listing %+v %v", got, err)
	}

	purchase := func(tx string, paid, toC int64) rewards.Purchase {
		return rewards.Purchase{TxHash: common.HexToHash(tx), LogIndex: 3, Block: 42, Contract: sale, Listing: p2.Listing, Buyer: common.HexToAddress("0xb0b"),
			Token: token, Price: big.NewInt(paid), LicenceHash: p2.LicenceHash, ToContributors: big.NewInt(toC), ToOperator: big.NewInt(paid - toC)}
	}
	var counted map[int64]int64
	split := func(b map[int64]int64) []rewards.SaleShare { counted = b; return rewards.SplitShares(big.NewInt(7), b) }
	s1 := &rewards.Sale{PriceID: p2.ID, Release: "2026-12", Purchase: purchase("0x01", 10, 7), CreatedAt: t0.Add(3 * time.Hour)}
	created, err := db.RecordSale(ctx, s1, split)
	if err != nil || !created {
		t.Fatalf("first sale: %v %v", created, err)
	}
	if len(counted) != 2 || counted[ann] != 3 || counted[ben] != 1 {
		t.Fatalf("battles earning a share %v, want ann 3 and ben 1 (ben's and cat's unconsented ones earn nothing)", counted)
	}
	// 7 × 3/4 = 5.25 and 7 × 1/4 = 1.75: the unit left over goes to ben's larger remainder.
	wantShares := map[int64]int64{ann: 5, ben: 2}
	if s1.Battles != 4 || len(s1.Shares) != 2 {
		t.Fatalf("sale %+v", s1)
	}
	for _, sh := range s1.Shares {
		if sh.Units.Int64() != wantShares[sh.UserID] || sh.ID == 0 {
			t.Fatalf("share %+v, want %d", sh, wantShares[sh.UserID])
		}
	}
	again := &rewards.Sale{PriceID: p2.ID, Release: "2026-12", Purchase: purchase("0x01", 10, 7), CreatedAt: t0.Add(4 * time.Hour)}
	if created, err := db.RecordSale(ctx, again, func(map[int64]int64) []rewards.SaleShare {
		t.Fatal("a recorded purchase was split again")
		return nil
	}); err != nil || created || again.ID != s1.ID || len(again.Shares) != 2 || again.Purchase.ToContributors.Int64() != 7 {
		t.Fatalf("the same purchase again: created %v, %+v, %v", created, again, err)
	}
	if n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM sale_shares`); err != nil || n != 2 {
		t.Fatalf("%d share lines after a repeated purchase, want 2 (%v)", n, err)
	}

	// ann withdraws one battle: a later sale pays her for two.
	if err := db.SetBattleConsent(ctx, ann, "a3", arena.ConsentDecision{At: t0.Add(5 * time.Hour), Version: arena.ConsentVersion}); err != nil {
		t.Fatal(err)
	}
	s2 := &rewards.Sale{PriceID: p2.ID, Release: "2026-12", Purchase: purchase("0x02", 90, 63), CreatedAt: t0.Add(6 * time.Hour)}
	if _, err := db.RecordSale(ctx, s2, func(b map[int64]int64) []rewards.SaleShare { return rewards.SplitShares(big.NewInt(63), b) }); err != nil {
		t.Fatal(err)
	}
	if s2.Battles != 3 {
		t.Fatalf("second sale counted %d battles, want 3", s2.Battles)
	}

	totals, err := db.SalesTotals(ctx)
	if err != nil || len(totals) != 1 {
		t.Fatalf("totals %+v %v", totals, err)
	}
	if tt := totals[0]; tt.Release != "2026-12" || tt.Sales != 2 || tt.Proceeds.Int64() != 100 || tt.ToContributors.Int64() != 70 ||
		tt.ToOperator.Int64() != 30 || tt.Allocated.Int64() != 70 || tt.Contributors != 2 || tt.Token != token {
		t.Fatalf("totals %+v", tt)
	}
	mine, err := db.MySaleShares(ctx, ann)
	if err != nil || len(mine) != 2 || mine[0].SaleID != s2.ID || mine[0].Units.Int64() != 42 || mine[0].Battles != 2 ||
		mine[1].Units.Int64() != 5 || mine[0].Settled || mine[0].Release != "2026-12" || mine[0].Paid.Int64() != 90 {
		t.Fatalf("ann's shares %+v %v", mine, err)
	}
	if mine, err := db.MySaleShares(ctx, cat); err != nil || len(mine) != 0 {
		t.Fatalf("cat earned %+v %v", mine, err)
	}

	// Settlement reads the shares as their own line, with the cutoff it read them at;
	// only sales in the distributor's token count (a sale in another token is not its
	// to pay).
	dist := common.HexToAddress("0xd1")
	if err := db.RecordDeployment(ctx, rewards.Deployment{ChainID: 1337, Token: token, Distributor: dist, CreatedAt: t0}, nil); err != nil {
		t.Fatal(err)
	}
	p3 := price("2026-12", 3, 10)
	p3.Token, p3.CreatedAt = common.HexToAddress("0x05dc"), t0.Add(6*time.Hour)
	if err := db.SetPrice(ctx, p3); err != nil {
		t.Fatal(err)
	}
	usd := purchase("0x03", 10, 7)
	usd.Token, usd.Listing = p3.Token, p3.Listing
	if _, err := db.RecordSale(ctx, &rewards.Sale{PriceID: p3.ID, Release: "2026-12", Purchase: usd, CreatedAt: t0.Add(6 * time.Hour)},
		func(b map[int64]int64) []rewards.SaleShare { return rewards.SplitShares(big.NewInt(7), b) }); err != nil {
		t.Fatal(err)
	}
	ep := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: dist, CreatedAt: t0.Add(7 * time.Hour), UpdatedAt: t0.Add(7 * time.Hour)}
	if err := db.SnapshotEpoch(ctx, ep, func(in rewards.Snapshot) ([]rewards.EpochEntry, error) {
		if in.SaleShares[ann].Int64() != 47 || in.SaleShares[ben].Int64() != 23 || in.SaleShares[cat] != nil {
			t.Fatalf("snapshot's sale shares %v", in.SaleShares)
		}
		return []rewards.EpochEntry{{UserID: ann, Account: common.HexToAddress("0xa"), Cumulative: big.NewInt(47)}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(ctx, `UPDATE epochs SET state = 'confirmed' WHERE id = ?`, ep.ID); err != nil {
		t.Fatal(err)
	}
	if mine, err := db.MySaleShares(ctx, ann); err != nil || len(mine) != 3 || mine[0].Settled || !mine[1].Settled || !mine[2].Settled {
		t.Fatalf("ann's shares after a confirmed epoch %+v %v (the one in another token is not settled)", mine, err)
	}

	if p, err := db.EndPrice(ctx, "2026-12", t0.Add(8*time.Hour)); err != nil || p.ID != p3.ID {
		t.Fatalf("EndPrice %+v %v", p, err)
	}
	if cur, err := db.CurrentPrices(ctx); err != nil || len(cur) != 0 {
		t.Fatalf("current prices once free %+v %v", cur, err)
	}
	if _, err := db.EndPrice(ctx, "2026-12", t0); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("EndPrice of a free release: %v", err)
	}
}
