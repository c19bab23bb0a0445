package sqlstore_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
)

const vestWeek = 7 * 24 * time.Hour

// vestEnv is an arena whose votes vest after a week and whose sign-up bonus waits for
// two counted votes.
type vestEnv struct {
	t       *testing.T
	ctx     context.Context
	db      *sqlstore.DB
	clock   *arenatest.Clock
	battles *arena.Battles
	points  *rewards.Points
}

func newVestEnv(t *testing.T, be backend) *vestEnv {
	t.Helper()
	db, _ := be.openFresh(t)
	ctx := context.Background()
	clock := arenatest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	for _, m := range llm.DemoModels() {
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	points := &rewards.Points{Policy: rewards.DefaultPolicy(), Store: db, Clock: clock, BonusVotes: 2}
	b := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Clock: clock,
		Providers: llm.NewProviders(llm.Options{DemoDelay: llm.Instant}), Log: arenatest.Quiet(),
		Rewards: points, VestingWindow: vestWeek, Quality: &arena.Quality{Store: db, Policy: arena.DefaultQualityPolicy(), Clock: clock}})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Close(ctx)
	})
	return &vestEnv{t: t, ctx: ctx, db: db, clock: clock, battles: b, points: points}
}

func (e *vestEnv) user(name string) *arena.User {
	e.t.Helper()
	u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "x", CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// vote has u vote in a new battle, after reading it for half a minute, and returns the
// points the vote earned.
func (e *vestEnv) vote(u *arena.User) int64 {
	e.t.Helper()
	_, p := e.voteGold(u, "")
	return p
}

// voteGold is vote on a battle made gold with its side broken (none when ""), and
// returns the battle too; the vote is for A.
func (e *vestEnv) voteGold(u *arena.User, broken string) (string, int64) {
	e.t.Helper()
	bt, err := e.battles.Start(e.ctx, u, "Tell me about the sea.")
	if err != nil {
		e.t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	if bt, err = e.battles.Wait(wctx, u, bt.ID); err != nil || bt.Status != arena.StatusReady {
		e.t.Fatalf("battle not ready: %v %v", bt.Status, err)
	}
	if broken != "" {
		if err := e.db.MarkBattle(e.ctx, bt.ID, broken, "sea"); err != nil {
			e.t.Fatal(err)
		}
	}
	e.clock.Add(30 * time.Second)
	r, err := e.battles.Vote(e.ctx, u, bt.ID, arena.VoteInput{Winner: arena.WinnerA})
	if err != nil {
		e.t.Fatal(err)
	}
	return bt.ID, r.Points
}

func (e *vestEnv) status(u *arena.User) arena.PointsStatus {
	e.t.Helper()
	st, err := e.db.PointsStatus(e.ctx, u.ID, e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	if st.Balance != st.Pending+st.Vested {
		e.t.Fatalf("status %+v: balance is not pending + vested", st)
	}
	return st
}

// settleable is what a settlement snapshot at the clock's time would count for u's
// wallet; nothing is stored.
func (e *vestEnv) settleable(u *arena.User, wallet common.Address) int64 {
	e.t.Helper()
	look := errors.New("only looking")
	var got int64 = -1
	ep := &rewards.Epoch{Number: 1, ChainID: 1337, Distributor: common.HexToAddress("0xd1"), CreatedAt: e.clock.Now(), UpdatedAt: e.clock.Now()}
	err := e.db.SnapshotEpoch(e.ctx, ep, func(in rewards.Snapshot) ([]rewards.EpochEntry, error) {
		for _, wp := range in.Points {
			if wp.Account == wallet && wp.UserID == u.ID {
				got = wp.Points
			}
		}
		return nil, look
	})
	if !errors.Is(err, look) || got < 0 {
		e.t.Fatalf("snapshot: %v, wallet points %d", err, got)
	}
	return got
}

func (e *vestEnv) link(u *arena.User, addr common.Address) {
	e.t.Helper()
	nonce := "Nonce" + strconv.FormatInt(1000+u.ID, 10)
	now := e.clock.Now()
	if err := e.db.CreateNonce(e.ctx, rewards.SIWENonce{Nonce: nonce, UserID: u.ID, Address: addr, IssuedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.LinkWallet(e.ctx, u.ID, addr, nonce, now, 0); err != nil {
		e.t.Fatal(err)
	}
}

// A vote's points are pending until exactly the end of the audit window, then vested;
// settlement counts only vested points, at the snapshot's own time.
func testVestingWindowBoundaryAndSettlement(t *testing.T, be backend) {
	e := newVestEnv(t, be)
	u := e.user("voter")
	wallet := common.HexToAddress("0x1111111111111111111111111111111111111111")
	e.link(u, wallet)
	p1 := e.vote(u)
	voted := e.clock.Now()
	if p1 <= 0 {
		t.Fatalf("the vote earned %d", p1)
	}
	if st := e.status(u); st.Pending != p1 || st.Vested != 0 {
		t.Fatalf("just after the vote: %+v, want %d pending", st, p1)
	}
	if got := e.settleable(u, wallet); got != 0 {
		t.Fatalf("settlement counts %d pending points", got)
	}
	es, err := e.db.LedgerEntries(e.ctx, u.ID, 0, 10)
	if err != nil || len(es) != 1 || !es[0].VestsAt.Equal(voted.Add(vestWeek)) || es[0].VestVotes != 0 || es[0].Held {
		t.Fatalf("the vote's entry: %+v %v", es, err)
	}
	e.clock.Set(voted.Add(vestWeek - time.Millisecond))
	if st := e.status(u); st.Pending != p1 {
		t.Fatalf("a millisecond before the window ends: %+v", st)
	}
	if got := e.settleable(u, wallet); got != 0 {
		t.Fatalf("settlement a millisecond early counts %d", got)
	}
	// A second vote now is still pending when the first has vested.
	p2 := e.vote(u)
	e.clock.Set(voted.Add(vestWeek))
	if st := e.status(u); st.Vested != p1 || st.Pending != p2 {
		t.Fatalf("at the end of the window: %+v, want %d vested and %d pending", st, p1, p2)
	}
	if got := e.settleable(u, wallet); got != p1 {
		t.Fatalf("settlement counts %d, want the vested %d", got, p1)
	}
	e.clock.Add(vestWeek + time.Minute) // the second vote was half a minute after its battle
	if got := e.settleable(u, wallet); got != p1+p2 {
		t.Fatalf("settlement after both windows counts %d, want %d", got, p1+p2)
	}
}

// A confirmed review claws back the points still in their window and leaves the vested
// ones; the clawback vests with what it takes back, so settlement never goes below what
// has vested.
func testVestingClawbackOnlyInWindow(t *testing.T, be backend) {
	e := newVestEnv(t, be)
	admin, u := e.user("admin"), e.user("farmer")
	wallet := common.HexToAddress("0x2222222222222222222222222222222222222222")
	e.link(u, wallet)
	old := e.vote(u)
	e.clock.Add(vestWeek + time.Hour)
	fresh := e.vote(u)
	if _, err := e.db.FlagUser(e.ctx, u.ID, []string{"votes far from everyone else's"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	held := e.vote(u) // under review: held
	es, err := e.db.LedgerEntries(e.ctx, u.ID, 0, 10)
	if err != nil || len(es) != 4 || es[0].Reason != arena.LedgerHold || !es[1].Held || es[1].Amount != held || es[2].Held {
		t.Fatalf("entries after a held vote: %+v %v", es, err)
	}
	if st := e.status(u); st.Vested != old || st.Pending != fresh {
		t.Fatalf("before the decision: %+v (old %d, fresh %d, held %d)", st, old, fresh, held)
	}
	out, err := e.db.ConfirmAbuse(e.ctx, u.ID, admin.ID, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if out.ClawedBack != fresh {
		t.Fatalf("clawed back %d, want only the pending %d", out.ClawedBack, fresh)
	}
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != old {
		t.Fatalf("balance %d after the clawback, want the vested %d", bal, old)
	}
	if got := e.settleable(u, wallet); got != old {
		t.Fatalf("settlement counts %d, want the vested %d", got, old)
	}
	e.clock.Add(2 * vestWeek)
	if st := e.status(u); st.Vested != old || st.Pending != 0 {
		t.Fatalf("once every window passed: %+v, want %d vested", st, old)
	}
	if got := e.settleable(u, wallet); got != old {
		t.Fatalf("settlement later counts %d, want %d", got, old)
	}

	// Once the window has passed, a review claws nothing back.
	v := e.user("veteran")
	p := e.vote(v)
	e.clock.Add(vestWeek)
	if _, err := e.db.FlagUser(e.ctx, v.ID, []string{"late evidence"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if out, err := e.db.ConfirmAbuse(e.ctx, v.ID, admin.ID, e.clock.Now()); err != nil || out.ClawedBack != 0 {
		t.Fatalf("abuse confirmed after the window: %+v %v", out, err)
	}
	if bal, _ := e.db.Balance(e.ctx, v.ID); bal != p {
		t.Fatalf("balance %d, want the vested %d kept", bal, p)
	}
}

// The sign-up bonus vests once the account has the counted votes it waits for, not
// before, and no matter how long ago it was credited; an account found abusive has no
// counted votes, so its bonus is taken back.
func testVestingBonusAfterVotes(t *testing.T, be backend) {
	e := newVestEnv(t, be)
	u := e.user("newcomer")
	if err := e.points.SignUpBonus(e.ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	bonus := e.points.Policy.SignUpBonus
	es, err := e.db.LedgerEntries(e.ctx, u.ID, 0, 10)
	if err != nil || len(es) != 1 || es[0].VestVotes != 2 || !es[0].VestsAt.IsZero() {
		t.Fatalf("the bonus entry: %+v %v", es, err)
	}
	e.clock.Add(10 * vestWeek)
	if st := e.status(u); st.Pending != bonus || st.CountedVotes != 0 {
		t.Fatalf("the bonus with no votes: %+v", st)
	}
	p1 := e.vote(u)
	if st := e.status(u); st.Pending != bonus+p1 || st.CountedVotes != 1 {
		t.Fatalf("after one vote: %+v", st)
	}
	p2 := e.vote(u)
	if st := e.status(u); st.Vested != bonus || st.Pending != p1+p2 || st.CountedVotes != 2 {
		t.Fatalf("after two votes: %+v, want the bonus %d vested", st, bonus)
	}
	if _, err := e.db.AppendLedger(e.ctx, arena.LedgerEntry{UserID: u.ID, Amount: 5, Reason: arena.LedgerAdjustment, Ref: "bad", VestVotes: -1, CreatedAt: e.clock.Now()}); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("an entry waiting for -1 votes: %v", err)
	}

	admin, f := e.user("admin"), e.user("farm-account")
	if err := e.points.SignUpBonus(e.ctx, f.ID); err != nil {
		t.Fatal(err)
	}
	e.vote(f)
	e.vote(f)
	e.clock.Add(vestWeek)
	if st := e.status(f); st.Pending != 0 {
		t.Fatalf("the farm account before review: %+v", st)
	}
	if _, err := e.db.FlagUser(e.ctx, f.ID, []string{"one of twenty accounts on a device"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	out, err := e.db.ConfirmAbuse(e.ctx, f.ID, admin.ID, e.clock.Now())
	if err != nil || out.ClawedBack != bonus {
		t.Fatalf("abuse of the farm account: %+v %v, want the bonus %d back", out, err, bonus)
	}
}
