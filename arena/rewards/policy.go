package rewards

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"os"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// Tier is how much a vote is worth, judged by the caller (e.g. a vote with a reason and a
// real read of both answers is high; a quick tie is low).
type Tier string

// The quality tiers.
const (
	TierLow    Tier = "low"
	TierMiddle Tier = "middle"
	TierHigh   Tier = "high"
)

// Tiers lists the tiers from lowest to highest.
var Tiers = []Tier{TierLow, TierMiddle, TierHigh}

// Range is an inclusive range of points.
type Range struct {
	Min int64 `json:"min"`
	Max int64 `json:"max"`
}

// Policy says how many points a vote earns and what a point is worth in token units.
// It is read from a JSON file (see policy.json for the defaults and field names).
type Policy struct {
	// Seed keyed the draw of votes recorded before draw epochs (migration 0017): their
	// bits were the first 8 bytes of SHA-256(Seed || 0x00 || battle id), which anyone
	// could compute before voting. New votes draw with their epoch's secret (see Draw);
	// the field stays so that policy files, and the record of how old votes were drawn,
	// remain valid.
	Seed string
	// Tiers gives each tier's range; a vote's reward is drawn uniformly within it.
	Tiers map[Tier]Range
	// RaterTiers replaces, for a rater tier (arena.RaterNew, RaterTrusted, RaterExpert),
	// some or all of the ranges in Tiers: a rater's record sets the reward range of
	// their votes. A rater tier left out uses Tiers.
	RaterTiers map[string]map[Tier]Range
	// Once a user has earned DailyCap points today, rewards are multiplied by DailyDecay;
	// once they have earned WeeklyCap this week, also by WeeklyDecay. A cap of 0 is none.
	DailyCap    int64
	DailyDecay  float64
	WeeklyCap   int64
	WeeklyDecay float64
	// SignUpBonus is the points credited once when an account is created.
	SignUpBonus int64
	// UnitsPerPoint is how many token base units (wei-like, 10^-decimals tokens) one point
	// settles as.
	UnitsPerPoint *big.Int
}

type policyJSON struct {
	Seed          string                    `json:"seed"`
	Tiers         map[Tier]Range            `json:"tiers"`
	RaterTiers    map[string]map[Tier]Range `json:"rater_tiers"`
	DailyCap      int64                     `json:"daily_cap"`
	DailyDecay    float64                   `json:"daily_decay"`
	WeeklyCap     int64                     `json:"weekly_cap"`
	WeeklyDecay   float64                   `json:"weekly_decay"`
	SignUpBonus   int64                     `json:"signup_bonus"`
	UnitsPerPoint string                    `json:"token_units_per_point"`
}

//go:embed policy.json
var defaultPolicyJSON []byte

// DefaultPolicy returns the embedded default policy.
func DefaultPolicy() Policy {
	var p Policy
	if err := p.UnmarshalJSON(defaultPolicyJSON); err != nil {
		panic("rewards: embedded policy.json: " + err.Error())
	}
	if err := p.Validate(); err != nil {
		panic("rewards: embedded policy.json: " + err.Error())
	}
	return p
}

// LoadPolicy reads a policy from a JSON file. Fields the file leaves out keep their
// default values; unknown fields are an error.
func LoadPolicy(path string) (Policy, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Policy{}, fmt.Errorf("reading rewards policy: %w", err)
	}
	return ParsePolicy(data)
}

// ParsePolicy parses a JSON policy over the defaults and validates it. Errors are
// EINVALID.
func ParsePolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	if err := p.UnmarshalJSON(data); err != nil {
		return Policy{}, err
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// UnmarshalJSON decodes a policy strictly (unknown fields are an error) on top of p's
// current values.
func (p *Policy) UnmarshalJSON(data []byte) error {
	j := p.toJSON()
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return arena.Errorf(arena.EINVALID, "Rewards policy: %v", err)
	}
	if dec.More() {
		return arena.Errorf(arena.EINVALID, "Rewards policy: trailing data after the JSON object.")
	}
	units := p.UnitsPerPoint
	if j.UnitsPerPoint != "" {
		u, ok := new(big.Int).SetString(j.UnitsPerPoint, 10)
		if !ok {
			return arena.Errorf(arena.EINVALID, "Rewards policy: token_units_per_point %q is not a decimal integer.", j.UnitsPerPoint)
		}
		units = u
	}
	*p = Policy{
		Seed: j.Seed, Tiers: j.Tiers, RaterTiers: j.RaterTiers,
		DailyCap: j.DailyCap, DailyDecay: j.DailyDecay,
		WeeklyCap: j.WeeklyCap, WeeklyDecay: j.WeeklyDecay,
		SignUpBonus: j.SignUpBonus, UnitsPerPoint: units,
	}
	return nil
}

// MarshalJSON writes the policy in its file format.
func (p Policy) MarshalJSON() ([]byte, error) { return json.Marshal(p.toJSON()) }

