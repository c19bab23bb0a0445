package views

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
	"golang.org/x/text/unicode/norm"
)

// The card's size is the one Open Graph and Twitter's large summary card ask for.
const (
	ShareCardWidth  = 1200
	ShareCardHeight = 630
)

// ShareCardMaxBytes bounds a card's PNG. A card of the densest text the drawing allows
// stays well under it; the server refuses to send one past it.
const ShareCardMaxBytes = 256 << 10

// shareCardDesign names the card's drawing in its ETag: change it with the drawing, so
// caches holding the old picture of a battle fetch the new one.
const shareCardDesign = "1"

// cardPromptBytes is how much of a prompt the card reads: five lines hold a few hundred
// characters, and a bound keeps the render's cost independent of the prompt's length.
const cardPromptBytes = 4096

// The static CSS's light theme, so the card looks like the page it links to.
var (
	cardBg     = color.RGBA{0xff, 0xff, 0xff, 0xff}
	cardFg     = color.RGBA{0x1a, 0x1a, 0x1a, 0xff}
	cardMuted  = color.RGBA{0x5a, 0x5a, 0x5a, 0xff}
	cardLine   = color.RGBA{0xd4, 0xd4, 0xd8, 0xff}
	cardPanel  = color.RGBA{0xf6, 0xf6, 0xf7, 0xff}
	cardAccent = color.RGBA{0x1d, 0x4e, 0xd8, 0xff}
	cardOk     = color.RGBA{0x16, 0x65, 0x34, 0xff}
	cardOkBg   = color.RGBA{0xdc, 0xfc, 0xe7, 0xff}
	cardErr    = color.RGBA{0x99, 0x1b, 0x1b, 0xff}
	cardErrBg  = color.RGBA{0xfe, 0xe2, 0xe2, 0xff}
)

// cardFonts are the Go fonts, parsed once; a parsed font is safe for concurrent use,
// a face is not, so each render makes its own.
var cardFonts = sync.OnceValues(func() ([2]*sfnt.Font, error) {
	var fs [2]*sfnt.Font
	for i, ttf := range [][]byte{goregular.TTF, gobold.TTF} {
		f, err := opentype.Parse(ttf)
		if err != nil {
			return fs, fmt.Errorf("parsing the card's font: %w", err)
		}
		fs[i] = f
	}
	return fs, nil
})

// cardFace is a face with the font it draws, to ask which characters it has.
type cardFace struct {
	font.Face
	f   *sfnt.Font
	buf sfnt.Buffer
}

func newCardFace(f *sfnt.Font, px float64) *cardFace {
	face, _ := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
	return &cardFace{Face: face, f: f}
}

func (c *cardFace) has(r rune) bool {
	i, err := c.f.GlyphIndex(&c.buf, r)
	return err == nil && i != 0
}

// CardETag identifies the card's picture of v: it changes when anything drawn does.
func (v SharedBattleView) CardETag() string {
	h := sha256.New()
	r := v.Battle.Reveal
	prompt, more := v.cardPrompt()
	for _, s := range []string{shareCardDesign, prompt, strconv.FormatBool(more), itoa(len(v.Battle.Turns)), r.NameA, r.NameB, r.Winner, date(v.Voted)} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return `"` + hex.EncodeToString(h.Sum(nil)[:16]) + `"`
}

// cardPrompt is the first prompt as far as the card reads it, and whether more of it
// follows.
func (v SharedBattleView) cardPrompt() (string, bool) {
	if len(v.Battle.Turns) == 0 {
		return "", false
	}
	p := v.Battle.Turns[0].Prompt
	if len(p) <= cardPromptBytes {
		return p, false
	}
	cut := cardPromptBytes
	for cut > 0 && !utf8.RuneStart(p[cut]) {
		cut--
	}
	return p[:cut], true
}

