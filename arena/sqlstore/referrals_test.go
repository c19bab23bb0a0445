package sqlstore_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// Referrals on a real store: invite codes, the links refused (self-referral, a second
// inviter, loops), payment only once the invitee's votes count and have vested, the
// weekly cap, a shared device, an invitee under review, both ledger lines and how they
// vest and are clawed back, and the transparency figures.
func testReferrals(t *testing.T, be backend) {
	e := newVestEnv(t, be)
	refs := &arena.Referrals{Store: e.db, Clock: e.clock, Policy: arena.ReferralPolicy{Bonus: 30, Votes: 2, WeeklyCap: 1},
		Vesting: arena.Vesting{Window: vestWeek, BonusVotes: 2}}
	alice, bob, carol, erin, frank, gina := e.user("alice"), e.user("bob"), e.user("carol"), e.user("erin"), e.user("frank"), e.user("gina")
	code := func(u *arena.User) string {
		t.Helper()
		c, err := refs.Code(e.ctx, u)
		if err != nil || c == "" {
			t.Fatalf("%s's code: %q %v", u.Username, c, err)
		}
		return c
	}
	ca := code(alice)
	if again := code(alice); again != ca {
		t.Fatalf("alice's code changed: %q, then %q", ca, again)
	}
	if _, err := refs.Code(e.ctx, &arena.User{ID: 99, Guest: true}); arena.ErrorCode(err) != arena.EUNAUTHORIZED {
		t.Fatalf("a guest's invite code: %v", err)
	}
	if u, err := refs.Inviter(e.ctx, ca); err != nil || u.ID != alice.ID {
		t.Fatalf("the owner of alice's code: %+v %v", u, err)
	}
	if _, err := refs.Inviter(e.ctx, "nosuchcode"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("an unknown code: %v", err)
	}
	if _, err := refs.Inviter(e.ctx, "not a code!"); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("a malformed code: %v", err)
	}
	link := func(invitee *arena.User, code string) error {
		t.Helper()
		_, err := refs.Link(e.ctx, invitee, code)
		return err
	}
	if err := link(alice, ca); arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(err.Error(), "your own invite") {
		t.Fatalf("self-referral: %v", err)
	}
	for _, u := range []*arena.User{bob, erin, gina} {
		if err := link(u, ca); err != nil {
			t.Fatalf("%s through alice's link: %v", u.Username, err)
		}
	}
	cb := code(bob)
	if err := link(carol, cb); err != nil {
		t.Fatal(err)
	}
	if err := link(frank, code(carol)); err != nil {
		t.Fatal(err)
	}
	if err := link(bob, code(carol)); arena.ErrorCode(err) != arena.ECONFLICT || !strings.Contains(err.Error(), "already invited") {
		t.Fatalf("a second inviter: %v", err)
	}
	// alice brought bob, who brought carol: alice cannot be invited by either.
	for _, c := range []string{cb, code(carol)} {
		if err := link(alice, c); arena.ErrorCode(err) != arena.ECONFLICT || !strings.Contains(err.Error(), "loop") {
			t.Fatalf("a loop through %s: %v", c, err)
		}
	}
	// frank and carol share a device: a self-referral, found when it would pay.
	for _, u := range []*arena.User{frank, carol} {
		if err := e.db.TouchDevice(e.ctx, u.ID, "device-1", "127.0.0.1", e.clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := e.db.FlagUser(e.ctx, gina.ID, []string{"test: under review"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	decide := func(wantPaid, wantNotPaid int) {
		t.Helper()
		paid, notPaid, err := refs.Decide(e.ctx, 0)
		if err != nil || paid != wantPaid || notPaid != wantNotPaid {
			t.Fatalf("decided %d paid, %d not paid (%v); want %d and %d", paid, notPaid, err, wantPaid, wantNotPaid)
		}
	}
	// The shared device is enough to decide frank's at once.
	decide(0, 1)
	for _, u := range []*arena.User{bob, erin, frank, gina} {
		for range 2 {
			e.vote(u)
		}
	}
	// Counted, but not vested: nothing pays yet.
	decide(0, 0)
	sent, _, err := refs.Mine(e.ctx, alice.ID)
	if err != nil || len(sent) != 3 {
		t.Fatalf("alice's invites: %+v %v", sent, err)
	}
	for _, f := range sent {
		if f.State != arena.ReferralPending || (f.Invitee == "bob" && (f.VestedVotes != 0 || !strings.Contains(f.Why, "0 of the 2"))) {
			t.Fatalf("before vesting: %+v", f)
		}
	}
	e.clock.Add(vestWeek + time.Minute)
	// bob is paid; erin's referral comes past alice's weekly cap of one; gina waits
	// for her review.
	decide(1, 1)
	decide(0, 0) // nothing is decided, or paid, twice
	want := map[string]struct{ state, why string }{
		"bob":  {arena.ReferralPaid, ""},
		"erin": {arena.ReferralNotPaid, "cap of 1 paid referrals a week"},
		"gina": {arena.ReferralPending, "under review"},
	}
	if sent, _, err = refs.Mine(e.ctx, alice.ID); err != nil || len(sent) != 3 {
		t.Fatalf("alice's invites: %+v %v", sent, err)
	}
	for _, f := range sent {
		w := want[f.Invitee]
		if f.State != w.state || !strings.Contains(f.Why, w.why) || (f.State == arena.ReferralPaid) != (f.Bonus == 30) {
			t.Errorf("%s: %+v, want %+v", f.Invitee, f, w)
		}
	}
	_, by, err := refs.Mine(e.ctx, frank.ID)
	if err != nil || by == nil || by.Inviter != "carol" || by.State != arena.ReferralNotPaid || !strings.Contains(by.Why, "self-referral") {
		t.Fatalf("frank's referral: %+v %v", by, err)
	}
	// Each side has its own referral line, vesting like the sign-up bonus: bob's (2
	// counted votes) has vested, alice's (no votes) has not.
	line := func(u *arena.User, ref string) arena.PointsEntry {
		t.Helper()
		r, err := (&arena.MyPoints{Store: e.db, Clock: e.clock}).Report(e.ctx, u.ID, 0, 50, arena.Settled{}, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, pe := range r.Entries {
			if pe.Reason == arena.LedgerReferral {
				if pe.Ref != ref || pe.Amount != 30 || pe.VestVotes != 2 {
					t.Fatalf("%s's referral entry %+v, want ref %s", u.Username, pe, ref)
				}
				return pe
			}
		}
		t.Fatalf("%s has no referral entry", u.Username)
		return arena.PointsEntry{}
	}
	bobRef := strconv.FormatInt(bob.ID, 10)
	if pe := line(bob, "invitee:"+bobRef); pe.State != arena.PointsVested {
		t.Errorf("bob's referral bonus: %+v", pe)
	}
	if pe := line(alice, "inviter:"+bobRef); pe.State != arena.PointsPending || !strings.Contains(pe.Why, "vests once 2 of your votes count") {
		t.Errorf("alice's referral bonus: %+v", pe)
	}
	figures := func() *arena.ReferralFigures {
		t.Helper()
		f, err := e.db.ReferralFigures(e.ctx, e.clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	f := figures()
	if f.States[arena.ReferralPaid] != 1 || f.States[arena.ReferralNotPaid] != 2 || f.States[arena.ReferralPending] != 2 ||
		f.Paid != 60 || f.Vested != 30 || f.Held != 30 || f.ClawedBack != 0 || len(f.NotPaid) != 2 {
		t.Fatalf("figures %+v", f)
	}
	// A confirmed review of alice takes back her bonus, which had not vested.
	admin := e.user("admin")
	aliceVote, _ := e.voteGold(alice, "")
	if _, err := e.db.FlagUser(e.ctx, alice.ID, []string{"test: farming invites"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ConfirmAbuse(e.ctx, alice.ID, admin.ID, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if f := figures(); f.Paid != 60 || f.Vested != 30 || f.Held != 0 || f.ClawedBack != 30 {
		t.Fatalf("figures after the clawback %+v", f)
	}
	// Her history says so of the bonus and of her vote, long after they would have vested.
	e.clock.Add(2 * vestWeek)
	if pe := line(alice, "inviter:"+bobRef); pe.State != arena.PointsClawedBack || !strings.Contains(pe.Why, "found abuse") {
		t.Errorf("alice's referral bonus after the clawback: %+v", pe)
	}
	r, err := (&arena.MyPoints{Store: e.db, Clock: e.clock}).Report(e.ctx, alice.ID, 0, 50, arena.Settled{}, arena.ReviewAbuse)
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, pe := range r.Entries {
		if pe.Reason == arena.LedgerVote {
			votes++
			if pe.Ref != aliceVote || pe.State != arena.PointsClawedBack || !strings.Contains(pe.Why, "never paid") {
				t.Errorf("alice's clawed-back vote: %+v", pe)
			}
		}
	}
	if votes != 1 {
		t.Errorf("alice has %d vote entries, want 1", votes)
	}
	// And gina's referral, from an inviter found abusive, is never paid.
	decide(0, 1)
	if _, by, err := refs.Mine(e.ctx, gina.ID); err != nil || by.State != arena.ReferralNotPaid || !strings.Contains(by.Why, "inviting account found abuse") {
		t.Fatalf("gina's referral: %+v %v", by, err)
	}
}
