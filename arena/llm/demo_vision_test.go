package llm

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// stored ingests img as the arena stores it.
func stored(t *testing.T, img image.Image) images.Image {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	im, err := images.Ingest("", b.Bytes(), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return im
}

func fill(w, h int, at func(x, y int) color.RGBA) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetRGBA(x, y, at(x, y))
		}
	}
	return img
}

func TestMeasureImage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name       string
		img        image.Image
		w, h       int
		colour     string
		brightness [2]float64
		textLike   bool
	}{
		{"red", fill(300, 200, func(int, int) color.RGBA { return color.RGBA{220, 20, 20, 255} }), 300, 200, "red", [2]float64{0.1, 0.4}, true},
		// Black strokes on white: a page of text, as far as pixels go.
		{"page", fill(400, 300, func(x, y int) color.RGBA {
			if y%12 < 3 && x%9 < 6 {
				return color.RGBA{0, 0, 0, 255}
			}
			return color.RGBA{255, 255, 255, 255}
		}), 400, 300, "white", [2]float64{0.7, 1}, true},
		// A noisy blue-green gradient: a photo's many colours.
		{"photo", fill(320, 240, func(x, y int) color.RGBA {
			return color.RGBA{uint8(rng.IntN(40)), uint8(60 + x*150/320 + rng.IntN(30)), uint8(120 + y*120/240 + rng.IntN(15)), 255}
		}), 320, 240, "", [2]float64{0.2, 0.7}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := MeasureImage(stored(t, c.img))
			if err != nil {
				t.Fatal(err)
			}
			if f.Width != c.w || f.Height != c.h {
				t.Errorf("size %d×%d, want %d×%d", f.Width, f.Height, c.w, c.h)
			}
			if c.colour != "" && (len(f.Colours) == 0 || f.Colours[0].Name != c.colour) {
				t.Errorf("colours %+v, want %s first", f.Colours, c.colour)
			}
			if f.Brightness < c.brightness[0] || f.Brightness > c.brightness[1] {
				t.Errorf("brightness %.2f, want %.2f to %.2f", f.Brightness, c.brightness[0], c.brightness[1])
			}
			if f.TextLike != c.textLike {
				t.Errorf("text-like %v, want %v (%+v)", f.TextLike, c.textLike, f)
			}
		})
	}
}

// The vision demo models say what they measured of the prompt's images; the others,
// which take none, never mention them; and there are at least two of them, so a fresh
// arena can hold a vision battle.
func TestDemoVisionAnswers(t *testing.T) {
	vision := 0
	for _, m := range DemoModels() {
		if m.Vision {
			vision++
		}
	}
	if vision < 2 {
		t.Fatalf("%d demo models take images; a vision battle needs two", vision)
	}
	red := stored(t, fill(300, 200, func(int, int) color.RGBA { return color.RGBA{220, 20, 20, 255} }))
	msgs := []arena.Message{{Role: "user", Content: "What is in this picture?", Images: []images.Image{red}}}
	for _, s := range demoStyles {
		got := demo(t, s.id, Instant).answer(msgs, 0)
		says := strings.Contains(got, "300 × 200") && strings.Contains(got, "red (100%)")
		if s.vision && !says {
			t.Errorf("%s did not describe the image:\n%s", s.id, got)
		}
		if !s.vision && strings.Contains(got, "300 × 200") {
			t.Errorf("%s takes no images and described one:\n%s", s.id, got)
		}
	}
	full := demo(t, "demo-scholar", Instant).answer(msgs, 0)
	for _, want := range []string{"landscape", "text-like", "brightness is", "cannot tell what the image shows"} {
		if !strings.Contains(full, want) {
			t.Errorf("demo-scholar's description lacks %q:\n%s", want, full)
		}
	}
}
