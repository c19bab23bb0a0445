// Package llm holds the arena's model providers: one streaming client for any
// OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama, llama.cpp server,
// OpenRouter...) and the built-in offline demo models. New picks one for a configured
// arena.Model; Providers keeps one per model so that concurrency limits are shared.
package llm

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
)

// Instant, as Options.DemoDelay, makes demo models answer without pacing.
const Instant time.Duration = -1

// Options are the process-wide settings shared by every provider New builds.
type Options struct {
	// HTTPClient sends requests to OpenAI-compatible endpoints; nil means a shared client
	// tuned for streaming. It should have no overall Timeout: answers stream for minutes,
	// and stalls are caught per model by an idle timer instead.
	HTTPClient *http.Client
	// DemoDelay is the mean pause between words of a demo answer: 0 means the default
	// reading pace, Instant (any negative value) means no pause at all.
	DemoDelay time.Duration
	// Keys gives each call to an OpenAI-compatible endpoint its API key; nil means the
	// environment variable the model names (arena.EnvKeys(os.Getenv)).
	Keys arena.KeySource
	// Retry is how OpenAI-compatible providers retry calls their endpoint refused for
	// load (HTTP 429 or 503); the zero value is the default policy.
	Retry RetryPolicy
	// Shared, if set, holds each model's MaxConcurrency across every server of the
	// arena (postgres.Slots on a shared PostgreSQL database); nil enforces it in this
	// process only, which is the whole arena on SQLite (one server by design).
	Shared SharedLimit
}

// SharedLimit hands out a model's concurrency slots across processes.
type SharedLimit interface {
	// Acquire waits until fewer than n calls to the model run anywhere and takes a
	// slot, which release gives back; it fails only when ctx ends first.
	Acquire(ctx context.Context, modelID int64, n int) (release func(), err error)
}

func (o Options) keys() arena.KeySource {
	if o.Keys == nil {
		return arena.EnvKeys(os.Getenv)
	}
	return o.Keys
}

// New returns the provider for m, with m.MaxConcurrency enforced and, for an
// OpenAI-compatible endpoint, refusals for load retried as opts.Retry says; its errors
// are arena.CallFailures, which say what a voter may be told. Each call builds a new
// provider with its own limit; use Providers to share one per model.
func New(m arena.Model, opts Options) (arena.Provider, error) {
	var p arena.Provider
	switch {
	case m.Provider == arena.ProviderOpenAI && m.DrawsImages():
		c, err := NewOpenAIImages(m, opts.keys(), opts.HTTPClient)
		if err != nil {
			return nil, err
		}
		p = Retry(c, opts.Retry)
	case m.Provider == arena.ProviderDemo && m.DrawsImages():
		d, err := NewDemoPainter(m, opts.DemoDelay)
		if err != nil {
			return nil, err
		}
		p = d
	case m.Provider == arena.ProviderOpenAI:
		c, err := NewOpenAI(m, opts.keys(), opts.HTTPClient)
		if err != nil {
			return nil, err
		}
		// A retry waits inside its concurrency slot: the endpoint asked for less load, and
		// giving the slot to another call would only send it the next refusal.
		p = Retry(c, opts.Retry)
	case m.Provider == arena.ProviderDemo:
		d, err := NewDemo(m, opts.DemoDelay)
		if err != nil {
			return nil, err
		}
		p = d
	default:
		return nil, arena.Errorf(arena.EINVALID, "Model %q: unknown provider kind %q (want %q or %q).",
			m.Name, m.Provider, arena.ProviderOpenAI, arena.ProviderDemo)
	}
	p = anonymous{p}
	if opts.Shared != nil && m.MaxConcurrency > 0 {
		// Inside the local limit, so a process asks for shared slots only for calls
		// it could run itself.
		p = &sharedLimited{p: p, shared: opts.Shared, id: m.ID, n: m.MaxConcurrency}
	}
	return Limit(p, m.MaxConcurrency), nil
}

// sharedLimited runs each call in one of the model's shared slots.
type sharedLimited struct {
	p      arena.Provider
	shared SharedLimit
	id     int64
	n      int
}

