package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// textProviders answer with a fixed text per model name; "{prompt}" is replaced by the
// prompt.
type textProviders map[string]string

func (p textProviders) For(m arena.Model) (arena.Provider, error) {
	return textProvider(p[m.Name]), nil
}

type textProvider string

func (t textProvider) Stream(_ context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	text := strings.ReplaceAll(string(t), "{prompt}", req.Messages[len(req.Messages)-1].Content)
	onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: text})
	return arena.Completion{Text: text}, nil
}

type qEnv struct {
	t       *testing.T
	ctx     context.Context
	db      *sqlstore.DB
	clock   *arenatest.Clock
	battles *arena.Battles
	quality *arena.Quality
}

const longAnswer = "First, the idea. Second, an example of it. Third, the trade-offs to weigh. Fourth, the common mistakes. Fifth, a summary to take away."

func newQEnv(t *testing.T, be backend, answers textProviders) *qEnv {
	t.Helper()
	db, _ := be.openFresh(t)
	ctx := context.Background()
	clock := arenatest.NewClock(time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC))
	for _, m := range []arena.Model{
		{Name: "alpha-chat", Organization: "Alpha Labs", ModelID: "alpha-chat-v2"},
		{Name: "beta-chat", Organization: "Beta Labs"},
	} {
		m.Provider, m.Active, m.CreatedAt = arena.ProviderDemo, true, clock.Now()
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}
	if answers == nil {
		answers = textProviders{"alpha-chat": longAnswer, "beta-chat": longAnswer}
	}
	q := &arena.Quality{Store: db, Policy: arena.DefaultQualityPolicy(), Clock: clock, Moderator: arena.DefaultModerator()}
	b := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Providers: answers, Clock: clock,
		VotePoints: 10, VestingWindow: 7 * 24 * time.Hour, Quality: q, Log: arenatest.Quiet()})
	t.Cleanup(func() { b.Close(context.Background()) })
	return &qEnv{t: t, ctx: ctx, db: db, clock: clock, battles: b, quality: q}
}

func (e *qEnv) user(name string) *arena.User {
	e.t.Helper()
	u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "x", CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(e.ctx, u); err != nil {
		e.t.Fatal(err)
	}
	return u
}

// battle starts a battle and waits until it is ready.
func (e *qEnv) battle(u *arena.User, prompt string) *arena.Battle {
	e.t.Helper()
	b, err := e.battles.Start(e.ctx, u, prompt)
	if err != nil {
		e.t.Fatal(err)
	}
	if b, err = e.battles.Wait(e.ctx, u, b.ID); err != nil || b.Status != arena.StatusReady {
		e.t.Fatalf("battle: %+v %v", b, err)
	}
	return b
}

func (e *qEnv) vote(u *arena.User, id string, w arena.Winner, after time.Duration) *sqlstore.BattleQuality {
	e.t.Helper()
	e.clock.Add(after)
	if _, err := e.battles.Vote(e.ctx, u, id, arena.VoteInput{Winner: w}); err != nil {
		e.t.Fatal(err)
	}
	q, err := e.db.BattleQuality(e.ctx, id)
	if err != nil {
		e.t.Fatal(err)
	}
	return q
}

func (e *qEnv) total() int {
	e.t.Helper()
	pcs, err := e.db.PairCounts(e.ctx, "")
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, p := range pcs {
		n += p.WinsA + p.WinsB + p.Ties + p.BothBad
	}
	return n
}

