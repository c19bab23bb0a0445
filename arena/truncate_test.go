package arena_test

import (
	"testing"

	"github.com/arena-dev/arena/arena"
)

func TestTruncateCountsRunes(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly", 7, "exactly"},
		{"truncated", 5, "trunc…"},
		{"héllo wörld", 4, "héll…"},
	} {
		if got := arena.Truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}

func TestTruncateEdges(t *testing.T) {
	for _, tt := range []struct {
		s    string
		n    int
		want string
	}{
		{"", 0, ""},
		{"a", 0, "…"},
		{"ab", 1, "a…"},
		{"日本語", 3, "日本語"},
		{"日本語", 2, "日本…"},
	} {
		if got := arena.Truncate(tt.s, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.want)
		}
	}
}
