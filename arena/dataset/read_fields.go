package dataset

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// parseTime reads a timestamp column: RFC 3339, a date and time without a zone (UTC),
// a date, or a number since 1970 in the unit epochSeconds tells.
func parseTime(s string) (float64, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return float64(t.UnixNano()) / 1e9, nil
		}
	}
	if v, err := strconv.ParseFloat(s, 64); err == nil {
		return epochSeconds(v), nil
	}
	return 0, fmt.Errorf("%q is not a time", s)
}

// epochSeconds reads a number of seconds, milliseconds, microseconds or nanoseconds
// since 1970 as seconds, telling the unit by size: below 1e11 it is seconds (1e11 s is
// the year 5138), below 1e14 milliseconds (1e11 ms is March 1973), below 1e17
// microseconds, and nanoseconds above. LMArena's tstamp is seconds, but files carry
// epoch milliseconds in timestamp (JavaScript's Date.now, pandas' to_json), which
// read as seconds put a vote 55,000 years ahead.
func epochSeconds(v float64) float64 {
	switch a := math.Abs(v); {
	case a < 1e11:
		return v
	case a < 1e14:
		return v / 1e3
	case a < 1e17:
		return v / 1e6
	}
	return v / 1e9
}

// outcomeFromFlags reads arena-human-preference-55k's one-hot winner columns.
func outcomeFromFlags(a, b, t string) (ranking.Outcome, error) {
	vals := [3]bool{}
	for k, s := range []string{a, b, t} {
		field := [3]string{"winner_model_a", "winner_model_b", "winner_tie"}[k]
		switch strings.TrimSpace(s) {
		case "1", "1.0", "true", "True":
			vals[k] = true
		case "0", "0.0", "false", "False":
		case "":
			return 0, &fieldError{field, errMissing}
		default:
			return 0, &fieldError{field, fmt.Errorf("%q is not 0 or 1", s)}
		}
	}
	switch vals {
	case [3]bool{true, false, false}:
		return ranking.WinA, nil
	case [3]bool{false, true, false}:
		return ranking.WinB, nil
	case [3]bool{false, false, true}:
		return ranking.Tie, nil
	}
	return 0, &fieldError{"winner_model_a", fmt.Errorf("exactly one of winner_model_a, winner_model_b, winner_tie must be 1, got %s, %s, %s", a, b, t)}
}

// styleFromMeta reads LMArena's conv_metadata: sum_assistant_{a,b}_tokens and
// header_count_{a,b} ({h1..h6}), list_count_{a,b} ({ordered, unordered}) and
// bold_count_{a,b} ({"**", "__"}), each either an object of counts or a number.
func styleFromMeta(raw []byte, b *ranking.Battle) error {
	if string(raw) == "null" {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	get := func(key string) (int, bool, error) {
		v, ok := m[key]
		if !ok || string(v) == "null" {
			return 0, false, nil
		}
		n, err := sumCounts(v)
		if err != nil {
			return 0, false, fmt.Errorf("%s: %v", key, err)
		}
		return n, true, nil
	}
	var sa, sb ranking.Style
	found := 0
	for _, x := range []struct {
		key string
		dst *int
	}{
		{"sum_assistant_a_tokens", &sa.Tokens}, {"sum_assistant_b_tokens", &sb.Tokens},
		{"header_count_a", &sa.Headers}, {"header_count_b", &sb.Headers},
		{"list_count_a", &sa.Lists}, {"list_count_b", &sb.Lists},
		{"bold_count_a", &sa.Bold}, {"bold_count_b", &sb.Bold},
	} {
		n, ok, err := get(x.key)
		if err != nil {
			return err
		}
		if ok {
			*x.dst = n
			found++
		}
	}
	if found == 8 {
		b.StyleA, b.StyleB, b.HasStyle = sa, sb, true
	}
	return nil
}

func sumCounts(v json.RawMessage) (int, error) {
	var n float64
	if err := json.Unmarshal(v, &n); err == nil {
		return int(n), nil
	}
	var obj map[string]float64
	if err := json.Unmarshal(v, &obj); err != nil {
		return 0, fmt.Errorf("want a count or an object of counts")
	}
	s := 0.0
	for _, x := range obj {
		s += x
	}
	return int(s), nil
}

func tagsOf(f *lineFields) ([]string, error) {
	var tags []string
	if len(f.tags) > 0 && string(f.tags) != "null" {
		var t []string
		if err := json.Unmarshal(f.tags, &t); err != nil {
			return nil, &fieldError{"tags", fmt.Errorf("want an array of strings")}
		}
		tags = append(tags, t...)
	}
	if len(f.categoryTag) > 0 && string(f.categoryTag) != "null" {
		var ct map[string]any
		if err := json.Unmarshal(f.categoryTag, &ct); err != nil {
			return nil, &fieldError{"category_tag", fmt.Errorf("want an object")}
		}
		tags = appendCategoryTags(tags, ct)
	}
	if f.isCode {
		tags = append(tags, "code")
	}
	if f.anony {
		tags = append(tags, "anony")
	}
	if len(f.language) > 0 {
		tags = append(tags, "lang:"+strings.ToLower(string(f.language)))
	}
	return tags, nil
}

// appendCategoryTags appends the tags of a category_tag object: each key whose value
// is true at any depth, and hard_prompt when at least arena.HardCriteria of the
// criteria_v0.1 flags are (LMArena's hard prompts).
func appendCategoryTags(tags []string, ct map[string]any) []string {
	tags = appendTrueKeys(tags, ct)
	if crit, ok := ct["criteria_v0.1"].(map[string]any); ok {
		n := 0
		for _, v := range crit {
			if v == true {
				n++
			}
		}
		if n >= arena.HardCriteria {
			tags = append(tags, "hard_prompt")
		}
	}
	return tags
}

// appendTrueKeys appends the keys of m whose value is true, at any depth, in sorted
// order: a map's order is random, and the same battle read twice must carry the same
// tags (FuzzReadBattles found the order changing between reads).
func appendTrueKeys(tags []string, m map[string]any) []string {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		switch v := m[k].(type) {
		case bool:
			if v {
				tags = append(tags, k)
			}
		case map[string]any:
			tags = appendTrueKeys(tags, v)
		}
	}
	return tags
}
