package simulate

import (
	"context"
	"math"
	mrand "math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlite"
)

// TestDefencesAgainstCampaign runs a crowd with clickers, always-left voters and a lab's
// Sybil campaign of 5% of the votes, with the defences off and on.
func TestDefencesAgainstCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates thousands of votes")
	}
	cfg := DefaultConfig()
	cfg.Votes, cfg.HonestAccounts, cfg.SybilAccounts, cfg.SybilAddresses, cfg.ClickerAccounts = 1500, 80, 10, 2, 8
	cfg.AdaptiveShare, cfg.FarmShare = 0, 0 // TestAdaptiveCampaign's and TestFarmingBots'.
	run := func(on bool) *Report {
		c := cfg
		c.Dir, c.Defences = t.TempDir(), on
		r, err := Run(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		if !r.CountsAgree {
			t.Fatalf("defences %v: the pair counters disagree with the counted votes", on)
		}
		return r
	}
	off, on := run(false), run(true)
	var sb strings.Builder
	Summary(&sb, off, on)
	t.Log("\n" + sb.String())
	if off.TargetShift < 20 {
		t.Errorf("with defences off the campaign moved the target only %+.1f points; the harness is not testing anything", off.TargetShift)
	}
	if on.TargetShift >= 5 || on.TargetShift <= -5 {
		t.Errorf("with defences on the campaign moved the target %+.1f points, want under 5", on.TargetShift)
	}
	if on.HonestFlagged >= 0.01 {
		t.Errorf("%.1f%% of honest voters flagged, want under 1%%", 100*on.HonestFlagged)
	}
	// In a run this small the always-left voters cast too few votes each for the
	// position-bias test (it needs 20), so overall recall is not asserted; the groups
	// that do leave evidence must be caught. `arena simulate` at full size reports
	// recall 1.0.
	if on.Precision < 0.9 || on.Flagged[Sybil] != on.Accounts[Sybil] || 2*on.Flagged[Clicker] < on.Accounts[Clicker] {
		t.Errorf("detection: precision %.2f, recall %.2f, Sybils flagged %d of %d, clickers %d of %d", on.Precision, on.Recall,
			on.Flagged[Sybil], on.Accounts[Sybil], on.Flagged[Clicker], on.Accounts[Clicker])
	}
	if off.Flagged[Honest]+off.Flagged[Clicker]+off.Excluded[Clicker] != 0 {
		t.Errorf("defences off still flagged or excluded: %+v %+v", off.Flagged, off.Excluded)
	}
}

