package views

import (
	"bytes"
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
	mdOnce.Do(initMarkdown)
	var buf bytes.Buffer
	if err := md.Convert([]byte(text), &buf); err != nil {
		return sanitize.Sanitize("<pre>" + templ.EscapeString(text) + "</pre>")
	}
	return sanitize.SanitizeReader(&buf).String()
}

// Markdown is RenderMarkdown as a component.
func Markdown(text string) templ.Component { return templ.Raw(RenderMarkdown(text)) }
