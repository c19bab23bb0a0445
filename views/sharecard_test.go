package views

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/image/math/fixed"
)

func cardView(prompt, a, b, winner string) SharedBattleView {
	return SharedBattleView{
		Battle: BattleView{Turns: []TurnView{{Prompt: prompt}}, Reveal: &RevealView{NameA: a, NameB: b, Winner: winner}},
		Voted:  time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
	}
}

// drawCard renders v and decodes it again, as a crawler would.
func drawCard(t testing.TB, v SharedBattleView) (*bytes.Buffer, image.Image) {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteShareCard(&buf, v); err != nil {
		t.Fatal(err)
	}
	raw := bytes.Clone(buf.Bytes())
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("the card is not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 630 {
		t.Fatalf("the card is %v, want 1200×630", b)
	}
	if buf.Len() > ShareCardMaxBytes {
		t.Errorf("the card is %d bytes, past the bound of %d", buf.Len(), ShareCardMaxBytes)
	}
	return &buf, img
}

// colours counts the distinct colours of img within r.
func colours(img image.Image, r image.Rectangle) int {
	seen := map[[4]uint32]bool{}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, ca := img.At(x, y).RGBA()
			seen[[4]uint32{cr, cg, cb, ca}] = true
		}
	}
	return len(seen)
}

// differs reports whether a and b differ anywhere within r.
func differs(a, b image.Image, r image.Rectangle) bool {
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return true
			}
		}
	}
	return false
}

// Where the card draws what, as WriteShareCard lays it out.
var (
	promptArea = image.Rect(96, 170, 1104, 400)
	modelAArea = image.Rect(92, 476, 560, 530)
	modelBArea = image.Rect(640, 476, 1108, 530)
)

// TestShareCardDrawsItsBattle: the card is a 1200×630 PNG with text on it, and what it
// shows of the battle is drawn from the battle: another prompt changes the prompt's
// box and only it, another model name that model's box, another vote the boxes.
func TestShareCardDrawsItsBattle(t *testing.T) {
	base := cardView("Why is the sky blue at noon but red at sunset?", "alpha-7b", "beta-13b", "model_a")
	_, img := drawCard(t, base)
	if n := colours(img, img.Bounds()); n < 16 {
		t.Fatalf("the card has %d colours: no text is drawn", n)
	}
	if n := colours(img, promptArea); n < 8 {
		t.Errorf("the prompt's box has %d colours: the prompt is not drawn", n)
	}
	for _, area := range []image.Rectangle{modelAArea, modelBArea} {
		if n := colours(img, area); n < 8 {
			t.Errorf("a model's box %v has %d colours: its name is not drawn", area, n)
		}
	}

	other := base
	other.Battle.Turns = []TurnView{{Prompt: "Write a haiku about the sea."}}
	_, img2 := drawCard(t, other)
	if !differs(img, img2, promptArea) {
		t.Error("another prompt drew the same prompt box")
	}
	if differs(img, img2, modelAArea) || differs(img, img2, modelBArea) {
		t.Error("another prompt changed the models' boxes")
	}

	renamed := cardView(base.Battle.Turns[0].Prompt, "alpha-7b", "gamma-70b", "model_a")
	_, img3 := drawCard(t, renamed)
	if !differs(img, img3, modelBArea) || differs(img, img3, modelAArea) || differs(img, img3, promptArea) {
		t.Error("another name for Model B did not change its box, and its box alone")
	}

	// The winner's box is green, the other grey; a tie greys both, both bad reddens both.
	boxAt := func(img image.Image, x int) [3]uint32 {
		r, g, b, _ := img.At(x, 520).RGBA()
		return [3]uint32{r >> 8, g >> 8, b >> 8}
	}
	green, grey, red := [3]uint32{0xdc, 0xfc, 0xe7}, [3]uint32{0xf6, 0xf6, 0xf7}, [3]uint32{0xfe, 0xe2, 0xe2}
	for winner, want := range map[string][2][3]uint32{"model_a": {green, grey}, "model_b": {grey, green}, "tie": {grey, grey}, "both_bad": {red, red}} {
		_, img := drawCard(t, cardView("p", "a", "b", winner))
		if got := [2][3]uint32{boxAt(img, 80), boxAt(img, 628)}; got != want {
			t.Errorf("%s: the boxes are %x, want %x", winner, got, want)
		}
	}
}

// TestShareCardLongPrompt: a prompt of 10,000 characters in scripts the font covers and
// does not (Chinese, emoji) draws within the size bound.
func TestShareCardLongPrompt(t *testing.T) {
	var b strings.Builder
	for i := 0; utf8.RuneCountInString(b.String()) < 10000; i++ {
		b.WriteString("写一首关于秋天的诗 🍂👩‍👩‍👧🇫🇷 Ünïcödé Ελληνικά Русский ")
	}
	prompt := string([]rune(b.String())[:10000])
	buf, img := drawCard(t, cardView(prompt, strings.Repeat("名前", 40), "emoji-🤖-model", "model_b"))
	if n := colours(img, promptArea); n < 8 {
		t.Errorf("the prompt's box has %d colours: nothing of the prompt is drawn", n)
	}
	t.Logf("%d bytes", buf.Len())
}

