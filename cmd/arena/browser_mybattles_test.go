package main

// Browser tests of issue 19: /me/battles searched, filtered and paged; the copy
// buttons, read back from the clipboard; the theme toggle and the first paint.

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// fetchJSON runs fetch in the tab with its cookies and CSRF token and returns the JSON
// answer; a status of 400 or more fails the test.
func fetchJSON[T any](b *tab, method, path string, body any) T {
	b.t.Helper()
	raw, _ := json.Marshal(body)
	if body == nil {
		raw = []byte("null")
	}
	expr := fmt.Sprintf(`(async () => {
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
  const body = %s;
  const r = await fetch(%q, {method: %q, headers: {'Content-Type': 'application/json', 'X-CSRF-Token': csrf},
    body: body === null ? undefined : JSON.stringify(body)});
  const j = await r.json();
  if (r.status >= 400) throw new Error(r.status + ' ' + JSON.stringify(j));
  return j;
})()`, raw, path, method)
	ctx, cancel := context.WithTimeout(b.ctx, 60*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("%s: %s %s: %v", b.name, method, path, err)
	}
	return v
}

type voteAnswer struct {
	ModelA string `json:"model_a"`
	ModelB string `json:"model_b"`
}

// rowIDs are the battle ids of the rows of /me/battles, top to bottom.
const rowIDsJS = `[...document.querySelectorAll('#my-battles tbody tr td.prompt-cell a')].map((a) => a.pathname.split('/').pop())`

