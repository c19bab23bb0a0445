package web_test

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/web"
)

const reasoningSummary = "Reasoning (not part of the answer)"

// Reasoning is shown before the answer, closed and marked, as sanitised Markdown; the
// answer itself never contains it.
func TestReasoningShownCollapsed(t *testing.T) {
	e := newEnv(t)
	e.fake.Handle("alpha", llmtest.Behavior{Reasoning: "I **ponder** <script>alert(1)</script> deeply", Text: "Four."})
	e.fake.Handle("beta", llmtest.Behavior{Text: "<think>Quietly *musing*</think>It is four."})
	b := e.browser()
	_, body := b.submit("/", "/battles", url.Values{"prompt": {"2+2?"}})
	id := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)[1]
	frame := lastFrame(t, e, b, id)
	for _, side := range []string{"a", "b"} {
		ans := frame[side].(map[string]any)
		if html := ans["html"].(string); strings.Contains(html, "ponder") || strings.Contains(html, "musing") {
			t.Errorf("side %s: the reasoning is in the answer: %s", side, html)
		}
	}
	reasoning := fmt.Sprint(frame["a"].(map[string]any)["reasoning"], frame["b"].(map[string]any)["reasoning"])
	if !strings.Contains(reasoning, "<strong>ponder</strong>") || !strings.Contains(reasoning, "<em>musing</em>") || strings.Contains(reasoning, "<script>") {
		t.Errorf("frame reasoning is not sanitised Markdown of both sides: %s", reasoning)
	}

	_, body = b.get("/battle/" + id)
	if n := strings.Count(body, reasoningSummary); n != 2 {
		t.Fatalf("%d reasoning summaries on the page, want 2:\n%s", n, body)
	}
	details := regexp.MustCompile(`(?s)<details class="reasoning"[^>]*>.*?</details>`).FindAllString(body, -1)
	if len(details) != 2 {
		t.Fatalf("%d reasoning blocks, want 2", len(details))
	}
	for _, d := range details {
		if strings.Contains(d, " open") || strings.Contains(d, "<script>") {
			t.Errorf("reasoning block open or unsanitised: %s", d)
		}
	}
	// Each block comes right before its answer.
	if n := len(regexp.MustCompile(`(?s)<details class="reasoning".*?</details>\s*<div class="answer"`).FindAllString(body, -1)); n != 2 {
		t.Errorf("%d reasoning blocks right before their answers, want 2:\n%s", n, body)
	}
}

// With reasoning hidden, none of it reaches the page, the socket or the API.
func TestHideReasoning(t *testing.T) {
	e := newEnvConfig(t, web.Config{AuthRatePerMinute: 1000, HideReasoning: true})
	e.fake.Handle("alpha", llmtest.Behavior{Reasoning: "I ponder deeply", Text: "Four."})
	b := e.browser()
	_, body := b.submit("/", "/battles", url.Values{"prompt": {"2+2?"}})
	id := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)[1]
	frame := lastFrame(t, e, b, id)
	_, page := b.get("/battle/" + id)
	_, api := b.get("/api/battles/" + id)
	for where, s := range map[string]string{"frame": fmt.Sprint(frame), "page": page, "api": api} {
		if strings.Contains(s, "ponder") || strings.Contains(s, reasoningSummary) {
			t.Errorf("%s shows hidden reasoning: %s", where, s)
		}
	}
}

// Reasoning streams to the socket as it arrives, ahead of the answer: a frame holds
// part of it before any answer text; hidden, no frame holds any of it, and none is
// sent for it.
func TestReasoningStreamsLive(t *testing.T) {
	const thought = "First I **add** two and two, then I check the sum twice over"
	for _, hide := range []bool{false, true} {
		t.Run(fmt.Sprint("hide=", hide), func(t *testing.T) {
			e := newEnvConfig(t, web.Config{AuthRatePerMinute: 1000, HideReasoning: hide})
			think := llmtest.Behavior{FirstDelay: 200 * time.Millisecond, ChunkDelay: 60 * time.Millisecond, Reasoning: thought, Text: "It is four."}
			e.fake.Handle("alpha", think)
			e.fake.Handle("beta", think)
			b := e.browser()
			_, body := b.submit("/", "/battles", url.Values{"prompt": {"2+2?"}})
			id := regexp.MustCompile(`data-battle="([a-z0-9]+)"`).FindStringSubmatch(body)[1]
			frames := allFrames(t, e, b, id)
			for _, side := range []string{"a", "b"} {
				var partial []string // reasoning seen before the answer's first text
				for _, f := range frames {
					ans := f[side].(map[string]any)
					r, _ := ans["reasoning"].(string)
					if hide && (r != "" || strings.Contains(fmt.Sprint(f), "add")) {
						t.Fatalf("side %s: hidden reasoning in a frame: %v", side, f)
					}
					if strings.Contains(ans["html"].(string), "add") {
						t.Fatalf("side %s: reasoning in the answer: %v", side, ans["html"])
					}
					if ans["html"] != "" {
						break
					}
					if r != "" && !slices.Contains(partial, r) {
						partial = append(partial, r)
					}
				}
				if hide {
					continue
				}
				if len(partial) < 2 || !strings.Contains(partial[0], "First") || strings.Contains(partial[0], "twice") {
					t.Errorf("side %s: reasoning before the answer, frame by frame: %q; want it growing from its first words", side, partial)
				}
				if last := frames[len(frames)-1][side].(map[string]any); !strings.Contains(last["reasoning"].(string), "<strong>add</strong>") {
					t.Errorf("side %s: the last frame's reasoning is %q", side, last["reasoning"])
				}
			}
			if hide {
				// Before the answer, only the opening frame: the reasoning deltas woke the
				// socket, but a frame without anything new is not sent.
				n := 0
				for _, f := range frames {
					if f["a"].(map[string]any)["html"] == "" && f["b"].(map[string]any)["html"] == "" {
						n++
					}
				}
				if n != 1 {
					t.Errorf("%d frames before any answer text with reasoning hidden, want the 1 opening frame", n)
				}
			}
		})
	}
}

// allFrames follows battle id's websocket until its answers are complete, and returns
// what the page shows after each frame.
func allFrames(t *testing.T, e *env, b *browser, id string) []map[string]any {
	t.Helper()
	shown, _ := followSocket(t, e, b, id)
	return shown
}

// lastFrame follows battle id's websocket until its answers are complete.
func lastFrame(t *testing.T, e *env, b *browser, id string) map[string]any {
	t.Helper()
	frames := allFrames(t, e, b, id)
	return frames[len(frames)-1]
}
