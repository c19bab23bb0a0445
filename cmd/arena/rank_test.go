package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
)

const sampleFile = "../../../shared/data/arena-140k-sample-3000.jsonl"

func runCmd(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err := Run(context.Background(), env, args)
	return out.String(), errb.String(), err
}

func TestRankJSONShapeOnRealSample(t *testing.T) {
	if _, err := os.Stat(sampleFile); err != nil {
		t.Skip("shared sample not found:", err)
	}
	out, _, err := runCmd(t, "", "rank", "--format", "json", "--bootstrap", "50", "--seed", "7", sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &top); err != nil {
		t.Fatal(err)
	}
	if keys := sortedKeys(top); !reflect.DeepEqual(keys, []string{"battles", "method", "models"}) {
		t.Fatalf("top-level keys %v", keys)
	}
	var lb struct {
		Method  string
		Battles int
		Models  []map[string]any
	}
	json.Unmarshal([]byte(out), &lb)
	if lb.Method != "bt" || lb.Battles != 3000 || len(lb.Models) != 12 {
		t.Fatalf("method %q battles %d models %d", lb.Method, lb.Battles, len(lb.Models))
	}
	want := []string{"battles", "ci_lower", "ci_upper", "losses", "model", "rank", "rating", "ties", "wins"}
	prev := 1e9
	total := 0.0
	for i, m := range lb.Models {
		if keys := sortedKeys(m); !reflect.DeepEqual(keys, want) {
			t.Fatalf("model %d keys %v", i, keys)
		}
		r := m["rating"].(float64)
		if r > prev {
			t.Errorf("not sorted by rating at %d", i)
		}
		prev = r
		if !(m["ci_lower"].(float64) <= r && r <= m["ci_upper"].(float64)) {
			t.Errorf("%v: rating outside its interval", m["model"])
		}
		if m["wins"].(float64)+m["losses"].(float64)+m["ties"].(float64) != m["battles"].(float64) {
			t.Errorf("%v: wins+losses+ties != battles", m["model"])
		}
		total += m["battles"].(float64)
	}
	if total != 6000 {
		t.Errorf("battles per model sum to %v, want 6000", total)
	}
	if lb.Models[0]["model"] != "gemini-2.5-pro" || lb.Models[0]["rating"] != 1117.15 || lb.Models[0]["rank"] != 1.0 {
		t.Errorf("top model %v", lb.Models[0])
	}
	// --ci none: the interval fields are present and null.
	out, _, err = runCmd(t, "", "rank", "--format", "json", "--ci", "none", sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	var none struct{ Models []map[string]any }
	json.Unmarshal([]byte(out), &none)
	if v, ok := none.Models[0]["ci_lower"]; !ok || v != nil {
		t.Errorf("ci_lower with --ci none: %v, %v", v, ok)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	var k []string
	for x := range m {
		k = append(k, x)
	}
	sort.Strings(k)
	return k
}

func TestRankFormatsAndOptions(t *testing.T) {
	if _, err := os.Stat(sampleFile); err != nil {
		t.Skip("shared sample not found:", err)
	}
	out, _, err := runCmd(t, "", "rank", "--format", "csv", "--ci", "sandwich", "--anchor", "gemini-2.5-pro=1300", sampleFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 13 || !strings.HasPrefix(lines[1], "1,gemini-2.5-pro,1300,1300,1300,") {
		t.Fatalf("csv:\n%s", out)
	}
	out, _, err = runCmd(t, "", "rank", "--method", "elo", "--bootstrap", "10", sampleFile)
	if err != nil || !strings.Contains(out, "Online Elo, 3000 battles") {
		t.Fatalf("elo: %v\n%s", err, out)
	}
	data, _ := os.ReadFile(sampleFile)
	out, _, err = runCmd(t, string(data), "rank", "--exclude-ties", "--min-battles", "420", "--bootstrap", "0", "-")
	if err != nil || strings.Contains(out, "claude-3-7-sonnet-20250219 ") || strings.Contains(out, "95% CI") {
		t.Fatalf("stdin/exclude-ties/min-battles: %v\n%s", err, out)
	}
	_, _, err = runCmd(t, "", "rank", "--category", "math", sampleFile)
	if err == nil || !strings.Contains(err.Error(), `no battles tagged "math"`) {
		t.Errorf("category on untagged data: %v", err)
	}
	_, _, err = runCmd(t, "", "rank", "--style-control", sampleFile)
	if err == nil || !strings.Contains(err.Error(), "style control needs battles with style features") {
		t.Errorf("style control without features: %v", err)
	}
}

func TestRankErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "battles.jsonl")
	os.WriteFile(bad, []byte(`{"model_a": "a", "model_b": "b", "winner": "model_a"}`+"\n"+`{"model_a": "a", "model_b": "b", "winner": "foo"}`+"\n"+`{"model_a": "b", "model_b": "a", "winner": "model_a"}`+"\n"), 0o644)
	_, _, err := runCmd(t, "", "rank", bad)
	if err == nil || !strings.Contains(err.Error(), `battles.jsonl:2: field "winner": "foo" is not one of model_a, model_b, tie, both_bad`) {
		t.Errorf("bad winner: %v", err)
	}
	out, stderr, err := runCmd(t, "", "rank", "--skip-bad", "--bootstrap", "0", bad)
	if err != nil || !strings.Contains(stderr, "skipped 1 malformed record") || !strings.Contains(out, "2 battles") {
		t.Errorf("skip-bad: %v\n%s\n%s", err, stderr, out)
	}
	_, stderr, err = runCmd(t, "", "rank", "-h")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "Usage: arena rank") || !strings.Contains(stderr, "-bootstrap") {
		t.Errorf("-h: %v\n%s", err, stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"rank"}, "no battle files"},
		{[]string{"rank", "--db", "no-such-arena.db"}, "no such file"},
		{[]string{"rank", "--method", "glicko", bad}, "unknown --method"},
		{[]string{"rank", "--ci", "magic", bad}, "unknown interval kind"},
		{[]string{"rank", "--ci", "bootstrap", "--bootstrap", "0", bad}, "needs --bootstrap N"},
		{[]string{"rank", "--anchor", "a", bad}, "want MODEL=SCORE"},
		{[]string{"rank", "--format", "xml", bad}, "unknown --format"},
		{[]string{"rank", filepath.Join(dir, "missing.jsonl")}, "no such file"},
	} {
		if _, _, err := runCmd(t, "", c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}

func TestGenBattlesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file, truth := filepath.Join(dir, "b.jsonl"), filepath.Join(dir, "truth.tsv")
	if _, _, err := runCmd(t, "", "gen-battles", "--models", "6", "--battles", "30000", "--seed", "3", "--out", file, "--truth", truth); err != nil {
		t.Fatal(err)
	}
	out, _, err := runCmd(t, "", "rank", "--format", "json", "--ci", "sandwich", file)
	if err != nil {
		t.Fatal(err)
	}
	var lb struct {
		Models []struct {
			Model            string
			Rating           float64
			CILower, CIUpper float64 `json:"-"`
		}
	}
	json.Unmarshal([]byte(out), &lb)
	tsv, _ := os.ReadFile(truth)
	want := map[string]float64{}
	for _, l := range strings.Split(strings.TrimSpace(string(tsv)), "\n")[1:] {
		f := strings.Split(l, "\t")
		var v float64
		json.Unmarshal([]byte(f[1]), &v)
		want[f[0]] = v
	}
	if len(lb.Models) != 6 || len(want) != 6 {
		t.Fatalf("%d models, %d true ratings", len(lb.Models), len(want))
	}
	for _, m := range lb.Models {
		if d := m.Rating - want[m.Model]; d > 25 || d < -25 {
			t.Errorf("%s: %.1f, true %.1f", m.Model, m.Rating, want[m.Model])
		}
	}
}