// TestShareCardDenseText: the densest card the drawing allows (every line full of
// wide, dark glyphs in every box) stays within the bound.
func TestShareCardDenseText(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	const glyphs = "WM@#%&QBgjmw8$ЖЩЮΩΨ"
	g := []rune(glyphs)
	var b strings.Builder
	for range 3000 {
		b.WriteRune(g[rng.IntN(len(g))])
	}
	buf, _ := drawCard(t, cardView(b.String(), b.String()[:200], b.String()[200:400], "both_bad"))
	t.Logf("%d bytes", buf.Len())
}

func testFace(t testing.TB, px float64) *cardFace {
	t.Helper()
	fs, err := cardFonts()
	if err != nil {
		t.Fatal(err)
	}
	return newCardFace(fs[0], px)
}

// TestDrawable: what the font lacks is drawn as what reads as one character each, or
// with fewer accents; what it has is kept.
func TestDrawable(t *testing.T) {
	f := testFace(t, 34)
	for in, want := range map[string]string{
		"Café Ελληνικά Русский":     "Café Ελληνικά Русский",
		"Cafe\u0301":                "Café", // composed first
		"Tiếng":                     "Tiêng",
		"中文":                        "□□",
		"a👩‍👩‍👧b":                   "a□b", // one family, joined
		"🇫🇷🇩🇪":                      "□□",  // two flags
		"👍🏽 ok":                     "□ ok",
		"❤️":                        "□",
		"tab\there\x00\u200bnull":   "tab herenull",
		"two\nlines":                "two\nlines",
		"x\u0489":                   "x", // an enclosing mark the font lacks
		"\u05e9\u05dc\u05d5\u05dd!": "□□□□!",
	} {
		if got := drawable(f, in); got != want {
			t.Errorf("drawable(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestWrapText: lines fit their width, break at spaces or inside a word too long for
// one, keep paragraphs apart, and end in an ellipsis exactly when something is left out.
func TestWrapText(t *testing.T) {
	f := testFace(t, 34)
	const width = 320
	fits := func(lines []string) {
		t.Helper()
		for _, l := range lines {
			if w := measure(f, l); w > fixed.I(width) {
				t.Errorf("line %q is %d px wide, past %d", l, w.Ceil(), width)
			}
		}
	}
	cases := []struct {
		in    string
		lines int
		more  bool
		want  []string
	}{
		{"short", 3, false, []string{"short"}},
		{"one\n\n\ntwo", 3, false, []string{"one", "two"}},
		{"one\ntwo\nthree", 2, false, []string{"one", "two…"}},
		{"one\ntwo", 2, false, []string{"one", "two"}},
		{"one\ntwo\n\n  \n", 2, false, []string{"one", "two"}},
		{"one\ntwo", 2, true, []string{"one", "two…"}},
		{"the quick brown fox jumps over the lazy dog", 5, false, []string{"the quick brown fox", "jumps over the lazy", "dog"}},
		{"the quick brown fox jumps over the lazy dog", 2, false, []string{"the quick brown fox", "jumps over the…"}},
	}
	for _, c := range cases {
		got := wrapText(f, c.in, width, c.lines, c.more)
		fits(got)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("wrapText(%q, %d lines, more %v) = %q, want %q", c.in, c.lines, c.more, got, c.want)
		}
	}

	// Text without spaces breaks anywhere, filling each line.
	long := strings.Repeat("abcdefghij", 30)
	got := wrapText(f, "go "+long, width, 3, false)
	fits(got)
	if len(got) != 3 || !strings.HasPrefix(got[0], "go abc") || !strings.HasSuffix(got[2], "…") {
		t.Errorf("a long word: %q", got)
	}
	if joined := strings.TrimSuffix(strings.Join(got, ""), "…"); !strings.HasPrefix("go "+long, joined) {
		t.Errorf("a long word's lines %q are not its start", got)
	}
}

func measure(f *cardFace, s string) fixed.Int26_6 {
	var w fixed.Int26_6
	for _, r := range s {
		a, _ := f.GlyphAdvance(r)
		w += a
	}
	return w
}

// TestCardETag: the ETag changes with everything the card draws, and only with it.
func TestCardETag(t *testing.T) {
	base := cardView("a prompt", "a", "b", "model_a")
	tags := map[string]string{"base": base.CardETag()}
	if again := cardView("a prompt", "a", "b", "model_a").CardETag(); again != tags["base"] {
		t.Errorf("the same card has two ETags: %s %s", tags["base"], again)
	}
	withReasons := base
	withReasons.Battle.Reveal = &RevealView{NameA: "a", NameB: "b", Winner: "model_a", Reasons: []string{"clearer"}}
	if withReasons.CardETag() != tags["base"] {
		t.Error("the reasons, which the card does not draw, changed its ETag")
	}
	later := base
	later.Voted = base.Voted.AddDate(0, 0, 1)
	turns := base
	turns.Battle.Turns = []TurnView{{Prompt: "a prompt"}, {Prompt: "more"}}
	for name, v := range map[string]SharedBattleView{
		"prompt": cardView("another prompt", "a", "b", "model_a"), "name A": cardView("a prompt", "c", "b", "model_a"),
		"name B": cardView("a prompt", "a", "c", "model_a"), "winner": cardView("a prompt", "a", "b", "tie"),
		"date": later, "turns": turns,
	} {
		tag := v.CardETag()
		for other, seen := range tags {
			if tag == seen {
				t.Errorf("another %s has the ETag of %s", name, other)
			}
		}
		tags[name] = tag
	}
}

// BenchmarkShareCard draws a card for a short prompt and for a long one in scripts the
// font lacks; png-bytes is the card's size.
func BenchmarkShareCard(b *testing.B) {
	long := strings.Repeat("写一首关于秋天的诗 🍂👩‍👩‍👧 Ünïcödé Ελληνικά ", 400)
	for name, v := range map[string]SharedBattleView{
		"short": cardView("Why is the sky blue at noon but red at sunset? Explain it to a five-year-old.", "alpha-7b", "beta-13b", "model_a"),
		"long":  cardView(long, strings.Repeat("model ", 20), "beta-13b", "tie"),
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := WriteShareCard(&buf, v); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len()), "png-bytes")
		})
	}
}

