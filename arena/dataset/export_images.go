package dataset

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// ImageSource reads stored images by their SHA-256: arena.ImageStore is one.
type ImageSource interface {
	Image(ctx context.Context, sha256 string) (*images.Image, error)
}

// ImagesDir is the directory, beside a JSON Lines export or inside a release, that
// holds the image files its rows reference ("images/<sha256>.png").
const ImagesDir = "images"

// ImageRef is an image of a message as an export references it: its name, its type,
// and where a JSON Lines row says it is (a file beside the export, or a URL path).
type ImageRef struct {
	SHA256 string
	MIME   string
	Ref    string
}

// ImageFileName is the file an image is exported as (images.FileName).
func ImageFileName(sha, mime string) string { return images.FileName(sha, mime) }

// contentParts is a message's content as arena-human-preference-140k's typed parts:
// its text as one "text" part, then one "image" part per image, in the order they were
// attached (as models are sent them). A message of images and no text (an image
// model's answer) has no text part; any other message has exactly one, even empty, as
// every text message always had. Parts are appended to dst. An image part's Image is
// left nil here: Parquet fills in the bytes as it writes the row, JSON Lines writes
// the reference. Prompts and answers alike go through it.
func contentParts(dst []ContentPart, text *string, imgs []ImageRef) []ContentPart {
	if *text != "" || len(imgs) == 0 {
		dst = append(dst, ContentPart{Type: "text", Text: text})
	}
	for i := range imgs {
		dst = append(dst, ContentPart{Type: "image", MimeType: &imgs[i].MIME, file: imgs[i].Ref, sha: imgs[i].SHA256})
	}
	return dst
}

// imageResolver turns the SHA-256s of a row's images into references, writing each
// image's file the first time one is met. It is shared by the export's workers: files
// are written atomically under their content's name, so two workers writing the same
// image both leave the same bytes.
type imageResolver struct {
	ctx context.Context
	src ImageSource
	dir string // where image files are written; "" writes none
	url string // with no dir, the URL path prefix of references ("/images/")
}

// errNoImageHome is the error of an export that met an image and has nowhere to put
// it: a JSON Lines file on standard output has no directory beside it.
var errNoImageHome = arena.Errorf(arena.EINVALID, "The export holds images, and JSON Lines references them as files beside the export: write it to a file (--out FILE), or use --content string or a format without images.")

// resolve returns the reference of the image named sha, writing its file if the
// export has a directory and the file is not there yet.
func (r *imageResolver) resolve(sha string) (ImageRef, error) {
	if r.src == nil {
		return ImageRef{}, arena.Errorf(arena.EINTERNAL, "A battle has images, and the export was given no image store to read them from.")
	}
	if r.dir == "" && r.url == "" {
		return ImageRef{}, errNoImageHome
	}
	// The name's bytes are the batch's, reused once it is written; the reference is
	// cached for later batches.
	sha = strings.Clone(sha)
	im, err := r.src.Image(r.ctx, sha)
	if err != nil {
		return ImageRef{}, fmt.Errorf("image %s: %w", sha, err)
	}
	name := ImageFileName(sha, im.MIME)
	if r.dir == "" {
		return ImageRef{SHA256: sha, MIME: im.MIME, Ref: r.url + sha}, nil
	}
	if err := images.WriteFile(r.dir, name, im.Data); err != nil {
		return ImageRef{}, err
	}
	return ImageRef{SHA256: sha, MIME: im.MIME, Ref: ImagesDir + "/" + name}, nil
}

// converterImages resolves images for one converter (one worker), remembering the
// references of the last images it met: a battle's turns, and battles of one voter,
// often carry the same picture, and each miss reads its bytes from the store.
type converterImages struct {
	r     *imageResolver
	cache map[string]ImageRef
	err   error // the first failure; the batch carries it to the writer
}

const maxImageCache = 4096

// refs are the references of shas; on a failure it records the error and returns nil.
func (c *converterImages) refs(shas []string) []ImageRef {
	if len(shas) == 0 || c == nil || c.err != nil {
		return nil
	}
	out := make([]ImageRef, 0, len(shas))
	for _, sha := range shas {
		ref, ok := c.cache[sha]
		if !ok {
			var err error
			if ref, err = c.r.resolve(sha); err != nil {
				c.err = err
				return nil
			}
			if c.cache == nil || len(c.cache) >= maxImageCache {
				c.cache = make(map[string]ImageRef)
			}
			c.cache[ref.SHA256] = ref
		}
		out = append(out, ref)
	}
	return out
}

// listImageFiles hashes the image files in dir, in name order, for a release's
// manifest: each file's size and SHA-256 (which is its name: a file whose bytes are
// not is an error, since the export wrote it from the store). A missing dir has none.
func listImageFiles(dir string) ([]arena.DatasetFile, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []arena.DatasetFile
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		f, err := os.Open(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		h := sha256.New()
		n, err := io.Copy(h, f)
		f.Close()
		if err != nil {
			return nil, err
		}
		sum := hex.EncodeToString(h.Sum(nil))
		if sha, _, _ := strings.Cut(e.Name(), "."); sha != sum {
			return nil, fmt.Errorf("image file %s holds bytes whose SHA-256 is %s", e.Name(), sum)
		}
		format := "image/png"
		if strings.HasSuffix(e.Name(), ".jpg") {
			format = "image/jpeg"
		}
		out = append(out, arena.DatasetFile{Path: ImagesDir + "/" + e.Name(), Format: format, Bytes: n, SHA256: sum})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}
