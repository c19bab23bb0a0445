package llm

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena"
)

// DefaultTimeout is the stall timeout for models that set none.
const DefaultTimeout = 60 * time.Second

// maxAnswerBytes stops an endpoint that never finishes from filling memory; it is far
// beyond any max_tokens the arena asks for.
const maxAnswerBytes = 4 << 20

// defaultClient is shared by every OpenAI-compatible provider, so connections to the
// same endpoint are reused across battles. It has no overall Timeout because answers
// stream for minutes; each call has an idle timer instead.
var defaultClient = &http.Client{Transport: &http.Transport{
	Proxy:                 http.ProxyFromEnvironment,
	DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	ForceAttemptHTTP2:     true,
	MaxIdleConns:          256,
	MaxIdleConnsPerHost:   64,
	IdleConnTimeout:       90 * time.Second,
	TLSHandshakeTimeout:   10 * time.Second,
	ExpectContinueTimeout: time.Second,
	// Compressed event streams only arrive in bursts as the compressor flushes.
	DisableCompression: true,
}}

// OpenAI streams completions from an OpenAI-compatible Chat Completions endpoint.
type OpenAI struct {
	url     string
	keys    arena.KeySource
	client  *http.Client
	model   arena.Model
	timeout time.Duration
}

// NewOpenAI returns a client for m, which must have a valid http(s) BaseURL and a
// ModelID. Each call asks keys for m's API key and sends it as a bearer token unless
// empty (local servers need none); keys nil means m needs none. client nil means a
// shared client tuned for streaming. The client does not enforce m.MaxConcurrency; New
// wraps it with Limit for that.
func NewOpenAI(m arena.Model, keys arena.KeySource, client *http.Client) (*OpenAI, error) {
	client, timeout, err := endpointOf(m, client, DefaultTimeout)
	if err != nil {
		return nil, err
	}
	return &OpenAI{
		url:     strings.TrimRight(m.BaseURL, "/") + "/chat/completions",
		keys:    keys,
		client:  client,
		model:   m,
		timeout: timeout,
	}, nil
}

// endpointOf checks what every OpenAI-compatible client of m needs (an http(s) base URL
// and a model id) and gives the HTTP client (the shared one for nil) and the call's
// timeout (m.Timeout, or def).
func endpointOf(m arena.Model, client *http.Client, def time.Duration) (*http.Client, time.Duration, error) {
	u, err := url.Parse(m.BaseURL)
	if m.BaseURL == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, 0, arena.Errorf(arena.EINVALID, "Model %q: the base URL %q is not an http(s) URL such as https://api.openai.com/v1.", m.Name, m.BaseURL)
	}
	if strings.TrimSpace(m.ModelID) == "" {
		return nil, 0, arena.Errorf(arena.EINVALID, "Model %q: the provider's model id is missing.", m.Name)
	}
	if client == nil {
		client = defaultClient
	}
	timeout := m.Timeout
	if timeout <= 0 {
		timeout = def
	}
	return client, timeout, nil
}

// apiKey asks the key source for this call's key. Its failure is the call's, told as
// the Provider contract wants: an *arena.Error, or the context's end.
func (c *OpenAI) apiKey(ctx context.Context) (string, error) {
	if c.keys == nil {
		return "", nil
	}
	key, err := c.keys.APIKey(ctx, c.model)
	if err == nil {
		return key, nil
	}
	if ctxErr := ctx.Err(); ctxErr != nil {
		return "", ctxError(ctxErr)
	}
	var ae *arena.Error
	if errors.As(err, &ae) {
		return "", ae
	}
	return "", &keyError{display: arena.Errorf(arena.EUNAVAILABLE, "Model %q: its API key could not be read.", c.model.Name), cause: err}
}

// keyError shows a person that the key could not be read, and keeps why (a store
// error, say, which is not for display) for the logs and errors.Is.
type keyError struct {
	display *arena.Error
	cause   error
}