// TestShareCardPalette: cards are indexed to a palette, the fast way to write them, and
// the indexing keeps every pixel; an image of more than 256 colours gets none (and
// WriteShareCard writes it in true colour).
func TestShareCardPalette(t *testing.T) {
	for _, v := range []SharedBattleView{
		cardView("Why is the sky blue? AV To fi ff Ελληνικά", "alpha-7b", "beta-13b", "model_a"),
		cardView(strings.Repeat("写一首诗 🍂 WM@# ", 500), "a", "b", "both_bad"),
	} {
		_, img := drawCard(t, v)
		if _, ok := img.(*image.Paletted); !ok {
			t.Errorf("a card was written as %T: its colours did not fit a palette", img)
		}
	}

	c := canvases.Get().(*canvas)
	defer canvases.Put(c)
	pix := c.rgba.Pix
	for i := 0; i < len(pix); i += 4 {
		n := i / 4 % 200
		pix[i], pix[i+1], pix[i+2], pix[i+3] = uint8(n), uint8(255-n), 7, 255
	}
	p := c.index()
	if p == nil || len(p.Palette) != 200 {
		t.Fatalf("200 colours: %v", p)
	}
	for i := 0; i < len(pix); i += 4 * 997 {
		if got, want := p.Palette[p.Pix[i/4]], c.rgba.At(i/4%ShareCardWidth, i/4/ShareCardWidth); got != want {
			t.Fatalf("pixel %d is %v indexed, %v drawn", i/4, got, want)
		}
	}
	// 60 colours more: past 256.
	for i := range 60 {
		pix[4*i+2] = 100 + uint8(i)
	}
	if p := c.index(); p != nil {
		t.Fatalf("%d colours made a palette", len(p.Palette))
	}
}

// FuzzWrapText: any text lays out in at most the lines asked for, each within its width,
// in characters the font has.
func FuzzWrapText(f *testing.F) {
	for _, s := range []string{"short", "one\ntwo\nthree", "写一首关于秋天的诗 🍂👩‍👩‍👧🇫🇷", "Tiếng Việt\u0301\u200d\t\x00", strings.Repeat("W", 300)} {
		f.Add(s, 300, 3)
	}
	face := testFace(f, 34)
	f.Fuzz(func(t *testing.T, s string, width, lines int) {
		if width < 60 || width > 2000 || lines < 1 || lines > 8 {
			t.Skip()
		}
		got := wrapText(face, s, width, lines, false)
		if len(got) > lines {
			t.Fatalf("%d lines, asked for %d", len(got), lines)
		}
		for _, l := range got {
			if w := measure(face, l); w > fixed.I(width) {
				t.Errorf("line %q is %d px wide, past %d", l, w.Ceil(), width)
			}
			for _, r := range l {
				if !face.has(r) {
					t.Errorf("line %q has %U, which the font lacks", l, r)
				}
			}
		}
	})
}
