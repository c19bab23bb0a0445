package views

import (
	"strings"
	"testing"
	"unicode/utf8"
	"unsafe"
)

// blockTexts are the Markdown that trips incremental rendering: blocks a later line
// changes (setext headings, tables, lazy continuation), fences left open mid-stream,
// nested lists, reference definitions that reach back, and multi-byte UTF-8.
var blockTexts = []string{
	"Plain words first then more of them",
	"# Title\n\nA paragraph with **bold**, `code` and a [link](https://example.com).\n\n## Next\n\nMore text.\n",
	"Intro:\n\n```go\nfunc main() {\n\tfmt.Println(\"hi\")\n}\n```\n\nAfter the fence.\n",
	"An unclosed fence:\n\n```python\nprint('still streaming')\nx = 1\n",
	"| a | b |\n|---|:-:|\n| 1 | 2 |\n| 3 | 4 |\n\ntext after the table\n",
	"para line\nstill para\n---\nsetext above\n===\n",
	"- one\n- two\n  - nested *a*\n  - nested b\n    1. deep\n    2. deeper\n- three\n\n  loose para in three\n\nafter list\n",
	"1. first\n2. second\n\n10) other\n11) list\n",
	"> quote\ncontinued lazily\n> > nested quote\n\n> new quote\n",
	"text\n#\n#a not a heading\n***\n***x\n",
	"see [the docs][d] and [here][]\n\n[d]: https://example.com/docs\n[here]: https://example.com \"t\"\n",
	"Ünïcödé ✓ 日本語 — emoji 🎉🎉 and \"quotes\" <b>raw</b> &amp; <script>alert(1)</script>\n\n* ü\n* 🎉\n",
	"    indented code\n    more\n\npara\n    not code\n",
	"a | b\n- | -\nc | d\n\n~~strike~~ www.example.com and x@example.com\n\n- [ ] todo\n- [x] done\n",
	"\n\n\nleading blank lines\n\n\n\ntrailing\n\n\n",
	"<div>\nhtml block\n</div>\n\n<!-- comment -->\n\ntext\n",
	"```\nunlabelled\n```\n~~~js\nlet x = `y`;\n~~~\n````\n```\ninner\n````\n",
}

// TestBlocksMatchWholeRender streams each text into Blocks at awkward cuts (every
// byte, including inside UTF-8 sequences, and in runs of 2, 3, 7 and 16 bytes) and
// checks that after every update the blocks put together are exactly RenderMarkdown of
// the text so far.
func TestBlocksMatchWholeRender(t *testing.T) {
	for _, text := range blockTexts {
		for _, step := range []int{1, 2, 3, 7, 16} {
			var b Blocks
			for end := step; ; end += step {
				part := text[:min(end, len(text))]
				got := b.Update(part)
				if html, want := strings.Join(got, ""), RenderMarkdown(part); html != want {
					t.Fatalf("step %d, after %q:\nblocks %q\nwhole  %q", step, part, got, want)
				}
				if end >= len(text) {
					break
				}
			}
		}
	}
}

// TestBlocksRenderOnlyTheTail checks that a long answer is not re-rendered as it grows:
// the blocks before the last two come back as the very strings of the previous update.
func TestBlocksRenderOnlyTheTail(t *testing.T) {
	var sb strings.Builder
	for i := range 40 {
		sb.WriteString(blockTexts[1+i%3])
		sb.WriteString("\n")
	}
	text := sb.String()
	var b Blocks
	prev := b.Update(text[:len(text)/2])
	got := b.Update(text[:len(text)/2+5])
	if len(prev) < 20 {
		t.Fatalf("only %d blocks", len(prev))
	}
	for i := range len(prev) - 2 {
		if !sameString(prev[i], got[i]) {
			t.Fatalf("block %d of %d was rendered again", i, len(prev))
		}
	}
}

// TestBlocksNewText starts again when the text is not a continuation.
func TestBlocksNewText(t *testing.T) {
	var b Blocks
	b.Update("# one\n\ntwo\n\nthree")
	got := b.Update("fresh *start*")
	if want := RenderMarkdown("fresh *start*"); strings.Join(got, "") != want {
		t.Fatalf("%q, want %q", got, want)
	}
	if got := b.Update(""); len(got) != 0 {
		t.Fatalf("empty text: %q", got)
	}
}

// FuzzBlocks checks streamed blocks against the whole render for any text cut anywhere.
func FuzzBlocks(f *testing.F) {
	for _, text := range blockTexts {
		f.Add(text, uint8(1))
		f.Add(text, uint8(5))
	}
	f.Fuzz(func(t *testing.T, text string, step uint8) {
		if len(text) > 2000 {
			return
		}
		s := int(step%32) + 1
		var b Blocks
		for end := s; ; end += s {
			part := text[:min(end, len(text))]
			if html, want := strings.Join(b.Update(part), ""), RenderMarkdown(part); html != want {
				t.Fatalf("after %q (valid UTF-8 %v):\nblocks %q\nwhole  %q", part, utf8.ValidString(part), html, want)
			}
			if end >= len(text) {
				return
			}
		}
	})
}

// sameString reports whether a and b are one string in memory, not merely equal.
func sameString(a, b string) bool {
	return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b)
}
