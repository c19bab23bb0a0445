package llm

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"sort"
	"strings"

	"github.com/arena-dev/arena/arena/images"
)

// ImageFacts are what Go can measure of an image without understanding it: what the
// vision demo models describe, so that vision battles run offline.
type ImageFacts struct {
	Width, Height int
	// Colours are the named colours covering the most of the image, largest first,
	// each with its share (0 to 1) of the sampled pixels; at most three.
	Colours []ColourShare
	// Brightness is the mean luma, 0 (black) to 1 (white).
	Brightness float64
	// TextLike: a few flat colours cover nearly all of it, as in text, a screenshot, a
	// chart or a drawing; otherwise it is photo-like (many colours, smooth shading).
	TextLike bool
}

// ColourShare is one named colour and the share of the image it covers.
type ColourShare struct {
	Name  string
	Share float64
}

// MeasureImage decodes a stored image (PNG or JPEG, as package images writes them) and
// measures it from a grid of at most about 10,000 sampled pixels.
func MeasureImage(im images.Image) (ImageFacts, error) {
	var img image.Image
	var err error
	if im.MIME == "image/jpeg" {
		img, err = jpeg.Decode(bytes.NewReader(im.Data))
	} else {
		img, err = png.Decode(bytes.NewReader(im.Data))
	}
	if err != nil {
		return ImageFacts{}, fmt.Errorf("decoding the image: %w", err)
	}
	b := img.Bounds()
	f := ImageFacts{Width: b.Dx(), Height: b.Dy()}
	step := max(1, int(math.Sqrt(float64(f.Width*f.Height)/10000)))
	names := map[string]int{}
	flat := map[uint32]int{} // colours at 4 bits a channel
	var luma float64
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += step {
		for x := b.Min.X; x < b.Max.X; x += step {
			r16, g16, b16, _ := img.At(x, y).RGBA()
			r, g, bl := float64(r16)/65535, float64(g16)/65535, float64(b16)/65535
			luma += 0.2126*r + 0.7152*g + 0.0722*bl
			names[colourName(r, g, bl)]++
			flat[r16>>12<<8|g16>>12<<4|b16>>12]++
			n++
		}
	}
	f.Brightness = luma / float64(n)
	for name, c := range names {
		f.Colours = append(f.Colours, ColourShare{name, float64(c) / float64(n)})
	}
	sort.Slice(f.Colours, func(i, j int) bool {
		if f.Colours[i].Share != f.Colours[j].Share {
			return f.Colours[i].Share > f.Colours[j].Share
		}
		return f.Colours[i].Name < f.Colours[j].Name
	})
	f.Colours = f.Colours[:min(3, len(f.Colours))]
	counts := make([]int, 0, len(flat))
	for _, c := range flat {
		counts = append(counts, c)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	top := 0
	for _, c := range counts[:min(4, len(counts))] {
		top += c
	}
	f.TextLike = float64(top) >= 0.8*float64(n)
	return f, nil
}

// colourName names an RGB colour (channels 0 to 1) by hue, saturation and value.
func colourName(r, g, b float64) string {
	hi, lo := max(r, g, b), min(r, g, b)
	v, c := hi, hi-lo
	switch {
	case v < 0.15:
		return "black"
	case c < 0.12 && v > 0.85:
		return "white"
	case c < 0.12:
		return "grey"
	}
	var h float64
	switch hi {
	case r:
		h = math.Mod((g-b)/c, 6)
	case g:
		h = (b-r)/c + 2
	default:
		h = (r-g)/c + 4
	}
	h *= 60
	if h < 0 {
		h += 360
	}
	switch {
	case h < 15 || h >= 345:
		if v < 0.6 {
			return "brown"
		}
		return "red"
	case h < 45:
		if v < 0.6 {
			return "brown"
		}
		return "orange"
	case h < 70:
		return "yellow"
	case h < 165:
		return "green"
	case h < 195:
		return "cyan"
	case h < 255:
		return "blue"
	case h < 290:
		return "purple"
	}
	return "pink"
}

// describe is a facts sentence or two about each image, in the terse or the full form.
func describeImages(ims []images.Image, terse bool) string {
	var out strings.Builder
	for i, im := range ims {
		f, err := MeasureImage(im)
		label := "The image"
		if len(ims) > 1 {
			label = fmt.Sprintf("Image %d", i+1)
		}
		if err != nil {
			fmt.Fprintf(&out, "%s could not be read.\n\n", label)
			continue
		}
		colours := make([]string, len(f.Colours))
		for k, c := range f.Colours {
			colours[k] = fmt.Sprintf("%s (%.0f%%)", c.Name, 100*c.Share)
		}
		kind := "photo-like: many colours and smooth shading"
		if f.TextLike {
			kind = "text-like: a few flat colours, as in text, a screenshot, a chart or a drawing"
		}
		if terse {
			fmt.Fprintf(&out, "%s: %d × %d px, mostly %s, brightness %.0f%%, %s.\n\n", label, f.Width, f.Height,
				strings.Join(colours, ", "), 100*f.Brightness, strings.SplitN(kind, ":", 2)[0])
			continue
		}
		fmt.Fprintf(&out, "**%s** is %d × %d pixels (%s). Its dominant colours are %s. Its mean brightness is %.0f%% (%s). It looks %s.\n\n",
			label, f.Width, f.Height, orientation(f.Width, f.Height), strings.Join(colours, ", "), 100*f.Brightness,
			brightnessWord(f.Brightness), kind)
	}
	if !terse {
		out.WriteString("I measured these from the pixels; as a demo model I cannot tell what the image shows.\n\n")
	}
	return out.String()
}

func orientation(w, h int) string {
	switch {
	case w > h*11/10:
		return "landscape"
	case h > w*11/10:
		return "portrait"
	}
	return "about square"
}

func brightnessWord(b float64) string {
	switch {
	case b < 0.25:
		return "dark"
	case b < 0.6:
		return "medium"
	}
	return "bright"
}
