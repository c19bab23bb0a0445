package main

import (
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/ranking"
)

// truncatedGzip writes a battles log as gzip cut short after a whole line (where the
// compressor was flushed), so it decompresses to whole lines and then stops.
func truncatedGzip(t *testing.T) string {
	t.Helper()
	var log bytes.Buffer
	ranking.Synthesize(ranking.SynthOptions{Models: 6, Battles: 4000, Seed: 3}, func(b ranking.Battle) error {
		log.Write(ranking.AppendCleanBattle(nil, b))
		return nil
	})
	data := log.Bytes()
	half := bytes.IndexByte(data[len(data)/2:], '\n') + len(data)/2 + 1
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	zw.Write(data[:half])
	zw.Flush()
	cut := z.Len()
	zw.Write(data[half:])
	zw.Close()
	p := filepath.Join(t.TempDir(), "battles.jsonl.gz")
	if err := os.WriteFile(p, z.Bytes()[:cut], 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRankTruncatedGzipFails(t *testing.T) {
	p := truncatedGzip(t)
	_, _, err := runCmd(t, "", "rank", "--bootstrap", "0", p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("rank of a truncated gzip: error %v, want one naming the file and saying it is truncated", err)
	}
}

func TestImportTruncatedGzipFails(t *testing.T) {
	p := truncatedGzip(t)
	db := filepath.Join(t.TempDir(), "arena.db")
	_, _, err := runDatasetCmd(t, "import", "--db", db, p)
	if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), "truncated") {
		t.Fatalf("import of a truncated gzip: error %v, want one naming the file and saying it is truncated", err)
	}
}

// TestRankCSVDefusesFormulas ranks battles between models named like spreadsheet
// formulas: their cells gain a leading quote, and ratings (some negative) do not.
func TestRankCSVDefusesFormulas(t *testing.T) {
	var in strings.Builder
	for i := range 40 {
		w := []string{"model_a", "model_b", "tie"}[i%3]
		in.WriteString(`{"model_a":"=HYPERLINK(\"http://x\")","model_b":"@SUM(1)","winner":"` + w + `"}` + "\n")
		in.WriteString(`{"model_a":"@SUM(1)","model_b":"plain","winner":"model_b"}` + "\n")
	}
	out, _, err := runCmd(t, in.String(), "rank", "--format", "csv", "--bootstrap", "0", "-")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range recs[1:] {
		seen[r[1]] = true
		if _, err := strconv.ParseFloat(r[2], 64); err != nil {
			t.Errorf("rating %q is not a number", r[2])
		}
	}
	for _, m := range []string{`'=HYPERLINK("http://x")`, "'@SUM(1)", "plain"} {
		if !seen[m] {
			t.Errorf("no row for %q in\n%s", m, out)
		}
	}
}
