package views

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// dangerousElements are the elements that run script, load another document or an
// image, or restyle the page, and the MathML ones that carry HTML or act on clicks;
// none may come out of RenderMarkdown. (MathML's presentation elements may: math is
// rendered to them.)
var dangerousElements = map[string]bool{"script": true, "iframe": true, "object": true, "embed": true, "style": true,
	"frame": true, "frameset": true, "applet": true, "base": true, "form": true, "meta": true, "link": true, "svg": true,
	"img": true, "picture": true, "video": true, "audio": true, "annotation-xml": true, "maction": true, "foreignobject": true}

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = map[string]bool{"href": true, "src": true, "action": true, "formaction": true, "xlink:href": true, "poster": true, "srcset": true, "background": true}

// FuzzRenderMarkdown renders arbitrary model output and reads the HTML back the way a
// browser tokenises it: no dangerous element, no on* event-handler attribute, no
// style attribute, and no URL attribute with a scheme other than http, https or mailto
// (javascript:, data:, vbscript: and their obfuscations, which a browser strips of
// white space and control characters and lower-cases before it runs them). The raw
// text is checked too, so a tag the tokeniser would read differently is caught.
func FuzzRenderMarkdown(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSome **bold** and `code`.\n\n```go\nfunc main() {}\n```\n",
		"<script>alert(1)</script>",
		"<img src=x onerror=alert(1)>",
		"[x](javascript:alert(1))",
		"[x](JaVaScRiPt:alert(1))",
		"[x](java\tscript:alert(1))",
		"[x](&#106;avascript:alert(1))",
		"![x](data:text/html;base64,PHNjcmlwdD4=)",
		"<a href=\"javascript:alert(1)\">x</a>",
		"<iframe src=https://evil.example></iframe><object data=x></object><embed src=x><style>body{}</style>",
		"<div style=\"background:url(javascript:alert(1))\" onclick=\"x()\">x</div>",
		"<svg><script>alert(1)</script></svg>",
		"<scr<script>ipt>alert(1)</script>",
		"```\n<script>\n```\n| a | b |\n|---|---|\n| <b onmouseover=x> | [y](vbscript:x) |",
		"<https://example.com> and www.example.com and x@example.com",
		"<a href=\"https://example.com\" target=\"_self\">ok</a>",
		"```html\n<script>alert(1)</script>",
		"![x](https://tracker.example/pixel.gif) ![y](javascript:alert(1))",
		"- [x] done\n- [ ] <input type=text onfocus=alert(1) autofocus>",
		"$\\int u\\,dv$ \\(x_1\\) $$\\frac{a}{b}$$\n\\[\n\\sqrt[3]{x}\n\\]",
		"$<img src=x onerror=alert(1)>$ $\\text{<script>alert(1)</script>}$",
		"<math><annotation-xml encoding=\"text/html\"><img src=x onerror=alert(1)></annotation-xml></math>",
		"<math href=\"javascript:alert(1)\"><mi xlink:href=\"javascript:alert(1)\">x</mi></math>",
		"$$\n\\begin{pmatrix} a & b \\\\ c & d \\end{pmatrix}\n$$ $\\left( x \\right.$ ${{{{{{x}}}}}}$ $x^$ $\\end{x}$",
		"$\\mathbb{R}$ $\\operatorname{<b>}$ $\\begin{array}{cc} 1 \\end{array}$ $}&\\\\\\right)$",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		out := RenderMarkdown(text)
		lower := strings.ToLower(out)
		for _, tag := range []string{"<script", "<iframe", "<object", "<embed", "<style"} {
			if strings.Contains(lower, tag) {
				t.Fatalf("%q rendered %q, which holds %s", text, out, tag)
			}
		}
		z := html.NewTokenizer(strings.NewReader(out))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				return
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			tok := z.Token()
			if dangerousElements[tok.Data] {
				t.Fatalf("%q rendered %q, with a <%s> element", text, out, tok.Data)
			}
			if tok.Data == "input" && !(hasAttr(tok, "type", "checkbox") && hasAttr(tok, "disabled", "")) {
				t.Fatalf("%q rendered %q, with an input that is not a disabled checkbox", text, out)
			}
			for _, a := range tok.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") || key == "style" {
					t.Fatalf("%q rendered %q, with a %s attribute on <%s>", text, out, a.Key, tok.Data)
				}
				if urlAttrs[key] && !safeURL(a.Val) {
					t.Fatalf("%q rendered %q, with %s=%q on <%s>", text, out, a.Key, a.Val, tok.Data)
				}
			}
		}
	})
}

// safeURL says whether a browser following u (an attribute value, entities decoded)
// stays on http, https or mailto, or a relative URL. Browsers drop ASCII white space
// and control characters from a URL before reading its scheme.
func safeURL(u string) bool {
	u = strings.Map(func(r rune) rune {
		if r <= ' ' || r == 0x7f {
			return -1
		}
		return r
	}, strings.ToLower(u))
	scheme, _, ok := strings.Cut(u, ":")
	if !ok || strings.ContainsAny(scheme, "/?#") {
		return true // no scheme: relative
	}
	return scheme == "http" || scheme == "https" || scheme == "mailto"
}

func hasAttr(tok html.Token, key, val string) bool {
	for _, a := range tok.Attr {
		if a.Key == key && a.Val == val {
			return true
		}
	}
	return false
}
