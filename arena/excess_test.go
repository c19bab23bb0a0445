package arena

import (
	"fmt"
	"testing"
	"time"
)

func TestExcessHolds(t *testing.T) {
	// m and o are even in the record; s beats m three times in four.
	pcs := []PairCount{{A: "m", B: "o", WinsA: 50, WinsB: 50}, {A: "s", B: "m", WinsA: 74, WinsB: 24}}
	at := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	n := 0
	vote := func(user int64, a, b string, winnerA bool) ExcessVote {
		n++
		return ExcessVote{BattleID: fmt.Sprintf("b%03d", n), UserID: user, ModelA: a, ModelB: b, WinnerA: winnerA, At: at.Add(time.Duration(n) * time.Minute)}
	}
	var votes []ExcessVote
	// Account 1 votes for m every time: 6 wins over o (3 predicted) and 2 over s (0.5).
	for range 6 {
		votes = append(votes, vote(1, "m", "o", true))
	}
	for range 2 {
		votes = append(votes, vote(1, "s", "m", false))
	}
	// Account 2 votes as the record predicts; account 3 never for m, in 8 even battles.
	for i := range 8 {
		votes = append(votes, vote(2, "m", "o", i%2 == 0))
		votes = append(votes, vote(3, "o", "m", true))
	}
	// Account 4 has two votes with m: too few to test.
	votes = append(votes, vote(4, "m", "o", true), vote(4, "m", "o", true))

	holds := ExcessHolds(votes, pcs, ExcessRule{Alpha: 0.05})
	by := map[int64][]ExcessHold{}
	for _, h := range holds {
		by[h.UserID] = append(by[h.UserID], h)
	}
	// Account 1: 8 of 8 for m where 3 + 2*0.25 = 3.5 are predicted: the 4 wins beyond
	// ceil(3.5) are held, the two over s (the least plausible) first.
	// Its run against o (0 of 6 where 3 are predicted) is the same votes seen from o: the
	// two wins over o already held count towards it, and one more is held.
	if h := by[1]; len(h) != 5 || h[0].Model != "m" || !h[0].For || h[0].Tally.K != 8 || h[0].Tally.N != 8 || h[4].Model != "o" || h[4].For {
		t.Fatalf("account 1's holds: %+v", h)
	}
	if by[1][0].BattleID != "b008" || by[1][1].BattleID != "b007" || by[1][2].BattleID != "b006" {
		t.Errorf("account 1's holds should take the wins over s first, then the latest: %+v", by[1])
	}
	if len(by[2]) != 0 || len(by[4]) != 0 {
		t.Errorf("an even voter or one with too few votes was held: %+v %+v", by[2], by[4])
	}
	// Account 3's run against m (0 of 8 where 4 are predicted) is held as losses of m
	// (its run for o is the same votes: nothing more is held).
	if h := by[3]; len(h) != 4 {
		t.Fatalf("account 3's holds: %+v", h)
	}
	seen := map[string]bool{}
	for _, h := range holds {
		if seen[h.BattleID] {
			t.Errorf("vote %s held twice", h.BattleID)
		}
		seen[h.BattleID] = true
	}
	// The result does not depend on the order of the votes.
	rev := make([]ExcessVote, len(votes))
	for i, v := range votes {
		rev[len(votes)-1-i] = v
	}
	if again := ExcessHolds(rev, pcs, ExcessRule{Alpha: 0.05}); fmt.Sprint(again) != fmt.Sprint(holds) {
		t.Errorf("reordered votes give other holds:\n%v\n%v", again, holds)
	}
	if off := ExcessHolds(votes, pcs, ExcessRule{Alpha: -1}); off != nil {
		t.Errorf("a rule that is off held %d votes", len(off))
	}
	if strict := ExcessHolds(votes, pcs, ExcessRule{Alpha: 1e-6}); len(strict) != 0 {
		t.Errorf("at p < 1e-6 eight votes hold nothing, got %d", len(strict))
	}
}