func (e *keyError) Error() string   { return e.display.Error() + ": " + e.cause.Error() }
func (e *keyError) Unwrap() []error { return []error{e.display, e.cause} }

// chunk is one streamed event, or (Message instead of Delta) a whole non-streamed answer.
type chunk struct {
	Choices []struct {
		Delta        chunkMessage `json:"delta"`
		Message      chunkMessage `json:"message"`
		FinishReason *string      `json:"finish_reason"`
	} `json:"choices"`
	Usage *arena.Usage    `json:"usage"`
	Error json.RawMessage `json:"error"`
}

// Stream sends req and passes each answer and reasoning delta to onDelta as it arrives
// (see arena.Provider). The model's
// system prompt comes first; req.Temperature (when set) and req.MaxTokens (when
// positive) override the model's settings, and a setting unset in both is not sent.
// Each call carries an X-Request-Id, which the Completion reports: the context's request
// id (arena.WithRequestID), or a fresh one. The stall timeout counts only
// time spent waiting for bytes, so a slow onDelta cannot trip it. If ctx ends first the
// error is an *arena.Error that also wraps ctx.Err().
func (c *OpenAI) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	start := time.Now()
	key, err := c.apiKey(ctx)
	if err != nil {
		return arena.Completion{}, err
	}
	body, payload, err := requestBody(c.model, req)
	if err != nil {
		return arena.Completion{}, err
	}
	requestID := arena.RequestID(ctx)
	if requestID == "" {
		requestID = newRequestID()
	}

	// The idle timer cancels the request through its own context, so a stall can be told
	// apart from the caller's cancellation by which context ended. That context follows
	// ctx without being its child: a complete answer returns while the end of its body is
	// still read (see drain), which the caller's cancelling must not cut short.
	callCtx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	unfollow := context.AfterFunc(ctx, cancel)
	draining := false
	defer func() {
		if !draining {
			unfollow()
			cancel()
		}
	}()
	var stalled atomic.Bool
	timer := time.AfterFunc(c.timeout, func() { stalled.Store(true); cancel() })
	defer timer.Stop()

	// The caller waits for the request to be on its way before it does other work.
	traced := httptrace.WithClientTrace(callCtx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { arena.Dispatched(ctx) },
	})
	hr, err := http.NewRequestWithContext(traced, http.MethodPost, c.url, bytes.NewReader(payload))
	if err != nil {
		return arena.Completion{}, arena.Errorf(arena.EINVALID, "Bad provider URL: %v.", err)
	}
	hr.Header.Set("Content-Type", "application/json")
	hr.Header.Set("Accept", "text/event-stream")
	hr.Header.Set("User-Agent", "arena (+https://github.com/arena-dev/arena)")
	hr.Header.Set("X-Request-Id", requestID)
	if key != "" {
		hr.Header.Set("Authorization", "Bearer "+key)
	}

	s := stream{ctx: ctx, start: start, onDelta: onDelta, stalled: &stalled, timeout: c.timeout, requestID: requestID,
		promptTokens: estimatePrompt(body.Messages)}
	resp, err := c.client.Do(hr)
	timer.Stop()
	if err != nil {
		return s.fail(fmt.Errorf("could not reach the provider: %w", unwrapURL(err)))
	}
	defer func() {
		if !draining {
			resp.Body.Close()
		}
	}()
	r := &idleReader{r: resp.Body, timer: timer, timeout: c.timeout}

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return s.failStatus(resp, r)
	}
	if ct, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); ct == "application/json" {
		// Some servers ignore "stream": true and answer in one piece.
		return s.whole(r)
	}
	comp, err := s.read(newSSEReader(r))
	if err == nil && unfollow() {
		draining = true
		go drain(resp.Body, cancel)
	}
	return comp, err
}

// drainWait and drainBytes bound what is read after [DONE]: the end of a chunked body is
// five bytes, and it comes with or right after the last event.
const (
	drainWait  = time.Second
	drainBytes = 4 << 10
)

