package arena_test

import (
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func TestLogLeafEncoding(t *testing.T) {
	at := time.UnixMilli(1767225600000).UTC()
	l := arena.LogLeaf{Event: arena.LogCount, BattleID: "b-1", ModelA: "alpha", ModelB: "beta", Winner: arena.WinnerA, VotedAt: at, At: at}
	// The example the Data doc comment and the README give.
	const want = "12:arena-vote/1,5:count,3:b-1,5:alpha,4:beta,7:model_a,13:1767225600000,13:1767225600000,"
	if got := string(l.Data()); got != want {
		t.Fatalf("data %q\nwant %q", got, want)
	}
	back, err := arena.ParseLogLeaf([]byte(want))
	if err != nil || back != l {
		t.Fatalf("parsed %+v, %v", back, err)
	}
	// Fields may hold anything, separators included: lengths keep them apart.
	odd := l
	odd.ModelA, odd.ModelB = "a,1:b", "x:y\n"
	if back, err := arena.ParseLogLeaf(odd.Data()); err != nil || back != odd {
		t.Fatalf("odd fields: %+v, %v", back, err)
	}
	for _, bad := range []string{
		"",
		strings.Replace(want, "12:arena-vote/1", "12:arena-vote/2", 1), // another version
		strings.Replace(want, "5:count", "05:count", 1),                // not canonical
		strings.Replace(want, "5:count", "5:reset", 1),
		strings.Replace(want, "7:model_a", "7:model_c", 1),
		strings.Replace(want, "13:1767225600000,", "13:176722560000x,", 1),
		strings.TrimSuffix(want, ","),
		want + "1:x,",
		"3:abc",
	} {
		if _, err := arena.ParseLogLeaf([]byte(bad)); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

func TestReplayCounted(t *testing.T) {
	c := map[string]arena.LogLeaf{}
	step := func(event, id string) error { return arena.ReplayCounted(c, arena.LogLeaf{Event: event, BattleID: id}) }
	for _, s := range [][2]string{{arena.LogCount, "a"}, {arena.LogCount, "b"}, {arena.LogUncount, "a"}, {arena.LogCount, "a"}, {arena.LogUncount, "b"}} {
		if err := step(s[0], s[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := c["a"]; !ok || len(c) != 1 {
		t.Fatalf("counted %v", c)
	}
	if step(arena.LogCount, "a") == nil || step(arena.LogUncount, "b") == nil {
		t.Fatal("a log counting a vote twice, or uncounting one not counted, replayed")
	}
}
