package rewards

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/arena-dev/arena/arena"
)

func testPolicy() Policy {
	p := DefaultPolicy()
	p.Seed = "test-seed"
	p.Tiers = map[Tier]Range{TierLow: {1, 3}, TierMiddle: {5, 10}, TierHigh: {100, 100}}
	p.DailyCap, p.DailyDecay = 50, 0.5
	p.WeeklyCap, p.WeeklyDecay = 200, 0.1
	return p
}

func TestDefaultPolicy(t *testing.T) {
	p := DefaultPolicy()
	if err := p.Validate(); err != nil {
		t.Fatal(err)
	}
	if p.UnitsPerPoint.String() != "1000000000000000000" || p.SignUpBonus != 50 {
		t.Fatalf("defaults changed: %+v", p)
	}
	// The embedded file and MarshalJSON agree.
	out, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParsePolicy(out)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(back) != fmt.Sprint(p) {
		t.Fatalf("round trip: %v != %v", back, p)
	}
}

func TestRewardDeterministic(t *testing.T) {
	p := testPolicy()
	secret := bytes.Repeat([]byte{7}, SecretSize)
	for i := range 5 {
		key := fmt.Sprintf("battle%d", i)
		w := p.Reward(TierMiddle, 0, 0, Draw(secret, key))
		for range 3 {
			if got := p.Reward(TierMiddle, 0, 0, Draw(secret, key)); got != w {
				t.Fatalf("%s: %d then %d", key, w, got)
			}
		}
	}
	// Pinned values, so an accidental change to the draw shows up: secret 0x00..0x1f.
	secret = make([]byte, SecretSize)
	for i := range secret {
		secret[i] = byte(i)
	}
	if got := fmt.Sprintf("%016x %d %d", Draw(secret, "abcdefghijklmnop"), p.Reward(TierMiddle, 0, 0, Draw(secret, "abcdefghijklmnop")),
		p.Reward(TierLow, 0, 0, Draw(secret, "battle-1"))); got != pinnedDraws {
		t.Fatalf("pinned draws: %s, want %s", got, pinnedDraws)
	}
	if got := Commitment(secret).Hex(); got != pinnedCommitment {
		t.Fatalf("commitment %s, want %s", got, pinnedCommitment)
	}
	// Another secret gives another sequence.
	other := bytes.Repeat([]byte{8}, SecretSize)
	same := true
	for i := range 20 {
		key := fmt.Sprintf("battle%d", i)
		if p.Reward(TierMiddle, 0, 0, Draw(secret, key)) != p.Reward(TierMiddle, 0, 0, Draw(other, key)) {
			same = false
		}
	}
	if same {
		t.Fatal("the secret does not change the draw")
	}
}

// Checked independently with Python's hmac and hashlib:
// hmac.new(bytes(range(32)), b"abcdefghijklmnop", hashlib.sha256).digest()[:8].
const (
	pinnedDraws      = "86b1a7a785f7319a 9 2"
	pinnedCommitment = "0x630dcd2966c4336691125448bbb25b4ff412a49c732db2c8abc1b8581bd710dd"
)

func TestRewardRangeAndCaps(t *testing.T) {
	p := testPolicy()
	seen := map[int64]bool{}
	secret := bytes.Repeat([]byte{1}, SecretSize)
	for i := range 2000 {
		key := Draw(secret, fmt.Sprintf("battle%d", i))
		r := p.Reward(TierMiddle, 0, 0, key)
		if r < 5 || r > 10 {
			t.Fatalf("reward %d outside 5..10", r)
		}
		seen[r] = true
		// Past the daily cap: halved, rounded down. Past the weekly cap too: ×0.05.
		if got, want := p.Reward(TierMiddle, 50, 50, key), r/2; got != want {
			t.Fatalf("past daily cap: %d, want %d", got, want)
		}
		if got, want := p.Reward(TierMiddle, 49, 200, key), int64(float64(r)*0.1); got != want {
			t.Fatalf("past weekly cap: %d, want %d", got, want)
		}
	}
	if len(seen) != 6 {
		t.Fatalf("drew %d distinct values of 6", len(seen))
	}
	if got := p.Reward(TierHigh, 50, 200, 1); got != 5 { // 100 × 0.5 × 0.1
		t.Fatalf("both caps: %d, want 5", got)
	}
	if got := p.Reward(Tier("legendary"), 0, 0, 1); got != 0 {
		t.Fatalf("unknown tier earned %d", got)
	}
	p.DailyCap, p.WeeklyCap = 0, 0 // no caps
	if got := p.Reward(TierHigh, 1e9, 1e9, 1); got != 100 {
		t.Fatalf("uncapped: %d", got)
	}
}

func TestTokenUnits(t *testing.T) {
	p := DefaultPolicy()
	want, _ := new(big.Int).SetString("12000000000000000000", 10)
	if got := p.TokenUnits(12); got.Cmp(want) != 0 {
		t.Fatalf("12 points = %s units", got)
	}
	// Large totals do not overflow.
	p.UnitsPerPoint = new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil)
	if got := p.TokenUnits(1 << 62); got.BitLen() < 150 {
		t.Fatalf("overflowed: %s", got)
	}
}

func TestLoadPolicy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "policy.json")
	if err := os.WriteFile(path, []byte(`{"signup_bonus": 7, "tiers": {"high": {"min": 30, "max": 40}}, "token_units_per_point": "1000"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := LoadPolicy(path)
	if err != nil {
		t.Fatal(err)
	}
	def := DefaultPolicy()
	if p.SignUpBonus != 7 || p.Tiers[TierHigh] != (Range{30, 40}) || p.Tiers[TierLow] != def.Tiers[TierLow] ||
		p.UnitsPerPoint.Int64() != 1000 || p.DailyCap != def.DailyCap {
		t.Fatalf("loaded %+v", p)
	}
	if _, err := LoadPolicy(filepath.Join(dir, "missing.json")); err == nil {
		t.Fatal("missing file accepted")
	}
	for name, body := range map[string]string{
		"unknown field":   `{"dialy_cap": 3}`,
		"unknown tier":    `{"tiers": {"epic": {"min": 1, "max": 2}}}`,
		"min above max":   `{"tiers": {"low": {"min": 5, "max": 2}}}`,
		"negative cap":    `{"daily_cap": -1}`,
		"decay above one": `{"weekly_decay": 1.5}`,
		"zero rate":       `{"token_units_per_point": "0"}`,
		"bad rate":        `{"token_units_per_point": "1e18"}`,
		"not json":        `daily_cap = 3`,
		"trailing":        `{} {}`,
	} {
		if _, err := ParsePolicy([]byte(body)); arena.ErrorCode(err) != arena.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", name, err)
		}
	}
	if _, err := ParseTier(" High "); err != nil {
		t.Fatal(err)
	}
	if _, err := ParseTier("epic"); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatal("ParseTier accepted epic")
	}
}
