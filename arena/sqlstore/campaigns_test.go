package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// campEnv is an arena with two labs, a private model of the first, a campaign service and
// battles that serve campaigns their share.
type campEnv struct {
	t       *testing.T
	ctx     context.Context
	db      *sqlstore.DB
	clock   *arenatest.Clock
	battles *arena.Battles
	draw    *arena.CampaignDraw
	cs      *arena.Campaigns
	owner   *arena.User // of lab Acme
	rival   *arena.User // of lab Other
	rater   *arena.User // trusted
	newbie  *arena.User // new
	lab     *arena.Lab
	secret  *arena.LabModel // Acme's private model, pending
	votes   int
}

func newCampEnv(t *testing.T, be backend, share float64) *campEnv {
	t.Helper()
	db, _ := be.openFresh(t)
	ctx := context.Background()
	clock := arenatest.NewClock(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC))
	for _, m := range llm.DemoModels() {
		if !m.Vision {
			if err := db.CreateModel(ctx, &m); err != nil {
				t.Fatal(err)
			}
		}
	}
	e := &campEnv{t: t, ctx: ctx, db: db, clock: clock}
	mk := func(name string) *arena.User {
		u := &arena.User{Username: name, Role: arena.RoleUser, PasswordHash: "x", CreatedAt: clock.Now()}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		return u
	}
	e.owner, e.rival, e.rater, e.newbie = mk("olga"), mk("rita"), mk("tom"), mk("nina")
	var err error
	if e.lab, err = db.CreateLab(ctx, "Acme", e.owner.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	if _, err = db.CreateLab(ctx, "Other", e.rival.ID, clock.Now()); err != nil {
		t.Fatal(err)
	}
	demo := llm.DemoModels()[0]
	e.secret = &arena.LabModel{Model: arena.Model{Name: "acme-secret", Provider: arena.ProviderDemo, ModelID: demo.ModelID, Timeout: time.Minute},
		LabID: e.lab.ID, License: arena.LicenseOpen, OutputsPublic: true}
	if err := db.CreateLabModel(ctx, e.secret, func(int64) []byte { return nil }); err != nil {
		t.Fatal(err)
	}
	tiers := map[int64]string{e.rater.ID: arena.RaterTrusted}
	e.draw = &arena.CampaignDraw{Store: db, Models: db, Clock: clock, Share: share, Refresh: time.Nanosecond,
		RaterTier: func(_ context.Context, id int64) (string, error) {
			if tier, ok := tiers[id]; ok {
				return tier, nil
			}
			return arena.RaterNew, nil
		}}
	points := &rewards.Points{Policy: rewards.DefaultPolicy(), Store: db, Clock: clock, BonusVotes: 2}
	e.battles = arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Clock: clock,
		Providers: llm.NewProviders(llm.Options{DemoDelay: llm.Instant}), Log: arenatest.Quiet(), Rewards: points,
		VestingWindow: vestWeek, Quality: &arena.Quality{Store: db, Policy: arena.DefaultQualityPolicy(), Clock: clock}, Campaigns: e.draw})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		e.battles.Close(ctx)
	})
	labs := &arena.Labs{LabStore: db, ModelStore: db, Users: db, Clock: clock}
	e.cs = &arena.Campaigns{Store: db, Labs: labs, Models: db, Clock: clock}
	return e
}

