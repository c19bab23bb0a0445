// Package llmtest runs a fake OpenAI-compatible Chat Completions server on loopback for
// tests and benchmarks. It streams real server-sent events over real HTTP, and can be
// told to be slow, stall, cut the connection, fail with an HTTP error or send a broken
// chunk. The behaviour is chosen by the request's model id:
//
//	"fail-NNN"   HTTP status NNN with an OpenAI-style error body ("fail-500", "fail-429")
//	"cut"        closes the connection after 2 chunks, without [DONE]
//	"stall"      sends 2 chunks, then nothing, holding the connection open
//	"slow"       20 ms between chunks
//	"malformed"  a chunk of invalid JSON after 2 good ones
//	"no-usage"   no usage chunk even when asked for one
//	"keepalive"  SSE comments between chunks and events split over several data lines
//	"no-done"    ends after the finish_reason chunk without sending [DONE]
//	"o1…", "o3…", "o4…" (OpenAI's o-series) refuse max_tokens with a 400, as OpenAI
//	             does: they read max_completion_tokens
//	anything else answers "Echo: " and the last user message, word by word
//
// The Images API is served too: POST /v1/images/generations (JSON) and POST
// /v1/images/edits (multipart, with an image part) answer {"data": [{"b64_json": ...}]},
// or fail as the model id's Behavior says (Status, Image, ImageB64, NoImage).
//
// Handle sets a Behavior for any model id, overriding these.
package llmtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Fault is a way for a stream to go wrong.
type Fault int

// Faults a Behavior can inject after FaultAfter content chunks.
const (
	NoFault   Fault = iota
	Cut             // close the connection without [DONE]
	Stall           // stop sending but keep the connection open
	Malformed       // send a chunk that is not JSON, then carry on
)

// Behavior scripts how the server answers one model id.
type Behavior struct {
	Status       int    // non-2xx: answer with this status and an OpenAI-style error body
	ErrorMessage string // the error body's message; defaults to the status text
	RetryAfter   string // the Retry-After header sent with a Status answer, e.g. "1" or an HTTP date
	FailFirst    int    // answer with Status only to the first FailFirst requests, then normally; 0 means always
	Text         string // the answer; "" means "Echo: " + the last user message
	FirstDelay   time.Duration
	ChunkDelay   time.Duration // between content chunks
	Fault        Fault
	FaultAfter   int // content chunks sent before the fault (at most all of them)
	NoUsage      bool
	NoDone       bool   // end after the finish_reason chunk without [DONE]
	KeepAlive    bool   // SSE comments between chunks, and events split over several data lines
	FinishReason string // default "stop"
	// Reasoning is streamed word by word before the answer, as reasoning models do, in
	// the delta field ReasoningField names: "reasoning_content" (DeepSeek, vLLM) when
	// empty, or "reasoning" (OpenRouter, Ollama).
	Reasoning      string
	ReasoningField string
	// ChunkBytes, if positive, cuts the answer into pieces of that many bytes instead of
	// words, so a test can split a tag such as "<think>" across deltas.
	ChunkBytes int
	// Whole answers in one JSON body even when asked to stream, as some servers do.
	Whole bool
	// NoText streams no content at all, only the finish_reason chunk: a reasoning model
	// that spent its token budget thinking, say.
	NoText bool
	// RefuseMaxTokens answers 400 to a request setting max_tokens, as OpenAI's o-series
	// models do (they take max_completion_tokens).
	RefuseMaxTokens bool
	// Image is what the Images API endpoints answer with, base64-encoded in
	// data[0].b64_json; nil draws a 16 × 16 PNG of a colour taken from the prompt
	// (PromptColour). ImageB64, if set, is sent as b64_json as it is instead, so a test
	// can send text that is not base64; NoImage sends data without b64_json.
	Image    []byte
	ImageB64 string
	NoImage  bool
	// Hold, if set, keeps the stream waiting after the reasoning and before the answer
	// until it is closed, so a test can look at a half-streamed answer without racing
	// a timer.
	Hold <-chan struct{}
}

// Request is one request the server received, and what became of its stream.
type Request struct {
	Method      string
	Path        string
	Header      http.Header
	Body        []byte
	Model       string
	Messages    []Message
	Stream      bool
	Temperature *float64
	MaxTokens   int
	// MaxCompletionTokens is the max_completion_tokens field; the other settings are in
	// Body.
	MaxCompletionTokens int
	Received            time.Time
	// The Images API's requests: Prompt and every other field sent, as strings (a JSON
	// body's numbers as JSON writes them), and for an edit the image part's bytes, file
	// name and declared type.
	Prompt           string
	Fields           map[string]string
	Image            []byte
	ImageFilename    string
	ImageContentType string

	// Set when the handler returns.
	ChunksSent int  // content chunks written
	Aborted    bool // the client went away before the stream ended
	Finished   bool // the handler has returned
}