func (p *Policy) toJSON() policyJSON {
	j := policyJSON{
		Seed: p.Seed, Tiers: make(map[Tier]Range, len(p.Tiers)),
		DailyCap: p.DailyCap, DailyDecay: p.DailyDecay,
		WeeklyCap: p.WeeklyCap, WeeklyDecay: p.WeeklyDecay,
		SignUpBonus: p.SignUpBonus,
	}
	for t, r := range p.Tiers {
		j.Tiers[t] = r
	}
	if p.RaterTiers != nil {
		j.RaterTiers = make(map[string]map[Tier]Range, len(p.RaterTiers))
		for rt, ranges := range p.RaterTiers {
			j.RaterTiers[rt] = make(map[Tier]Range, len(ranges))
			for t, r := range ranges {
				j.RaterTiers[rt][t] = r
			}
		}
	}
	if p.UnitsPerPoint != nil {
		j.UnitsPerPoint = p.UnitsPerPoint.String()
	}
	return j
}

// Validate checks the policy makes sense. Errors are EINVALID.
func (p Policy) Validate() error {
	bad := func(format string, args ...any) error {
		return arena.Errorf(arena.EINVALID, "Rewards policy: "+format, args...)
	}
	for t := range p.Tiers {
		if !t.Valid() {
			return bad("unknown tier %q (want low, middle or high).", t)
		}
	}
	for _, t := range Tiers {
		r, ok := p.Tiers[t]
		if !ok {
			return bad("tier %q is missing.", t)
		}
		if r.Min < 0 || r.Max < r.Min {
			return bad("tier %q needs 0 <= min <= max, not %d..%d.", t, r.Min, r.Max)
		}
		if r.Max > math.MaxInt32 {
			return bad("tier %q max %d is too large.", t, r.Max)
		}
	}
	for rt, ranges := range p.RaterTiers {
		if rt != arena.RaterNew && rt != arena.RaterTrusted && rt != arena.RaterExpert {
			return bad("unknown rater tier %q (want new, trusted or expert).", rt)
		}
		for t, r := range ranges {
			if !t.Valid() {
				return bad("rater tier %q: unknown tier %q (want low, middle or high).", rt, t)
			}
			if r.Min < 0 || r.Max < r.Min || r.Max > math.MaxInt32 {
				return bad("rater tier %q, tier %q needs 0 <= min <= max, not %d..%d.", rt, t, r.Min, r.Max)
			}
		}
	}
	if p.DailyCap < 0 || p.WeeklyCap < 0 || p.SignUpBonus < 0 {
		return bad("caps and the sign-up bonus may not be negative.")
	}
	for name, d := range map[string]float64{"daily_decay": p.DailyDecay, "weekly_decay": p.WeeklyDecay} {
		if !(d >= 0 && d <= 1) {
			return bad("%s must be between 0 and 1, not %v.", name, d)
		}
	}
	if p.UnitsPerPoint == nil || p.UnitsPerPoint.Sign() <= 0 {
		return bad("token_units_per_point must be a positive integer.")
	}
	return nil
}

// ForRater is the policy a vote of a rater in rater tier raterTier is drawn under: its
// ranges are the rater tier's where RaterTiers sets them.
func (p Policy) ForRater(raterTier string) Policy {
	ranges, ok := p.RaterTiers[raterTier]
	if !ok {
		return p
	}
	tiers := make(map[Tier]Range, len(p.Tiers))
	for t, r := range p.Tiers {
		tiers[t] = r
	}
	for t, r := range ranges {
		tiers[t] = r
	}
	p.Tiers = tiers
	return p
}

// Valid reports whether t is one of the known tiers.
func (t Tier) Valid() bool { return t == TierLow || t == TierMiddle || t == TierHigh }

// ParseTier returns the tier named s, or an EINVALID error.
func ParseTier(s string) (Tier, error) {
	t := Tier(strings.ToLower(strings.TrimSpace(s)))
	if !t.Valid() {
		return "", arena.Errorf(arena.EINVALID, "Unknown reward tier %q.", s)
	}
	return t, nil
}

// Reward returns the points a vote in tier earns for a user who has already earned
// earnedToday points today and earnedThisWeek this week (before this vote), given the
// vote's 64 drawn bits (see Draw): the tier's min plus draw modulo the range's size, so
// uniform within the tier. Past the daily cap it is multiplied by DailyDecay, past the
// weekly cap also by WeeklyDecay, rounding down. An unknown tier earns 0. Reward is a
// pure function. Reducing 64 bits modulo a range of at most 2^31 values biases the draw
// by less than 2^-32, and the rule is ours, so rewards never change with a Go release.
func (p Policy) Reward(tier Tier, earnedToday, earnedThisWeek int64, draw uint64) int64 {
	r, ok := p.Tiers[tier]
	if !ok || !tier.Valid() {
		return 0
	}
	points := r.Min
	if r.Max > r.Min {
		points += int64(draw % uint64(r.Max-r.Min+1))
	}
	factor := 1.0
	if p.DailyCap > 0 && earnedToday >= p.DailyCap {
		factor *= p.DailyDecay
	}
	if p.WeeklyCap > 0 && earnedThisWeek >= p.WeeklyCap {
		factor *= p.WeeklyDecay
	}
	if factor < 1 {
		points = int64(math.Floor(float64(points) * factor))
	}
	return points
}

// TokenUnits converts points to token base units at the policy's rate. Negative points
// (corrections in a ledger) give negative units.
func (p Policy) TokenUnits(points int64) *big.Int {
	return new(big.Int).Mul(big.NewInt(points), p.UnitsPerPoint)
}
