package sqlstore_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// votingArena is the real battle service on db with the demo models answering at once
// and rewards from policy.
func votingArena(t *testing.T, db *sqlstore.DB, policy rewards.Policy, clock arena.Clock) *arena.Battles {
	t.Helper()
	ctx := context.Background()
	for _, m := range llm.DemoModels() {
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	b := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Clock: clock,
		Providers: llm.NewProviders(llm.Options{DemoDelay: llm.Instant}),
		Log:       arenatest.Quiet(),
		Rewards:   &rewards.Points{Policy: policy, Store: db, Clock: clock}})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Close(ctx)
	})
	return b
}

func vote(t *testing.T, b *arena.Battles, u *arena.User, key string) (string, *arena.VoteResult, error) {
	t.Helper()
	ctx := context.Background()
	bt, err := b.Start(ctx, u, "Tell me about the sea.")
	if err != nil {
		t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if bt, err = b.Wait(wctx, u, bt.ID); err != nil || bt.Status != arena.StatusReady {
		t.Fatalf("battle not ready: %v %v", bt.Status, err)
	}
	r, err := b.Vote(ctx, u, bt.ID, arena.VoteInput{Winner: arena.WinnerA, IdempotencyKey: key})
	return bt.ID, r, err
}

func testVoteRewardsFollowThePolicyAndCaps(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	policy := rewards.DefaultPolicy()
	policy.Tiers[rewards.TierMiddle] = rewards.Range{Min: 40, Max: 60}
	policy.DailyCap, policy.DailyDecay = 100, 0.5
	policy.WeeklyCap, policy.WeeklyDecay = 250, 0.1
	monday := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	clock := arenatest.NewClock(monday)
	b := votingArena(t, db, policy, clock)
	u := &arena.User{Username: "voter", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: monday}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}

	// The draws are checked once the secret is revealed: before, nothing public says
	// what a vote will earn.
	type voted struct {
		id                  string
		points, today, week int64
	}
	var votes []voted
	var today, week int64
	day := monday
	for i := range 12 {
		if i == 4 || i == 8 { // next day: the daily cap resets, the weekly one does not
			day = day.AddDate(0, 0, 1)
			today = 0
		}
		clock.Set(day.Add(time.Duration(i) * time.Minute))
		id, r, err := vote(t, b, u, "")
		if err != nil {
			t.Fatal(err)
		}
		votes = append(votes, voted{id, r.Points, today, week})
		today += r.Points
		week += r.Points
	}
	secret := revealDraws(t, db, clock.Now())
	for i, v := range votes {
		d := rewards.Draw(secret, v.id)
		if want := policy.Reward(rewards.TierMiddle, v.today, v.week, d); v.points != want {
			t.Fatalf("vote %d earned %d, want %d (today %d, week %d)", i, v.points, want, v.today, v.week)
		}
		base := policy.Reward(rewards.TierMiddle, 0, 0, d)
		if base < 40 || base > 60 {
			t.Fatalf("uncapped draw %d outside the tier", base)
		}
		switch {
		case v.week >= 250 && v.today >= 100:
			if v.points != int64(float64(base)*0.5*0.1) {
				t.Fatalf("vote %d past both caps earned %d of %d", i, v.points, base)
			}
		case v.today >= 100:
			if v.points != base/2 {
				t.Fatalf("vote %d past the daily cap earned %d of %d", i, v.points, base)
			}
		case v.week < 250:
			if v.points != base {
				t.Fatalf("vote %d under the caps earned %d, not the full %d", i, v.points, base)
			}
		}
	}
	if bal, _ := db.Balance(ctx, u.ID); bal != week {
		t.Fatalf("balance %d, want %d", bal, week)
	}
	if arena.WeekStart(time.Date(2026, 3, 8, 23, 0, 0, 0, time.UTC)) != time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC) {
		t.Fatal("the week does not start on Monday")
	}
}

