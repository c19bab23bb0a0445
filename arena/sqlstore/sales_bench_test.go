package sqlstore_test

import (
	"context"
	"fmt"
	"math/big"
	"path/filepath"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite"
)

// BenchmarkRecordSale measures recording one sale of a release of 100,000 battles by
// 10,000 contributors on SQLite: counting each contributor's battles that earn a share,
// splitting the part and writing the sale and its 10,000 share lines, in one
// transaction. Each iteration records a new purchase of the same release:
//
//	go test -run '^$' -bench RecordSale -benchtime 5x ./arena/sqlstore
func BenchmarkRecordSale(b *testing.B) {
	const battles, users = 100_000, 10_000
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "arena.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		b.Helper()
		if err := db.Exec(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO models (id, name, provider, outputs_public, created_at, updated_at) VALUES (1, 'm1', 'external', 1, 0, 0), (2, 'm2', 'external', 1, 0, 0)`)
	exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		INSERT INTO users (id, role, is_guest, created_at) SELECT i, 'user', 1, 0 FROM s`, users)
	exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		INSERT INTO battles (id, user_id, model_a, model_b, status, created_at, updated_at) SELECT 'b' || i, 1 + (i * 7919) % ?, 1, 2, 'voted', i, 0 FROM s`, battles, users)
	exec(`INSERT INTO votes (battle_id, user_id, winner, points, created_at, counted, publish) SELECT id, user_id, 'model_a', 0, created_at, 1, 1 FROM battles`)
	exec(`INSERT INTO releases (id, name, created_at, internal, battles) VALUES (1, 'big', 0, 0, ?)`, battles)
	exec(`INSERT INTO release_battles (release_id, battle_id) SELECT 1, id FROM battles`)
	p := &rewards.Price{Release: "big", Listing: rewards.ListingID("big", 1), Sale: common.HexToAddress("0x5a1e"), Token: common.HexToAddress("0x70ce"),
		Amount: big.NewInt(1), Licence: "l", LicenceHash: rewards.LicenceHash("l"), CreatedAt: time.Now()}
	if err := db.SetPrice(ctx, p); err != nil {
		b.Fatal(err)
	}
	toC := new(big.Int).Mul(big.NewInt(175), big.NewInt(1e18))
	b.ResetTimer()
	for i := range b.N {
		s := &rewards.Sale{PriceID: p.ID, Release: "big", CreatedAt: time.Now(), Purchase: rewards.Purchase{
			TxHash: common.HexToHash(fmt.Sprintf("0x%x", i+1)), Listing: p.Listing, Buyer: common.HexToAddress("0xb0b"), Token: p.Token,
			Price: toC, ToContributors: toC, ToOperator: new(big.Int)}}
		created, err := db.RecordSale(ctx, s, func(m map[int64]int64) []rewards.SaleShare { return rewards.SplitShares(toC, m) })
		if err != nil || !created || len(s.Shares) != users || s.Battles != battles {
			b.Fatalf("sale: %v %v, %d shares, %d battles", created, err, len(s.Shares), s.Battles)
		}
	}
}
