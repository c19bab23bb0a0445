package arena

import (
	"context"
	"math/rand/v2"
)

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

// Sampler picks the two models of a new battle.
type Sampler interface {
	// Pair returns two different models from models, in random left/right order.
	Pair(models []Model, rng *rand.Rand) (a, b Model, err error)
}

// UniformSampler draws every pair of distinct models with equal probability.
type UniformSampler struct{}

// Pair draws a uniform pair of distinct models.
func (UniformSampler) Pair(models []Model, rng *rand.Rand) (Model, Model, error) {
	if len(models) < 2 {
		return Model{}, Model{}, Errorf(EUNAVAILABLE, "The arena needs at least two active models; it has %d.", len(models))
	}
	i := rng.IntN(len(models))
	j := rng.IntN(len(models) - 1)
	if j >= i {
		j++
	}
	return models[i], models[j], nil
}

// ValidateModel explains what is wrong with a model's configuration, or returns nil.
func ValidateModel(m *Model) error {
	switch {
	case !usernameLike(m.Name):
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

func usernameLike(s string) bool {
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
