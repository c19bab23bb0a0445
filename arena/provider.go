package arena

import (
	"context"
	"encoding/json"
	"time"

	"github.com/arena-dev/arena/arena/images"
)

// Message is one chat message in the OpenAI shape.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
	// Images are the images attached to a user message, in order: with any, the message
	// is sent as Chat Completions content parts, the text first and then each image as
	// an image_url part holding a data: URL.
	Images []images.Image `json:"-"`
}

// ContentPart is one part of a message's content in the Chat Completions shape: text,
// or an image by URL (a data: URL here, so no endpoint fetches anything).
type ContentPart struct {
	Type     string    `json:"type"` // "text" or "image_url"
	Text     string    `json:"text,omitempty"`
	ImageURL *ImageURL `json:"image_url,omitempty"`
}

// ImageURL is an image_url part's image.
type ImageURL struct {
	URL string `json:"url"`
}

// Parts is the message's content as content parts: its text, then its images.
func (m Message) Parts() []ContentPart {
	parts := make([]ContentPart, 0, 1+len(m.Images))
	parts = append(parts, ContentPart{Type: "text", Text: m.Content})
	for _, im := range m.Images {
		parts = append(parts, ContentPart{Type: "image_url", ImageURL: &ImageURL{URL: im.DataURL()}})
	}
	return parts
}

// MarshalJSON sends a message without images as plain text content, which every
// endpoint reads, and one with images as content parts, which vision endpoints read.
func (m Message) MarshalJSON() ([]byte, error) {
	if len(m.Images) == 0 {
		return json.Marshal(struct {
			Role    string `json:"role"`
			Content string `json:"content"`
		}{m.Role, m.Content})
	}
	return json.Marshal(struct {
		Role    string        `json:"role"`
		Content []ContentPart `json:"content"`
	}{m.Role, m.Parts()})
}

// ChatRequest is what a provider is asked to complete. The provider adds the model's
// own settings, its system prompt first among them, so callers pass only the
// conversation and what this one call needs differently.
type ChatRequest struct {
	Messages    []Message
	Temperature *float64 // nil means the model's setting
	MaxTokens   int      // 0 means the model's setting
	// User is an opaque, stable id for the person the answer is for (a salted hash,
	// never the arena's own id), sent only when the operator turns it on; "" sends none.
	User string
	// Attempt is 0 for a turn's answer, n for its side's n-th regeneration in the
	// battle. A sampling model answers anew anyway and is not sent it; the demo models,
	// which answer the same way every time, answer differently with it.
	Attempt int
}

// Usage counts tokens as the provider reported them (or estimated, when it did not).
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Completion is a finished answer with its usage and timing.
type Completion struct {
	// Text is the answer alone: a reasoning model's thinking is in Reasoning.
	Text string
	// Reasoning is what a reasoning model thought before answering (its
	// reasoning_content deltas, or a <think> block opening its content), "" if none:
	// the DeltaReasoning deltas joined. It is not part of the answer.
	Reasoning  string
	Usage      Usage
	FirstToken time.Duration // from the call's start to the first text delta
	Total      time.Duration
	// FinishReason is why the model stopped, as the provider said: "stop", "length"
	// (it ran out of tokens), "content_filter"...; "stop" when it did not say.
	FinishReason string
	// Images are what an image model (Model.DrawsImages) answered with, checked and
	// re-encoded by images.Ingest; its Text is then "".
	Images []images.Image
	// RequestID is the X-Request-Id the call was sent with ("" if it has none), set
	// on failure too, so a log line can be matched with the provider's.
	RequestID string
}

// DeltaKind says which part of a completion a streamed delta belongs to.
type DeltaKind uint8

const (
	// DeltaAnswer is answer text: what the voter judges and style features count.
	DeltaAnswer DeltaKind = iota
	// DeltaReasoning is a reasoning model's thinking, shown apart from the answer (or
	// not at all), never part of it.
	DeltaReasoning
)

// Delta is one piece of a streaming completion, never empty.
type Delta struct {
	Kind DeltaKind
	Text string
}

// Provider streams a chat completion. Each delta, answer or reasoning, is passed to
// onDelta as it arrives, in order, from the calling goroutine; the answer deltas joined
// are the Completion's Text, the reasoning deltas its Reasoning. Cancelling ctx aborts
// the call. On failure the returned Completion holds whatever arrived before it, and
// the error is an *Error whose message says what went wrong: ERATELIMITED when the
// endpoint refused the call for load (HTTP 429, or 503 with Retry-After), which does
// not count towards pausing the model, and EUNAVAILABLE for other provider faults.
type Provider interface {
	Stream(ctx context.Context, req ChatRequest, onDelta func(Delta)) (Completion, error)
}

type dispatchedKey struct{}

// WithDispatched returns ctx carrying fn, for a provider to call through Dispatched once
// its request has left for the model. A battle's answers are sent before the battle is
// stored, and the store waits for that (a little while at most): on a busy server the
// write would otherwise run first, and the model start that much later.
func WithDispatched(ctx context.Context, fn func()) context.Context {
	return context.WithValue(ctx, dispatchedKey{}, fn)
}

// Dispatched tells whoever waits on ctx (see WithDispatched) that the call's request
// has been sent. Providers call it once the request is written; calling it again, or
// with a ctx that carries no waiter, does nothing harmful. A provider that never calls it
// only loses the head start: the waiter stops waiting when the call returns.
func Dispatched(ctx context.Context) {
	if fn, ok := ctx.Value(dispatchedKey{}).(func()); ok {
		fn()
	}
}

// KeySource gives the API key to call a model with. Providers ask it on every call,
// with the call's context, so a replaced key takes effect at once and a key that cannot
// be read fails that call with the reason. "" with a nil error means the model needs no
// key (a local server, say).
type KeySource interface {
	APIKey(ctx context.Context, m Model) (string, error)
}

// EnvKeys is the KeySource of the operator's own models: their keys are in the
// environment variables their APIKeyEnv names, read with a lookup such as os.Getenv.
type EnvKeys func(name string) string

// APIKey reads m's variable; a model naming a variable that is unset is misconfigured.
func (e EnvKeys) APIKey(_ context.Context, m Model) (string, error) {
	if m.APIKeyEnv == "" {
		return "", nil
	}
	if k := e(m.APIKeyEnv); k != "" {
		return k, nil
	}
	return "", Errorf(EINVALID, "Model %q: the API key variable %s is not set.", m.Name, m.APIKeyEnv)
}
