package ranking

import (
	"hash/fnv"
	"math/rand/v2"
	"sort"
	"unicode/utf8"
)

// DefaultDedupPercentile is FastChat's deduplication.py --percentile default.
const DefaultDedupPercentile = 0.9999

// maxPromptChars is where FastChat's deduplication.py cuts the prompt (conv[:10000]).
const maxPromptChars = 10000

// PromptKeyOf is the deduplication key of a conversation given its user turns in order:
// FastChat's deduplication.py compares the user turns of conversation_a, each followed
// by a newline, cut to 10,000 characters; the key is that text's 64-bit FNV-1a hash
// (never 0, which means "no prompt"). It is 0 when there are no turns.
func PromptKeyOf(userTurns []string) uint64 {
	if len(userTurns) == 0 {
		return 0
	}
	h := fnv.New64a()
	left := maxPromptChars
	for _, t := range userTurns {
		for i, r := range t {
			if left == 0 {
				break
			}
			h.Write([]byte(t[i : i+utf8.RuneLen(r)]))
			left--
		}
		if left == 0 {
			break
		}
		h.Write([]byte{'\n'})
		left--
	}
	if k := h.Sum64(); k != 0 {
		return k
	}
	return 1
}

// DedupPrompts applies LMArena's dedup_tag rule (FastChat's fastchat/serve/monitor/
// deduplication.py): over the distinct prompts, the cutoff is the percentile-th
// quantile (pandas' linear interpolation) of their battle counts; every prompt seen more
// often than the cutoff is "high_freq", and only int(cutoff) of its battles, drawn at
// random, are "sampled" and kept. LMArena ranks only sampled battles. keys are the
// battles' PromptKeys; battles with key 0 have no known prompt and are always kept and
// not counted. FastChat draws with pandas' sample(random_state=42); here the draw is
// seeded by seed, so which battles of a high-frequency prompt stay differs from
// FastChat's, their number does not.
func DedupPrompts(keys []uint64, percentile float64, seed uint64) []bool {
	keep := make([]bool, len(keys))
	groups := map[uint64][]int{}
	for i, k := range keys {
		keep[i] = true
		if k != 0 {
			groups[k] = append(groups[k], i)
		}
	}
	if len(groups) == 0 {
		return keep
	}
	counts := make([]float64, 0, len(groups))
	for _, g := range groups {
		counts = append(counts, float64(len(g)))
	}
	cutoff := Percentile(counts, 100*percentile)
	// Visit the groups in a fixed order so the draw depends on seed alone.
	var high []uint64
	for k, g := range groups {
		if float64(len(g)) > cutoff {
			high = append(high, k)
		}
	}
	sort.Slice(high, func(x, y int) bool { return high[x] < high[y] })
	rng := rand.New(rand.NewPCG(seed, 0x6465647570))
	for _, k := range high {
		g := groups[k]
		rng.Shuffle(len(g), func(x, y int) { g[x], g[y] = g[y], g[x] })
		for _, i := range g[int(cutoff):] {
			keep[i] = false
		}
	}
	return keep
}
