package arena

import "time"

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
