package web

import (
	"testing"

	"github.com/arena-dev/arena/arena"
)

// TestOpponentRowsNoBattles shows no win rate for an opponent whose battles were all
// taken out of the counters (a pair row at zero), rather than a 0% that reads as
// always losing; a pair with battles keeps its rate.
func TestOpponentRowsNoBattles(t *testing.T) {
	rows := opponentRows("m", []arena.PairCount{{A: "m", B: "gone"}, {A: "other", B: "m", WinsA: 1, WinsB: 2, Ties: 1}},
		map[string]arena.Model{}, map[string]*float64{})
	got := map[string]string{}
	for _, r := range rows {
		got[r.Name] = r.WinRate + " " + r.Predicted
	}
	if got["gone"] != "— —" || got["other"] != "62% —" {
		t.Errorf("opponent rows %v, want gone \"— —\" and other \"62%% —\"", got)
	}
}