// battle starts a battle for u (sponsored: on a held-out prompt), waits for it and votes
// for A or B in turn (a rater always voting one side is put under review for position
// bias), consenting to publication; it returns the battle as stored and the vote's result.
func (e *campEnv) battle(u *arena.User, sponsored bool) (*arena.Battle, *arena.VoteResult) {
	e.t.Helper()
	req := arena.BattleRequest{Prompt: "Tell me about the sea.", Mode: arena.ModeBattle}
	if sponsored {
		req = arena.BattleRequest{Mode: arena.ModeBattle, Sponsored: true}
	}
	bt, err := e.battles.StartWith(e.ctx, u, req)
	if err != nil {
		e.t.Fatal(err)
	}
	wctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
	defer cancel()
	if bt, err = e.battles.Wait(wctx, u, bt.ID); err != nil || bt.Status != arena.StatusReady {
		e.t.Fatalf("battle not ready: %v %v", bt.Status, err)
	}
	e.clock.Add(30 * time.Second)
	yes, winner := true, arena.WinnerA
	if e.votes++; e.votes%2 == 0 {
		winner = arena.WinnerB
	}
	r, err := e.battles.Vote(e.ctx, u, bt.ID, arena.VoteInput{Winner: winner, Reasons: []string{"more accurate"}, Publish: &yes})
	if err != nil {
		e.t.Fatal(err)
	}
	if bt, err = e.db.Battle(e.ctx, bt.ID); err != nil {
		e.t.Fatal(err)
	}
	return bt, r
}

func (e *campEnv) running(in arena.CampaignInput) *arena.Campaign {
	e.t.Helper()
	c, err := e.cs.Create(e.ctx, e.owner, in)
	if err != nil {
		e.t.Fatal(err)
	}
	if err := e.db.FundCampaign(e.ctx, c.ID, "1", "0x00000000000000000000000000000000000000aa", e.clock.Now()); err != nil {
		e.t.Fatal(err)
	}
	if c, err = e.cs.Start(e.ctx, e.owner, c.ID); err != nil || c.State != arena.CampaignRunning {
		e.t.Fatalf("start: %+v %v", c, err)
	}
	return c
}

func wantCode(t *testing.T, what string, err error, code, msg string) {
	t.Helper()
	if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), msg) {
		t.Fatalf("%s: %v, want %s saying %q", what, err, code, msg)
	}
}