// drain reads the body to its end and closes it, then cancels the call. net/http keeps a
// connection for the next call only if its body was read to the end, and the end comes
// after [DONE]; a new connection costs the next call a TCP and TLS handshake before its
// first token. An endpoint that sends more or keeps the body open loses the connection.
func drain(body io.ReadCloser, cancel context.CancelFunc) {
	defer cancel()
	t := time.AfterFunc(drainWait, cancel)
	defer t.Stop()
	io.Copy(io.Discard, io.LimitReader(body, drainBytes))
	body.Close()
}

// stream is the state of one call while its answer arrives.
type stream struct {
	ctx     context.Context
	start   time.Time
	onDelta func(arena.Delta)
	stalled *atomic.Bool
	timeout time.Duration
	// requestID is the call's X-Request-Id, reported with its completion for the logs.
	requestID string

	text         strings.Builder
	reasoning    strings.Builder
	think        thinkSplitter
	first        time.Duration
	finish       string
	usage        *arena.Usage
	promptTokens int // estimated
}

func (s *stream) read(sr *sseReader) (arena.Completion, error) {
	for {
		event, data, err := sr.next()
		if err != nil {
			if (err == io.EOF || err == io.ErrUnexpectedEOF) && s.finish != "" {
				return s.done() // no [DONE], but the answer said it was finished
			}
			if err == io.EOF || err == io.ErrUnexpectedEOF {
				return s.fail(fmt.Errorf("the stream was cut off after %d characters (the connection closed before [DONE])", s.text.Len()))
			}
			return s.fail(err)
		}
		if event == "error" {
			return s.fail(fmt.Errorf("the provider reported an error mid-stream: %s", errorText(data)))
		}
		if string(data) == "[DONE]" {
			return s.done()
		}
		if err := s.apply(data); err != nil {
			return s.fail(err)
		}
	}
}

// whole handles a non-streamed JSON answer.
func (s *stream) whole(r io.Reader) (arena.Completion, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxAnswerBytes))
	if err != nil {
		return s.fail(err)
	}
	if err := s.apply(data); err != nil {
		return s.fail(err)
	}
	return s.done()
}

// apply folds one chunk into the answer.
func (s *stream) apply(data []byte) error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	var c chunk
	if err := json.Unmarshal(data, &c); err != nil {
		return fmt.Errorf("the provider sent a malformed chunk (%v): %s", err, clip(string(data), 120))
	}
	if len(c.Error) > 0 && string(c.Error) != "null" {
		return fmt.Errorf("the provider reported an error mid-stream: %s", errorText(data))
	}
	if c.Usage != nil {
		s.usage = c.Usage
	}
	if len(c.Choices) == 0 {
		return nil
	}
	ch := c.Choices[0]
	if err := s.addReasoning(string(ch.Delta.ReasoningContent + ch.Delta.Reasoning + ch.Message.ReasoningContent + ch.Message.Reasoning)); err != nil {
		return err
	}
	if content := ch.Delta.Content + ch.Message.Content; content != "" {
		reasoning, answer := s.think.feed(string(content))
		if err := s.addReasoning(reasoning); err != nil {
			return err
		}
		if err := s.addAnswer(answer); err != nil {
			return err
		}
	}
	if ch.FinishReason != nil && *ch.FinishReason != "" {
		s.finish = *ch.FinishReason
	}
	return nil
}

// addAnswer appends answer text and passes it on to onDelta.
func (s *stream) addAnswer(delta string) error {
	if delta == "" {
		return nil
	}
	if s.first == 0 {
		s.first = time.Since(s.start)
	}
	if s.text.Len()+s.reasoning.Len()+len(delta) > maxAnswerBytes {
		return errors.New("the answer is longer than 4 MiB")
	}
	s.text.WriteString(delta)
	if s.onDelta != nil {
		s.onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: delta})
	}
	return nil
}