func (s *sharedLimited) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	release, err := s.shared.Acquire(ctx, s.id, s.n)
	if err != nil {
		if cerr := ctx.Err(); cerr != nil {
			return arena.Completion{}, ctxError(cerr)
		}
		return arena.Completion{}, arena.Errorf(arena.EUNAVAILABLE, "The model's concurrency slots could not be had: %v", err)
	}
	defer release()
	return s.p.Stream(ctx, req, onDelta)
}

// Limit returns p allowing at most n concurrent calls; further calls wait for a slot or
// for their context to end. n <= 0 means no limit and returns p itself.
func Limit(p arena.Provider, n int) arena.Provider {
	if n <= 0 {
		return p
	}
	return &limited{p: p, slots: make(chan struct{}, n)}
}

type limited struct {
	p     arena.Provider
	slots chan struct{}
}

func (l *limited) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	if err := ctx.Err(); err != nil {
		return arena.Completion{}, ctxError(err)
	}
	select {
	case l.slots <- struct{}{}:
	case <-ctx.Done():
		return arena.Completion{}, ctxError(ctx.Err())
	}
	defer func() { <-l.slots }()
	return l.p.Stream(ctx, req, onDelta)
}

// Providers keeps one provider per model ID, so every battle drawing a model shares its
// concurrency limit. A model whose configuration changed gets a fresh provider; calls
// already running on the old one finish there.
type Providers struct {
	opts Options
	mu   sync.Mutex
	byID map[int64]cached
}

type cached struct {
	key string
	p   arena.Provider
}

// NewProviders returns an empty cache building providers with opts.
func NewProviders(opts Options) *Providers {
	return &Providers{opts: opts, byID: make(map[int64]cached)}
}

// For returns the provider for m, building it on first use or when m's configuration
// differs from the one the cached provider was built from. A changed API key needs no
// new provider: each call asks Options.Keys for it.
func (ps *Providers) For(m arena.Model) (arena.Provider, error) {
	// Everything New reads, so a changed endpoint, setting or limit takes effect at
	// once. The optional settings are keyed by value: their pointers differ per read.
	k := fmt.Sprintf("%q|%q|%q|%q|%q|%s|%s|%s|%q|%q|%d|%q|%q|%q|%d|%d",
		m.Name, m.Provider, m.BaseURL, m.ModelID, m.APIKeyEnv, optional(m.Temperature), optional(m.TopP),
		optional(m.Seed), m.Stop, m.ReasoningEffort, m.MaxTokens, m.MaxTokensField, m.ExtraBody,
		m.SystemPrompt, m.Timeout, m.MaxConcurrency)
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if c, ok := ps.byID[m.ID]; ok && c.key == k {
		return c.p, nil
	}
	p, err := New(m, ps.opts)
	if err != nil {
		return nil, err
	}
	ps.byID[m.ID] = cached{key: k, p: p}
	return p, nil
}

// optional formats an optional setting for a cache key: "-" when unset.
func optional[T any](p *T) string {
	if p == nil {
		return "-"
	}
	return fmt.Sprint(*p)
}

// EstimateTokens guesses a token count for text the provider did not count: about four
// bytes of English per token, which is what OpenAI's tokenizers average.
func EstimateTokens(text string) int {
	if text == "" {
		return 0
	}
	n := utf8.RuneCountInString(text)
	return (n + 3) / 4
}

// estimatePrompt counts the messages as the provider would see them, with the few tokens
// of framing each chat message costs.
func estimatePrompt(msgs []arena.Message) int {
	n := 3
	for _, m := range msgs {
		n += 4 + EstimateTokens(m.Content)
	}
	return n
}

// canceledError reports a call stopped by its context. It is an *arena.Error, as the
// Provider contract promises, and also wraps the context's error, so callers can tell a
// person who left (errors.Is(err, context.Canceled)) from a provider fault.
type canceledError struct {
	display *arena.Error
	cause   error
}

func ctxError(cause error) error {
	msg := "The request was cancelled."
	if cause == context.DeadlineExceeded {
		msg = "The request ran out of time."
	}
	return &canceledError{display: arena.Errorf(arena.EUNAVAILABLE, "%s", msg), cause: cause}
}

func (e *canceledError) Error() string   { return e.display.Error() }
func (e *canceledError) Unwrap() []error { return []error{e.display, e.cause} }
