package views

import (
	"bytes"
	"crypto/sha256"
	"regexp"
	"strings"
	"sync"

	"github.com/a-h/templ"
	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	highlighting "github.com/yuin/goldmark-highlighting/v2"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
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
		), mathExtension{}),
		goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(imageLinkRenderer{}, 100))),
	)
	// Model output is untrusted: keep Markdown's structure and chroma's classes, drop
	// anything that could run script or load from elsewhere.
	sanitize = bluemonday.UGCPolicy()
	sanitize.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("span", "pre", "code", "div")
	sanitize.RequireNoFollowOnLinks(true)
	sanitize.AddTargetBlankToFullyQualifiedLinks(true)
	sanitize.AllowURLSchemes("https", "http", "mailto")
	// Task lists' boxes, which goldmark writes disabled; raw HTML from the model never
	// reaches the sanitiser (goldmark omits it), but the attributes are pinned anyway.
	sanitize.AllowAttrs("type").Matching(regexp.MustCompile(`^checkbox$`)).OnElements("input")
	sanitize.AllowAttrs("checked", "disabled").Matching(regexp.MustCompile(`^$`)).OnElements("input")
	// MathML from TeXToMathML: presentation elements with the few attributes it writes,
	// each pinned to the values it writes. No href, no annotation-xml (which can carry
	// HTML), no maction.
	sanitize.AllowNoAttrs().OnElements(mathElements...)
	sanitize.AllowAttrs("display").Matching(regexp.MustCompile(`^block$`)).OnElements("math")
	sanitize.AllowAttrs("encoding").Matching(regexp.MustCompile(`^application/x-tex$`)).OnElements("annotation")
	sanitize.AllowAttrs("mathvariant").Matching(regexp.MustCompile(`^(normal|bold|italic|double-struck|script|fraktur|sans-serif|monospace)$`)).OnElements("mi", "mstyle")
	sanitize.AllowAttrs("width").Matching(regexp.MustCompile(`^[0-9.]+em$`)).OnElements("mspace")
	sanitize.AllowAttrs("linethickness").Matching(regexp.MustCompile(`^0$`)).OnElements("mfrac")
	sanitize.AllowAttrs("accent").Matching(regexp.MustCompile(`^true$`)).OnElements("mover")
}

// mathElements are the MathML elements TeXToMathML writes.
var mathElements = []string{"math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "mtext", "mspace",
	"msub", "msup", "msubsup", "munder", "mover", "munderover", "mfrac", "msqrt", "mroot", "mstyle",
	"mtable", "mtr", "mtd", "merror"}

// imageLinkRenderer writes an answer's image as a link to it, named by its alt text:
// loading it would tell whoever serves it who reads the answer and when (the CSP would
// block it anyway, with a console error on every streamed frame).
type imageLinkRenderer struct{}

func (imageLinkRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindImage, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkSkipChildren, nil
		}
		n := node.(*ast.Image)
		alt := strings.TrimSpace(plainText(n, source))
		if alt == "" {
			alt = "image"
		}
		w.WriteString(`<a href="`)
		w.Write(util.EscapeHTML(util.URLEscape(n.Destination, true)))
		w.WriteString(`">Image: `)
		w.Write(util.EscapeHTML([]byte(alt)))
		w.WriteString(`</a>`)
		return ast.WalkSkipChildren, nil
	})
}

// plainText is the text of a node's inline children, without their markup.
func plainText(n ast.Node, source []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(source))
		case *ast.String:
			b.Write(t.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
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
