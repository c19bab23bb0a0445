package llm

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptrace"
	"net/textproto"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
)

// DefaultImageTimeout bounds an image call whose model sets no timeout: an image comes
// whole, after the model has drawn all of it, which takes far longer than a first token.
const DefaultImageTimeout = 3 * time.Minute

// maxImageResponse bounds an Images API answer: base64 of an image at the arena's
// largest accepted size, and room for the JSON around it.
const maxImageResponse = images.DefaultMaxBytes*4/3 + 64<<10

// OpenAIImages draws images through an OpenAI-compatible Images API: a prompt alone
// goes to POST {base}/images/generations, a prompt with an image to edit to POST
// {base}/images/edits. It is an arena.Provider whose Completions carry Images and no
// text, so the arena's wrappers (concurrency limits, retries of refusals for load,
// failure reasons) apply to it unchanged.
type OpenAIImages struct {
	generations, edits string
	keys               arena.KeySource
	client             *http.Client
	model              arena.Model
	timeout            time.Duration
}

// NewOpenAIImages returns an Images API client for m, which needs an http(s) BaseURL
// and a ModelID as NewOpenAI's does. keys and client are as NewOpenAI takes them.
func NewOpenAIImages(m arena.Model, keys arena.KeySource, client *http.Client) (*OpenAIImages, error) {
	client, timeout, err := endpointOf(m, client, DefaultImageTimeout)
	if err != nil {
		return nil, err
	}
	base := strings.TrimRight(m.BaseURL, "/")
	return &OpenAIImages{generations: base + "/images/generations", edits: base + "/images/edits",
		keys: keys, client: client, model: m, timeout: timeout}, nil
}

// imagesResponse is the Images API's answer: one image, as asked, in data[0].
type imagesResponse struct {
	Data []struct {
		B64JSON string `json:"b64_json"`
	} `json:"data"`
}

// Stream draws the image req's last user message asks for (arena.ImagePrompt), as an
// edit of the image attached to it if there is one, and returns it checked and
// re-encoded by images.Ingest in Completion.Images; onDelta is never called. An image
// that is not a PNG, JPEG, GIF or WebP (an SVG, say) is refused like a bad answer:
// EUNAVAILABLE, saying what the model sent. The whole call is bounded by the model's
// timeout, there being nothing to stream.
func (c *OpenAIImages) Stream(ctx context.Context, req arena.ChatRequest, _ func(arena.Delta)) (arena.Completion, error) {
	start := time.Now()
	prompt, input := arena.ImagePrompt(req)
	if input != nil && !c.model.EditsImages() {
		return arena.Completion{}, arena.Errorf(arena.EINVALID, "Model %q draws from text only and cannot edit an image.", c.model.Name)
	}
	if input != nil && len(input.Data) == 0 {
		return arena.Completion{}, arena.Errorf(arena.EINTERNAL, "Model %q: the image to edit was not read.", c.model.Name)
	}
	o := &OpenAI{keys: c.keys, model: c.model}
	key, err := o.apiKey(ctx)
	if err != nil {
		return arena.Completion{}, err
	}
	requestID := arena.RequestID(ctx)
	if requestID == "" {
		requestID = newRequestID()
	}
	comp := arena.Completion{RequestID: requestID, Usage: arena.Usage{PromptTokens: EstimateTokens(prompt)}}
	fail := func(err error) (arena.Completion, error) {
		comp.Total = time.Since(start)
		if cerr := ctx.Err(); cerr != nil {
			return comp, ctxError(cerr)
		}
		return comp, err
	}
	callCtx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	target, contentType, payload, err := c.request(prompt, input, req.User)
	if err != nil {
		return comp, err
	}
	traced := httptrace.WithClientTrace(callCtx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { arena.Dispatched(ctx) },
	})
	hr, err := http.NewRequestWithContext(traced, http.MethodPost, target, bytes.NewReader(payload))
	if err != nil {
		return comp, arena.Errorf(arena.EINVALID, "Bad provider URL: %v.", err)
	}
	hr.Header.Set("Content-Type", contentType)
	hr.Header.Set("Accept", "application/json")
	hr.Header.Set("User-Agent", "arena (+https://github.com/arena-dev/arena)")
	hr.Header.Set("X-Request-Id", requestID)
	if key != "" {
		hr.Header.Set("Authorization", "Bearer "+key)
	}
	resp, err := c.client.Do(hr)
	if err != nil {
		if callCtx.Err() != nil && ctx.Err() == nil {
			return fail(arena.Errorf(arena.EUNAVAILABLE, "The provider sent no image within %s (stall timeout).", c.timeout))
		}
		return fail(arena.Errorf(arena.EUNAVAILABLE, "Could not reach the provider: %v.", unwrapURL(err)))
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		se := httpError(resp, resp.Body, time.Now())
		comp.Total = time.Since(start)
		if cerr := ctx.Err(); cerr != nil {
			return comp, ctxError(cerr)
		}
		return comp, se
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxImageResponse+1))
	switch {
	case err != nil && callCtx.Err() != nil && ctx.Err() == nil:
		return fail(arena.Errorf(arena.EUNAVAILABLE, "The provider sent no image within %s (stall timeout).", c.timeout))
	case err != nil:
		return fail(arena.Errorf(arena.EUNAVAILABLE, "The image could not be read: %v.", err))
	case len(data) > maxImageResponse:
		return fail(arena.Errorf(arena.EUNAVAILABLE, "The provider's answer is larger than %d MiB.", maxImageResponse>>20))
	}
	im, err := decodeImageResponse(data)
	if err != nil {
		return fail(err)
	}
	comp.Images = []images.Image{im}
	comp.FinishReason = "stop"
	comp.Total = time.Since(start)
	comp.FirstToken = comp.Total
	return comp, nil
}

