package web_test

// Server-side rendering cost of the two busiest pages, measured on realistic view
// models: a voted two-turn battle page with full demo answers, and leaderboards of 6 to
// 30 models with their chart and both heatmaps. Run:
//
//	go test ./arena/web -run '^$' -bench 'Render' -benchmem -count 10 | tee render.txt
//	go run golang.org/x/perf/cmd/benchstat@latest render.txt   # the medians

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/a-h/templ"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/views"
)

// demoAnswer is what a built-in demo model answers to prompt, in full.
func demoAnswer(b *testing.B, model, prompt string) string {
	b.Helper()
	d, err := llm.NewDemo(arena.Model{Name: model, ModelID: model, MaxTokens: 1024}, llm.Instant)
	if err != nil {
		b.Fatal(err)
	}
	c, err := d.Stream(context.Background(), arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: prompt}}}, nil)
	if err != nil {
		b.Fatal(err)
	}
	return c.Text
}

func benchPage() views.Page {
	return views.Page{Title: "Battle", Section: "arena", CSRF: "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4",
		User: &views.Viewer{Name: "ada", Guest: false}, Scripts: []string{"battle.js"}}
}

// battleView is a voted two-turn battle, as the page shows it after the reveal.
func battleView(b *testing.B, markdown bool) (views.BattleView, [][2]string) {
	b.Helper()
	prompts := []string{"Write a Go function that reverses a string, and explain how it handles Unicode.",
		"Now make it reverse words instead of characters."}
	var texts [][2]string
	v := views.BattleView{ID: "7lzp2kpqlv34kary", Status: "voted", Reasons: arena.Reasons,
		Reveal: &views.RevealView{NameA: "demo-coder (demo)", NameB: "demo-scholar (demo)", Winner: "model_a", Points: 8}}
	for _, p := range prompts {
		a, bb := demoAnswer(b, "demo-coder", p), demoAnswer(b, "demo-scholar", p)
		texts = append(texts, [2]string{a, bb})
		t := views.TurnView{Prompt: p, A: views.AnswerView{Status: "done"}, B: views.AnswerView{Status: "done"}}
		if !markdown {
			t.A.HTML, t.B.HTML = views.RenderMarkdown(a), views.RenderMarkdown(bb)
		}
		v.Turns = append(v.Turns, t)
	}
	return v, texts
}

// BenchmarkRenderBattlePage renders the battle page's templ component into a buffer,
// with the answers' HTML already rendered.
func BenchmarkRenderBattlePage(b *testing.B) {
	v, _ := battleView(b, false)
	p := benchPage()
	ctx := context.Background()
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := views.BattlePage(p, v).Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// BenchmarkRenderBattlePageMarkdown is the whole of what the battle handler renders per
// request: both answers of every turn from Markdown (goldmark, chroma, bluemonday;
// finished answers come from the cache after the first request), then the page.
func BenchmarkRenderBattlePageMarkdown(b *testing.B) {
	v, texts := battleView(b, true)
	p := benchPage()
	ctx := context.Background()
	var buf bytes.Buffer
	for b.Loop() {
		for i := range v.Turns {
			v.Turns[i].A.HTML = views.RenderMarkdownCached(texts[i][0])
			v.Turns[i].B.HTML = views.RenderMarkdownCached(texts[i][1])
		}
		buf.Reset()
		if err := views.BattlePage(p, v).Render(ctx, &buf); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}

// leaderboardView is an n-model board with intervals, the ratings chart and both
// heatmaps, as the handler builds it.
func leaderboardView(n int) views.LeaderboardView {
	rng := rand.New(rand.NewPCG(1, 2))
	v := views.LeaderboardView{Categories: arena.Categories, Battles: 184_213, Bootstrapped: true, ProvisionalBelow: 20}
	labels := make([]string, n)
	for i := range n {
		r := 1350 - 9*float64(i) + rng.Float64()*4
		lo, hi := r-4-rng.Float64()*8, r+4+rng.Float64()*8
		name := fmt.Sprintf("lab%d-model-%d-instruct", i%7, i)
		labels[i] = name
		v.Rows = append(v.Rows, views.BoardRow{Rank: 1 + i/2, Name: name, Display: name, Org: fmt.Sprintf("Lab %d", i%7),
			Rating: r, Lower: &lo, Upper: &hi, Votes: int64(400 + rng.IntN(20000)), Provisional: i == n-1})
	}
	win := make([][]*float64, n)
	counts := make([][]*float64, n)
	for i := range n {
		win[i], counts[i] = make([]*float64, n), make([]*float64, n)
		for j := range n {
			if i == j {
				continue
			}
			w := 1 / (1 + math.Pow(10, (v.Rows[j].Rating-v.Rows[i].Rating)/400))
			c := float64(rng.IntN(900))
			win[i][j], counts[i][j] = &w, &c
		}
	}
	v.Chart = views.NewChart(v.Rows)
	v.WinRate = views.NewHeatmap("Observed win rate of the row model against the column model", labels, win, 0, 1,
		func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }, views.WinLossScale)
	v.Counts = views.NewHeatmap("Battles between each pair", labels, counts, 0, 900,
		func(x float64) string { return fmt.Sprintf("%.0f", x) }, views.CountScale)
	return v
}

// BenchmarkRenderLeaderboard renders the leaderboard page's templ component, for the
// six demo models, a small arena and a 30-model one. Its two heatmaps grow with the
// square of the number of models.
func BenchmarkRenderLeaderboard(b *testing.B) {
	b.Run("cached-board", func(b *testing.B) {
		// What the handler does between votes: the page around a cached board.
		v := leaderboardView(30)
		var board bytes.Buffer
		views.Board(v).Render(context.Background(), &board)
		p := benchPage()
		var buf bytes.Buffer
		for b.Loop() {
			buf.Reset()
			if err := views.LeaderboardPage(p, v, templ.Raw(board.String())).Render(context.Background(), &buf); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, n := range []int{6, 12, 30} {
		b.Run(fmt.Sprintf("models=%d", n), func(b *testing.B) {
			v := leaderboardView(n)
			p := benchPage()
			p.Title, p.Section, p.Scripts = "Leaderboard", "leaderboard", []string{"leaderboard.js"}
			ctx := context.Background()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := views.LeaderboardPage(p, v, views.Board(v)).Render(ctx, &buf); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(buf.Len()))
		})
	}
}
