package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm"
)

// A rater's first battles are their qualification: over a fixed seed, the share of
// gold battles among them is the qualification's rate, and after them it falls back to
// the usual rate; the result (passed, failed) is read from the same battles and gates
// the rater's tier.
func testQualification(t *testing.T, be backend) {
	e := newVestEnv(t, be)
	const n = 100
	seed := [32]byte{27}
	q := &arena.Quality{Store: e.db, Policy: arena.DefaultQualityPolicy(), Clock: e.clock, GoldRate: 0.02,
		Qualification: arena.Qualification{Battles: n, GoldRate: 0.3}}
	b := arena.NewBattles(arena.BattlesConfig{Store: e.db, Models: e.db, Sampler: arena.UniformSampler{}, Clock: e.clock,
		Providers: llm.NewProviders(llm.Options{DemoDelay: llm.Instant}), Log: arenatest.Quiet(), Quality: q, Seed: &seed})
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		b.Close(ctx)
	})
	u := e.user("newcomer")
	var gold [2]int
	var first []string
	for i := range 2 * n {
		bt, err := b.Start(e.ctx, u, "Tell me about the sea.")
		if err != nil {
			t.Fatal(err)
		}
		wctx, cancel := context.WithTimeout(e.ctx, 10*time.Second)
		_, err = b.Wait(wctx, u, bt.ID)
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		side, err := e.db.GoldSide(e.ctx, bt.ID)
		if err != nil {
			t.Fatal(err)
		}
		if side != "" {
			gold[i/n]++
			if i < n {
				first = append(first, bt.ID)
			}
		}
		e.clock.Add(time.Second)
	}
	t.Logf("gold battles: %d of the first %d, %d of the next %d", gold[0], n, gold[1], n)
	// Binomial bounds 3.5 standard deviations wide: 30 ± 16 of 100 at 0.3, at most 7
	// of 100 at 0.02. The seed is fixed, so the counts are too.
	if gold[0] < 14 || gold[0] > 46 {
		t.Errorf("%d gold battles in the %d qualification battles at rate 0.3", gold[0], n)
	}
	if gold[1] > 7 {
		t.Errorf("%d gold battles in the %d battles after the qualification at rate 0.02", gold[1], n)
	}
	if gold[0] <= 2*gold[1] {
		t.Errorf("the qualification has %d gold battles, the next %d battles %d", gold[0], n, gold[1])
	}
	if started, err := e.db.BattlesStarted(e.ctx, u.ID, n); err != nil || started != n {
		t.Fatalf("battles started, counted up to %d: %d %v", n, started, err)
	}
	// Nobody voted yet: the qualification is over, with no gold battle failed.
	raters := &arena.Raters{Store: e.db, Policy: arena.DefaultQualityPolicy(), Clock: e.clock, Qualification: q.Qualification}
	rel, err := raters.Of(e.ctx, u.ID)
	if err != nil || rel.Qualification == nil || rel.Qualification.State != arena.QualifyPassed || rel.Qualification.GoldVotes != 0 {
		t.Fatalf("before any vote: %+v %v", rel.Qualification, err)
	}
	// Voting for the broken side in every gold battle of the qualification fails it.
	for _, id := range first {
		side, _ := e.db.GoldSide(e.ctx, id)
		w := arena.WinnerA
		if side == "b" {
			w = arena.WinnerB
		}
		e.clock.Add(30 * time.Second)
		if _, err := b.Vote(e.ctx, u, id, arena.VoteInput{Winner: w}); err != nil {
			t.Fatal(err)
		}
	}
	rel, err = raters.Of(e.ctx, u.ID)
	if err != nil || rel.Qualification.State != arena.QualifyFailed || rel.Qualification.GoldVotes != len(first) ||
		rel.Qualification.GoldFailed != len(first) || rel.Tier != arena.RaterNew {
		t.Fatalf("after failing every gold battle: %+v tier %s %v", rel.Qualification, rel.Tier, err)
	}
	// A newcomer part way through is qualifying, told which battle is next.
	v := e.user("midway")
	for range 3 {
		if _, err := b.Start(e.ctx, v, "Tell me about the sea."); err != nil {
			t.Fatal(err)
		}
	}
	if rel, err := raters.Of(e.ctx, v.ID); err != nil || rel.Qualification.State != arena.QualifyOngoing || rel.Qualification.Started != 3 {
		t.Fatalf("three battles in: %+v %v", rel.Qualification, err)
	}
}
