package arena

import (
	"context"
	"time"
)

// Message is one chat message in the OpenAI shape.
type Message struct {
	Role    string `json:"role"` // system, user or assistant
	Content string `json:"content"`
}

// ChatRequest is what a provider is asked to complete.
type ChatRequest struct {
	Messages    []Message
	Temperature float64
	MaxTokens   int // 0 means the provider's default
}

// Usage counts tokens as the provider reported them (or estimated, when it did not).
type Usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
}

// Completion is a finished answer with its usage and timing.
type Completion struct {
	Text         string
	Usage        Usage
	FirstToken   time.Duration // from the call's start to the first text delta
	Total        time.Duration
	FinishReason string
}

// Provider streams a chat completion. Each text delta is passed to onDelta as it arrives,
// in order, from the calling goroutine; cancelling ctx aborts the call. On failure the
// returned Completion holds whatever text arrived before it, and the error is an *Error
// (EUNAVAILABLE for provider faults) whose message says what went wrong.
type Provider interface {
	Stream(ctx context.Context, req ChatRequest, onDelta func(delta string)) (Completion, error)
}
