package sqlstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite"
)

// BenchmarkVoteLog measures the vote log on SQLite at a million leaves (or
// ARENA_BENCH_LOG_LEAVES): appending one leaf in its own transaction, as a vote does,
// and the inclusion and consistency proofs a receipt check asks for.
//
//	go test -run '^$' -bench BenchmarkVoteLog -benchtime 2000x ./arena/sqlstore
func BenchmarkVoteLog(b *testing.B) {
	ctx := context.Background()
	n := 1 << 20
	if v, err := strconv.Atoi(os.Getenv("ARENA_BENCH_LOG_LEAVES")); err == nil && v > 0 {
		n = v
	}
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "arena.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	leaf := func(i int) arena.LogLeaf {
		return arena.LogLeaf{Event: arena.LogCount, BattleID: fmt.Sprintf("b%08d", i), ModelA: "model-alpha", ModelB: "model-beta",
			Winner: arena.WinnerA, VotedAt: at, At: at}
	}
	start := time.Now()
	const batch = 10000
	for i := 0; i < n; i += batch {
		leaves := make([]arena.LogLeaf, 0, batch)
		for j := i; j < min(i+batch, n); j++ {
			leaves = append(leaves, leaf(j))
		}
		if err := db.AppendLog(ctx, leaves); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("filled %d leaves in %s", n, time.Since(start).Round(time.Millisecond))
	size := uint64(n)
	b.Run("append", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			if err := db.AppendLog(ctx, []arena.LogLeaf{leaf(n + i)}); err != nil {
				b.Fatal(err)
			}
		}
	})
	r := rand.New(rand.NewPCG(1, 2))
	b.Run("inclusion", func(b *testing.B) {
		for b.Loop() {
			p, err := db.LogInclusion(ctx, r.Uint64N(size), size)
			if err != nil || p.Verify() != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("consistency", func(b *testing.B) {
		for b.Loop() {
			p, err := db.LogConsistency(ctx, 1+r.Uint64N(size-1), size)
			if err != nil || p.Verify() != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("root", func(b *testing.B) {
		for b.Loop() {
			if _, err := db.LogRoot(ctx, 1+r.Uint64N(size-1)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
