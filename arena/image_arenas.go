package arena

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena/images"
)

// What a model answers with (Model.Output).
const (
	OutputText = "" // the default: text, the arena's other models
	// OutputImage draws an image from a prompt (the OpenAI Images API's generations).
	OutputImage = "image"
	// OutputImageEdit draws one from a prompt, and edits an attached one (its edits).
	OutputImageEdit = "image_edit"
)

// ModelOutputs are the values Model.Output takes.
var ModelOutputs = []string{OutputText, OutputImage, OutputImageEdit}

// ParseOutput reads a model's output as a flag or form gives it: "text" (or "") is
// OutputText.
func ParseOutput(s string) (string, error) {
	switch v := strings.ReplaceAll(strings.TrimSpace(strings.ToLower(s)), "-", "_"); v {
	case "", "text":
		return OutputText, nil
	case OutputImage, OutputImageEdit:
		return v, nil
	}
	return "", Errorf(EINVALID, "A model's output is text, image or image_edit; got %q.", s)
}

// OutputName is the output as flags and pages name it: "text" for OutputText.
func OutputName(o string) string {
	if o == OutputText {
		return "text"
	}
	return o
}

// DrawsImages reports whether m answers with images: it is drawn for the text-to-image
// arena, and never for a text or vision battle.
func (m Model) DrawsImages() bool { return m.Output == OutputImage || m.Output == OutputImageEdit }

// EditsImages reports whether m edits an attached image: it is drawn for the image-edit
// arena.
func (m Model) EditsImages() bool { return m.Output == OutputImageEdit }

// answersIn reports whether m may answer a battle of arena kind: image models in the
// image arenas (edits only by those that edit), text models in the others (vision only
// by those that take images).
func (m Model) answersIn(kind string) bool {
	switch kind {
	case ArenaTextToImage:
		return m.DrawsImages()
	case ArenaImageEdit:
		return m.EditsImages()
	case ArenaVision:
		return m.Vision && !m.DrawsImages()
	}
	return !m.DrawsImages()
}

// IsImageArena reports whether battles of arena kind are answered with images.
func IsImageArena(kind string) bool { return kind == ArenaTextToImage || kind == ArenaImageEdit }

// TextToImageCategoryPrefix and ImageEditCategoryPrefix prefix the pair-count categories
// of the image arenas' votes, as VisionCategoryPrefix does vision's.
const (
	TextToImageCategoryPrefix = "text_to_image:"
	ImageEditCategoryPrefix   = "image_edit:"
)

// StoredArena is how battles store a battle's arena, kind: its arena column says
// whether a prompt carries images ('text' or 'vision', which its CHECK allows) and its
// output column what the models answer with ('text' or 'image'); an edit is an image
// answer to a prompt with an image. Changing the arena column's CHECK would rebuild the
// battles table in SQLite.
func StoredArena(kind string) (arenaCol, output string) {
	switch kind {
	case ArenaTextToImage:
		return ArenaText, "image"
	case ArenaImageEdit:
		return ArenaVision, "image"
	case ArenaVision:
		return ArenaVision, "text"
	}
	return ArenaText, "text"
}

// ArenaOfStored is the arena a battle stored as StoredArena says belongs to.
func ArenaOfStored(arenaCol, output string) string {
	switch {
	case output == "image" && arenaCol == ArenaVision:
		return ArenaImageEdit
	case output == "image":
		return ArenaTextToImage
	case arenaCol == ArenaVision:
		return ArenaVision
	}
	return ArenaText
}

// imagePrompt is msgs' last user message and its first image, if any.
func imagePrompt(msgs []Message) (prompt string, input *images.Image) {
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "user" {
			if len(msgs[i].Images) > 0 {
				input = &msgs[i].Images[0]
			}
			return msgs[i].Content, input
		}
	}
	return "", nil
}

// ImagePrompt is the prompt an image model draws and, in an edit, the image it edits
// (nil otherwise): req's last user message and its first image. Image providers read
// their request here, so every one reads it the same way.
func ImagePrompt(req ChatRequest) (prompt string, input *images.Image) {
	return imagePrompt(req.Messages)
}

// storeAnswerImages keeps the images an image model answered with and names them.
func (s *Battles) storeAnswerImages(ctx context.Context, ims []images.Image, now time.Time) ([]string, error) {
	if s.c.Images == nil {
		return nil, Errorf(EINTERNAL, "An image model answered, and the arena has no image store.")
	}
	if err := s.c.Images.PutImages(ctx, ims, now); err != nil {
		return nil, err
	}
	return imageNames(ims), nil
}

// validImageSize reports whether s is WIDTHxHEIGHT, each 1 to 4 digits.
func validImageSize(s string) bool {
	w, h, ok := strings.Cut(s, "x")
	digits := func(v string) bool {
		n, err := strconv.Atoi(v)
		return err == nil && n > 0 && len(v) <= 4 && v[0] != '+'
	}
	return ok && digits(w) && digits(h)
}

// requestArena is the arena of a battle asked for with output and n images attached.
func requestArena(output string, n int) (string, error) {
	switch {
	case output == OutputText && n > 0:
		return ArenaVision, nil
	case output == OutputText:
		return ArenaText, nil
	case output != OutputImage:
		return "", Errorf(EINVALID, "A battle's output is text or image; got %q.", output)
	case n > 1:
		return "", Errorf(EINVALID, "An image edit takes one image; %d were attached.", n)
	case n == 1:
		return ArenaImageEdit, nil
	}
	return ArenaTextToImage, nil
}

// arenaPrompt and arenaModels name, for messages, each arena's prompts and the models
// that answer them.
var (
	arenaPrompt = map[string]string{ArenaText: "A text prompt", ArenaVision: "A prompt with images",
		ArenaTextToImage: "A text-to-image prompt", ArenaImageEdit: "An image edit"}
	arenaModels = map[string]string{ArenaText: "answer with text", ArenaVision: "take images",
		ArenaTextToImage: "draw images", ArenaImageEdit: "edit images"}
)

// arenaChoice says why m, chosen, does not answer in arena kind, and what to do instead.
func arenaChoice(kind string, m Model) string {
	switch {
	case kind == ArenaVision && m.DrawsImages():
		return "draws images and does not read them; choose a vision model, or remove the images"
	case kind == ArenaVision:
		return "does not take images; choose a vision model, or remove the images"
	case kind == ArenaImageEdit && m.DrawsImages():
		return "draws from text only and does not edit images; choose a model that edits images, or remove the image"
	case IsImageArena(kind):
		return "answers with text, not images; choose an image model"
	}
	return "draws images; choose it for text to image"
}
