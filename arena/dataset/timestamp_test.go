package dataset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/parquet-go/parquet-go"
)

// Numeric times are seconds, milliseconds, microseconds or nanoseconds since 1970, told
// apart by size: arena-human-preference-140k's timestamp in epoch milliseconds was read
// as seconds, a vote in the year 57,000.
func TestNumericTimesByMagnitude(t *testing.T) {
	const want = 1748530121.602 // 2025-05-29T14:48:41.602Z
	lines := []string{
		`{"model_a": "a", "model_b": "b", "winner": "tie", "timestamp": 1748530121602}`,
		`{"model_a": "a", "model_b": "b", "winner": "tie", "timestamp": "1748530121602"}`,
		`{"model_a": "a", "model_b": "b", "winner": "tie", "timestamp": 1748530121602000}`,
		`{"model_a": "a", "model_b": "b", "winner": "tie", "timestamp": 1748530121602000000}`,
		`{"model_a": "a", "model_b": "b", "winner": "tie", "timestamp": 1748530121.602}`,
		`{"model_a": "a", "model_b": "b", "winner": "tie", "tstamp": 1748530121.602}`,
		`{"model_a": "a", "model_b": "b", "winner": "tie", "timestamp": "2025-05-29T14:48:41.602Z"}`,
	}
	bs, _, err := readAll(t, strings.Join(lines, "\n")+"\n", ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range bs {
		if d := b.Time - want; d > 1e-3 || d < -1e-3 {
			t.Errorf("line %d: time %f, want %f", i+1, b.Time, want)
		}
	}
	// The importer's own reader of conversation files reads them the same way.
	conv := `{"id": "x1", "model_a": "a", "model_b": "b", "winner": "tie", "timestamp": 1748530121602, "conversation_a": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "one"}], "conversation_b": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "two"}]}` + "\n"
	db := sqlitetest.Open(t)
	if _, err := importPath(t, db, "lmarena", writeFile(t, "140k.jsonl", conv)); err != nil {
		t.Fatal(err)
	}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{})
	if rows := decodeJSONL(t, out); len(rows) != 1 || rows[0]["tstamp"] != want {
		t.Errorf("imported 140k row: %s", out)
	}
}

// The 55k CSV has no time column: its battles are stored without a time, exported with
// a null tstamp, and the release card says the times are unknown, never year 1.
func TestImported55kHasNoTime(t *testing.T) {
	const csv55k = `id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie
30192,gpt-4-1106-preview,gpt-4-0613,"[""Is it morally right?""]","[""It is a complex ethical issue.""]","[""As an AI, I don't have beliefs.""]",1,0,0
53567,koala-13b,gpt-4-0613,"[""What is a marriage licence?""]","[""A legal document.""]","[""A permission to marry.""]",0,1,0
`
	db := sqlitetest.Open(t)
	if _, err := importPath(t, db, "lmarena", writeFile(t, "train.csv", csv55k)); err != nil {
		t.Fatal(err)
	}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{})
	rows := decodeJSONL(t, out)
	if len(rows) != 2 {
		t.Fatalf("rows: %s", out)
	}
	for _, r := range rows {
		for _, col := range []string{"tstamp", "timestamp", "evaluation_session_id", "evaluation_order"} {
			if v, ok := r[col]; !ok || v != nil {
				t.Errorf("%s of a battle without a time: %v (%v)", col, v, ok)
			}
		}
	}
	pq, _ := exportString(t, db, FormatNameParquet, Filter{Internal: true}, ExportOptions{})
	pf, err := parquet.OpenFile(strings.NewReader(pq), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	col, ok := pf.Schema().Lookup("tstamp")
	if !ok || !col.Node.Optional() {
		t.Fatalf("parquet tstamp column: %v, optional %v", ok, ok && col.Node.Optional())
	}
	type tsRow struct {
		Tstamp    *float64 `parquet:"tstamp,optional"`
		Timestamp *int64   `parquet:"timestamp,optional"`
	}
	ts, err := parquet.Read[tsRow](strings.NewReader(pq), int64(len(pq)))
	if err != nil || len(ts) != 2 || ts[0].Tstamp != nil || ts[1].Tstamp != nil || ts[0].Timestamp != nil || ts[1].Timestamp != nil {
		t.Errorf("parquet tstamp and timestamp: %+v, %v", ts, err)
	}
	if cells, _ := exportString(t, db, FormatNameCSV, Filter{Internal: true}, ExportOptions{}); strings.Count(cells, `,,,,"{`) != 2 {
		t.Errorf("csv timestamp cells of battles without a time are not empty: %s", cells)
	}
	dir := t.TempDir()
	rel, err := WriteRelease(context.Background(), db, dir, "r1", Filter{Internal: true}, ReleaseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !rel.From.IsZero() || !rel.To.IsZero() {
		t.Errorf("release spans %v to %v", rel.From, rel.To)
	}
	card, err := os.ReadFile(filepath.Join(dir, "r1", CardName))
	if err != nil {
		t.Fatal(err)
	}
	if c := string(card); strings.Contains(c, "0001-01-01") || !strings.Contains(c, "Votes cast: unknown (2 battles without a time") {
		t.Errorf("card:\n%s", c)
	}
}
