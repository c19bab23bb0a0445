package views

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Blocks renders a streaming Markdown text one top-level block at a time, so that as
// the text grows only its last blocks are rendered again, and a page can be sent only
// the blocks that changed. Put together, the blocks are always exactly RenderMarkdown
// of the text (TestBlocksMatchWholeRender). The zero value is ready to use.
type Blocks struct {
	text   string
	starts []int // where each block's first line starts in text
	html   []string
	// refs is set once the text defines a link reference: a definition applies to the
	// whole document, earlier blocks included, so every update then renders it all.
	refs bool
}

// Update renders text, usually the last text plus what the model added since, and
// returns its blocks' HTML. Blocks an update did not render again are the very strings
// returned before, so comparing them costs nothing. The slice is the caller's.
func (b *Blocks) Update(text string) []string {
	if text == b.text && b.starts != nil {
		return append([]string(nil), b.html...)
	}
	// Once a later top-level block has started, CommonMark never reopens the ones before
	// it. The last block is still open, and the one before it too: the last line may be
	// incomplete, and "#" that started a heading can become "#a", a continuation of the
	// paragraph above. So the text is parsed again from the second last block on.
	from := 0
	if !b.refs && strings.HasPrefix(text, b.text) {
		from = max(len(b.starts)-2, 0)
		// Blocks that share a start (a table split from the paragraph above it) are
		// parsed together.
		for from > 0 && b.starts[from] == b.starts[from-1] {
			from--
		}
	} else {
		b.refs = false
	}
	offset := 0
	if from > 0 {
		offset = b.starts[from]
	}
	starts, html, refs := renderBlocks(text[offset:])
	if refs && offset > 0 {
		from, offset = 0, 0
		starts, html, refs = renderBlocks(text)
	}
	b.refs = b.refs || refs
	keptStarts, keptHTML := b.starts[:from], b.html[:from]
	b.starts = make([]int, from, from+len(starts))
	copy(b.starts, keptStarts)
	for _, s := range starts {
		b.starts = append(b.starts, offset+s)
	}
	b.html = append(append(make([]string, 0, from+len(html)), keptHTML...), html...)
	b.text = text
	return append([]string(nil), b.html...)
}

// renderBlocks renders src one top-level block at a time, with where each block's
// first line starts, and whether src defines link references.
func renderBlocks(src string) (starts []int, html []string, refs bool) {
	if plainWords(src) {
		if src == "" {
			return []int{}, nil, false
		}
		return []int{0}, []string{RenderMarkdown(src)}, false
	}
	mdOnce.Do(initMarkdown)
	source := []byte(src)
	pc := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader(source), parser.WithContext(pc))
	var buf bytes.Buffer
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		buf.Reset()
		if err := md.Renderer().Render(&buf, source, n); err != nil {
			return []int{0}, []string{RenderMarkdown(src)}, len(pc.References()) > 0
		}
		html = append(html, sanitize.SanitizeReader(&buf).String())
		// A block whose position goldmark does not know starts with the one before it,
		// so the two are parsed again together.
		start := 0
		if len(starts) > 0 {
			start = starts[len(starts)-1]
		}
		if p := n.Pos(); p >= 0 {
			start = strings.LastIndexByte(src[:p], '\n') + 1
		}
		starts = append(starts, start)
	}
	if starts == nil {
		starts = []int{}
	}
	return starts, html, len(pc.References()) > 0
}
