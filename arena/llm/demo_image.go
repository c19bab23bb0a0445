package llm

import (
	"bytes"
	"context"
	"image"
	"image/color"
	_ "image/jpeg" // stored images are PNG or JPEG
	"image/png"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// The demo image models: both read the same words of a prompt (colours, shapes, how
// many, how big, where, what background) into a scene, and draw it their own way, so a
// person can tell them apart and see the prompt in both: demo-painter in smooth shapes
// on a shaded sky, demo-blocks as a mosaic of square tiles on a checkerboard.
var demoPainterStyles = []struct {
	id     string
	blocks bool
	warmup int // pauses before the image is ready, so the two differ in latency too
}{
	{id: "demo-painter", warmup: 20},
	{id: "demo-blocks", blocks: true, warmup: 12},
}

// DemoImageModels returns the built-in demo image models, which draw and edit images
// offline (arena.OutputImageEdit), seeded with DemoModels into an empty database.
func DemoImageModels() []arena.Model {
	ms := make([]arena.Model, len(demoPainterStyles))
	for i, s := range demoPainterStyles {
		ms[i] = arena.Model{Name: s.id, Organization: "Arena demo", Provider: arena.ProviderDemo, ModelID: s.id,
			Timeout: 30 * time.Second, Active: true, Output: arena.OutputImageEdit}
	}
	return ms
}

// DemoPainter is a built-in offline image model: it draws a picture of a prompt's words,
// or edits the attached image as its words say, the same way every time.
type DemoPainter struct {
	blocks bool
	pause  time.Duration
}

// DemoCanvas is the side of a demo image, in pixels.
const DemoCanvas = 256

// NewDemoPainter returns the demo image model m.ModelID names (one of DemoImageModels);
// delay is as NewDemo takes it, the image arriving after a few such pauses.
func NewDemoPainter(m arena.Model, delay time.Duration) (*DemoPainter, error) {
	switch {
	case delay == 0:
		delay = DefaultDemoDelay
	case delay < 0:
		delay = 0
	}
	ids := make([]string, len(demoPainterStyles))
	for i, s := range demoPainterStyles {
		if s.id == m.ModelID {
			return &DemoPainter{blocks: s.blocks, pause: time.Duration(s.warmup) * delay}, nil
		}
		ids[i] = s.id
	}
	return nil, arena.Errorf(arena.EINVALID, "Model %q: %q is not a demo image model (known: %s).", m.Name, m.ModelID, strings.Join(ids, ", "))
}

// Stream draws req's image (see arena.ImagePrompt) and returns it ingested, as an
// Images API provider does; onDelta is never called.
func (d *DemoPainter) Stream(ctx context.Context, req arena.ChatRequest, _ func(arena.Delta)) (arena.Completion, error) {
	start := time.Now()
	arena.Dispatched(ctx) // nothing to send: the image is drawn here
	prompt, input := arena.ImagePrompt(req)
	c := arena.Completion{Usage: arena.Usage{PromptTokens: EstimateTokens(prompt)}}
	var t *time.Timer
	if d.pause > 0 {
		t = time.NewTimer(time.Hour)
		defer t.Stop()
	}
	if err := sleep(ctx, t, d.pause); err != nil {
		c.Total = time.Since(start)
		return c, ctxError(err)
	}
	var raw []byte
	var err error
	if input != nil {
		raw, err = d.Edit(prompt, input.Data)
	} else {
		raw, err = d.Draw(prompt)
	}
	if err != nil {
		return c, err
	}
	im, err := images.Ingest("", raw, images.Limits{})
	if err != nil {
		return c, arena.Errorf(arena.EINTERNAL, "The demo image could not be stored: %v", err)
	}
	c.Images, c.FinishReason = []images.Image{im}, "stop"
	c.Total = time.Since(start)
	c.FirstToken = c.Total
	return c, nil
}

// Draw returns the PNG the model draws for prompt.
func (d *DemoPainter) Draw(prompt string) ([]byte, error) {
	sc := readScene(prompt)
	img := image.NewRGBA(image.Rect(0, 0, DemoCanvas, DemoCanvas))
	if d.blocks {
		drawBlocks(img, sc)
	} else {
		drawPainted(img, sc)
	}
	return encodePNG(img)
}

// Edit returns the PNG of data (an image as images.Ingest stores it) edited as prompt
// says: mirrored, turned, inverted, greyed, darkened or lightened, tinted with the
// colour it names, with the shapes it names drawn on top; demo-blocks first turns the
// picture into tiles. A prompt that names none of these tints with a colour drawn from
// its words, so every edit changes the picture.
func (d *DemoPainter) Edit(prompt string, data []byte) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, arena.Errorf(arena.EINVALID, "The image to edit cannot be decoded: %v.", err)
	}
	b := src.Bounds()
	img := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			img.Set(x, y, src.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	if d.blocks {
		mosaic(img, max(4, min(b.Dx(), b.Dy())/16))
	}
	sc := readScene(prompt)
	ws := words(prompt)
	has := func(ks ...string) bool {
		for _, k := range ks {
			if ws[k] {
				return true
			}
		}
		return false
	}
	changed := false
	if has("mirror", "flip", "mirrored", "flipped") {
		img, changed = mirror(img), true
	}
	if has("rotate", "rotated", "turn", "upside") {
		img, changed = rotate90(img), true
	}
	if has("invert", "inverted", "negative") {
		each(img, func(c color.RGBA) color.RGBA { return color.RGBA{255 - c.R, 255 - c.G, 255 - c.B, c.A} })
		changed = true
	}
	if has("grey", "gray", "greyscale", "grayscale", "monochrome") {
		each(img, func(c color.RGBA) color.RGBA {
			l := uint8((299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000)
			return color.RGBA{l, l, l, c.A}
		})
		changed = true
	}
	if has("dark", "darker", "night", "dim") {
		each(img, func(c color.RGBA) color.RGBA { return color.RGBA{c.R / 2, c.G / 2, c.B / 2, c.A} })
		changed = true
	}
	if has("light", "lighter", "bright", "brighter") {
		each(img, func(c color.RGBA) color.RGBA {
			return color.RGBA{c.R/2 + 128, c.G/2 + 128, c.B/2 + 128, c.A}
		})
		changed = true
	}
	if len(sc.shapes) > 0 && sc.named {
		// Drawn on top, scaled to the picture: "add a red circle".
		overlay(img, sc, d.blocks)
		changed = true
	} else if sc.colourNamed || !changed {
		tint(img, sc.colour, 0.45)
	}
	return encodePNG(img)
}

// scene is what a prompt's words ask to be drawn.
type scene struct {
	background  [2]color.RGBA // top and bottom
	colour      color.RGBA    // the first colour named, or one drawn from the words
	colourNamed bool
	shapes      []shape
	named       bool // a shape word was in the prompt
}

type shape struct {
	kind   string // circle, square, triangle, star, stripe, heart
	colour color.RGBA
	cx, cy float64 // centre, as fractions of the canvas
	r      float64 // radius, as a fraction of the canvas
}

var demoColours = map[string]color.RGBA{
	"red": {220, 40, 40, 255}, "orange": {245, 140, 30, 255}, "yellow": {245, 215, 40, 255},
	"green": {50, 170, 70, 255}, "blue": {40, 90, 220, 255}, "purple": {140, 60, 190, 255},
	"violet": {140, 60, 190, 255}, "pink": {240, 120, 180, 255}, "brown": {130, 80, 40, 255},
	"black": {20, 20, 20, 255}, "white": {250, 250, 250, 255}, "grey": {128, 128, 128, 255},
	"gray": {128, 128, 128, 255}, "cyan": {40, 200, 220, 255}, "teal": {30, 140, 140, 255},
	"gold": {212, 175, 55, 255}, "silver": {192, 192, 200, 255}, "magenta": {220, 40, 200, 255},
}

// demoColourOrder is demoColours' keys in a fixed order, for colours drawn from words.
var demoColourOrder = []string{"red", "orange", "yellow", "green", "blue", "purple", "pink", "brown", "cyan", "teal", "gold", "magenta"}

var demoShapes = map[string]string{
	"circle": "circle", "circles": "circle", "ball": "circle", "balls": "circle", "sun": "circle", "moon": "circle",
	"dot": "circle", "dots": "circle", "square": "square", "squares": "square", "box": "square", "boxes": "square",
	"cube": "square", "block": "square", "blocks": "square", "house": "square", "triangle": "triangle",
	"triangles": "triangle", "mountain": "triangle", "mountains": "triangle", "tree": "triangle", "trees": "triangle",
	"pyramid": "triangle", "star": "star", "stars": "star", "stripe": "stripe", "stripes": "stripe", "line": "stripe",
	"lines": "stripe", "road": "stripe", "river": "stripe", "heart": "heart", "hearts": "heart", "love": "heart",
}

var demoShapeOrder = []string{"circle", "square", "triangle", "star", "stripe", "heart"}

var demoBackgrounds = map[string][2]color.RGBA{
	"night": {{10, 15, 50, 255}, {40, 30, 90, 255}}, "space": {{5, 5, 20, 255}, {20, 10, 40, 255}},
	"sky": {{120, 180, 250, 255}, {220, 235, 255, 255}}, "sea": {{40, 110, 190, 255}, {10, 50, 120, 255}},
	"ocean": {{40, 110, 190, 255}, {10, 50, 120, 255}}, "grass": {{150, 210, 120, 255}, {60, 140, 50, 255}},
	"forest": {{90, 150, 90, 255}, {20, 70, 30, 255}}, "desert": {{250, 220, 150, 255}, {220, 170, 90, 255}},
	"sand": {{250, 220, 150, 255}, {220, 170, 90, 255}}, "snow": {{235, 240, 250, 255}, {200, 210, 230, 255}},
	"sunset": {{250, 150, 80, 255}, {120, 50, 110, 255}},
}

var demoCounts = map[string]int{"one": 1, "a": 1, "an": 1, "single": 1, "two": 2, "pair": 2, "three": 3,
	"four": 4, "five": 5, "six": 6, "many": 7, "several": 4, "some": 3}

// words are a prompt's lower-case words.
func words(prompt string) map[string]bool {
	out := map[string]bool{}
	for _, w := range wordList(prompt) {
		out[w] = true
	}
	return out
}

func wordList(prompt string) []string {
	return strings.FieldsFunc(strings.ToLower(prompt), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// readScene reads a prompt's words in order: a count or a size applies to the next
// shape named, a colour to the next shape (or, named after every shape, to the last),
// a background word to the background. With no shape named, one is drawn from the
// words, so every prompt gets a picture and different words a different one.
func readScene(prompt string) scene {
	ws := wordList(prompt)
	dc := newDice(append([]string{"scene"}, ws...)...)
	sc := scene{background: [2]color.RGBA{{235, 240, 250, 255}, {190, 205, 230, 255}}}
	sc.colour = demoColours[demoColourOrder[dc.intn(len(demoColourOrder))]]
	var pending *color.RGBA
	count, size := 1, 0.0
	layout := "row"
	var groups []struct {
		kind   string
		colour color.RGBA
		n      int
		size   float64
	}
	for _, w := range ws {
		if c, ok := demoColours[w]; ok {
			if !sc.colourNamed {
				sc.colour, sc.colourNamed = c, true
			}
			pending = &c
			continue
		}
		if bg, ok := demoBackgrounds[w]; ok {
			sc.background = bg
			continue
		}
		if n, ok := demoCounts[w]; ok {
			count = n
			continue
		}
		if n, err := strconv.Atoi(w); err == nil && n > 0 {
			count = min(n, 9)
			continue
		}
		switch w {
		case "big", "large", "huge", "giant":
			size = 1.5
			continue
		case "small", "tiny", "little":
			size = 0.6
			continue
		case "column", "stack", "stacked", "vertical", "tower":
			layout = "column"
			continue
		case "grid", "pattern", "scattered", "everywhere":
			layout = "grid"
			continue
		}
		if k, ok := demoShapes[w]; ok {
			c := sc.colour
			if pending != nil {
				c = *pending
			} else if !sc.colourNamed {
				c = demoColours[demoColourOrder[dc.intn(len(demoColourOrder))]]
			}
			groups = append(groups, struct {
				kind   string
				colour color.RGBA
				n      int
				size   float64
			}{k, c, count, size})
			sc.named = true
			pending, count, size = nil, 1, 0
		}
	}
	if pending != nil && len(groups) > 0 {
		groups[len(groups)-1].colour = *pending // "a circle, red"
	}
	if len(groups) == 0 {
		groups = append(groups, struct {
			kind   string
			colour color.RGBA
			n      int
			size   float64
		}{demoShapeOrder[dc.intn(len(demoShapeOrder))], sc.colour, count, size})
	}
	total := 0
	for _, g := range groups {
		total += g.n
	}
	i := 0
	for _, g := range groups {
		for range g.n {
			cx, cy, r := place(layout, i, total)
			if g.size > 0 {
				r *= g.size
			}
			r = min(r, 0.45)
			// Whole on the canvas: a big shape at the edge moves in.
			cx, cy = min(max(cx, r), 1-r), min(max(cy, r), 1-r)
			sc.shapes = append(sc.shapes, shape{kind: g.kind, colour: g.colour, cx: cx, cy: cy, r: r})
			i++
		}
	}
	return sc
}

// place is the centre and radius of shape i of n in a layout, in canvas fractions.
func place(layout string, i, n int) (cx, cy, r float64) {
	switch layout {
	case "column":
		step := 1 / float64(n)
		return 0.5, step * (float64(i) + 0.5), min(0.3, step*0.42)
	case "grid":
		side := int(math.Ceil(math.Sqrt(float64(n))))
		step := 1 / float64(side)
		return step * (float64(i%side) + 0.5), step * (float64(i/side) + 0.5), step * 0.4
	}
	step := 1 / float64(n)
	return step * (float64(i) + 0.5), 0.55, min(0.3, step*0.42)
}

// inside reports whether the point (x, y), in canvas fractions, is inside s.
func (s shape) inside(x, y float64) bool {
	dx, dy := (x-s.cx)/s.r, (y-s.cy)/s.r
	switch s.kind {
	case "circle":
		return dx*dx+dy*dy <= 1
	case "square":
		return math.Abs(dx) <= 0.85 && math.Abs(dy) <= 0.85
	case "triangle":
		return dy <= 0.85 && dy >= -1 && math.Abs(dx) <= (dy+1)/1.85*0.95
	case "stripe":
		return math.Abs(dy) <= 0.22 && math.Abs(dx) <= 1.6
	case "heart":
		l := (dx+0.45)*(dx+0.45) + (dy+0.3)*(dy+0.3)
		r := (dx-0.45)*(dx-0.45) + (dy+0.3)*(dy+0.3)
		return l <= 0.3 || r <= 0.3 || (dy >= -0.3 && dy <= 1 && math.Abs(dx) <= (1-dy)*0.78)
	case "star":
		a := math.Atan2(dy, dx)
		d := math.Hypot(dx, dy)
		// Five points: the radius swings between 0.45 and 1 around the circle.
		edge := 0.45 + 0.55*math.Pow(math.Abs(math.Cos(2.5*(a+math.Pi/2))), 3)
		return d <= edge
	}
	return false
}

// drawPainted fills img with the scene in smooth shapes, each with a darker rim, on a
// vertical gradient.
func drawPainted(img *image.RGBA, sc scene) {
	n := img.Bounds().Dx()
	for y := range n {
		t := float64(y) / float64(n-1)
		bg := mix(sc.background[0], sc.background[1], t)
		for x := range n {
			c := bg
			fx, fy := (float64(x)+0.5)/float64(n), (float64(y)+0.5)/float64(n)
			for _, s := range sc.shapes {
				if s.inside(fx, fy) {
					c = s.colour
					// A rim: the point a little further out is outside.
					if !s.inside(s.cx+(fx-s.cx)*1.08, s.cy+(fy-s.cy)*1.08) {
						c = mix(s.colour, color.RGBA{0, 0, 0, 255}, 0.35)
					}
				}
			}
			img.SetRGBA(x, y, c)
		}
	}
}

// blockTiles is how many tiles across a demo-blocks picture has.
const blockTiles = 16

// drawBlocks fills img with the scene as square tiles, each the colour at its centre,
// with grout between them, on a checkerboard of the background's two colours.
func drawBlocks(img *image.RGBA, sc scene) {
	n := img.Bounds().Dx()
	tile := n / blockTiles
	grout := color.RGBA{60, 60, 60, 255}
	for ty := range blockTiles {
		for tx := range blockTiles {
			fx, fy := (float64(tx)+0.5)/blockTiles, (float64(ty)+0.5)/blockTiles
			c := sc.background[(tx+ty)%2]
			for _, s := range sc.shapes {
				if s.inside(fx, fy) {
					c = s.colour
				}
			}
			for y := ty * tile; y < (ty+1)*tile; y++ {
				for x := tx * tile; x < (tx+1)*tile; x++ {
					if x%tile == 0 || y%tile == 0 {
						img.SetRGBA(x, y, grout)
					} else {
						img.SetRGBA(x, y, c)
					}
				}
			}
		}
	}
}

// overlay draws sc's shapes on img, scaled to it; in tiles when blocks.
func overlay(img *image.RGBA, sc scene, blocks bool) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	tile := 1
	if blocks {
		tile = max(4, min(w, h)/16)
	}
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			sx, sy := x/tile*tile+tile/2, y/tile*tile+tile/2
			fx, fy := (float64(sx)+0.5)/float64(w), (float64(sy)+0.5)/float64(h)
			for _, s := range sc.shapes {
				if s.inside(fx, fy) {
					img.SetRGBA(x, y, s.colour)
				}
			}
		}
	}
}

