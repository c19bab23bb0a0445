package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// testLabReportsCountedVotes: a lab's CSV rows, reasons and sample battles hold its
// models' counted votes only (no gold, excluded or self-identifying vote passes as a
// plain win), a battle between two of its models comes once from each side, and texts
// show only where the voter consented and the opponent's terms allow it.
func testLabReportsCountedVotes(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	owner := &arena.User{Username: "olga", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	voter := &arena.User{Username: "vera", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	for _, u := range []*arena.User{owner, voter} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	lab, err := db.CreateLab(ctx, "Acme AI", owner.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	var own []*arena.Model
	for _, name := range []string{"acme-1", "acme-2"} {
		m := &arena.LabModel{Model: arena.Model{Name: name, Provider: arena.ProviderOpenAI, BaseURL: "https://api.acme.example/v1",
			ModelID: name, Timeout: time.Minute}, LabID: lab.ID, License: arena.LicenseOpen}
		if err := db.CreateLabModel(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
		own = append(own, &m.Model)
	}
	closed := &arena.Model{Name: "closed-x", Provider: arena.ProviderOpenAI, Active: true} // terms forbid release
	open := &arena.Model{Name: "demo-y", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{closed, open} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	yes, no := true, false
	n := 0
	battle := func(a, b *arena.Model, w arena.Winner, q arena.VoteQuality, publish *bool) string {
		t.Helper()
		n++
		at := now.Add(time.Duration(n) * time.Minute)
		id := "lab" + string(rune('a'+n))
		castVote(t, db, id, voter.ID, a, b, arena.Vote{Winner: w, Reasons: []string{"clearer"}, CreatedAt: at, Publish: publish}, q)
		return id
	}
	counted := arena.DefaultVoteQuality()
	gold, excluded, reveals := counted, counted, counted
	gold.Gold, excluded.Excluded, reveals.RevealsIdentity = true, true, true
	sibling := battle(own[0], own[1], arena.WinnerA, counted, &yes)
	shown := battle(own[0], open, arena.WinnerB, counted, &yes)
	unconsented := battle(open, own[1], arena.WinnerA, counted, &no)
	closedOpp := battle(own[0], closed, arena.WinnerA, counted, &yes)
	battle(own[0], open, arena.WinnerA, gold, &yes)
	battle(own[1], open, arena.WinnerA, excluded, &yes)
	battle(own[0], closed, arena.WinnerB, reveals, &yes)

	labs := &arena.Labs{LabStore: db, InviteStore: db, ModelStore: db, ReportStore: db, SnapshotStore: db, Users: db, Clock: arenatest.NewClock(now)}
	type row struct{ id, model, result, prompt string }
	var got []row
	if err := labs.Battles(ctx, owner, lab.ID, func(r *arena.LabBattleRow) error {
		got = append(got, row{r.BattleID, r.Model, r.Result, r.Prompt})
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []row{
		{sibling, "acme-1", "win", "prompt " + sibling},
		{sibling, "acme-2", "loss", "prompt " + sibling},
		{shown, "acme-1", "loss", "prompt " + shown},
		{unconsented, "acme-2", "loss", ""},
		{closedOpp, "acme-1", "win", ""},
	}
	if !slices.Equal(got, want) {
		t.Errorf("lab CSV rows:\n got %+v\nwant %+v", got, want)
	}
	// The same counted votes in the dashboard's reasons and category counts.
	r, err := labs.ModelReport(ctx, owner, own[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var votes int64
	for _, c := range r.Categories {
		if c.Category == "" {
			votes = c.Votes
		}
	}
	if votes != 3 || len(r.Reasons) != 1 || r.Reasons[0].Won+r.Reasons[0].Lost != 3 {
		t.Errorf("acme-1's report: %d votes, reasons %+v; want its 3 counted votes", votes, r.Reasons)
	}
	var samples []string
	for _, s := range r.Samples {
		samples = append(samples, s.ID)
	}
	if !slices.Equal(samples, []string{shown, sibling}) {
		t.Errorf("acme-1's sample battles: %v, want %v", samples, []string{shown, sibling})
	}
}

// testEmptyPairsLeaveTheBoard: when every vote of a pair leaves the counters (its only
// voter found abusive), the pair is gone from PairCounts, so no model stays on the
// board rated on no votes.
func testEmptyPairsLeaveTheBoard(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	voter := &arena.User{Username: "sybil", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	admin := &arena.User{Username: "root", Role: arena.RoleAdmin, PasswordHash: "x", CreatedAt: now}
	for _, u := range []*arena.User{voter, admin} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	a := &arena.Model{Name: "m-a", Provider: arena.ProviderDemo, Active: true}
	b := &arena.Model{Name: "m-b", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	castVote(t, db, "only", voter.ID, a, b, arena.Vote{Winner: arena.WinnerA, CreatedAt: now}, arena.DefaultVoteQuality())
	if pcs, err := db.PairCounts(ctx, ""); err != nil || len(pcs) != 1 {
		t.Fatalf("after the vote: %+v, %v", pcs, err)
	}
	if _, err := db.FlagUser(ctx, voter.ID, []string{"test"}, now, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ConfirmAbuse(ctx, voter.ID, admin.ID, now); err != nil {
		t.Fatal(err)
	}
	if pcs, err := db.PairCounts(ctx, ""); err != nil || len(pcs) != 0 {
		t.Errorf("after confirming abuse, PairCounts = %+v, %v; want no pair", pcs, err)
	}
}

// testGuestMergeKeepsReview: a guest under review that logs in to an account does not
// take its review with it to the grave: the account is put under review with the
// guest's evidence, its own votes wait beside the guest's, and approving the account
// counts them all.
func testGuestMergeKeepsReview(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 11, 3, 8, 0, 0, 0, time.UTC)
	account := &arena.User{Username: "olga", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	admin := &arena.User{Username: "root", Role: arena.RoleAdmin, PasswordHash: "x", CreatedAt: now}
	for _, u := range []*arena.User{account, admin} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	guest, err := db.CreateGuest(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	a := &arena.Model{Name: "m-a", Provider: arena.ProviderDemo, Active: true}
	b := &arena.Model{Name: "m-b", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	vote := func(id string, u int64) {
		t.Helper()
		q := arena.DefaultVoteQuality()
		q.Scored = true
		castVote(t, db, id, u, a, b, arena.Vote{Winner: arena.WinnerA, CreatedAt: now, Points: 10}, q)
	}
	total := func() int64 {
		t.Helper()
		pcs, err := db.PairCounts(ctx, "")
		if err != nil {
			t.Fatal(err)
		}
		var n int64
		for _, p := range pcs {
			n += int64(p.WinsA + p.WinsB + p.Ties + p.BothBad)
		}
		return n
	}
	vote("mine", account.ID)
	vote("guests", guest.ID)
	if _, err := db.FlagUser(ctx, guest.ID, []string{"three accounts on one device"}, now, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 1 {
		t.Fatalf("with the guest under review %d votes count, want the account's 1", got)
	}
	if err := db.MergeGuest(ctx, guest.ID, account.ID, now); err != nil {
		t.Fatal(err)
	}
	rs, err := db.Reviews(ctx, arena.ReviewFlagged, 10)
	if err != nil || len(rs) != 1 || rs[0].UserID != account.ID || !slices.Contains(rs[0].Evidence, "three accounts on one device") {
		t.Fatalf("after the merge, reviews = %+v, %v; want the account under review with the guest's evidence", rs, err)
	}
	if got := total(); got != 0 {
		t.Errorf("the account under review still has %d counted votes", got)
	}
	review := &arena.ReviewService{Store: db, Clock: arenatest.NewClock(now.Add(time.Hour))}
	if _, err := review.Approve(ctx, admin, account.ID); err != nil {
		t.Fatal(err)
	}
	if got := total(); got != 2 {
		t.Errorf("after approval %d votes count, want the account's and the guest's 2", got)
	}
}

// castVote drives one one-turn battle through the store, from creation to the vote.
func castVote(t *testing.T, db *sqlstore.DB, id string, userID int64, a, b *arena.Model, v arena.Vote, q arena.VoteQuality) {
	t.Helper()
	ctx := context.Background()
	if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: userID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "prompt " + id}}, CreatedAt: v.CreatedAt, UpdatedAt: v.CreatedAt}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "answer A " + id, Status: arena.AnswerDone},
		arena.Answer{Text: "answer B " + id, Status: arena.AnswerDone}, arena.StatusReady, v.CreatedAt); err != nil {
		t.Fatal(err)
	}
	v.BattleID, v.UserID = id, userID
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &v, Quality: q}); err != nil {
		t.Fatal(err)
	}
}
