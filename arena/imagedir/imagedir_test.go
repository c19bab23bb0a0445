package imagedir

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

func picture(t *testing.T, w, h int, asJPEG bool) images.Image {
	t.Helper()
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			m.Set(x, y, color.RGBA{uint8(x * 9), uint8(y * 4), 90, 255})
		}
	}
	var buf bytes.Buffer
	enc := func() error { return png.Encode(&buf, m) }
	if asJPEG {
		enc = func() error { return jpeg.Encode(&buf, m, nil) }
	}
	if err := enc(); err != nil {
		t.Fatal(err)
	}
	im, err := images.Ingest("p", buf.Bytes(), images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// checkStore is what every arena.ImageStore does, the database's and the directory's
// alike: images come back as stored, storing one again (even at once from many
// goroutines) changes nothing, and an unknown name is ENOTFOUND.
func checkStore(t *testing.T, s arena.ImageStore) {
	ctx := context.Background()
	ims := []images.Image{picture(t, 30, 20, false), picture(t, 16, 16, true)}
	if err := s.PutImages(ctx, ims, time.Now()); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Go(func() { errs <- s.PutImages(ctx, ims[:1], time.Now()) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("storing an image again: %v", err)
		}
	}
	for _, want := range ims {
		got, err := s.Image(ctx, want.SHA256)
		if err != nil {
			t.Fatal(err)
		}
		if got.SHA256 != want.SHA256 || got.MIME != want.MIME || got.Width != want.Width || got.Height != want.Height || !bytes.Equal(got.Data, want.Data) {
			t.Errorf("read back %s %s %d×%d %d bytes, stored %s %d×%d %d bytes", got.SHA256, got.MIME, got.Width, got.Height, len(got.Data),
				want.MIME, want.Width, want.Height, len(want.Data))
		}
	}
	missing := strings.Repeat("ab", 32)
	if _, err := s.Image(ctx, missing); arena.ErrorCode(err) != arena.ENOTFOUND || !strings.Contains(arena.ErrorMessage(err), "No image is stored as "+missing) {
		t.Errorf("an unknown image: %v", err)
	}
}

func TestStores(t *testing.T) {
	t.Run("dir", func(t *testing.T) {
		s, err := Open(filepath.Join(t.TempDir(), "images"))
		if err != nil {
			t.Fatal(err)
		}
		checkStore(t, s)
	})
	t.Run("sqlite", func(t *testing.T) { checkStore(t, sqlitetest.Open(t)) })
	t.Run("postgres", func(t *testing.T) {
		db, err := postgres.Open(context.Background(), pgtest.FreshURL(t))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		checkStore(t, db)
	})
}

// The directory holds one file per image named by its SHA-256, nothing half-written;
// a file gone is ENOTFOUND naming the files looked for (not the directory, which
// is the server's business), and one changed on disk is
// refused rather than served.
func TestDirFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	png1, jpg := picture(t, 30, 20, false), picture(t, 16, 16, true)
	if err := s.PutImages(ctx, []images.Image{png1, jpg}, time.Now()); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if want := []string{images.FileName(png1.SHA256, png1.MIME), images.FileName(jpg.SHA256, jpg.MIME)}; len(names) != 2 ||
		!(names[0] == want[0] && names[1] == want[1] || names[0] == want[1] && names[1] == want[0]) {
		t.Errorf("files %q, want %q", names, want)
	}
	if !strings.HasSuffix(images.FileName(jpg.SHA256, jpg.MIME), ".jpg") {
		t.Error("a JPEG's file is not .jpg")
	}
	os.Remove(filepath.Join(dir, images.FileName(jpg.SHA256, jpg.MIME)))
	_, err = s.Image(ctx, jpg.SHA256)
	if arena.ErrorCode(err) != arena.ENOTFOUND || !strings.Contains(err.Error(), jpg.SHA256+".jpg") || strings.Contains(err.Error(), dir) {
		t.Errorf("a missing file: %v", err)
	}
	path := filepath.Join(dir, images.FileName(png1.SHA256, png1.MIME))
	b, _ := os.ReadFile(path)
	b[len(b)-20] ^= 1
	os.WriteFile(path, b, 0o644)
	if _, err := s.Image(ctx, png1.SHA256); arena.ErrorCode(err) != arena.EINTERNAL || !strings.Contains(err.Error(), "damaged") {
		t.Errorf("a changed file: %v", err)
	}
	if _, err := s.Image(ctx, "../../etc/passwd"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("a path for a name: %v", err)
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := Open(file); err == nil {
		t.Error("Open took a file for a directory")
	}
}