// Message is a chat message as the server received it. Content is its text: the
// content itself when it was a string, its text parts joined when it was content parts,
// which Parts then keeps as sent.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	Parts   []Part `json:"-"`
}

// Part is one Chat Completions content part: text, or an image by URL.
type Part struct {
	Type     string    `json:"type"`
	Text     string    `json:"text,omitempty"`
	ImageURL *ImageURL `json:"image_url,omitempty"`
}

// ImageURL is an image_url part's image.
type ImageURL struct {
	URL string `json:"url"`
}

// UnmarshalJSON reads content as a string or as an array of content parts, as the
// Chat Completions API allows, and refuses anything else as a real endpoint would.
func (m *Message) UnmarshalJSON(b []byte) error {
	var raw struct {
		Role    string          `json:"role"`
		Content json.RawMessage `json:"content"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	m.Role, m.Content, m.Parts = raw.Role, "", nil
	if len(raw.Content) == 0 || string(raw.Content) == "null" {
		return nil
	}
	if raw.Content[0] == '"' {
		return json.Unmarshal(raw.Content, &m.Content)
	}
	if err := json.Unmarshal(raw.Content, &m.Parts); err != nil {
		return fmt.Errorf("content is neither a string nor an array of content parts: %w", err)
	}
	var texts []string
	for i, p := range m.Parts {
		switch {
		case p.Type == "text":
			texts = append(texts, p.Text)
		case p.Type == "image_url" && p.ImageURL != nil && p.ImageURL.URL != "":
		default:
			return fmt.Errorf("content part %d is not a text or image_url part", i)
		}
	}
	m.Content = strings.Join(texts, "\n")
	return nil
}

// Server is a running fake endpoint. Point a model's BaseURL at URL.
type Server struct {
	URL string // base URL to configure, ending in /v1

	srv       *httptest.Server
	closing   chan struct{}
	closeOnce sync.Once

	mu        sync.Mutex
	behaviors map[string]Behavior
	served    map[string]int // requests received per model id, for FailFirst
	requests  []*Request
	apiKey    string
	active    int        // handlers running
	answering int        // requests not yet sent the last part of their answer
	peak      int        // the most requests answering at once
	idle      *sync.Cond // signalled when active drops to 0
	moderation
}

// NewServer starts a server that is closed when the test ends.
func NewServer(tb testing.TB) *Server {
	s := Start()
	tb.Cleanup(s.Close)
	return s
}

// Start starts a server; the caller must Close it.
func Start() *Server {
	s := &Server{closing: make(chan struct{}), behaviors: map[string]Behavior{}, served: map[string]int{}}
	s.idle = sync.NewCond(&s.mu)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/chat/completions", s.chat)
	mux.HandleFunc("POST /v1/images/generations", s.imageGenerations)
	mux.HandleFunc("POST /v1/images/edits", s.imageEdits)
	mux.HandleFunc("POST /v1/moderations", s.moderations)
	s.srv = httptest.NewServer(mux)
	s.URL = s.srv.URL + "/v1"
	return s
}

// Close stops the server, ending stalled streams first.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.closing)
		s.srv.CloseClientConnections()
		s.srv.Close()
	})
}

// Handle makes the server answer requests for model with b.
func (s *Server) Handle(model string, b Behavior) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.behaviors[model] = b
}

// RequireAPIKey makes the server reject requests without "Authorization: Bearer key"
// with a 401, as OpenAI does.
func (s *Server) RequireAPIKey(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiKey = key
}

// Requests returns copies of the requests received so far, oldest first.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Request, len(s.requests))
	for i, r := range s.requests {
		out[i] = *r
	}
	return out
}

// Wait blocks until no request is being handled: every stream received so far has
// ended, or noticed that its client went away.
func (s *Server) Wait() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for s.active > 0 {
		s.idle.Wait()
	}
}

// Peak is the most requests the server was answering at once, for tests of concurrency
// limits. A request counts from its arrival until the server starts on the last part of
// its answer (an error, a whole body, or the finish_reason chunk): the handler itself
// runs a little longer, while the client, which may have read enough, starts its next
// call.
func (s *Server) Peak() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.peak
}

// Client returns an HTTP client for the server, like httptest.Server.Client.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// BehaviorFor returns the behaviour for a model id: one set with Handle, else a
// built-in one named in the package documentation.
func (s *Server) BehaviorFor(model string) Behavior {
	s.mu.Lock()
	b, ok := s.behaviors[model]
	s.mu.Unlock()
	if ok {
		return b
	}
	switch {
	case strings.HasPrefix(model, "fail-"):
		code, _ := strconv.Atoi(strings.TrimPrefix(model, "fail-"))
		if code < 400 || code > 599 {
			code = 500
		}
		return Behavior{Status: code}
	case model == "cut":
		return Behavior{Fault: Cut, FaultAfter: 2}
	case model == "stall":
		return Behavior{Fault: Stall, FaultAfter: 2}
	case model == "slow":
		return Behavior{ChunkDelay: 20 * time.Millisecond}
	case model == "malformed":
		return Behavior{Fault: Malformed, FaultAfter: 2}
	case model == "no-usage":
		return Behavior{NoUsage: true}
	case model == "keepalive":
		return Behavior{KeepAlive: true}
	case model == "no-done":
		return Behavior{NoDone: true}
	case len(model) > 1 && model[0] == 'o' && strings.ContainsRune("134", rune(model[1])):
		return Behavior{RefuseMaxTokens: true}
	}
	return Behavior{}
}

type chatRequest struct {
	Model         string    `json:"model"`
	Messages      []Message `json:"messages"`
	Stream        bool      `json:"stream"`
	StreamOptions *struct {
		IncludeUsage bool `json:"include_usage"`
	} `json:"stream_options"`
	Temperature         *float64 `json:"temperature"`
	MaxTokens           *int     `json:"max_tokens"`
	MaxCompletionTokens int      `json:"max_completion_tokens"`
}

func (s *Server) chat(w http.ResponseWriter, r *http.Request) {
	rec := &Request{Method: r.Method, Path: r.URL.Path, Header: r.Header.Clone(), Received: time.Now()}
	var err error
	rec.Body, err = io.ReadAll(r.Body)
	var req chatRequest
	if err == nil {
		err = json.Unmarshal(rec.Body, &req)
	}
	rec.Model, rec.Messages, rec.Stream, rec.Temperature, rec.MaxCompletionTokens =
		req.Model, req.Messages, req.Stream, req.Temperature, req.MaxCompletionTokens
	if req.MaxTokens != nil {
		rec.MaxTokens = *req.MaxTokens
	}
	s.mu.Lock()
	s.requests = append(s.requests, rec)
	s.active++
	s.answering++
	s.peak = max(s.peak, s.answering)
	key := s.apiKey
	s.mu.Unlock()
	answering := true
	answered := func() {
		if answering {
			answering = false
			s.mu.Lock()
			s.answering--
			s.mu.Unlock()
		}
	}
	defer answered()
	defer func() {
		s.mu.Lock()
		rec.Finished = true
		if s.active--; s.active == 0 {
			s.idle.Broadcast()
		}
		s.mu.Unlock()
	}()

	if err != nil {
		answered()
		writeError(w, http.StatusBadRequest, "invalid request body: "+err.Error())
		return
	}
	if key != "" && r.Header.Get("Authorization") != "Bearer "+key {
		answered()
		writeError(w, http.StatusUnauthorized, "Incorrect API key provided.")
		return
	}
	b := s.BehaviorFor(req.Model)
	if b.RefuseMaxTokens && req.MaxTokens != nil {
		answered()
		writeError(w, http.StatusBadRequest, "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.")
		return
	}
	s.mu.Lock()
	s.served[req.Model]++
	nth := s.served[req.Model]
	s.mu.Unlock()
	failing := b.FailFirst == 0 || nth <= b.FailFirst
	if failing && (b.Status >= 300 || b.Status != 0 && b.Status < 200) {
		msg := b.ErrorMessage
		if msg == "" {
			msg = http.StatusText(b.Status)
		}
		if b.RetryAfter != "" {
			w.Header().Set("Retry-After", b.RetryAfter)
		}
		answered()
		writeError(w, b.Status, msg)
		return
	}
	text := b.Text
	if text == "" {
		last := ""
		for _, m := range req.Messages {
			if m.Role == "user" {
				last = m.Content
			}
		}
		text = "Echo: " + last
	}
	words := strings.SplitAfter(text, " ")
	if b.NoText {
		text, words = "", nil
	} else if b.Text == "" && b.Reasoning != "" {
		words = nil // reasoning only: the answer is empty
	} else if b.ChunkBytes > 0 {
		words = chunkBytes(text, b.ChunkBytes)
	}
	field := b.ReasoningField
	if field == "" {
		field = "reasoning_content"
	}
	var thoughts []string
	if b.Reasoning != "" {
		thoughts = strings.SplitAfter(b.Reasoning, " ")
	}
	finish := b.FinishReason
	if finish == "" {
		finish = "stop"
	}
	usage := map[string]int{"prompt_tokens": promptTokens(req.Messages), "completion_tokens": len(words),
		"total_tokens": promptTokens(req.Messages) + len(words)}

	if !req.Stream || b.Whole {
		answered()
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(map[string]any{
			"id": "chatcmpl-test", "object": "chat.completion", "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "message": map[string]string{"role": "assistant", "content": strings.Join(words, ""), field: b.Reasoning}, "finish_reason": finish}},
			"usage":   usage,
		})
		s.setResult(rec, len(words), false)
		return
	}

	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher := w.(http.Flusher)
	flusher.Flush()

	sent := 0
	aborted := false
	defer func() { s.setResult(rec, sent, aborted) }()
	// wait pauses for d; false means the client left or the server is closing.
	wait := func(d time.Duration) bool {
		if d <= 0 {
			select {
			case <-r.Context().Done():
				aborted = true
				return false
			default:
				return true
			}
		}
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-r.Context().Done():
			aborted = true
			return false
		case <-s.closing:
			aborted = true
			return false
		}
	}
	send := func(v any) bool {
		data, _ := json.Marshal(v)
		var err error
		if b.KeepAlive {
			// Valid JSON may be split over lines; SSE joins the data lines back with "\n".
			indented, _ := json.MarshalIndent(v, "", " ")
			_, err = fmt.Fprintf(w, ": keep-alive\n\ndata: %s\n\n", strings.ReplaceAll(string(indented), "\n", "\ndata: "))
		} else {
			_, err = fmt.Fprintf(w, "data: %s\n\n", data)
		}
		flusher.Flush()
		if err != nil {
			aborted = true
		}
		return err == nil
	}
	chunk := func(delta map[string]string, finish any) map[string]any {
		return map[string]any{"id": "chatcmpl-test", "object": "chat.completion.chunk", "created": time.Now().Unix(), "model": req.Model,
			"choices": []any{map[string]any{"index": 0, "delta": delta, "finish_reason": finish}}}
	}

	if !wait(b.FirstDelay) || !send(chunk(map[string]string{"role": "assistant", "content": ""}, nil)) {
		return
	}
	for i, th := range thoughts {
		if i > 0 && !wait(b.ChunkDelay) {
			return
		}
		if !send(chunk(map[string]string{field: th}, nil)) {
			return
		}
	}
	if b.Hold != nil {
		select {
		case <-b.Hold:
		case <-r.Context().Done():
			aborted = true
			return
		case <-s.closing:
			aborted = true
			return
		}
	}
	// A fault set past the end of a short answer happens before the finish_reason chunk.
	faultAt := min(b.FaultAfter, len(words))
	for i := 0; i <= len(words); i++ {
		if b.Fault != NoFault && i == faultAt {
			switch b.Fault {
			case Cut:
				// Abort the handler: net/http closes the connection mid-response,
				// so the client sees the body end without [DONE].
				panic(http.ErrAbortHandler)
			case Stall:
				select {
				case <-r.Context().Done():
					aborted = true
				case <-s.closing:
				}
				return
			case Malformed:
				fmt.Fprintf(w, "data: {\"choices\":[{\"delta\":{\"content\":\"oops\"}\n\n")
				flusher.Flush()
			}
		}
		if i == len(words) {
			break
		}
		if i > 0 && !wait(b.ChunkDelay) {
			return
		}
		if !send(chunk(map[string]string{"content": words[i]}, nil)) {
			return
		}
		sent++
	}
	answered()
	if !send(chunk(map[string]string{}, finish)) {
		return
	}
	if req.StreamOptions != nil && req.StreamOptions.IncludeUsage && !b.NoUsage {
		if !send(map[string]any{"id": "chatcmpl-test", "object": "chat.completion.chunk", "model": req.Model, "choices": []any{}, "usage": usage}) {
			return
		}
	}
	if !b.NoDone {
		fmt.Fprint(w, "data: [DONE]\n\n")
		flusher.Flush()
	}
}

func (s *Server) setResult(rec *Request, sent int, aborted bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec.ChunksSent, rec.Aborted = sent, aborted
}

// chunkBytes cuts s into pieces of n bytes, the last one shorter.
func chunkBytes(s string, n int) []string {
	var out []string
	for len(s) > n {
		out = append(out, s[:n])
		s = s[n:]
	}
	return append(out, s)
}

func promptTokens(msgs []Message) int {
	n := 0
	for _, m := range msgs {
		n += len(strings.Fields(m.Content)) + 4
	}
	return n
}

// writeError answers like OpenAI does when it refuses a request.
func writeError(w http.ResponseWriter, status int, msg string) {
	typ := "invalid_request_error"
	if status >= 500 {
		typ = "server_error"
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": nil, "code": nil}})
}
