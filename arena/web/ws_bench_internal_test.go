package web

// The cost of streaming an answer over the battle socket, frame by frame: bytes the
// page receives for a whole answer (and their ratio to the answer's final HTML), and
// the server's CPU for one frame. Each frame carries the next chunk of both answers,
// as a model streaming 16 bytes a 40 ms frame (about 100 tokens a second) makes. Run:
//
//	go test ./arena/web -run '^$' -bench Frames -benchtime 3x

import (
	"fmt"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// benchAnswer is n bytes of the Markdown models write: headings, paragraphs, nested
// lists, fenced code and tables, in turn.
func benchAnswer(n int) string {
	parts := []string{
		"## Step %d\n\n",
		"The function below reads the input once and keeps a running total, so its cost grows with the length of the list (%d) and nothing else; the **important** part is that `sum` never allocates.\n\n",
		"- first, parse the arguments\n- then check each value:\n  - negative values are errors\n  - zero is skipped\n- finally, print item %d\n\n",
		"```go\nfunc sum(xs []int) (t int) {\n\tfor _, x := range xs {\n\t\tt += x // %d\n\t}\n\treturn t\n}\n```\n\n",
		"| n | time | memory |\n|---|-----:|-------:|\n| 10 | 1 µs | 0 B |\n| %d | 9 ms | 0 B |\n\n",
		"1. Measure.\n2. Change one thing (%d).\n3. Measure again.\n\n",
	}
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		fmt.Fprintf(&sb, parts[i%len(parts)], i)
	}
	return strings.ToValidUTF8(sb.String()[:n], "")
}

func BenchmarkFrames(b *testing.B) {
	const chunk = 16
	for _, n := range []int{1000, 10000, 50000} {
		b.Run(fmt.Sprintf("chars=%dk", n/1000), func(b *testing.B) {
			text := benchAnswer(n)
			final := 2 * len(views.RenderMarkdown(text))
			var bytes, frames int
			for b.Loop() {
				bytes, frames = 0, 0
				fs := frameStream{}
				send := func(t liveTurn) {
					if fs.changed(t) {
						bytes += len(fs.next(t))
						frames++
					}
				}
				t := liveTurn{status: string(arena.StatusStreaming), prompt: "Explain summing a list."}
				t.ans[0].Status, t.ans[1].Status = arena.AnswerStreaming, arena.AnswerStreaming
				send(t)
				for end := chunk; end < len(text)+chunk; end += chunk {
					part := text[:min(end, len(text))]
					t.ans[0].Text, t.ans[1].Text = part, part
					send(t)
				}
				t.ans[0].Status, t.ans[1].Status = arena.AnswerDone, arena.AnswerDone
				send(t)
				t.status = string(arena.StatusReady)
				send(t)
			}
			b.ReportMetric(float64(bytes)/2, "bytes/answer")
			b.ReportMetric(float64(bytes)/float64(final), "bytes/final-html")
			b.ReportMetric(float64(frames), "frames")
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*frames), "µs/frame")
		})
	}
}
