package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/ranking"
)

func runDatasetCmd(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	err = Run(context.Background(), env, args)
	return out.String(), errb.String(), err
}

// TestExportImportCommands imports a clean_battle log, exports it in every format and
// as a release, and re-imports it.
func TestExportImportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	var log bytes.Buffer
	ranking.Synthesize(ranking.SynthOptions{Models: 4, Battles: 200, Seed: 9}, func(b ranking.Battle) error {
		log.Write(ranking.AppendCleanBattle(nil, b))
		return nil
	})
	logPath := filepath.Join(dir, "clean_battle.jsonl")
	os.WriteFile(logPath, log.Bytes(), 0o644)
	_, stderr, err := runDatasetCmd(t, "import", "--db", db, logPath)
	if err != nil || !strings.Contains(stderr, "read 200 battles, added 200, 0 already imported") {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	_, stderr, err = runDatasetCmd(t, "import", "--db", db, logPath)
	if err != nil || !strings.Contains(stderr, "added 0, 200 already imported") {
		t.Fatalf("re-import: %v\n%s", err, stderr)
	}
	out, stderr, err := runDatasetCmd(t, "export", "--db", db, "--format", "jsonl", "--since", "2025-04-18", "--until", "2030-01-01")
	if err != nil || strings.Count(out, "\n") != 200 || !strings.Contains(stderr, "exported 200 rows") {
		t.Fatalf("export jsonl: %v\n%s", err, stderr)
	}
	if n := strings.Count(out, `"source":"imported:lmarena","anony":true,`); n != 200 {
		t.Errorf("%d of 200 rows say they were imported from lmarena (the default --source)", n)
	}
	csvPath := filepath.Join(dir, "out.csv")
	if _, stderr, err := runDatasetCmd(t, "export", "--db", db, "--format", "csv", "--out", csvPath, "--exclude-ties"); err != nil {
		t.Fatalf("export csv: %v\n%s", err, stderr)
	}
	if b, _ := os.ReadFile(csvPath); !bytes.HasPrefix(b, []byte("id,model_a,model_b,prompt")) {
		t.Errorf("csv: %.100s", b)
	}
	rel := filepath.Join(dir, "releases")
	if _, stderr, err := runDatasetCmd(t, "export", "--db", db, "--release", "v1", "--out", rel); err != nil || !strings.Contains(stderr, "wrote release v1") {
		t.Fatalf("release: %v\n%s", err, stderr)
	}
	rs, err := dataset.ListReleases(rel)
	if err != nil || len(rs) != 1 || rs[0].Battles != 200 {
		t.Fatalf("releases: %+v %v", rs, err)
	}
	if err := dataset.VerifyRelease(&rs[0]); err != nil {
		t.Error(err)
	}
	// The database keeps a record of what the release held.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var recorded, held int64
	raw.QueryRow(`SELECT battles FROM releases WHERE name = 'v1'`).Scan(&recorded)
	raw.QueryRow(`SELECT COUNT(*) FROM release_battles`).Scan(&held)
	if recorded != 200 || held != 200 {
		t.Errorf("release record: %d battles, %d rows; want 200", recorded, held)
	}
	// --all writes an internal release, and says so.
	if _, stderr, err := runDatasetCmd(t, "export", "--db", db, "--release", "v1-internal", "--all", "--out", rel); err != nil || !strings.Contains(stderr, "INTERNAL") {
		t.Fatalf("internal release: %v\n%s", err, stderr)
	}
	// Errors people can act on.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"export", "--db", db, "--format", "xml"}, `Unknown export format "xml"`},
		{[]string{"export", "--db", db, "--since", "yesterday"}, "--since"},
		{[]string{"export", "--db", db, "--release", "v1", "--out", rel}, `A release named "v1" already exists`},
		{[]string{"export", "--db", db, "--release", "v2"}, "--release needs --out DIR"},
		{[]string{"import", "--db", db}, "at least one file"},
	} {
		if _, _, err := runDatasetCmd(t, c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"model_a":"x","model_b":"y","winner":"model_a"}`+"\n"+`{"model_a":"x"`+"\n"), 0o644)
	if _, _, err := runDatasetCmd(t, "import", "--db", db, bad); err == nil || !strings.Contains(err.Error(), "bad.jsonl:2") {
		t.Errorf("malformed import: %v", err)
	}
}

// TestExportContentForms: an arena's battles with conversations, exported as jsonl and
// parquet with 140k's typed parts and with 100k's strings, import into another arena
// and rank with arena rank (with --dedup, which reads the prompts), whichever the form.
func TestExportContentForms(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	var src bytes.Buffer
	for i := range 60 {
		fmt.Fprintf(&src, `{"id":"b%d","model_a":"m%d","model_b":"m%d","winner":"%s","tstamp":%d,"conversation_a":[{"role":"user","content":"q%d"},{"role":"assistant","content":"## a%d"}],"conversation_b":[{"role":"user","content":"q%d"},{"role":"assistant","content":"b%d"}]}`+"\n",
			i, i%3, (i+1)%3, []string{"model_a", "model_b", "tie"}[i%3], 1750000000+i, i%7, i, i%7, i)
	}
	srcPath := filepath.Join(dir, "src.jsonl")
	os.WriteFile(srcPath, src.Bytes(), 0o644)
	if _, stderr, err := runDatasetCmd(t, "import", "--db", db, srcPath); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	for _, format := range []string{"jsonl", "parquet"} {
		for _, content := range []string{"parts", "string"} {
			out := filepath.Join(dir, "export-"+content+"."+format)
			if _, stderr, err := runDatasetCmd(t, "export", "--db", db, "--all", "--format", format, "--content", content, "--out", out); err != nil {
				t.Fatalf("export %s %s: %v\n%s", format, content, err, stderr)
			}
			if format == "jsonl" {
				b, _ := os.ReadFile(out)
				want := map[string]string{"parts": `"content":[{"type":"text","text":"q0"`, "string": `"content":"q0"`}[content]
				if !bytes.Contains(b, []byte(want)) {
					t.Errorf("%s %s: no %s in %.300s", format, content, want, b)
				}
			}
			dst := filepath.Join(dir, "dst-"+content+"-"+format+".db")
			if _, stderr, err := runDatasetCmd(t, "import", "--db", dst, out); err != nil || !strings.Contains(stderr, "added 60") {
				t.Fatalf("import %s %s: %v\n%s", format, content, err, stderr)
			}
			rank, stderr, err := runDatasetCmd(t, "rank", "--format", "json", "--ci", "none", "--dedup", out)
			if err != nil || !strings.Contains(rank, `"m0"`) || !strings.Contains(rank, `"battles": 60`) {
				t.Errorf("rank %s %s: %v\n%s\n%.400s", format, content, err, stderr, rank)
			}
		}
	}
	if _, _, err := runDatasetCmd(t, "export", "--db", db, "--content", "html"); err == nil || !strings.Contains(err.Error(), "--content: Unknown content form") {
		t.Errorf("--content html: %v", err)
	}
}
