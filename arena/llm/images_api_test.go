package llm_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// imageModel is an Images API model on the fake server.
func imageModel(base, id, output string) arena.Model {
	m := model(base, id)
	m.Output = output
	return m
}

func drawReq(prompt string, input ...images.Image) arena.ChatRequest {
	return arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: prompt, Images: input}}, User: "u-hash"}
}

// A prompt alone is a generation: POST /v1/images/generations with exactly the fields
// the Images API takes, the key as a bearer token; the image answered is decoded from
// data[0].b64_json, ingested (re-encoded, named by its SHA-256) and returned with no text.
func TestOpenAIImagesGenerates(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.RequireAPIKey("sk-img")
	m := imageModel(srv.URL, "painter-1", arena.OutputImage)
	m.ImageSize = "512x512"
	p, err := llm.New(m, llm.Options{Keys: key("sk-img")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Stream(context.Background(), drawReq("a red circle"), func(arena.Delta) { t.Error("an image model streamed text") })
	if err != nil {
		t.Fatal(err)
	}
	want, err := images.Ingest("", llmtest.PromptImage("a red circle"), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Images) != 1 || c.Images[0].SHA256 != want.SHA256 || !bytes.Equal(c.Images[0].Data, want.Data) || c.Images[0].MIME != "image/png" ||
		c.Images[0].Width != 16 || c.Text != "" || c.FinishReason != "stop" || c.RequestID == "" {
		t.Fatalf("completion %+v, want the one image %s", c, want.SHA256)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	wantFields := map[string]string{"model": "painter-1", "prompt": "a red circle", "n": "1", "response_format": "b64_json", "size": "512x512", "user": "u-hash"}
	if r.Path != "/v1/images/generations" || r.Header.Get("Content-Type") != "application/json" || r.Header.Get("Authorization") != "Bearer sk-img" ||
		r.Header.Get("X-Request-Id") != c.RequestID || !sameFields(r.Fields, wantFields) {
		t.Errorf("request %s %v fields %v, want %v", r.Path, r.Header, r.Fields, wantFields)
	}

	// Without a size, none is sent: the endpoint's default.
	m.ImageSize = ""
	p, _ = llm.New(m, llm.Options{Keys: key("sk-img")})
	if _, err := p.Stream(context.Background(), arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "blue"}}}, nil); err != nil {
		t.Fatal(err)
	}
	if f := srv.Requests()[1].Fields; f["size"] != "" || f["user"] != "" || len(f) != 4 {
		t.Errorf("fields without a size or user: %v", f)
	}
}

