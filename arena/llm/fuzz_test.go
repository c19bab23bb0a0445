package llm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"
	"time"

	"github.com/arena-dev/arena/arena"
)

// readStream runs the OpenAI-compatible client's stream parser on body as the client
// does on a response, returning the deltas it passed on and the completion.
func readStream(body io.Reader) (deltas []arena.Delta, c arena.Completion, err error) {
	s := stream{ctx: context.Background(), start: time.Now(), stalled: new(atomic.Bool), timeout: time.Second,
		onDelta: func(d arena.Delta) { deltas = append(deltas, d) }}
	c, err = s.read(newSSEReader(body))
	return deltas, c, err
}

// joined is the text of the deltas of one kind.
func joined(deltas []arena.Delta, kind arena.DeltaKind) string {
	var b strings.Builder
	for _, d := range deltas {
		if d.Kind == kind {
			b.WriteString(d.Text)
		}
	}
	return b.String()
}

// FuzzSSEStream parses arbitrary bytes as a streamed chat completion. It must not
// panic or hang; it fails only with an *arena.Error (the Provider contract); the
// deltas streamed to the page add up to the completion's text and reasoning, so what
// a voter watched is what is stored; and the result is the same whether the body arrives whole or a
// byte at a time, as TCP may deliver it.
func FuzzSSEStream(f *testing.F) {
	c1 := `{"choices":[{"delta":{"content":"Hel"}}]}`
	c2 := `{"choices":[{"delta":{"content":"lo"},"finish_reason":"stop"}]}`
	for _, body := range []string{
		"",
		"data: " + c1 + "\n\ndata: " + c2 + "\n\ndata: [DONE]\n\n",
		"data: " + c1 + "\r\n\r\ndata: " + c2 + "\r\n\r\ndata: [DONE]\r\n\r\n",
		"data: " + c1 + "\r\rdata: " + c2 + "\r\rdata: [DONE]\r\r",
		": ping\n\nid: 1\nretry: 10\ndata: " + c1 + "\n\nevent: message\ndata: " + c2 + "\n\ndata: [DONE]\n\n",
		"data: {\"choices\":[{\"delta\":\ndata: {\"content\":\"Hel\"}}]}\n\ndata: " + c2 + "\n\n",
		"data: " + c1 + "\n\ndata: {\"choi",
		"data: " + c1 + "\n\ndata: {nope}\n\n",
		"event: error\ndata: {\"error\":{\"message\":\"overloaded\"}}\n\n",
		"data: {\"error\":\"bad\"}\n\n",
		`data: {"choices":[{"delta":{"reasoning_content":"hmm","content":null}}]}` + "\n\n" + `data: {"choices":[{"delta":{"reasoning":{"x":1},"content":"ok"}}],"usage":{"prompt_tokens":3,"completion_tokens":2}}` + "\n\ndata: [DONE]\n\n",
		`data: {"choices":[{"delta":{"content":" <thi"}}]}` + "\n\n" + `data: {"choices":[{"delta":{"content":"nk>why</th"}}]}` + "\n\n" + `data: {"choices":[{"delta":{"content":"ink>\n\nbecause"}}]}` + "\n\ndata: [DONE]\n\n",
		`data: {"choices":[{"message":{"content":"whole"},"finish_reason":"length"}]}` + "\n\n",
	} {
		f.Add([]byte(body))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		deltas, c, err := readStream(strings.NewReader(string(body)))
		var ae *arena.Error
		if err != nil && !errors.As(err, &ae) {
			t.Fatalf("error %T %v, want an *arena.Error", err, err)
		}
		if got := joined(deltas, arena.DeltaAnswer); got != c.Text {
			t.Fatalf("streamed %q, but the completion's text is %q", got, c.Text)
		}
		if got := joined(deltas, arena.DeltaReasoning); got != c.Reasoning {
			t.Fatalf("streamed reasoning %q, but the completion's is %q", got, c.Reasoning)
		}
		deltas2, c2, err2 := readStream(iotest.OneByteReader(strings.NewReader(string(body))))
		if fmt.Sprint(err) != fmt.Sprint(err2) || c.Text != c2.Text || c.Reasoning != c2.Reasoning ||
			c.FinishReason != c2.FinishReason || c.Usage != c2.Usage || len(deltas) != len(deltas2) {
			t.Fatalf("whole body: %q %q %q %v (%v)\nbyte by byte: %q %q %q %v (%v)",
				c.Text, c.Reasoning, c.FinishReason, c.Usage, err, c2.Text, c2.Reasoning, c2.FinishReason, c2.Usage, err2)
		}
	})
}

// FuzzThinkSplitter checks that where a stream's deltas split the content does not
// change what is reasoning and what is answer: a <think> tag cut across two deltas
// is still a tag, and text that only looked like the start of one is not lost.
func FuzzThinkSplitter(f *testing.F) {
	for _, s := range []string{"", "answer", "<think>why</think>\n\nbecause", "  <think>a</think>b", "<thi", "<think>unclosed",
		"<think></think>", "a <think>b</think>", "\n<think>x</thin", "<think>x</think>   "} {
		f.Add(s, uint(3))
	}
	f.Fuzz(func(t *testing.T, s string, cut uint) {
		split := func(parts ...string) (string, string) {
			var ts thinkSplitter
			var reasoning, answer string
			for _, p := range parts {
				r, a := ts.feed(p)
				reasoning, answer = reasoning+r, answer+a
			}
			r, a := ts.flush()
			return reasoning + r, answer + a
		}
		k := int(cut % uint(len(s)+1))
		r1, a1 := split(s)
		r2, a2 := split(s[:k], s[k:])
		if r1 != r2 || a1 != a2 {
			t.Fatalf("%q whole: reasoning %q answer %q; split at %d: reasoning %q answer %q", s, r1, a1, k, r2, a2)
		}
	})
}