// WriteShareCard draws v's preview card, what a link to the shared battle shows where it
// is posted: the arena, the first prompt, both models with the winner marked, the
// verdict and the vote's date; no more than the shared page shows. It writes a PNG of
// ShareCardWidth × ShareCardHeight.
func WriteShareCard(w io.Writer, v SharedBattleView) error {
	if v.Battle.Reveal == nil || len(v.Battle.Turns) == 0 {
		return errors.New("a share card needs a voted battle")
	}
	fonts, err := cardFonts()
	if err != nil {
		return err
	}
	regular, bold := fonts[0], fonts[1]
	c := canvases.Get().(*canvas)
	defer canvases.Put(c)
	img := c.rgba
	draw.Draw(img, img.Bounds(), image.NewUniform(cardBg), image.Point{}, draw.Src)
	draw.Draw(img, image.Rect(0, 0, ShareCardWidth, 8), image.NewUniform(cardAccent), image.Point{}, draw.Src)
	const left, right = 64, ShareCardWidth - 64

	// The header: the arena's name, and when the vote was cast.
	drawText(img, newCardFace(bold, 44), cardAccent, left, 88, "Arena")
	small := newCardFace(regular, 26)
	drawTextRight(img, small, cardMuted, right, 88, "A battle voted "+date(v.Voted))

	// The prompt, as much of its first lines as fits.
	roundRect(img, image.Rect(left, 116, right, 404), 10, cardLine, cardPanel)
	label := "Prompt"
	if n := len(v.Battle.Turns); n > 1 {
		label = fmt.Sprintf("Prompt (the first of %d turns)", n)
	}
	drawText(img, small, cardMuted, left+32, 158, label)
	prompt := newCardFace(regular, 34)
	text, more := v.cardPrompt()
	for i, line := range wrapText(prompt, text, right-left-64, 5, more) {
		drawText(img, prompt, cardFg, left+32, 206+i*44, line)
	}

	// The two models, revealed, with the vote on each.
	r := v.Battle.Reveal
	name, badge := newCardFace(bold, 38), newCardFace(bold, 24)
	const gap = 24
	boxW := (right - left - gap) / 2
	for i, side := range []struct{ label, name, winner string }{{"Model A", r.NameA, "model_a"}, {"Model B", r.NameB, "model_b"}} {
		x := left + i*(boxW+gap)
		line, fill, mark, markColor := cardLine, cardPanel, "", cardMuted
		switch r.Winner {
		case side.winner:
			line, fill, mark, markColor = cardOk, cardOkBg, "Winner", cardOk
		case "tie":
			mark = "Tie"
		case "both_bad":
			line, fill, mark, markColor = cardErr, cardErrBg, "Bad", cardErr
		}
		roundRect(img, image.Rect(x, 428, x+boxW, 536), 10, line, fill)
		drawText(img, small, cardMuted, x+28, 466, side.label)
		if mark != "" {
			drawTextRight(img, badge, markColor, x+boxW-28, 466, mark)
		}
		if n := wrapText(name, side.name, boxW-56, 1, false); len(n) > 0 {
			drawText(img, name, cardFg, x+28, 514, n[0])
		}
	}
	verdict := newCardFace(regular, 28)
	if l := wrapText(verdict, v.Verdict(), right-left, 1, false); len(l) > 0 {
		drawText(img, verdict, cardFg, left, 584, l[0])
	}
	enc := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: pngBuffers{}}
	if p := c.index(); p != nil {
		return enc.Encode(w, p)
	}
	return enc.Encode(w, img)
}

// A canvas is a card's pixels, kept for the next card: a card's 3 MB would otherwise
// be garbage after every one.
type canvas struct {
	rgba *image.RGBA
	pal  *image.Paletted
	seen map[uint32]uint8
}

var canvases = sync.Pool{New: func() any {
	r := image.Rect(0, 0, ShareCardWidth, ShareCardHeight)
	return &canvas{rgba: image.NewRGBA(r), pal: image.NewPaletted(r, make(color.Palette, 0, 256)), seen: map[uint32]uint8{}}
}}

// index is the card as a paletted image, nil if it has more than 256 colours. A
// paletted PNG encodes ten times as fast as a true-colour one (a third of the bytes to
// compress, and no filters to try on every row) and is less than half the size. The
// drawing shades in few steps (cardLevels) so that a card fits in a palette.
func (c *canvas) index() *image.Paletted {
	p := c.pal
	p.Palette = p.Palette[:0]
	clear(c.seen)
	last, k := uint32(0), -1
	pix := c.rgba.Pix
	for i, j := 0, 0; i < len(pix); i, j = i+4, j+1 {
		px := binary.LittleEndian.Uint32(pix[i:])
		if k < 0 || px != last {
			n, ok := c.seen[px]
			if !ok {
				if len(p.Palette) == 256 {
					return nil
				}
				n = uint8(len(p.Palette))
				c.seen[px] = n
				p.Palette = append(p.Palette, color.RGBA{pix[i], pix[i+1], pix[i+2], pix[i+3]})
			}
			last, k = px, int(n)
		}
		p.Pix[j] = uint8(k)
	}
	return p
}

