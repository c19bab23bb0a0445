package main

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
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