// TestBrowserMyBattles: a guest's battles on /me/battles, paged with "Older battles"
// while a new battle is started, searched by prompt and filtered by model, vote,
// status and date, anonymous until voted.
func TestBrowserMyBattles(t *testing.T) {
	srv := startArena(t, time.Millisecond, "--no-rate-limits")
	br := newBrowser(t)
	g := newTab(t, br, srv.URL, "guest")
	g.open("/")
	type battle struct {
		id, prompt string
		winner     string
		names      []string
	}
	var bs []battle
	winners := []string{"model_a", "model_b", "tie", "model_a", "", "", ""}
	for i, w := range winners {
		topic := []string{"maps", "sets"}[i%2]
		p := fmt.Sprintf("Question %d about %s", i, topic)
		created := fetchJSON[map[string]string](g, "POST", "/api/battles", map[string]string{"prompt": p})
		if i == 0 {
			g.open("/") // the guest's session is new: reload for its CSRF token
		}
		fetchJSON[map[string]any](g, "GET", "/api/battles/"+created["id"]+"?wait=30s", nil)
		b := battle{id: created["id"], prompt: p, winner: w}
		if w != "" {
			v := fetchJSON[voteAnswer](g, "POST", "/api/battles/"+b.id+"/vote", map[string]string{"winner": w})
			b.names = []string{v.ModelA, v.ModelB}
		}
		bs = append(bs, b)
	}
	newestFirst := func(keep func(battle) bool) []string {
		out := []string{}
		for i := len(bs) - 1; i >= 0; i-- {
			if keep(bs[i]) {
				out = append(out, bs[i].id)
			}
		}
		return out
	}
	all := func(battle) bool { return true }

	// Three a page; a battle started after the first page moves nothing.
	g.open("/me/battles?limit=3")
	g.checkNames("/me/battles")
	var seen []string
	for page := 0; ; page++ {
		seen = append(seen, eval[[]string](g, rowIDsJS)...)
		if page == 0 {
			newer := fetchJSON[map[string]string](g, "POST", "/api/battles", map[string]string{"prompt": "A newer question"})
			fetchJSON[map[string]any](g, "GET", "/api/battles/"+newer["id"]+"?wait=30s", nil)
		}
		if !eval[bool](g, `!!document.getElementById('page-next')`) {
			break
		}
		if page > 5 {
			t.Fatal("more pages than battles")
		}
		g.do("older battles", chromedp.Click(chromedp.ID("page-next")))
		g.waitJS("the next page", fmt.Sprintf(`document.querySelectorAll('#my-battles tbody tr').length > 0 && %s[0] !== %q`, rowIDsJS, seen[len(seen)-1]), 10*time.Second)
	}
	if want := newestFirst(all); !slices.Equal(seen, want) {
		t.Errorf("paging saw %v, want %v", seen, want)
	}
	g.open("/me/battles?status=ready")
	if got, want := eval[[]string](g, rowIDsJS), newestFirst(func(b battle) bool { return b.winner == "" }); len(got) != len(want)+1 || !slices.Equal(got[1:], want) {
		t.Errorf("status ready: %v, want the newer battle and %v", got, want)
	}
	if n := eval[int](g, `[...document.querySelectorAll('#my-battles tbody tr')].filter((tr) => tr.textContent.includes('hidden until you vote')).length`); n != 4 {
		t.Errorf("%d unvoted rows say their models are hidden, want 4", n)
	}
	if n := eval[int](g, `[...document.querySelectorAll('#my-battles tbody tr')].filter((tr) => tr.textContent.includes('(demo)')).length`); n != 0 {
		t.Errorf("%d unvoted rows name a model", n)
	}

	// Search by prompt, through the form.
	g.open("/me/battles")
	g.do("search", chromedp.SendKeys(chromedp.ID("f-search"), "SETS"), chromedp.Click(chromedp.ID("f-apply")))
	g.waitJS("the search's results", `location.search.includes('q=SETS')`, 10*time.Second)
	if got, want := eval[[]string](g, rowIDsJS), newestFirst(func(b battle) bool { return strings.Contains(b.prompt, "sets") }); !slices.Equal(got, want) {
		t.Errorf("search sets: %v, want %v", got, want)
	}
	// Filter by model and vote together: the model list holds the revealed models.
	model := bs[0].names[0]
	g.open("/me/battles")
	g.do("filter", chromedp.SetValue(chromedp.ID("f-model"), model), chromedp.SetValue(chromedp.ID("f-outcome"), "model_a"),
		chromedp.Click(chromedp.ID("f-apply")))
	g.waitJS("the filter's results", `location.search.includes('outcome=model_a')`, 10*time.Second)
	if got, want := eval[[]string](g, rowIDsJS), newestFirst(func(b battle) bool { return b.winner == "model_a" && slices.Contains(b.names, model) }); !slices.Equal(got, want) || len(want) == 0 {
		t.Errorf("model %s, vote A: %v, want %v", model, got, want)
	}
	if v := eval[string](g, `document.getElementById('f-model').value`); v != model {
		t.Errorf("the model filter did not keep its choice: %q", v)
	}
	// A date range: today holds everything, tomorrow nothing.
	today := time.Now().UTC().Format(time.DateOnly)
	tomorrow := time.Now().UTC().AddDate(0, 0, 1).Format(time.DateOnly)
	g.open("/me/battles?limit=100&from=" + today + "&to=" + today)
	if got := eval[[]string](g, rowIDsJS); len(got) != len(bs)+1 {
		t.Errorf("today's battles: %d rows, want %d", len(got), len(bs)+1)
	}
	g.open("/me/battles?from=" + tomorrow)
	if s := g.text("#no-battles"); s != "No battle of yours matches these filters." {
		t.Errorf("from tomorrow: %q", s)
	}
	g.do("clear the filters", chromedp.Click(chromedp.ID("f-clear")))
	g.waitJS("no filters", `location.search === '' && document.querySelectorAll('#my-battles tbody tr').length === 8`, 10*time.Second)
}

// grantClipboard lets the tab's pages read and write the clipboard, as a person
// allowing it would.
func (b *tab) grantClipboard() {
	b.t.Helper()
	c := chromedp.FromContext(b.ctx)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	for _, name := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := cdp.Call(ctx, c.Browser, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: name}, Setting: browser.PermissionSettingGranted,
			Origin: b.base, BrowserContextID: c.BrowserContextID,
		}); err != nil {
			b.t.Fatalf("granting %s: %v", name, err)
		}
	}
}

// clipboard is what the tab's clipboard holds.
func (b *tab) clipboard() string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
	if err != nil {
		b.t.Fatalf("reading the clipboard: %v", err)
	}
	return s
}

