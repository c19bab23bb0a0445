package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// seqAddress is the n-th of a set of addresses spread over the whole range, so that the
// chunks' boundaries fall between them.
func seqAddress(n int) common.Address {
	var a common.Address
	v := uint64(n) * 0x9e3779b97f4a7c15
	for i := 0; i < 8; i++ {
		a[i] = byte(v >> (56 - 8*i))
	}
	a[19] = byte(n)
	return a
}

// testSettlementEpochs takes epochs through every state the store records, with enough
// wallets to span several leaf chunks.
func testSettlementEpochs(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	dist := common.HexToAddress("0x00000000000000000000000000000000000000d1")
	const n = 2500
	var want []rewards.EpochEntry
	for i := range n {
		want = append(want, rewards.EpochEntry{UserID: int64(i + 1), Account: seqAddress(i), Points: int64(i*7 - 100),
			Cumulative: new(big.Int).Mul(big.NewInt(int64(i)), big.NewInt(1e18))})
	}
	ep := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: dist, CreatedAt: now, UpdatedAt: now}
	if err := db.SnapshotEpoch(ctx, ep, func(in rewards.Snapshot) ([]rewards.EpochEntry, error) {
		if len(in.Points) != 0 || len(in.Prev) != 0 || in.Carry != nil {
			t.Fatalf("snapshot of an empty arena: %+v", in)
		}
		return want, nil
	}); err != nil {
		t.Fatal(err)
	}
	if ep.ID == 0 || ep.State != rewards.StateSnapshotted || ep.Wallets != n {
		t.Fatalf("snapshotted %+v", ep)
	}
	got, err := db.EpochEntries(ctx, ep.ID)
	if err != nil || len(got) != n {
		t.Fatalf("%d entries, %v", len(got), err)
	}
	byAddr := map[common.Address]rewards.EpochEntry{}
	for i, e := range got {
		if i > 0 && string(got[i-1].Account[:]) >= string(e.Account[:]) {
			t.Fatal("entries not in address order")
		}
		byAddr[e.Account] = e
	}
	for _, w := range want {
		g, ok := byAddr[w.Account]
		if !ok || g.UserID != w.UserID || g.Points != w.Points || g.Cumulative.Cmp(w.Cumulative) != 0 {
			t.Fatalf("entry %s: got %+v, want %+v", w.Account.Hex(), g, w)
		}
		if w.UserID%97 == 0 || w.UserID == 1 || w.UserID == n {
			one, err := db.EpochEntry(ctx, ep.ID, w.Account)
			if err != nil || one.Cumulative.Cmp(w.Cumulative) != 0 || one.UserID != w.UserID {
				t.Fatalf("one entry %s: %+v %v", w.Account.Hex(), one, err)
			}
		}
	}
	for _, absent := range []common.Address{common.HexToAddress("0x01"), common.HexToAddress("0xffffffffffffffffffffffffffffffffffffffff"), seqAddress(n + 5)} {
		if _, err := db.EpochEntry(ctx, ep.ID, absent); arena.ErrorCode(err) != arena.ENOTFOUND {
			t.Fatalf("absent wallet %s: %v", absent.Hex(), err)
		}
	}

	// Only one unfinished epoch per distributor.
	other := &rewards.Epoch{Number: 2, ChainID: 1337, Distributor: dist, CreatedAt: now, UpdatedAt: now}
	build := func(rewards.Snapshot) ([]rewards.EpochEntry, error) { return want[:3], nil }
	if err := db.SnapshotEpoch(ctx, other, build); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("a second open epoch: %v", err)
	}

	root := common.HexToHash("0xabc")
	if err := db.SaveTree(ctx, ep.ID, root, big.NewInt(99), now); err != nil {
		t.Fatal(err)
	}
	if err := db.SaveTree(ctx, ep.ID, root, big.NewInt(99), now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("saving the tree twice: %v", err)
	}
	if err := db.Renumber(ctx, ep.ID, 4, "taken", now); err != nil {
		t.Fatal(err)
	}
	tx1 := &rewards.EpochTx{EpochID: ep.ID, Hash: common.HexToHash("0x71"), Raw: []byte{1, 2}, Reason: "first", CreatedAt: now}
	tx2 := &rewards.EpochTx{EpochID: ep.ID, Hash: common.HexToHash("0x72"), Raw: []byte{3}, Reason: "underpriced", CreatedAt: now}
	for _, tx := range []*rewards.EpochTx{tx1, tx2} {
		if err := db.AddTx(ctx, tx, now); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.AddTx(ctx, &rewards.EpochTx{EpochID: ep.ID, Hash: tx1.Hash, Raw: []byte{9}, CreatedAt: now}, now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("recording a transaction twice: %v", err)
	}
	txs, err := db.EpochTxs(ctx, ep.ID)
	if err != nil || len(txs) != 2 || txs[0].Seq != 1 || txs[1].Seq != 2 || txs[1].Reason != "underpriced" || string(txs[0].Raw) != "\x01\x02" {
		t.Fatalf("transactions %+v %v", txs, err)
	}
	open, err := db.OpenEpoch(ctx, dist)
	if err != nil || open == nil || open.Number != 4 || open.State != rewards.StateTxSent || open.TxHash != tx2.Hash || open.Root != root || open.Total.Int64() != 99 {
		t.Fatalf("open epoch %+v %v", open, err)
	}
	if err := db.MarkMined(ctx, ep.ID, tx1.Hash, 17, common.HexToHash("0xb17"), 51000, now); err != nil {
		t.Fatal(err)
	}
	if err := db.Renumber(ctx, ep.ID, 5, "too late", now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("renumbering a mined epoch: %v", err)
	}
	if _, err := rewards.Abandon(ctx, db, dist, 4, "", now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("abandoning a mined epoch: %v", err)
	}
	if err := db.MarkConfirmed(ctx, ep.ID, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MoveBlock(ctx, ep.ID, 18, common.HexToHash("0xb18"), "moved", now); err != nil {
		t.Fatal(err)
	}
	last, err := db.LastEpoch(ctx, dist)
	if err != nil || last.State != rewards.StateConfirmed || last.Block != 18 || last.BlockHash != common.HexToHash("0xb18") || last.TxHash != tx1.Hash || last.GasUsed != 51000 {
		t.Fatalf("confirmed %+v %v", last, err)
	}
	if c, err := db.LatestConfirmed(ctx, dist); err != nil || c == nil || c.ID != ep.ID {
		t.Fatalf("latest confirmed %+v %v", c, err)
	}
	if c, err := db.EpochWithRoot(ctx, dist, root); err != nil || c == nil || c.ID != ep.ID {
		t.Fatalf("epoch with root %+v %v", c, err)
	}

	// The next epoch sees this one's entries as the previous ones.
	e2 := &rewards.Epoch{Number: 5, ChainID: 1337, Distributor: dist, CreatedAt: now, UpdatedAt: now}
	if err := db.SnapshotEpoch(ctx, e2, func(in rewards.Snapshot) ([]rewards.EpochEntry, error) {
		if len(in.Prev) != n || in.Prev[want[7].Account].Cumulative.Cmp(want[7].Cumulative) != 0 {
			t.Fatalf("previous entries: %d", len(in.Prev))
		}
		return want[:2], nil
	}); err != nil {
		t.Fatal(err)
	}
	// A reorg cannot reopen epoch 4 while 5 is open; it becomes reorged instead.
	if err := db.Unmine(ctx, ep.ID, rewards.StateTxSent, "gone", now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("reopening beside an open epoch: %v", err)
	}
	if err := db.Unmine(ctx, ep.ID, rewards.StateReorged, "gone", now); err != nil {
		t.Fatal(err)
	}
	if _, err := rewards.Abandon(ctx, db, dist, 4, "", now); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("abandoning an epoch that is not the open one: %v", err)
	}
	if _, err := rewards.Abandon(ctx, db, dist, 5, "the operator chose to", now); err != nil {
		t.Fatal(err)
	}
	if open, err := db.OpenEpoch(ctx, dist); err != nil || open != nil {
		t.Fatalf("open after abandoning: %+v %v", open, err)
	}
	evs, err := db.EpochEvents(ctx, e2.ID)
	if err != nil || len(evs) != 1 || evs[0].Kind != rewards.EventAbandoned || evs[0].Detail != "the operator chose to" || !evs[0].At.Equal(now) {
		t.Fatalf("events of the abandoned epoch: %+v %v", evs, err)
	}
	evs, err = db.EpochEvents(ctx, ep.ID)
	if err != nil || len(evs) != 3 || evs[0].Kind != rewards.EventRenumbered || evs[1].Kind != rewards.EventMoved || evs[2].Kind != rewards.EventReorged {
		t.Fatalf("events of the reorged epoch: %+v %v", evs, err)
	}
	all, err := db.DistributorEpochs(ctx, dist, 10)
	if err != nil || len(all) != 2 || all[0].Number != 5 || all[0].State != rewards.StateAbandoned || all[1].State != rewards.StateReorged || all[1].Block != 0 {
		t.Fatalf("history %+v %v", all, err)
	}

	// A deployment replacing dist carries what its wallets had there into every snapshot.
	dep := rewards.Deployment{ChainID: 1337, Token: common.HexToAddress("0x70"), Distributor: common.HexToAddress("0xd2"), Deployer: common.HexToAddress("0xde"),
		Replaces: dist, Block: 42, CreatedAt: now}
	carry := []rewards.Carryover{{Account: want[1].Account, Claimed: big.NewInt(180), Cumulative: big.NewInt(216)}}
	if err := db.RecordDeployment(ctx, dep, carry); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordDeployment(ctx, dep, nil); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("recording a deployment twice: %v", err)
	}
	deps, err := db.Deployments(ctx)
	if err != nil || len(deps) != 1 || deps[0].Replaces != dist || deps[0].Block != 42 || deps[0].HasCommerce() {
		t.Fatalf("deployments %+v %v", deps, err)
	}

	// Its escrow and sale are recorded once, on the deployment they were given to.
	withCommerce := dep
	withCommerce.Escrow, withCommerce.Sale, withCommerce.CommerceBlock = common.HexToAddress("0xe5"), common.HexToAddress("0x5a"), 43
	if err := db.RecordCommerce(ctx, withCommerce); err != nil {
		t.Fatal(err)
	}
	again := withCommerce
	again.Escrow = common.HexToAddress("0xe6")
	if err := db.RecordCommerce(ctx, again); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("recording a second escrow: %v", err)
	}
	elsewhere := withCommerce
	elsewhere.ChainID = 1
	if err := db.RecordCommerce(ctx, elsewhere); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("recording commerce for an unrecorded deployment: %v", err)
	}
	half := dep
	half.Escrow = common.HexToAddress("0xe5")
	if err := db.RecordCommerce(ctx, half); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("recording an escrow without a sale: %v", err)
	}
	deps, err = db.Deployments(ctx)
	if err != nil || len(deps) != 1 || deps[0].Escrow != withCommerce.Escrow || deps[0].Sale != withCommerce.Sale || deps[0].CommerceBlock != 43 ||
		deps[0].Token != dep.Token || deps[0].Distributor != dep.Distributor || deps[0].Block != 42 {
		t.Fatalf("deployment with its escrow and sale %+v %v", deps, err)
	}
	// A replacing deployment recorded with them keeps them.
	next := withCommerce
	next.Distributor, next.Replaces, next.Block = common.HexToAddress("0xd3"), dep.Distributor, 50
	if err := db.RecordDeployment(ctx, next, nil); err != nil {
		t.Fatal(err)
	}
	if deps, err = db.Deployments(ctx); err != nil || len(deps) != 2 || deps[0].Distributor != next.Distributor || deps[0].Escrow != next.Escrow || deps[0].Sale != next.Sale || deps[0].CommerceBlock != 43 {
		t.Fatalf("deployments after a replacement %+v %v", deps, err)
	}
	e3 := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: dep.Distributor, CreatedAt: now, UpdatedAt: now}
	if err := db.SnapshotEpoch(ctx, e3, func(in rewards.Snapshot) ([]rewards.EpochEntry, error) {
		c, ok := in.Carry[want[1].Account]
		if len(in.Carry) != 1 || !ok || c.Claimed.Int64() != 180 || c.Cumulative.Int64() != 216 || len(in.Prev) != 0 {
			t.Fatalf("carryover %+v", in.Carry)
		}
		return want[:1], nil
	}); err != nil {
		t.Fatal(err)
	}
}