// mosaic replaces each tile × tile square of img by its mean colour, with a darker
// edge.
func mosaic(img *image.RGBA, tile int) {
	b := img.Bounds()
	for ty := 0; ty < b.Dy(); ty += tile {
		for tx := 0; tx < b.Dx(); tx += tile {
			var r, g, bl, a, n int
			for y := ty; y < min(ty+tile, b.Dy()); y++ {
				for x := tx; x < min(tx+tile, b.Dx()); x++ {
					c := img.RGBAAt(x, y)
					r, g, bl, a, n = r+int(c.R), g+int(c.G), bl+int(c.B), a+int(c.A), n+1
				}
			}
			mean := color.RGBA{uint8(r / n), uint8(g / n), uint8(bl / n), uint8(a / n)}
			grout := mix(mean, color.RGBA{0, 0, 0, mean.A}, 0.5)
			for y := ty; y < min(ty+tile, b.Dy()); y++ {
				for x := tx; x < min(tx+tile, b.Dx()); x++ {
					if x == tx || y == ty {
						img.SetRGBA(x, y, grout) // the tiles show, as in its drawings
					} else {
						img.SetRGBA(x, y, mean)
					}
				}
			}
		}
	}
}

func mirror(img *image.RGBA) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.SetRGBA(b.Dx()-1-x, y, img.RGBAAt(x, y))
		}
	}
	return out
}

// rotate90 turns img a quarter turn clockwise.
func rotate90(img *image.RGBA) *image.RGBA {
	b := img.Bounds()
	out := image.NewRGBA(image.Rect(0, 0, b.Dy(), b.Dx()))
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			out.SetRGBA(b.Dy()-1-y, x, img.RGBAAt(x, y))
		}
	}
	return out
}

func each(img *image.RGBA, f func(color.RGBA) color.RGBA) {
	b := img.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			img.SetRGBA(x, y, f(img.RGBAAt(x, y)))
		}
	}
}

// tint moves every pixel of img a share t of the way towards c.
func tint(img *image.RGBA, c color.RGBA, t float64) {
	each(img, func(p color.RGBA) color.RGBA {
		m := mix(p, c, t)
		m.A = p.A
		return m
	})
}

func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(math.Round(float64(x)*(1-t) + float64(y)*t)) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), l(a.A, b.A)}
}

func encodePNG(img image.Image) ([]byte, error) {
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return nil, arena.Errorf(arena.EINTERNAL, "The demo image could not be encoded: %v", err)
	}
	return b.Bytes(), nil
}
