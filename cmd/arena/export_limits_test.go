package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestExportRefusesOversizedModelFilter: a --models list too large for the database is
// refused before anything is written, so no half-written file is left behind.
func TestExportRefusesOversizedModelFilter(t *testing.T) {
	dir := t.TempDir()
	names := make([]string, 20000)
	for i := range names {
		names[i] = "model-" + strconv.Itoa(i)
	}
	out := filepath.Join(dir, "out.jsonl")
	stdout, _, err := runDatasetCmd(t, "export", "--db", filepath.Join(dir, "arena.db"), "--out", out, "--models", strings.Join(names, ","))
	if err == nil || !strings.Contains(err.Error(), "--models: The filter names 20000 models; at most 200 models may be named") {
		t.Fatalf("err = %v, want the --models cap", err)
	}
	if stdout != "" {
		t.Errorf("wrote %d bytes to stdout", len(stdout))
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the output file was created: %v", err)
	}
}