// TestAdaptiveCampaign runs a campaign that casts a tenth of the votes, one account per
// address and device, at a person's reading pace and 80% honest, against the defences.
func TestAdaptiveCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a thousand votes")
	}
	cfg := DefaultConfig()
	cfg.Dir, cfg.Votes, cfg.HonestAccounts, cfg.AdaptiveAccounts = t.TempDir(), 1200, 60, 8
	cfg.ClickerShare, cfg.LeftShare, cfg.CampaignShare, cfg.AdaptiveShare, cfg.FarmShare = 0, 0, 0, 0.1, 0
	r, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	Summary(&sb, r)
	t.Log("\n" + sb.String())
	if !r.CountsAgree {
		t.Fatal("the pair counters disagree with the counted votes")
	}
	// 20% of its votes go to the target, less the gold battles it votes honestly in.
	if share := float64(r.AdaptiveBoosted) / float64(r.Votes[Adaptive]); r.Votes[Adaptive] < 80 || share < 0.1 || share > 0.3 {
		t.Errorf("the campaign cast %d of %d votes for the target, want about 20%%", r.AdaptiveBoosted, r.Votes[Adaptive])
	}
	if r.HonestFlagged >= 0.01 {
		t.Errorf("%.1f%% of honest voters flagged, want under 1%%", 100*r.HonestFlagged)
	}
	// Taking its votes for the target out can only lower the target.
	if r.AdaptiveBoosted == 0 || r.AdaptiveShift <= 0 {
		t.Errorf("%d boosted votes moved the target %+.1f points", r.AdaptiveBoosted, r.AdaptiveShift)
	}
	t.Logf("adaptive accounts flagged %d of %d; target moved %+.1f points", r.Flagged[Adaptive], r.Accounts[Adaptive], r.AdaptiveShift)
	// The excess-hold candidate holds some of the campaign's votes and cuts its shift,
	// and holds honest voters' votes too: both are what the README's figures weigh.
	if len(r.Excess) != len(cfg.ExcessAlphas) {
		t.Fatalf("%d candidate results for %d thresholds", len(r.Excess), len(cfg.ExcessAlphas))
	}
	loosest := r.Excess[len(r.Excess)-1]
	if loosest.VotesHeld[Adaptive] == 0 || loosest.AdaptiveShift >= r.AdaptiveShift {
		t.Errorf("at p < %g the candidate held %d adaptive votes and left a shift of %+.1f (without it %+.1f)",
			loosest.Alpha, loosest.VotesHeld[Adaptive], loosest.AdaptiveShift, r.AdaptiveShift)
	}
	if loosest.VotesHeld[Honest] == 0 || loosest.HonestDistortion <= 0 {
		t.Errorf("at p < %g the candidate held %d honest votes and moved the honest board %.1f points", loosest.Alpha, loosest.VotesHeld[Honest], loosest.HonestDistortion)
	}
	for i := 1; i < len(r.Excess); i++ {
		if r.Excess[i].VotesHeld[Honest] < r.Excess[i-1].VotesHeld[Honest] {
			t.Errorf("a looser threshold held fewer honest votes: %+v", r.Excess)
		}
	}

	// A campaign that is wholly honest moves nothing: its honest votes are in both fits.
	cfg.Dir, cfg.Votes, cfg.AdaptiveHonesty = t.TempDir(), 400, 1
	if r, err = Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if r.AdaptiveBoosted != 0 || math.Abs(r.AdaptiveShift) > 1e-6 {
		t.Errorf("an honest campaign cast %d votes for the target and moved it %+.2f points", r.AdaptiveBoosted, r.AdaptiveShift)
	}
}

