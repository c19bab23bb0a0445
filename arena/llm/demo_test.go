package llm

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/arena-dev/arena/arena"
)

var demoPrompts = []string{
	"How do I reverse a linked list in Go?",
	"Why is the sky blue?",
	"What is a Merkle tree?",
	"Compare PostgreSQL and SQLite for a small web app",
	"List some ideas for a rainy weekend",
	"Write a python function to parse CSV files",
	"What is 12 * 7?",
	"hello",
	"I think my cat is bored",
	"Explain the French Revolution in simple terms.",
	"",
}

func demo(t testing.TB, id string, delay time.Duration) *Demo {
	t.Helper()
	d, err := NewDemo(arena.Model{Name: id, ModelID: id}, delay)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func ask(text string) []arena.Message { return []arena.Message{{Role: "user", Content: text}} }

func TestDemoModels(t *testing.T) {
	ms := DemoModels()
	if len(ms) < 6 {
		t.Fatalf("%d demo models, want 6", len(ms))
	}
	seen := map[string]bool{}
	for _, m := range ms {
		if seen[m.Name] || !m.IsDemo() || !m.Active || m.Organization != "Arena demo" {
			t.Errorf("bad demo model %+v", m)
		}
		seen[m.Name] = true
		if _, err := New(m, Options{}); err != nil {
			t.Errorf("%s: %v", m.Name, err)
		}
	}
}

// TestDemoDeterministicAndDistinct: the same conversation always gets the same answer,
// and the models never give the same answer as each other.
func TestDemoDeterministicAndDistinct(t *testing.T) {
	for _, prompt := range demoPrompts {
		answers := map[string]string{}
		for _, s := range demoStyles {
			a := demo(t, s.id, Instant).answer(ask(prompt), 0)
			if b := demo(t, s.id, Instant).answer(ask(prompt), 0); a != b {
				t.Errorf("%s answered %q twice differently", s.id, prompt)
			}
			if strings.TrimSpace(a) == "" || strings.Contains(a, "{") && !strings.Contains(a, "```") {
				t.Errorf("%s on %q: empty or unfilled template:\n%s", s.id, prompt, a)
			}
			if other, ok := answers[a]; ok {
				t.Errorf("%s and %s gave the same answer to %q", s.id, other, prompt)
			}
			answers[a] = s.id
		}
	}
	d := demo(t, "demo-scholar", Instant)
	if d.answer(ask("What is a Merkle tree?"), 0) == d.answer(ask("What is a hash function?"), 0) {
		t.Error("different prompts got the same answer")
	}
}

func TestDemoStyles(t *testing.T) {
	tests := []struct {
		model, prompt string
		check         func(string) bool
		want          string
	}{
		{"demo-terse", "Explain how vaccines train the immune system", func(s string) bool {
			return len(s) < 240 && strings.Count(s, ". ")+strings.Count(s, "? ") <= 1 && !strings.Contains(s, "\n\n")
		}, "one or two sentences"},
		{"demo-terse", "What is 12 * 7?", func(s string) bool { return strings.Contains(s, "84") }, "the right sum"},
		{"demo-scholar", "Explain how vaccines train the immune system", func(s string) bool {
			return strings.HasPrefix(s, "## ") && strings.Count(s, "\n### ") >= 3 && strings.Contains(s, "\n- **") && strings.Contains(s, "**")
		}, "headings, a bulleted list and bold"},
		{"demo-scholar", "Compare Rust vs Go for a CLI tool", func(s string) bool { return strings.Contains(s, "| Aspect |") }, "a comparison table"},
		{"demo-coder", "Write a function that checks for prime numbers in Go", func(s string) bool { return strings.Contains(s, "```go\npackage main") }, "a Go code block"},
		{"demo-coder", "How can I sort an array in JavaScript?", func(s string) bool { return strings.Contains(s, "```javascript\n") }, "a JavaScript code block"},
		{"demo-coder", "Top users by order count in SQL", func(s string) bool { return strings.Contains(s, "```sql\n") }, "an SQL code block"},
		{"demo-coder", "Why is the sky blue?", func(s string) bool { return strings.Count(s, "```") == 2 }, "code even for a non-code question"},
		{"demo-bluffer", "What is 12 * 7?", func(s string) bool { return !strings.Contains(s, "84") && strings.Contains(s, "12 × 7 =") }, "a confident wrong sum"},
		{"demo-bluffer", "What is a Merkle tree?", func(s string) bool { return strings.Contains(s, "%") && strings.Contains(s, "Merkle") }, "invented statistics about the topic"},
		{"demo-socrates", "Explain how vaccines train the immune system", func(s string) bool { return strings.Count(s, "?") >= 4 }, "questions"},
		{"demo-buddy", "Explain how vaccines train the immune system", func(s string) bool {
			return strings.Contains(s, "!") && strings.IndexFunc(s, func(r rune) bool { return r > 0x2000 && unicode.IsSymbol(r) }) < 0
		}, "warmth without emoji"},
	}
	for _, tt := range tests {
		t.Run(tt.model, func(t *testing.T) {
			a := demo(t, tt.model, Instant).answer(ask(tt.prompt), 0)
			if !tt.check(a) {
				t.Errorf("answer to %q lacks %s:\n%s", tt.prompt, tt.want, a)
			}
		})
	}
}

func TestDemoFollowUp(t *testing.T) {
	conv := []arena.Message{
		{Role: "user", Content: "What is a Merkle tree?"},
		{Role: "assistant", Content: "It is a tree of hashes."},
		{Role: "user", Content: "Why?"},
	}
	for _, s := range demoStyles {
		d := demo(t, s.id, Instant)
		a := d.answer(conv, 0)
		if a == d.answer(ask("Why?"), 0) {
			t.Errorf("%s ignored the earlier turn", s.id)
		}
		if !strings.Contains(a, "Merkle") {
			t.Errorf("%s: follow-up %q lost the topic:\n%s", s.id, "Why?", a)
		}
	}
}

func TestDemoStream(t *testing.T) {
	for _, s := range demoStyles {
		d := demo(t, s.id, Instant)
		req := arena.ChatRequest{Messages: ask("How do I reverse a linked list in Go?")}
		var got strings.Builder
		n := 0
		c, err := d.Stream(context.Background(), req, func(p arena.Delta) {
			if p.Kind != arena.DeltaAnswer {
				t.Errorf("a demo model streamed a %d delta", p.Kind)
			}
			got.WriteString(p.Text)
			n++
		})
		if err != nil {
			t.Fatal(err)
		}
		if c.Text != d.answer(req.Messages, 0) || got.String() != c.Text || n < 5 {
			t.Errorf("%s: streamed %d pieces %q, text %q", s.id, n, got.String(), c.Text)
		}
		if c.Usage.PromptTokens <= 0 || c.Usage.CompletionTokens != EstimateTokens(c.Text) || c.FinishReason != "stop" {
			t.Errorf("%s: usage %+v finish %q", s.id, c.Usage, c.FinishReason)
		}
	}
}

func TestDemoMaxTokens(t *testing.T) {
	d := demo(t, "demo-scholar", Instant)
	c, err := d.Stream(context.Background(), arena.ChatRequest{Messages: ask("What is a Merkle tree?"), MaxTokens: 20}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.FinishReason != "length" || EstimateTokens(c.Text) > 20 || c.Text == "" {
		t.Errorf("finish %q, %d tokens: %q", c.FinishReason, EstimateTokens(c.Text), c.Text)
	}
}

// TestDemoPacing: a paced answer takes at least half the delay per word (the jitter's
// floor); an instant one gives the same text.
func TestDemoPacing(t *testing.T) {
	req := arena.ChatRequest{Messages: ask("Why is the sky blue?")}
	const delay = 2 * time.Millisecond
	paced, err := demo(t, "demo-terse", delay).Stream(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	instant, _ := demo(t, "demo-terse", Instant).Stream(context.Background(), req, nil)
	if paced.Text != instant.Text {
		t.Error("pacing changed the text")
	}
	words := len(splitWords(paced.Text))
	if min := time.Duration(words-1) * delay / 2; paced.Total < min {
		t.Errorf("%d words in %v, want at least %v", words, paced.Total, min)
	}
	if paced.FirstToken < 4*delay { // demo-terse waits 4 pauses before its first word
		t.Errorf("first token after %v", paced.FirstToken)
	}
}

func TestDemoCancel(t *testing.T) {
	d := demo(t, "demo-scholar", time.Millisecond)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	c, err := d.Stream(ctx, arena.ChatRequest{Messages: ask("What is a Merkle tree?")}, func(arena.Delta) {
		if n++; n == 3 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) || arena.ErrorCode(err) != arena.EUNAVAILABLE || n != 3 {
		t.Fatalf("err %v after %d pieces", err, n)
	}
	if full := d.answer(ask("What is a Merkle tree?"), 0); !strings.HasPrefix(full, c.Text) || c.Text == full {
		t.Errorf("partial text %q", c.Text)
	}
}

func TestSplitWords(t *testing.T) {
	for _, s := range []string{"", "a", " lead", "a b  c\n\nd\t", "## Title\n\n- **x**: y\n", "日本 語"} {
		ps := splitWords(s)
		if strings.Join(ps, "") != s {
			t.Errorf("%q split into %q", s, ps)
		}
		for _, p := range ps[min(1, len(ps)):] {
			if p == "" || unicode.IsSpace(rune(p[0])) {
				t.Errorf("%q: piece %q starts with space", s, p)
			}
		}
	}
}

// TestDemoAttemptAnswersAnew: a regenerated answer (ChatRequest.Attempt) is another
// draw, as a sampling model's would be, and still the same for the same attempt.
func TestDemoAttemptAnswersAnew(t *testing.T) {
	for _, s := range demoStyles {
		d := demo(t, s.id, Instant)
		answers := map[int]string{}
		for attempt := range 4 {
			c, err := d.Stream(context.Background(), arena.ChatRequest{Messages: ask("Explain how a hash map works."), Attempt: attempt}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if again := d.answer(ask("Explain how a hash map works."), attempt); strings.TrimSpace(c.Text) != strings.TrimSpace(again) {
				t.Errorf("%s attempt %d answered twice differently", s.id, attempt)
			}
			answers[attempt] = c.Text
		}
		distinct := map[string]bool{}
		for _, a := range answers {
			distinct[a] = true
		}
		if len(distinct) < 2 {
			t.Errorf("%s gave the same answer on %d attempts", s.id, len(answers))
		}
	}
}
