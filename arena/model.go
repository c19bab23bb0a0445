package arena

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Provider kinds.
const (
	ProviderOpenAI = "openai" // any OpenAI-compatible Chat Completions endpoint
	ProviderDemo   = "demo"   // a built-in offline demo model
	// ProviderExternal is a model known only from imported battles: it cannot be called.
	ProviderExternal = "external"
)

// Model is a configured model the arena can draw into battles.
type Model struct {
	ID           int64
	Name         string // unique display name
	Organization string
	Provider     string // ProviderOpenAI or ProviderDemo
	BaseURL      string // e.g. https://api.openai.com/v1
	ModelID      string // the model id sent to the provider
	APIKeyEnv    string // name of the environment variable holding the API key
	// The sampling settings are each sent only when set (nil or empty leaves the
	// endpoint's default), and then even when zero: temperature 0 is a real choice.
	Temperature     *float64 // 0 to 2
	TopP            *float64 // above 0, at most 1
	Seed            *int64
	Stop            []string // at most MaxStop sequences
	ReasoningEffort string   // "", or one of ReasoningEfforts
	MaxTokens       int      // 0 means the endpoint's default
	// MaxTokensField names the request field MaxTokens goes in: MaxTokensField (the
	// default, "" too, which vLLM, Ollama and older servers read) or
	// MaxCompletionTokensField (OpenAI's o-series refuse max_tokens).
	MaxTokensField string
	// ExtraBody is a JSON object of provider-specific fields merged into each request
	// body, such as OpenRouter's {"provider": {...}}; "" for none.
	ExtraBody    string
	SystemPrompt string
	// Vision says the model takes images in its prompts (Chat Completions image_url
	// content parts): only such models are drawn for battles with images.
	Vision bool
	// Output is what the model answers with: OutputText ("" too), or an image drawn
	// from the prompt (OutputImage), or that and an attached image edited
	// (OutputImageEdit). Models that draw are drawn only for the image arenas, and text
	// models never are.
	Output string
	// ImageSize is the size asked of an image model ("1024x1024"), "" for the
	// endpoint's default.
	ImageSize      string
	Timeout        time.Duration // per-call stall timeout
	MaxConcurrency int           // concurrent calls allowed; 0 means unlimited
	Active         bool
	CreatedAt      time.Time
}

// IsDemo reports whether m is a built-in demo model, which the arena labels wherever its
// name is shown.
func (m Model) IsDemo() bool { return m.Provider == ProviderDemo }

// DisplayName is the name as shown to people, with the demo label where it applies.
func (m Model) DisplayName() string {
	if m.IsDemo() {
		return m.Name + " (demo)"
	}
	return m.Name
}

// ModelStore persists model configurations.
type ModelStore interface {
	CreateModel(ctx context.Context, m *Model) error
	UpdateModel(ctx context.Context, m *Model) error
	ModelByName(ctx context.Context, name string) (*Model, error)
	ModelByID(ctx context.Context, id int64) (*Model, error)
	// Models lists every model, active or not, by name.
	Models(ctx context.Context) ([]Model, error)
	ActiveModels(ctx context.Context) ([]Model, error)
}

// ValidateModel explains what is wrong with a model's configuration, or returns nil.
func ValidateModel(m *Model) error {
	if err := checkModelName(m.Name); err != nil {
		return err
	}
	return ValidateSettings(m)
}

func checkModelName(name string) error {
	if !validModelName(name) {
		return Errorf(EINVALID, "Model names are 1 to 64 characters of letters, digits, '.', '_', ':', '/' and '-'.")
	}
	return nil
}