func testSameVoteNeverPaysTwice(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	clock := arenatest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	b := votingArena(t, db, rewards.DefaultPolicy(), clock)
	u, err := db.CreateGuest(ctx, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	id, r1, err := vote(t, b, u, "key-1")
	if err != nil {
		t.Fatal(err)
	}
	// The same request again replays the first result; a new vote on the battle conflicts.
	r2, err := b.Vote(ctx, u, id, arena.VoteInput{Winner: arena.WinnerA, IdempotencyKey: "key-1"})
	if err != nil || r2.Points != r1.Points {
		t.Fatalf("replayed vote: %+v %v", r2, err)
	}
	if _, err := b.Vote(ctx, u, id, arena.VoteInput{Winner: arena.WinnerB}); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("second vote: %v", err)
	}
	added, err := db.AppendLedger(ctx, arena.LedgerEntry{UserID: u.ID, Amount: 99, Reason: arena.LedgerVote, Ref: id, CreatedAt: clock.Now()})
	if err != nil || added {
		t.Fatalf("a second vote entry for the battle was added: %v %v", added, err)
	}
	if bal, _ := db.Balance(ctx, u.ID); bal != r1.Points || r1.Points < 5 || r1.Points > 10 {
		t.Fatalf("balance %d after one vote that earned %d", bal, r1.Points)
	}
}

