package views

import (
	"bytes"
	"crypto/sha256"
	"strings"
	"sync"

	"github.com/a-h/templ"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/extension"
)

var (
	mdOnce   sync.Once
	md       goldmark.Markdown
	sanitize *bluemonday.Policy
)

func initMarkdown() {
	md = goldmark.New(
		goldmark.WithExtensions(extension.GFM, highlighting.NewHighlighting(
			highlighting.WithFormatOptions(chromahtml.WithClasses(true)),
			highlighting.WithGuessLanguage(false),
		)),
	)
	// Model output is untrusted: keep Markdown's structure and chroma's classes, drop
	// anything that could run script or load from elsewhere.
	sanitize = bluemonday.UGCPolicy()
	sanitize.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("span", "pre", "code", "div")
	sanitize.RequireNoFollowOnLinks(true)
	sanitize.AddTargetBlankToFullyQualifiedLinks(true)
	sanitize.AllowURLSchemes("https", "http", "mailto")
}

// RenderMarkdown turns model output into sanitised HTML with highlighted code. Partial
// text (mid-stream) renders too: an unclosed fence is shown as code so far.
func RenderMarkdown(text string) string {
	if plainWords(text) {
		// The first frames of a streamed answer are such text, and they are the ones a
		// voter waits for: parsing and sanitising them was the largest step between a
		// model's first token and the page (TestPlainWordsRenderAsMarkdown).
		if text == "" {
			return ""
		}
		return "<p>" + strings.TrimRight(text, " ") + "</p>\n"
	}
	return renderMarkdown(text)
}

// plainWords reports whether text is empty or words of ASCII letters and digits
// separated by spaces, starting with a word. Markdown has nothing to do with such text
// but make it a paragraph without its trailing spaces, and the sanitiser nothing at all.
func plainWords(text string) bool {
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == ' ' && i > 0) {
			return false
		}
	}
	return true
}

func renderMarkdown(text string) string {
	mdOnce.Do(initMarkdown)
	var buf bytes.Buffer
	if err := md.Convert([]byte(text), &buf); err != nil {
		return sanitize.Sanitize("<pre>" + templ.EscapeString(text) + "</pre>")
	}
	return sanitize.SanitizeReader(&buf).String()
}

// mdCache keeps the HTML of finished answers, which never change, so reopening a battle
// page or voting does not render the same Markdown again.
var mdCache = struct {
	sync.Mutex
	m    map[[32]byte]string
	ring [][32]byte
	next int
}{m: map[[32]byte]string{}, ring: make([][32]byte, 4096)}

// RenderMarkdownCached is RenderMarkdown for text that is complete.
func RenderMarkdownCached(text string) string {
	key := sha256.Sum256([]byte(text))
	mdCache.Lock()
	html, ok := mdCache.m[key]
	mdCache.Unlock()
	if ok {
		return html
	}
	html = RenderMarkdown(text)
	mdCache.Lock()
	if _, ok := mdCache.m[key]; !ok {
		delete(mdCache.m, mdCache.ring[mdCache.next])
		mdCache.ring[mdCache.next] = key
		mdCache.next = (mdCache.next + 1) % len(mdCache.ring)
		mdCache.m[key] = html
	}
	mdCache.Unlock()
	return html
}