// testMigrationKeepsEpochs: epochs settled before migration 15 (a proof per row, the raw
// transaction on the epoch) keep their entries, states and transactions after it.
func testMigrationKeepsEpochs(t *testing.T, be backend) {
	ctx := context.Background()
	addr := be.fresh(t)
	var ms []sqlstore.Migration
	var driver, dsn string
	var err error
	if be.name == "sqlite" {
		ms, err = sqlite.Migrations()
		driver, dsn = "sqlite", "file:"+addr+"?_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"
	} else {
		ms, err = postgres.Migrations()
		driver, dsn = "pgx", addr
	}
	if err != nil {
		t.Fatal(err)
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if be.name == "sqlite" {
		raw.SetMaxOpenConns(1) // foreign_keys is per connection
	}
	// The migrations before 15, applied as Migrate does (on a plain connection, whose
	// placeholders differ between the drivers).
	if _, err := raw.ExecContext(ctx, `CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:14] {
		if _, err := raw.ExecContext(ctx, m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if _, err := raw.ExecContext(ctx, fmt.Sprintf(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (%d, '%s', 0)`, m.Version, m.Name)); err != nil {
			t.Fatal(err)
		}
	}
	a, b := seqAddress(1).Hex(), seqAddress(2).Hex()
	d1 := common.HexToAddress("0xd1").Hex()
	for _, q := range []string{
		`INSERT INTO epochs (id, distributor, chain_id, number, state, cutoff_ledger_id, root, total, tx_hash, raw_tx, block_number, gas_used, created_at, updated_at)
			VALUES (1, '` + d1 + `', 1337, 1, 'confirmed', 3, '0x01', '7', '0x0a', X'0102', 12, 50000, 1000, 2000)`,
		`INSERT INTO epochs (id, distributor, chain_id, number, state, cutoff_ledger_id, root, total, tx_hash, raw_tx, block_number, gas_used, created_at, updated_at)
			VALUES (2, '` + d1 + `', 1337, 2, 'tx_sent', 4, '0x02', '9', '0x0b', X'0304', 0, 0, 3000, 4000)`,
		fmt.Sprintf(`INSERT INTO epoch_entries (epoch_id, address, user_id, points, cumulative, proof) VALUES (1, '%s', 5, 3, '3000', '[]'), (1, '%s', 6, 4, '4000', '[]'), (2, '%s', 5, 9, '9000', NULL)`, b, a, a),
	} {
		if be.name == "postgres" {
			q = replaceBlob(q)
		}
		if _, err := raw.ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	raw.Close()
	db, err := be.open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	dist := common.HexToAddress("0xd1")
	eps, err := db.DistributorEpochs(ctx, dist, 5)
	if err != nil || len(eps) != 2 || eps[0].State != rewards.StateTxSent || eps[1].State != rewards.StateConfirmed || eps[1].Block != 12 || eps[1].Wallets != 2 || eps[1].Total.Int64() != 7 {
		t.Fatalf("epochs after the migration: %+v %v", eps, err)
	}
	entries, err := db.EpochEntries(ctx, 1)
	if err != nil || len(entries) != 2 || entries[0].Account != seqAddress(2) || entries[0].Cumulative.Int64() != 3000 || entries[1].UserID != 6 {
		t.Fatalf("old entries %+v %v", entries, err)
	}
	if e, err := db.EpochEntry(ctx, 1, seqAddress(2)); err != nil || e.Points != 3 {
		t.Fatalf("one old entry %+v %v", e, err)
	}
	txs, err := db.EpochTxs(ctx, 2)
	if err != nil || len(txs) != 1 || txs[0].Hash != common.HexToHash("0x0b") || string(txs[0].Raw) != "\x03\x04" {
		t.Fatalf("the old epoch's transaction: %+v %v", txs, err)
	}
	if open, err := db.OpenEpoch(ctx, dist); err != nil || open == nil || open.ID != 2 {
		t.Fatalf("open epoch %+v %v", open, err)
	}
}

// replaceBlob turns SQLite's X'..' blob literals into PostgreSQL's.
func replaceBlob(q string) string {
	out := []byte{}
	for i := 0; i < len(q); i++ {
		if q[i] == 'X' && i+1 < len(q) && q[i+1] == '\'' {
			j := i + 2
			for q[j] != '\'' {
				j++
			}
			out = append(out, []byte(`'\x`+q[i+2:j]+`'::bytea`)...)
			i = j
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
