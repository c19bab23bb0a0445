// Package images takes in the images people attach to prompts: it accepts PNG, JPEG,
// GIF and WebP, refuses everything else (SVG always: it is a document that can carry
// scripts), refuses decompression bombs from their declared size before decoding, and
// re-encodes what it accepts so no metadata (EXIF, GPS, comments, colour profiles)
// survives. It imports nothing from the arena, like ranking: the domain wraps its
// errors.
package images

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"
)

// Defaults for Limits fields left zero.
const (
	DefaultMaxBytes = 10 << 20 // 10 MB per file
	DefaultMaxCount = 4        // images per prompt
	// MaxSide is the longest side an image is stored at; larger ones are scaled down:
	// vision models downscale further themselves, so more pixels only cost storage.
	MaxSide = 2048
	// MaxPixels is the largest declared width × height decoded at all (40 megapixels,
	// about 160 MB as RGBA): a decompression bomb declaring more is refused before a
	// byte of its pixels is allocated.
	MaxPixels = 40_000_000
	// jpegQuality re-encodes JPEGs: high enough that a photo shows no new artefacts.
	jpegQuality = 90
)

// Limits bound what Ingest accepts.
type Limits struct {
	MaxBytes int64 // per file; DefaultMaxBytes when 0
	MaxCount int   // per prompt; DefaultMaxCount when 0
}

// Bytes is the per-file limit with its default.
func (l Limits) Bytes() int64 {
	if l.MaxBytes <= 0 {
		return DefaultMaxBytes
	}
	return l.MaxBytes
}

// Count is the per-prompt limit with its default.
func (l Limits) Count() int {
	if l.MaxCount <= 0 {
		return DefaultMaxCount
	}
	return l.MaxCount
}

// Image is an accepted image as stored: re-encoded, metadata gone, at most MaxSide on
// its longest side, named by the SHA-256 of Data.
type Image struct {
	SHA256 string // hex of the SHA-256 of Data
	MIME   string // image/png or image/jpeg
	Width  int
	Height int
	Data   []byte
}

// DataURL is the image as a data: URL, the form Chat Completions content parts take.
func (im Image) DataURL() string {
	return "data:" + im.MIME + ";base64," + base64.StdEncoding.EncodeToString(im.Data)
}

// Error is a refused image: Reason says what was wrong, for the person who sent it.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

func refuse(format string, args ...any) error { return &Error{Reason: fmt.Sprintf(format, args...)} }

// ValidSHA256 reports whether s is a stored image's name: 64 lower-case hex digits.
func ValidSHA256(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// Ingest checks one uploaded file and returns it as stored. name is only for messages
// ("" says "The image"). Refusals are *Error.
func Ingest(name string, data []byte, lim Limits) (Image, error) {
	what := "The image"
	if name != "" {
		what = fmt.Sprintf("Image %q", name)
	}
	if len(data) == 0 {
		return Image{}, refuse("%s is empty.", what)
	}
	if max := lim.Bytes(); int64(len(data)) > max {
		return Image{}, refuse("%s is %s; the limit is %s per image.", what, size(int64(len(data))), size(max))
	}
	if kind := sniffRefused(data); kind != "" {
		return Image{}, refuse("%s is %s, not a PNG, JPEG, GIF or WebP image.", what, kind)
	}
	format, decode, ok := decoder(data)
	if !ok {
		return Image{}, refuse("%s is not a PNG, JPEG, GIF or WebP image.", what)
	}
	// The header alone first: a file a few hundred bytes long can declare billions of
	// pixels, and decoding would allocate them all.
	cfg, err := configOf(format, data)
	if err != nil {
		return Image{}, refuse("%s is truncated or corrupt: its %s header cannot be read (%v).", what, strings.ToUpper(format), err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Image{}, refuse("%s declares a size of %d × %d pixels.", what, cfg.Width, cfg.Height)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return Image{}, refuse("%s declares %d × %d pixels; at most %d megapixels are accepted.", what, cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	img, err := decode(bytes.NewReader(data))
	if err != nil {
		return Image{}, refuse("%s is truncated or corrupt: its %s data cannot be decoded (%v).", what, strings.ToUpper(format), err)
	}
	img = downscale(img)
	var out bytes.Buffer
	mime := "image/png"
	if format == "jpeg" {
		// A photo stays a JPEG: as PNG it would be several times larger.
		mime = "image/jpeg"
		err = jpeg.Encode(&out, img, &jpeg.Options{Quality: jpegQuality})
	} else {
		err = (&png.Encoder{CompressionLevel: png.DefaultCompression}).Encode(&out, img)
	}
	if err != nil {
		return Image{}, fmt.Errorf("re-encoding %s: %w", strings.ToLower(what), err)
	}
	sum := sha256.Sum256(out.Bytes())
	b := img.Bounds()
	return Image{SHA256: hex.EncodeToString(sum[:]), MIME: mime, Width: b.Dx(), Height: b.Dy(), Data: out.Bytes()}, nil
}

// IsRefusal reports whether err is Ingest refusing the file (and not failing itself).
func IsRefusal(err error) bool {
	var e *Error
	return errors.As(err, &e)
}

// sniffRefused names formats people commonly send that are refused for what they are,
// so the message says what was sent; "" for anything else.
func sniffRefused(data []byte) string {
	head := data[:min(len(data), 1024)]
	trimmed := bytes.TrimLeft(head, "\xef\xbb\xbf \t\r\n")
	lower := bytes.ToLower(trimmed)
	switch {
	case bytes.HasPrefix(trimmed, []byte("%PDF")):
		return "a PDF document"
	case bytes.Contains(lower, []byte("<svg")) || bytes.HasPrefix(lower, []byte("<?xml")):
		return "an SVG or XML document (SVG is never accepted: it can carry scripts)"
	case bytes.HasPrefix(lower, []byte("<")):
		return "an HTML or XML document"
	}
	return ""
}

type decodeFunc func(io.Reader) (image.Image, error)

// decoder picks the decoder from the file's magic bytes, never from its name or a
// declared type, which the sender controls.
func decoder(data []byte) (format string, decode decodeFunc, ok bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "png", png.Decode, true
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "jpeg", jpeg.Decode, true
	case bytes.HasPrefix(data, []byte("GIF87a")) || bytes.HasPrefix(data, []byte("GIF89a")):
		// The first frame: an animation's others are not what a model is asked about.
		return "gif", gif.Decode, true
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return "webp", webp.Decode, true
	}
	return "", nil, false
}

func configOf(format string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch format {
	case "png":
		return png.DecodeConfig(r)
	case "jpeg":
		return jpeg.DecodeConfig(r)
	case "gif":
		return gif.DecodeConfig(r)
	default:
		return webp.DecodeConfig(r)
	}
}

// downscale returns img with its longest side at most MaxSide, as RGBA (or itself when
// it is small enough).
func downscale(img image.Image) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= MaxSide && h <= MaxSide {
		return img
	}
	if w >= h {
		h, w = max(1, h*MaxSide/w), MaxSide
	} else {
		w, h = max(1, w*MaxSide/h), MaxSide
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// ApproxBiLinear, not a kernel: CatmullRom keeps a float64 buffer of the image at
	// its new width and old height, 200 MB for a 12-megapixel photo, and takes many
	// times longer; a vision model sees no difference.
	draw.ApproxBiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