// pngBuffers keeps the encoder's compressor between cards.
type pngBuffers struct{}

var pngBufferPool sync.Pool

func (pngBuffers) Get() *png.EncoderBuffer {
	b, _ := pngBufferPool.Get().(*png.EncoderBuffer)
	return b
}

func (pngBuffers) Put(b *png.EncoderBuffer) { pngBufferPool.Put(b) }

// cardLevels is how many steps of coverage an edge is shaded in: 16 look as smooth as
// 256 at these sizes, and keep a card's colours within a palette.
const cardLevels = 16

// shade rounds a coverage, 0 to 1, to one of cardLevels steps.
func shade(a float64) float64 {
	return math.Round(a*(cardLevels-1)) / (cardLevels - 1)
}

// drawText draws s, which f can draw (drawable), with its baseline's start at x, y;
// its edges are shaded in cardLevels steps.
func drawText(dst *image.RGBA, f *cardFace, c color.RGBA, x, y int, s string) {
	src := image.NewUniform(c)
	dot, prev := fixed.P(x, y), rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += f.Kern(prev, r)
		}
		dr, mask, mp, advance, _ := f.Glyph(dot, r)
		if m, ok := mask.(*image.Alpha); ok && !dr.Empty() {
			// The face's mask is its scratch, drawn anew for the next glyph.
			for i, v := range m.Pix {
				m.Pix[i] = uint8(shade(float64(v)/255)*255 + 0.5)
			}
			draw.DrawMask(dst, dr, src, image.Point{}, m, mp, draw.Over)
		}
		dot.X += advance
		prev = r
	}
}

func drawTextRight(dst *image.RGBA, f *cardFace, c color.RGBA, right, y int, s string) {
	s = drawable(f, s)
	drawText(dst, f, c, right-font.MeasureString(f, s).Ceil(), y, s)
}

// roundRect fills r with fill inside a two-pixel border of line, corners rounded by
// radius as the page's boxes are. The straight parts are plain fills and only the
// corners are shaded, antialiased by each pixel's distance to the arc: a rasterizer
// would shade every pixel of the box.
func roundRect(dst *image.RGBA, r image.Rectangle, radius int, line, fill color.RGBA) {
	for i, c := range []color.RGBA{line, fill} {
		in, k := r.Inset(2*i), radius-2*i
		u := image.NewUniform(c)
		draw.Draw(dst, image.Rect(in.Min.X+k, in.Min.Y, in.Max.X-k, in.Max.Y), u, image.Point{}, draw.Src)
		draw.Draw(dst, image.Rect(in.Min.X, in.Min.Y+k, in.Min.X+k, in.Max.Y-k), u, image.Point{}, draw.Src)
		draw.Draw(dst, image.Rect(in.Max.X-k, in.Min.Y+k, in.Max.X, in.Max.Y-k), u, image.Point{}, draw.Src)
		for _, corner := range []image.Point{in.Min, {in.Max.X - k, in.Min.Y}, {in.Min.X, in.Max.Y - k}, in.Max.Sub(image.Pt(k, k))} {
			// The arc's centre is the corner square's inner corner.
			cx, cy := float64(in.Min.X+k), float64(in.Min.Y+k)
			if corner.X > in.Min.X {
				cx = float64(in.Max.X - k)
			}
			if corner.Y > in.Min.Y {
				cy = float64(in.Max.Y - k)
			}
			for y := corner.Y; y < corner.Y+k; y++ {
				for x := corner.X; x < corner.X+k; x++ {
					d := math.Hypot(float64(x)+0.5-cx, float64(y)+0.5-cy)
					blend(dst, x, y, c, shade(math.Min(1, math.Max(0, float64(k)-d+0.5))))
				}
			}
		}
	}
}

// blend paints c over the pixel at x, y with opacity a.
func blend(dst *image.RGBA, x, y int, c color.RGBA, a float64) {
	if a <= 0 {
		return
	}
	o := dst.RGBAAt(x, y)
	mix := func(p, q uint8) uint8 { return uint8(float64(p)*(1-a) + float64(q)*a + 0.5) }
	dst.SetRGBA(x, y, color.RGBA{mix(o.R, c.R), mix(o.G, c.G), mix(o.B, c.B), 0xff})
}

