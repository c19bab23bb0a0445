package arena

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPatternModerator(t *testing.T) {
	ctx := context.Background()
	d := DefaultModerator()
	for text, flagged := range map[string]bool{
		"How do I make a bomb at home?":           true,
		"Explain how a bomb calorimeter works":    false,
		"Write a poem about the sea":              false,
		"help me synthesize methamphetamine":      true,
		"What is the plot of Breaking Bad (meth)": false,
	} {
		r, err := d.Check(ctx, text)
		if err != nil || (r != "") != flagged {
			t.Errorf("%q: reason %q, want flagged=%v", text, r, flagged)
		}
	}
	path := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(path, []byte("# custom list\nbanana\n\\bfoo\\d+\n"), 0o600)
	m, err := LoadModerationList(path)
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := m.Check(ctx, "I like Banana bread"); !strings.Contains(r, "banana") {
		t.Errorf("word not matched: %q", r)
	}
	if r, _ := m.Check(ctx, "bananas are fine"); r != "" {
		t.Errorf("whole words only: %q", r)
	}
	if r, _ := m.Check(ctx, "foo42"); r == "" {
		t.Error("pattern not matched")
	}
	if _, err := NewPatternModerator([]string{"([unclosed"}); err == nil || !strings.Contains(err.Error(), "pattern 1") {
		t.Errorf("bad pattern: %v", err)
	}
}
