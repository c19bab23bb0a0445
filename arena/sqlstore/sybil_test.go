package sqlstore_test

import (
	"cmp"
	"context"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// sybilVote is one vote as the full scan saw it: every vote of the window reread.
type sybilVote struct {
	user           int64
	modelA, modelB string
	winner         arena.Winner
	at             time.Time
	gold, imported bool
}

// fullScan is the Sybil store of the full scan the incremental one replaced: the tallies
// are summed afresh from every vote cast since the window's start.
type fullScan struct {
	*sqlstore.DB
	votes *[]sybilVote
}

func (f fullScan) SybilTallies(_ context.Context, since, _ time.Time) ([]arena.SybilTally, error) {
	return fullTallies(*f.votes, since), nil
}

func fullTallies(votes []sybilVote, since time.Time) []arena.SybilTally {
	type pairing struct {
		user int64
		a, b string
	}
	sums := map[pairing]*arena.SybilTally{}
	for _, v := range votes {
		if v.at.Before(since) || v.gold || v.imported || (v.winner != arena.WinnerA && v.winner != arena.WinnerB) {
			continue
		}
		p := pairing{v.user, v.modelA, v.modelB}
		if sums[p] == nil {
			sums[p] = &arena.SybilTally{UserID: v.user, ModelA: v.modelA, ModelB: v.modelB}
		}
		if v.winner == arena.WinnerA {
			sums[p].WinsA++
		} else {
			sums[p].WinsB++
		}
	}
	out := []arena.SybilTally{}
	for _, s := range sums {
		out = append(out, *s)
	}
	sortTallies(out)
	return out
}

func sortTallies(ts []arena.SybilTally) {
	slices.SortFunc(ts, func(a, b arena.SybilTally) int {
		return cmp.Or(cmp.Compare(a.UserID, b.UserID), cmp.Compare(a.ModelA, b.ModelA), cmp.Compare(a.ModelB, b.ModelB))
	})
}

// sortedEvidence puts each account's evidence in order: the detector's order follows
// map iteration.
func sortedEvidence(ev map[int64][]string) map[int64][]string {
	for _, e := range ev {
		slices.Sort(e)
	}
	return ev
}

// testSybilScanIncremental runs the incremental scan and the full one over the same
// randomized history, in steps of every size (minutes, hours, gaps longer than the
// window), with a window made longer and shorter, votes that become visible late, a
// guest merged into an account and a restart, and wants the same tallies and the same
// evidence at every step.
func testSybilScanIncremental(t *testing.T, be backend) {
	ctx := context.Background()
	addr := be.fresh(t)
	db, err := be.open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	rng := rand.New(rand.NewPCG(25, 1))
	clock := arenatest.NewClock(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC))
	models := []string{"m0", "m1", "m2", "m3"}
	for i, m := range models {
		exec(`INSERT INTO models (id, name, provider, created_at, updated_at) VALUES (?, ?, 'external', 0, 0)`, i+1, m)
	}
	// Twelve honest accounts, four that boost m0 from one address, and a guest that
	// boosts m0 too until it logs in to the first booster's account.
	const users, boosters, guest = 12, 4, 17
	for id := int64(1); id <= guest; id++ {
		exec(`INSERT INTO users (id, username, password_hash, role, is_guest, created_at) VALUES (?, ?, 'x', 'user', ?, ?)`,
			id, fmt.Sprintf("u%d", id), b2i(id == guest), clock.Now().UnixMilli())
		ip := fmt.Sprintf("198.51.100.%d", id)
		if id > users {
			ip = "203.0.113.9"
		}
		if err := db.TouchDevice(ctx, id, fmt.Sprintf("dev-%d", id), ip, clock.Now()); err != nil {
			t.Fatal(err)
		}
	}
	var votes []sybilVote
	n, voters := 0, int64(guest)
	vote := func(at time.Time) {
		n++
		u := 1 + rng.Int64N(voters)
		if rng.IntN(2) == 0 {
			u = users + 1 + rng.Int64N(voters-users)
		}
		a, b := rng.IntN(len(models)), rng.IntN(len(models)-1)
		if b >= a {
			b++
		}
		if u > users && rng.IntN(3) > 0 {
			a = 0 // the boosters seek out battles with m0
			if b == 0 {
				b = 1 + rng.IntN(len(models)-1)
			}
		}
		w := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerBothBad}[rng.IntN(4)]
		if u > users && (a == 0 || b == 0) {
			w = map[bool]arena.Winner{true: arena.WinnerA, false: arena.WinnerB}[a == 0]
		}
		v := sybilVote{user: u, modelA: models[a], modelB: models[b], winner: w, at: at, gold: rng.IntN(10) == 0, imported: rng.IntN(10) == 0}
		id := fmt.Sprintf("b%05d", n)
		gold, source := "", ""
		if v.gold {
			gold = "a"
		}
		if v.imported {
			source = "lmarena"
		}
		exec(`INSERT INTO battles (id, user_id, model_a, model_b, status, created_at, updated_at, source, gold_side)
			VALUES (?, ?, ?, ?, 'voted', ?, ?, ?, ?)`, id, u, a+1, b+1, at.UnixMilli(), at.UnixMilli(), source, gold)
		exec(`INSERT INTO votes (battle_id, user_id, winner, points, created_at) VALUES (?, ?, ?, 0, ?)`, id, u, string(w), at.UnixMilli())
		votes = append(votes, v)
	}
	window := 6 * time.Hour
	full := &arena.SybilDetector{Store: fullScan{db, &votes}, Clock: clock, Window: window}
	inc := &arena.SybilDetector{Store: db, Clock: clock, Window: window}
	flagged := 0
	for step := range 60 {
		switch {
		case step == 20:
			// A gap longer than the window: nothing stored is still in it.
			clock.Add(2 * window)
		case step == 30:
			// Logging in moves the guest's votes, and their sums, to the account.
			if err := db.MergeGuest(ctx, guest, users+1, clock.Now()); err != nil {
				t.Fatal(err)
			}
			for i := range votes {
				if votes[i].user == guest {
					votes[i].user = users + 1
				}
			}
			voters = guest - 1
		case step == 40:
			// A restart: the scan's state is in the database.
			if err := db.Close(); err != nil {
				t.Fatal(err)
			}
			if db, err = be.open(ctx, addr); err != nil {
				t.Fatal(err)
			}
			full.Store, inc.Store = fullScan{db, &votes}, db
		case step == 45:
			full.Window, inc.Window = 2*window, 2*window
		case step == 52:
			full.Window, inc.Window = window/2, window/2
		}
		for range rng.IntN(150) {
			clock.Add(time.Duration(rng.Int64N(int64(3 * time.Minute))))
			vote(clock.Now())
		}
		since := clock.Now().Add(-inc.Window)
		got, err := db.SybilTallies(ctx, since, clock.Now())
		if err != nil {
			t.Fatal(err)
		}
		sortTallies(got)
		if want := fullTallies(votes, since); !reflect.DeepEqual(got, want) {
			t.Fatalf("step %d: incremental tallies\n%v\nfull scan\n%v", step, got, want)
		}
		wantEv, err := full.Evidence(ctx)
		if err != nil {
			t.Fatal(err)
		}
		gotEv, err := inc.Evidence(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(sortedEvidence(gotEv), sortedEvidence(wantEv)) {
			t.Fatalf("step %d: incremental evidence\n%v\nfull scan\n%v", step, gotEv, wantEv)
		}
		for _, e := range gotEv {
			for _, s := range e {
				if strings.Contains(s, "voted for m0") {
					flagged++
				}
			}
		}
		if step%7 == 3 {
			// A vote whose transaction committed after the scan that read up to its time.
			vote(clock.Now().Add(-time.Duration(1 + rng.Int64N(int64(5*time.Minute)))))
		}
		clock.Add(time.Duration(rng.Int64N(int64(2 * time.Hour))))
	}
	// The comparison meant something: the boosters were caught along the way.
	if flagged == 0 {
		t.Fatal("no step flagged anyone: the favouritism signal was never exercised")
	}
}
