package ranking

import (
	"hash/fnv"
	"math/rand/v2"
	"slices"
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
		if n := utf8.RuneCountInString(t); n <= left {
			// Whole turns hash in one call: a write a rune was most of an export's
			// first pass.
			h.Write([]byte(t))
			left -= n
		} else {
			i := 0
			for k := 0; k < left; k++ {
				_, size := utf8.DecodeRuneInString(t[i:])
				i += size
			}
			h.Write([]byte(t[:i]))
			left = 0
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

// Dedup is LMArena's dedup_tag rule (FastChat's fastchat/serve/monitor/
// deduplication.py) applied to a set of battles' prompts: over the distinct prompts,
// the cutoff is the percentile-th quantile (pandas' linear interpolation) of their
// battle counts; every prompt seen more often than the cutoff is "high_freq", and only
// int(cutoff) of its battles, drawn at random, are "sampled" (LMArena ranks only
// sampled battles). Battles with key 0 have no known prompt: never high_freq, always
// sampled, not counted. FastChat draws with pandas' sample(random_state=42); here the
// draw is seeded by seed, so which battles of a high-frequency prompt stay differs from
// FastChat's, their number does not.
type Dedup struct {
	cutoff float64
	// drawn holds, for each high-frequency prompt, whether each of its battles is
	// sampled, in the order Next meets them; seen counts the battles met so far.
	drawn map[uint64][]bool
	seen  map[uint64]int
}

// NewDedup applies the rule to the battles whose prompt keys are keys, in any order;
// it sorts keys in place. Memory beyond keys is a count per distinct prompt while it
// runs and a flag per battle of the high-frequency prompts after.
func NewDedup(keys []uint64, percentile float64, seed uint64) *Dedup {
	d := &Dedup{drawn: map[uint64][]bool{}, seen: map[uint64]int{}}
	slices.Sort(keys)
	var counts []float64
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if keys[i] != 0 {
			counts = append(counts, float64(j-i))
		}
		i = j
	}
	if len(counts) == 0 {
		return d
	}
	d.cutoff = Percentile(counts, 100*percentile)
	// keys are sorted, so the high-frequency prompts are met, and drawn, in a fixed
	// order: the draw depends on seed alone.
	rng := rand.New(rand.NewPCG(seed, 0x6465647570))
	keep := int(d.cutoff)
	for i := 0; i < len(keys); {
		j := i + 1
		for j < len(keys) && keys[j] == keys[i] {
			j++
		}
		if n := j - i; keys[i] != 0 && float64(n) > d.cutoff {
			pos := rng.Perm(n)
			drawn := make([]bool, n)
			for _, p := range pos[:min(keep, n)] {
				drawn[p] = true
			}
			d.drawn[keys[i]] = drawn
		}
		i = j
	}
	return d
}

// Cutoff is the quantile of the battle counts above which a prompt is high_freq.
func (d *Dedup) Cutoff() float64 { return d.cutoff }

// Next tags the next battle whose prompt key is key: whether its prompt is high_freq,
// and whether the battle is sampled. A battle of a high-frequency prompt met more often
// than NewDedup counted it is not sampled.
func (d *Dedup) Next(key uint64) (highFreq, sampled bool) {
	drawn, ok := d.drawn[key]
	if !ok {
		return false, true
	}
	i := d.seen[key]
	d.seen[key] = i + 1
	return true, i < len(drawn) && drawn[i]
}

// DedupPrompts applies the Dedup rule to battles whose prompt keys are keys and
// reports which battles are sampled, in keys' order.
func DedupPrompts(keys []uint64, percentile float64, seed uint64) []bool {
	d := NewDedup(slices.Clone(keys), percentile, seed)
	keep := make([]bool, len(keys))
	for i, k := range keys {
		_, keep[i] = d.Next(k)
	}
	return keep
}
