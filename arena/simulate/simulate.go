// Package simulate runs voter populations against the real vote path (arena.Battles, the
// SQLite store and the quality service) to measure what the integrity defences catch:
// honest voters who vote by Bradley-Terry probabilities on hidden true ratings, random
// clickers, always-left voters, a lab boosting its own model through Sybil accounts, an
// adaptive campaign that boosts it while staying under every threshold, and farming bots
// that rotate accounts and cash out fast.
package simulate

import (
	"context"
	"fmt"
	"io"
	"math"
	mrand "math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/ranking"
)

// Voter kinds.
const (
	Honest  = "honest"
	Clicker = "clicker"
	Left    = "always-left"
	Sybil   = "sybil"
	// Adaptive is a campaign built to pass every per-account test: one account per
	// address and device, created over weeks, reading at a person's pace, voting
	// honestly most of the time.
	Adaptive = "adaptive"
	// Farmer is a farming bot: it votes as fast as it may at the least effort, cashes
	// out what it can after a few votes, and moves on to a fresh account.
	Farmer = "farmer"
)

// Kinds lists the voter kinds in report order.
var Kinds = []string{Honest, Clicker, Left, Sybil, Adaptive, Farmer}

// Config describes one simulation.
type Config struct {
	Dir   string // where the database goes
	Seed  uint64
	Votes int // votes cast in all
	// Shares of all votes cast by clickers, always-left voters, the Sybil campaign and
	// the adaptive campaign; honest voters cast the rest.
	ClickerShare, LeftShare, CampaignShare, AdaptiveShare float64
	// FarmShare is the share of all votes cast by farming bots; each bot account casts
	// FarmRotate votes, cashes out and is replaced by a new one, on one of FarmAddresses
	// proxy addresses.
	FarmShare                 float64
	FarmRotate, FarmAddresses int
	// AdaptiveHonesty is the share of the adaptive campaign's votes cast honestly; the
	// rest go to the target, in battles the campaign waits for until the target is in
	// one.
	AdaptiveHonesty float64
	// Accounts of each kind.
	HonestAccounts, ClickerAccounts, LeftAccounts, SybilAccounts, AdaptiveAccounts int
	// SybilAddresses is how many proxy addresses the lab's accounts come from.
	SybilAddresses int
	GoldRate       float64
	// Defences turns on vote scoring, Sybil detection, an admin who confirms every
	// flagged account at the end, and the rewards as `arena serve` pays them by default:
	// the rewards policy's ranges per quality and rater tier, vesting after
	// arena.DefaultVesting's audit window. Off, every vote counts and earns VotePoints
	// at once.
	//
	// Vesting is the vesting with the defences on (DefaultConfig: arena.DefaultVesting;
	// a zero Window vests points at once, to measure the tiers alone).
	Defences bool
	Vesting  arena.Vesting
	// ExcessAlphas are the thresholds at which the excess-hold candidate
	// (arena.ExcessHolds) is measured against the adaptive campaign, on the run's votes
	// before the admin's review; none, not measured.
	ExcessAlphas []float64
	// DetectEvery is the simulated time between Sybil detector runs (6 h when zero).
	DetectEvery time.Duration
	Log         io.Writer // progress, may be nil
}

// DefaultConfig is a campaign of 5% of all votes against a realistic crowd.
func DefaultConfig() Config {
	return Config{Seed: 1, Votes: 10000, ClickerShare: 0.05, LeftShare: 0.03, CampaignShare: 0.05,
		AdaptiveShare: 0.05, AdaptiveHonesty: 0.8, ExcessAlphas: []float64{0.02, 0.05, 0.1},
		FarmShare: 0.05, FarmRotate: 10, FarmAddresses: 3, Vesting: arena.DefaultVesting(),
		HonestAccounts: 400, ClickerAccounts: 20, LeftAccounts: 10, SybilAccounts: 20, AdaptiveAccounts: 20, SybilAddresses: 4,
		GoldRate: 0.05, Defences: true}
}

// Model is a simulated model with its hidden true rating.
type Model struct {
	Name   string
	Rating float64
}

