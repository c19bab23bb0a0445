package arena

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
)

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{
		"abc-123_x.y":            true,
		strings.Repeat("a", 128): true,
		strings.Repeat("a", 129): false,
		"":                       false,
		"two words":              false,
		"a\nlevel=ERROR":         false,
		`quote"`:                 false,
		"ünïcode":                false,
	} {
		if got := ValidRequestID(id); got != want {
			t.Errorf("ValidRequestID(%q) = %v, want %v", id, got, want)
		}
	}
	if id := NewRequestID(); !ValidRequestID(id) || id == NewRequestID() {
		t.Errorf("NewRequestID() = %q", id)
	}
}

// TestLogHandler: a record logged with a request's context carries its id once, even
// through a logger wrapped twice or one that names the id itself.
func TestLogHandler(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(LogHandler(LogHandler(slog.NewTextHandler(&buf, nil)))).With("part", "web")
	ctx := WithRequestID(context.Background(), "r-1")
	log.InfoContext(ctx, "one")
	log.InfoContext(ctx, "two", "request_id", "r-1-a")
	log.Info("three")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d lines: %s", len(lines), buf.String())
	}
	for i, want := range []string{"request_id=r-1", "request_id=r-1-a", ""} {
		n := strings.Count(lines[i], "request_id=")
		if want == "" && n != 0 || want != "" && (n != 1 || !strings.Contains(lines[i], want+" ") && !strings.HasSuffix(lines[i], want)) {
			t.Errorf("line %d: %s, want %q once", i, lines[i], want)
		}
		if !strings.Contains(lines[i], "part=web") {
			t.Errorf("line %d lost the logger's attributes: %s", i, lines[i])
		}
	}
}
