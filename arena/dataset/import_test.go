package dataset

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/ranking"
)

// importPath imports one file into db under source and returns what it did.
func importPath(t *testing.T, db *sqlstore.DB, source, path string) (arena.ImportStats, error) {
	t.Helper()
	ctx := context.Background()
	im, err := db.BeginImport(ctx, source, path)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ImportFile(ctx, im, path, nil, ImportOptions{})
	if err != nil {
		if aerr := im.Abort(ctx); aerr != nil {
			t.Fatal(aerr)
		}
		return im.Stats(), err
	}
	return im.Close(ctx)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRoundTrip exports, imports the export into another arena, and exports again:
// the same rows, in every format that carries them.
func TestRoundTrip(t *testing.T) {
	src := sqlitetest.Open(t)
	seed(t, src, fixture)
	for _, tc := range []struct {
		format  string
		content arena.ExportContent
	}{{FormatNameJSONL, arena.ContentParts}, {FormatNameJSONL, arena.ContentString}, {FormatNameParquet, arena.ContentParts}, {FormatNameParquet, arena.ContentString}} {
		format, opt := tc.format, ExportOptions{Salt: []byte("fixed"), Content: tc.content}
		t.Run(format+"/"+string(tc.content), func(t *testing.T) {
			first, n := exportString(t, src, format, Filter{Internal: true}, opt)
			path := writeFile(t, "export"+FileExtension(format), first)
			dst := sqlitetest.Open(t)
			st, err := importPath(t, dst, "arena-a", path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Read != n || st.Added != n || len(st.NewModels) != 3 {
				t.Fatalf("import: %+v", st)
			}
			// Compare as JSONL, which shows every column: the same but for the source,
			// the arena the battles came from.
			want, _ := exportString(t, src, FormatNameJSONL, Filter{Internal: true}, opt)
			want = strings.ReplaceAll(want, `"source":"arena","anony":true,`, `"source":"imported:arena-a","anony":true,`)
			got, _ := exportString(t, dst, FormatNameJSONL, Filter{Internal: true}, opt)
			if got != want {
				t.Errorf("export after import differs:\n got %s\nwant %s", got, want)
			}
			// Imported battles keep their categories for filters, and count under imported:.
			if g, _ := exportString(t, dst, FormatNameJSONL, Filter{Category: "math"}, opt); strings.Count(g, "\n") != 2 {
				t.Errorf("category filter on imported battles: %q", g)
			}
			pcs, err := dst.PairCounts(context.Background(), arena.ImportedCategoryPrefix+"math")
			if err != nil || len(pcs) != 2 {
				t.Errorf("imported:math pair counts = %+v, %v", pcs, err)
			}
			// Again: nothing added.
			st, err = importPath(t, dst, "arena-a", path)
			if err != nil || st.Added != 0 || st.Duplicates != n {
				t.Errorf("re-import: %+v, %v", st, err)
			}
			if got2, _ := exportString(t, dst, FormatNameJSONL, Filter{Internal: true}, opt); got2 != want {
				t.Error("re-import changed the export")
			}
			// arena rank reads the file: the outcomes, times, style and tags.
			var bs []ranking.Battle
			if _, err := ReadFile(context.Background(), path, nil, ReadOptions{Style: true, Tags: true, Prompts: true}, func(b ranking.Battle) error {
				bs = append(bs, b)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if len(bs) != 4 || bs[0].Outcome != ranking.WinA || bs[2].Outcome != ranking.BothBad || bs[0].Time != float64(t0.Unix()+1) ||
				!bs[0].HasStyle || bs[0].StyleA.Headers != 2 || !bs[0].HasTag("code") ||
				bs[0].PromptKey != ranking.PromptKeyOf([]string{"Write a python function. My phone is <PHONE>.", "Now in Go, please"}) {
				t.Errorf("arena rank read %+v", bs)
			}
		})
	}
	// CSV (55k) carries no judge, reasons or comment, and a both-bad vote comes back a
	// tie: the conversations, outcomes, category tags and (in its own column) times
	// survive.
	t.Run("csv", func(t *testing.T) {
		opt := ExportOptions{Salt: []byte("fixed")}
		first, _ := exportString(t, src, FormatNameCSV, Filter{Internal: true}, opt)
		dst := sqlitetest.Open(t)
		if _, err := importPath(t, dst, "arena-a", writeFile(t, "x.csv", first)); err != nil {
			t.Fatal(err)
		}
		// The timestamp column, the export's own, brings the times back.
		want := strings.ReplaceAll(first, ",arena,,,", ",imported:arena-a,,,")
		if got, _ := exportString(t, dst, FormatNameCSV, Filter{Internal: true}, opt); got != want {
			t.Errorf("csv round trip:\n got %s\nwant %s", got, want)
		}
	})
}

func TestImportLMArenaShapes(t *testing.T) {
	// 100k-style (question_id, string content, nested category_tag) and 140k-style (id,
	// content as a list of parts, timestamp) rows, and a clean_battle log.
	jsonl := `{"question_id":"q1","model_a":"gpt-4","model_b":"claude-2","winner":"tie (bothbad)","judge_hash":"abc","conversation_a":[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}],"conversation_b":[{"role":"user","content":"hi"},{"role":"assistant","content":"hey"}],"turn":1,"anony":true,"language":"English","tstamp":1700000000.5,"category_tag":{"math_v0.1":{"math":true},"criteria_v0.1":{"specificity":false}},"is_code":false}
{"id":"0197-uuid","model_a":"gemini","model_b":"gpt-4","winner":"model_b","conversation_a":[{"role":"user","content":[{"type":"text","text":"write code","image":null}]},{"role":"assistant","content":[{"type":"text","text":"ok"}]}],"conversation_b":[{"role":"user","content":[{"type":"text","text":"write code"}]},{"role":"assistant","content":[{"type":"text","text":"print(1)"}]}],"timestamp":"2025-05-01T10:00:00Z","is_code":true,"category_tag":{"creative_writing_v0.1":{"creative_writing":true,"score":"yes"}}}
`
	db := sqlitetest.Open(t)
	st, err := importPath(t, db, "lmarena", writeFile(t, "arena.jsonl", jsonl))
	if err != nil || st.Added != 2 {
		t.Fatalf("import: %+v %v", st, err)
	}
	out, _ := exportString(t, db, FormatNameJSONL, Filter{Internal: true}, ExportOptions{Content: arena.ContentString})
	rows := decodeJSONL(t, out)
	if len(rows) != 2 {
		t.Fatalf("rows: %s", out)
	}
	r0, r1 := rows[0], rows[1]
	if r0["id"] != "q1" || r0["winner"] != "both_bad" || r0["judge_hash"] != "abc" || r0["language"] != "English" || r0["tstamp"] != 1700000000.5 ||
		r0["category_tag"].(map[string]any)["math"] != true {
		t.Errorf("100k row: %v", r0)
	}
	if r1["id"] != "0197-uuid" || r1["tstamp"] != 1746093600.0 || r1["is_code"] != true || r1["category_tag"].(map[string]any)["creative"] != true ||
		r1["conversation_b"].([]any)[1].(map[string]any)["content"] != "print(1)" {
		t.Errorf("140k row: %v", r1)
	}

	// clean_battle, generated by the ranking package: no conversations; ids from content.
	var log strings.Builder
	ranking.Synthesize(ranking.SynthOptions{Models: 5, Battles: 300, Seed: 3}, func(b ranking.Battle) error {
		log.Write(ranking.AppendCleanBattle(nil, b))
		return nil
	})
	// A repeated line is a second battle, not a duplicate.
	first := log.String()[:strings.IndexByte(log.String(), '\n')+1]
	path := writeFile(t, "clean_battle.jsonl", log.String()+first)
	db2 := sqlitetest.Open(t)
	st, err = importPath(t, db2, "lmarena", path)
	if err != nil || st.Read != 301 || st.Added != 301 || len(st.NewModels) != 5 {
		t.Fatalf("clean_battle import: %+v %v", st, err)
	}
	st, err = importPath(t, db2, "lmarena", path)
	if err != nil || st.Added != 0 || st.Duplicates != 301 {
		t.Fatalf("clean_battle re-import: %+v %v", st, err)
	}
	pcs, _ := db2.PairCounts(context.Background(), arena.ImportedCategoryPrefix)
	total := 0
	for _, p := range pcs {
		total += p.WinsA + p.WinsB + p.Ties + p.BothBad
	}
	if total != 301 {
		t.Errorf("pair counts hold %d votes, want 301", total)
	}
	// Exported, they have empty conversations, and DPO skips them.
	if dpo, _ := exportString(t, db2, FormatNameDPO, Filter{Internal: true}, ExportOptions{}); dpo != "" {
		t.Errorf("dpo from battles without conversations: %q", dpo[:min(len(dpo), 200)])
	}
	if n, _ := db2.CountExportRows(context.Background(), Filter{Internal: true}); n != 301 {
		t.Errorf("%d exportable rows", n)
	}
}

func TestImportMalformed(t *testing.T) {
	good := `{"id":"1","model_a":"a","model_b":"b","winner":"model_a","conversation_a":[{"role":"user","content":"x"}],"conversation_b":[{"role":"user","content":"x"}]}`
	for _, c := range []struct{ name, content, want string }{
		{"bad.jsonl", good + "\n\n" + `{"id":"2","model_a":"a",` + "\n", "bad.jsonl:3: invalid JSON"},
		{"winner.jsonl", good + "\n" + strings.Replace(good, `"model_a","conv`, `"left","conv`, 1) + "\n", `winner.jsonl:2: field "winner"`},
		{"same.jsonl", strings.Replace(good, `"model_b":"b"`, `"model_b":"a"`, 1) + "\n", `same.jsonl:1: field "model_b": is the same model`},
		{"turns.jsonl", strings.Replace(good, `"conversation_b":[{"role":"user","content":"x"}]`, `"conversation_b":[]`, 1) + "\n", "turns.jsonl:1: field \"conversation_b\": conversation_a has 1 user messages"},
		{"content.jsonl", strings.Replace(good, `"content":"x"}],"conversation_b"`, `"content":5}],"conversation_b"`, 1) + "\n", "content.jsonl:1: field \"conversation_a\": content is neither"},
		{"clean.jsonl", `{"model_a":"a","model_b":"b","winner":"model_a","tstamp":1}` + "\n" + `{"model_a":"a","winner":"model_a"}` + "\n", `clean.jsonl:2: field "model_b"`},
		{"x.csv", "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n1,a,b,\"[\"\"p\"\"]\",\"[\"\"r\"\"]\",\"[\"\"s\"\"]\",1,0,0\n2,a,b,not json,[],[],1,0,0\n", `x.csv:3: field "prompt"`},
		{"flags.csv", "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n1,a,b,[],[],[],1,1,0\n", "flags.csv:2: field \"winner_model_a\": exactly one"},
		{"unknown.txt", "hello world\n", "unknown battle file format"},
	} {
		db := sqlitetest.Open(t)
		path := writeFile(t, c.name, c.content)
		_, err := importPath(t, db, "lmarena", path)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to contain %q", c.name, err, c.want)
		}
	}
}
