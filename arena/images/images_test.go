package images_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/images"
)

// picture is a w × h gradient, enough detail that encoders cannot shrink it to nothing.
func picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), 128, 255})
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// pngChunk is one PNG chunk with its CRC.
func pngChunk(kind string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(kind)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(kind), data...)))
	return b.Bytes()
}

// bombPNG is a valid PNG header declaring w × h pixels of 8-bit RGBA, with a few bytes of
// image data: decoded, it would need w·h·4 bytes.
func bombPNG(w, h uint32) []byte {
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], w)
	binary.BigEndian.PutUint32(ihdr[4:], h)
	ihdr[8], ihdr[9] = 8, 6 // bit depth, colour type RGBA
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// gpsMarker is in the EXIF block's GPS IFD, so a test can tell whether any of it survived.
const gpsMarker = "GPSLatitude=51.5007N"

// withGPSExif inserts an APP1 EXIF segment with a GPS IFD after a JPEG's SOI marker, as a
// phone's camera writes one.
func withGPSExif(jpg []byte) []byte {
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")                        // big-endian TIFF
	binary.Write(&tiff, binary.BigEndian, uint32(8))      // IFD0 offset
	binary.Write(&tiff, binary.BigEndian, uint16(1))      // one entry
	binary.Write(&tiff, binary.BigEndian, uint16(0x8825)) // GPSInfo IFD pointer
	binary.Write(&tiff, binary.BigEndian, uint16(4))      // LONG
	binary.Write(&tiff, binary.BigEndian, uint32(1))
	binary.Write(&tiff, binary.BigEndian, uint32(26)) // GPS IFD offset
	binary.Write(&tiff, binary.BigEndian, uint32(0))  // no next IFD
	// The GPS IFD: one ASCII entry (GPSLatitudeRef) pointing at the marker text.
	binary.Write(&tiff, binary.BigEndian, uint16(1))
	binary.Write(&tiff, binary.BigEndian, uint16(1))
	binary.Write(&tiff, binary.BigEndian, uint16(2))
	binary.Write(&tiff, binary.BigEndian, uint32(len(gpsMarker)+1))
	binary.Write(&tiff, binary.BigEndian, uint32(44))
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	tiff.WriteString(gpsMarker + "\x00")
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

func TestIngestRefuses(t *testing.T) {
	photo := encodePNG(t, picture(40, 30))
	cases := []struct {
		name string
		data []byte
		lim  images.Limits
		want string
	}{
		{"empty", nil, images.Limits{}, "is empty"},
		{"truncated PNG", photo[:len(photo)/2], images.Limits{}, "truncated or corrupt"},
		{"truncated header", photo[:20], images.Limits{}, "truncated or corrupt"},
		{"truncated JPEG", encodeJPEG(t, picture(40, 30))[:200], images.Limits{}, "truncated or corrupt"},
		{"PDF renamed .png", []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n"), images.Limits{}, "a PDF document"},
		{"SVG renamed .png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), images.Limits{}, "SVG is never accepted"},
		{"SVG with XML prolog", []byte("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), images.Limits{}, "SVG is never accepted"},
		{"HTML", []byte("<html><body>hi</body></html>"), images.Limits{}, "HTML or XML document"},
		{"BMP", append([]byte("BM"), make([]byte, 60)...), images.Limits{}, "not a PNG, JPEG, GIF or WebP image"},
		{"text", []byte("just some words"), images.Limits{}, "not a PNG, JPEG, GIF or WebP image"},
		{"50,000 × 50,000 bomb", bombPNG(50000, 50000), images.Limits{}, "declares 50000 × 50000 pixels"},
		{"too large", photo, images.Limits{MaxBytes: 100}, "the limit is 100 bytes per image"},
		{"zero width", bombPNG(0, 10), images.Limits{}, "truncated or corrupt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := images.Ingest("cat.png", c.data, c.lim)
			if err == nil {
				t.Fatalf("accepted")
			}
			if !images.IsRefusal(err) {
				t.Fatalf("%v is not a refusal", err)
			}
			if !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), `"cat.png"`) {
				t.Fatalf("error %q does not name the file and say %q", err, c.want)
			}
		})
	}
}

// TestIngestBombAllocatesNothing: the bomb is refused from its header, so refusing it
// allocates next to nothing, where decoding would ask for 10 GB.
func TestIngestBombAllocatesNothing(t *testing.T) {
	bomb := bombPNG(50000, 50000)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for range 10 {
		if _, err := images.Ingest("", bomb, images.Limits{}); err == nil {
			t.Fatal("bomb accepted")
		}
	}
	runtime.ReadMemStats(&after)
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Fatalf("refusing the bomb 10 times allocated %d bytes", got)
	}
}

func TestIngestStripsGPSExif(t *testing.T) {
	src := withGPSExif(encodeJPEG(t, picture(64, 48)))
	if !bytes.Contains(src, []byte("Exif")) || !bytes.Contains(src, []byte(gpsMarker)) {
		t.Fatal("the test image has no EXIF to strip")
	}
	if cfg, err := jpeg.DecodeConfig(bytes.NewReader(src)); err != nil || cfg.Width != 64 {
		t.Fatalf("the test image is not a valid JPEG: %v", err)
	}
	im, err := images.Ingest("phone.jpg", src, images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, marker := range []string{"Exif", gpsMarker, "GPS", "\xff\xe1"} {
		if bytes.Contains(im.Data, []byte(marker)) {
			t.Errorf("stored bytes still contain %q", marker)
		}
	}
	if im.MIME != "image/jpeg" || im.Width != 64 || im.Height != 48 {
		t.Fatalf("stored %s %d×%d, want image/jpeg 64×48", im.MIME, im.Width, im.Height)
	}
}

func TestIngestAccepts(t *testing.T) {
	webpData, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	var gifBuf bytes.Buffer
	if err := gif.Encode(&gifBuf, picture(20, 10), nil); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		data       []byte
		mime       string
		w, h       int
		decodeWith func([]byte) (image.Image, error)
	}{
		{"PNG", encodePNG(t, picture(300, 200)), "image/png", 300, 200, decodePNG},
		{"JPEG", encodeJPEG(t, picture(300, 200)), "image/jpeg", 300, 200, decodeJPEG},
		{"GIF as PNG", gifBuf.Bytes(), "image/png", 20, 10, decodePNG},
		{"WebP as PNG", webpData, "image/png", 0, 0, decodePNG},
		{"wide PNG scaled to 2048", encodePNG(t, picture(4096, 1024)), "image/png", 2048, 512, decodePNG},
		{"tall JPEG scaled to 2048", encodeJPEG(t, picture(600, 3000)), "image/jpeg", 409, 2048, decodeJPEG},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			im, err := images.Ingest("x", c.data, images.Limits{})
			if err != nil {
				t.Fatal(err)
			}
			if im.MIME != c.mime {
				t.Errorf("MIME %s, want %s", im.MIME, c.mime)
			}
			if c.w != 0 && (im.Width != c.w || im.Height != c.h) {
				t.Errorf("stored %d×%d, want %d×%d", im.Width, im.Height, c.w, c.h)
			}
			sum := sha256.Sum256(im.Data)
			if im.SHA256 != hex.EncodeToString(sum[:]) || !images.ValidSHA256(im.SHA256) {
				t.Errorf("SHA256 %s is not the stored bytes'", im.SHA256)
			}
			got, err := c.decodeWith(im.Data)
			if err != nil {
				t.Fatalf("stored bytes do not decode as %s: %v", c.mime, err)
			}
			if b := got.Bounds(); b.Dx() != im.Width || b.Dy() != im.Height {
				t.Errorf("stored image is %v, Image says %d×%d", b, im.Width, im.Height)
			}
			if !strings.HasPrefix(im.DataURL(), "data:"+c.mime+";base64,") {
				t.Errorf("data URL %.40s", im.DataURL())
			}
			again, err := images.Ingest("x", c.data, images.Limits{})
			if err != nil || again.SHA256 != im.SHA256 {
				t.Errorf("the same file ingested twice is stored under %s and %s", im.SHA256, again.SHA256)
			}
		})
	}
}

