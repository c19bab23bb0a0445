package rewards

import (
	"math/big"
	"math/rand/v2"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// TestSplitSharesExact: the shares always add up to the contributors' part, each is
// within one unit of its exact pro-rata value, and the units left over go to the
// largest remainders, ties to the lower user id.
func TestSplitSharesExact(t *testing.T) {
	got := SplitShares(big.NewInt(10), map[int64]int64{1: 1, 2: 1, 3: 1})
	// 10/3 each: 3.33; one unit left, all remainders equal: user 1 takes it.
	if len(got) != 3 || got[0].Units.Int64() != 4 || got[1].Units.Int64() != 3 || got[2].Units.Int64() != 3 {
		t.Fatalf("three equal contributors of 10: %+v", got)
	}
	got = SplitShares(big.NewInt(7), map[int64]int64{5: 3, 9: 1})
	if len(got) != 2 || got[0].UserID != 5 || got[0].Units.Int64() != 5 || got[1].Units.Int64() != 2 {
		t.Fatalf("7 split 3:1: %+v, want 5 and 2 (1.75's remainder beats 5.25's)", got)
	}
	if got := SplitShares(big.NewInt(1), map[int64]int64{1: 1, 2: 1}); len(got) != 1 || got[0].UserID != 1 {
		t.Fatalf("one unit between two: %+v, want one line for user 1 and none of zero", got)
	}
	if got := SplitShares(big.NewInt(100), map[int64]int64{}); got != nil {
		t.Fatalf("no contributors: %+v", got)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		total := new(big.Int).Mul(big.NewInt(r.Int64N(1e12)), big.NewInt(1e9))
		total.Add(total, big.NewInt(r.Int64N(1e9)))
		battles := map[int64]int64{}
		var all int64
		for range 1 + r.IntN(40) {
			n := 1 + r.Int64N(1000)
			battles[r.Int64N(100)+1] += n
		}
		for _, n := range battles {
			all += n
		}
		sum := new(big.Int)
		for _, s := range SplitShares(total, battles) {
			sum.Add(sum, s.Units)
			exact := new(big.Rat).SetFrac(new(big.Int).Mul(total, big.NewInt(battles[s.UserID])), big.NewInt(all))
			diff := new(big.Rat).Sub(new(big.Rat).SetInt(s.Units), exact)
			if diff.Cmp(big.NewRat(1, 1)) >= 0 || diff.Cmp(big.NewRat(-1, 1)) <= 0 {
				t.Fatalf("user %d got %s, exact %s", s.UserID, s.Units, exact.FloatString(3))
			}
		}
		if sum.Cmp(total) != 0 {
			t.Fatalf("shares add up to %s, want %s", sum, total)
		}
	}
}

type fixedClock struct{ t time.Time }

func (c *fixedClock) Now() time.Time { return c.t }

// TestDownloadLinks: a link opens its release's files until it expires; an expired
// one, one whose release, sale or expiry was changed, one signed by another key and
// one used for another release are refused, each saying why.
func TestDownloadLinks(t *testing.T) {
	clock := &fixedClock{time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}
	s := &Sales{Key: []byte("0123456789abcdef0123456789abcdef"), TTL: time.Hour, Clock: clock}
	link := s.Sign("2026-12", 7)
	if !link.Expires.Equal(clock.t.Add(time.Hour)) {
		t.Fatalf("expires %s", link.Expires)
	}
	q, err := url.ParseQuery(link.Query)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CheckLink("2026-12", q); err != nil {
		t.Fatalf("a fresh link: %v", err)
	}
	want := func(name string, err error, says string) {
		t.Helper()
		if arena.ErrorCode(err) != arena.EFORBIDDEN || !strings.Contains(arena.ErrorMessage(err), says) {
			t.Errorf("%s: %v, want EFORBIDDEN saying %q", name, err, says)
		}
	}
	want("another release", s.CheckLink("2027-01", q), `is for release "2026-12", not "2027-01"`)
	for _, c := range []struct{ key, value string }{{"exp", "99999999999"}, {"sale", "8"}, {"r", "2027-01"}, {"sig", strings.Repeat("0", 64)}, {"sig", "zz"}} {
		bad := url.Values{}
		for k, v := range q {
			bad[k] = v
		}
		bad.Set(c.key, c.value)
		want("tampered "+c.key, s.CheckLink(bad.Get("r"), bad), "signature does not match")
	}
	other := &Sales{Key: []byte("another key of thirty-two bytes!"), Clock: clock}
	want("another arena's key", other.CheckLink("2026-12", q), "signature does not match")
	want("no link", s.CheckLink("2026-12", url.Values{}), "signed link its purchase gives")
	clock.t = clock.t.Add(time.Hour)
	want("expired", s.CheckLink("2026-12", q), "expired at 2026-12-02T11:00:00Z")
}
