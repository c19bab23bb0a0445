package sqlstore_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// snapshotOnce stores a settlement epoch on a distributor of its own, which reveals the
// open draw epoch, and returns it.
func snapshotOnce(t *testing.T, db *sqlstore.DB, now time.Time) *rewards.Epoch {
	t.Helper()
	k, _ := crypto.GenerateKey()
	ep := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: crypto.PubkeyToAddress(k.PublicKey), CreatedAt: now, UpdatedAt: now}
	if err := db.SnapshotEpoch(context.Background(), ep, func(rewards.Snapshot) ([]rewards.EpochEntry, error) { return nil, nil }); err != nil {
		t.Fatal(err)
	}
	return ep
}

// revealDraws reveals the open draw epoch by a settlement snapshot and returns its secret.
func revealDraws(t *testing.T, db *sqlstore.DB, now time.Time) []byte {
	t.Helper()
	ctx := context.Background()
	open, err := db.OpenDraw(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	snapshotOnce(t, db, now)
	d, err := db.DrawEpoch(ctx, open.Number)
	if err != nil || !d.Revealed() || len(d.Secret) != rewards.SecretSize {
		t.Fatalf("draw epoch %d after a snapshot: %+v %v", open.Number, d, err)
	}
	return d.Secret
}

func testDrawEpochs(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := arenatest.NewClock(now)

	// Servers opening the first epoch at once agree on one.
	var wg sync.WaitGroup
	got := make([]*rewards.DrawEpoch, 8)
	errs := make([]error, 8)
	for i := range got {
		wg.Go(func() { got[i], errs[i] = db.OpenDraw(ctx, now) })
	}
	wg.Wait()
	for i, d := range got {
		if errs[i] != nil || d.Number != 1 || d.Commitment != got[0].Commitment || d.Commitment == (common.Hash{}) || d.Secret != nil || d.Revealed() {
			t.Fatalf("open draw %d: %+v %v", i, d, errs[i])
		}
	}
	commitment := got[0].Commitment

	policy := rewards.DefaultPolicy()
	b := votingArena(t, db, policy, clock)
	u := &arena.User{Username: "voter", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	for range 5 {
		if _, _, err := vote(t, b, u, ""); err != nil {
			t.Fatal(err)
		}
	}
	d, err := db.DrawEpoch(ctx, 1)
	if err != nil || d.Votes != 5 || d.Secret != nil || d.Revealed() || d.Settlement != nil {
		t.Fatalf("open epoch after votes: %+v %v", d, err)
	}
	if all, err := db.DrawEpochs(ctx, 10); err != nil || len(all) != 1 || all[0].Secret != nil {
		t.Fatalf("draw epochs: %+v %v", all, err)
	}

	// A snapshot that stores nothing (nothing to settle, a dry run) reveals nothing.
	k, _ := crypto.GenerateKey()
	refused := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: crypto.PubkeyToAddress(k.PublicKey), CreatedAt: now, UpdatedAt: now}
	if err := db.SnapshotEpoch(ctx, refused, func(rewards.Snapshot) ([]rewards.EpochEntry, error) { return nil, rewards.ErrNothingToSettle }); !errors.Is(err, rewards.ErrNothingToSettle) {
		t.Fatal(err)
	}
	if d, _ := db.DrawEpoch(ctx, 1); d.Revealed() {
		t.Fatal("a snapshot rolled back revealed the draw")
	}

	clock.Add(time.Hour)
	ep := snapshotOnce(t, db, clock.Now())
	d, err = db.DrawEpoch(ctx, 1)
	if err != nil || !d.Revealed() || rewards.Commitment(d.Secret) != commitment || d.Settlement == nil || d.Settlement.ID != ep.ID || d.Votes != 5 {
		t.Fatalf("revealed epoch: %+v %v", d, err)
	}
	next, err := db.OpenDraw(ctx, clock.Now())
	if err != nil || next.Number != 2 || next.Commitment == commitment || next.Secret != nil || !next.OpenedAt.Equal(clock.Now()) {
		t.Fatalf("the next epoch: %+v %v", next, err)
	}
	votes, err := db.DrawnVotes(ctx, 1)
	if err != nil || len(votes) != 5 {
		t.Fatalf("drawn votes: %+v %v", votes, err)
	}
	var sum int64
	for _, v := range votes {
		if v.LedgerID <= 0 || v.LedgerID > ep.CutoffLedgerID || v.Tier != rewards.TierMiddle {
			t.Fatalf("vote %+v: not counted by the snapshot at ledger id %d", v, ep.CutoffLedgerID)
		}
		sum += v.Points
	}
	if bal, _ := db.Balance(ctx, u.ID); bal != sum {
		t.Fatalf("the ledger holds %d points, the draws %d", bal, sum)
	}
	if bad := rewards.VerifyDraws(policy, commitment, d.Secret, votes); len(bad) != 0 {
		t.Fatalf("the draws do not verify: %v", bad)
	}

	// The next vote draws with the next epoch's secret.
	id, _, err := vote(t, b, u, "")
	if err != nil {
		t.Fatal(err)
	}
	if v2, err := db.DrawnVotes(ctx, 2); err != nil || len(v2) != 1 || v2[0].BattleID != id {
		t.Fatalf("epoch 2's votes: %+v %v", v2, err)
	}
	if _, err := db.DrawEpoch(ctx, 9); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("a missing epoch: %v", err)
	}
}