// request is the call for prompt (an edit of input when set): its URL, content type and
// body. A generation is JSON; an edit is a multipart form, the Images API's only shape
// for a file.
func (c *OpenAIImages) request(prompt string, input *images.Image, user string) (target, contentType string, payload []byte, err error) {
	if input == nil {
		body := map[string]any{"model": c.model.ModelID, "prompt": prompt, "n": 1, "response_format": "b64_json"}
		if c.model.ImageSize != "" {
			body["size"] = c.model.ImageSize
		}
		if user != "" {
			body["user"] = user
		}
		payload, err = json.Marshal(body)
		if err != nil {
			return "", "", nil, arena.Errorf(arena.EINTERNAL, "Could not encode the image request: %v", err)
		}
		return c.generations, "application/json", payload, nil
	}
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	h := textproto.MIMEHeader{}
	ext := strings.TrimPrefix(input.MIME, "image/")
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="image"; filename="image.%s"`, ext))
	h.Set("Content-Type", input.MIME)
	part, err := w.CreatePart(h)
	if err == nil {
		_, err = part.Write(input.Data)
	}
	fields := [][2]string{{"prompt", prompt}, {"model", c.model.ModelID}, {"n", "1"}, {"response_format", "b64_json"}}
	if c.model.ImageSize != "" {
		fields = append(fields, [2]string{"size", c.model.ImageSize})
	}
	if user != "" {
		fields = append(fields, [2]string{"user", user})
	}
	for _, f := range fields {
		if err == nil {
			err = w.WriteField(f[0], f[1])
		}
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		return "", "", nil, arena.Errorf(arena.EINTERNAL, "Could not encode the image edit: %v", err)
	}
	return c.edits, w.FormDataContentType(), b.Bytes(), nil
}

// decodeImageResponse reads the one image of an Images API answer and ingests it: what
// a model sends is checked as strictly as what a person uploads.
func decodeImageResponse(data []byte) (images.Image, error) {
	var r imagesResponse
	if err := json.Unmarshal(data, &r); err != nil {
		return images.Image{}, arena.Errorf(arena.EUNAVAILABLE, "The provider's answer is not the Images API's JSON (%v): %s", err, clip(string(data), 120))
	}
	if len(r.Data) == 0 || r.Data[0].B64JSON == "" {
		return images.Image{}, arena.Errorf(arena.EUNAVAILABLE, "The provider's answer has no image: data[0].b64_json is missing (was response_format b64_json ignored?).")
	}
	raw, err := base64.StdEncoding.DecodeString(r.Data[0].B64JSON)
	if err != nil {
		return images.Image{}, arena.Errorf(arena.EUNAVAILABLE, "The provider's image is not valid base64 (%v).", err)
	}
	im, err := images.Ingest("", raw, images.Limits{})
	var refusal *images.Error
	if errors.As(err, &refusal) {
		return images.Image{}, arena.Errorf(arena.EUNAVAILABLE, "The provider's image was refused: %s", refusal.Reason)
	} else if err != nil {
		return images.Image{}, arena.Errorf(arena.EINTERNAL, "Could not store the provider's image: %v", err)
	}
	return im, nil
}
