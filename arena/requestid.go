package arena

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
)

// A request's id follows its work across the arena: the web layer takes it from the
// incoming X-Request-Id (or makes one), every log line of the request carries it, and the
// model calls the request starts send it on to the providers, so one id finds the same
// request in the proxy's, the arena's and the provider's logs. It travels in the context,
// defined here so that the adapters share it without importing one another.

type requestIDKey struct{}

// MaxRequestID is the longest request id taken from a client.
const MaxRequestID = 128

// WithRequestID returns ctx carrying id as its request's id.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID is the request id ctx carries, "" if none.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// ValidRequestID reports whether a client's id may be used as it is: 1 to 128 letters,
// digits, '.', '_' or '-', nothing that could forge a log line or a header.
func ValidRequestID(id string) bool {
	if id == "" || len(id) > MaxRequestID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// NewRequestID is a fresh random request id.
func NewRequestID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// LogHandler wraps h so that every record logged with a context carrying a request id
// gets it as request_id, unless the record names one itself. Wrapping twice adds
// nothing.
func LogHandler(h slog.Handler) slog.Handler {
	if _, ok := h.(requestIDHandler); ok {
		return h
	}
	return requestIDHandler{h}
}

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		has := false
		r.Attrs(func(a slog.Attr) bool {
			has = a.Key == "request_id"
			return !has
		})
		if !has {
			r = r.Clone()
			r.AddAttrs(slog.String("request_id", id))
		}
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}
