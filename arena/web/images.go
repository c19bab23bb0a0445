package web

import (
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// imagePolicy is the Content-Security-Policy of an image response: nothing at all, so a
// file that some browser took for a document could still run nothing and load nothing.
const imagePolicy = "default-src 'none'; frame-ancestors 'none'; sandbox"

// image serves a stored image by its SHA-256. The name is the content, so the response
// never changes and may be cached for good. Anyone holding the name may fetch it: it is
// 256 bits no one guesses, given only to the battle's pages and API.
func (s *Server) image(c echo.Context) error {
	sha := c.Param("sha")
	if !images.ValidSHA256(sha) || s.deps.Images == nil {
		return arena.Errorf(arena.ENOTFOUND, "No such image.")
	}
	h := c.Response().Header()
	if c.Request().Header.Get("If-None-Match") == `"`+sha+`"` {
		h.Set("ETag", `"`+sha+`"`)
		return c.NoContent(http.StatusNotModified)
	}
	im, err := s.deps.Images.Image(c.Request().Context(), sha)
	if err != nil {
		return err
	}
	h.Set("Content-Security-Policy", imagePolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "public, max-age=31536000, immutable")
	h.Set("ETag", `"`+sha+`"`)
	h.Set("Content-Length", strconv.Itoa(len(im.Data)))
	return c.Blob(http.StatusOK, im.MIME, im.Data)
}

// imagePath is where a stored image is served.
func imagePath(sha string) string { return "/images/" + sha }

// imagePaths are the paths of the images shas names, nil for none.
func imagePaths(shas []string) []string {
	var out []string
	for _, sha := range shas {
		out = append(out, imagePath(sha))
	}
	return out
}

// uploadLimit is the body limit of the routes that take prompts: lim's count of its
// largest images, as base64 (a third larger than the bytes), and a megabyte for the rest.
func uploadLimit(lim images.Limits) string {
	n := int64(lim.Count())*lim.Bytes()*4/3 + 1<<20
	return strconv.FormatInt(n/1024+1, 10) + "K"
}

// takesImages reports whether the route is one that takes prompts, whose bodies have
// their own limit (uploadLimit).
func takesImages(c echo.Context) bool {
	if c.Request().Method != http.MethodPost {
		return false
	}
	switch c.Path() {
	case "/battles", "/battle/:id/messages", "/api/battles", "/api/battles/:id/messages":
		return true
	}
	return false
}

// formUploads reads the files of a form's "images" input (none when the form is not
// multipart): more than lim allows is refused before any is read.
func formUploads(c echo.Context, lim images.Limits) ([]arena.Upload, error) {
	if !strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm) {
		return nil, nil
	}
	form, err := c.MultipartForm()
	if err != nil {
		return nil, arena.Errorf(arena.EINVALID, "The form could not be read: %v.", err)
	}
	var ups []arena.Upload
	files := form.File["images"]
	if len(files) > lim.Count() {
		return nil, arena.Errorf(arena.EINVALID, "A prompt takes at most %d images; %d were attached.", lim.Count(), len(files))
	}
	for _, fh := range files {
		if fh.Size == 0 && fh.Filename == "" {
			continue // the file input left empty
		}
		f, err := fh.Open()
		if err != nil {
			return nil, err
		}
		// A byte past the limit is enough for Ingest to refuse the file by its size.
		data, err := io.ReadAll(io.LimitReader(f, lim.Bytes()+1))
		f.Close()
		if err != nil {
			return nil, arena.Errorf(arena.EINVALID, "Image %q could not be read: %v.", fh.Filename, err)
		}
		ups = append(ups, arena.Upload{Name: fh.Filename, Data: data})
	}
	return ups, nil
}

// isMultipart reports whether the request is a multipart form.
func isMultipart(c echo.Context) bool {
	return strings.HasPrefix(c.Request().Header.Get(echo.HeaderContentType), echo.MIMEMultipartForm)
}

// bindPrompt reads the body of an API call that takes a prompt: JSON into v, whose
// images are in *imgs, or a multipart form (curl -F prompt=... -F images=@cat.png) whose
// "prompt" field is *prompt and whose "images" files are the uploads, with the same
// limits and refusals.
func (s *Server) bindPrompt(c echo.Context, v any, prompt *string, imgs *[]apiImage) ([]arena.Upload, error) {
	if !isMultipart(c) {
		if err := bindJSON(c, v); err != nil {
			return nil, err
		}
		return apiUploads(*imgs, s.cfg.Images)
	}
	if _, err := c.MultipartForm(); err != nil {
		return nil, arena.Errorf(arena.EINVALID, "The multipart form could not be read: %v.", err)
	}
	*prompt = c.FormValue("prompt")
	return formUploads(c, s.cfg.Images)
}

// apiImage is an image in a JSON body: its bytes in standard base64 ("data"), or a
// data: URL of them, as a browser's FileReader gives ("data:image/png;base64,...").
type apiImage struct {
	Name string `json:"name"`
	Data string `json:"data"`
}

// apiUploads decodes a JSON body's images.
func apiUploads(in []apiImage, lim images.Limits) ([]arena.Upload, error) {
	if len(in) > lim.Count() {
		return nil, arena.Errorf(arena.EINVALID, "A prompt takes at most %d images; %d were attached.", lim.Count(), len(in))
	}
	ups := make([]arena.Upload, 0, len(in))
	for i, im := range in {
		data := im.Data
		if strings.HasPrefix(data, "data:") {
			_, after, ok := strings.Cut(data, ";base64,")
			if !ok {
				return nil, arena.Errorf(arena.EINVALID, "images[%d].data is a data: URL without base64 content.", i)
			}
			data = after
		}
		b, err := base64.StdEncoding.DecodeString(data)
		if err != nil {
			return nil, arena.Errorf(arena.EINVALID, "images[%d].data is not standard base64: %v.", i, err)
		}
		name := im.Name
		if name == "" {
			name = fmt.Sprintf("images[%d]", i)
		}
		ups = append(ups, arena.Upload{Name: name, Data: b})
	}
	return ups, nil
}
