package web_test

import (
	"io"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/web"
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

// BenchmarkBoardPageFromCache is the leaderboard page while votes keep arriving, with
// fits off the request path (--board-refit): each request follows a vote and gets the
// board fitted before it, from the cache, its refit left to the background (held off
// here by a long refit interval, so the loop times the page alone), on 20,000 imported
// battles with answers.
func BenchmarkBoardPageFromCache(b *testing.B) {
	e := newEnvApp(b, web.Config{AuthRatePerMinute: 1000}, func(c *app.Config) { c.BoardRefit = time.Hour })
	file, _, _ := conversations(20_000, []string{"de", "fr", "de", ""})
	importFile(b, e, "lmarena", "conversations.jsonl", file)
	const path = "/leaderboard?imported=1"
	getPage(b, e, path) // the first fit, on the request
	e.deps.Leaderboards.Invalidate()
	if page := getPage(b, e, path); !strings.Contains(page, "being refitted") {
		b.Fatalf("the page after a vote is not the cached board:\n%s", freshness(page))
	}
	for b.Loop() {
		e.deps.Leaderboards.Invalidate()
		getPage(b, e, path)
	}
}
