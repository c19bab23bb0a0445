package dataset

import (
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// benchDB opens the database at $ARENA_BENCH_DB, filling it first, if it has no battles,
// with $ARENA_BENCH_ROWS (default 20,000) voted battles between 50 models with
// Markdown answers of about 1 KB a side. Example, for a million battles:
//
//	ARENA_BENCH_DB=/tmp/bench.db ARENA_BENCH_ROWS=1000000 go test -run XXX -bench 'Export' -benchtime 1x ./arena/dataset
func benchDB(b *testing.B) *sqlstore.DB {
	ctx := context.Background()
	path := os.Getenv("ARENA_BENCH_DB")
	if path == "" {
		path = b.TempDir() + "/bench.db"
	}
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	if n, _ := db.CountExportRows(ctx, Filter{Internal: true}); n > 0 {
		return db
	}
	rows := 20000
	if s := os.Getenv("ARENA_BENCH_ROWS"); s != "" {
		rows, _ = strconv.Atoi(s)
	}
	im, err := db.BeginImport(ctx, "bench", path)
	if err != nil {
		b.Fatal(err)
	}
	answer := func(i int, side string) string {
		return fmt.Sprintf("## Answer %s%d\n\nHere is what I think about **question %d**: the result depends on a few things.\n\n"+
			"- first, the context you gave, which matters a lot for the answer\n- second, the numbers: %d and %d\n- third, the constraints\n\n"+
			"```python\ndef solve(n):\n    return sum(range(n))  # %d\n```\n\nIn short, the answer is %d. Contact support@example.com or call 555-123-4567 "+
			"if anything is unclear; I am happy to explain each step of the reasoning in more detail, with examples and references.\n",
			side, i, i, i*7, i*13, i, i*3)
	}
	t0 := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	winners := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerBothBad, arena.WinnerA, arena.WinnerB}
	for i := range rows {
		bt := arena.ImportedBattle{
			ExternalID: strconv.Itoa(i), ModelA: fmt.Sprintf("model-%02d", i%50), ModelB: fmt.Sprintf("model-%02d", (i+1+i%7)%50),
			Winner: winners[i%len(winners)], VotedAt: t0.Add(time.Duration(i) * 100 * time.Millisecond),
			Turns:    []arena.ExportTurn{{Prompt: fmt.Sprintf("Question %d: how would you solve this problem in Python, step by step?", i), AnswerA: answer(i, "a"), AnswerB: answer(i, "b")}},
			Category: []string{"code"}, Reasons: []string{"more accurate"},
		}
		if err := im.Add(ctx, &bt); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		b.Fatal(err)
	}
	// Make them the arena's own battles, so judge hashes are computed as for real votes.
	if err := db.Exec(ctx, `UPDATE battles SET source = ''`); err != nil {
		b.Fatal(err)
	}
	return db
}

func benchExport(b *testing.B, format string) {
	db := benchDB(b)
	ctx := context.Background()
	b.ResetTimer()
	var n int64
	start := time.Now()
	for b.Loop() {
		var err error
		if n, err = Export(ctx, db, format, Filter{Internal: true}, io.Discard, ExportOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/time.Since(start).Seconds(), "rows/s")
}

func BenchmarkExportJSONL(b *testing.B)   { benchExport(b, FormatNameJSONL) }
func BenchmarkExportParquet(b *testing.B) { benchExport(b, FormatNameParquet) }
func BenchmarkExportCSV(b *testing.B)     { benchExport(b, FormatNameCSV) }
