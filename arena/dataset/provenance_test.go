package dataset

import (
	"bytes"
	"encoding/csv"
	"slices"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/parquet-go/parquet-go"
)

// cleanBattleShapes are one FastChat clean_battle log in each shape it comes in: JSON
// Lines (a plain line for the fast scanner, one with an escape for encoding/json), a
// JSON array and CSV. FastChat's clean_battle_data.py names the battle question_id and
// the voter judge; the third battle has neither, as its "simple" mode writes.
var cleanBattleShapes = map[string]string{
	"clean_battle.jsonl": `{"question_id": "6f1c2a", "model_a": "gpt-4", "model_b": "claude-2", "winner": "model_a", "judge": "arena_user_9a1b", "turn": 1, "anony": true, "language": "English", "tstamp": 1700000000.5}
{"question_id": "7d\u0032e", "model_a": "claude-2", "model_b": "gpt-4", "winner": "tie (bothbad)", "judge": "arena_user_\u0034", "anony": true, "tstamp": 1700000001}
{"model_a": "gpt-4", "model_b": "claude-2", "winner": "model_b", "tstamp": 1700000002}
`,
	"clean_battle.json": `[{"question_id": "6f1c2a", "model_a": "gpt-4", "model_b": "claude-2", "winner": "model_a", "judge": "arena_user_9a1b", "language": "English", "tstamp": 1700000000.5},
{"question_id": "7d2e", "model_a": "claude-2", "model_b": "gpt-4", "winner": "tie (bothbad)", "judge": "arena_user_4", "tstamp": 1700000001},
{"model_a": "gpt-4", "model_b": "claude-2", "winner": "model_b", "tstamp": 1700000002}]`,
	// clean_battle_data.py without --mode simple keeps the conversations.
	"clean_battle_conv.jsonl": `{"question_id": "6f1c2a", "model_a": "gpt-4", "model_b": "claude-2", "winner": "model_a", "judge": "arena_user_9a1b", "conversation_a": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}], "conversation_b": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hey"}], "turn": 1, "anony": true, "language": "English", "tstamp": 1700000000.5}
{"question_id": "7d2e", "model_a": "claude-2", "model_b": "gpt-4", "winner": "tie (bothbad)", "judge": "arena_user_4", "conversation_a": [], "conversation_b": [], "tstamp": 1700000001}
{"model_a": "gpt-4", "model_b": "claude-2", "winner": "model_b", "conversation_a": [], "conversation_b": [], "tstamp": 1700000002}
`,
	"clean_battle.csv": "question_id,model_a,model_b,winner,judge,language,tstamp\n" +
		"6f1c2a,gpt-4,claude-2,model_a,arena_user_9a1b,English,1700000000.5\n" +
		"7d2e,claude-2,gpt-4,tie (bothbad),arena_user_4,,1700000001\n" +
		",gpt-4,claude-2,model_b,,,1700000002\n",
}

// TestImportCleanBattleKeepsIDAndJudge: an imported clean_battle battle is exported
// with the log's question_id as its id and its judge as its judge_hash, as the dataset
// card says, in every shape the log comes in and every format that has the columns;
// one without them gets a content id.
func TestImportCleanBattleKeepsIDAndJudge(t *testing.T) {
	for name, content := range cleanBattleShapes {
		t.Run(name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			if _, err := importPath(t, db, "lmarena", writeFile(t, name, content)); err != nil {
				t.Fatal(err)
			}
			for _, format := range []string{FormatNameJSONL, FormatNameParquet, FormatNameCSV} {
				rows := exportedRows(t, db, format, ExportOptions{})
				if len(rows) != 3 {
					t.Fatalf("%s: %d rows: %+v", format, len(rows), rows)
				}
				for i, want := range []exportedRow{{"6f1c2a", "arena_user_9a1b", "imported:lmarena"}, {"7d2e", "arena_user_4", "imported:lmarena"}} {
					if format == FormatNameCSV {
						want.judge = "-"
					}
					if rows[i] != want {
						t.Errorf("%s row %d = %+v, want %+v", format, i, rows[i], want)
					}
				}
				if r := rows[2]; !strings.HasPrefix(r.id, "h:") || r.judge != "" && r.judge != "-" {
					t.Errorf("%s row without question_id or judge: %+v", format, r)
				}
			}
		})
	}
}

