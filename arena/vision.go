package arena

import (
	"context"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena/images"
)

// The arenas a battle can belong to. Each has its own leaderboards: a model's skill at
// reading images is not its skill at text, and a vision battle draws only the models
// that take images.
const (
	ArenaText   = "text"
	ArenaVision = "vision" // a turn carries images
	// ArenaTextToImage: a prompt to two models that answer with an image (OutputImage).
	ArenaTextToImage = "text_to_image"
	// ArenaImageEdit: a prompt with an image to two models that answer with that image
	// edited (OutputImageEdit).
	ArenaImageEdit = "image_edit"
)

// Arenas lists the arenas in the order the leaderboard page offers them.
var Arenas = []string{ArenaText, ArenaVision, ArenaTextToImage, ArenaImageEdit}

// ParseArena reads an arena's name as a query or flag gives it; "" is the text arena,
// and "text-to-image", "t2i", "image-edit" and "edit" name the image arenas too.
func ParseArena(s string) (string, error) {
	switch strings.ReplaceAll(strings.TrimSpace(strings.ToLower(s)), "-", "_") {
	case "", ArenaText:
		return ArenaText, nil
	case ArenaVision:
		return ArenaVision, nil
	case ArenaTextToImage, "t2i":
		return ArenaTextToImage, nil
	case ArenaImageEdit, "edit":
		return ArenaImageEdit, nil
	}
	return "", Errorf(EINVALID, "The arena is text, vision, text_to_image or image_edit; got %q.", s)
}

// VisionCategoryPrefix prefixes the pair-count categories of vision battles' votes, as
// SideBySideCategoryPrefix does side-by-side ones: "vision:" holds them all.
const VisionCategoryPrefix = "vision:"

// ImageStore keeps the images attached to prompts, by the SHA-256 of their bytes.
type ImageStore interface {
	// PutImages stores the images; one already stored under its SHA-256 is the same
	// bytes and is left as it is.
	PutImages(ctx context.Context, ims []images.Image, now time.Time) error
	// Image returns a stored image; ENOTFOUND if there is none by that SHA-256.
	Image(ctx context.Context, sha256 string) (*images.Image, error)
}

// Upload is a file a person attached to a prompt, as sent.
type Upload struct {
	Name string // the file's name as sent, for messages only
	Data []byte
}

// IngestImages checks and re-encodes the files attached to one prompt (see package
// images), refusing more than lim allows: the first refusal is EINVALID saying which
// file and what was wrong, and nothing is kept.
func IngestImages(ups []Upload, lim images.Limits) ([]images.Image, error) {
	if len(ups) == 0 {
		return nil, nil
	}
	if n := lim.Count(); len(ups) > n {
		return nil, Errorf(EINVALID, "A prompt takes at most %d images; %d were attached.", n, len(ups))
	}
	out := make([]images.Image, 0, len(ups))
	for _, u := range ups {
		im, err := images.Ingest(u.Name, u.Data, lim)
		if images.IsRefusal(err) {
			return nil, Errorf(EINVALID, "%s", err.Error())
		} else if err != nil {
			return nil, Errorf(EINTERNAL, "Could not store the image: %v", err)
		}
		out = append(out, im)
	}
	return out, nil
}

// imageNames are the SHA-256s of ims, in order.
func imageNames(ims []images.Image) []string {
	if len(ims) == 0 {
		return nil
	}
	out := make([]string, len(ims))
	for i, im := range ims {
		out[i] = im.SHA256
	}
	return out
}

// ingest checks a prompt's files; with none it needs no image store.
func (s *Battles) ingest(ups []Upload) ([]images.Image, error) {
	if len(ups) == 0 {
		return nil, nil
	}
	if s.c.Images == nil {
		return nil, Errorf(EINVALID, "This arena does not take images.")
	}
	return IngestImages(ups, s.c.ImageLimits)
}

// storeImages moderates a prompt's images, if the arena does, and stores them: the last
// step before anything of the prompt is stored, so a refusal leaves nothing behind.
func (s *Battles) storeImages(ctx context.Context, ims []images.Image, now time.Time) error {
	if len(ims) == 0 {
		return nil
	}
	if err := s.c.ImageModeration.check(ctx, ims, s.c.Log); err != nil {
		return err
	}
	return s.c.Images.PutImages(ctx, ims, now)
}

// withImages reads the bytes of the images msgs name (Battle.Conversation names them).
func (s *Battles) withImages(ctx context.Context, msgs []Message) ([]Message, error) {
	for i := range msgs {
		for k, im := range msgs[i].Images {
			if im.Data != nil {
				continue
			}
			if s.c.Images == nil {
				return nil, Errorf(EINTERNAL, "The prompt has images, and the arena has no image store.")
			}
			got, err := s.c.Images.Image(ctx, im.SHA256)
			if err != nil {
				return nil, err
			}
			msgs[i].Images[k] = *got
		}
	}
	return msgs, nil
}

// TakesImages reports whether a follow-up in b may attach images: in a vision battle,
// and in one whose models the voter chose when they all take images. An anonymous text
// battle takes none even when both its models could: that they could would tell the
// voter something of who they are.
func (b *Battle) TakesImages() bool {
	if b.Arena == ArenaVision {
		return true
	}
	return !b.Mode.Anonymous() && b.ModelA.Vision && (len(b.Sides()) == 1 || b.ModelB.Vision)
}
