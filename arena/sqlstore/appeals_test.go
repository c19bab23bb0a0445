package sqlstore_test

import (
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// An appeal is filed against a decision that exists and is the rater's, at most one open
// per decision; an administrator upholds it (the decision stands) or grants it (a hold
// released, clawed-back points restored, a gold verdict dropped), once, and the decision
// is recorded with who made it.
func testAppeals(t *testing.T, be backend) {
	e := newVestEnv(t, be)
	admin, u := e.user("admin"), e.user("rater")
	admin.Role = arena.RoleAdmin
	ap := &arena.Appeals{Store: e.db, Clock: e.clock}
	file := func(kind, battle, comment string) (*arena.Appeal, error) {
		return ap.File(e.ctx, u, arena.AppealInput{Kind: kind, Battle: battle, Comment: comment})
	}
	wantErr := func(what string, err error, code, msg string) {
		t.Helper()
		if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), msg) {
			t.Fatalf("%s: %v, want %s saying %q", what, err, code, msg)
		}
	}

	free := e.vote(u)
	freeBattle := func() string {
		es, _ := e.db.LedgerEntries(e.ctx, u.ID, 0, 1)
		return es[0].Ref
	}()
	if _, err := e.db.FlagUser(e.ctx, u.ID, []string{"votes far from everyone else's"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	held, _ := e.voteGold(u, "")
	heldPoints := -func() int64 {
		es, _ := e.db.LedgerEntries(e.ctx, u.ID, 0, 1)
		return es[0].Amount
	}()

	// Bad appeals say what is wrong and store nothing.
	_, err := file("hold", held, "  ")
	wantErr("no comment", err, arena.EINVALID, "why the decision is wrong")
	_, err = file("refund", held, "please")
	wantErr("an unknown kind", err, arena.EINVALID, "Unknown appeal kind")
	_, err = file("hold", "", "please")
	wantErr("no battle", err, arena.EINVALID, "which battle")
	_, err = file("hold", held, strings.Repeat("x", arena.MaxAppealComment+1))
	wantErr("a long comment", err, arena.EINVALID, "the limit is 2000")
	_, err = file("hold", freeBattle, "please")
	wantErr("a vote not held", err, arena.EINVALID, "not on hold")
	_, err = file("gold", held, "please")
	wantErr("not a gold battle", err, arena.EINVALID, "not a gold battle")
	if as, err := e.db.UserAppeals(e.ctx, u.ID); err != nil || len(as) != 0 {
		t.Fatalf("bad appeals stored %+v %v", as, err)
	}

	// A hold: one open appeal; upheld, the hold stays and a new appeal may be filed;
	// granted, the hold is released.
	a1, err := file("hold", held, "I read both answers carefully.")
	if err != nil || a1.ID == 0 || a1.Status != arena.AppealOpen {
		t.Fatalf("filing: %+v %v", a1, err)
	}
	_, err = file("hold", held, "again")
	wantErr("a second open appeal", err, arena.ECONFLICT, "already contested")
	_, err = ap.Decide(e.ctx, u, a1.ID, "grant", "")
	wantErr("a rater deciding", err, arena.EFORBIDDEN, "Only admins")
	_, err = ap.Decide(e.ctx, admin, a1.ID, "maybe", "")
	wantErr("a bad decision", err, arena.EINVALID, "uphold or grant")
	_, err = ap.Decide(e.ctx, admin, 999, "grant", "")
	wantErr("no such appeal", err, arena.ENOTFOUND, "No such appeal")
	d, err := ap.Decide(e.ctx, admin, a1.ID, "uphold", "The read was 2 seconds.")
	if err != nil || d.Status != arena.AppealUpheld || d.DecidedBy != "admin" || !d.DecidedAt.Equal(e.clock.Now()) || d.Note != "The read was 2 seconds." || d.Restored != 0 {
		t.Fatalf("upheld: %+v %v", d, err)
	}
	_, err = ap.Decide(e.ctx, admin, a1.ID, "grant", "")
	wantErr("deciding twice", err, arena.ECONFLICT, "already decided")
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != free {
		t.Fatalf("balance %d after an upheld hold, want %d", bal, free)
	}
	a2, err := file("hold", held, "Please look again.")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(time.Hour)
	if d, err := ap.Decide(e.ctx, admin, a2.ID, "grant", "Fair."); err != nil || d.Status != arena.AppealGranted || d.Restored != heldPoints {
		t.Fatalf("granted: %+v %v, want %d restored", d, err, heldPoints)
	}
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != free+heldPoints {
		t.Fatalf("balance %d after the hold's release, want %d", bal, free+heldPoints)
	}
	_, err = file("hold", held, "once more")
	wantErr("a released hold", err, arena.EINVALID, "not on hold")

	// A review found abusive: granted, its clawbacks are restored and the account
	// approved.
	out, err := e.db.ConfirmAbuse(e.ctx, u.ID, admin.ID, e.clock.Now())
	if err != nil || out.ClawedBack != free+heldPoints {
		t.Fatalf("abuse: %+v %v", out, err)
	}
	a3, err := file("review", "ignored for a review", "These were my own honest votes.")
	if err != nil || a3.Battle != "" {
		t.Fatalf("a review appeal: %+v %v", a3, err)
	}
	if d, err := ap.Decide(e.ctx, admin, a3.ID, "grant", ""); err != nil || d.Restored != free+heldPoints {
		t.Fatalf("granting the review appeal: %+v %v", d, err)
	}
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != free+heldPoints {
		t.Fatalf("balance %d after the review appeal, want %d", bal, free+heldPoints)
	}
	if st, _, err := e.db.AccountReview(e.ctx, u.ID); err != nil || st != arena.ReviewApproved {
		t.Fatalf("review after the appeal: %q %v", st, err)
	}
	if st := e.status(u); st.Pending != free+heldPoints {
		t.Fatalf("restored points vest with their votes: %+v", st)
	}
	_, err = file("review", "", "again")
	wantErr("an approved account", err, arena.EINVALID, "no review to contest")

	// A failed gold battle: granted, it no longer counts against the voter.
	gold, _ := e.voteGold(u, "a") // A is the broken side, and the vote is for A
	vc, err := e.db.VoteContext(e.ctx, u.ID, gold, 50, e.clock.Now())
	if err != nil || vc.GoldVotes != 1 || vc.GoldFailed != 1 {
		t.Fatalf("before the gold appeal: %+v %v", vc, err)
	}
	a4, err := file("gold", gold, "The answer I chose was the complete one.")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ap.Decide(e.ctx, admin, a4.ID, "grant", ""); err != nil {
		t.Fatal(err)
	}
	if vc, err = e.db.VoteContext(e.ctx, u.ID, gold, 50, e.clock.Now()); err != nil || vc.GoldVotes != 1 || vc.GoldFailed != 0 {
		t.Fatalf("after the gold appeal: %+v %v", vc, err)
	}

	// The rater's list and the admin's log.
	mine, err := ap.Mine(e.ctx, u)
	if err != nil || len(mine) != 4 || mine[0].ID != a4.ID || mine[3].Status != arena.AppealUpheld {
		t.Fatalf("the rater's appeals: %+v %v", mine, err)
	}
	if open, err := ap.List(e.ctx, admin, arena.AppealOpen); err != nil || len(open) != 0 {
		t.Fatalf("open appeals: %+v %v", open, err)
	}
	all, err := ap.List(e.ctx, admin, "")
	if err != nil || len(all) != 4 || all[0].ID != a4.ID {
		t.Fatalf("the log: %+v %v", all, err)
	}
	if _, err := ap.List(e.ctx, u, ""); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Fatalf("a rater listing appeals: %v", err)
	}

	// /transparency's figures add the same up (the web test checks each against raw rows).
	f, err := e.db.RaterFigures(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	var sum int64
	for _, s := range f.Shares {
		sum += s.Votes
	}
	if len(f.Shares) != 6 || f.Votes != 3 || sum != 3 || f.GoldVotes != 1 || f.GoldPassed != 1 || len(f.Months) != 1 ||
		f.Months[0].Holds != 1 || f.Months[0].Clawbacks != 2 || f.Appeals[arena.AppealGranted] != 3 || f.Appeals[arena.AppealUpheld] != 1 {
		t.Fatalf("figures %+v", f)
	}
	if ids, err := e.db.ScoredRaters(e.ctx); err != nil || len(ids) != 1 || ids[0] != u.ID {
		t.Fatalf("scored raters %v %v", ids, err)
	}
}