// testCampaignTerms: a campaign's terms are checked, each bad one refused with what is
// wrong and nothing stored; another lab and unknown ids see nothing; the states move
// only forward, and a refund is recorded once.
func testCampaignTerms(t *testing.T, be backend) {
	e := newCampEnv(t, be, 0.2)
	good := func() arena.CampaignInput {
		return arena.CampaignInput{LabID: e.lab.ID, Name: "Secret eval", Entrants: []string{"acme-secret"}, TargetVotes: 10, Bounty: 5,
			Deadline: e.clock.Now().Add(30 * 24 * time.Hour)}
	}
	demo := llm.DemoModels()[len(llm.DemoModels())-1].Name
	for _, c := range []struct {
		what string
		edit func(*arena.CampaignInput)
		msg  string
	}{
		{"no name", func(in *arena.CampaignInput) { in.Name = " " }, "campaign name"},
		{"no target", func(in *arena.CampaignInput) { in.TargetVotes = 0 }, "target is 1 to"},
		{"a negative bounty", func(in *arena.CampaignInput) { in.Bounty = -1 }, "bounty is 1 to"},
		{"a past deadline", func(in *arena.CampaignInput) { in.Deadline = e.clock.Now().Add(-time.Hour) }, "deadline must be in the future"},
		{"a bad token", func(in *arena.CampaignInput) { in.Token = "usdc" }, "ERC-20 address"},
		{"an unknown source", func(in *arena.CampaignInput) { in.PromptSource = "web" }, "prompt source"},
		{"a set without prompts", func(in *arena.CampaignInput) { in.PromptSource = arena.PromptsSet }, "at least one prompt"},
		{"live with prompts", func(in *arena.CampaignInput) { in.Prompts = []string{"hi"} }, "takes no prompt set"},
		{"an unknown category", func(in *arena.CampaignInput) { in.Categories = []string{"poetry"} }, "Unknown category"},
		{"no entrant", func(in *arena.CampaignInput) { in.Entrants = nil }, "1 to 20 of your lab's models"},
		{"another's model", func(in *arena.CampaignInput) { in.Entrants = []string{demo} }, "no model named"},
		{"an unknown opponent", func(in *arena.CampaignInput) { in.Opponents = []string{"ghost"} }, "No model is named"},
		{"itself as opponent", func(in *arena.CampaignInput) { in.Opponents = []string{"acme-secret"} }, "cannot be an opponent"},
	} {
		in := good()
		c.edit(&in)
		_, err := e.cs.Create(e.ctx, e.owner, in)
		wantCode(t, c.what, err, arena.EINVALID, c.msg)
	}
	in := good()
	_, err := e.cs.Create(e.ctx, e.rival, in)
	wantCode(t, "another lab's member", err, arena.ENOTFOUND, "No such lab")
	if all, err := e.db.Campaigns(e.ctx, 0); err != nil || len(all) != 0 {
		t.Fatalf("bad campaigns were stored: %+v %v", all, err)
	}

	in.Opponents = []string{demo}
	c, err := e.cs.Create(e.ctx, e.owner, in)
	if err != nil {
		t.Fatal(err)
	}
	if c.State != arena.CampaignDraft || len(c.Entrants) != 1 || c.Entrants[0].Public || c.AllOpponents || len(c.Opponents) != 1 ||
		c.LabName != "Acme" || len(c.EscrowID) != 66 || c.Budget() != 50 || c.Disclosed() {
		t.Fatalf("created %+v", c)
	}
	_, err = e.cs.Get(e.ctx, e.rival, c.ID)
	wantCode(t, "another lab reads it", err, arena.ENOTFOUND, "No such campaign")
	_, err = e.cs.Get(e.ctx, e.owner, c.ID+100)
	wantCode(t, "an unknown id", err, arena.ENOTFOUND, "No such campaign")
	if l, _ := e.cs.List(e.ctx, e.rival); len(l) != 0 {
		t.Fatalf("another lab lists %+v", l)
	}
	if l, _ := e.cs.List(e.ctx, e.owner); len(l) != 1 {
		t.Fatalf("its lab lists %+v", l)
	}
	_, err = e.cs.Fund(e.ctx, e.owner, c.ID)
	wantCode(t, "funding without an escrow", err, arena.EUNAVAILABLE, "no campaign escrow")
	_, err = e.cs.Start(e.ctx, e.owner, c.ID)
	wantCode(t, "starting a draft", err, arena.ECONFLICT, "only a funded campaign")
	if err := e.db.FundCampaign(e.ctx, c.ID, "50", "0xabc", e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "funding twice", e.db.FundCampaign(e.ctx, c.ID, "50", "0xabc", e.clock.Now()), arena.ECONFLICT, "is funded")
	if _, err := e.cs.Start(e.ctx, e.owner, c.ID); err != nil {
		t.Fatal(err)
	}
	if err := e.db.CloseCampaign(e.ctx, c.ID, arena.CloseByLab, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "closing twice", e.db.CloseCampaign(e.ctx, c.ID, arena.CloseByLab, e.clock.Now()), arena.ECONFLICT, "is closed")
	if err := e.db.RecordRefund(e.ctx, c.ID, "50", "0xtx1"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, "refunding twice", e.db.RecordRefund(e.ctx, c.ID, "0", "0xtx2"), arena.ECONFLICT, "already")
	got, _ := e.db.Campaign(e.ctx, c.ID)
	if got.State != arena.CampaignClosed || got.CloseReason != arena.CloseByLab || got.Refunded != "50" || got.RefundTx != "0xtx1" ||
		got.Deposit != "50" || got.FundedAt.IsZero() || got.StartedAt.IsZero() || got.ClosedAt.IsZero() || !got.Disclosed() {
		t.Fatalf("after close and refund: %+v", got)
	}
	// A closed campaign refunds nothing again: its refund is recorded.
	if again, err := e.cs.Refund(e.ctx, c.ID); err != nil || again.Refunded != "50" {
		t.Fatalf("refund again: %+v %v", again, err)
	}

	// The deadline closes a running campaign; a draft past it stays a draft.
	late := e.running(good())
	draft, err := e.cs.Create(e.ctx, e.owner, good())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := e.cs.CloseExpired(e.ctx); err != nil || n != 0 {
		t.Fatalf("before the deadline CloseExpired closed %d: %v", n, err)
	}
	e.clock.Add(31 * 24 * time.Hour)
	if n, err := e.cs.CloseExpired(e.ctx); err != nil || n != 1 {
		t.Fatalf("after the deadline CloseExpired closed %d, want 1: %v", n, err)
	}
	if got, _ := e.db.Campaign(e.ctx, late.ID); got.State != arena.CampaignClosed || got.CloseReason != arena.CloseDeadline {
		t.Fatalf("past its deadline: %+v", got)
	}
	if got, _ := e.db.Campaign(e.ctx, draft.ID); got.State != arena.CampaignDraft {
		t.Fatalf("a draft past its deadline: %+v", got)
	}
	if all, _ := e.db.Campaigns(e.ctx, 0); len(all) != 3 {
		t.Fatalf("%d campaigns stored, want all 3: none is ever deleted", len(all))
	}
}

