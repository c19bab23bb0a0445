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

// TestMarkdownMath renders TeX in answers as MathML, inline and displayed, with each
// delimiter, and leaves prices and escaped dollars as text. Markdown must not read the
// TeX first: "\," stays a thin space and "a_1 b_2" stays subscripts.
func TestMarkdownMath(t *testing.T) {
	for _, c := range []struct{ in, want, not string }{
		{`By parts: $\int u\,dv = uv - \int v\,du$.`,
			`<math><semantics><mrow><mo>∫</mo><mi>u</mi><mspace width="0.167em"></mspace><mi>d</mi><mi>v</mi><mo>=</mo>`, `$\int u,dv`},
		{`Also \(x_1 + y_2\) inline.`, `<math><semantics><mrow><msub><mi>x</mi><mrow><mn>1</mn></mrow></msub><mo>+</mo>`, `<em>`},
		{"$$\n\\frac{1}{2}\n$$\n", `<math display="block"><semantics><mrow><mfrac><mrow><mn>1</mn></mrow><mrow><mn>2</mn></mrow></mfrac>`, `<p>`},
		{"So:\n\\[\n\\sqrt{x^2}\n\\]\n", `<math display="block"><semantics><mrow><msqrt><mrow><msup><mi>x</mi><mrow><mn>2</mn></mrow></msup></mrow></msqrt>`, `\[`},
		{`Inline display $$e^{i\pi}$$ here.`, `<p>Inline display <math display="block">`, `$$`},
		{`\[ \begin{pmatrix} a & b \\ c & d \end{pmatrix} \]`, `<mo>(</mo><mtable><mtr><mtd><mi>a</mi></mtd><mtd><mi>b</mi></mtd></mtr><mtr><mtd><mi>c</mi></mtd>`, ``},
		{`It costs $5 and $10, or \$3.`, `<p>It costs $5 and $10, or $3.</p>`, `<math`},
		{`$\alpha \le \beta$ and \(\mathbb{R}\)`, `<mi>α</mi><mo>≤</mo><mi>β</mi>`, ``},
		{`$\frobnicate{x}$`, `<merror><mtext>\frobnicate</mtext></merror>`, ``},
		{`$x$`, `<annotation encoding="application/x-tex">x</annotation>`, ``},
	} {
		got := RenderMarkdown(c.in)
		if !strings.Contains(got, c.want) {
			t.Errorf("%q renders\n%s\nwant it to hold\n%s", c.in, got, c.want)
		}
		if c.not != "" && strings.Contains(got, c.not) {
			t.Errorf("%q renders\n%s\nwhich holds %q", c.in, got, c.not)
		}
	}
	// Mid-stream an unclosed display block is math so far, never raw TeX.
	if got := RenderMarkdown("$$\n\\frac{1}"); !strings.Contains(got, `<math display="block">`) {
		t.Errorf("an unclosed $$ block renders %q", got)
	}
}

// TestMarkdownTaskList keeps GitHub task lists' boxes, disabled, ticked or not.
func TestMarkdownTaskList(t *testing.T) {
	got := RenderMarkdown("- [x] done\n- [ ] to do\n")
	for _, want := range []string{`<li><input checked="" disabled="" type="checkbox"> done</li>`, `<li><input disabled="" type="checkbox"> to do</li>`} {
		if !strings.Contains(got, want) {
			t.Errorf("the task list renders\n%s\nwant %s", got, want)
		}
	}
}

// TestMarkdownImagesAsLinks never loads an answer's image: it becomes a link named by
// its alt text, and an image at a dangerous URL is only its alt text.
func TestMarkdownImagesAsLinks(t *testing.T) {
	for in, want := range map[string]string{
		`![a cat](https://example.com/cat.png)`:            `<p><a href="https://example.com/cat.png" rel="nofollow noopener" target="_blank">Image: a cat</a></p>`,
		`![](https://example.com/x.png "t")`:               `<p><a href="https://example.com/x.png" rel="nofollow noopener" target="_blank">Image: image</a></p>`,
		`![**bold** cat](/local.png)`:                      `<p><a href="/local.png" rel="nofollow">Image: bold cat</a></p>`,
		`![x](javascript:alert(1))`:                        `<p>Image: x</p>`,
		`![x](data:image/png;base64,AAAA)`:                 `<p>Image: x</p>`,
		`<img src="https://example.com/t.gif">pixel</img>`: `<p>pixel</p>`,
	} {
		got := strings.TrimSpace(RenderMarkdown(in))
		if got != want {
			t.Errorf("%q renders %q, want %q", in, got, want)
		}
		if strings.Contains(got, "<img") {
			t.Errorf("%q renders an image: %q", in, got)
		}
	}
}
