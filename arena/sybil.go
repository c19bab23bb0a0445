package arena

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sort"
	"time"
)

// AccountSighting is one account seen on one device cookie and address.
type AccountSighting struct {
	UserID    int64
	CreatedAt time.Time // the account's creation
	Device    string
	IP        string
	HasWallet bool
}

// SybilTally is what behavioural Sybil signals need of an account's votes: its decisive
// votes in battles of one pairing, summed, so the store can keep the sums between scans
// instead of rereading every vote of the window.
type SybilTally struct {
	UserID         int64
	ModelA, ModelB string
	WinsA, WinsB   int
}

// SybilStore gives the Sybil detector its raw material.
type SybilStore interface {
	// Sightings lists where accounts active since then acted from.
	Sightings(ctx context.Context, since time.Time) ([]AccountSighting, error)
	// SybilTallies sums, per account and battle pairing (one row per account, ModelA
	// and ModelB), the decisive votes of this arena's own non-gold battles cast since
	// then; now is the scan's time. The store may keep the sums between calls and read
	// only the votes that entered or left the window.
	SybilTallies(ctx context.Context, since, now time.Time) ([]SybilTally, error)
	// PairCounts is the counted outcome history of every pair ("" category).
	PairCounts(ctx context.Context, category string) ([]PairCount, error)
}

// SybilDetector looks for many accounts run by one party: accounts sharing a device
// cookie, accounts created in a burst behind one address, many payout wallets behind one
// device or address, and accounts that vote for one model far more than its record
// explains (a lab boosting its own model). It flags what it finds for review.
type SybilDetector struct {
	Store QualityStore
	Clock Clock
	// Window is how far back activity is considered (30 days when zero).
	Window time.Duration
	// MaxPerDevice accounts may share a device cookie before they are flagged (2 when
	// zero: a person with a second account is common, three is a farm).
	MaxPerDevice int
	// BurstAccounts created within BurstWindow behind one address are a burst (4 and
	// one hour when zero).
	BurstAccounts int
	BurstWindow   time.Duration
	// WalletsPerNetwork: this many accounts with payout wallets behind one device or
	// address are one payout pattern (3 when zero).
	WalletsPerNetwork int
	// MaxPerIP, if positive, flags addresses with more accounts than that whatever
	// their creation times (off by default: campuses and carrier NAT share addresses).
	MaxPerIP int
	// FavourAlpha is the p-value below which an account's wins for one model cannot be
	// explained by that model's record (1e-6 when zero), over at least FavourMin votes
	// involving the model (10 when zero).
	FavourAlpha float64
	FavourMin   int
	// ReviewGrace is how long an admin's approval shields an account (30 days when zero).
	ReviewGrace time.Duration
	// OnChange, if set, runs after a run put an account under review: its votes left the
	// counters, so the leaderboards must not keep showing them.
	OnChange func()
}

