package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/sqlite"
)

// BenchmarkSybilScanHour measures the hourly Sybil scan at 100,000 votes an hour: the
// window is seeded with that traffic, then each iteration casts one more hour of votes
// (not timed) and times the scan, which adds that hour to the stored sums and takes the
// hour that left the window out of them. ARENA_BENCH_SYBIL_HOURS sets the window (24
// hours unless set; 720 is the production 30 days, and takes long to seed):
//
//	ARENA_BENCH_SYBIL_HOURS=6 go test -run '^$' -bench SybilScanHour -benchtime 3x -timeout 60m ./arena/sqlstore
func BenchmarkSybilScanHour(b *testing.B) {
	const perHour, users, models = 100_000, 20_000, 20
	hours := 24
	if h, err := strconv.Atoi(os.Getenv("ARENA_BENCH_SYBIL_HOURS")); err == nil && h > 0 {
		hours = h
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "arena.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	exec := func(q string, args ...any) {
		b.Helper()
		if err := db.Exec(ctx, q, args...); err != nil {
			b.Fatalf("%s: %v", q, err)
		}
	}
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		INSERT INTO models (id, name, provider, created_at, updated_at) SELECT i, 'model-' || i, 'external', 0, 0 FROM s`, models)
	exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		INSERT INTO users (id, role, is_guest, created_at) SELECT i, 'user', 1, ? FROM s`, users, start.UnixMilli())
	// One device each, and one address for every ten accounts (a campus, a carrier NAT).
	exec(`WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < ?)
		INSERT INTO user_devices (user_id, device, ip, first_seen, last_seen) SELECT i, 'device-' || i, 'ip-' || (i / 10), ?, ?
		FROM s`, users, start.UnixMilli(), start.Add(time.Duration(hours+1_000)*time.Hour).UnixMilli())
	// hour casts the votes of the hour'th hour, evenly spread, in pseudo-random battles.
	hour := func(h int) {
		b.Helper()
		exec(`WITH RECURSIVE s(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM s WHERE i < ?)
			INSERT INTO battles (id, user_id, model_a, model_b, status, created_at, updated_at)
			SELECT 'b' || i, 1 + (i * 7919) % ?, 1 + (i * 31) % ?, 1 + ((i * 31) % ? + 1 + (i * 17) % (? - 1)) % ?, 'voted', ? + (i % ?) * ?, 0 FROM s`,
			h*perHour, (h+1)*perHour-1, users, models, models, models, models, start.Add(time.Duration(h)*time.Hour).UnixMilli(), perHour, 36)
		exec(`INSERT INTO votes (battle_id, user_id, winner, points, created_at)
			SELECT id, user_id, CASE (created_at / 36 + user_id) % 5 WHEN 0 THEN 'tie' WHEN 1 THEN 'model_b' WHEN 2 THEN 'model_b' ELSE 'model_a' END, 0, created_at
			FROM battles WHERE created_at >= ? AND created_at < ?`,
			start.Add(time.Duration(h)*time.Hour).UnixMilli(), start.Add(time.Duration(h+1)*time.Hour).UnixMilli())
	}
	for h := range hours {
		hour(h)
	}
	clock := arenatest.NewClock(start.Add(time.Duration(hours) * time.Hour))
	d := &arena.SybilDetector{Store: db, Clock: clock, Window: time.Duration(hours) * time.Hour}
	// The first scan builds the sums from the whole window, once.
	if _, err := d.Evidence(ctx); err != nil {
		b.Fatal(err)
	}
	// The window is seeded once, here; the scans run in a sub-benchmark, which the
	// testing package calls more than once (one iteration first, then b.N).
	next := hours
	b.Run("hour", func(b *testing.B) {
		// On a machine shared with other work the wall time says more about the others;
		// the process's CPU time per scan is reported beside it.
		var cpu time.Duration
		b.ResetTimer()
		for range b.N {
			b.StopTimer()
			hour(next)
			next++
			clock.Add(time.Hour)
			before := arenatest.CPUTime()
			b.StartTimer()
			if _, err := d.Evidence(ctx); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			cpu += arenatest.CPUTime() - before
		}
		b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
		ts, err := db.SybilTallies(ctx, clock.Now().Add(-d.Window), clock.Now())
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(ts)), "tallies")
		b.ReportMetric(perHour, "votes/hour")
	})
}
