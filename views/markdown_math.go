package views

import (
	"bytes"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The Markdown side of math in answers: $…$ and \(…\) inline, $$…$$ and \[…\] displayed
// (on lines of their own, or within a paragraph). The parsers take the TeX before
// Markdown reads it, so its backslashes and underscores stay TeX (\, is a thin space,
// not an escaped comma; a_1 b_2 is not emphasis).

// kindMath is the AST kind of a math node.
var kindMath = ast.NewNodeKind("Math")

// mathNode is math in an answer: its TeX and whether it is displayed.
type mathNode struct {
	ast.BaseInline
	tex     []byte
	display bool
}

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"TeX": string(n.tex)}, nil)
}

// kindMathBlock is the AST kind of displayed math on lines of its own.
var kindMathBlock = ast.NewNodeKind("MathBlock")

type mathBlock struct {
	ast.BaseBlock
	closer string
	closed bool
}

func (n *mathBlock) Kind() ast.NodeKind { return kindMathBlock }
func (n *mathBlock) IsRaw() bool        { return true }

func (n *mathBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// mathExtension adds math to goldmark.
type mathExtension struct{}

func (mathExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(
		// Before the code span (100) and the escapes, so "\(" and "$" are seen first.
		parser.WithInlineParsers(util.Prioritized(mathInlineParser{}, 50)),
		// Before the paragraph, so "$$" on a line opens a block, even inside one.
		parser.WithBlockParsers(util.Prioritized(mathBlockParser{}, 90)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(mathRenderer{}, 100)))
}

// maxInlineMath and maxDelimitedMath bound how far an opening delimiter looks for its
// closer, so a line of a thousand lone dollars costs a thousand short scans, not a
// thousand scans of the rest of the answer, on every streamed frame.
const (
	maxInlineMath    = 1 << 10
	maxDelimitedMath = 8 << 10
)

// mathScanKey keeps, per closer, the source offset up to which a scan found none.
var mathScanKey = parser.NewContextKey()

type mathInlineParser struct{}

func (mathInlineParser) Trigger() []byte { return []byte{'$', '\\'} }

// Parse reads math starting at the reader's position, or returns nil to leave the text
// to Markdown.
func (mathInlineParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	var open, closer string
	display := false
	switch {
	case bytes.HasPrefix(line, []byte("$$")):
		open, closer, display = "$$", "$$", true
	case bytes.HasPrefix(line, []byte(`\[`)):
		open, closer, display = `\[`, `\]`, true
	case bytes.HasPrefix(line, []byte(`\(`)):
		open, closer = `\(`, `\)`
	case line[0] == '$':
		// Pandoc's rule keeps prices plain: "$5 and $10" has no math, since the
		// opening $ must touch what follows and the closing one what precedes it, and
		// no digit may follow the closing one.
		if len(line) < 2 || isSpaceByte(line[1]) {
			return nil
		}
		for i := 2; i < len(line) && i < maxInlineMath; i++ {
			switch line[i] {
			case '\\':
				i++
			case '$':
				if isSpaceByte(line[i-1]) || i+1 < len(line) && line[i+1] >= '0' && line[i+1] <= '9' {
					continue
				}
				node := &mathNode{tex: append([]byte(nil), line[1:i]...)}
				block.Advance(i + 1)
				return node
			case '\n':
				return nil
			}
		}
		return nil
	default:
		return nil
	}
	// The delimited forms may run over lines of the paragraph. A scan that found no
	// closer saw there is none up to where it stopped, for every opener before that.
	l, pos := block.Position()
	failed, _ := pc.Get(mathScanKey).(map[string]int)
	if failed == nil {
		failed = map[string]int{}
		pc.Set(mathScanKey, failed)
	}
	if pos.Start < failed[closer] {
		return nil
	}
	block.Advance(len(open))
	var tex []byte
	for {
		line, seg := block.PeekLine()
		if line == nil || len(tex) > maxDelimitedMath {
			if line != nil {
				failed[closer] = seg.Start
			} else {
				failed[closer] = len(block.Source())
			}
			block.SetPosition(l, pos)
			return nil
		}
		if i := bytes.Index(line, []byte(closer)); i >= 0 {
			tex = append(tex, line[:i]...)
			block.Advance(i + len(closer))
			return &mathNode{tex: tex, display: display}
		}
		tex = append(tex, line...)
		block.AdvanceLine()
	}
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type mathBlockParser struct{}

func (mathBlockParser) Trigger() []byte { return []byte{'$', '\\'} }

// Open starts a block at a line that begins with $$ or \[ and has nothing after its
// closer, if the closer is on it: "$$x$$ is…" is a paragraph with math in it.
func (mathBlockParser) Open(_ ast.Node, reader text.Reader, _ parser.Context) (ast.Node, parser.State) {
	line, seg := reader.PeekLine()
	pos := 0
	for pos < len(line) && line[pos] == ' ' {
		pos++
	}
	if pos > 3 {
		return nil, parser.NoChildren
	}
	rest := line[pos:]
	var closer string
	switch {
	case bytes.HasPrefix(rest, []byte("$$")):
		closer = "$$"
	case bytes.HasPrefix(rest, []byte(`\[`)):
		closer = `\]`
	default:
		return nil, parser.NoChildren
	}
	body := rest[2:]
	node := &mathBlock{closer: closer}
	if i := bytes.Index(body, []byte(closer)); i >= 0 {
		if len(bytes.TrimSpace(body[i+2:])) != 0 {
			return nil, parser.NoChildren
		}
		start := seg.Start + pos + 2
		node.Lines().Append(text.NewSegment(start, start+i))
		node.closed = true
		reader.AdvanceToEOL()
		return node, parser.NoChildren
	}
	start := seg.Start + pos + 2
	node.Lines().Append(text.NewSegment(start, seg.Stop))
	reader.AdvanceToEOL()
	return node, parser.NoChildren
}

func (mathBlockParser) Continue(node ast.Node, reader text.Reader, _ parser.Context) parser.State {
	n := node.(*mathBlock)
	if n.closed {
		return parser.Close
	}
	line, seg := reader.PeekLine()
	if line == nil {
		return parser.Close
	}
	if i := bytes.Index(line, []byte(n.closer)); i >= 0 {
		n.Lines().Append(text.NewSegment(seg.Start, seg.Start+i))
		n.closed = true
		reader.AdvanceToEOL()
		return parser.Close
	}
	n.Lines().Append(seg)
	reader.AdvanceToEOL()
	return parser.Continue | parser.NoChildren
}

func (mathBlockParser) Close(ast.Node, text.Reader, parser.Context) {}
func (mathBlockParser) CanInterruptParagraph() bool                 { return true }
func (mathBlockParser) CanAcceptIndentedLine() bool                 { return false }

type mathRenderer struct{}

func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMath, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			m := n.(*mathNode)
			w.WriteString(TeXToMathML(string(m.tex), m.display))
		}
		return ast.WalkSkipChildren, nil
	})
	reg.Register(kindMathBlock, func(w util.BufWriter, source []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			var tex []byte
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				tex = append(tex, seg.Value(source)...)
			}
			w.WriteString(TeXToMathML(string(tex), true))
			w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}
