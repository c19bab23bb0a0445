package arena

import (
	"context"
	"math"
	"strings"
)

// goldDecision draws whether a new battle is gold and which side is broken.
func (q *Quality) goldDecision(r func() float64) string {
	if q == nil || q.GoldRate <= 0 || r() >= q.GoldRate {
		return ""
	}
	if r() < 0.5 {
		return "a"
	}
	return "b"
}

// corrupt breaks an answer for a gold battle: its sentences shuffled and the last
// third dropped, so it reads as plausible words that no longer answer anything.
func corrupt(text string, r func(n int) int) string {
	var sentences []string
	start := 0
	for i, c := range text {
		if c == '.' || c == '!' || c == '?' || c == '\n' {
			if s := strings.TrimSpace(text[start : i+1]); s != "" {
				sentences = append(sentences, s)
			}
			start = i + 1
		}
	}
	if s := strings.TrimSpace(text[start:]); s != "" {
		sentences = append(sentences, s)
	}
	if len(sentences) < 3 {
		words := strings.Fields(text)
		for i := len(words) - 1; i > 0; i-- {
			j := r(i + 1)
			words[i], words[j] = words[j], words[i]
		}
		return strings.Join(words[:max(1, len(words)*2/3)], " ")
	}
	for i := len(sentences) - 1; i > 0; i-- {
		j := r(i + 1)
		sentences[i], sentences[j] = sentences[j], sentences[i]
	}
	keep := int(math.Ceil(float64(len(sentences)) * 2 / 3))
	return strings.Join(sentences[:keep], " ")
}

// goldProvider streams a corrupted version of the real provider's answer.
type goldProvider struct {
	p Provider
	r func(n int) int
}

func (g goldProvider) Stream(ctx context.Context, req ChatRequest, onDelta func(Delta)) (Completion, error) {
	c, err := g.p.Stream(ctx, req, func(Delta) {})
	if err != nil {
		return c, err
	}
	c.Text = corrupt(c.Text, g.r)
	if c.Reasoning != "" {
		onDelta(Delta{Kind: DeltaReasoning, Text: c.Reasoning})
	}
	words := strings.SplitAfter(c.Text, " ")
	for i := 0; i < len(words); i += 8 {
		onDelta(Delta{Kind: DeltaAnswer, Text: strings.Join(words[i:min(i+8, len(words))], "")})
	}
	return c, nil
}
