package main

// End-to-end tests in a real browser: headless Debian Chromium, driven with chromedp,
// against `arena serve` on loopback with the built-in demo models. They skip when
// /usr/bin/chromium is missing (apt-get install chromium), and fail instead on CI.
// On failure each tab's screenshot and HTML are saved under $ARENA_E2E_ARTIFACTS (or
// the system's temporary directory); the log names the files.

import (
	"io/fs"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/static"
)

// TestColourContrast computes WCAG 2 contrast ratios of the colour pairs static/app.css
// puts together, in the light theme and the dark one (each colour is light-dark(light,
// dark)): 4.5:1 for text, 3:1 for focus rings and form-field borders.
func TestColourContrast(t *testing.T) {
	css, err := fs.ReadFile(static.FS, "app.css")
	if err != nil {
		t.Fatal(err)
	}
	light, dark, chromaLight, chromaDark := parseThemes(t, string(css))
	pairs := []struct {
		fg, bg string
		min    float64
		what   string
	}{
		{"--fg", "--bg", 4.5, "body text"},
		{"--fg", "--panel", 4.5, "text in panes, cards and the header"},
		{"--fg", "--code-bg", 4.5, "code"},
		{"--muted", "--bg", 4.5, "secondary text"},
		{"--muted", "--panel", 4.5, "secondary text on panels, badges"},
		{"--accent", "--bg", 4.5, "links and secondary buttons"},
		{"--accent", "--panel", 4.5, "links on panels and in the header"},
		{"--accent-fg", "--accent", 4.5, "primary buttons and the selected tab"},
		{"--ok", "--ok-bg", 4.5, "success and info messages"},
		{"--err", "--err-bg", 4.5, "error messages"},
		{"--err", "--bg", 4.5, "field errors"},
		{"--err", "--panel", 4.5, "a failed answer's error"},
		{"--warn", "--warn-bg", 4.5, "warnings"},
		{"--focus", "--bg", 3, "the focus ring"},
		{"--focus", "--panel", 3, "the focus ring in the header and panes"},
		{"--field-line", "--bg", 3, "the border of form fields"},
	}
	for _, theme := range []struct {
		name   string
		vars   map[string]string
		chroma map[string]string
	}{{"light", light, chromaLight}, {"dark", dark, chromaDark}} {
		for _, p := range pairs {
			fg, bg := theme.vars[p.fg], theme.vars[p.bg]
			if fg == "" || bg == "" {
				t.Errorf("%s theme: %s or %s is not defined in app.css", theme.name, p.fg, p.bg)
				continue
			}
			r := contrast(t, fg, bg)
			t.Logf("%-5s %-12s %s on %-10s %s: %5.2f:1 (needs %.1f) %s", theme.name, p.fg, fg, p.bg, bg, r, p.min, p.what)
			if r < p.min {
				t.Errorf("%s theme: %s (%s) on %s (%s), for %s, has contrast %.2f:1; WCAG AA needs %.1f:1", theme.name, p.fg, fg, p.bg, bg, p.what, r, p.min)
			}
		}
		for sel, c := range theme.chroma {
			if r := contrast(t, c, theme.vars["--code-bg"]); r < 4.5 {
				t.Errorf("%s theme: code colour %s (%s) on --code-bg has contrast %.2f:1; WCAG AA needs 4.5:1", theme.name, sel, c, r)
			}
		}
	}
}

var (
	customProp = regexp.MustCompile(`(--[a-z-]+)\s*:\s*light-dark\((#[0-9a-fA-F]{3,6}),\s*(#[0-9a-fA-F]{3,6})\)`)
	chromaRule = regexp.MustCompile(`(\.chroma [^{]+)\{[^}]*?color:\s*light-dark\((#[0-9a-fA-F]{3,6}),\s*(#[0-9a-fA-F]{3,6})\)`)
)

// parseThemes reads each colour of the top-level :root and the syntax colours, written
// light-dark(light, dark): one palette for both themes, whichever way a theme is chosen
// (prefers-color-scheme or the visitor's data-theme).
func parseThemes(t *testing.T, css string) (light, dark, chromaLight, chromaDark map[string]string) {
	t.Helper()
	light, dark, chromaLight, chromaDark = map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	i := strings.Index(css, ":root")
	if i < 0 {
		t.Fatal("app.css has no :root")
	}
	root := css[i : i+strings.Index(css[i:], "}")]
	for _, m := range customProp.FindAllStringSubmatch(root, -1) {
		light[m[1]], dark[m[1]] = m[2], m[3]
	}
	for _, m := range chromaRule.FindAllStringSubmatch(css, -1) {
		sel := strings.TrimSpace(m[1])
		chromaLight[sel], chromaDark[sel] = m[2], m[3]
	}
	if len(light) < 10 || len(chromaLight) == 0 {
		t.Fatalf("could not read the themes of app.css: %d properties, %d syntax colours", len(light), len(chromaLight))
	}
	return
}

// contrast is the WCAG 2 contrast ratio of two #rgb or #rrggbb colours.
func contrast(t *testing.T, a, b string) float64 {
	la, lb := luminance(t, a), luminance(t, b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(t *testing.T, hex string) float64 {
	h := strings.TrimPrefix(hex, "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil || len(h) != 6 {
		t.Fatalf("bad colour %q", hex)
	}
	lin := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(v>>16&0xff) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
}