// addReasoning appends reasoning and passes it on to onDelta as reasoning, never as
// answer.
func (s *stream) addReasoning(delta string) error {
	if delta == "" {
		return nil
	}
	if s.text.Len()+s.reasoning.Len()+len(delta) > maxAnswerBytes {
		return errors.New("the answer is longer than 4 MiB")
	}
	s.reasoning.WriteString(delta)
	if s.onDelta != nil {
		s.onDelta(arena.Delta{Kind: arena.DeltaReasoning, Text: delta})
	}
	return nil
}

func (s *stream) completion() arena.Completion {
	// What the think splitter held back ends with the stream, whole or cut off.
	reasoning, answer := s.think.flush()
	// At most a tag's length, streamed like the rest; past the size limit it is
	// dropped, as the rest was.
	s.addReasoning(reasoning)
	s.addAnswer(answer)
	c := arena.Completion{
		Text:         s.text.String(),
		Reasoning:    s.reasoning.String(),
		FirstToken:   s.first,
		Total:        time.Since(s.start),
		FinishReason: s.finish,
		RequestID:    s.requestID,
	}
	if s.usage != nil {
		c.Usage = *s.usage
	}
	// Estimate what the provider left out: usage chunks are optional, and a failed
	// stream never gets one.
	if c.Usage.PromptTokens == 0 {
		c.Usage.PromptTokens = s.promptTokens
	}
	if c.Usage.CompletionTokens == 0 {
		c.Usage.CompletionTokens = EstimateTokens(c.Text) + EstimateTokens(c.Reasoning)
	}
	return c
}

func (s *stream) done() (arena.Completion, error) {
	if s.finish == "" {
		s.finish = "stop"
	}
	return s.completion(), nil
}

// fail turns err into the error the Provider contract promises, deciding first whether
// the caller's context or the stall timer is the real cause.
func (s *stream) fail(err error) (arena.Completion, error) {
	c := s.completion()
	if ctxErr := s.ctx.Err(); ctxErr != nil {
		return c, ctxError(ctxErr)
	}
	if s.stalled.Load() {
		return c, arena.Errorf(arena.EUNAVAILABLE, "The provider sent nothing for %s (stall timeout) after %d characters.", s.timeout, s.text.Len())
	}
	var ae *arena.Error
	if errors.As(err, &ae) {
		return c, ae
	}
	msg := err.Error()
	if msg != "" {
		msg = strings.ToUpper(msg[:1]) + msg[1:]
	}
	return c, arena.Errorf(arena.EUNAVAILABLE, "%s.", strings.TrimSuffix(msg, "."))
}

// errorText extracts a message from the error bodies OpenAI-compatible servers send:
// {"error":{"message":...}} (OpenAI, vLLM, OpenRouter), {"error":"..."} (Ollama),
// {"message":...}, or else the text itself.
func errorText(data []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  string          `json:"detail"`
	}
	if json.Unmarshal(data, &v) == nil {
		var nested struct{ Message string }
		var flat string
		switch {
		case json.Unmarshal(v.Error, &nested) == nil && nested.Message != "":
			return clip(nested.Message, 300)
		case json.Unmarshal(v.Error, &flat) == nil && flat != "":
			return clip(flat, 300)
		case v.Message != "":
			return clip(v.Message, 300)
		case v.Detail != "":
			return clip(v.Detail, 300)
		}
	}
	return clip(strings.TrimSpace(string(data)), 300)
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// unwrapURL drops the "Post \"https://...\":" prefix of transport errors: the endpoint
// is configuration, not something to show beside an anonymous answer.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// idleReader runs the stall timer only while a Read is waiting for bytes, so time the
// caller spends in onDelta (a slow browser) never counts as the provider stalling.
type idleReader struct {
	r       io.Reader
	timer   *time.Timer
	timeout time.Duration
}

func (ir *idleReader) Read(p []byte) (int, error) {
	ir.timer.Reset(ir.timeout)
	n, err := ir.r.Read(p)
	ir.timer.Stop()
	return n, err
}
