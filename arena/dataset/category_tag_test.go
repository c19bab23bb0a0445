package dataset

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/parquet-go/parquet-go"
)

// taggedFixture are battles tagged as new ones are, with v0.1 verdicts of every kind.
var taggedFixture = []seedBattle{
	{a: "gpt-x", b: "claude-y", w: arena.WinnerA, tagged: true, turns: []arena.ExportTurn{{Prompt: "Our Django admin times out when staff filter " +
		"4 million orders by date on Postgres. How would you fix it, and what are the trade-offs?", AnswerA: "a", AnswerB: "b"}}},
	{a: "claude-y", b: "gpt-x", w: arena.WinnerB, tagged: true, turns: []arena.ExportTurn{{Prompt: "Write a haiku about rain, all in lowercase, " +
		"with no title.", AnswerA: "a", AnswerB: "b"}}},
	{a: "gpt-x", b: "claude-y", w: arena.WinnerTie, tagged: true, turns: []arena.ExportTurn{{Prompt: "Prove that the square root of 2 is irrational.",
		AnswerA: "a", AnswerB: "b"}}},
}

// categoryTagOf is the category_tag a battle with these prompt tags exports, as
// encoding/json writes the struct: an expectation independent of the export's own
// JSON writer.
func categoryTagOf(t *testing.T, tags arena.PromptTags) (CategoryTag, any) {
	t.Helper()
	ct := CategoryTag{LMArenaTags: tags.LMArena}
	for _, c := range tags.Categories {
		switch c {
		case "code":
			ct.Code = true
		case "math":
			ct.Math = true
		case "creative":
			ct.Creative = true
		case "if":
			ct.IF = true
		case "hard":
			ct.Hard = true
		case "long":
			ct.Long = true
		}
	}
	b, err := json.Marshal(ct)
	if err != nil {
		t.Fatal(err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatal(err)
	}
	return ct, v
}

// TestExportCategoryTagV01: this arena's battles export their stored tags in every
// format, 140k's v0.1 keys beside the flat ones (with 140k's names and types); and
// imported again, in every format, they keep them.
func TestExportCategoryTagV01(t *testing.T) {
	src := sqlitetest.Open(t)
	seed(t, src, taggedFixture)
	var want []any
	var wantStructs []CategoryTag
	for _, b := range taggedFixture {
		ct, v := categoryTagOf(t, arena.TagPrompt(b.turns[0].Prompt))
		want, wantStructs = append(want, v), append(wantStructs, ct)
	}
	if !wantStructs[0].Hard || !wantStructs[1].IF || !wantStructs[1].Creative || !wantStructs[2].Math {
		t.Fatalf("the fixture is meant to have a hard prompt, instruction following and math: %+v", wantStructs)
	}
	opt := ExportOptions{Salt: []byte("k")}
	jsonl, _ := exportString(t, src, FormatNameJSONL, Filter{Internal: true}, opt)
	for i, r := range decodeJSONL(t, jsonl) {
		if !reflect.DeepEqual(r["category_tag"], want[i]) {
			t.Errorf("jsonl row %d category_tag = %v, want %v", i, r["category_tag"], want[i])
		}
	}
	pq, _ := exportString(t, src, FormatNameParquet, Filter{Internal: true}, opt)
	recs, err := parquet.Read[partsRecord](bytes.NewReader([]byte(pq)), int64(len(pq)))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range recs {
		if r.CategoryTag != wantStructs[i] {
			t.Errorf("parquet row %d category_tag = %+v, want %+v", i, r.CategoryTag, wantStructs[i])
		}
	}
	csvOut, _ := exportString(t, src, FormatNameCSV, Filter{Internal: true}, opt)
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], "category_tag")
	if col < 0 {
		t.Fatalf("csv header %v has no category_tag", rows[0])
	}
	for i, r := range rows[1:] {
		var v any
		if err := json.Unmarshal([]byte(r[col]), &v); err != nil || !reflect.DeepEqual(v, want[i]) {
			t.Errorf("csv row %d category_tag = %s, want %v (%v)", i, r[col], want[i], err)
		}
	}
	for format, file := range map[string]string{FormatNameJSONL: jsonl, FormatNameParquet: pq, FormatNameCSV: csvOut} {
		dst := sqlitetest.Open(t)
		if _, err := importPath(t, dst, "arena-a", writeFile(t, "export"+FileExtension(format), file)); err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		again, _ := exportString(t, dst, FormatNameJSONL, Filter{Internal: true}, opt)
		for i, r := range decodeJSONL(t, again) {
			if !reflect.DeepEqual(r["category_tag"], want[i]) {
				t.Errorf("%s imported, row %d category_tag = %v, want %v", format, i, r["category_tag"], want[i])
			}
		}
		// Imported battles are filtered by the categories their file gave.
		if got, _ := exportString(t, dst, FormatNameJSONL, Filter{Internal: true, Category: "hard"}, opt); strings.Count(got, "\n") != 1 {
			t.Errorf("%s imported: the hard filter kept %q", format, got)
		}
	}
}

