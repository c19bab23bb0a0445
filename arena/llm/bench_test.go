package llm_test

import (
	"bufio"
	"bytes"
	"context"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// reportTTFT reports the median and 90th percentile of the time to first token.
func reportTTFT(b *testing.B, ttft []time.Duration) {
	slices.Sort(ttft)
	b.ReportMetric(float64(ttft[len(ttft)/2].Nanoseconds())/1e3, "µs-ttft-p50")
	b.ReportMetric(float64(ttft[len(ttft)*9/10].Nanoseconds())/1e3, "µs-ttft-p90")
}

// BenchmarkTTFT compares the time to first token through the client with a bare HTTP
// request that stops at the first content line: the difference is what the client adds
// (request encoding, SSE parsing, JSON decoding, timers).
//
//	go test -run '^$' -bench TTFT -benchtime 3000x -count 3 ./arena/llm/
func BenchmarkTTFT(b *testing.B) {
	srv := llmtest.NewServer(b)
	msgs := []arena.Message{{Role: "user", Content: "Give me a one-line answer about benchmarks."}}

	b.Run("raw", func(b *testing.B) {
		body := []byte(`{"model":"echo","messages":[{"role":"user","content":"Give me a one-line answer about benchmarks."}],"stream":true,"stream_options":{"include_usage":true}}`)
		ttft := make([]time.Duration, 0, b.N)
		for b.Loop() {
			start := time.Now()
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/chat/completions", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Fatal(err)
			}
			r := bufio.NewReader(resp.Body)
			for {
				line, err := r.ReadSlice('\n')
				if err != nil {
					b.Fatal("no content line")
				}
				if i := bytes.Index(line, []byte(`"content":"`)); i >= 0 && line[i+11] != '"' {
					break
				}
			}
			ttft = append(ttft, time.Since(start))
			r.WriteTo(discard{})
			resp.Body.Close()
		}
		reportTTFT(b, ttft)
	})

	b.Run("client", func(b *testing.B) {
		p, err := llm.NewOpenAI(arena.Model{Name: "bench", Provider: arena.ProviderOpenAI, BaseURL: srv.URL, ModelID: "echo"}, nil, nil)
		if err != nil {
			b.Fatal(err)
		}
		ttft := make([]time.Duration, 0, b.N)
		for b.Loop() {
			c, err := p.Stream(context.Background(), arena.ChatRequest{Messages: msgs}, func(arena.Delta) {})
			if err != nil {
				b.Fatal(err)
			}
			ttft = append(ttft, c.FirstToken)
		}
		reportTTFT(b, ttft)
	})
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkDemoAnswer measures building and streaming a demo answer with no pacing.
//
//	go test -run '^$' -bench DemoAnswer ./arena/llm/
func BenchmarkDemoAnswer(b *testing.B) {
	p, err := llm.New(llm.DemoModels()[1], llm.Options{DemoDelay: llm.Instant})
	if err != nil {
		b.Fatal(err)
	}
	req := arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "How do I reverse a linked list in Go?"}}}
	for b.Loop() {
		if _, err := p.Stream(context.Background(), req, func(arena.Delta) {}); err != nil {
			b.Fatal(err)
		}
	}
}
