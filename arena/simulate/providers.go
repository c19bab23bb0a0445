package simulate

import (
	"context"
	"fmt"
	"hash/fnv"
	"regexp"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// targetMarker is the boosted model's house style, by which its lab recognises it in
// anonymous battles.
const targetMarker = "Great question, let us dig in carefully."

const endMarker = "That is all."

// providers serve every simulated model instantly: numbered steps about the prompt,
// 8 to 25 of them (about 600 to 2,000 characters), ending with endMarker, so a person
// can tell an intact answer from a gold battle's broken one.
type providers struct{}

func (providers) For(m arena.Model) (arena.Provider, error) { return provider{name: m.Name}, nil }

type provider struct{ name string }

func (p provider) Stream(_ context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	prompt := ""
	if n := len(req.Messages); n > 0 {
		prompt = req.Messages[n-1].Content
	}
	h := fnv.New64a()
	h.Write([]byte(p.name + "\x00" + prompt))
	seed := h.Sum64()
	var b strings.Builder
	if p.name == Target {
		b.WriteString(targetMarker + " ")
	}
	steps := 8 + int(seed%18)
	for i := 1; i <= steps; i++ {
		fmt.Fprintf(&b, "Step %d: consider part %d of the question and weigh its trade-offs with care. ", i, (seed>>uint(i%48))%97)
	}
	b.WriteString(endMarker)
	text := b.String()
	onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: text})
	return arena.Completion{Text: text, Usage: arena.Usage{CompletionTokens: len(text) / 4}, FinishReason: "stop"}, nil
}

var stepRE = regexp.MustCompile(`Step (\d+):`)

// intact reports whether an answer reads as written: steps in order, and the end.
func intact(text string) bool {
	if !strings.HasSuffix(strings.TrimSpace(text), endMarker) {
		return false
	}
	last := 0
	for _, m := range stepRE.FindAllStringSubmatch(text, -1) {
		n, _ := strconv.Atoi(m[1])
		if n != last+1 {
			return false
		}
		last = n
	}
	return last > 0
}
