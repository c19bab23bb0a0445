package simulate

import (
	"context"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// TestDefencesAgainstCampaign runs a crowd with clickers, always-left voters and a lab's
// Sybil campaign of 5% of the votes, with the defences off and on.
func TestDefencesAgainstCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("simulates thousands of votes")
	}
	cfg := DefaultConfig()
	cfg.Votes, cfg.HonestAccounts, cfg.SybilAccounts, cfg.SybilAddresses, cfg.ClickerAccounts = 1500, 80, 10, 2, 8
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

func TestIntactAndCorrupted(t *testing.T) {
	c, _ := provider{name: "m"}.Stream(context.Background(), chatRequest("why?"), func(arena.Delta) {})
	if !intact(c.Text) {
		t.Fatalf("a fresh answer reads as broken: %q", c.Text)
	}
	if intact(strings.Replace(c.Text, "Step 2:", "Step 3:", 1)) || intact(strings.TrimSuffix(c.Text, endMarker)) {
		t.Fatal("a shuffled or truncated answer reads as intact")
	}
}
