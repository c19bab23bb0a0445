package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/dataset"
)

// TestBoardExcludeRefusals: the "exclude refusals" board (?refusals=0) leaves out
// exactly the battles the export marks is_refusal, the arena's own (flagged with their
// vote) and imported ones (flagged as imported), with and without style control, in a
// language and on the multi-turn board; the page switches it and keeps it across
// links; a battle voted before the flag existed is kept until CheckRefusals flags it;
// the side-by-side board and a bad value are refused, saying why.
func TestBoardExcludeRefusals(t *testing.T) {
	e := newEnv(t)
	file, _, _ := conversations(60, []string{"de", "fr"})
	// Every fifth imported battle has side B decline in its last turn.
	var lines []string
	for i, line := range strings.Split(strings.TrimSpace(file), "\n") {
		if i%5 == 0 {
			at := strings.LastIndex(line, `"content":"# Heading`)
			line = line[:at] + `"content":"I'm sorry, but I can't help with that. ` + line[at+len(`"content":"`):]
		}
		lines = append(lines, line)
	}
	importFile(t, e, "lmarena", "conversations.jsonl", strings.Join(lines, "\n")+"\n")
	a := e.apiUser("lea")
	// The fake endpoint echoes the prompt: both sides of these decline.
	for i, p := range []string{"Fine. I can't help with that.", "Explain a hash map", "Okay. I cannot provide that list.", "What is a monad?"} {
		id := a.start(p)
		a.wait(id)
		winner := []string{"model_a", "model_b"}[i%2]
		if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": winner}); code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
	}

	// The export's is_refusal, the other way to the same figure.
	var buf strings.Builder
	if _, err := dataset.Export(context.Background(), e.db, dataset.FormatNameJSONL, dataset.Filter{Internal: true}, &buf, dataset.ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	var total, refusals, refusalsDE int64
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var row struct {
			IsRefusal bool   `json:"is_refusal"`
			Language  string `json:"language"`
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		total++
		if row.IsRefusal {
			refusals++
			if row.Language == "de" {
				refusalsDE++
			}
		}
	}
	if total != 64 || refusals != 12+2 {
		t.Fatalf("the export has %d battles, %d refusals; want 64 and 14", total, refusals)
	}

	all := getBoard(t, e, "/api/leaderboard?imported=1&style=0")
	for _, style := range []string{"0", "1"} {
		kept := getBoard(t, e, "/api/leaderboard?imported=1&refusals=0&style="+style)
		if kept.Battles != all.Battles-refusals || !kept.View.ExcludeRefusals {
			t.Errorf("style=%s: the board without refusals has %d battles (view %+v), want %d of %d", style, kept.Battles, kept.View, all.Battles-refusals, all.Battles)
		}
	}
	if own := getBoard(t, e, "/api/leaderboard?refusals=0"); own.Battles != 2 {
		t.Errorf("the arena's own votes without refusals: %d battles, want 2", own.Battles)
	}
	de := getBoard(t, e, "/api/leaderboard?imported=1&language=de")
	deKept := getBoard(t, e, "/api/leaderboard?imported=1&language=de&refusals=0")
	if deKept.Battles != de.Battles-refusalsDE {
		t.Errorf("German without refusals: %d battles, want %d", deKept.Battles, de.Battles-refusalsDE)
	}
	for _, l := range getBoard(t, e, "/api/leaderboard?imported=1&refusals=0").Languages {
		if lb := getBoard(t, e, "/api/leaderboard?imported=1&refusals=0&language="+l.Language); lb.Battles != l.Votes {
			t.Errorf("language %s without refusals: %d battles, the list says %d", l.Language, lb.Battles, l.Votes)
		}
	}
	if mt, mtKept := getBoard(t, e, "/api/leaderboard?imported=1&multiturn=1"), getBoard(t, e, "/api/leaderboard?imported=1&multiturn=1&refusals=0"); mtKept.Battles >= mt.Battles {
		t.Errorf("multi-turn without refusals: %d battles of %d", mtKept.Battles, mt.Battles)
	}

	b := e.browser()
	if _, page := b.get("/leaderboard?imported=1"); !strings.Contains(page, `id="switch-refusals"`) || !strings.Contains(page, `href="/leaderboard?imported=1&amp;refusals=0"`) {
		t.Error("the board page has no switch to exclude refusals")
	}
	_, page := b.get("/leaderboard?imported=1&refusals=0")
	for _, w := range []string{`href="/leaderboard?category=code&amp;imported=1&amp;refusals=0"`, `<input type="hidden" name="refusals" value="0">`,
		`href="/leaderboard?imported=1"`, fmt.Sprintf("from %d votes", all.Battles-refusals), "declined the task"} {
		if !strings.Contains(page, w) {
			t.Errorf("the page without refusals lacks %s", w)
		}
	}
	if !strings.Contains(page, `aria-current="true"`) {
		t.Error("the switch is not marked on")
	}

	// Votes cast before the flag existed are kept until they are checked.
	if err := e.db.Exec(context.Background(), `UPDATE battles SET refusal = NULL`); err != nil {
		t.Fatal(err)
	}
	e.app.Boards.Invalidate()
	if got := getBoard(t, e, "/api/leaderboard?imported=1&refusals=0&style=0"); got.Battles != all.Battles {
		t.Errorf("unchecked battles: %d on the board without refusals, want all %d", got.Battles, all.Battles)
	}
	if checked, n, err := e.app.CheckRefusals(context.Background()); err != nil || checked != 64 || int64(n) != refusals {
		t.Fatalf("CheckRefusals: %d checked, %d refusals, %v", checked, n, err)
	}
	if got := getBoard(t, e, "/api/leaderboard?imported=1&refusals=0&style=0"); got.Battles != all.Battles-refusals {
		t.Errorf("after the check: %d battles, want %d", got.Battles, all.Battles-refusals)
	}

	refused(t, e, "/api/leaderboard?mode=side-by-side&refusals=0", "side-by-side", "refusals")
	refused(t, e, "/api/leaderboard?refusals=no", "refusals")
}
