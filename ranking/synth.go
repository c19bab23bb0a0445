package ranking

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
)

// SynthOptions configure Synthesize.
type SynthOptions struct {
	Models  int     // number of models (default 114)
	Battles int     // number of battles (default 1000)
	Seed    uint64  // random seed
	Spread  float64 // standard deviation of the true ratings, Elo points (default 100)
	// TieRate scales how often votes are ties or both bad (default 0.3, negative for
	// none). A pair with win probability p ties with probability TieRate·2·min(p, 1−p),
	// split evenly between Tie and BothBad, and the remaining votes are split so that
	// model_a's expected score stays p: the half-win treatment of ties is then
	// unbiased and Bradley-Terry recovers the true ratings.
	TieRate float64
	Start   float64 // first timestamp (default 1745000000); one battle every 0.1 s or so
}

var synthFamilies = []string{
	"gpt-4o", "claude-3-5-sonnet", "gemini-1.5-pro", "llama-3.1-405b-instruct", "qwen2.5-72b-instruct",
	"mistral-large", "deepseek-v3", "command-r-plus", "gemma-2-27b-it", "yi-lightning", "grok-2",
	"phi-3-medium-4k-instruct", "glm-4-plus", "athene-70b", "nemotron-70b", "reka-core",
	"jamba-1.5-large", "o1-mini", "claude-3-opus", "gpt-4-turbo",
}

// SynthModelNames returns n distinct, realistic-looking model names, such as
// gpt-4o-20240513.
func SynthModelNames(n int) []string {
	names := make([]string, n)
	seen := map[string]bool{}
	for i := range names {
		f := synthFamilies[i%len(synthFamilies)]
		v := i / len(synthFamilies)
		name := fmt.Sprintf("%s-%d%02d%02d", f, 2024+v%2, 1+(i*5+v)%12, 1+(i*7+v)%28)
		for k := 2; seen[name]; k++ {
			name = fmt.Sprintf("%s-%d%02d%02d-v%d", f, 2024+v%2, 1+(i*5+v)%12, 1+(i*7+v)%28, k)
		}
		seen[name] = true
		names[i] = name
	}
	return names
}

// Synthesize draws battles between models with known ratings: models and true ratings
// (Elo scale, mean exactly 1000) are returned, and each battle is passed to yield in
// time order. Pairs are drawn uniformly; outcomes follow P(a beats b) =
// 1/(1+10^((Rb−Ra)/400)) with ties as described in SynthOptions.
func Synthesize(opt SynthOptions, yield func(Battle) error) (models []string, ratings []float64, err error) {
	if opt.Models == 0 {
		opt.Models = 114
	}
	if opt.Models < 2 {
		return nil, nil, fmt.Errorf("need at least 2 models")
	}
	if opt.Battles == 0 {
		opt.Battles = 1000
	}
	if opt.Spread == 0 {
		opt.Spread = 100
	}
	if opt.TieRate == 0 {
		opt.TieRate = 0.3
	}
	tie := max(opt.TieRate, 0)
	if opt.Start == 0 {
		opt.Start = 1745000000
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed))
	models = SynthModelNames(opt.Models)
	ratings = make([]float64, opt.Models)
	for i := range ratings {
		ratings[i] = opt.Spread * rng.NormFloat64()
	}
	mean := 0.0
	for _, r := range ratings {
		mean += r / float64(len(ratings))
	}
	for i := range ratings {
		ratings[i] += 1000 - mean // exactly mean 1000, like the fitted ratings
	}
	t := opt.Start
	for k := 0; k < opt.Battles; k++ {
		a := rng.IntN(opt.Models)
		b := rng.IntN(opt.Models - 1)
		if b >= a {
			b++
		}
		p := WinProbability(ratings[a], ratings[b])
		pt := tie * 2 * math.Min(p, 1-p)
		u := rng.Float64()
		var o Outcome
		switch {
		case u < p-pt/2:
			o = WinA
		case u < 1-pt:
			o = WinB
		case u < 1-pt/2:
			o = Tie
		default:
			o = BothBad
		}
		t += rng.ExpFloat64() * 0.1
		if err := yield(Battle{ModelA: models[a], ModelB: models[b], Outcome: o, Time: math.Round(t*1000) / 1000}); err != nil {
			return models, ratings, err
		}
	}
	return models, ratings, nil
}

// AppendCleanBattle appends b as one clean_battle JSON line (with a trailing newline),
// the shape LMArena publishes: model_a, model_b, winner ("tie (bothbad)" for both bad)
// and tstamp. Model names must not need JSON escaping beyond quotes and backslashes.
func AppendCleanBattle(dst []byte, b Battle) []byte {
	w := b.Outcome.String()
	if b.Outcome == BothBad {
		w = "tie (bothbad)"
	}
	dst = append(dst, `{"model_a": `...)
	dst = strconv.AppendQuote(dst, b.ModelA)
	dst = append(dst, `, "model_b": `...)
	dst = strconv.AppendQuote(dst, b.ModelB)
	dst = append(dst, `, "winner": "`...)
	dst = append(dst, w...)
	dst = append(dst, `", "tstamp": `...)
	dst = strconv.AppendFloat(dst, b.Time, 'f', -1, 64)
	dst = append(dst, "}\n"...)
	return dst
}
