package arena

import (
	"context"
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
	ID             int64
	Name           string // unique display name
	Organization   string
	Provider       string // ProviderOpenAI or ProviderDemo
	BaseURL        string // e.g. https://api.openai.com/v1
	ModelID        string // the model id sent to the provider
	APIKeyEnv      string // name of the environment variable holding the API key
	Temperature    float64
	MaxTokens      int
	SystemPrompt   string
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
	switch {
	case !validModelName(m.Name):
		return Errorf(EINVALID, "Model names are 1 to 64 characters of letters, digits, '.', '_', ':', '/' and '-'.")
	case m.Provider != ProviderOpenAI && m.Provider != ProviderDemo:
		return Errorf(EINVALID, "Unknown provider %q: use openai (any OpenAI-compatible endpoint) or demo.", m.Provider)
	case m.Provider == ProviderOpenAI && m.BaseURL == "":
		return Errorf(EINVALID, "An openai model needs a base URL, such as https://api.openai.com/v1.")
	case m.Provider == ProviderOpenAI && m.ModelID == "":
		return Errorf(EINVALID, "An openai model needs the model id its endpoint expects.")
	case m.Temperature < 0 || m.Temperature > 2:
		return Errorf(EINVALID, "Temperature must be between 0 and 2.")
	case m.MaxTokens < 0:
		return Errorf(EINVALID, "Max tokens cannot be negative.")
	case m.Timeout < 0:
		return Errorf(EINVALID, "The timeout cannot be negative.")
	case m.MaxConcurrency < 0:
		return Errorf(EINVALID, "The concurrency limit cannot be negative.")
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