func testSignUpBonusOnce(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	clock := arenatest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	points := &rewards.Points{Policy: rewards.DefaultPolicy(), Store: db, Clock: clock}
	accounts := &arena.Accounts{Store: db, Clock: clock, SignUpBonus: points.SignUpBonus}
	guest, _, err := accounts.NewGuest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	u, _, err := accounts.SignUp(ctx, guest, "newbie", "password1")
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := points.SignUpBonus(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	entries, err := db.LedgerEntries(ctx, u.ID, 0, 10)
	if err != nil || len(entries) != 1 || entries[0].Reason != arena.LedgerSignup || entries[0].Amount != 50 || entries[0].Ref != strconv.FormatInt(u.ID, 10) {
		t.Fatalf("ledger after sign-up: %+v %v", entries, err)
	}
	if _, _, err := accounts.SignUp(ctx, nil, "other", "password1"); err != nil {
		t.Fatal(err)
	}
	if bal, _ := db.Balance(ctx, u.ID); bal != 50 {
		t.Fatalf("balance %d, want the bonus once", bal)
	}
}

func testLinkWalletRules(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	mk := func(name string) int64 {
		u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	alice, bob := mk("alice"), mk("bob")
	w1, w2 := common.HexToAddress("0x1111111111111111111111111111111111111111"), common.HexToAddress("0x2222222222222222222222222222222222222222")
	n := 0
	nonce := func(user int64, addr common.Address, ttl time.Duration) string {
		n++
		s := "Nonce" + strconv.Itoa(1000+n)
		if err := db.CreateNonce(ctx, rewards.SIWENonce{Nonce: s, UserID: user, Address: addr, IssuedAt: now, ExpiresAt: now.Add(ttl)}); err != nil {
			t.Fatal(err)
		}
		return s
	}
	want := func(err error, code string) {
		t.Helper()
		if arena.ErrorCode(err) != code {
			t.Fatalf("got %v, want %s", err, code)
		}
	}
	week := 7 * 24 * time.Hour
	link := func(user int64, addr common.Address, at time.Time) error {
		return db.LinkWallet(ctx, user, addr, nonce(user, addr, 2*week), at, week)
	}
	n1 := nonce(alice, w1, time.Minute)
	want(db.LinkWallet(ctx, bob, w1, n1, now, week), arena.EUNAUTHORIZED)   // someone else's nonce
	want(db.LinkWallet(ctx, alice, w2, n1, now, week), arena.EUNAUTHORIZED) // another address
	want(db.LinkWallet(ctx, alice, w1, nonce(alice, w1, time.Minute), now.Add(time.Hour), week), arena.EUNAUTHORIZED)
	want(db.LinkWallet(ctx, alice, w1, n1, now, week), "")                  // the first link is free of the cool-down
	want(db.LinkWallet(ctx, alice, w1, n1, now, week), arena.EUNAUTHORIZED) // replay
	want(link(alice, w1, now.Add(8*24*time.Hour)), arena.ECONFLICT)         // already hers
	want(link(bob, w1, now), arena.ECONFLICT)                               // one account per wallet
	if w, err := db.WalletOf(ctx, alice); err != nil || w.Address != w1 {
		t.Fatalf("alice's wallet: %+v %v", w, err)
	}
	if _, err := db.WalletOf(ctx, bob); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("bob has a wallet: %v", err)
	}
}

func testWalletChanges(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	day, week := 24*time.Hour, 7*24*time.Hour
	mk := func(name string) int64 {
		u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "x", CreatedAt: t0}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u.ID
	}
	alice, bob := mk("alice"), mk("bob")
	w1, w2, w3 := common.HexToAddress("0x1111111111111111111111111111111111111111"), common.HexToAddress("0x2222222222222222222222222222222222222222"),
		common.HexToAddress("0x3333333333333333333333333333333333333333")
	n := 0
	link := func(user int64, addr common.Address, at time.Time) error {
		n++
		s := "Nonce" + strconv.Itoa(1000+n)
		if err := db.CreateNonce(ctx, rewards.SIWENonce{Nonce: s, UserID: user, Address: addr, IssuedAt: at, ExpiresAt: at.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
		return db.LinkWallet(ctx, user, addr, s, at, week)
	}
	want := func(err error, code string) {
		t.Helper()
		if arena.ErrorCode(err) != code {
			t.Fatalf("got %v, want %s", err, code)
		}
	}
	wantWallet := func(user int64, addr common.Address) {
		t.Helper()
		w, err := db.WalletOf(ctx, user)
		if addr == (common.Address{}) {
			if arena.ErrorCode(err) != arena.ENOTFOUND {
				t.Fatalf("user %d has wallet %+v (%v), want none", user, w, err)
			}
			return
		}
		if err != nil || w.Address != addr {
			t.Fatalf("user %d has wallet %+v (%v), want %s", user, w, err, addr.Hex())
		}
	}

	want(link(alice, w1, t0), "")
	// A change within the cool-down is refused and says when it becomes possible.
	err := link(alice, w2, t0.Add(6*day))
	want(err, arena.ECONFLICT)
	if msg := arena.ErrorMessage(err); !strings.Contains(msg, "9 March 2026 09:00") {
		t.Errorf("the cool-down refusal does not say when: %q", msg)
	}
	_, err = db.UnlinkWallet(ctx, alice, t0.Add(6*day), week)
	want(err, arena.ECONFLICT)
	wantWallet(alice, w1)

	// After it, the wallet changes; the old address stays alice's.
	want(link(alice, w2, t0.Add(week)), "")
	wantWallet(alice, w2)
	want(link(bob, w1, t0.Add(30*day)), arena.ECONFLICT)

	// Unlinking is a change too, and so is linking again after it.
	_, err = db.UnlinkWallet(ctx, alice, t0.Add(week+day), week)
	want(err, arena.ECONFLICT)
	if addr, err := db.UnlinkWallet(ctx, alice, t0.Add(2*week), week); err != nil || addr != w2 {
		t.Fatalf("unlink: %s %v", addr.Hex(), err)
	}
	wantWallet(alice, common.Address{})
	_, err = db.UnlinkWallet(ctx, alice, t0.Add(5*week), week)
	want(err, arena.ENOTFOUND)
	want(link(alice, w3, t0.Add(2*week+day)), arena.ECONFLICT)
	want(link(bob, w2, t0.Add(5*week)), arena.ECONFLICT) // w2 was alice's
	want(link(alice, w1, t0.Add(3*week)), "")            // her own former wallet comes back
	wantWallet(alice, w1)

	// The history says who held which address when, newest first.
	links, err := db.WalletLinks(ctx, alice)
	if err != nil {
		t.Fatal(err)
	}
	type period struct {
		addr             common.Address
		linked, unlinked time.Time
	}
	wantLinks := []period{{w1, t0.Add(3 * week), time.Time{}}, {w2, t0.Add(week), t0.Add(2 * week)}, {w1, t0, t0.Add(week)}}
	if len(links) != len(wantLinks) {
		t.Fatalf("history %+v, want %+v", links, wantLinks)
	}
	for i, l := range links {
		if w := wantLinks[i]; l.UserID != alice || l.Address != w.addr || !l.LinkedAt.Equal(w.linked) || !l.UnlinkedAt.Equal(w.unlinked) {
			t.Errorf("history[%d] = %+v, want %+v", i, l, w)
		}
	}
	if links, err := db.WalletLinks(ctx, bob); err != nil || len(links) != 0 {
		t.Errorf("bob's history: %+v %v", links, err)
	}
}