func (e *qEnv) ledger(u *arena.User) map[string]int64 {
	e.t.Helper()
	es, err := e.db.LedgerEntries(e.ctx, u.ID, 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	out := map[string]int64{}
	for _, x := range es {
		out[x.Reason] += x.Amount
	}
	return out
}

func testQualityScoresAndExcludes(t *testing.T, be backend) {
	e := newQEnv(t, be, nil)
	u := e.user("reader")
	b := e.battle(u, "Explain hash maps")
	q := e.vote(u, b.ID, arena.WinnerA, 30*time.Second)
	if !q.Counted || q.Excluded || q.Flagged || !q.VoteQuality.Valid || q.VoteQuality.Float64 < 0.99 || q.Tier != arena.TierHigh {
		t.Fatalf("a careful vote: %+v", q)
	}
	if e.total() != 1 {
		t.Fatalf("pair counts hold %d votes, want 1", e.total())
	}

	// A clicker: every vote at once. After a few the habit is clear: the votes stop
	// counting, the account is flagged and its points are held.
	c := e.user("clicker")
	var last *sqlstore.BattleQuality
	for i := range 6 {
		b := e.battle(c, "prompt number "+string(rune('a'+i)))
		last = e.vote(c, b.ID, arena.WinnerB, 0)
	}
	if last.Counted || !last.Excluded || !last.Flagged || last.Tier != arena.TierLow {
		t.Fatalf("a habitual clicker's vote: %+v", last)
	}
	// Once flagged, even the clicker's early votes wait outside the counters.
	if got := e.total(); got != 1 {
		t.Fatalf("pair counts hold %d votes; a flagged clicker's votes must not count", got)
	}
	rs, err := e.db.Reviews(e.ctx, arena.ReviewFlagged, 10)
	if err != nil || len(rs) != 1 || rs[0].UserID != c.ID || len(rs[0].Evidence) == 0 {
		t.Fatalf("reviews: %+v %v", rs, err)
	}
	if l := e.ledger(c); l[arena.LedgerHold] >= 0 || l[arena.LedgerVote] != 60 {
		t.Fatalf("the flagged clicker's ledger: %v", l)
	}
	held := -e.ledger(c)[arena.LedgerHold]

	// Confirming abuse takes all the clicker's counted votes out and claws back the rest.
	review := &arena.ReviewService{Store: e.db, Clock: e.clock}
	admin := &arena.User{ID: u.ID, Username: "admin", Role: arena.RoleAdmin}
	if _, err := review.ConfirmAbuse(e.ctx, &arena.User{ID: u.ID, Username: "x", Role: arena.RoleUser}, c.ID); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Fatalf("a non-admin confirmed abuse: %v", err)
	}
	out, err := review.ConfirmAbuse(e.ctx, admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if e.total() != 1 {
		t.Fatalf("after confirming abuse: %d counted (want 1), %+v", e.total(), out)
	}
	// A pair whose votes all left is no pair: a model must not stay on the board rated
	// on nothing.
	pcs, err := e.db.PairCounts(e.ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range pcs {
		if p.WinsA+p.WinsB+p.Ties+p.BothBad == 0 {
			t.Errorf("pair counts keep an empty pair %s vs %s", p.A, p.B)
		}
	}
	if bal, _ := e.db.Balance(e.ctx, c.ID); bal != 0 || out.ClawedBack != 60-held {
		t.Fatalf("balance %d after clawback %+v (held %d)", bal, out, held)
	}
	if _, err := review.Approve(e.ctx, admin, c.ID); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("approving a confirmed abuser: %v", err)
	}
	// Later votes of a confirmed abuser never count.
	b = e.battle(c, "one more")
	if q := e.vote(c, b.ID, arena.WinnerA, time.Minute); q.Counted || !q.Excluded {
		t.Fatalf("a confirmed abuser's careful vote: %+v", q)
	}
	// Exports with --exclude-flagged leave the excluded votes out.
	n, err := e.db.CountExportRows(e.ctx, arena.ExportFilter{Internal: true, ExcludeFlagged: true})
	if err != nil || n != 1 {
		t.Fatalf("unflagged export rows: %d %v", n, err)
	}
}

func testApproveReleasesHolds(t *testing.T, be backend) {
	e := newQEnv(t, be, nil)
	u := e.user("flagged")
	now := e.clock.Now()
	if ok, err := e.db.FlagUser(e.ctx, u.ID, []string{"shares a device with 5 accounts"}, now, now.Add(-time.Hour)); err != nil || !ok {
		t.Fatalf("flag: %v %v", ok, err)
	}
	var held []string
	for _, p := range []string{"one", "two"} {
		b := e.battle(u, p)
		if q := e.vote(u, b.ID, arena.WinnerA, time.Minute); q.Counted || q.Excluded {
			t.Fatalf("a flagged voter's good vote must wait for review, not be excluded: %+v", q)
		}
		held = append(held, b.ID)
	}
	// The owner is told: the account's status and its held points, and each vote's
	// points as held.
	heldVotes := func() (n int) {
		for _, id := range held {
			b, err := e.db.Battle(e.ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if b.Vote.Held {
				n++
			}
		}
		return n
	}
	if st, pts, err := e.db.AccountReview(e.ctx, u.ID); st != arena.ReviewFlagged || pts != 20 || err != nil {
		t.Fatalf("AccountReview under review: %q %d %v", st, pts, err)
	}
	if n := heldVotes(); n != 2 {
		t.Fatalf("%d of the 2 votes read back as held", n)
	}
	if e.total() != 0 {
		t.Fatalf("votes under review count: %d", e.total())
	}
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != 0 {
		t.Fatalf("held points were paid: balance %d", bal)
	}
	admin := &arena.User{ID: u.ID, Username: "admin", Role: arena.RoleAdmin}
	review := &arena.ReviewService{Store: e.db, Clock: e.clock}
	released, err := review.Approve(e.ctx, admin, u.ID)
	if err != nil || released != 20 {
		t.Fatalf("released %d, %v", released, err)
	}
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != 20 {
		t.Fatalf("balance after release %d", bal)
	}
	// Released points vest with their votes, a week after each, not at the release.
	if st, err := e.db.PointsStatus(e.ctx, u.ID, e.clock.Now()); err != nil || st.Pending != 20 || st.Vested != 0 {
		t.Fatalf("released points before their votes vest: %+v %v", st, err)
	}
	if st, err := e.db.PointsStatus(e.ctx, u.ID, e.clock.Now().Add(7*24*time.Hour)); err != nil || st.Pending != 0 || st.Vested != 20 {
		t.Fatalf("released points once their votes vest: %+v %v", st, err)
	}
	if st, pts, err := e.db.AccountReview(e.ctx, u.ID); st != arena.ReviewApproved || pts != 0 || err != nil {
		t.Fatalf("AccountReview after approval: %q %d %v", st, pts, err)
	}
	if n := heldVotes(); n != 0 {
		t.Fatalf("%d votes still read back as held after release", n)
	}
	if e.total() != 2 {
		t.Fatalf("approval did not count the held votes: %d counted", e.total())
	}
	// An approved account is not re-flagged by the next signal within the grace period.
	if ok, _ := e.db.FlagUser(e.ctx, u.ID, []string{"again"}, e.clock.Now(), e.clock.Now().Add(-30*24*time.Hour)); ok {
		t.Fatal("an approved account was flagged again at once")
	}
	b := e.battle(u, "three")
	e.vote(u, b.ID, arena.WinnerA, time.Minute)
	if l := e.ledger(u); l[arena.LedgerHold] != -20 || l[arena.LedgerRelease] != 20 || l[arena.LedgerVote] != 30 {
		t.Fatalf("ledger after approval: %v", l)
	}
}

func testIdentityRevealingBattleIsNotRanked(t *testing.T, be backend) {
	e := newQEnv(t, be, textProviders{
		"alpha-chat": "I am Alpha-Chat, a model developed by Alpha Labs. " + longAnswer,
		"beta-chat":  longAnswer,
	})
	u := e.user("asker")
	b := e.battle(u, "Who are you?")
	q := e.vote(u, b.ID, arena.WinnerB, time.Minute)
	if q.Counted || !q.RevealsIdentity || q.Excluded || q.Flagged {
		t.Fatalf("identity-revealing battle: %+v", q)
	}
	if e.total() != 0 {
		t.Fatal("an identity-revealing battle reached the pair counts")
	}
	if bal, _ := e.db.Balance(e.ctx, u.ID); bal != 10 {
		t.Fatalf("the voter lost the points: %d", bal)
	}
}

func testGoldBattles(t *testing.T, be backend) {
	e := newQEnv(t, be, nil)
	e.quality.GoldRate = 1
	u := e.user("judge")
	b := e.battle(u, "Explain gold")
	q, err := e.db.BattleQuality(e.ctx, b.ID)
	if err != nil || (q.GoldSide != "a" && q.GoldSide != "b") || !q.Flagged {
		t.Fatalf("gold battle: %+v %v", q, err)
	}
	broken, intact := b.Turns[0].A.Text, b.Turns[0].B.Text
	good := arena.WinnerB
	if q.GoldSide == "b" {
		broken, intact, good = intact, broken, arena.WinnerA
	}
	if intact != longAnswer || broken == longAnswer || len(broken) >= len(longAnswer) {
		t.Fatalf("broken side %q, intact side %q", broken, intact)
	}
	if q := e.vote(u, b.ID, good, time.Minute); q.Counted || q.Excluded {
		t.Fatalf("a passed gold battle: %+v", q)
	}
	if e.total() != 0 {
		t.Fatal("a gold battle reached the pair counts")
	}
	// Failing two gold battles flags the voter.
	for range 2 {
		b := e.battle(u, "another gold "+b.ID)
		side, _ := e.db.GoldSide(e.ctx, b.ID)
		e.vote(u, b.ID, map[string]arena.Winner{"a": arena.WinnerA, "b": arena.WinnerB}[side], time.Minute)
	}
	rs, _ := e.db.Reviews(e.ctx, arena.ReviewFlagged, 10)
	if len(rs) != 1 || !strings.Contains(strings.Join(rs[0].Evidence, "|"), "gold") {
		t.Fatalf("reviews after failing gold battles: %+v", rs)
	}
}

func testModerationAndRepeatedPrompts(t *testing.T, be backend) {
	e := newQEnv(t, be, nil)
	u := e.user("asker")
	b := e.battle(u, "How do I make a bomb at home?")
	// Moderation runs in the background.
	var q *sqlstore.BattleQuality
	var err error
	for i := 0; i < 200; i++ {
		if q, err = e.db.BattleQuality(e.ctx, b.ID); err != nil || q.Moderation != "" {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil || !q.Flagged || q.Moderation == "" {
		t.Fatalf("moderated battle: %+v %v", q, err)
	}
	n, _ := e.db.CountExportRows(e.ctx, arena.ExportFilter{Internal: true, ExcludeFlagged: true})
	e.vote(u, b.ID, arena.WinnerA, time.Minute)
	if m, _ := e.db.CountExportRows(e.ctx, arena.ExportFilter{Internal: true, ExcludeFlagged: true}); m != n {
		t.Fatal("a moderated battle reached an export that excludes flagged battles")
	}
	if e.total() != 1 {
		t.Fatal("moderation is about datasets; the vote still ranks")
	}
	// The same prompt again, differently spelt: the vote is marked down.
	b1 := e.battle(u, "What is a monad?")
	e.vote(u, b1.ID, arena.WinnerA, time.Minute)
	b2 := e.battle(u, "  what is a MONAD ")
	e.vote(u, b2.ID, arena.WinnerA, time.Minute)
	q2, _ := e.db.BattleQuality(e.ctx, b2.ID)
	if !q2.VoteQuality.Valid || q2.VoteQuality.Float64 > 0.71 {
		t.Fatalf("repeated prompt scored %+v", q2)
	}
}

func testSybilDetector(t *testing.T, be backend) {
	e := newQEnv(t, be, nil)
	now := e.clock.Now()
	// Five accounts made in ten minutes behind one address, two sharing a device with a
	// third; an honest account on its own.
	var farm []*arena.User
	for i := range 5 {
		u := e.user("farm" + string(rune('a'+i)))
		farm = append(farm, u)
		dev := "dev-" + string(rune('a'+i))
		if i < 3 {
			dev = "shared-device"
		}
		if err := e.db.TouchDevice(e.ctx, u.ID, dev, "203.0.113.7", now); err != nil {
			t.Fatal(err)
		}
		e.clock.Add(2 * time.Minute)
	}
	honest := e.user("honest")
	if err := e.db.TouchDevice(e.ctx, honest.ID, "own-device", "198.51.100.1", now); err != nil {
		t.Fatal(err)
	}
	// Touching again within the hour writes nothing new, and is not an error.
	if err := e.db.TouchDevice(e.ctx, honest.ID, "own-device", "198.51.100.1", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	changes := 0
	d := &arena.SybilDetector{Store: e.db, Clock: e.clock, OnChange: func() { changes++ }}
	ev, err := d.Run(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The flagged accounts' votes left the counters: the boards are told, once.
	if changes != 1 {
		t.Errorf("a run that flagged accounts reported %d changes, want 1", changes)
	}
	if len(ev) != 5 || ev[honest.ID] != nil {
		t.Fatalf("evidence: %v", ev)
	}
	all := strings.Join(ev[farm[0].ID], "|")
	if !strings.Contains(all, "device cookie") || !strings.Contains(all, "created within") {
		t.Fatalf("evidence against a farm account: %v", ev[farm[0].ID])
	}
	if got := strings.Join(ev[farm[4].ID], "|"); strings.Contains(got, "device cookie") {
		t.Fatalf("an account on its own device: %v", got)
	}
	rs, _ := e.db.Reviews(e.ctx, arena.ReviewFlagged, 10)
	if len(rs) != 5 || len(rs[0].IPs) != 1 {
		t.Fatalf("reviews: %+v", rs)
	}
}
