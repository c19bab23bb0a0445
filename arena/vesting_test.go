package arena_test

import (
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func TestEntryState(t *testing.T) {
	t0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	week := 7 * 24 * time.Hour
	vote := arena.LedgerEntry{ID: 10, Reason: arena.LedgerVote, Amount: 12, CreatedAt: t0, VestsAt: t0.Add(week)}
	bonus := arena.LedgerEntry{ID: 3, Reason: arena.LedgerSignup, Amount: 50, CreatedAt: t0, VestVotes: 20}
	legacy := arena.LedgerEntry{ID: 2, Reason: arena.LedgerVote, Amount: 7, CreatedAt: t0}
	held := vote
	held.Held = true
	settled := arena.Settled{Points: 99, CutoffLedgerID: 10, At: t0.Add(week + time.Hour)}
	cases := []struct {
		name    string
		e       arena.LedgerEntry
		now     time.Time
		votes   int
		settled arena.Settled
		want    string
	}{
		{"a vote in its window", vote, t0.Add(week - time.Millisecond), 0, arena.Settled{}, arena.PointsPending},
		{"a vote at the end of its window", vote, t0.Add(week), 0, arena.Settled{}, arena.PointsVested},
		{"an entry from before vesting", legacy, t0, 0, arena.Settled{}, arena.PointsVested},
		{"a bonus one vote short", bonus, t0.Add(100 * week), 19, arena.Settled{}, arena.PointsPending},
		{"a bonus with its votes", bonus, t0, 20, arena.Settled{}, arena.PointsVested},
		{"a held vote, past its window", held, t0.Add(2 * week), 0, arena.Settled{}, arena.PointsHeld},
		{"a vote vested before a settlement's cutoff", vote, t0.Add(2 * week), 0, settled, arena.PointsSettled},
		{"a vote the settlement read while pending", vote, t0.Add(2 * week), 0, arena.Settled{Points: 1, CutoffLedgerID: 10, At: t0.Add(time.Hour)}, arena.PointsVested},
		{"a vote after the cutoff", arena.LedgerEntry{ID: 11, Reason: arena.LedgerVote, VestsAt: t0}, t0.Add(2 * week), 0, settled, arena.PointsVested},
	}
	for _, c := range cases {
		if got := arena.EntryState(c.e, c.now, c.votes, c.settled); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}