func decodePNG(b []byte) (image.Image, error)  { return png.Decode(bytes.NewReader(b)) }
func decodeJPEG(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }

func TestValidSHA256(t *testing.T) {
	for s, want := range map[string]bool{
		strings.Repeat("a", 64): true, strings.Repeat("0f", 32): true,
		strings.Repeat("A", 64): false, strings.Repeat("a", 63): false, "../../etc/passwd": false, "": false,
	} {
		if got := images.ValidSHA256(s); got != want {
			t.Errorf("ValidSHA256(%q) = %v", s, got)
		}
	}
}

// FuzzIngest: whatever the bytes, Ingest returns a refusal or an image whose stored
// bytes decode to its stated size, within MaxSide, named by their hash.
func FuzzIngest(f *testing.F) {
	f.Add(encodePNG(f, picture(8, 8)))
	f.Add(encodeJPEG(f, picture(8, 8)))
	f.Add(withGPSExif(encodeJPEG(f, picture(8, 8))))
	f.Add(bombPNG(50000, 50000))
	f.Add([]byte("<svg/>"))
	if b, err := os.ReadFile("testdata/blue-purple-pink.lossy.webp"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := images.Ingest("f", data, images.Limits{MaxBytes: 1 << 20})
		if err != nil {
			if !images.IsRefusal(err) {
				t.Fatalf("not a refusal: %v", err)
			}
			return
		}
		if im.Width > images.MaxSide || im.Height > images.MaxSide {
			t.Fatalf("stored %d×%d", im.Width, im.Height)
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(im.Data))
		if err != nil || cfg.Width != im.Width || cfg.Height != im.Height {
			t.Fatalf("stored bytes: %v %+v, Image says %d×%d", err, cfg, im.Width, im.Height)
		}
		sum := sha256.Sum256(im.Data)
		if im.SHA256 != hex.EncodeToString(sum[:]) {
			t.Fatal("SHA256 is not the stored bytes'")
		}
	})
}

