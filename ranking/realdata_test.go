package ranking

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// realSamplePath is where the tests find the 3,000 real LMArena votes: beside the
// repository, as CI and the main checkout have it. A git worktree kept elsewhere has no
// such neighbour, so ARENA_SHARED_DATA may name the data directory instead; without
// either the tests that need the votes skip.
func realSamplePath() string {
	const name = "arena-140k-sample-3000.jsonl"
	p := filepath.Join("..", "..", "shared", "data", name)
	if _, err := os.Stat(p); err != nil {
		if dir := os.Getenv("ARENA_SHARED_DATA"); dir != "" {
			return filepath.Join(dir, name)
		}
	}
	return p
}

// realSample reads the shared sample through a minimal decoder (the dataset package has
// the real reader; ranking must not import it), in file order, or skips the test.
func realSample(t testing.TB) []Battle {
	t.Helper()
	data, err := os.ReadFile(realSamplePath())
	if err != nil {
		t.Skip("shared sample not found:", err)
	}
	var out []Battle
	dec := json.NewDecoder(bytesReader(data))
	for dec.More() {
		var r struct {
			ModelA string  `json:"model_a"`
			ModelB string  `json:"model_b"`
			Winner string  `json:"winner"`
			Tstamp float64 `json:"tstamp"`
		}
		if err := dec.Decode(&r); err != nil {
			t.Fatal(err)
		}
		o, err := ParseOutcome(r.Winner)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, Battle{ModelA: r.ModelA, ModelB: r.ModelB, Outcome: o, Time: r.Tstamp})
	}
	return out
}