// The table pads every row to the longest model name: a name of megabytes made each row
// that long, and the run took minutes. Names are cut to a fixed width in the table (the
// JSON and CSV keep them whole), and a control character cannot break its columns.
func TestRankTableCapsModelNames(t *testing.T) {
	huge := strings.Repeat("m", 4<<20)
	var b strings.Builder
	for i, p := range [][2]string{{huge, "gpt-x"}, {"gpt-x", "evil\tname\n"}, {"evil\tname\n", huge}} {
		for j := 0; j < 5; j++ {
			rec, _ := json.Marshal(map[string]string{"model_a": p[0], "model_b": p[1], "winner": []string{"model_a", "model_b", "tie"}[(i+j)%3]})
			b.Write(append(rec, '\n'))
		}
	}
	out, _, err := runCmd(t, b.String(), "rank", "--bootstrap", "0", "-")
	if err != nil {
		t.Fatal(err)
	}
	if len(out) > 4096 {
		t.Fatalf("the table is %d bytes for three models; first line %.200q", len(out), out)
	}
	if !strings.Contains(out, strings.Repeat("m", 59)+"…") || strings.Contains(out, strings.Repeat("m", 61)) {
		t.Errorf("the huge name is not cut to 60 characters:\n%s", out)
	}
	if strings.Contains(out, "evil\t") || !strings.Contains(out, "evil") {
		t.Errorf("a tab in a name reached the table:\n%q", out)
	}
	js, _, err := runCmd(t, b.String(), "rank", "--bootstrap", "0", "--format", "json", "-")
	if err != nil || !strings.Contains(js, huge) {
		t.Errorf("the JSON output does not keep the whole name: %v", err)
	}
}
