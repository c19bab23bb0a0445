package views

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestPlainWordsRenderAsMarkdown checks the shortcut for plain words against the
// Markdown renderer it stands in for: every string of a few letters, digits and spaces,
// and longer random ones, render to the same HTML either way.
func TestPlainWordsRenderAsMarkdown(t *testing.T) {
	check := func(text string) {
		t.Helper()
		if !plainWords(text) {
			return
		}
		if got, want := RenderMarkdown(text), renderMarkdown(text); got != want {
			t.Fatalf("%q renders %q, Markdown %q", text, got, want)
		}
	}
	var all func(prefix string, n int)
	all = func(prefix string, n int) {
		check(prefix)
		if n == 0 {
			return
		}
		for _, c := range []string{"a", "Z", "7", " "} {
			all(prefix+c, n-1)
		}
	}
	all("", 7)
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789      "
	r := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range 1 + r.IntN(200) {
			b.WriteByte(alphabet[r.IntN(len(alphabet))])
		}
		check(b.String())
	}
	for _, text := range []string{"first ", "Sure", "a  b", "1", "2024 was", "x   "} {
		if !plainWords(text) {
			t.Errorf("%q is plain words", text)
		}
		check(text)
	}
	// Anything Markdown or HTML could read differently takes the renderer.
	for _, text := range []string{" indented", "    code", "a\nb", "a\tb", "1. item", "- item", "# title", "**bold", "a_b_",
		"www.example.com", "x@example.com", "a &amp; b", "<b>", "a|b", "~~x~~", "`x`", "é", "a.", "a,"} {
		if plainWords(text) {
			t.Errorf("%q taken for plain words", text)
		}
	}
}
