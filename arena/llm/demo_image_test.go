package llm_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
)

func painter(t *testing.T, id string) *llm.DemoPainter {
	t.Helper()
	p, err := llm.NewDemoPainter(arena.Model{Name: id, ModelID: id}, llm.Instant)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func decode(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// near reports whether c is within 40 of want in each channel.
func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(x uint32, y uint8) bool { return int(x>>8)-int(y) < 40 && int(y)-int(x>>8) < 40 }
	return d(r, want.R) && d(g, want.G) && d(b, want.B)
}

// count is how many pixels of img are near want.
func count(img image.Image, want color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), want) {
				n++
			}
		}
	}
	return n
}

var red, blue, green = color.RGBA{220, 40, 40, 255}, color.RGBA{40, 90, 220, 255}, color.RGBA{50, 170, 70, 255}

// The demo image models draw what the words say, the same every time: "a red circle"
// is red in the middle and not at the corners, a blue square is blue, and two models
// draw the same prompt differently; different words, a different picture.
func TestDemoPaintersDrawTheWords(t *testing.T) {
	for _, id := range []string{"demo-painter", "demo-blocks"} {
		p := painter(t, id)
		a, err := p.Draw("a red circle")
		if err != nil {
			t.Fatal(err)
		}
		again, _ := p.Draw("a red circle")
		if !bytes.Equal(a, again) {
			t.Errorf("%s: the same prompt drew different bytes", id)
		}
		img := decode(t, a)
		// Points off demo-blocks' grout lines (every 16 px).
		if img.Bounds().Dx() != llm.DemoCanvas || !near(img.At(133, 141), red) || near(img.At(3, 3), red) {
			t.Errorf("%s: a red circle is %v in the middle, %v in the corner", id, img.At(133, 141), img.At(3, 3))
		}
		// A circle, not a square: the box's corners around it are not red.
		if near(img.At(70, 85), red) || !near(img.At(70, 141), red) {
			t.Errorf("%s: the red shape is not round", id)
		}
		sq := decode(t, must(p.Draw("a blue square")))
		if !near(sq.At(70, 85), blue) || count(sq, red) > 0 {
			t.Errorf("%s: a blue square has %v near its corner and %d red pixels", id, sq.At(70, 85), count(sq, red))
		}
		three := decode(t, must(p.Draw("three green stars")))
		if count(three, green) < 500 {
			t.Errorf("%s: three green stars have %d green pixels", id, count(three, green))
		}
		if bytes.Equal(must(p.Draw("hello world")), must(p.Draw("goodbye moon"))) {
			t.Errorf("%s: different words drew the same picture", id)
		}
	}
	if bytes.Equal(must(painter(t, "demo-painter").Draw("a red circle")), must(painter(t, "demo-blocks").Draw("a red circle"))) {
		t.Error("demo-painter and demo-blocks drew the same picture")
	}
	if _, err := llm.NewDemoPainter(arena.Model{Name: "x", ModelID: "demo-terse"}, 0); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("a text demo as a painter: %v", err)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

// An edit changes the attached picture as the words say, the same way every time:
// "make it blue" tints it blue, "mirror" flips it, "add a red circle" draws one on it;
// demo-blocks turns it into tiles first, so the two edits differ.
func TestDemoPaintersEdit(t *testing.T) {
	// Left half green, right half white.
	src := image.NewRGBA(image.Rect(0, 0, 64, 32))
	for y := range 32 {
		for x := range 64 {
			c := color.RGBA{255, 255, 255, 255}
			if x < 32 {
				c = green
			}
			src.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	png.Encode(&b, src)
	in := b.Bytes()
	p := painter(t, "demo-painter")

	blued := decode(t, must(p.Edit("make it blue", in)))
	if r, _, bl, _ := blued.At(50, 10).RGBA(); bl <= r || blued.Bounds().Dx() != 64 {
		t.Errorf("make it blue: the white half is %v", blued.At(50, 10))
	}
	if !bytes.Equal(must(p.Edit("make it blue", in)), must(p.Edit("make it blue", in))) {
		t.Error("the same edit gave different bytes")
	}
	flipped := decode(t, must(p.Edit("mirror it", in)))
	if !near(flipped.At(60, 10), green) || near(flipped.At(3, 10), green) {
		t.Errorf("mirror: %v on the right, %v on the left", flipped.At(60, 10), flipped.At(3, 10))
	}
	circled := decode(t, must(p.Edit("add a red circle", in)))
	if count(circled, red) < 100 {
		t.Errorf("add a red circle: %d red pixels", count(circled, red))
	}
	if bytes.Equal(must(p.Edit("hello", in)), in) {
		t.Error("an edit of unknown words left the picture as it was")
	}
	if bytes.Equal(must(painter(t, "demo-blocks").Edit("make it blue", in)), must(p.Edit("make it blue", in))) {
		t.Error("demo-blocks and demo-painter edited alike")
	}
	if _, err := p.Edit("x", []byte("not an image")); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("an undecodable input: %v", err)
	}
}

// Through llm.New, a demo image model answers a ChatRequest as the Images API client
// does: an ingested image and no text; an edit when the prompt has an image. The seeded
// demo image models are labelled demo, draw and edit.
func TestDemoPainterProvider(t *testing.T) {
	ms := llm.DemoImageModels()
	if len(ms) != 2 || ms[0].Name != "demo-painter" || ms[1].Name != "demo-blocks" {
		t.Fatalf("demo image models %+v", ms)
	}
	for _, m := range ms {
		if !m.IsDemo() || !m.EditsImages() || m.DisplayName() != m.Name+" (demo)" || arena.ValidateModel(&m) != nil {
			t.Errorf("%s: %+v", m.Name, m)
		}
	}
	p, err := llm.New(ms[0], llm.Options{DemoDelay: llm.Instant})
	if err != nil {
		t.Fatal(err)
	}
	c, err := p.Stream(context.Background(), arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "a red circle"}}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := images.Ingest("", must(painter(t, "demo-painter").Draw("a red circle")), images.Limits{})
	if len(c.Images) != 1 || c.Images[0].SHA256 != want.SHA256 || c.Text != "" {
		t.Fatalf("completion %+v", c)
	}
	e, err := p.Stream(context.Background(), arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "make it blue", Images: c.Images}}}, nil)
	if err != nil || len(e.Images) != 1 || e.Images[0].SHA256 == want.SHA256 {
		t.Fatalf("edit: %v %+v", err, e)
	}
}
