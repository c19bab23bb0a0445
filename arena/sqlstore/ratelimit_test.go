package sqlstore_test

import (
	"context"
	"testing"
	"time"
)

// testRateCounters: Hit adds one and returns the count, Count reads it without adding,
// and windows are apart.
func testRateCounters(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	w := time.Date(2026, 1, 2, 3, 0, 0, 0, time.UTC)
	if n, err := db.Count(ctx, "k", w); err != nil || n != 0 {
		t.Fatalf("Count of nothing = %d, %v", n, err)
	}
	for i := 1; i <= 3; i++ {
		if n, err := db.Hit(ctx, "k", w); err != nil || n != int64(i) {
			t.Fatalf("Hit %d = %d, %v", i, n, err)
		}
	}
	if n, err := db.Count(ctx, "k", w); err != nil || n != 3 {
		t.Fatalf("Count = %d, %v", n, err)
	}
	if n, err := db.Count(ctx, "k", w.Add(15*time.Minute)); err != nil || n != 0 {
		t.Fatalf("Count of the next window = %d, %v", n, err)
	}
}
