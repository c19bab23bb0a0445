package sqlstore_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// testCountingMatchesDomain lays out one battle for every combination of the facts that
// decide counting and publication, and checks that the store's SQL selects exactly the
// battles the domain's VoteFacts.Counted and Publishable accept.
func testCountingMatchesDomain(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	exec := func(q string, args ...any) {
		t.Helper()
		if err := db.Exec(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`INSERT INTO users (id, role, is_guest, created_at) VALUES (1, 'user', 1, 0)`)
	// Models 1 and 2 allow release, 3 and 4 do not.
	for id := 1; id <= 4; id++ {
		exec(`INSERT INTO models (id, name, provider, outputs_public, created_at, updated_at) VALUES (?, ?, 'external', ?, 0, 0)`,
			id, fmt.Sprintf("m%d", id), b2i(id <= 2))
	}
	want := map[string]arena.VoteFacts{}
	modes := []arena.BattleMode{arena.ModeBattle, arena.ModeSideBySide, arena.ModeDirect}
	for bits := range 3 << 9 {
		bit := func(i int) bool { return bits&(1<<i) != 0 }
		f := arena.VoteFacts{Gold: bit(1), Excluded: bit(2), RevealsIdentity: bit(3), Held: bit(4), Consent: bit(5),
			ReleaseA: bit(6), ReleaseB: bit(7), Moderated: bit(8), Mode: modes[bits>>9]}
		// Held-out prompts are the arena's own battles only; every fifth one has one.
		f.HeldOut = !bit(0) && bits%5 == 0
		if bit(0) {
			f.Source = "lmarena"
		}
		id := fmt.Sprintf("b%04d", bits)
		want[id] = f
		ma, mb := 3, 4
		if f.ReleaseA {
			ma = 1
		}
		if f.ReleaseB {
			mb = 2
		}
		gold, moderation := "", ""
		if f.Gold {
			gold = "a"
		}
		if f.Moderated {
			moderation = "flagged word"
		}
		exec(`INSERT INTO battles (id, user_id, model_a, model_b, status, created_at, updated_at, source, gold_side, moderation, reveals_identity, mode, held_out)
			VALUES (?, 1, ?, ?, 'voted', 0, 0, ?, ?, ?, ?, ?, ?)`, id, ma, mb, f.Source, gold, moderation, b2i(f.RevealsIdentity), string(f.Mode), b2i(f.HeldOut))
		// votes.counted is what the vote path stores: the quality verdict for the
		// arena's own votes, whatever the mode, and the column's default for imported ones.
		verdict := f
		verdict.Mode = arena.ModeBattle
		counted := f.Imported() || verdict.Counted()
		exec(`INSERT INTO votes (battle_id, user_id, winner, points, created_at, counted, excluded, publish)
			VALUES (?, 1, 'tie', 0, 0, ?, ?, ?)`, id, b2i(counted), b2i(f.Excluded), b2i(f.Consent))
	}
	for _, c := range []struct {
		name, sql string
		fn        func(arena.VoteFacts) bool
	}{
		{"counted", sqlstore.CountedVoteSQL, arena.VoteFacts.Counted},
		{"side by side", sqlstore.SideBySideSQL, arena.VoteFacts.CountedSideBySide},
		{"publishable", sqlstore.PublishableSQL, arena.VoteFacts.Publishable},
		{"earns a sale share", sqlstore.SaleShareSQL, arena.VoteFacts.EarnsSaleShare},
		{"sponsor publishable", sqlstore.SponsorPublishableSQL, arena.VoteFacts.SponsorPublishable},
	} {
		n := 0
		for id, f := range want {
			got, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id
				JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b WHERE v.battle_id = ? AND `+c.sql, id)
			if err != nil {
				t.Fatal(err)
			}
			if (got == 1) != c.fn(f) {
				t.Errorf("%s: battle with %+v: SQL says %v, domain says %v", c.name, f, got == 1, c.fn(f))
			}
			if got == 1 {
				n++
			}
		}
		if n == 0 || n == len(want) {
			t.Errorf("%s selected %d of %d battles: the layout does not exercise it", c.name, n, len(want))
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
