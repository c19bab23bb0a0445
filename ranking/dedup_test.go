package ranking

import (
	"math"
	"slices"
	"strings"
	"testing"
)

// TestDedupPromptsFollowsFastChatRule: prompts seen 1..9 times and one seen 100 times.
// By hand, as pandas computes prompt_counts.quantile(0.9) over the ten counts
// [1..9, 100]: position 0.9·9 = 8.1, so 9 + 0.1·(100−9) = 18.1; only the 100-times
// prompt is above it, and int(18.1) = 18 of its battles stay: 45 + 18 = 63 battles.
func TestDedupPromptsFollowsFastChatRule(t *testing.T) {
	var keys []uint64
	for p := 1; p <= 9; p++ {
		for range p {
			keys = append(keys, uint64(p))
		}
	}
	for range 100 {
		keys = append(keys, 777)
	}
	keys = append(keys, 0, 0, 0) // no prompt known: kept, not counted
	keep := DedupPrompts(keys, 0.9, 1)
	kept := map[uint64]int{}
	for i, k := range keys {
		if keep[i] {
			kept[k]++
		}
	}
	for p := uint64(1); p <= 9; p++ {
		if kept[p] != int(p) {
			t.Errorf("prompt seen %d times: %d kept", p, kept[p])
		}
	}
	if kept[777] != 18 || kept[0] != 3 {
		t.Errorf("kept %d of the frequent prompt's battles (want 18) and %d without a prompt (want 3)", kept[777], kept[0])
	}
	again := DedupPrompts(keys, 0.9, 1)
	for i := range keep {
		if keep[i] != again[i] {
			t.Fatal("the same seed drew other battles")
		}
	}
	// Counts [1, 1, 2]: the 0.9999 quantile is 1 + 0.9998·(2−1) = 1.9998; prompt 3 (two
	// battles) is above it and keeps int(1.9998) = 1.
	n := 0
	for _, k := range DedupPrompts([]uint64{1, 2, 3, 3}, DefaultDedupPercentile, 1) {
		if k {
			n++
		}
	}
	if n != 3 {
		t.Errorf("kept %d of 4, want 3", n)
	}
}

func TestDedupInLeaderboard(t *testing.T) {
	log := NewBattleLog()
	for i := 0; i < 300; i++ {
		b := Battle{ModelA: "a", ModelB: "b", Outcome: WinA, PromptKey: PromptKeyOf([]string{"hi"})}
		if i%3 == 0 {
			b.Outcome, b.PromptKey = WinB, PromptKeyOf([]string{"q", string(rune('a' + i%26)), strings.Repeat("x", i)})
		}
		log.Add(b)
	}
	lb, err := BuildLeaderboardFromLog(log, Options{CI: CINone, Dedup: 0.9})
	if err != nil {
		t.Fatal(err)
	}
	// 100 distinct one-off prompts and "hi" 200 times: "hi" is above the 0.9 quantile
	// of the 101 counts and keeps int(quantile) battles.
	counts := []float64{200}
	for range 100 {
		counts = append(counts, 1)
	}
	cut := int(Percentile(counts, 90))
	if want := int64(100 + cut); lb.Battles != want {
		t.Errorf("%d battles after dedup, want %d", lb.Battles, want)
	}
	if _, err := BuildLeaderboard(log.Aggregate(), Options{Dedup: 0.9}); err == nil {
		t.Error("dedup on counts accepted")
	}
	if k := PromptKeyOf([]string{strings.Repeat("é", 10000) + "tail"}); k != PromptKeyOf([]string{strings.Repeat("é", 10000)}) {
		t.Error("the prompt is not cut at 10,000 characters")
	}
	if PromptKeyOf([]string{"a", "b"}) == PromptKeyOf([]string{"ab"}) || PromptKeyOf(nil) != 0 {
		t.Error("turns are not separated, or an empty prompt has a key")
	}
}

// TestDedupTags: the tags are the same rule as DedupPrompts, met battle by battle in any
// order, with high_freq set on every battle of a prompt above the cutoff.
func TestDedupTags(t *testing.T) {
	var keys []uint64
	for p := 1; p <= 9; p++ {
		for range p {
			keys = append(keys, uint64(p))
		}
	}
	for range 100 {
		keys = append(keys, 777)
	}
	keys = append(keys, 0)
	d := NewDedup(slices.Clone(keys), 0.9, 7)
	if math.Abs(d.Cutoff()-18.1) > 1e-9 {
		t.Errorf("cutoff %v, want 18.1", d.Cutoff())
	}
	var high, sampled int
	for _, k := range keys {
		h, s := d.Next(k)
		if h != (k == 777) {
			t.Errorf("prompt %d: high_freq %v", k, h)
		}
		if h {
			high++
		}
		if s {
			sampled++
		}
	}
	if high != 100 || sampled != 45+18+1 {
		t.Errorf("%d high_freq battles (want 100), %d sampled (want 64)", high, sampled)
	}
	// Met more often than counted: the extra battle is not sampled.
	if h, s := d.Next(777); !h || s {
		t.Errorf("an extra battle of the frequent prompt: high_freq %v, sampled %v", h, s)
	}
	if PromptKeyOf([]string{strings.Repeat("ab", 6000)}) != PromptKeyOf([]string{strings.Repeat("ab", 5000)}) ||
		PromptKeyOf([]string{strings.Repeat("a", 9999), "bc"}) != PromptKeyOf([]string{strings.Repeat("a", 9999), "xy"}) ||
		PromptKeyOf([]string{strings.Repeat("a", 9998), "bc"}) == PromptKeyOf([]string{strings.Repeat("a", 9998), "xy"}) {
		t.Error("the 10,000-character cut is not where FastChat's is")
	}
}
