package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// testModelActivity lays out battles of every kind (the arena's own and imported, voted
// and not, with each fact that decides counting, inside the recent window and before it)
// and checks each model's figures against a tally made with the domain's VoteFacts.
func testModelActivity(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO users (id, role, is_guest, created_at) VALUES (1, 'user', 1, 0)`)
	const models = 5
	for id := 1; id <= models; id++ {
		exec(`INSERT INTO models (id, name, provider, created_at, updated_at) VALUES (?, ?, 'openai', 0, 0)`, id, fmt.Sprintf("m%d", id))
	}
	// Model 5 is in no battle: the store has nothing to say of it.
	since := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	type tally struct {
		battles, votes, recent, imported int64
		first, last                      int64
	}
	want := map[int64]*tally{}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		a := 1 + rng.IntN(models-1)
		b := 1 + rng.IntN(models-2)
		if b >= a {
			b++
		}
		f := arena.VoteFacts{Gold: rng.IntN(4) == 0, Excluded: rng.IntN(5) == 0, RevealsIdentity: rng.IntN(6) == 0, Held: rng.IntN(6) == 0}
		if rng.IntN(4) == 0 {
			f.Source = "lmarena"
		}
		voted := rng.IntN(5) != 0
		battleAt := since.Add(time.Duration(rng.IntN(20)-10) * 24 * time.Hour)
		// A vote a little after its battle, so some straddle the window's start.
		voteAt := battleAt.Add(time.Duration(rng.IntN(48)) * time.Hour)
		if i == 0 {
			// A counted vote at the window's first millisecond, which the window includes.
			f, voted, voteAt = arena.VoteFacts{}, true, since
		}
		gold := ""
		if f.Gold {
			gold = "b"
		}
		id := fmt.Sprintf("b%03d", i)
		status := "ready"
		if voted {
			status = "voted"
		}
		exec(`INSERT INTO battles (id, user_id, model_a, model_b, status, created_at, updated_at, source, gold_side, reveals_identity)
			VALUES (?, 1, ?, ?, ?, ?, ?, ?, ?, ?)`, id, a, b, status, battleAt.UnixMilli(), battleAt.UnixMilli(), f.Source, gold, b2i(f.RevealsIdentity))
		if voted {
			counted := f.Imported() || f.Counted() // what the vote path and the importer store
			exec(`INSERT INTO votes (battle_id, user_id, winner, points, created_at, counted, excluded)
				VALUES (?, 1, 'tie', 0, ?, ?, ?)`, id, voteAt.UnixMilli(), b2i(counted), b2i(f.Excluded))
		}
		for _, m := range []int64{int64(a), int64(b)} {
			w := want[m]
			if w == nil {
				w = &tally{}
				want[m] = w
			}
			if !f.Imported() {
				w.battles++
				at := battleAt.UnixMilli()
				if w.first == 0 || at < w.first {
					w.first = at
				}
				w.last = max(w.last, at)
			}
			if voted && f.Counted() {
				w.votes++
				if !voteAt.Before(since) {
					w.recent++
				}
			}
			if voted && f.Imported() {
				w.imported++
			}
		}
	}
	got, err := db.ModelActivity(ctx, since)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("activity for %d models, want %d: %+v", len(got), len(want), got)
	}
	var votes, recent int64
	for _, g := range got {
		w := want[g.ModelID]
		if w == nil {
			t.Fatalf("activity for model %d, which was in no battle", g.ModelID)
		}
		if g.Battles != w.battles || g.Votes != w.votes || g.RecentVotes != w.recent || g.ImportedVotes != w.imported ||
			g.FirstBattle.UnixMilli() != w.first || g.LastBattle.UnixMilli() != w.last {
			t.Errorf("model %d: got %+v, want %+v", g.ModelID, g, *w)
		}
		votes += g.Votes
		recent += g.RecentVotes
	}
	if votes == 0 || recent == 0 || recent == votes {
		t.Errorf("the layout does not exercise the window: %d counted sides, %d recent", votes, recent)
	}
	// The counted votes are the pair counters' votes: the counting SQL and the domain
	// agree (CountingMatchesDomain), so the sides add up to twice the counted votes.
	n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id WHERE `+sqlstore.CountedVoteSQL)
	if err != nil {
		t.Fatal(err)
	}
	if votes != 2*n {
		t.Errorf("%d counted sides, want twice the %d counted votes", votes, n)
	}
}