// validateSettings is ValidateModel but for the name, which a variant's holds an '@'
// no one may register (see variantName).
func ValidateSettings(m *Model) error {
	switch {
	case m.Provider != ProviderOpenAI && m.Provider != ProviderDemo:
		return Errorf(EINVALID, "Unknown provider %q: use openai (any OpenAI-compatible endpoint) or demo.", m.Provider)
	case m.Provider == ProviderOpenAI && m.BaseURL == "":
		return Errorf(EINVALID, "An openai model needs a base URL, such as https://api.openai.com/v1.")
	case m.Provider == ProviderOpenAI && m.ModelID == "":
		return Errorf(EINVALID, "An openai model needs the model id its endpoint expects.")
	case m.Temperature != nil && !(*m.Temperature >= 0 && *m.Temperature <= 2):
		return Errorf(EINVALID, "Temperature must be between 0 and 2; got %v.", *m.Temperature)
	case m.TopP != nil && !(*m.TopP > 0 && *m.TopP <= 1):
		return Errorf(EINVALID, "top_p must be above 0 and at most 1; got %v.", *m.TopP)
	case m.ReasoningEffort != "" && !slices.Contains(ReasoningEfforts, m.ReasoningEffort):
		return Errorf(EINVALID, "Reasoning effort must be one of %s; got %q.", strings.Join(ReasoningEfforts, ", "), m.ReasoningEffort)
	case len(m.Stop) > MaxStop:
		return Errorf(EINVALID, "At most %d stop sequences; got %d.", MaxStop, len(m.Stop))
	case slices.Contains(m.Stop, ""):
		return Errorf(EINVALID, "A stop sequence cannot be empty.")
	case m.MaxTokens < 0:
		return Errorf(EINVALID, "Max tokens cannot be negative.")
	case m.MaxTokensField != "" && m.MaxTokensField != MaxTokensField && m.MaxTokensField != MaxCompletionTokensField:
		return Errorf(EINVALID, "The max tokens field is %s or %s; got %q.", MaxTokensField, MaxCompletionTokensField, m.MaxTokensField)
	case m.Timeout < 0:
		return Errorf(EINVALID, "The timeout cannot be negative.")
	case m.MaxConcurrency < 0:
		return Errorf(EINVALID, "The concurrency limit cannot be negative.")
	case !slices.Contains(ModelOutputs, m.Output):
		return Errorf(EINVALID, "A model's output is text, image or image_edit; got %q.", m.Output)
	case m.ImageSize != "" && !validImageSize(m.ImageSize):
		return Errorf(EINVALID, "The image size is WIDTHxHEIGHT in pixels, such as 1024x1024; got %q.", m.ImageSize)
	case m.ImageSize != "" && !m.DrawsImages():
		return Errorf(EINVALID, "Only an image model (output image or image_edit) takes an image size.")
	case m.Vision && m.DrawsImages():
		return Errorf(EINVALID, "An image model answers with images: it is not a vision (image-reading) model too.")
	}
	return ValidateExtraBody(m.ExtraBody)
}

// Sampling limits and choices ValidateModel enforces.
const (
	MaxStop                  = 4 // OpenAI's limit, which stricter servers copy
	MaxTokensField           = "max_tokens"
	MaxCompletionTokensField = "max_completion_tokens"
)

// ReasoningEfforts are the reasoning_effort values the Chat Completions spec defines.
var ReasoningEfforts = []string{"minimal", "low", "medium", "high"}

// reservedBodyKeys are request fields an extra body may not set: the arena's own
// (overriding them would break the call or its streaming), and those with a setting of
// their own, which is where they belong so the two cannot disagree.
var reservedBodyKeys = map[string]string{
	"model": "", "messages": "", "stream": "", "stream_options": "", "n": "",
	"temperature": "temperature", "top_p": "top_p", "seed": "seed", "stop": "stop",
	"reasoning_effort": "reasoning effort", "max_tokens": "max tokens", "max_completion_tokens": "max tokens",
	"user": "",
}

// ValidateExtraBody explains what is wrong with an extra request body, or returns nil:
// it must be a JSON object, and may not set the fields the arena sends itself.
func ValidateExtraBody(s string) error {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var obj map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &obj); err != nil || obj == nil {
		return Errorf(EINVALID, "The extra body must be a JSON object, such as {\"top_k\": 40}.")
	}
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		setting, reserved := reservedBodyKeys[k]
		switch {
		case reserved && setting != "":
			return Errorf(EINVALID, "The extra body may not set %q: use the model's %s setting instead.", k, setting)
		case reserved:
			return Errorf(EINVALID, "The extra body may not set %q: the arena sends that field itself.", k)
		}
	}
	return nil
}

func validModelName(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for _, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == ':' || r == '/' || r == '-'
		if !ok {
			return false
		}
	}
	return true
}