// Target is the model the lab boosts.
const Target = "boosted-lab-model"

// Models are the simulated models: true ratings 850 to 1200, the target in the middle.
var Models = []Model{
	{"model-1200", 1200}, {"model-1150", 1150}, {"model-1100", 1100}, {"model-1050", 1050},
	{Target, 1000}, {"model-950", 950}, {"model-900", 900}, {"model-850", 850},
}

// Report is what a simulation measured.
type Report struct {
	Defences bool
	Votes    map[string]int // votes cast by kind
	Excluded map[string]int // votes kept out of the leaderboard, by kind
	Accounts map[string]int
	Flagged  map[string]int // accounts flagged for review, by kind
	// Precision and Recall of flagging: bad accounts are clickers, always-left voters
	// and Sybils.
	Precision, Recall float64
	// HonestFlagged is the share of honest accounts flagged.
	HonestFlagged float64
	// TargetShift is how far the campaign moved the target's rating (relative to the
	// mean of the others) on the leaderboard's own counts: the fit with the counted
	// votes minus the fit without the Sybil votes among them.
	TargetShift float64
	// TargetShiftBeforeReview is the same before the admin confirmed the flagged
	// accounts: what automatic exclusion alone achieved.
	TargetShiftBeforeReview float64
	// AdaptiveShift and AdaptiveShiftBeforeReview are the same for the adaptive
	// campaign's votes for the target (its honest votes stay in both fits).
	AdaptiveShift, AdaptiveShiftBeforeReview float64
	// AdaptiveBoosted is how many of the adaptive campaign's votes went to the target
	// because it is the target (not by honest judgement).
	AdaptiveBoosted int
	// AdaptiveCatchable is how many adaptive accounts the favouritism statistic
	// (arena.FavourTallies: an account's wins for one model against its record) could
	// flag at best: at the threshold that flags fewer than 1% of honest accounts, with
	// no minimum number of votes. It bounds what any per-account threshold on that
	// statistic can do.
	AdaptiveCatchable int
	// Excess is the excess-hold candidate measured at each of Config.ExcessAlphas.
	Excess []ExcessResult
	// Earned is the points, by kind, that are the accounts' to settle once every audit
	// window has passed (after the admin's review took back what it could), and
	// CashedOut what the farming bots could settle at the moment each account moved on.
	Earned    map[string]int64
	CashedOut int64
	// Reliability is the mean reliability score of each kind's accounts at the end
	// with scored votes (defences on).
	Reliability map[string]float64
	// Ratings are the leaderboard's ratings at the end.
	Ratings map[string]float64
	// CountsAgree reports whether the store's pair counters equal the counted votes.
	CountsAgree bool
	Evidence    map[string][]string // a sample of evidence per kind
	Elapsed     time.Duration
}

type voter struct {
	user   *arena.User
	kind   string
	device string
	ip     string
}

