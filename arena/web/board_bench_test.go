package web_test

import (
	"io"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// BenchmarkBoardAfterAVote is what a vote costs the next reader of each leaderboard
// view, on 20,000 imported battles with answers: every board of the view refitted
// (the board and its counterpart with style control switched, the overview's five
// style boards, a language's pair), the boards fitted from the votes read in one pass.
func BenchmarkBoardAfterAVote(b *testing.B) {
	e := newEnvTB(b)
	file, _, _ := conversations(20_000, []string{"de", "fr", "de", ""})
	importFile(b, e, "lmarena", "conversations.jsonl", file)
	for _, c := range []struct{ name, path string }{
		{"plain", "/api/leaderboard?imported=1&style=0"},
		{"style", "/api/leaderboard?imported=1"},
		{"language", "/api/leaderboard?imported=1&language=de"},
		{"overview", "/api/leaderboard/overview?imported=1"},
	} {
		path := c.path
		b.Run(c.name, func(b *testing.B) {
			// The process's CPU time, the server's work included, as well as the wall
			// time, which a loaded machine stretches.
			cpu := func() time.Duration {
				var ru syscall.Rusage
				syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
				return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			}
			start := cpu()
			for b.Loop() {
				e.deps.Leaderboards.Invalidate()
				res, err := http.Get(e.srv.URL + path)
				if err != nil {
					b.Fatal(err)
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					b.Fatalf("%s: %d", path, res.StatusCode)
				}
			}
			b.ReportMetric((cpu()-start).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
