package rewards_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

// claimedReader answers as a node would: the distributor's current root (epoch 1 and
// root unless set otherwise), and the claimed amount, or fails like one that is down.
type claimedReader struct {
	epoch   uint64
	root    common.Hash
	rootErr error
	claimed *big.Int
	err     error
}

var settledRoot common.Hash // the root of the epoch TestWalletsClaimable settles

func (r claimedReader) CurrentRoot(context.Context, common.Address) (uint64, common.Hash, error) {
	if r.rootErr != nil {
		return 0, common.Hash{}, r.rootErr
	}
	if r.epoch == 0 && r.root == (common.Hash{}) {
		return 1, settledRoot, nil
	}
	return r.epoch, r.root, nil
}

func (r claimedReader) ClaimedAmount(context.Context, common.Address, common.Address) (*big.Int, error) {
	return r.claimed, r.err
}

func (r claimedReader) Limits(context.Context, common.Address) (*rewards.Limits, error) {
	return &rewards.Limits{}, nil
}

// confirmEpoch takes a snapshotted epoch through the store's steps to confirmed, as a
// settlement would.
func confirmEpoch(t *testing.T, db rewards.SettleStore, id int64, root common.Hash, total *big.Int, now time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := db.SaveTree(ctx, id, root, total, now); err != nil {
		t.Fatal(err)
	}
	if err := db.AddTx(ctx, &rewards.EpochTx{EpochID: id, Hash: common.HexToHash("0x01"), Raw: []byte{1}, Reason: "first", CreatedAt: now}, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkMined(ctx, id, common.HexToHash("0x01"), 10, common.HexToHash("0xb10c"), 50000, now); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkConfirmed(ctx, id, now); err != nil {
		t.Fatal(err)
	}
}

// TestWalletsClaimable settles 40 points to a wallet in a real store and checks what the
// service offers to claim whatever the node says was claimed already.
func TestWalletsClaimable(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	clock := arenatest.NewClock(time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC))
	u := &arena.User{Username: "ann", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: clock.Now()}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	w := &rewards.Wallets{Store: db, Clock: clock, Log: arenatest.Quiet(), PackClaim: func(common.Address, *big.Int, common.Hash, []common.Hash) []byte { return []byte{1} }}
	if _, err := w.ClaimFor(ctx, u.ID, ""); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("claim without a wallet: %v", err)
	}
	addr := common.HexToAddress("0x00000000000000000000000000000000000000a1")
	n := rewards.SIWENonce{Nonce: "nonceann00000000", UserID: u.ID, Address: addr, IssuedAt: clock.Now(), ExpiresAt: clock.Now().Add(time.Hour)}
	if err := db.CreateNonce(ctx, n); err != nil {
		t.Fatal(err)
	}
	if err := db.LinkWallet(ctx, u.ID, addr, n.Nonce, clock.Now(), 0); err != nil {
		t.Fatal(err)
	}
	if st, err := w.State(ctx, u); err != nil || st.Wallet == nil || st.Claim != nil || st.ChainID != 1337 || st.CanSettle {
		t.Fatalf("state before settling: %+v %v", st, err)
	}

	cumulative := big.NewInt(40)
	ep := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: common.HexToAddress("0xd1"), CreatedAt: clock.Now(), UpdatedAt: clock.Now()}
	if err := db.SnapshotEpoch(ctx, ep, func(rewards.Snapshot) ([]rewards.EpochEntry, error) {
		return []rewards.EpochEntry{{UserID: u.ID, Account: addr, Points: 40, Cumulative: cumulative}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	tree, err := rewards.BuildTree([]rewards.Entry{{Account: addr, Cumulative: cumulative}})
	if err != nil {
		t.Fatal(err)
	}
	confirmEpoch(t, db, ep.ID, tree.Root(), cumulative, clock.Now())

	settledRoot = tree.Root()
	for _, c := range []struct {
		name               string
		reader             rewards.ClaimReader
		claimed, claimable string
	}{
		{"no node", nil, "<nil>", "<nil>"},
		{"node cannot say what was claimed", claimedReader{err: errors.New("connection refused")}, "<nil>", "<nil>"},
		{"nothing claimed", claimedReader{claimed: big.NewInt(0)}, "0", "40"},
		{"part claimed", claimedReader{claimed: big.NewInt(15)}, "15", "25"},
		{"more claimed than settled", claimedReader{claimed: big.NewInt(55)}, "55", "0"},
	} {
		w.Claimed = c.reader
		ci, err := w.ClaimFor(ctx, u.ID, "")
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if ci.Claimed.String() != c.claimed || ci.Claimable.String() != c.claimable || ci.Entry.Cumulative.Cmp(cumulative) != 0 ||
			ci.Epoch.Root != tree.Root() || len(ci.Calldata) != 1 || !rewards.VerifyProof(tree.Root(), addr, cumulative, ci.Proof) {
			t.Fatalf("%s: claimed %s claimable %s, want %s and %s (%+v)", c.name, ci.Claimed, ci.Claimable, c.claimed, c.claimable, ci)
		}
	}
	// With a node, only the distributor's current root is served, once confirmed.
	for _, c := range []struct {
		name   string
		reader claimedReader
		want   string
	}{
		{"node down", claimedReader{rootErr: errors.New("connection refused")}, "does not answer"},
		{"a root this arena did not settle", claimedReader{epoch: 2, root: common.HexToHash("0xf0")}, "not one this arena settled"},
	} {
		w.Claimed = c.reader
		_, err := w.ClaimFor(ctx, u.ID, "")
		if arena.ErrorCode(err) != arena.EUNAVAILABLE || !strings.Contains(err.Error(), c.want) {
			t.Fatalf("%s: %v", c.name, err)
		}
		st, err := w.State(ctx, u)
		if err != nil || st.Claim != nil || !strings.Contains(st.Unavailable, c.want) {
			t.Fatalf("%s: the wallet page's state %+v %v", c.name, st, err)
		}
	}
	w.Claimed = nil
	if wallet, settled, err := w.Summary(ctx, u.ID); err != nil || wallet == nil || wallet.Address != addr || settled.Points != 40 {
		t.Fatalf("summary: %+v %+v %v", wallet, settled, err)
	}
	if _, err := w.Settle(ctx); !errors.Is(err, rewards.ErrSettlementOff) {
		t.Fatalf("settling without RunSettle: %v", err)
	}
}
