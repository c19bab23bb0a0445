package arena_test

import (
	"testing"

	"github.com/arena-dev/arena/arena"
)

// Each board keeps its own pair counters: text battles the plain categories, vision
// battles theirs under "vision:", side by side under "side_by_side:" before either.
func TestPairCountCategoryPerArena(t *testing.T) {
	for _, c := range []struct {
		mode     arena.BattleMode
		kind     string
		category string
		want     string
	}{
		{arena.ModeBattle, arena.ArenaText, "", ""},
		{arena.ModeBattle, "", "code", "code"},
		{arena.ModeBattle, arena.ArenaVision, "", "vision:"},
		{arena.ModeBattle, arena.ArenaVision, "code", "vision:code"},
		{arena.ModeSideBySide, arena.ArenaText, "math", "side_by_side:math"},
		{arena.ModeSideBySide, arena.ArenaVision, "", "side_by_side:vision:"},
	} {
		if got := arena.PairCountCategory(c.mode, c.kind, c.category); got != c.want {
			t.Errorf("PairCountCategory(%s, %q, %q) = %q, want %q", c.mode, c.kind, c.category, got, c.want)
		}
	}
	for in, want := range map[string]string{"": "text", "Vision": "vision", "text": "text"} {
		if got, err := arena.ParseArena(in); err != nil || got != want {
			t.Errorf("ParseArena(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := arena.ParseArena("audio"); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("ParseArena(audio): %v", err)
	}
}