// Run runs one simulation.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	started := time.Now()
	rng := mrand.New(mrand.NewPCG(cfg.Seed, 0x5eed))
	db, err := sqlite.Open(ctx, filepath.Join(cfg.Dir, "simulate.db"))
	if err != nil {
		return nil, err
	}
	defer db.Close()
	clk := arenatest.NewClock(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	for _, m := range Models {
		am := arena.Model{Name: m.Name, Organization: "Sim Lab", Provider: arena.ProviderDemo, Active: true, CreatedAt: clk.Now()}
		if err := db.CreateModel(ctx, &am); err != nil {
			return nil, err
		}
	}
	// The arena's own composition, as `arena serve` builds it, with the simulator's
	// scripted answers and clock.
	ac := app.Config{
		Store: db, Clock: clk, Log: arenatest.Quiet(), ProviderSource: providers{}, VotePoints: 10,
		Quality: &app.QualityConfig{GoldRate: cfg.GoldRate, Disabled: !cfg.Defences},
	}
	if cfg.Defences {
		ac.VotePoints, ac.Vesting = 0, cfg.Vesting
		ac.Rewards = &app.RewardsConfig{Policy: rewards.DefaultPolicy(), ChainID: 1337}
	}
	a, err := app.New(ctx, ac)
	if err != nil {
		return nil, err
	}
	defer a.Close()
	battles, sybil := a.Battles, a.Sybil

	voters, err := makeVoters(ctx, db, clk, rng, cfg)
	if err != nil {
		return nil, err
	}
	byKind := map[string][]*voter{}
	kindOf := map[int64]string{}
	for _, v := range voters {
		byKind[v.kind] = append(byKind[v.kind], v)
		kindOf[v.user.ID] = v.kind
	}
	rep := &Report{Defences: cfg.Defences, Votes: map[string]int{}, Excluded: map[string]int{}, Accounts: map[string]int{},
		Flagged: map[string]int{}, Ratings: map[string]float64{}, Evidence: map[string][]string{}, Earned: map[string]int64{},
		Reliability: map[string]float64{}}
	for k, vs := range byKind {
		rep.Accounts[k] = len(vs)
	}
	every := cfg.DetectEvery
	if every == 0 {
		every = 6 * time.Hour
	}
	nextDetect := clk.Now().Add(every)
	prompt := 0
	camp := &campaign{honesty: cfg.AdaptiveHonesty, boosted: map[string]bool{}}
	farm := &farm{rotate: max(1, cfg.FarmRotate)}
	// Drawn only when there are bots, so that --farm 0 replays a seed's other voters
	// as they were before the bots existed.
	for i := 0; cfg.FarmShare > 0 && i < max(1, cfg.FarmAddresses); i++ {
		farm.proxies = append(farm.proxies, fmt.Sprintf("198.51.100.%d", 1+rng.IntN(254)))
	}
	for n := 0; n < cfg.Votes; n++ {
		x := rng.Float64()
		kind := Honest
		switch {
		case x < cfg.CampaignShare:
			kind = Sybil
		case x < cfg.CampaignShare+cfg.ClickerShare:
			kind = Clicker
		case x < cfg.CampaignShare+cfg.ClickerShare+cfg.LeftShare:
			kind = Left
		case x < cfg.CampaignShare+cfg.ClickerShare+cfg.LeftShare+cfg.AdaptiveShare:
			kind = Adaptive
		case x < cfg.CampaignShare+cfg.ClickerShare+cfg.LeftShare+cfg.AdaptiveShare+cfg.FarmShare:
			kind = Farmer
		}
		var v *voter
		if kind == Farmer {
			if v, err = farm.next(ctx, db, clk, rng, &rep.CashedOut); err != nil {
				return nil, err
			}
			if kindOf[v.user.ID] == "" {
				kindOf[v.user.ID] = Farmer
				rep.Accounts[Farmer]++
			}
		} else {
			if len(byKind[kind]) == 0 {
				kind = Honest
			}
			v = byKind[kind][rng.IntN(len(byKind[kind]))]
		}
		if err := castVote(ctx, battles, db, clk, rng, v, camp, &prompt); err != nil {
			return nil, fmt.Errorf("vote %d by a %s voter: %w", n, kind, err)
		}
		rep.Votes[kind]++
		if cfg.Defences && !clk.Now().Before(nextDetect) {
			if _, err := sybil.Run(ctx); err != nil {
				return nil, err
			}
			nextDetect = clk.Now().Add(every)
		}
		if cfg.Log != nil && (n+1)%2000 == 0 {
			fmt.Fprintf(cfg.Log, "  %d votes, simulated %s\n", n+1, clk.Now().Format(time.DateTime))
		}
	}
	if cfg.Defences {
		if _, err := sybil.Run(ctx); err != nil {
			return nil, err
		}
	}
	rep.AdaptiveBoosted = len(camp.boosted)
	if rep.AdaptiveCatchable, err = catchable(ctx, db, clk.Now(), kindOf); err != nil {
		return nil, err
	}
	// Precision and recall of flagging, before the admin acts.
	reviews, err := db.Reviews(ctx, "", 1<<30)
	if err != nil {
		return nil, err
	}
	bad, flaggedBad, flagged := 0, 0, 0
	for k, n := range rep.Accounts {
		if k != Honest {
			bad += n
		}
	}
	for _, r := range reviews {
		k := kindOf[r.UserID]
		rep.Flagged[k]++
		flagged++
		if k != Honest {
			flaggedBad++
		}
		if len(rep.Evidence[k]) < 3 && len(r.Evidence) > 0 {
			rep.Evidence[k] = append(rep.Evidence[k], r.Evidence[0])
		}
	}
	if flagged > 0 {
		rep.Precision = float64(flaggedBad) / float64(flagged)
	}
	if bad > 0 {
		rep.Recall = float64(flaggedBad) / float64(bad)
	}
	if rep.Accounts[Honest] > 0 {
		rep.HonestFlagged = float64(rep.Flagged[Honest]) / float64(rep.Accounts[Honest])
	}
	if cfg.Defences && a.Raters != nil {
		// What agreement weighting by reliability would have to work with: the mean
		// reliability score (arena.Raters) of each kind's accounts.
		n := map[string]int{}
		for id, k := range kindOf {
			rel, err := a.Raters.Of(ctx, id)
			if err != nil {
				return nil, err
			}
			if rel.Votes > 0 {
				rep.Reliability[k] += rel.Score
				n[k]++
			}
		}
		for k := range rep.Reliability {
			rep.Reliability[k] /= float64(n[k])
		}
	}
	if len(cfg.ExcessAlphas) > 0 && rep.Votes[Adaptive] > 0 {
		if rep.Excess, err = measureExcess(ctx, db, kindOf, camp.boosted, cfg.ExcessAlphas); err != nil {
			return nil, err
		}
	}
	before, err := shift(ctx, db, kindOf, camp.boosted, nil)
	if err != nil {
		return nil, err
	}
	rep.TargetShiftBeforeReview, rep.AdaptiveShiftBeforeReview = before[Sybil], before[Adaptive]
	// The admin confirms every flagged account: their votes leave the leaderboard.
	if cfg.Defences {
		admin := &arena.User{ID: 0, Username: "sim-admin", Role: arena.RoleAdmin}
		if err := db.CreateUser(ctx, &arena.User{Username: "sim-admin", Role: arena.RoleAdmin, PasswordHash: "-", CreatedAt: clk.Now()}); err != nil {
			return nil, err
		}
		if u, err := db.UserByName(ctx, "sim-admin"); err == nil {
			admin.ID = u.ID
		}
		for _, r := range reviews {
			if r.Status == arena.ReviewFlagged {
				if _, err := a.Review.ConfirmAbuse(ctx, admin, r.UserID); err != nil {
					return nil, err
				}
			}
		}
	}
	if err := earnings(ctx, db, clk, cfg, kindOf, rep); err != nil {
		return nil, err
	}
	all := ranking.NewAggregate()
	after, err := shift(ctx, db, kindOf, camp.boosted, func(o sqlstore.VoteOutcome, counted *ranking.Aggregate) {
		if !o.Counted && !o.Gold {
			rep.Excluded[kindOf[o.UserID]]++
		}
		all = counted
	})
	if err != nil {
		return nil, err
	}
	rep.TargetShift, rep.AdaptiveShift = after[Sybil], after[Adaptive]
	if rep.Ratings, err = ratings(all); err != nil {
		return nil, err
	}
	// The store's counters must be exactly the counted votes.
	pcs, err := db.PairCounts(ctx, "")
	if err != nil {
		return nil, err
	}
	rep.CountsAgree = true
	stored := 0
	for _, p := range pcs {
		got := all.Pair(p.A, p.B)
		if got.WinsA != int64(p.WinsA) || got.WinsB != int64(p.WinsB) || got.Ties != int64(p.Ties) || got.BothBad != int64(p.BothBad) {
			rep.CountsAgree = false
		}
		stored += p.WinsA + p.WinsB + p.Ties + p.BothBad
	}
	if int64(stored) != all.Battles() {
		rep.CountsAgree = false
	}
	rep.Elapsed = time.Since(started)
	return rep, nil
}

