package llm

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"

	"github.com/arena-dev/arena/arena"
)

// chatBody is a Chat Completions request. Every sampling field is a pointer or omitted
// when empty, so a setting left unset is not sent at all (the endpoint's default holds)
// and one set to zero is sent as zero.
type chatBody struct {
	Model         string          `json:"model"`
	Messages      []arena.Message `json:"messages"`
	Stream        bool            `json:"stream"`
	StreamOptions struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Temperature         *float64 `json:"temperature,omitempty"`
	TopP                *float64 `json:"top_p,omitempty"`
	Seed                *int64   `json:"seed,omitempty"`
	Stop                []string `json:"stop,omitempty"`
	ReasoningEffort     string   `json:"reasoning_effort,omitempty"`
	MaxTokens           int      `json:"max_tokens,omitempty"`
	MaxCompletionTokens int      `json:"max_completion_tokens,omitempty"`
	// User carries the voter's salted hash. The spec's user field, not OpenAI's newer
	// safety_identifier: every OpenAI-compatible server (vLLM, OpenRouter, Azure, and
	// OpenAI itself, which still reads it for abuse monitoring) knows user, while strict
	// servers refuse fields they do not know.
	User string `json:"user,omitempty"`
}

// requestBody builds the request for req to m: m's system prompt first (the one place
// it is added, so battles and endpoint checks send it once), then the conversation,
// m's sampling settings with req's overrides, and m's extra body merged in.
func requestBody(m arena.Model, req arena.ChatRequest) (chatBody, []byte, error) {
	body := chatBody{Model: m.ModelID, Stream: true, Temperature: m.Temperature, TopP: m.TopP, Seed: m.Seed,
		Stop: m.Stop, ReasoningEffort: m.ReasoningEffort, User: req.User}
	body.StreamOptions.IncludeUsage = true
	if m.SystemPrompt != "" {
		body.Messages = append(make([]arena.Message, 0, len(req.Messages)+1),
			arena.Message{Role: "system", Content: m.SystemPrompt})
	}
	body.Messages = append(body.Messages, req.Messages...)
	if req.Temperature != nil {
		body.Temperature = req.Temperature
	}
	maxTokens := m.MaxTokens
	if req.MaxTokens > 0 {
		maxTokens = req.MaxTokens
	}
	if m.MaxTokensField == arena.MaxCompletionTokensField {
		body.MaxCompletionTokens = maxTokens
	} else {
		body.MaxTokens = maxTokens
	}
	payload, err := json.Marshal(body)
	if err != nil {
		return body, nil, arena.Errorf(arena.EINTERNAL, "Could not encode the request: %v.", err)
	}
	if m.ExtraBody == "" {
		return body, payload, nil
	}
	// ValidateModel refused an extra body that is not an object or sets the arena's own
	// fields; a model stored before that check is refused here rather than overriding.
	if err := arena.ValidateExtraBody(m.ExtraBody); err != nil {
		return body, nil, err
	}
	var merged, extra map[string]json.RawMessage
	if err := json.Unmarshal(payload, &merged); err != nil {
		return body, nil, arena.Errorf(arena.EINTERNAL, "Could not encode the request: %v.", err)
	}
	if err := json.Unmarshal([]byte(m.ExtraBody), &extra); err != nil {
		return body, nil, arena.Errorf(arena.EINVALID, "The extra body must be a JSON object.")
	}
	for k, v := range extra {
		merged[k] = v
	}
	payload, err = json.Marshal(merged)
	if err != nil {
		return body, nil, arena.Errorf(arena.EINTERNAL, "Could not encode the request: %v.", err)
	}
	return body, payload, nil
}

// newRequestID is a fresh id for one provider call, sent as X-Request-Id so an
// operator and the provider can find the same call in each other's logs.
func newRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}
