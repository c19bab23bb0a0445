package web

import (
	"testing"

	"github.com/arena-dev/arena/arena"
)

// TestLedgerLabelOfClawbacks: each kind of clawback says what was taken back and links
// to its battle where it has one; a bounty's clawback (reference "bounty:" and the
// battle) links to the battle, not to a page that does not exist.
func TestLedgerLabelOfClawbacks(t *testing.T) {
	for _, c := range []struct{ ref, label, link string }{
		{"b1", "Points taken back: the review found abuse", "/battle/b1"},
		{"bonus:7", "Bonus taken back: the review found abuse", ""},
		{"bounty:b2", "Campaign bounty taken back: the review found abuse", "/battle/b2"},
	} {
		label, link := ledgerLabel(arena.LedgerEntry{Reason: arena.LedgerClawback, Ref: c.ref})
		if label != c.label || link != c.link {
			t.Errorf("clawback %q: %q %q, want %q %q", c.ref, label, link, c.label, c.link)
		}
	}
}