// shift fits the leaderboard's counted votes with and without each campaign's votes
// among them (the same run, the same seed, the campaign's votes taken out), and returns
// how far each campaign moved the target; each vote is passed to each, if set. Of the
// adaptive campaign only the votes it cast for the target for being the target (the
// battles in boosted) are taken out: its honest votes are an honest voter's, and taking
// them out too would add their noise to the measure.
func shift(ctx context.Context, db *sqlstore.DB, kindOf map[int64]string, boosted map[string]bool, each func(sqlstore.VoteOutcome, *ranking.Aggregate)) (map[string]float64, error) {
	campaigns := []string{Sybil, Adaptive}
	all, without := ranking.NewAggregate(), map[string]*ranking.Aggregate{}
	for _, c := range campaigns {
		without[c] = ranking.NewAggregate()
	}
	for _, m := range Models {
		all.ModelIndex(m.Name)
		for _, w := range without {
			w.ModelIndex(m.Name)
		}
	}
	err := db.VoteOutcomes(ctx, func(o sqlstore.VoteOutcome) error {
		if each != nil {
			each(o, all)
		}
		if !o.Counted {
			return nil
		}
		out := arena.OutcomeOf(o.Winner)
		all.Add(o.ModelA, o.ModelB, out, 1)
		for c, w := range without {
			if c == Sybil && kindOf[o.UserID] == Sybil || c == Adaptive && boosted[o.BattleID] {
				continue
			}
			w.Add(o.ModelA, o.ModelB, out, 1)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rAll, err := ratings(all)
	if err != nil {
		return nil, err
	}
	shifts := map[string]float64{}
	for c, w := range without {
		rWithout, err := ratings(w)
		if err != nil {
			return nil, err
		}
		shifts[c] = relative(rAll, Target) - relative(rWithout, Target)
	}
	return shifts, nil
}

// catchable computes Report.AdaptiveCatchable over the detector's 30-day window.
func catchable(ctx context.Context, db *sqlstore.DB, now time.Time, kindOf map[int64]string) (int, error) {
	votes, err := db.SybilTallies(ctx, now.Add(-30*24*time.Hour), now)
	if err != nil {
		return 0, err
	}
	pcs, err := db.PairCounts(ctx, "")
	if err != nil {
		return 0, err
	}
	best := map[int64]float64{}
	for k, t := range arena.FavourTallies(votes, pcs) {
		if p, ok := best[k.UserID]; !ok || t.P() < p {
			best[k.UserID] = t.P()
		}
	}
	var honest, adaptive []float64
	for id, kind := range kindOf {
		p, ok := best[id]
		if !ok {
			p = 1
		}
		switch kind {
		case Honest:
			honest = append(honest, p)
		case Adaptive:
			adaptive = append(adaptive, p)
		}
	}
	return separable(honest, adaptive), nil
}

// separable is how many of the bad p-values fall below the threshold that flags fewer
// than 1% of the honest ones (p below the threshold is flagged).
func separable(honest, bad []float64) int {
	if len(honest) == 0 {
		return len(bad)
	}
	sorted := append([]float64(nil), honest...)
	sort.Float64s(sorted)
	limit := sorted[int(math.Ceil(0.01*float64(len(sorted))))-1]
	n := 0
	for _, p := range bad {
		if p < limit {
			n++
		}
	}
	return n
}

func ratings(a *ranking.Aggregate) (map[string]float64, error) {
	lb, err := ranking.BuildLeaderboard(a, ranking.Options{Method: ranking.MethodBT, CI: ranking.CINone})
	if err != nil {
		return nil, err
	}
	out := map[string]float64{}
	for _, e := range lb.Models {
		out[e.Model] = e.Rating
	}
	return out, nil
}

// relative is a model's rating minus the mean of the others.
func relative(r map[string]float64, model string) float64 {
	var sum float64
	for m, v := range r {
		if m != model {
			sum += v
		}
	}
	return r[model] - sum/float64(len(r)-1)
}

// makeVoters creates the accounts: honest ones over the past month (some behind shared
// campus addresses), clickers and always-left voters alone, and the lab's Sybils in a
// burst behind a few proxy addresses, with payout wallets.
func makeVoters(ctx context.Context, db *sqlstore.DB, clk *arenatest.Clock, rng *mrand.Rand, cfg Config) ([]*voter, error) {
	now := clk.Now()
	var out []*voter
	add := func(kind string, i int, created time.Time, ip string) error {
		u := &arena.User{Username: fmt.Sprintf("%s-%d", strings.ReplaceAll(kind, "-", ""), i), Role: arena.RoleUser, PasswordHash: "-", CreatedAt: created}
		if err := db.CreateUser(ctx, u); err != nil {
			return err
		}
		out = append(out, &voter{user: u, kind: kind, device: fmt.Sprintf("%016x%016x", rng.Uint64(), rng.Uint64()), ip: ip})
		return nil
	}
	month := 30 * 24 * time.Hour
	randomPast := func() time.Time { return now.Add(-time.Duration(rng.Int64N(int64(month)))) }
	randomIP := func() string {
		return fmt.Sprintf("%d.%d.%d.%d", 11+rng.IntN(200), rng.IntN(256), rng.IntN(256), 1+rng.IntN(254))
	}
	campus := []string{"192.0.2.10", "192.0.2.20", "192.0.2.30", "192.0.2.40"}
	for i := range cfg.HonestAccounts {
		ip := randomIP()
		if i%10 == 0 { // one in ten behind a shared campus address
			ip = campus[(i/10)%len(campus)]
		}
		if err := add(Honest, i, randomPast(), ip); err != nil {
			return nil, err
		}
	}
	for i := range cfg.ClickerAccounts {
		if err := add(Clicker, i, randomPast(), randomIP()); err != nil {
			return nil, err
		}
	}
	for i := range cfg.LeftAccounts {
		if err := add(Left, i, randomPast(), randomIP()); err != nil {
			return nil, err
		}
	}
	for i := range cfg.AdaptiveAccounts {
		// Spread over the month, each on its own address and device: nothing to group.
		if err := add(Adaptive, i, randomPast(), randomIP()); err != nil {
			return nil, err
		}
	}
	burst := now.Add(-24 * time.Hour)
	var proxies []string
	for range max(1, cfg.SybilAddresses) {
		proxies = append(proxies, randomIP())
	}
	for i := range cfg.SybilAccounts {
		created := burst.Add(time.Duration(rng.Int64N(int64(20 * time.Minute))))
		if err := add(Sybil, i, created, proxies[i%len(proxies)]); err != nil {
			return nil, err
		}
		v := out[len(out)-1]
		if err := db.Exec(ctx, `INSERT INTO wallets (user_id, address, linked_at) VALUES (?, ?, ?)`,
			v.user.ID, fmt.Sprintf("0x%040x", 0xb005700+i), created.UnixMilli()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// campaign is what the adaptive campaign's accounts share: how honest they are, and how
// often the sampler has shown them the target.
type campaign struct {
	honesty          float64
	seen, withTarget int
	boosted          map[string]bool // battles whose vote went to the target for being it
}

// boost decides whether to vote for the target in a battle that has it: with the
// probability that makes 1-honesty of all the campaign's votes go to the target, as
// far as the target turns up often enough. It never skips a battle: abandoned battles
// would be a trace.
func (c *campaign) boost(rng *mrand.Rand) bool {
	return rng.Float64() < (1-c.honesty)*float64(c.seen)/float64(c.withTarget)
}

// castVote has v start battles (a Sybil until its lab's model is in one), read and vote.
func castVote(ctx context.Context, battles *arena.Battles, db *sqlstore.DB, clk *arenatest.Clock, rng *mrand.Rand, v *voter, camp *campaign, prompt *int) error {
	for tries := 0; ; tries++ {
		if tries > 200 {
			return fmt.Errorf("no battle with the target model in 200 tries")
		}
		*prompt++
		// As the web layer does on every battle and vote.
		if err := db.TouchDevice(ctx, v.user.ID, v.device, v.ip, clk.Now()); err != nil {
			return err
		}
		b, err := battles.Start(ctx, v.user, fmt.Sprintf("Question %d from %s: explain topic %d.", *prompt, v.user.Username, rng.IntN(1<<30)))
		if err != nil {
			return err
		}
		if b, err = battles.Wait(ctx, v.user, b.ID); err != nil {
			return err
		}
		if b.Status != arena.StatusReady {
			return fmt.Errorf("battle %s ended %s", b.ID, b.Status)
		}
		t := b.Turns[0]
		var w arena.Winner
		var read time.Duration
		secs := func(lo, hi float64) time.Duration {
			return time.Duration((lo + rng.Float64()*(hi-lo)) * float64(time.Second))
		}
		switch v.kind {
		case Honest:
			read = secs(20, 90)
			w = honestVote(rng, b, t)
		case Clicker:
			read = secs(1, 3)
			w = [...]arena.Winner{arena.WinnerA, arena.WinnerB}[rng.IntN(2)]
			if rng.Float64() < 0.05 {
				w = arena.WinnerTie
			}
		case Left:
			read = secs(4, 12)
			w = arena.WinnerA
		case Farmer:
			// As fast as the limits allow, without reading.
			read = secs(1, 2)
			w = [...]arena.Winner{arena.WinnerA, arena.WinnerB}[rng.IntN(2)]
		case Sybil:
			// The lab knows its model's style; it skips battles without it.
			switch {
			case strings.Contains(t.A.Text, targetMarker):
				w = arena.WinnerA
			case strings.Contains(t.B.Text, targetMarker):
				w = arena.WinnerB
			default:
				continue
			}
			read = secs(20, 60) // the lab's scripts wait like people do
		case Adaptive:
			// A person's pace: time in proportion to what there is to read, 30 to 60
			// characters a second.
			chars := len(t.A.Text) + len(t.B.Text)
			read = time.Duration(float64(chars) / (30 + 30*rng.Float64()) * float64(time.Second))
			w = honestVote(rng, b, t)
			inA, inB := strings.Contains(t.A.Text, targetMarker), strings.Contains(t.B.Text, targetMarker)
			camp.seen++
			if !inA && !inB {
				break
			}
			camp.withTarget++
			// In a gold battle it votes honestly: choosing a broken answer is what gets
			// caught.
			if intact(t.A.Text) && intact(t.B.Text) && camp.boost(rng) {
				w = map[bool]arena.Winner{true: arena.WinnerA, false: arena.WinnerB}[inA]
				camp.boosted[b.ID] = true
			}
		}
		clk.Add(read)
		_, err = battles.Vote(ctx, v.user, b.ID, arena.VoteInput{Winner: w})
		return err
	}
}

// honestVote judges like a person: a broken answer (in a gold battle) loses, otherwise
// the true ratings decide by Bradley-Terry probabilities, with ties.
func honestVote(rng *mrand.Rand, b *arena.Battle, t arena.Turn) arena.Winner {
	okA, okB := intact(t.A.Text), intact(t.B.Text)
	if okA != okB && rng.Float64() < 0.97 {
		if okA {
			return arena.WinnerA
		}
		return arena.WinnerB
	}
	if rng.Float64() < 0.1 {
		return arena.WinnerTie
	}
	ra, rb := trueRating(b.ModelA.Name), trueRating(b.ModelB.Name)
	if rng.Float64() < 1/(1+math.Pow(10, (rb-ra)/400)) {
		return arena.WinnerA
	}
	return arena.WinnerB
}

func trueRating(name string) float64 {
	for _, m := range Models {
		if m.Name == name {
			return m.Rating
		}
	}
	return 1000
}

// Summary renders reports as text.
func Summary(w io.Writer, reps ...*Report) {
	for _, r := range reps {
		state := "OFF"
		if r.Defences {
			state = "ON"
		}
		total := 0
		for _, n := range r.Votes {
			total += n
		}
		fmt.Fprintf(w, "Defences %s: %d votes in %s\n", state, total, r.Elapsed.Round(time.Millisecond))
		for _, k := range Kinds {
			fmt.Fprintf(w, "  %-12s accounts %4d  flagged %4d  votes %6d  excluded from the leaderboard %6d\n",
				k, r.Accounts[k], r.Flagged[k], r.Votes[k], r.Excluded[k])
		}
		if r.Defences {
			fmt.Fprintf(w, "  detection: precision %.3f, recall %.3f; honest accounts wrongly flagged %.2f%%\n",
				r.Precision, r.Recall, 100*r.HonestFlagged)
		}
		if r.Defences {
			fmt.Fprintf(w, "  %s rating shift from the campaign: %+.1f points before the admin's review (automatic exclusion only), %+.1f after confirming the flagged accounts\n",
				Target, r.TargetShiftBeforeReview, r.TargetShift)
		} else {
			fmt.Fprintf(w, "  %s rating shift from the campaign: %+.1f points\n", Target, r.TargetShift)
		}
		if r.Accounts[Adaptive] > 0 {
			if r.Defences {
				fmt.Fprintf(w, "  %s rating shift from the adaptive campaign: %+.1f points before the admin's review, %+.1f after\n",
					Target, r.AdaptiveShiftBeforeReview, r.AdaptiveShift)
			} else {
				fmt.Fprintf(w, "  %s rating shift from the adaptive campaign: %+.1f points\n", Target, r.AdaptiveShift)
			}
			fmt.Fprintf(w, "  adaptive campaign: %d of its %d votes cast for %s regardless of the answers\n", r.AdaptiveBoosted, r.Votes[Adaptive], Target)
			fmt.Fprintf(w, "  adaptive accounts the favouritism statistic could flag at best with under 1%% of honest accounts flagged: %d of %d\n", r.AdaptiveCatchable, r.Accounts[Adaptive])
			for _, x := range r.Excess {
				fmt.Fprintf(w, "  candidate: hold each account's excess for or against a model at p < %g: adaptive shift %+.1f; accounts with votes held: honest %d of %d, adaptive %d of %d; votes held: honest %d, adaptive %d; honest board moved up to %.1f points\n",
					x.Alpha, x.AdaptiveShift, x.RatersHeld[Honest], r.Accounts[Honest], x.RatersHeld[Adaptive], r.Accounts[Adaptive],
					x.VotesHeld[Honest], x.VotesHeld[Adaptive], x.HonestDistortion)
			}
		}
		if len(r.Reliability) > 0 {
			fmt.Fprintf(w, "  mean reliability score:")
			for _, k := range Kinds {
				if v, ok := r.Reliability[k]; ok {
					fmt.Fprintf(w, " %s %.3f;", k, v)
				}
			}
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "  points that are theirs once every audit window has passed:")
		for _, k := range Kinds {
			if r.Votes[k] > 0 {
				fmt.Fprintf(w, " %s %d (%.2f a vote, %.1f an account);", k, r.Earned[k], float64(r.Earned[k])/float64(r.Votes[k]), float64(r.Earned[k])/float64(max(1, r.Accounts[k])))
			}
		}
		fmt.Fprintln(w)
		if r.Votes[Farmer] > 0 {
			fmt.Fprintf(w, "  farming bots: %d accounts; settleable when each moved on: %d points\n", r.Accounts[Farmer], r.CashedOut)
		}
		fmt.Fprintf(w, "  pair counters agree with counted votes: %v\n", r.CountsAgree)
		names := make([]string, 0, len(r.Ratings))
		for m := range r.Ratings {
			names = append(names, m)
		}
		sort.Slice(names, func(i, j int) bool { return r.Ratings[names[i]] > r.Ratings[names[j]] })
		fmt.Fprintf(w, "  leaderboard:")
		for _, m := range names {
			fmt.Fprintf(w, " %s %.0f (true %.0f);", m, r.Ratings[m], trueRating(m))
		}
		fmt.Fprintln(w)
		for _, k := range Kinds {
			for _, e := range r.Evidence[k] {
				fmt.Fprintf(w, "  evidence against a %s: %s\n", k, e)
			}
		}
	}
}