// photo is a w × h picture that encodes like a photograph: smooth gradients and tiles
// under a little sensor noise, so its JPEG and PNG are about a camera's size, not a
// flat picture's (a few KB) or pure noise's.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			i := img.PixOffset(x, y)
			n := uint8(rng.IntN(9))
			img.Pix[i] = uint8(x*255/w) + n
			img.Pix[i+1] = uint8(y*255/h) + n
			img.Pix[i+2] = uint8((x+y)*255/(w+h)) ^ uint8((x/64+y/64)%2*40) + n
			img.Pix[i+3] = 255
		}
	}
	return img
}

// BenchmarkIngest takes in one upload per iteration: typical 2 and 4 megapixel photos
// (at most 2,048 px a side: kept at their size and re-encoded), and a 12-megapixel
// phone photo scaled down to the 2,048 px cap. It reports images per second, the
// upload's size ("in-bytes") and, with -benchmem, the bytes allocated per image.
func BenchmarkIngest(b *testing.B) {
	for _, c := range []struct {
		name string
		w, h int
		jpeg bool
	}{
		{"jpeg-1600x1200", 1600, 1200, true},
		{"png-1600x1200", 1600, 1200, false},
		{"jpeg-2048x2048", 2048, 2048, true},
		{"png-2048x2048", 2048, 2048, false},
		{"jpeg-4000x3000-capped", 4000, 3000, true},
		{"png-4000x3000-capped", 4000, 3000, false},
	} {
		b.Run(c.name, func(b *testing.B) {
			var data []byte
			if c.jpeg {
				var buf bytes.Buffer
				if err := jpeg.Encode(&buf, photo(c.w, c.h), &jpeg.Options{Quality: 90}); err != nil {
					b.Fatal(err)
				}
				data = buf.Bytes()
			} else {
				data = encodePNG(b, photo(c.w, c.h))
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := images.Ingest("", data, images.Limits{MaxBytes: 50 << 20}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
			b.ReportMetric(float64(len(data)), "in-bytes")
		})
	}
}
