package llm_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// A prompt with images goes out as content parts, the text first and each image as a
// data: URL of its stored bytes; the answers before it and prompts without images stay
// plain strings.
func TestOpenAISendsImagesAsContentParts(t *testing.T) {
	srv := llmtest.NewServer(t)
	p, err := llm.NewOpenAI(model(srv.URL, "vision-test"), key(""), nil)
	if err != nil {
		t.Fatal(err)
	}
	png := images.Image{SHA256: strings.Repeat("a", 64), MIME: "image/png", Data: []byte("\x89PNG stored bytes")}
	jpg := images.Image{SHA256: strings.Repeat("b", 64), MIME: "image/jpeg", Data: []byte("\xff\xd8\xff stored")}
	req := arena.ChatRequest{Messages: []arena.Message{
		{Role: "user", Content: "What is this?", Images: []images.Image{png}},
		{Role: "assistant", Content: "A cat."},
		{Role: "user", Content: "And these?", Images: []images.Image{jpg, png}},
		{Role: "user", Content: "Thanks"},
	}}
	c, err := stream(t, context.Background(), p, req)
	if err != nil {
		t.Fatal(err)
	}
	if c.Text != "Echo: Thanks" {
		t.Errorf("answer %q", c.Text)
	}
	url := func(mime string, b []byte) *llmtest.ImageURL {
		return &llmtest.ImageURL{URL: "data:" + mime + ";base64," + base64.StdEncoding.EncodeToString(b)}
	}
	want := []llmtest.Message{
		{Role: "user", Content: "What is this?", Parts: []llmtest.Part{{Type: "text", Text: "What is this?"},
			{Type: "image_url", ImageURL: url("image/png", png.Data)}}},
		{Role: "assistant", Content: "A cat."},
		{Role: "user", Content: "And these?", Parts: []llmtest.Part{{Type: "text", Text: "And these?"},
			{Type: "image_url", ImageURL: url("image/jpeg", jpg.Data)}, {Type: "image_url", ImageURL: url("image/png", png.Data)}}},
		{Role: "user", Content: "Thanks"},
	}
	got := srv.Requests()[0]
	if !reflect.DeepEqual(got.Messages, want) {
		t.Errorf("messages\n%+v\nwant\n%+v", got.Messages, want)
	}
	// The wire form itself: a string where there are no images, an array where there are.
	var body struct {
		Messages []struct {
			Content json.RawMessage `json:"content"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(got.Body, &body); err != nil {
		t.Fatal(err)
	}
	if s := string(body.Messages[1].Content); s != `"A cat."` {
		t.Errorf("the answer was sent as %s", s)
	}
	wantFirst := `[{"type":"text","text":"What is this?"},{"type":"image_url","image_url":{"url":"data:image/png;base64,` +
		base64.StdEncoding.EncodeToString(png.Data) + `"}}]`
	if s := string(body.Messages[0].Content); s != wantFirst {
		t.Errorf("the first prompt was sent as %s, want %s", s, wantFirst)
	}
}

// The fake server refuses content that is neither a string nor content parts, as real
// endpoints do, so a test cannot pass on a body no endpoint would read.
func TestFakeServerRefusesBadContent(t *testing.T) {
	for _, body := range []string{`{"role":"user","content":42}`, `{"role":"user","content":[{"type":"audio"}]}`,
		`{"role":"user","content":[{"type":"image_url"}]}`} {
		var m llmtest.Message
		if err := json.Unmarshal([]byte(body), &m); err == nil {
			t.Errorf("%s accepted as %+v", body, m)
		}
	}
}
