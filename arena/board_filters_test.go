package arena_test

import (
	"testing"

	"github.com/arena-dev/arena/arena"
)

// TestBoardQueryIncludes: each filter keeps the votes it names and no other, and the
// filters combine.
func TestBoardQueryIncludes(t *testing.T) {
	own := arena.VotedBattle{Category: []string{"code"}, Language: "de", Turns: 2}
	imported := arena.VotedBattle{Imported: true, Category: []string{"math", "long"}, Language: "fr", Turns: 1}
	bare := arena.VotedBattle{Turns: 1}
	for _, c := range []struct {
		q    arena.BoardQuery
		want [3]bool // own, imported, bare
	}{
		{arena.BoardQuery{}, [3]bool{true, false, true}},
		{arena.BoardQuery{Imported: true}, [3]bool{true, true, true}},
		{arena.BoardQuery{Imported: true, Category: "long"}, [3]bool{false, true, false}},
		{arena.BoardQuery{Category: "code"}, [3]bool{true, false, false}},
		{arena.BoardQuery{Imported: true, Language: "fr"}, [3]bool{false, true, false}},
		{arena.BoardQuery{Language: "de"}, [3]bool{true, false, false}},
		{arena.BoardQuery{Imported: true, MultiTurn: true}, [3]bool{true, false, false}},
		{arena.BoardQuery{Imported: true, MultiTurn: true, Language: "fr"}, [3]bool{false, false, false}},
		{arena.BoardQuery{Category: "code", Language: "de", MultiTurn: true, StyleControl: true, HideDeprecated: true}, [3]bool{true, false, false}},
	} {
		for i, v := range []arena.VotedBattle{own, imported, bare} {
			if got := c.q.Includes(v); got != c.want[i] {
				t.Errorf("%+v includes %+v: %v, want %v", c.q, v, got, c.want[i])
			}
		}
	}
}