// exportedRow is what every format tells of a row: its id, voter and source (the csv
// and dpo formats carry fewer: "-" for what they lack).
type exportedRow struct{ id, judge, source string }

// exportedRows exports db in format and reads each row's id, judge_hash and source.
func exportedRows(t *testing.T, db *sqlstore.DB, format string, opt ExportOptions) []exportedRow {
	t.Helper()
	out, _ := exportString(t, db, format, Filter{Internal: true}, opt)
	var rows []exportedRow
	switch format {
	case FormatNameJSONL:
		for _, r := range decodeJSONL(t, out) {
			rows = append(rows, exportedRow{r["id"].(string), r["judge_hash"].(string), r["source"].(string)})
		}
	case FormatNameDPO:
		for _, r := range decodeJSONL(t, out) {
			rows = append(rows, exportedRow{"-", "-", r["source"].(string)})
		}
	case FormatNameCSV:
		recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		src := slices.Index(recs[0], "source")
		if got := strings.Join(recs[0], ","); got != strings.TrimSuffix(csvHeader, "\n") || src < 0 {
			t.Fatalf("csv header %s", got)
		}
		for _, r := range recs[1:] {
			rows = append(rows, exportedRow{r[0], "-", r[src]})
		}
	case FormatNameParquet:
		recs, err := parquet.Read[partsRecord](strings.NewReader(out), int64(len(out)))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range recs {
			rows = append(rows, exportedRow{r.ID, r.JudgeHash, r.Source})
		}
	}
	return rows
}

