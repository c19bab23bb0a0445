// Package imagedir keeps the images attached to prompts as files in a directory, named
// by the SHA-256 of their bytes (arena serve --image-dir), instead of in the database's
// images table: an arena.ImageStore whose files a CDN, a backup or another server can
// take as they are.
package imagedir

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image/jpeg"
	"image/png"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// Store is a directory of images, each in the file images.FileName names.
type Store struct{ dir string }

var _ arena.ImageStore = (*Store)(nil)

// Open returns the store in dir, creating the directory if needed, and checks that it
// can be written, so a wrong path fails at start and not at the first upload.
func Open(dir string) (*Store, error) {
	if dir == "" {
		return nil, arena.Errorf(arena.EINVALID, "The image directory needs a path.")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("image directory %s: %w", dir, err)
	}
	f, err := os.CreateTemp(dir, ".write-check-")
	if err != nil {
		return nil, fmt.Errorf("image directory %s cannot be written: %w", dir, err)
	}
	f.Close()
	os.Remove(f.Name())
	return &Store{dir: dir}, nil
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// PutImages writes each image's file, atomically (temp file and rename); one already
// there is the same bytes and is left as it is.
func (s *Store) PutImages(_ context.Context, ims []images.Image, _ time.Time) error {
	for _, im := range ims {
		if !images.ValidSHA256(im.SHA256) {
			return fmt.Errorf("image name %q is not a SHA-256", im.SHA256)
		}
		if err := images.WriteFile(s.dir, images.FileName(im.SHA256, im.MIME), im.Data); err != nil {
			return err
		}
	}
	return nil
}

// Image reads an image's file. No file is ENOTFOUND naming the files looked for; a
// file whose bytes do not hash to its name (changed or damaged on disk) is an error
// saying so, never served as the image.
func (s *Store) Image(_ context.Context, sha string) (*images.Image, error) {
	if !images.ValidSHA256(sha) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No image is stored as %q: not a SHA-256.", sha)
	}
	for _, mime := range []string{"image/png", "image/jpeg"} {
		path := filepath.Join(s.dir, images.FileName(sha, mime))
		data, err := os.ReadFile(path)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			return nil, fmt.Errorf("reading image file %s: %w", path, err)
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != sha {
			return nil, arena.Errorf(arena.EINTERNAL, "Image file %s is damaged: its bytes hash to %s, not its name.", path, got)
		}
		decode := png.DecodeConfig
		if mime == "image/jpeg" {
			decode = jpeg.DecodeConfig
		}
		cfg, err := decode(bytes.NewReader(data))
		if err != nil {
			return nil, arena.Errorf(arena.EINTERNAL, "Image file %s is not a readable %s: %v.", path, mime, err)
		}
		return &images.Image{SHA256: sha, MIME: mime, Width: cfg.Width, Height: cfg.Height, Data: data}, nil
	}
	// The directory is not named: the message reaches whoever asked for the image.
	return nil, arena.Errorf(arena.ENOTFOUND, "No image is stored as %s: the image directory has neither %s nor %s.", sha,
		images.FileName(sha, "image/png"), images.FileName(sha, "image/jpeg"))
}