// TestImportLMArenaV01: LMArena's own category_tag keeps its verdicts as the file gave
// them, and gives the flat tags LMArena's categories mean: hard at six criteria,
// instruction following, math, creative writing. A verdict the file lacks is false, a
// null score 0; a verdict of the wrong shape is refused, saying which and why.
func TestImportLMArenaV01(t *testing.T) {
	rows := `{"id":"a","model_a":"m1","model_b":"m2","winner":"model_a","conversation_a":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"conversation_b":[{"role":"user","content":"x"},{"role":"assistant","content":"z"}],"category_tag":{"creative_writing_v0.1":{"creative_writing":false,"score":"no"},"criteria_v0.1":{"complexity":true,"creativity":false,"domain_knowledge":true,"problem_solving":true,"real_world":true,"specificity":true,"technical_accuracy":true},"if_v0.1":{"if":true,"score":4},"math_v0.1":{"math":false}},"is_code":true}
{"question_id":"b","model_a":"m1","model_b":"m2","winner":"tie","conversation_a":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"conversation_b":[{"role":"user","content":"x"},{"role":"assistant","content":"z"}],"category_tag":{"criteria_v0.1":{"specificity":true},"if_v0.1":{"if":false,"score":null},"math_v0.1":{"math":true}}}
`
	db := sqlitetest.Open(t)
	if _, err := importPath(t, db, "lmarena", writeFile(t, "lm.jsonl", rows)); err != nil {
		t.Fatal(err)
	}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{})
	got := decodeJSONL(t, out)
	first := got[0]["category_tag"].(map[string]any)
	want := map[string]any{"code": true, "math": false, "creative": false, "if": true, "hard": true, "long": false,
		"creative_writing_v0.1": map[string]any{"creative_writing": false, "score": "no"},
		"criteria_v0.1": map[string]any{"complexity": true, "creativity": false, "domain_knowledge": true, "problem_solving": true,
			"real_world": true, "specificity": true, "technical_accuracy": true},
		"if_v0.1": map[string]any{"if": true, "score": 4.0}, "math_v0.1": map[string]any{"math": false}}
	if !reflect.DeepEqual(first, want) {
		t.Errorf("140k row: category_tag = %v\nwant %v", first, want)
	}
	second := got[1]["category_tag"].(map[string]any)
	if second["math"] != true || second["hard"] != false ||
		!reflect.DeepEqual(second["criteria_v0.1"], map[string]any{"complexity": false, "creativity": false, "domain_knowledge": false,
			"problem_solving": false, "real_world": false, "specificity": true, "technical_accuracy": false}) ||
		!reflect.DeepEqual(second["if_v0.1"], map[string]any{"if": false, "score": 0.0}) ||
		!reflect.DeepEqual(second["creative_writing_v0.1"], map[string]any{"creative_writing": false, "score": ""}) {
		t.Errorf("100k row: category_tag = %v", second)
	}

	for _, bad := range []struct{ tag, want string }{
		{`{"if_v0.1":"yes"}`, `field "category_tag": if_v0.1: want {"if": true or false, "score": 0 to 5}`},
		{`{"criteria_v0.1":{"complexity":"high"}}`, `field "category_tag": criteria_v0.1: want an object of true or false flags`},
		{`{"if_v0.1":{"if":true,"score":9}}`, `field "category_tag": if_v0.1: score 9: want 0 to 5`},
		{`{"creative_writing_v0.1":{"score":5}}`, `field "category_tag": creative_writing_v0.1: want {"creative_writing": true or false, "score": "yes" or "no"}`},
	} {
		line := `{"id":"c","model_a":"m1","model_b":"m2","winner":"tie","conversation_a":[{"role":"user","content":"x"},{"role":"assistant","content":"y"}],"conversation_b":[{"role":"user","content":"x"},{"role":"assistant","content":"z"}],"category_tag":` + bad.tag + "}\n"
		fresh := sqlitetest.Open(t)
		_, err := importPath(t, fresh, "lmarena", writeFile(t, "bad.jsonl", line))
		if err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), "bad.jsonl:1:") {
			t.Errorf("category_tag %s: %v; want an error at line 1 saying %q", bad.tag, err, bad.want)
		}
		if n, _ := fresh.CountExportRows(context.Background(), arena.ExportFilter{Internal: true}); n != 0 {
			t.Errorf("category_tag %s: %d battles stored", bad.tag, n)
		}
	}
}
