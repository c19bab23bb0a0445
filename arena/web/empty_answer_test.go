package web_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// A side that thought but never answered fails the battle, saying so without naming
// the model, and the blank pane cannot be voted on.
func TestEmptyAnswerFails(t *testing.T) {
	for _, tc := range []struct {
		name     string
		behavior llmtest.Behavior
		want     string
	}{
		{"out of tokens", llmtest.Behavior{Reasoning: "Hmm, let me think this through", FinishReason: "length"},
			`Model [AB] failed: it returned no answer \(it ran out of tokens while reasoning\)\.`},
		{"reasoning only", llmtest.Behavior{Reasoning: "Hmm"}, `Model [AB] failed: it returned no answer\.`},
		{"think block only", llmtest.Behavior{Text: "<think>Hmm</think>  "}, `Model [AB] failed: it returned no answer\.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			e.fake.Handle("alpha", tc.behavior)
			a := e.apiUser("thinker")
			id := a.start("What is 2+2?")
			b := a.wait(id)
			if b["status"] != "failed" {
				t.Fatalf("status %v, want failed", b["status"])
			}
			t0 := b["turns"].([]any)[0].(map[string]any)
			errs := fmt.Sprint(t0["error_a"], " ", t0["error_b"])
			if !regexp.MustCompile(tc.want).MatchString(errs) || strings.Contains(errs, "alpha") {
				t.Fatalf("errors %q, want %s", errs, tc.want)
			}
			code, out := a.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"})
			if code != 409 || !strings.Contains(errMessage(out), "failed") {
				t.Fatalf("vote on a battle with a blank answer: %d %v", code, out)
			}
		})
	}
}
