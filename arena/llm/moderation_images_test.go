package llm_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

func flatImage(t *testing.T, c color.RGBA) images.Image {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var b bytes.Buffer
	png.Encode(&b, m)
	im, err := images.Ingest("x.png", b.Bytes(), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// Images go to the moderation endpoint in one request, each an image_url input part
// of its data: URL; any flagged image flags the prompt with its categories, and an
// endpoint that answers an error is an error, not a pass.
func TestModerationImages(t *testing.T) {
	srv := llmtest.NewServer(t)
	green, red := flatImage(t, color.RGBA{0, 255, 0, 255}), flatImage(t, color.RGBA{255, 0, 0, 255})
	srv.Moderate(func(in llmtest.ModerationInput) []string {
		if in.ImageURL == red.DataURL() {
			return []string{"violence"}
		}
		return nil
	}, 0)
	m, err := llm.NewModeration(srv.URL, "", "omni-moderation-latest", nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := m.CheckImages(t.Context(), []images.Image{green}); err != nil || r != "" {
		t.Fatalf("a clean image: %q %v", r, err)
	}
	reqs := srv.ModerationRequests()
	if len(reqs) != 1 || len(reqs[0]) != 1 || reqs[0][0].Type != "image_url" || reqs[0][0].ImageURL != green.DataURL() ||
		!strings.HasPrefix(reqs[0][0].ImageURL, "data:image/png;base64,") {
		t.Fatalf("the endpoint was sent %+v", reqs)
	}
	r, err := m.CheckImages(t.Context(), []images.Image{green, red})
	if err != nil || r != "flagged by the moderation endpoint (violence)" {
		t.Fatalf("a flagged image among two: %q %v", r, err)
	}
	if reqs := srv.ModerationRequests(); len(reqs) != 2 || len(reqs[1]) != 2 {
		t.Errorf("two images were not sent in one request: %+v", reqs)
	}
	srv.Moderate(nil, 503)
	if _, err := m.CheckImages(t.Context(), []images.Image{green}); err == nil {
		t.Fatalf("an endpoint answering 503: %v", err)
	}
}
