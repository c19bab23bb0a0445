package web_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/dataset"
)

// Every leaderboard view answers on a database holding imported battle logs, which carry
// no answers: style control leaves them out and says so (it answered 500 when only
// they were in the view, issue 23).
func TestEveryBoardViewWithImportedBattles(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "clean_battle.jsonl")
	var lines strings.Builder
	for i := range 6 {
		fmt.Fprintf(&lines, `{"model_a": "ext-%d", "model_b": "ext-%d", "winner": "%s", "tstamp": %d}`+"\n",
			i%3, (i+1)%3, []string{"model_a", "model_b", "tie"}[i%3], 1700000000+i)
	}
	if err := os.WriteFile(file, []byte(lines.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	im, err := e.db.BeginImport(ctx, "lmarena", file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.ImportFile(ctx, im, file, nil, dataset.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	a := e.apiUser("ida")
	check := func(withOwn bool) {
		for _, q := range []string{"", "?imported=1", "?style=1", "?imported=1&style=1", "?imported=1&style=1&category=code", "?imported=1&category=code"} {
			code, out := a.do("GET", "/api/leaderboard"+q, nil)
			if code != 200 {
				t.Errorf("own votes %v: /api/leaderboard%s: %d %v", withOwn, q, code, out)
				continue
			}
			if code, page := e.browser().get("/leaderboard" + q); code != 200 {
				t.Errorf("own votes %v: /leaderboard%s: %d\n%s", withOwn, q, code, page)
			}
			if q != "?imported=1&style=1" {
				continue
			}
			notes := fmt.Sprint(out["notes"])
			if !strings.Contains(notes, "6 battles carry no answers") {
				t.Errorf("own votes %v: style with imported battles has notes %q", withOwn, notes)
			}
			if models := out["models"].([]any); withOwn == (len(models) == 0) {
				t.Errorf("own votes %v: style with imported battles rates %d models", withOwn, len(models))
			}
			if code, page := e.browser().get("/leaderboard" + q); !strings.Contains(page, "6 battles carry no answers") {
				t.Errorf("own votes %v: the page does not say why battles are left out of the style fit (%d)", withOwn, code)
			}
		}
	}
	check(false)
	// Style control is the page's default: a view of battles without answers says it
	// cannot be style-controlled, and links to the view without it.
	if _, page := e.browser().get("/leaderboard?imported=1"); !strings.Contains(page, "This view cannot be style-controlled") ||
		!strings.Contains(page, `href="/leaderboard?imported=1&amp;style=0"`) {
		t.Errorf("the imported view with style control by default does not say it cannot be style-controlled:\n%s", page)
	}
	if _, page := e.browser().get("/leaderboard?imported=1&style=0"); !strings.Contains(page, `data-model="ext-0"`) {
		t.Error("the imported view without style control does not rate the imported models")
	}
	for range 4 {
		id := a.start("Explain a hash map")
		a.wait(id)
		if code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"}); code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
	}
	check(true)
	if code, out := a.do("GET", "/api/leaderboard?style=1", nil); code != 200 || out["notes"] != nil {
		t.Errorf("style without imported votes: %d, notes %v", code, out["notes"])
	}
}
