package llm_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// A reasoning model's thinking is kept apart from its answer: voters judge the answer,
// and onDelta passes it on as reasoning deltas, never as answer ones.
func TestOpenAIReasoning(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("deepseek", llmtest.Behavior{Reasoning: "Let me think about it.", Text: "The answer is 4."})
	srv.Handle("openrouter", llmtest.Behavior{Reasoning: "Two and two.", ReasoningField: "reasoning", Text: "Four."})
	srv.Handle("think", llmtest.Behavior{Text: "<think>Two and two make four.</think>\n\nIt is 4."})
	// Three bytes a delta splits both tags across deltas.
	srv.Handle("think-split", llmtest.Behavior{Text: "  <think>Two and two.</think>It is 4.", ChunkBytes: 3})
	srv.Handle("think-unclosed", llmtest.Behavior{Text: "<think>Still thinking when the tokens ran", FinishReason: "length", ChunkBytes: 5})
	srv.Handle("not-at-start", llmtest.Behavior{Text: "Use <think> tags like <think>this</think>.", ChunkBytes: 4})
	srv.Handle("almost-a-tag", llmtest.Behavior{Text: "<thin ice>", ChunkBytes: 2})
	srv.Handle("reasoning-only", llmtest.Behavior{Reasoning: "Thinking and thinking", FinishReason: "length"})
	tests := []struct {
		model, wantText, wantReasoning, wantFinish string
	}{
		{"deepseek", "The answer is 4.", "Let me think about it.", "stop"},
		{"openrouter", "Four.", "Two and two.", "stop"},
		{"think", "It is 4.", "Two and two make four.", "stop"},
		{"think-split", "It is 4.", "Two and two.", "stop"},
		{"think-unclosed", "", "Still thinking when the tokens ran", "length"},
		{"not-at-start", "Use <think> tags like <think>this</think>.", "", "stop"},
		{"almost-a-tag", "<thin ice>", "", "stop"},
		{"reasoning-only", "", "Thinking and thinking", "length"},
	}
	for _, tt := range tests {
		for _, streamed := range []bool{true, false} {
			name := tt.model
			if !streamed {
				name += "/whole"
			}
			t.Run(name, func(t *testing.T) {
				b := srv.BehaviorFor(tt.model)
				b.Whole = !streamed
				srv.Handle(tt.model, b)
				p, err := llm.NewOpenAI(model(srv.URL, tt.model), nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				c, err := stream(t, context.Background(), p, hello)
				if err != nil {
					t.Fatal(err)
				}
				if c.Text != tt.wantText || c.Reasoning != tt.wantReasoning || c.FinishReason != tt.wantFinish {
					t.Errorf("got text %q, reasoning %q, finish %q; want %q, %q, %q",
						c.Text, c.Reasoning, c.FinishReason, tt.wantText, tt.wantReasoning, tt.wantFinish)
				}
			})
		}
	}
}

// Reasoning streams live, as reasoning deltas, in the order it arrives and ahead of
// the answer, from the reasoning fields and from a <think> block alike.
func TestOpenAIReasoningStreamsLive(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("deepseek", llmtest.Behavior{Reasoning: "Let me think about it.", Text: "The answer is 4."})
	srv.Handle("think-split", llmtest.Behavior{Text: "<think>Two and two.</think>It is 4.", ChunkBytes: 3})
	for _, tt := range []struct{ model, reasoning, answer string }{
		{"deepseek", "Let me think about it.", "The answer is 4."},
		{"think-split", "Two and two.", "It is 4."},
	} {
		t.Run(tt.model, func(t *testing.T) {
			p, err := llm.NewOpenAI(model(srv.URL, tt.model), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			var kinds []arena.DeltaKind
			var reasoning, answer strings.Builder
			if _, err := p.Stream(context.Background(), hello, func(d arena.Delta) {
				kinds = append(kinds, d.Kind)
				if d.Kind == arena.DeltaReasoning {
					reasoning.WriteString(d.Text)
				} else {
					answer.WriteString(d.Text)
				}
			}); err != nil {
				t.Fatal(err)
			}
			first := slices.Index(kinds, arena.DeltaAnswer)
			// Everything before the first answer delta is reasoning: at least two pieces.
			if first < 2 || slices.Contains(kinds[first:], arena.DeltaReasoning) {
				t.Errorf("delta kinds %v: want several reasoning deltas, then the answer's", kinds)
			}
			if reasoning.String() != tt.reasoning || answer.String() != tt.answer {
				t.Errorf("streamed reasoning %q, answer %q", reasoning.String(), answer.String())
			}
		})
	}
}