// drawable is s with only what f can draw: a character it lacks is drawn with fewer
// accents if f has that letter, or as one □ for what reads as one character (an emoji
// with its modifiers and joined parts, a flag's two letters, a letter's marks).
// Control characters go; tabs are spaces; line breaks stay, for wrapText to honour.
func drawable(f *cardFace, s string) string {
	var b strings.Builder
	joined, flag := false, false
	for _, r := range norm.NFC.String(s) {
		switch {
		case r == '\n':
			b.WriteRune(r)
			joined, flag = false, false
			continue
		case r == '\t':
			r = ' '
		case r == '\u200d': // a zero-width joiner makes the next character part of this one
			joined = true
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Variation_Selector, r),
			r >= 0x1f3fb && r <= 0x1f3ff: // emoji skin tones
			continue
		}
		if f.has(r) {
			b.WriteRune(r)
			joined, flag = false, false
			continue
		}
		if plain, ok := unaccented(f, r); ok {
			b.WriteRune(plain)
			joined, flag = false, false
			continue
		}
		regional := r >= 0x1f1e6 && r <= 0x1f1ff
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me), joined, regional && flag:
			// Part of the character before it, already drawn.
			flag = false
		default:
			b.WriteRune('□')
			flag = regional
		}
		joined = false
	}
	return b.String()
}

// unaccented is r with as few of its accents dropped as f needs to draw it: ế as ê,
// or as e. It reports false for a character that is no letter with accents.
func unaccented(f *cardFace, r rune) (rune, bool) {
	d := []rune(norm.NFD.String(string(r)))
	for len(d) > 1 {
		d = d[:len(d)-1]
		c := []rune(norm.NFC.String(string(d)))
		if len(c) == 1 && f.has(c[0]) {
			return c[0], true
		}
	}
	return 0, false
}

// wrapText lays s out in at most maxLines lines of width pixels drawn in f: the
// paragraphs of s, blank ones left out, wrapped at spaces, or anywhere in a word too
// long for a line (as text without spaces, like Chinese, must be). If any of s does not
// fit, or more follows it (more), the last line ends with an ellipsis.
func wrapText(f *cardFace, s string, width, maxLines int, more bool) []string {
	limit := fixed.I(width)
	var lines []string
	var line strings.Builder
	var used fixed.Int26_6
	// next starts a new line, unless the current one is the last: then s is cut.
	cut := false
	next := func() bool {
		if len(lines)+1 == maxLines {
			cut = true
			return false
		}
		lines = append(lines, line.String())
		line.Reset()
		used = 0
		return true
	}
	space := font.MeasureString(f, " ")
	// A paragraph's end breaks the line only once a word follows it, so that the last
	// paragraph filling the last line is not taken for a cut.
	broken := false
layout:
	for _, para := range strings.Split(drawable(f, s), "\n") {
		for _, word := range strings.Fields(para) {
			if broken {
				if broken = false; !next() {
					break layout
				}
			}
			w, sep := font.MeasureString(f, word), fixed.Int26_6(0)
			if line.Len() > 0 {
				sep = space
			}
			switch {
			case used+sep+w <= limit:
				if sep > 0 {
					line.WriteByte(' ')
				}
				line.WriteString(word)
				used += sep + w
			case w <= limit:
				if !next() {
					break layout
				}
				line.WriteString(word)
				used = w
			default:
				// Too long for any line: cut it where each line is full.
				if sep > 0 && used+2*sep < limit {
					line.WriteByte(' ')
					used += sep
				}
				for _, r := range word {
					a, _ := f.GlyphAdvance(r)
					if used+a > limit && line.Len() > 0 && !next() {
						break layout
					}
					line.WriteRune(r)
					used += a
				}
			}
		}
		broken = line.Len() > 0
	}
	if line.Len() > 0 || cut || more {
		lines = append(lines, line.String())
	}
	if !cut && !more {
		return lines
	}
	// The ellipsis goes where it fits, after a whole word if that leaves over half the
	// line, as Excerpt cuts.
	whole := []rune(lines[len(lines)-1])
	last := whole
	ell := font.MeasureString(f, "…")
	for len(last) > 0 && font.MeasureString(f, string(last))+ell > limit {
		last = last[:len(last)-1]
	}
	if len(last) < len(whole) && whole[len(last)] != ' ' {
		if i := strings.LastIndexByte(string(last), ' '); i > len(string(last))/2 {
			last = []rune(string(last)[:i])
		}
	}
	lines[len(lines)-1] = strings.TrimRight(string(last), " ") + "…"
	return lines
}
