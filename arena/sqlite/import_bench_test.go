package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func BenchmarkImportBattles(b *testing.B) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(b.TempDir(), "a.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(ctx, "bench", "x")
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Unix(1745000000, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bt := arena.ImportedBattle{ExternalID: fmt.Sprint(i), ModelA: fmt.Sprintf("m%d", i%100), ModelB: fmt.Sprintf("m%d", (i+1+i%7)%100), Winner: arena.WinnerA, VotedAt: t0.Add(time.Duration(i) * time.Millisecond)}
		if err := im.Add(ctx, &bt); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		b.Fatal(err)
	}
}