// copied clicks the copy button sel and waits for it to say so. The last rendering of a
// finished answer may replace a code block, and its button, just as it is clicked: then
// the click is made again on the new one.
func copied(b *tab, sel string) {
	b.t.Helper()
	for try := 0; try < 5; try++ {
		b.do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
		deadline := time.Now().Add(time.Second)
		for time.Now().Before(deadline) {
			if eval[string](b, fmt.Sprintf(`document.querySelector(%q).textContent`, sel)) == "Copied" {
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	b.t.Fatalf("%s never said Copied", sel)
}

// TestBrowserCopyButtons: each answer and each code block has a copy button whose text
// lands on the clipboard; without JavaScript there are no buttons and the text is
// still there to select.
func TestBrowserCopyButtons(t *testing.T) {
	srv := startArena(t, time.Millisecond)
	br := newBrowser(t)
	g := newTab(t, br, srv.URL, "guest")
	g.grantClipboard()
	// Not every demo model answers with code: a new pair until one does.
	for try := 0; ; try++ {
		g.open("/")
		g.do("ask for code", chromedp.SendKeys(chromedp.ID("prompt"), "Write a Python function that reverses a list"),
			chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)))
		g.waitJS("both answers", `document.getElementById('panes')?.dataset.status === 'ready' && !document.querySelector('.answer[aria-busy="true"]')`, 60*time.Second)
		g.waitJS("the answers' copy buttons", `document.querySelectorAll('.copy-answer').length === 2`, 10*time.Second)
		if eval[bool](g, `!!document.querySelector('.answer pre')`) {
			break
		}
		if try == 5 {
			t.Fatal("no demo pair answered with a code block in 6 battles")
		}
	}
	if n, pres := eval[int](g, `document.querySelectorAll('.copy-code').length`), eval[int](g, `document.querySelectorAll('.answer pre').length`); n != pres {
		t.Errorf("%d code copy buttons for %d code blocks", n, pres)
	}
	g.checkNames("battle page with copy buttons")

	code := eval[string](g, `document.querySelector('.answer pre').textContent.replace(/\n$/, '')`)
	copied(g, `.answer .copy-code`)
	if got := g.clipboard(); got != code || !strings.Contains(got, "def ") {
		t.Errorf("the code block's button copied %q, want %q", got, code)
	}

	copied(g, `#pane-b .copy-answer`)
	got := g.clipboard()
	for _, part := range eval[[]string](g, `[...document.querySelectorAll('#answer-b-0 p, #answer-b-0 li, #answer-b-0 pre')].map((e) => e.textContent.trim()).filter(Boolean)`) {
		for _, line := range strings.Split(part, "\n") {
			if !strings.Contains(got, strings.TrimSpace(line)) {
				t.Errorf("answer B's copy lacks %q:\n%s", line, got)
			}
		}
	}
	if strings.Contains(got, "Copy code") || strings.Contains(got, "Copy answer") || strings.Contains(got, "Copied") {
		t.Errorf("answer B's copy holds a button's label:\n%s", got)
	}

	g.disableScripts()
	g.open(g.path())
	if n := eval[int](g, `document.querySelectorAll('button.copy').length`); n != 0 {
		t.Errorf("without JavaScript the page shows %d copy buttons", n)
	}
	if s := g.text("#answer-a-0"); s == "" {
		t.Error("without JavaScript the answer is not on the page")
	}
}

// paintProbe records the theme <html> arrived with, as the parser created it (before any
// of the page's scripts could set it), and, at the first animation frame (before the
// first paint), the theme on <html> and the computed background of the body.
const paintProbe = `new MutationObserver((_, o) => {
  if (!document.documentElement) return;
  window.__served = document.documentElement.getAttribute('data-theme') ?? '';
  o.disconnect();
}).observe(document, {childList: true});
requestAnimationFrame(() => {
  window.__firstPaint = {theme: document.documentElement.dataset.theme ?? '',
    bg: document.body ? getComputedStyle(document.body).backgroundColor : ''};
});`

// isDark reports whether a computed rgb() colour is dark.
const isDarkJS = `((c) => { const [r, g, b] = c.match(/\d+/g).map(Number); return r + g + b < 150; })`

// TestBrowserTheme: "dark" is remembered, and the next page is dark from its first
// paint, with or without JavaScript; "system" follows prefers-color-scheme; the form
// works without JavaScript.
func TestBrowserTheme(t *testing.T) {
	srv := startArena(t, time.Millisecond)
	br := newBrowser(t)
	g := newTab(t, br, srv.URL, "visitor")
	g.colorScheme("light")
	g.do("probe the first paint", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: paintProbe})
		return err
	}))
	bodyDark := func() bool { return eval[bool](g, isDarkJS+`(getComputedStyle(document.body).backgroundColor)`) }
	firstPaint := func() (string, bool) {
		g.waitJS("the first frame", `!!window.__firstPaint`, 5*time.Second)
		if served, painted := eval[string](g, `window.__served`), eval[string](g, `window.__firstPaint.theme`); served != painted {
			t.Errorf("<html> arrived with theme %q, but the first paint had %q", served, painted)
		}
		return eval[string](g, `window.__firstPaint.theme`), eval[bool](g, isDarkJS+`(window.__firstPaint.bg)`)
	}

	g.open("/leaderboard")
	if theme, dark := firstPaint(); theme != "" || dark {
		t.Fatalf("a new visitor with a light system: theme %q, dark %v", theme, dark)
	}
	if eval[bool](g, `!!document.getElementById('theme-apply')`) {
		t.Error("with JavaScript the theme form keeps its Apply button")
	}
	eval[bool](g, `(() => { const s = document.getElementById('theme'); s.value = 'dark'; s.dispatchEvent(new Event('change')); return true; })()`)
	if !bodyDark() || eval[string](g, `document.documentElement.dataset.theme`) != "dark" {
		t.Fatal("choosing dark did not darken the page at once")
	}
	if c := eval[string](g, `document.cookie`); !strings.Contains(c, "arena_theme=dark") || eval[string](g, `localStorage.getItem('arena-theme')`) != "dark" {
		t.Errorf("the choice is not remembered: cookie %q", c)
	}
	g.open("/leaderboard")
	if theme, dark := firstPaint(); theme != "dark" || !dark {
		t.Errorf("after a reload the first paint has theme %q, dark %v; want dark", theme, dark)
	}
	if v := eval[string](g, `document.getElementById('theme').value`); v != "dark" {
		t.Errorf("the theme menu shows %q", v)
	}

	// System: follows the emulated media feature, both ways, from the first paint.
	eval[bool](g, `(() => { const s = document.getElementById('theme'); s.value = 'system'; s.dispatchEvent(new Event('change')); return true; })()`)
	if bodyDark() || eval[bool](g, `'theme' in document.documentElement.dataset`) {
		t.Error("system with a light system is not light")
	}
	g.colorScheme("dark")
	if !bodyDark() {
		t.Error("system does not follow prefers-color-scheme: dark")
	}
	g.open("/")
	if theme, dark := firstPaint(); theme != "" || !dark {
		t.Errorf("system, dark system, after a reload: theme %q, dark %v", theme, dark)
	}
	g.colorScheme("light")
	if bodyDark() {
		t.Error("system does not follow prefers-color-scheme back to light")
	}

	// Without JavaScript: the form posts, and the server renders the theme.
	n := newTab(t, br, srv.URL, "no-js")
	n.colorScheme("light")
	n.disableScripts()
	n.open("/leaderboard?category=code")
	n.do("choose dark without JavaScript", chromedp.SetValue(chromedp.ID("theme"), "dark"), chromedp.Click(chromedp.ID("theme-apply")))
	n.waitJS("the page again, dark", `location.search === '?category=code' && document.documentElement.dataset.theme === 'dark'`, 10*time.Second)
	if !eval[bool](n, isDarkJS+`(getComputedStyle(document.body).backgroundColor)`) {
		t.Error("the server-rendered dark theme is not dark")
	}
}