// TestAdaptiveAccountsLookApart checks the campaign leaves nothing for the network
// signals to group: one account per address and device, created over the month.
func TestAdaptiveAccountsLookApart(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	clk := arenatest.NewClock(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	cfg := DefaultConfig()
	cfg.HonestAccounts, cfg.ClickerAccounts, cfg.LeftAccounts, cfg.SybilAccounts, cfg.AdaptiveAccounts = 0, 0, 0, 0, 30
	vs, err := makeVoters(ctx, db, clk, mrand.New(mrand.NewPCG(1, 2)), cfg)
	if err != nil {
		t.Fatal(err)
	}
	ips, devices := map[string]bool{}, map[string]bool{}
	var first, last time.Time
	for _, v := range vs {
		if v.kind != Adaptive {
			t.Fatalf("a %s voter among the adaptive ones", v.kind)
		}
		ips[v.ip], devices[v.device] = true, true
		if c := v.user.CreatedAt; first.IsZero() || c.Before(first) {
			first = c
		}
		if c := v.user.CreatedAt; c.After(last) {
			last = c
		}
	}
	if len(vs) != 30 || len(ips) != 30 || len(devices) != 30 {
		t.Errorf("%d accounts on %d addresses and %d devices, want 30 of each", len(vs), len(ips), len(devices))
	}
	if last.Sub(first) < 7*24*time.Hour {
		t.Errorf("accounts created within %s, want spread over weeks", last.Sub(first))
	}
}

func TestSeparable(t *testing.T) {
	honest := make([]float64, 200)
	for i := range honest {
		honest[i] = float64(i+1) / 200 // 0.005 to 1
	}
	for _, c := range []struct {
		name   string
		honest []float64
		bad    []float64
		want   int
	}{
		// Fewer than 1% of 200 is at most one: the threshold is the second smallest
		// honest p, 0.01, which flags only the honest 0.005.
		{"below the honest tail", honest, []float64{0.001, 0.009, 0.01, 0.5}, 2},
		{"like honest voters", honest, []float64{0.2, 0.6, 0.9}, 0},
		{"fewer than 100 honest: none may be flagged", []float64{0.3, 0.2, 0.4}, []float64{0.1, 0.2, 0.25}, 1},
		{"no honest voters", nil, []float64{0.5}, 1},
	} {
		if got := separable(c.honest, c.bad); got != c.want {
			t.Errorf("%s: %d separable, want %d", c.name, got, c.want)
		}
	}
}

func TestIntactAndCorrupted(t *testing.T) {
	c, _ := provider{name: "m"}.Stream(context.Background(), chatRequest("why?"), func(arena.Delta) {})
	if !intact(c.Text) {
		t.Fatalf("a fresh answer reads as broken: %q", c.Text)
	}
	if intact(strings.Replace(c.Text, "Step 2:", "Step 3:", 1)) || intact(strings.TrimSuffix(c.Text, endMarker)) {
		t.Fatal("a shuffled or truncated answer reads as intact")
	}
}

// TestFarmingBots runs farming bots (a fifth of the votes, a fresh account every ten
// votes, voting at random without reading) with the defences and the default rewards
// (rater tiers, a seven-day audit window) and without (flat points paid at once).
func TestFarmingBots(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates a thousand votes")
	}
	cfg := DefaultConfig()
	cfg.Votes, cfg.HonestAccounts = 1000, 60
	cfg.ClickerShare, cfg.LeftShare, cfg.CampaignShare, cfg.AdaptiveShare, cfg.FarmShare = 0, 0, 0, 0, 0.2
	run := func(on bool, window time.Duration) *Report {
		c := cfg
		c.Dir, c.Defences, c.Vesting.Window = t.TempDir(), on, window
		r, err := Run(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	off, on, tiersOnly := run(false, 0), run(true, cfg.Vesting.Window), run(true, 0)
	var sb strings.Builder
	Summary(&sb, off, on, tiersOnly)
	t.Log("\n" + sb.String())
	// About 200 votes, a fresh account every 10.
	for _, r := range []*Report{off, on, tiersOnly} {
		if v := r.Votes[Farmer]; v < 120 || r.Accounts[Farmer] != (v+cfg.FarmRotate-1)/cfg.FarmRotate {
			t.Errorf("%d farming votes on %d accounts, want one account for every %d votes", v, r.Accounts[Farmer], cfg.FarmRotate)
		}
	}
	// Without the defences every vote pays 10 points at once: everything a bot earns it
	// takes when it moves on, but the current account's last votes.
	if off.Earned[Farmer] != 10*int64(off.Votes[Farmer]) || off.CashedOut < off.Earned[Farmer]-10*int64(cfg.FarmRotate) {
		t.Errorf("defences off: the bots earned %d for %d votes and took %d on leaving", off.Earned[Farmer], off.Votes[Farmer], off.CashedOut)
	}
	// With them, nothing vests before the audit window: a bot that leaves at once takes
	// nothing, and what vests later is a small part of a vote's worth.
	if on.CashedOut != 0 {
		t.Errorf("defences on: the bots took %d points on leaving, want 0 inside the audit window", on.CashedOut)
	}
	perVote := func(r *Report, k string) float64 { return float64(r.Earned[k]) / float64(max(1, r.Votes[k])) }
	if perVote(on, Farmer) >= 0.5*perVote(on, Honest) {
		t.Errorf("defences on: a bot's vote earned %.2f points, an honest one %.2f; want under half", perVote(on, Farmer), perVote(on, Honest))
	}
	if perVote(on, Honest) <= 0 {
		t.Errorf("defences on: honest votes earned nothing")
	}
	// With the tiers alone, points vest at once: a bot takes its low-tier points as it
	// leaves, before any review can take them back.
	if tiersOnly.CashedOut == 0 || perVote(tiersOnly, Farmer) <= perVote(on, Farmer) || perVote(tiersOnly, Farmer) >= perVote(off, Farmer) {
		t.Errorf("tiers without vesting: the bots took %d on leaving, %.2f a vote (with vesting %.2f, flat %.2f)",
			tiersOnly.CashedOut, perVote(tiersOnly, Farmer), perVote(on, Farmer), perVote(off, Farmer))
	}
	if on.Reliability[Farmer] >= on.Reliability[Honest] {
		t.Errorf("the bots' reliability %.2f is not below honest voters' %.2f", on.Reliability[Farmer], on.Reliability[Honest])
	}
}