// testCampaignShareAndBounties: campaign battles never pass the configured share of the
// anonymous battles, after any draw; only trusted raters get them; each counted vote
// earns the bounty as its own vesting ledger line, the voter is told, and once the
// target is reached the campaign closes and no bounty is paid past target × bounty.
func testCampaignShareAndBounties(t *testing.T, be backend) {
	const share = 0.25
	e := newCampEnv(t, be, share)
	c := e.running(arena.CampaignInput{LabID: e.lab.ID, Name: "Live eval", Entrants: []string{"acme-secret"}, TargetVotes: 4, Bounty: 7,
		Deadline: e.clock.Now().Add(30 * 24 * time.Hour)})
	served, bountied := 0, 0
	for i := range 40 {
		bt, r := e.battle(e.rater, false)
		total, n := e.draw.Counts()
		if float64(n) > share*float64(total) {
			t.Fatalf("after %d battles campaigns served %d: over the share %v", total, n, share)
		}
		if bt.Campaign == nil {
			if r.Sponsored != nil {
				t.Fatalf("battle %d: a sponsored note without a campaign", i)
			}
			continue
		}
		served++
		if !bt.Campaign.HeldOut() && bt.ModelA.Name != "acme-secret" && bt.ModelB.Name != "acme-secret" {
			t.Fatalf("campaign battle of %s and %s: the entrant is in neither side", bt.ModelA.Name, bt.ModelB.Name)
		}
		if r.Sponsored == nil || r.Sponsored.Campaign != c.ID {
			t.Fatalf("campaign battle %d: vote result %+v has no sponsored note", i, r)
		}
		if r.Sponsored.Bounty == 7 {
			bountied++
		} else if r.Sponsored.Bounty != 0 || bountied < 4 {
			t.Fatalf("bounty %d after %d bountied votes", r.Sponsored.Bounty, bountied)
		}
		if bt.VoteResult().Sponsored == nil || bt.VoteResult().Sponsored.Bounty != r.Sponsored.Bounty {
			t.Fatalf("battle read back: %+v, the vote said %+v", bt.VoteResult().Sponsored, r.Sponsored)
		}
	}
	total, _ := e.draw.Counts()
	t.Logf("campaigns were served %d of %d battles (%.3f; the share is %v)", served, total, float64(served)/float64(total), share)
	if served == 0 || bountied != 4 {
		t.Fatalf("campaigns served %d battles, %d bountied; want some, and 4 bountied", served, bountied)
	}
	got, _ := e.db.Campaign(e.ctx, c.ID)
	if got.State != arena.CampaignClosed || got.CloseReason != arena.CloseTarget || got.CountedVotes != 4 || got.Spent() != got.Budget() {
		t.Fatalf("after the target: %+v", got)
	}
	if n, pts, err := e.db.CampaignBounties(e.ctx, c.ID); err != nil || n != 4 || pts != 28 {
		t.Fatalf("bounty ledger: %d entries, %d points, %v; want 4 and 28 (the cap)", n, pts, err)
	}
	es, _ := e.db.LedgerEntries(e.ctx, e.rater.ID, 0, 500)
	var bounties []arena.LedgerEntry
	for _, le := range es {
		if le.Reason == arena.LedgerBounty {
			bounties = append(bounties, le)
		}
	}
	if len(bounties) != 4 || bounties[0].VestsAt.IsZero() {
		t.Fatalf("bounty entries %+v: want 4, vesting like votes", bounties)
	}
	if campaign, total, err := e.db.CampaignShare(e.ctx, time.Time{}); err != nil || campaign != int64(served) || total != 40 {
		t.Fatalf("share measured: %d of %d, %v; want %d of 40", campaign, total, err, served)
	}
	res, err := e.cs.Results(e.ctx, e.owner, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, o := range res.Opponents {
		sum += o.Votes
		if o.Lower > o.Rating || o.Rating > o.Upper {
			t.Fatalf("opponent %+v: rating outside its interval", o)
		}
	}
	if res.Battles != served || res.Counted == 0 || sum != res.Counted || res.Spent != 28 || res.Dataset != res.Counted {
		t.Fatalf("results %+v (served %d)", res, served)
	}
	_, err = e.cs.Results(e.ctx, e.rival, c.ID)
	wantCode(t, "another lab's results", err, arena.ENOTFOUND, "No such campaign")

	// A new rater is never served a campaign battle, whatever the share allows.
	c2 := e.running(arena.CampaignInput{LabID: e.lab.ID, Name: "Live eval 2", Entrants: []string{"acme-secret"}, TargetVotes: 100, Bounty: 1,
		Deadline: e.clock.Now().Add(30 * 24 * time.Hour)})
	for range 12 {
		if bt, _ := e.battle(e.newbie, false); bt.Campaign != nil {
			t.Fatal("a new rater got a campaign battle")
		}
	}
	_, err = e.battles.StartWith(e.ctx, e.newbie, arena.BattleRequest{Mode: arena.ModeBattle, Sponsored: true})
	wantCode(t, "a new rater asks for a sponsored battle", err, arena.EUNAVAILABLE, "trusted and expert raters")
	if got, _ := e.db.Campaign(e.ctx, c2.ID); got.CountedVotes != 0 {
		t.Fatalf("campaign 2 counted %d votes from a new rater", got.CountedVotes)
	}

	// Many draws with a campaign that does not run out: the share holds after each, and
	// campaigns get close to it (each draw they may take, they take).
	before, servedBefore := e.draw.Counts()
	for range 200 {
		if _, err := e.battles.Start(e.ctx, e.rater, "Tell me about the wind."); err != nil {
			t.Fatal(err)
		}
		total, n := e.draw.Counts()
		if float64(n) > share*float64(total) {
			t.Fatalf("after %d battles campaigns served %d: over the share %v", total, n, share)
		}
	}
	total, n := e.draw.Counts()
	ratio := float64(n-servedBefore) / float64(total-before)
	// The share is of every draw so far: draws no campaign could take (a new rater's,
	// a closed campaign's) leave room that later draws use, up to the share overall.
	t.Logf("over %d more draws campaigns were served %d (%.3f); in all %d of %d (%.3f; the share is %v)",
		total-before, n-servedBefore, ratio, n, total, float64(n)/float64(total), share)
	if ratio < share-0.02 {
		t.Fatalf("campaigns were served %.3f of the draws, well under the share %v they could take", ratio, share)
	}
}

// testCampaignHeldOut: a held-out set's prompts start sponsored battles, which count and
// go in the lab's own dataset but never in an export, public or internal.
func testCampaignHeldOut(t *testing.T, be backend) {
	e := newCampEnv(t, be, 1)
	secret := []string{"Held-out prompt number one about tides.", "Held-out prompt number two about reefs."}
	c := e.running(arena.CampaignInput{LabID: e.lab.ID, Name: "Held-out eval", Entrants: []string{"acme-secret"}, PromptSource: arena.PromptsSet,
		Prompts: secret, TargetVotes: 10, Bounty: 3, Deadline: e.clock.Now().Add(30 * 24 * time.Hour)})
	if c.Prompts != 2 {
		t.Fatalf("the set has %d prompts, want 2", c.Prompts)
	}
	// A live battle is not a set campaign's: the set answers only sponsored requests.
	if bt, _ := e.battle(e.rater, false); bt.Campaign != nil {
		t.Fatal("a voter's own prompt was served by a held-out campaign")
	}
	bt, r := e.battle(e.rater, true)
	if bt.Campaign == nil || !bt.Campaign.HeldOut() || !slices.Contains(secret, bt.Turns[0].Prompt) || r.Sponsored == nil || r.Sponsored.Bounty != 3 {
		t.Fatalf("sponsored battle %+v with prompt %q, result %+v", bt.Campaign, bt.Turns[0].Prompt, r)
	}
	for _, f := range []arena.ExportFilter{{}, {Internal: true}} {
		var ids []string
		err := e.db.ExportRows(e.ctx, f, func(row *arena.ExportRow) error {
			ids = append(ids, strings.Clone(row.ID))
			for _, turn := range row.Turns {
				for _, p := range secret {
					if strings.Contains(turn.Prompt, p) {
						t.Errorf("export %+v carries a held-out prompt", f)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if len(ids) != 1 || slices.Contains(ids, bt.ID) {
			t.Fatalf("export %+v has %v: want only the live battle, never the held-out one %s", f, ids, bt.ID)
		}
	}
	var prompts []string
	if err := e.db.ExportPrompts(e.ctx, arena.ExportFilter{Internal: true}, func(ps []string) error {
		prompts = append(prompts, ps...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, p := range prompts {
		if slices.Contains(secret, p) {
			t.Fatalf("the prompt export carries the held-out %q", p)
		}
	}
	var lab []string
	if err := e.cs.Dataset(e.ctx, e.owner, c.ID, func(v arena.CampaignVote) error { lab = append(lab, v.Prompt); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(lab) != 1 || !slices.Contains(secret, lab[0]) {
		t.Fatalf("the lab's dataset has %q, want its held-out battle", lab)
	}
	err := e.cs.Dataset(e.ctx, e.rival, c.ID, func(arena.CampaignVote) error { return nil })
	wantCode(t, "another lab's dataset", err, arena.ENOTFOUND, "No such campaign")
}

// testCampaignBountyClawback: a confirmed review that finds a rater abusive claws back
// his pending bounties as it does his vote points, and the campaign's count of
// bountied votes falls with them, so its close pays the escrow only for the bounties
// that stand; a campaign that already paid its bounties out keeps them and its count;
// an appeal granted restores the vote points but not the bounties, whose votes stay
// uncounted.
func testCampaignBountyClawback(t *testing.T, be backend) {
	e := newCampEnv(t, be, 1)
	deadline := e.clock.Now().Add(30 * 24 * time.Hour)
	vote := func(want int64) {
		t.Helper()
		bt, r := e.battle(e.rater, false)
		if bt.Campaign == nil || r.Sponsored == nil || r.Sponsored.Bounty != want {
			t.Fatalf("battle %s: campaign %+v, note %+v; want a bounty of %d", bt.ID, bt.Campaign, r.Sponsored, want)
		}
	}
	paid := e.running(arena.CampaignInput{LabID: e.lab.ID, Name: "Paid out", Entrants: []string{"acme-secret"}, TargetVotes: 5, Bounty: 7, Deadline: deadline})
	vote(7)
	vote(7)
	if err := e.db.CloseCampaign(e.ctx, paid.ID, arena.CloseByLab, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if err := e.db.RecordRefund(e.ctx, paid.ID, "21", "0x01"); err != nil {
		t.Fatal(err)
	}
	open := e.running(arena.CampaignInput{LabID: e.lab.ID, Name: "Still open", Entrants: []string{"acme-secret"}, TargetVotes: 6, Bounty: 4, Deadline: deadline})
	for range 3 {
		vote(4)
	}
	if n, pts, err := e.db.CampaignBounties(e.ctx, open.ID); err != nil || n != 3 || pts != 12 {
		t.Fatalf("before the review: %d bounties, %d points, %v", n, pts, err)
	}
	before, err := e.db.Balance(e.ctx, e.rater.ID)
	if err != nil {
		t.Fatal(err)
	}
	var votePoints int64
	es, _ := e.db.LedgerEntries(e.ctx, e.rater.ID, 0, 100)
	for _, le := range es {
		if le.Reason == arena.LedgerVote {
			votePoints += le.Amount
		}
	}

	admin := &arena.User{Username: "root", Role: arena.RoleAdmin, PasswordHash: "x", CreatedAt: e.clock.Now()}
	if err := e.db.CreateUser(e.ctx, admin); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.FlagUser(e.ctx, e.rater.ID, []string{"answers never read"}, e.clock.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	out, err := e.db.ConfirmAbuse(e.ctx, e.rater.ID, admin.ID, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	// Every vote is still pending (a week's window), so all their points go, with the
	// open campaign's 12 points of bounties; the paid-out campaign's 14 stay.
	if out.ClawedBack != votePoints+12 {
		t.Fatalf("clawed back %d, want the votes' %d and the open campaign's 12 of bounties", out.ClawedBack, votePoints)
	}
	if after, _ := e.db.Balance(e.ctx, e.rater.ID); after != before-out.ClawedBack {
		t.Fatalf("balance %d after the clawback, was %d", after, before)
	}
	for _, k := range []struct {
		c             *arena.Campaign
		counted, pts  int64
		clawedEntries int
	}{{open, 0, 0, 3}, {paid, 2, 14, 0}} {
		got, err := e.db.Campaign(e.ctx, k.c.ID)
		if err != nil || got.CountedVotes != k.counted {
			t.Fatalf("campaign %q counts %d bountied votes after the review (%v), want %d", k.c.Name, got.CountedVotes, err, k.counted)
		}
		if n, pts, err := e.db.CampaignBounties(e.ctx, k.c.ID); err != nil || n != k.counted || pts != k.pts {
			t.Fatalf("campaign %q: the ledger's bounties are %d lines, %d points (%v); want %d and %d", k.c.Name, n, pts, err, k.counted, k.pts)
		}
	}
	es, _ = e.db.LedgerEntries(e.ctx, e.rater.ID, 0, 100)
	clawed, kept := 0, 0
	for _, le := range es {
		if le.Reason != arena.LedgerBounty {
			continue
		}
		if le.ClawedBack {
			clawed++
			if got := arena.EntryState(le, e.clock.Now(), 0, arena.Settled{}); got != arena.PointsClawedBack {
				t.Fatalf("a clawed-back bounty reads as %q", got)
			}
		} else {
			kept++
		}
	}
	if clawed != 3 || kept != 2 {
		t.Fatalf("bounty entries: %d clawed back, %d kept; want 3 and 2", clawed, kept)
	}
	// Once the window passes, settlement sees the kept bounties and none of the rest.
	e.clock.Add(2 * vestWeek)
	if st, err := e.db.PointsStatus(e.ctx, e.rater.ID, e.clock.Now()); err != nil || st.Vested != before-out.ClawedBack || st.Pending != 0 {
		t.Fatalf("points once vested: %+v %v, want %d vested", st, err, before-out.ClawedBack)
	}
	// The appeal granted gives back the votes' points but not the bounties.
	appeal := &arena.Appeal{UserID: e.rater.ID, Kind: arena.AppealReview, Comment: "I read them", CreatedAt: e.clock.Now()}
	if err := e.db.CreateAppeal(e.ctx, appeal); err != nil {
		t.Fatal(err)
	}
	decided, err := e.db.DecideAppeal(e.ctx, appeal.ID, true, "granted", admin.ID, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if decided.Restored != votePoints {
		t.Fatalf("the appeal restored %d, want the votes' %d and no bounty", decided.Restored, votePoints)
	}
	if n, _, _ := e.db.CampaignBounties(e.ctx, open.ID); n != 0 {
		t.Fatalf("the granted appeal brought back %d bounties", n)
	}
}
