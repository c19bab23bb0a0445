package dataset

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/ranking"
)

const samplePath = "../../../shared/data/arena-140k-sample-3000.jsonl"

func readAll(t *testing.T, data string, opt ReadOptions) ([]ranking.Battle, Stats, error) {
	t.Helper()
	var out []ranking.Battle
	st, err := ReadBattles(context.Background(), strings.NewReader(data), "battles.jsonl", opt, func(b ranking.Battle) error {
		out = append(out, b)
		return nil
	})
	return out, st, err
}

func TestMalformedInput(t *testing.T) {
	good := `{"model_a": "x", "model_b": "y", "winner": "model_a"}` + "\n"
	cases := []struct {
		name, data, want string
	}{
		{"bad winner", good + `{"model_a": "x", "model_b": "y", "winner": "foo"}`, `battles.jsonl:2: field "winner": "foo" is not one of model_a, model_b, tie, both_bad`},
		{"bad JSON", good + good + `{"model_a": "x", "model_b": "y", "winner": "model_a"`, `battles.jsonl:3: invalid JSON`},
		{"missing model_b", `{"model_a": "x", "winner": "tie"}`, `battles.jsonl:1: field "model_b": is missing`},
		{"missing winner", `{"model_a": "x", "model_b": "y"}`, `battles.jsonl:1: field "winner": is missing`},
		{"winner not a string", `{"model_a": "x", "model_b": "y", "winner": 3}`, `battles.jsonl:1: field "winner": want a string, got 3`},
		{"same model", `{"model_a": "x", "model_b": "x", "winner": "tie"}`, `battles.jsonl:1: field "model_b": is the same model as model_a`},
		{"bad tstamp", `{"model_a": "x", "model_b": "y", "winner": "tie", "tstamp": true}`, `battles.jsonl:1: field "tstamp": want a number`},
		{"not an object", good + "\n\n[1, 2]", `battles.jsonl:4: invalid JSON`},
		{"bad CSV row", "model_a,model_b,winner\nx,y,model_a\nx,y\n", `battles.jsonl:3: bad CSV row: 2 fields, the header has 3`},
		{"bad CSV winner", "model_a,model_b,winner\nx,y,nobody\n", `battles.jsonl:2: field "winner": "nobody" is not one of`},
		{"bad CSV quote", "model_a,model_b,winner\n\"x,y,tie\n", `bad CSV row`},
		{"bad 55k flags", "model_a,model_b,winner_model_a,winner_model_b,winner_tie\nx,y,1,1,0\n", `battles.jsonl:2: field "winner_model_a": exactly one of`},
		{"unknown format", "hello world\nfoo\n", `unknown battle file format`},
		{"JSON array element", `[{"model_a": "x", "model_b": "y", "winner": "model_a"}, {"model_a": "x", "model_b": "y", "winner": "nope"}]`, `battles.jsonl: element 2: field "winner": "nope" is not one of`},
		{"JSON array syntax", `[{"model_a": "x", "model_b": "y", "winner": "model_a"}, {"model_a": }]`, `element 2: invalid JSON`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := readAll(t, c.data, ReadOptions{})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestSkipBadCountsAndContinues(t *testing.T) {
	data := strings.Join([]string{
		`{"model_a": "x", "model_b": "y", "winner": "model_a"}`,
		`{"model_a": "x", "model_b": "y", "winner": "foo"}`,
		`not json`,
		``,
		`{"model_a": "y", "model_b": "x", "winner": "tie (bothbad)"}`,
	}, "\n")
	bs, st, err := readAll(t, data, ReadOptions{SkipBad: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || st.Skipped != 2 || st.Records != 4 || st.Battles != 2 {
		t.Fatalf("battles %d, stats %+v", len(bs), st)
	}
	if !strings.HasPrefix(st.Errors[0].Error(), "battles.jsonl:2:") || !strings.HasPrefix(st.Errors[1].Error(), "battles.jsonl:3:") {
		t.Errorf("errors %v", st.Errors)
	}
	if bs[1].Outcome != ranking.BothBad {
		t.Errorf("outcome %v", bs[1].Outcome)
	}
}

// Line numbers stay right across the parallel chunks, and order is kept.
func TestLineNumbersAcrossChunks(t *testing.T) {
	var b strings.Builder
	const n = 60000 // about 4.5 MB: several chunks
	for i := 1; i <= n; i++ {
		if i == 45678 {
			b.WriteString(`{"model_a": "m1", "model_b": "m2", "winner": "bogus"}` + "\n")
			continue
		}
		fmt.Fprintf(&b, `{"model_a": "m%d", "model_b": "m%d", "winner": "model_a", "tstamp": %d.5, "pad": "%s"}`+"\n", i%7, i%7+1, i, strings.Repeat("x", 20))
	}
	_, _, err := readAll(t, b.String(), ReadOptions{})
	var re *RecordError
	if !errors.As(err, &re) || re.Line != 45678 || re.Field != "winner" {
		t.Fatalf("error %v", err)
	}
	bs, st, err := readAll(t, b.String(), ReadOptions{SkipBad: true, Workers: 3})
	if err != nil || st.Skipped != 1 || len(bs) != n-1 {
		t.Fatalf("%v %+v %d", err, st, len(bs))
	}
	for i := 1; i < len(bs); i++ {
		if bs[i].Time <= bs[i-1].Time {
			t.Fatalf("battle %d out of order", i)
		}
	}
	agg, st2, err := AggregateBattles(context.Background(), strings.NewReader(b.String()), "x", ReadOptions{SkipBad: true})
	if err != nil || agg.Battles() != int64(n-1) || st2.Battles != int64(n-1) {
		t.Fatalf("aggregate: %v %d %+v", err, agg.Battles(), st2)
	}
}

// The fast scanner and encoding/json agree, including on lines only the latter reads.
func TestFastAndSlowPathsAgree(t *testing.T) {
	lines := []string{
		`{"model_a": "gpt-4", "model_b": "claude", "winner": "model_b", "tstamp": 1745000000.25, "anony": true, "language": "English", "judge": "arena_user_1"}`,
		`{"model_a":"gpt-\u0034","model_b":"cl\"aude","winner":"tie","tstamp":1.5e3}`,
		` { "winner" : "tie (bothbad)" , "model_b" : "b" , "model_a" : "a", "extra": {"x": [1, 2, {"y": "}"}]}, "n": null } `,
		`{"model_a": "a", "model_b": "b", "winner": "both_bad", "timestamp": "2025-05-29T14:48:41.602925"}`,
	}
	d := newDecoder("t", ReadOptions{Tags: true})
	for _, l := range lines {
		var fast, slow ranking.Battle
		if err := d.decodeLine([]byte(l), &fast, nil); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if err := d.decodeSlow([]byte(l), &slow, nil); err != nil {
			t.Fatalf("%s: %v", l, err)
		}
		if fmt.Sprint(fast) != fmt.Sprint(slow) {
			t.Errorf("%s:\nfast %+v\nslow %+v", l, fast, slow)
		}
	}
	var b ranking.Battle
	d.decodeLine([]byte(lines[1]), &b, nil)
	if b.ModelA != "gpt-4" || b.ModelB != `cl"aude` || b.Time != 1500 {
		t.Errorf("escapes: %+v", b)
	}
}

func TestFormats140kAnd55k(t *testing.T) {
	meta := `{"sum_assistant_a_tokens": 120, "header_count_a": {"h1": 1, "h2": 2, "h3": 0, "h4": 0, "h5": 0, "h6": 0}, "list_count_a": {"ordered": 3, "unordered": 4}, "bold_count_a": {"**": 5, "__": 1}, "sum_assistant_b_tokens": 80, "header_count_b": {"h1": 0, "h2": 0, "h3": 0, "h4": 0, "h5": 0, "h6": 0}, "list_count_b": {"ordered": 0, "unordered": 2}, "bold_count_b": {"**": 0, "__": 0}, "sum_user_tokens": 9, "turns": 1}`
	cat := `{"criteria_v0.1": {"complexity": true, "creativity": true, "domain_knowledge": true, "problem_solving": true, "real_world": true, "specificity": true, "technical_accuracy": false}, "if_v0.1": {"if": false, "score": 2}, "math_v0.1": {"math": true}, "creative_writing_v0.1": {"creative_writing": false, "score": "no"}}`
	line := `{"id": "abc", "model_a": "a", "model_b": "b", "winner": "both_bad", "conv_metadata": ` + meta + `, "category_tag": ` + cat + `, "language": "en", "is_code": true, "timestamp": "2025-05-29T14:48:41.602925"}`
	bs, _, err := readAll(t, line, ReadOptions{Style: true, Tags: true})
	if err != nil {
		t.Fatal(err)
	}
	b := bs[0]
	if !b.HasStyle || b.StyleA != (ranking.Style{Tokens: 120, Headers: 3, Lists: 7, Bold: 6}) || b.StyleB != (ranking.Style{Tokens: 80, Lists: 2}) {
		t.Errorf("style %+v %+v", b.StyleA, b.StyleB)
	}
	for _, tag := range []string{"math", "hard_prompt", "code", "lang:en", "specificity"} {
		if !b.HasTag(tag) {
			t.Errorf("missing tag %q in %v", tag, b.Tags)
		}
	}
	if b.HasTag("if") || b.HasTag("creative_writing") || b.Outcome != ranking.BothBad || b.Time < 1.7e9 {
		t.Errorf("battle %+v", b)
	}
	// 55k CSV: one-hot winners, responses as JSON lists, a multi-line quoted cell.
	csvData := "id,model_a,model_b,prompt,response_a,response_b,winner_model_a,winner_model_b,winner_tie\n" +
		`1,a,b,"[""hi""]","[""# Title\n- x\n- y""]","[""plain""]",1,0,0` + "\n" +
		`2,b,c,"[""multi` + "\n" + `line""]","[""ok""]","[""**b**""]",0,0,1` + "\n" +
		`3,c,a,p,r,s,0,1,0` + "\n"
	bs, st, err := readAll(t, csvData, ReadOptions{Style: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 3 || st.Records != 3 || bs[0].Outcome != ranking.WinA || bs[1].Outcome != ranking.Tie || bs[2].Outcome != ranking.WinB {
		t.Fatalf("%+v", bs)
	}
	if bs[0].StyleA.Headers != 1 || bs[0].StyleA.Lists != 2 || bs[1].StyleB.Bold != 1 {
		t.Errorf("CSV style %+v %+v", bs[0].StyleA, bs[1].StyleB)
	}
	// clean_battle CSV with a winner column, and a JSON array.
	bs, _, err = readAll(t, "model_a,model_b,winner,tstamp\nx,y,tie (bothbad),12.5\n", ReadOptions{})
	if err != nil || bs[0].Outcome != ranking.BothBad || bs[0].Time != 12.5 {
		t.Fatalf("%v %+v", err, bs)
	}
	bs, _, err = readAll(t, `[{"model_a": "x", "model_b": "y", "winner": "model_b"}]`, ReadOptions{})
	if err != nil || len(bs) != 1 || bs[0].Outcome != ranking.WinB {
		t.Fatalf("%v %+v", err, bs)
	}
}

func TestSampleFileGzipAndStdin(t *testing.T) {
	raw, err := os.ReadFile(samplePath)
	if err != nil {
		t.Skip("shared sample not found:", err)
	}
	dir := t.TempDir()
	gz := filepath.Join(dir, "sample.jsonl.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(raw)
	zw.Close()
	os.WriteFile(gz, buf.Bytes(), 0o644)
	var results []*ranking.Aggregate
	for _, p := range []string{samplePath, gz, "-"} {
		agg, st, err := ReadAggregate(context.Background(), p, bytes.NewReader(raw), ReadOptions{})
		if err != nil {
			t.Fatal(p, err)
		}
		if st.Battles != 3000 || agg.Battles() != 3000 || agg.NumModels() != 12 {
			t.Fatalf("%s: %+v, %d battles", p, st, agg.Battles())
		}
		results = append(results, agg)
	}
	for _, a := range results[1:] {
		if fmt.Sprint(a.Counts()) != fmt.Sprint(results[0].Counts()) {
			t.Error("counts differ between plain, gzip and stdin")
		}
	}
	var n int
	err = FileSource(context.Background(), []string{samplePath}, nil, ReadOptions{}, nil)(func(b ranking.Battle) error {
		n++
		return nil
	})
	if err != nil || n != 3000 {
		t.Fatalf("source: %v, %d", err, n)
	}
}

func BenchmarkReadAggregate(b *testing.B) {
	var buf bytes.Buffer
	var line []byte
	ranking.Synthesize(ranking.SynthOptions{Models: 114, Battles: 200000, Seed: 1}, func(x ranking.Battle) error {
		line = ranking.AppendCleanBattle(line[:0], x)
		buf.Write(line)
		return nil
	})
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for b.Loop() {
		if _, _, err := AggregateBattles(context.Background(), bytes.NewReader(data), "bench", ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
