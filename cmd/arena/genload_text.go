package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// loadText makes the prompts and answers of simulated battles. Answers are slices of
// one large corpus of Markdown prose, lists, headers and code, cut at word boundaries
// at random offsets and lengths, so a million answers cost no more memory than the
// corpus; prompts come from a pool, each tagged once by arena.TagPrompt (real arenas
// see the same prompt many times too).
type loadText struct {
	corpus  string
	prompts []loadPrompt
}

// loadPrompt is a prompt with its tags.
type loadPrompt struct {
	text string
	tags arena.PromptTags
}

var loadWords = strings.Fields(`the a of to and in is that for it as with was on be by this are from or
at an but not have which you they we can all their there been one would will more if about when
model answer question data system value function result time number people first way use work
example between each because should could these other into than then them some what only also new
most after make like over such through much where those very well even back any good how our
state process method change information problem important different large small following case
point form however including given order level since during without within power structure theory`)

var loadTopics = []struct {
	ask   string
	words []string
}{
	{"Write a Python function that", strings.Fields("parses sorts merges filters validates caches retries streams the list dictionary file records timestamps errors")},
	{"Explain step by step how to solve", strings.Fields("the integral equation probability matrix derivative sum limit of x^2 + 3x = 12 sqrt(2) prime numbers")},
	{"Write a short story about", strings.Fields("a lighthouse keeper dragon city at night lost letter robot who dreams old sailor winter garden")},
	{"Summarize in exactly three bullet points, without using the word 'very',", strings.Fields("the article report meeting notes chapter paper the history of the printing press climate policy")},
	{"What is the difference between", strings.Fields("TCP and UDP mitosis and meiosis stocks and bonds a virus and a bacterium weather and climate")},
	{"Help me plan", strings.Fields("a trip to Lisbon a birthday party a study schedule a vegetable garden a job interview a budget")},
}

// newLoadText builds the corpus and a pool of prompts from seed.
func newLoadText(seed uint64, pool int) *loadText {
	rng := rand.New(rand.NewPCG(seed, 0x7e47))
	var sb strings.Builder
	for sb.Len() < 8<<20 {
		switch rng.IntN(10) {
		case 0:
			fmt.Fprintf(&sb, "## %s\n\n", sentence(rng, 3, 6))
		case 1:
			for range 2 + rng.IntN(4) {
				fmt.Fprintf(&sb, "- **%s**: %s\n", sentence(rng, 1, 3), sentence(rng, 6, 14))
			}
			sb.WriteString("\n")
		case 2:
			fmt.Fprintf(&sb, "```python\ndef %s(items):\n    result = []\n    for item in items:\n        if item > %d:\n            result.append(item * %d)\n    return result\n```\n\n",
				loadWords[rng.IntN(len(loadWords))], rng.IntN(100), 2+rng.IntN(9))
		default:
			for range 3 + rng.IntN(5) {
				sb.WriteString(sentence(rng, 8, 24))
				sb.WriteString(". ")
			}
			sb.WriteString("\n\n")
		}
	}
	t := &loadText{corpus: sb.String()}
	t.prompts = make([]loadPrompt, pool)
	for i := range t.prompts {
		topic := loadTopics[rng.IntN(len(loadTopics))]
		var p strings.Builder
		p.WriteString(topic.ask)
		for range 2 + rng.IntN(5) {
			p.WriteString(" " + topic.words[rng.IntN(len(topic.words))])
		}
		p.WriteString(".")
		// Context pasted after the question: most prompts are short, some very long.
		if n := loadLength(rng, 250, 40, 4000) - p.Len(); n > 0 {
			p.WriteString("\n\n")
			p.WriteString(t.slice(rng, n))
		}
		t.prompts[i] = loadPrompt{text: p.String(), tags: arena.TagPrompt(p.String())}
	}
	return t
}

func sentence(rng *rand.Rand, lo, hi int) string {
	n := lo + rng.IntN(hi-lo+1)
	w := make([]string, n)
	for i := range w {
		w[i] = loadWords[rng.IntN(len(loadWords))]
	}
	w[0] = strings.ToUpper(w[0][:1]) + w[0][1:]
	return strings.Join(w, " ")
}

// loadLength draws a text length: log-normal around median, within [lo, hi].
func loadLength(rng *rand.Rand, median, lo, hi int) int {
	n := int(float64(median) * math.Exp(0.8*rng.NormFloat64()))
	return min(max(n, lo), hi)
}

// slice is about n characters of the corpus from a random word boundary.
func (t *loadText) slice(rng *rand.Rand, n int) string {
	start := rng.IntN(len(t.corpus) - n - 64)
	if i := strings.IndexByte(t.corpus[start:], ' '); i >= 0 {
		start += i + 1
	}
	end := start + n
	if i := strings.IndexByte(t.corpus[end:], ' '); i >= 0 {
		end += i
	}
	return t.corpus[start:end]
}

// answer is a model's answer: a median of 1,500 characters, from 200 to 6,000.
func (t *loadText) answer(rng *rand.Rand) string {
	return t.slice(rng, loadLength(rng, 1500, 200, 6000))
}