// TestExportSourceColumn: every format says where each battle came from, "arena" for
// the arena's own and "imported:<source>" for imported ones, which keep the source's
// id and judge.
func TestExportSourceColumn(t *testing.T) {
	db := sqlitetest.Open(t)
	ids, users := seed(t, db, fixture) // voted in 2025, after the imported battles
	if _, err := importPath(t, db, "lmarena", writeFile(t, "clean_battle_conv.jsonl", cleanBattleShapes["clean_battle_conv.jsonl"])); err != nil {
		t.Fatal(err)
	}
	opt := ExportOptions{Salt: []byte("k")}
	own := func(i int) exportedRow {
		return exportedRow{ids[i], judgeHash(opt.Salt, users[fixture[i].voter]), "arena"}
	}
	imp := []exportedRow{{"6f1c2a", "arena_user_9a1b", "imported:lmarena"}, {"7d2e", "arena_user_4", "imported:lmarena"}}
	all := append(imp, exportedRow{"", "", "imported:lmarena"}, own(0), own(1), own(2), own(3))
	for _, format := range ExportFormats {
		t.Run(format, func(t *testing.T) {
			got := exportedRows(t, db, format, opt)
			want := all
			switch format {
			case FormatNameCSV:
				want = nil
				for _, r := range all {
					want = append(want, exportedRow{r.id, "-", r.source})
				}
			case FormatNameDPO: // decisive votes with a conversation
				want = []exportedRow{{"-", "-", "imported:lmarena"}, {"-", "-", "arena"}, {"-", "-", "arena"}}
			}
			if len(got) != len(want) {
				t.Fatalf("%d rows, want %d: %+v", len(got), len(want), got)
			}
			for i := range want {
				if i == 2 && format != FormatNameDPO { // a content id: the log gave none
					want[i].id = got[i].id
					if !strings.HasPrefix(got[i].id, "h:") {
						t.Errorf("row 2 id %q, want a content id", got[i].id)
					}
				}
				if got[i] != want[i] {
					t.Errorf("row %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}

// TestReimportKeepsOriginalSource imports arena A's export into arena B: A's own
// battles are filed under the source B imports them as, and the battles A had imported
// keep the source A imported them from, with their ids and judges, rather than
// becoming imported:imported:.... So they are the same battles as the original file's,
// and importing that file into B as well adds nothing.
func TestReimportKeepsOriginalSource(t *testing.T) {
	a := sqlitetest.Open(t)
	seed(t, a, fixture)
	original := writeFile(t, "clean_battle_conv.jsonl", cleanBattleShapes["clean_battle_conv.jsonl"])
	if _, err := importPath(t, a, "lmarena", original); err != nil {
		t.Fatal(err)
	}
	opt := ExportOptions{Salt: []byte("k")}
	fromA := exportedRows(t, a, FormatNameJSONL, opt)
	for _, format := range []string{FormatNameJSONL, FormatNameParquet, FormatNameCSV} {
		t.Run(format, func(t *testing.T) {
			out, n := exportString(t, a, format, Filter{Internal: true}, opt)
			path := writeFile(t, "a"+FileExtension(format), out)
			b := sqlitetest.Open(t)
			if st, err := importPath(t, b, "arena-a", path); err != nil || st.Added != n {
				t.Fatalf("import: %+v, %v", st, err)
			}
			got := exportedRows(t, b, FormatNameJSONL, opt)
			if format == FormatNameCSV { // no times: in file order, as A exported them
				slices.SortStableFunc(got, func(x, y exportedRow) int { return strings.Compare(x.source, y.source) })
			}
			var want []exportedRow
			for _, r := range fromA {
				if r.source == SourceArena {
					r.source = SourceImported + "arena-a"
				}
				if format == FormatNameCSV {
					r.judge = "" // 55k has no judge column
				}
				want = append(want, r)
			}
			if format == FormatNameCSV {
				slices.SortStableFunc(want, func(x, y exportedRow) int { return strings.Compare(x.source, y.source) })
			}
			if !slices.Equal(got, want) {
				t.Errorf("B exports\n%+v\nwant\n%+v", got, want)
			}
			// The original file's battles, and B's own export, are already in B: the same
			// source, id and vote time (which the CSV lacks).
			if format == FormatNameCSV {
				return
			}
			if st, err := importPath(t, b, "lmarena", original); err != nil || st.Added != 0 || st.Duplicates != 3 {
				t.Errorf("the original file into B: %+v, %v", st, err)
			}
			outB, _ := exportString(t, b, format, Filter{Internal: true}, opt)
			if st, err := importPath(t, b, "whatever", writeFile(t, "b"+FileExtension(format), outB)); err != nil || st.Added != 0 {
				t.Errorf("B's export into B: %+v, %v", st, err)
			}
		})
	}
}

// TestReimportSourceColumn: a source column is read in every shape an import takes.
// imported:NAME files the battle under NAME; arena, an empty cell, or a value of
// some other file's column, under the import's source; imported: with no name, or a
// name no import could be given, is an error naming the field.
func TestReimportSourceColumn(t *testing.T) {
	files := map[string]string{
		"log.jsonl": `{"question_id": "1", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 1, "source": "imported:origin"}
{"question_id": "2", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 2, "source": "arena"}
{"question_id": "3", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 3, "source": "sharegpt"}
`,
		"log.json": `[{"question_id": "1", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 1, "source": "imported:origin"},
{"question_id": "2", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 2, "source": "arena"},
{"question_id": "3", "model_a": "a", "model_b": "b", "winner": "model_a", "tstamp": 3}]`,
		"log.csv": "question_id,model_a,model_b,winner,tstamp,source\n1,a,b,model_a,1,imported:origin\n2,a,b,model_a,2,arena\n3,a,b,model_a,3,\n",
		"conv.jsonl": `{"id": "1", "model_a": "a", "model_b": "b", "winner": "model_a", "conversation_a": [], "conversation_b": [], "tstamp": 1, "source": "imported:origin"}
{"id": "2", "model_a": "a", "model_b": "b", "winner": "model_a", "conversation_a": [], "conversation_b": [], "tstamp": 2, "source": "arena"}
{"id": "3", "model_a": "a", "model_b": "b", "winner": "model_a", "conversation_a": [], "conversation_b": [], "tstamp": 3}
`,
		"55k.csv": "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,source\n" +
			"1,a,b,[],[],[],1,0,0,imported:origin\n2,a,b,[],[],[],1,0,0,arena\n3,a,b,[],[],[],1,0,0,\n",
	}
	for name, content := range files {
		t.Run(name, func(t *testing.T) {
			db := sqlitetest.Open(t)
			if _, err := importPath(t, db, "mine", writeFile(t, name, content)); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range exportedRows(t, db, FormatNameJSONL, ExportOptions{}) {
				got = append(got, r.id+" "+r.source)
			}
			slices.Sort(got)
			if want := []string{"1 imported:origin", "2 imported:mine", "3 imported:mine"}; !slices.Equal(got, want) {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
	for _, c := range []struct{ name, content string }{
		{"noname.jsonl", `{"model_a": "a", "model_b": "b", "winner": "model_a", "source": "imported: "}` + "\n"},
		{"noname.csv", "model_a,model_b,winner,source\na,b,model_a,imported:\n"},
		{"control.jsonl", `{"model_a": "a", "model_b": "b", "winner": "model_a", "conversation_a": [], "conversation_b": [], "source": "imported:x\u001b[31m"}` + "\n"},
		{"control.csv", "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie,source\n1,a,b,[],[],[],1,0,0,imported:x\x1b[31m\n"},
	} {
		db := sqlitetest.Open(t)
		if _, err := importPath(t, db, "mine", writeFile(t, c.name, c.content)); err == nil || !strings.Contains(err.Error(), `:2: field "source"`) && !strings.Contains(err.Error(), `:1: field "source"`) {
			t.Errorf("%s: %v, want an error naming the source field", c.name, err)
		}
	}
}

// TestImportParquetSource: a Parquet file written before the source column reads as
// ever, each battle filed under the import's source; one with it keeps each battle's.
func TestImportParquetSource(t *testing.T) {
	type oldRow struct { // the columns an older export wrote that an import reads
		ID        string  `parquet:"id"`
		ModelA    string  `parquet:"model_a"`
		ModelB    string  `parquet:"model_b"`
		Winner    string  `parquet:"winner"`
		Tstamp    float64 `parquet:"tstamp"`
		JudgeHash string  `parquet:"judge_hash"`
		Comment   string  `parquet:"comment"`
	}
	write := func(rows any) string {
		var buf bytes.Buffer
		var err error
		switch rows := rows.(type) {
		case []oldRow:
			err = parquet.Write(&buf, rows)
		case []Record:
			err = parquet.Write(&buf, rows)
		}
		if err != nil {
			t.Fatal(err)
		}
		return writeFile(t, "f.parquet", buf.String())
	}
	db := sqlitetest.Open(t)
	if _, err := importPath(t, db, "old", write([]oldRow{{ID: "o1", ModelA: "a", ModelB: "b", Winner: "model_a", Tstamp: 1, JudgeHash: "j"}})); err != nil {
		t.Fatal(err)
	}
	if _, err := importPath(t, db, "new", write([]Record{
		{ID: "n1", ModelA: "a", ModelB: "b", Winner: "model_b", Tstamp: 2, JudgeHash: "k", Source: "imported:origin"},
		{ID: "n2", ModelA: "a", ModelB: "b", Winner: "tie", Tstamp: 3, Source: "arena"},
	})); err != nil {
		t.Fatal(err)
	}
	got := exportedRows(t, db, FormatNameJSONL, ExportOptions{})
	want := []exportedRow{{"o1", "j", "imported:old"}, {"n1", "k", "imported:origin"}, {"n2", "", "imported:new"}}
	if !slices.Equal(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
