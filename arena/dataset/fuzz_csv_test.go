package dataset

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// FuzzCSVField writes a text cell as every export does, DefuseCSV then
// appendCSVField, and reads the row back with encoding/csv: the cell must come back
// as the defused text, alone in its field (a quote or a comma in it must not split
// or end the row), and the defused text must not start a spreadsheet formula.
func FuzzCSVField(f *testing.F) {
	for _, s := range []string{"", "plain", "gpt-4o", "=HYPERLINK(\"http://x\",\"y\")", "+1", "-1.5", "@SUM(A1)", "\tx", "\rx",
		"a,b", `say "hi"`, "two\nlines", "crlf\r\nline", " lead", "'quoted", "\"", "é\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cell := arena.DefuseCSV(s)
		if cell != s && cell != "'"+s {
			t.Fatalf("DefuseCSV(%q) = %q: neither the text nor the text behind a '", s, cell)
		}
		if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
			t.Fatalf("DefuseCSV(%q) = %q starts a formula", s, cell)
		}
		// The cell between two others, so an empty cell is not an empty line (which
		// encoding/csv skips) and a field that leaks into its neighbours shows.
		row := appendCSVField([]byte("before,"), cell)
		row = append(row, ",after\n"...)
		rec, err := csv.NewReader(strings.NewReader(string(row))).Read()
		if err != nil {
			t.Fatalf("row %q: %v", row, err)
		}
		// encoding/csv drops the \r of a \r\n inside a quoted field, by its own rule;
		// other readers keep it, so the writer rightly writes it as it is.
		want := strings.ReplaceAll(cell, "\r\n", "\n")
		if len(rec) != 3 || rec[0] != "before" || rec[1] != want || rec[2] != "after" {
			t.Fatalf("cell %q wrote %q, which reads back as %q", cell, row, rec)
		}
		// A whole export row with s in every cell: nineteen fields (the conversation,
		// reasoning and category_tag cells, quoted JSON, do not spill over), the id,
		// model and source cells defused and intact.
		r := &Record{ID: s, ModelA: s, ModelB: s, Winner: "model_a", Source: s,
			ConversationA: []Message{{Role: "user", Content: s}, {Role: "assistant", Content: s, Reasoning: s}}}
		line, _ := appendCSVRow(nil, r)
		rec, err = csv.NewReader(strings.NewReader(string(line))).Read()
		if err != nil || len(rec) != 19 {
			t.Fatalf("row %q reads back as %q (%v)", line, rec, err)
		}
		wantReasoning := rec[4] // the same list as the answer's, or empty for no reasoning
		if s == "" {
			wantReasoning = ""
		}
		if rec[0] != want || rec[1] != want || rec[2] != want || rec[6] != "1" || rec[9] != want || rec[10] != wantReasoning || rec[11] != "" ||
			rec[12] != "" || !strings.HasPrefix(rec[13], `{"code":false,`) || rec[14] != "false" {
			t.Fatalf("row %q reads back as %q", line, rec)
		}
	})
}