// Run finds Sybil evidence and flags the accounts; it returns the evidence per account.
func (d *SybilDetector) Run(ctx context.Context) (map[int64][]string, error) {
	ev, err := d.Evidence(ctx)
	if err != nil {
		return nil, err
	}
	now := d.Clock.Now()
	ids := make([]int64, 0, len(ev))
	for id := range ev {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	changed := false
	defer func() {
		if changed && d.OnChange != nil {
			d.OnChange()
		}
	}()
	for _, id := range ids {
		flagged, err := d.Store.FlagUser(ctx, id, ev[id], now, now.Add(-cmp.Or(d.ReviewGrace, 30*24*time.Hour)))
		if err != nil {
			return nil, err
		}
		changed = changed || flagged
	}
	return ev, nil
}

// Evidence computes the signals without flagging anyone.
func (d *SybilDetector) Evidence(ctx context.Context) (map[int64][]string, error) {
	since := d.Clock.Now().Add(-cmp.Or(d.Window, 30*24*time.Hour))
	sightings, err := d.Store.Sightings(ctx, since)
	if err != nil {
		return nil, err
	}
	ev := map[int64][]string{}
	add := func(id int64, s string) {
		for _, e := range ev[id] {
			if e == s {
				return
			}
		}
		ev[id] = append(ev[id], s)
	}
	type acct struct {
		id      int64
		created time.Time
		wallet  bool
	}
	group := func(key func(AccountSighting) string) map[string][]acct {
		out := map[string][]acct{}
		seen := map[string]map[int64]bool{}
		for _, s := range sightings {
			k := key(s)
			if k == "" {
				continue
			}
			if seen[k] == nil {
				seen[k] = map[int64]bool{}
			}
			if seen[k][s.UserID] {
				continue
			}
			seen[k][s.UserID] = true
			out[k] = append(out[k], acct{s.UserID, s.CreatedAt, s.HasWallet})
		}
		return out
	}
	byDevice := group(func(s AccountSighting) string { return s.Device })
	byIP := group(func(s AccountSighting) string { return s.IP })
	maxDev := cmp.Or(d.MaxPerDevice, 2)
	for dev, as := range byDevice {
		if len(as) > maxDev {
			for _, a := range as {
				add(a.id, fmt.Sprintf("device cookie %s… shared by %d accounts", short(dev), len(as)))
			}
		}
	}
	burstN, burstW := cmp.Or(d.BurstAccounts, 4), cmp.Or(d.BurstWindow, time.Hour)
	walletsN := cmp.Or(d.WalletsPerNetwork, 3)
	for _, nets := range []struct {
		kind string
		m    map[string][]acct
	}{{"address", byIP}, {"device", byDevice}} {
		for key, as := range nets.m {
			label := key
			if nets.kind == "device" {
				label = short(key) + "…"
			}
			wallets := 0
			for _, a := range as {
				if a.wallet {
					wallets++
				}
			}
			if wallets >= walletsN {
				for _, a := range as {
					if a.wallet {
						add(a.id, fmt.Sprintf("one of %d payout wallets linked from the %s %s", wallets, nets.kind, label))
					}
				}
			}
			if nets.kind != "address" {
				continue
			}
			if d.MaxPerIP > 0 && len(as) > d.MaxPerIP {
				for _, a := range as {
					add(a.id, fmt.Sprintf("address %s shared by %d accounts", key, len(as)))
				}
			}
			sort.Slice(as, func(i, j int) bool { return as[i].created.Before(as[j].created) })
			lo := 0
			inBurst := map[int]bool{}
			for hi := range as {
				for as[hi].created.Sub(as[lo].created) > burstW {
					lo++
				}
				if hi-lo+1 >= burstN {
					for i := lo; i <= hi; i++ {
						inBurst[i] = true
					}
				}
			}
			n := len(inBurst)
			for i := range inBurst {
				add(as[i].id, fmt.Sprintf("one of %d accounts created within %s behind the address %s", n, burstW, key))
			}
		}
	}
	groups := map[string][]int64{}
	for key, as := range byIP {
		for _, a := range as {
			groups["the address "+key] = append(groups["the address "+key], a.id)
		}
	}
	for key, as := range byDevice {
		for _, a := range as {
			groups["the device "+short(key)+"…"] = append(groups["the device "+short(key)+"…"], a.id)
		}
	}
	if err := d.favouritism(ctx, since, groups, add); err != nil {
		return nil, err
	}
	return ev, nil
}

func short(s string) string {
	if len(s) > 8 {
		return s[:8]
	}
	return s
}

// favouritism tests, for each account and model, whether the account's votes for the
// model are more than the model's record explains: the wins expected are the sum, over
// the account's decisive votes involving the model, of the model's (smoothed) win rate
// against that opponent; the tail of a binomial at their mean rate gives the p-value.
// Accounts behind one address or device are also tested together, which catches a
// campaign spread thin over many accounts.
func (d *SybilDetector) favouritism(ctx context.Context, since time.Time, groups map[string][]int64, add func(int64, string)) error {
	tallies, err := d.Store.SybilTallies(ctx, since, d.Clock.Now())
	if err != nil {
		return err
	}
	pcs, err := d.Store.PairCounts(ctx, "")
	if err != nil {
		return err
	}
	t := FavourTallies(tallies, pcs)
	alpha, minN := cmp.Or(d.FavourAlpha, 1e-6), cmp.Or(d.FavourMin, 10)
	test := func(tl FavourTally, alpha float64) (float64, bool) {
		if tl.N < minN {
			return 1, false
		}
		pv := tl.P()
		return pv, pv < alpha
	}
	models := map[string]bool{}
	for k, tl := range t {
		models[k.Model] = true
		if pv, ok := test(*tl, alpha); ok {
			add(k.UserID, fmt.Sprintf("voted for %s in %d of %d battles where its record predicts %.1f (p = %.1g)", k.Model, tl.K, tl.N, tl.Expected, pv))
		}
	}
	for where, members := range groups {
		if len(members) < 2 {
			continue
		}
		for m := range models {
			var sum FavourTally
			for _, u := range members {
				if tl := t[FavourKey{u, m}]; tl != nil {
					sum.N, sum.K, sum.Expected = sum.N+tl.N, sum.K+tl.K, sum.Expected+tl.Expected
				}
			}
			// Far fewer groups than accounts are tested, so a looser threshold keeps the
			// same false-alarm rate.
			pv, ok := test(sum, alpha*100)
			if !ok {
				continue
			}
			for _, u := range members {
				if tl := t[FavourKey{u, m}]; tl != nil && float64(tl.K) > tl.Expected {
					add(u, fmt.Sprintf("one of %d accounts behind %s that voted for %s in %d of %d battles where its record predicts %.1f (p = %.1g)",
						len(members), where, m, sum.K, sum.N, sum.Expected, pv))
				}
			}
		}
	}
	return nil
}

// FavourKey names one account's record for one model.
type FavourKey struct {
	UserID int64
	Model  string
}

// FavourTally is an account's decisive votes in battles with one model: N of them, K
// for the model, where the model's record predicts Expected.
type FavourTally struct {
	N, K     int
	Expected float64
}

// P is the chance that a voter who judges as everyone else does gives the model K or
// more of N wins: the upper tail of a binomial at the mean predicted rate (1 when K is
// no more than predicted).
func (t FavourTally) P() float64 {
	if t.N == 0 || float64(t.K) <= t.Expected || t.Expected >= float64(t.N) {
		return 1
	}
	return binomialTail(t.N, t.K, t.Expected/float64(t.N))
}

// FavourTallies tallies, for each account and model in tallies, the account's decisive
// votes in battles with the model against what its record predicts: the sum, over
// those votes, of the model's (smoothed) win rate against that opponent in pcs, ties
// counting half.
func FavourTallies(tallies []SybilTally, pcs []PairCount) map[FavourKey]*FavourTally {
	// Sums of floating-point expectations depend on their order: a fixed one makes the
	// evidence the same however the store came by the tallies.
	tallies = slices.Clone(tallies)
	slices.SortFunc(tallies, func(a, b SybilTally) int {
		return cmp.Or(cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.ModelA, b.ModelA), cmp.Compare(a.ModelB, b.ModelB))
	})
	winRate := recordRates(pcs)
	t := map[FavourKey]*FavourTally{}
	for _, v := range tallies {
		n := v.WinsA + v.WinsB
		for _, side := range [2]struct {
			m, o string
			k    int
		}{{v.ModelA, v.ModelB, v.WinsA}, {v.ModelB, v.ModelA, v.WinsB}} {
			k := FavourKey{v.UserID, side.m}
			if t[k] == nil {
				t[k] = &FavourTally{}
			}
			t[k].N += n
			t[k].K += side.k
			t[k].Expected += float64(n) * winRate(side.m, side.o)
		}
	}
	return t
}

// recordRates returns the chance, by the counted record in pcs, that a model beats an
// opponent: its wins (ties and both-bad counting half) smoothed by one win and one loss,
// and even against an opponent it has not met.
func recordRates(pcs []PairCount) func(m, o string) float64 {
	type pair struct{ a, b string }
	rate := map[pair]float64{}
	for _, p := range pcs {
		n := float64(p.WinsA + p.WinsB + p.Ties + p.BothBad)
		wa := float64(p.WinsA) + 0.5*float64(p.Ties+p.BothBad)
		rate[pair{p.A, p.B}] = (wa + 1) / (n + 2)
		rate[pair{p.B, p.A}] = (n - wa + 1) / (n + 2)
	}
	return func(m, o string) float64 {
		if r, ok := rate[pair{m, o}]; ok {
			return r
		}
		return 0.5
	}
}
