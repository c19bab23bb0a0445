package llm_test

import (
	"context"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// BenchmarkDemoPainter is one demo image answer, drawn and ingested, per model.
func BenchmarkDemoPainter(b *testing.B) {
	for _, m := range llm.DemoImageModels() {
		b.Run(m.Name, func(b *testing.B) {
			p, err := llm.New(m, llm.Options{DemoDelay: llm.Instant})
			if err != nil {
				b.Fatal(err)
			}
			req := arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "three blue stars and a big red circle at night"}}}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := p.Stream(context.Background(), req, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkOpenAIImages is one Images API generation over loopback HTTP from the fake
// server, its 16 × 16 PNG decoded and ingested: the arena's own cost per image call.
func BenchmarkOpenAIImages(b *testing.B) {
	srv := llmtest.NewServer(b)
	p, err := llm.New(imageModel(srv.URL, "bench-img", arena.OutputImage), llm.Options{})
	if err != nil {
		b.Fatal(err)
	}
	req := drawReq("a red circle")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := p.Stream(context.Background(), req, nil); err != nil {
			b.Fatal(err)
		}
	}
}