func sameFields(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// A prompt with an image is an edit: POST /v1/images/edits as a multipart form whose
// image part is the stored bytes with their type, beside the prompt, model and format.
// A model that only generates refuses an edit before calling anyone.
func TestOpenAIImagesEdits(t *testing.T) {
	srv := llmtest.NewServer(t)
	in, err := images.Ingest("", llmtest.PromptImage("the input"), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	p, err := llm.New(imageModel(srv.URL, "editor-1", arena.OutputImageEdit), llm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	req := arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "make it blue", Images: []images.Image{in}}}}
	c, err := p.Stream(context.Background(), req, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := images.Ingest("", llmtest.PromptImage("make it blue"), images.Limits{})
	if len(c.Images) != 1 || c.Images[0].SHA256 != want.SHA256 {
		t.Fatalf("completion %+v", c)
	}
	r := srv.Requests()[0]
	wantFields := map[string]string{"model": "editor-1", "prompt": "make it blue", "n": "1", "response_format": "b64_json"}
	if r.Path != "/v1/images/edits" || !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data; boundary=") || !sameFields(r.Fields, wantFields) ||
		!bytes.Equal(r.Image, in.Data) || r.ImageFilename != "image.png" || r.ImageContentType != "image/png" {
		t.Errorf("edit request %s %q fields %v file %q %q (%d bytes)", r.Path, r.Header.Get("Content-Type"), r.Fields, r.ImageFilename, r.ImageContentType, len(r.Image))
	}

	gen, _ := llm.New(imageModel(srv.URL, "painter-only", arena.OutputImage), llm.Options{})
	_, err = gen.Stream(context.Background(), req, nil)
	if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(arena.ErrorMessage(err), "draws from text only and cannot edit") {
		t.Errorf("an edit to a generate-only model: %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("the refused edit made a request (%d in all)", n)
	}
}

// What goes wrong is said: an HTTP error with the endpoint's message and status (a 429
// retried, as text calls are), an answer that is not base64, one with no image, and an
// SVG, a non-image and a truncated PNG from a model, refused as images.Ingest refuses a
// person's.
func TestOpenAIImagesFailures(t *testing.T) {
	srv := llmtest.NewServer(t)
	png := llmtest.PromptImage("x")
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	srv.Handle("bad-400", llmtest.Behavior{Status: 400, ErrorMessage: "Your prompt was rejected by the safety system."})
	srv.Handle("busy", llmtest.Behavior{Status: 429, FailFirst: 1, RetryAfter: "0"})
	srv.Handle("not-b64", llmtest.Behavior{ImageB64: "this is *not* base64!"})
	srv.Handle("no-image", llmtest.Behavior{NoImage: true})
	srv.Handle("svg", llmtest.Behavior{Image: svg})
	srv.Handle("html", llmtest.Behavior{Image: []byte("<html><body>hi</body></html>")})
	srv.Handle("truncated", llmtest.Behavior{Image: png[:len(png)/2]})
	cases := []struct {
		id, code, words string
		status          int
	}{
		{"fail-500", arena.EUNAVAILABLE, "answered HTTP 500", 500},
		{"bad-400", arena.EUNAVAILABLE, "HTTP 400 Bad Request: Your prompt was rejected by the safety system", 400},
		{"not-b64", arena.EUNAVAILABLE, "not valid base64", 0},
		{"no-image", arena.EUNAVAILABLE, "data[0].b64_json is missing", 0},
		{"svg", arena.EUNAVAILABLE, "image was refused: The image is an SVG or XML document", 0},
		{"html", arena.EUNAVAILABLE, "image was refused: The image is an HTML or XML document", 0},
		{"truncated", arena.EUNAVAILABLE, "image was refused: The image is truncated or corrupt", 0},
	}
	for _, tc := range cases {
		p, err := llm.New(imageModel(srv.URL, tc.id, arena.OutputImage), llm.Options{Retry: llm.RetryPolicy{Attempts: 1}})
		if err != nil {
			t.Fatal(err)
		}
		c, err := p.Stream(context.Background(), drawReq("a cat"), nil)
		var cf *arena.CallFailure
		if arena.ErrorCode(err) != tc.code || !strings.Contains(arena.ErrorMessage(err), tc.words) || !errors.As(err, &cf) || cf.HTTPStatus != tc.status || len(c.Images) != 0 {
			t.Errorf("%s: %v (%+v), want %s saying %q, status %d", tc.id, err, cf, tc.code, tc.words, tc.status)
		}
	}

	var waits []time.Duration
	p, _ := llm.New(imageModel(srv.URL, "busy", arena.OutputImage), llm.Options{Retry: llm.RetryPolicy{Sleep: func(_ context.Context, d time.Duration) error {
		waits = append(waits, d)
		return nil
	}}})
	c, err := p.Stream(context.Background(), drawReq("a cat"), nil)
	if err != nil || len(c.Images) != 1 || len(waits) != 1 {
		t.Errorf("a 429 then an image: %v, %d images, waits %v", err, len(c.Images), waits)
	}

	// Stalled past the model's timeout: said so, and a cancelled call is the caller's.
	srv.Handle("slow-image", llmtest.Behavior{FirstDelay: 2 * time.Second})
	m := imageModel(srv.URL, "slow-image", arena.OutputImage)
	m.Timeout = 100 * time.Millisecond
	p, _ = llm.New(m, llm.Options{Retry: llm.RetryPolicy{Attempts: 1}})
	if _, err := p.Stream(context.Background(), drawReq("a cat"), nil); !strings.Contains(arena.ErrorMessage(err), "no image within 100ms") {
		t.Errorf("a stalled image call: %v", err)
	}
}
