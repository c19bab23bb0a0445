package dataset

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

// TestExportCSVDefusesFormulas exports battles between models whose names a
// spreadsheet would run as formulas: each such cell gains a leading quote, and the
// numeric winner columns stay numbers.
func TestExportCSVDefusesFormulas(t *testing.T) {
	db := sqlitetest.Open(t)
	turn := []arena.ExportTurn{{Prompt: "=1+1", AnswerA: "-", AnswerB: "@"}}
	seed(t, db, []seedBattle{
		{a: `=HYPERLINK("http://evil.example","click")`, b: "@SUM(1+1)", w: arena.WinnerA, turns: turn},
		{a: "+cmd", b: "-2+3", w: arena.WinnerB, turns: turn},
	})
	out, _ := exportString(t, db, FormatNameCSV, Filter{Internal: true}, ExportOptions{})
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]string{{`'=HYPERLINK("http://evil.example","click")`, "'@SUM(1+1)"}, {"'+cmd", "'-2+3"}}
	for i, w := range want {
		r := recs[i+1]
		if r[1] != w[0] || r[2] != w[1] {
			t.Errorf("row %d models %q, %q; want %q, %q", i, r[1], r[2], w[0], w[1])
		}
		if !strings.HasPrefix(r[3], "[") || (r[6] != "0" && r[6] != "1") {
			t.Errorf("row %d: prompt %q, winner_model_a %q", i, r[3], r[6])
		}
	}
}
