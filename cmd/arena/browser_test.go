package main

// End-to-end tests in a real browser: headless Debian Chromium, driven with chromedp,
// against `arena serve` on loopback with the built-in demo models. They skip when
// /usr/bin/chromium is missing (apt-get install chromium), and fail instead on CI.
// On failure each tab's screenshot and HTML are saved under $ARENA_E2E_ARTIFACTS (or
// the system's temporary directory); the log names the files.

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"io/fs"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/ethereum/go-ethereum/accounts"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/static"
)

// demoNames are the built-in models; none may appear on a battle page before the vote.
var demoNames = []string{"demo-terse", "demo-scholar", "demo-bluffer", "demo-coder", "demo-buddy", "demo-socrates"}

const e2ePrompt = "Explain how a hash map works, with a short example in Go."

// assertAnonymous fails when a model's name is anywhere in the page.
func assertAnonymous(t *testing.T, b *tab, when string) {
	t.Helper()
	html := eval[string](b, `document.documentElement.outerHTML`)
	for _, n := range demoNames {
		if strings.Contains(html, n) {
			t.Fatalf("%s: the page names %s before the vote", when, n)
		}
	}
	if got := b.text("#name-a") + b.text("#name-b"); got != "" {
		t.Fatalf("%s: model names shown before the vote: %q", when, got)
	}
}

// answerLengths reads how much of each answer of the first turn is on the page.
const answerLengthsJS = `[ (document.getElementById('answer-a-0')?.textContent ?? '').length,
  (document.getElementById('answer-b-0')?.textContent ?? '').length ]`

// points reads the number in the points element of the reveal, scratching its foil
// first if it has one.
func points(t *testing.T, b *tab) int {
	t.Helper()
	if eval[bool](b, `!!document.querySelector('.scratch-foil')`) {
		b.do("scratch the card", chromedp.Click(chromedp.CSS(".scratch-foil")))
		b.waitJS("the points under the foil", `!document.querySelector('.scratch-foil')`, 5*time.Second)
	}
	s := b.text("#scratch, .scratch")
	m := regexp.MustCompile(`\d+`).FindString(s)
	n, err := strconv.Atoi(m)
	if err != nil {
		t.Fatalf("the points element says %q: no number", s)
	}
	return n
}

// TestBrowserBattle is a guest's whole visit with JavaScript: prompt, watch both answers
// stream, vote with the keyboard, see the reveal and the points, see the leaderboard
// open in another tab update live, go to the next battle, sign up and keep the points.
func TestBrowserBattle(t *testing.T) {
	srv := startArena(t, 20*time.Millisecond)
	br := newBrowser(t)

	// Someone else watches the leaderboard from before the vote.
	board := newTab(t, br, srv.URL, "leaderboard")
	board.open("/leaderboard")
	board.checkNames("/leaderboard")
	if n := eval[int](board, `document.querySelectorAll('#board tbody tr').length`); n != 0 {
		t.Fatalf("a fresh arena's leaderboard has %d rows", n)
	}
	// A reload would drop this marker; a live update keeps it.
	eval[bool](board, `window.__arenaNoReload = true`)

	guest := newTab(t, br, srv.URL, "guest")
	guest.open("/")
	guest.checkNames("/")
	guest.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), e2ePrompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	guest.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	battlePath := guest.path()

	// Both answers stream in: the text on the page grows between observations, and the
	// answer regions are polite live regions, busy while they stream.
	var seen [][2]int
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		st := eval[string](guest, `document.getElementById('panes').dataset.status`)
		if st != "streaming" {
			break
		}
		l := eval[[2]int](guest, answerLengthsJS)
		if len(seen) == 0 || l != seen[len(seen)-1] {
			seen = append(seen, l)
			assertAnonymous(t, guest, "while streaming")
		}
		if len(seen) == 3 {
			live := eval[[]string](guest, `['answer-a-0','answer-b-0'].map((id) => document.getElementById(id).getAttribute('aria-live'))`)
			if live[0] != "polite" || live[1] != "polite" {
				t.Errorf("answers are not polite live regions while streaming: aria-live=%q", live)
			}
		}
		time.Sleep(60 * time.Millisecond)
	}
	growing := 0
	for i := 1; i < len(seen); i++ {
		if seen[i][0] < seen[i-1][0] || seen[i][1] < seen[i-1][1] {
			t.Fatalf("an answer shrank while streaming: %v", seen)
		}
		if seen[i][0]+seen[i][1] > seen[i-1][0]+seen[i-1][1] && seen[i-1][0]+seen[i-1][1] > 0 {
			growing++
		}
	}
	if growing < 3 {
		t.Fatalf("expected the answers to grow over several observations, saw %v", seen)
	}
	t.Logf("observed the answers grow %d times (lengths %v … %v)", growing, seen[0], seen[len(seen)-1])

	guest.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 60*time.Second)
	assertAnonymous(t, guest, "when ready")
	if busy := eval[int](guest, `document.querySelectorAll('.answer[aria-busy="true"]').length`); busy != 0 {
		t.Errorf("%d answers still aria-busy after both completed", busy)
	}
	if s := guest.text("#battle-status"); !strings.Contains(s, "Which is better") {
		t.Errorf("status line says %q when ready", s)
	}
	guest.checkNames("battle page")
	checkFocusOrder(t, guest, "battle page")

	// Vote with the keyboard: 1 is "A is better".
	eval[bool](guest, `(document.activeElement?.blur(), true)`)
	guest.press("1")
	guest.waitJS("the reveal", `!!document.querySelector('#scratch, .scratch') && document.getElementById('name-a').textContent.trim() !== ''`, 15*time.Second)
	nameA, nameB := guest.text("#name-a"), guest.text("#name-b")
	if !strings.Contains(nameA, "demo-") || !strings.Contains(nameB, "demo-") || nameA == nameB {
		t.Errorf("revealed names %q and %q", nameA, nameB)
	}
	if id := eval[string](guest, `document.activeElement?.id ?? ''`); id != "next-battle" {
		t.Errorf("after the vote focus is on %q, want the next-battle link", id)
	}
	earned := points(t, guest)
	if earned <= 0 {
		t.Errorf("the reveal shows %d points", earned)
	}
	if s := guest.text("#reveal-area"); !strings.Contains(s, "You preferred Model A") {
		t.Errorf("the reveal says %q", s)
	}
	if v := eval[bool](guest, `!document.getElementById('vote-area').hidden`); v {
		t.Errorf("the vote buttons are still shown after the vote")
	}

	// The leaderboard in the other tab updates without a reload.
	board.waitJS("the live leaderboard to show the vote", `document.querySelectorAll('#board tbody tr').length >= 2`, 15*time.Second)
	if !eval[bool](board, `window.__arenaNoReload === true`) {
		t.Errorf("the leaderboard reloaded instead of updating in place")
	}
	votes := eval[[]string](board, `[...document.querySelectorAll('#board tbody tr td:last-child')].map((td) => td.textContent.trim())`)
	total := 0
	for _, v := range votes {
		n, _ := strconv.Atoi(v)
		total += n
	}
	if total != 2 { // one vote counts for each of its two models
		t.Errorf("leaderboard vote column %v, want one vote for each of two models", votes)
	}
	boardText := board.text("#board")
	if !strings.Contains(boardText, nameA) || !strings.Contains(boardText, nameB) {
		t.Errorf("the live board does not list %s and %s: %q", nameA, nameB, boardText)
	}

	// n starts the next battle.
	guest.press("n")
	guest.waitJS("the prompt page after pressing n", `location.pathname === '/' && !!document.getElementById('prompt')`, 10*time.Second)

	// Signing up keeps the guest's points.
	guest.open("/me")
	if s, want := guest.text("#balance"), fmt.Sprintf("%d points", earned); s != want {
		t.Errorf("the guest's /me shows balance %q, want %q", s, want)
	}
	guest.open("/signup")
	guest.checkNames("/signup")
	guest.do("sign up",
		chromedp.SendKeys(chromedp.ID("username"), "ada_e2e"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	guest.waitJS("signed in", `location.pathname === '/' && document.body.textContent.includes('ada_e2e')`, 10*time.Second)
	guest.open("/me")
	guest.checkNames("/me")
	if n := balance(t, guest); n < earned {
		t.Errorf("after sign-up /me shows %d points, fewer than the %d the guest earned", n, earned)
	}
	if s := guest.text("main"); !strings.Contains(s, "Vote") {
		t.Errorf("the ledger on /me does not list the vote: %q", s)
	}

	// The same battle on the same person's phone: the answers sit in tabs, one visible
	// at a time, and no page scrolls sideways.
	phone := guest
	phone.viewport(390, 844, true)
	phone.open(battlePath)
	checkNoHorizontalScroll(t, phone, battlePath)
	checkPhoneTabs(t, phone)
	for _, p := range []string{"/", "/leaderboard", "/me", "/login"} {
		phone.open(p)
		checkNoHorizontalScroll(t, phone, p)
	}
	phone.open("/leaderboard")
	if w := eval[[2]int](phone, `(() => { const w = document.querySelector('#board .table-wrap'); return w ? [w.scrollWidth, w.clientWidth] : [0, 0]; })()`); w[0] > w[1] {
		t.Errorf("at 390px the leaderboard table scrolls sideways (%dpx in %dpx)", w[0], w[1])
	}
}

// checkPhoneTabs checks the battle page's answer tabs on a narrow screen: mouse and
// arrow keys switch panes, and exactly one pane shows at a time.
func checkPhoneTabs(t *testing.T, b *tab) {
	t.Helper()
	state := func() string {
		return eval[string](b, `['a','b'].map((s) => {
		  const tab = document.getElementById('tab-' + s), pane = document.getElementById('pane-' + s);
		  return s + ':' + tab.getAttribute('aria-selected') + ':' + (pane.offsetHeight > 0 ? 'shown' : 'hidden');
		}).join(' ')`)
	}
	if d := eval[string](b, `getComputedStyle(document.querySelector('.tabs')).display`); d == "none" {
		t.Fatalf("at 390px the answer tabs are not shown")
	}
	if s := state(); s != "a:true:shown b:false:hidden" {
		t.Fatalf("at 390px the tabs start as %q, want Model A shown", s)
	}
	b.do("tap Model B", chromedp.Click(chromedp.ID("tab-b")))
	if s := state(); s != "a:false:hidden b:true:shown" {
		t.Fatalf("after tapping Model B the tabs are %q", s)
	}
	// The ARIA tabs pattern: arrow keys move between tabs.
	b.do("focus the Model B tab", chromedp.Focus(chromedp.ID("tab-b")))
	b.press(kb.ArrowLeft)
	if s := state(); s != "a:true:shown b:false:hidden" {
		t.Errorf("after ArrowLeft the tabs are %q, want Model A shown", s)
	}
	if id := eval[string](b, `document.activeElement?.id ?? ''`); id != "tab-a" {
		t.Errorf("after ArrowLeft focus is on %q, want tab-a", id)
	}
	b.checkNames("battle page at 390px")
}

// checkNoHorizontalScroll fails when the page is wider than the screen.
func checkNoHorizontalScroll(t *testing.T, b *tab, page string) {
	t.Helper()
	w := eval[[2]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`)
	if w[0] > w[1] {
		wide := eval[[]string](b, `[...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
		  .slice(0, 5).map((e) => e.tagName + '.' + e.className + '#' + e.id)`)
		t.Errorf("%s at %dpx scrolls sideways (%dpx wide); too wide: %v", page, w[1], w[0], wide)
	}
}

// checkFocusOrder tabs through the page: the skip link comes first and shows itself,
// no element jumps the order with a positive tabindex, and every focused control has
// a visible focus ring.
func checkFocusOrder(t *testing.T, b *tab, page string) {
	t.Helper()
	if n := eval[int](b, `[...document.querySelectorAll('[tabindex]')].filter((e) => e.tabIndex > 0).length`); n > 0 {
		t.Errorf("%s: %d elements have a positive tabindex, which breaks the reading order", page, n)
	}
	// Start from the top of the document, as after a page load.
	eval[bool](b, `(() => { document.activeElement?.blur(); window.scrollTo(0, 0);
	  document.body.tabIndex = -1; document.body.focus(); document.body.removeAttribute('tabindex'); return true; })()`)
	var order []string
	for i := 0; i < 40; i++ {
		b.press(kb.Tab)
		f := eval[map[string]string](b, `(() => {
		  const e = document.activeElement; if (!e || e === document.body) return {id: 'body'};
		  const cs = getComputedStyle(e), r = e.getBoundingClientRect();
		  return {id: e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).split(' ')[0] : ''),
		    text: (e.getAttribute('aria-label') || e.textContent || e.value || '').trim().slice(0, 30),
		    outline: cs.outlineStyle + ' ' + cs.outlineWidth, onscreen: String(r.right > 0 && r.bottom > 0 && r.left < innerWidth)};
		})()`)
		if f["id"] == "body" {
			break
		}
		order = append(order, f["id"]+" "+f["text"])
		if i == 0 && !strings.Contains(f["id"], "skip") {
			t.Errorf("%s: the first Tab lands on %s, want the skip link", page, f["id"])
		}
		if strings.HasPrefix(f["outline"], "none") || strings.HasPrefix(f["outline"], "0") || strings.HasSuffix(f["outline"], " 0px") {
			t.Errorf("%s: %s has no visible focus ring (outline %s)", page, f["id"], f["outline"])
		}
		if f["onscreen"] != "true" {
			t.Errorf("%s: focused %s is off screen", page, f["id"])
		}
	}
	t.Logf("%s focus order: %s", page, strings.Join(order, " → "))
	idx := func(sub string) int {
		for i, o := range order {
			if strings.Contains(o, sub) {
				return i
			}
		}
		return -1
	}
	// The order follows the screen: navigation, then the reasons, the comment and the
	// four vote buttons in their visual order.
	steps := []string{"a.skip", "a.brand", "textarea#comment", "A is better", "B is better", "Tie", "Both are bad"}
	last := -1
	for _, s := range steps {
		i := idx(s)
		if i < 0 {
			t.Errorf("%s: Tab never reaches %q", page, s)
			continue
		}
		if i < last {
			t.Errorf("%s: %q comes earlier in the focus order than the control before it on screen", page, s)
		}
		last = i
	}
}

// TestBrowserNoScript is the same visit with JavaScript disabled: the plain forms, the
// battle page's <noscript> refresh while the answers stream, and the vote form's post.
func TestBrowserNoScript(t *testing.T) {
	srv := startArena(t, 30*time.Millisecond)
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "nojs")
	b.disableScripts()
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), e2ePrompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	if eval[bool](b, `document.getElementById('panes').classList.contains('tabbed')`) {
		t.Fatal("battle.js ran although scripts are disabled")
	}
	if st := eval[string](b, `document.getElementById('panes').dataset.status`); st != "streaming" {
		t.Fatalf("the first battle page shows status %q, want streaming", st)
	}
	assertAnonymous(t, b, "streaming without JS")
	if !eval[bool](b, `!!document.querySelector('noscript')`) {
		t.Fatal("the streaming battle page has no <noscript> refresh")
	}

	// The page reloads itself every two seconds until the answers are complete; each
	// load shows more of them.
	var seen [][2]int
	reloads := 0
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if !eval[bool](b, `window.__arenaSeen === true`) {
			if l, err := tryEval[[2]int](b, answerLengthsJS); err == nil {
				seen = append(seen, l)
				reloads++
				eval[bool](b, `window.__arenaSeen = true`)
			}
		}
		if st, _ := tryEval[string](b, `document.getElementById('panes')?.dataset.status ?? ''`); st == "ready" {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("without JS the page loaded %d times while streaming; answer lengths %v", reloads, seen)
	if reloads < 2 {
		t.Fatalf("the streaming battle page did not refresh itself (loads seen: %d)", reloads)
	}
	for i := 1; i < len(seen); i++ {
		if seen[i][0]+seen[i][1] < seen[i-1][0]+seen[i-1][1] {
			t.Fatalf("answers shrank between refreshes: %v", seen)
		}
	}
	b.waitJS("the vote form", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 10*time.Second)
	if eval[bool](b, `!!document.querySelector('meta[http-equiv="refresh"]')`) {
		t.Error("a complete battle still refreshes itself")
	}
	assertAnonymous(t, b, "ready without JS")
	b.checkNames("battle page without JS")

	// The vote form posts; the answer page reveals the names and the points.
	b.do("vote B with the form",
		chromedp.Click(chromedp.CSS(`#vote-form label input[name="reasons"]`)),
		chromedp.Click(chromedp.CSS(`#vote-form button[value="model_b"]`)),
	)
	b.waitJS("the reveal", `!!document.querySelector('#scratch, .scratch') && !!document.querySelector('#reveal-area .reveal')`, 15*time.Second)
	if s := b.text("#name-b"); !strings.Contains(s, "demo-") {
		t.Errorf("after the vote Model B is %q", s)
	}
	earned := points(t, b)
	if earned <= 0 {
		t.Errorf("the reveal shows %d points", earned)
	}
	if s := b.text("#reveal-area"); !strings.Contains(s, "You preferred Model B") {
		t.Errorf("the reveal says %q", s)
	}
	b.do("next battle", chromedp.Click(chromedp.ID("next-battle")))
	b.waitJS("the prompt page", `location.pathname === '/' && !!document.getElementById('prompt')`, 10*time.Second)

	// The leaderboard is a plain page that shows the vote.
	b.open("/leaderboard")
	if n := eval[int](b, `document.querySelectorAll('#board tbody tr').length`); n != 2 {
		t.Errorf("without JS the leaderboard has %d rows after one vote, want 2", n)
	}

	// Sign up through the plain form and keep the points.
	b.open("/signup")
	b.do("sign up",
		chromedp.SendKeys(chromedp.ID("username"), "grace_nojs"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	b.waitJS("signed in", `location.pathname === '/' && document.body.textContent.includes('grace_nojs')`, 10*time.Second)
	b.open("/me")
	if n := balance(t, b); n < earned {
		t.Errorf("after sign-up without JS /me shows %d points, fewer than the %d the guest earned", n, earned)
	}

	// On a phone without JS the tabs cannot work, so they are not shown and the two
	// answers stack.
	b.viewport(390, 844, true)
	b.open(eval[string](b, `document.querySelector('main a[href^="/battle/"]')?.getAttribute('href') ?? '/battle/none'`))
	if !strings.HasPrefix(b.path(), "/battle/") {
		t.Fatalf("no link from /me to the voted battle")
	}
	if d := eval[string](b, `getComputedStyle(document.querySelector('.tabs')).display`); d != "none" {
		t.Errorf("without JS the answer tabs show at 390px (display %s) but cannot work", d)
	}
	if vis := eval[[]int](b, `['pane-a','pane-b'].map((id) => document.getElementById(id).offsetHeight)`); vis[0] == 0 || vis[1] == 0 {
		t.Errorf("without JS at 390px both answers should show, stacked; heights %v", vis)
	}
	checkNoHorizontalScroll(t, b, "battle page without JS")
}

// tryEval is eval without failing: the page may be between loads.
func tryEval[T any](b *tab, expr string) (T, error) {
	var zero T
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		return zero, fmt.Errorf("%s: %w", expr, err)
	}
	return v, nil
}

// TestColourContrast computes WCAG 2 contrast ratios of the colour pairs static/app.css
// puts together, in the light theme and the dark one (whose custom properties override
// the light ones): 4.5:1 for text, 3:1 for focus rings and form-field borders.
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
	customProp = regexp.MustCompile(`(--[a-z-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b`)
	chromaRule = regexp.MustCompile(`(\.chroma [^{]+)\{[^}]*?color:\s*(#[0-9a-fA-F]{3,6})`)
)

// parseThemes reads the custom properties of the top-level :root and of the :root in
// the prefers-color-scheme: dark block, and the syntax colours of each.
func parseThemes(t *testing.T, css string) (light, dark, chromaLight, chromaDark map[string]string) {
	t.Helper()
	light, dark, chromaLight, chromaDark = map[string]string{}, map[string]string{}, map[string]string{}, map[string]string{}
	// Split the sheet into top-level text and the bodies of dark-scheme media blocks.
	var top, darkText strings.Builder
	for i := 0; i < len(css); {
		j := strings.Index(css[i:], "@media (prefers-color-scheme: dark)")
		if j < 0 {
			top.WriteString(css[i:])
			break
		}
		top.WriteString(css[i : i+j])
		open := strings.Index(css[i+j:], "{") + i + j
		depth, k := 0, open
		for ; k < len(css); k++ {
			if css[k] == '{' {
				depth++
			} else if css[k] == '}' {
				if depth--; depth == 0 {
					break
				}
			}
		}
		darkText.WriteString(css[open+1 : k])
		i = k + 1
	}
	rootBlock := func(s string) string {
		i := strings.Index(s, ":root")
		if i < 0 {
			return ""
		}
		end := strings.Index(s[i:], "}")
		return s[i : i+end]
	}
	for _, m := range customProp.FindAllStringSubmatch(rootBlock(top.String()), -1) {
		light[m[1]] = m[2]
		dark[m[1]] = m[2]
	}
	for _, m := range customProp.FindAllStringSubmatch(rootBlock(darkText.String()), -1) {
		dark[m[1]] = m[2]
	}
	for _, m := range chromaRule.FindAllStringSubmatch(top.String(), -1) {
		chromaLight[strings.TrimSpace(m[1])] = m[2]
		chromaDark[strings.TrimSpace(m[1])] = m[2]
	}
	for _, m := range chromaRule.FindAllStringSubmatch(darkText.String(), -1) {
		chromaDark[strings.TrimSpace(m[1])] = m[2]
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

// balance reads the points balance on /me.
func balance(t *testing.T, b *tab) int {
	t.Helper()
	s := b.text("#balance")
	n, err := strconv.Atoi(strings.TrimSuffix(s, " points"))
	if err != nil {
		t.Fatalf("/me shows balance %q", s)
	}
	return n
}

// TestScreenshots rewrites the screenshots in docs/: the arena mid-battle, the
// leaderboard and a lab's model dashboard, at desktop and phone widths, light and dark.
// It runs only when asked: ARENA_SCREENSHOTS=docs go test ./cmd/arena -run TestScreenshots
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("ARENA_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ARENA_SCREENSHOTS=docs to rewrite the screenshots in docs/")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir) // tests run in cmd/arena
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	requireChromium(t)
	srv := startArena(t, 25*time.Millisecond)
	srv.addUser(t, "ada", "screenshot-pass", "--admin")
	seedVotes(t, srv)
	br := newBrowser(t)

	sizes := []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}}
	for _, theme := range []string{"light", "dark"} {
		for _, size := range sizes {
			b := newTab(t, br, srv.URL, size.name+"-"+theme)
			b.viewport(size.w, size.h, size.mobile)
			b.colorScheme(theme)
			b.open("/login")
			b.do("log in",
				chromedp.SendKeys(chromedp.ID("username"), "ada"),
				chromedp.SendKeys(chromedp.ID("password"), "screenshot-pass"),
				chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
			)
			b.waitJS("signed in", `location.pathname === '/' && !!document.getElementById('prompt')`, 10*time.Second)
			shot := func(name string) {
				t.Helper()
				eval[bool](b, `(document.activeElement?.blur(), window.scrollTo(0, 0), true)`)
				png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", name, size.name, theme))
				if err := os.WriteFile(path, recompress(t, png), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}

			// A battle halfway through streaming.
			b.do("start a battle",
				chromedp.SendKeys(chromedp.ID("prompt"), "Write a Go function that reverses a string, and explain how it handles Unicode."),
				chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
			)
			b.waitJS("both answers well under way",
				`(() => { const p = document.getElementById('panes'); if (!p) return false;
				  const [a, b] = [(document.getElementById('answer-a-0')?.textContent ?? '').length, (document.getElementById('answer-b-0')?.textContent ?? '').length];
				  return p.dataset.status !== 'streaming' || (a > 250 && b > 250); })()`, 60*time.Second)
			shot("arena")
			// The reveal, after voting with the keyboard.
			b.waitJS("ready to vote", `document.getElementById('panes').dataset.status === 'ready'`, 60*time.Second)
			eval[bool](b, `(document.activeElement?.blur(), true)`)
			b.press("1")
			b.waitJS("the reveal", `!!document.querySelector('#reveal-area .reveal')`, 10*time.Second)
			if eval[bool](b, `!!document.querySelector('.scratch-foil')`) {
				b.do("scratch", chromedp.Click(chromedp.CSS(".scratch-foil")))
			}
			eval[bool](b, `(document.getElementById('reveal-area').scrollIntoView({block: 'center'}), true)`)
			time.Sleep(500 * time.Millisecond) // let the reveal's animation end
			png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("reveal-%s-%s.png", size.name, theme))
			if err := os.WriteFile(path, recompress(t, png), 0o644); err != nil {
				t.Fatal(err)
			}

			b.open("/leaderboard")
			shot("leaderboard")
			b.open("/labs/models/2")
			if b.text("h1") == "Page not found" {
				t.Fatalf("no lab dashboard at /labs/models/2")
			}
			shot("lab-dashboard")
		}
	}
}

// recompress re-encodes a screenshot with the best PNG compression, to keep docs/ small.
func recompress(t *testing.T, b []byte) []byte {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, img); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// seedVotes fills the arena with votes through the JSON API, as several people would:
// in three rounds, with a leaderboard snapshot after each, so boards and rating
// histories have something to show. Voters prefer the longer answer.
func seedVotes(t *testing.T, srv *e2eServer) {
	t.Helper()
	var tokens []string
	for i := range 4 {
		name := fmt.Sprintf("voter%d", i)
		srv.addUser(t, name, "voter-password")
		out := srv.runCLI(t, "users", "token", "--db", srv.DB, name)
		tok := regexp.MustCompile(`\S{20,}`).FindString(out)
		if tok == "" {
			t.Fatalf("no token in %q", out)
		}
		tokens = append(tokens, tok)
	}
	prompts := []string{
		"Explain how a hash map works.", "Write a haiku about rain on a tin roof.",
		"What is the derivative of x^3 sin x?", "Fix this SQL: SELECT * FROM users WHERE name = 'bob",
		"Summarise the causes of the French Revolution.", "Write a Python function that checks for palindromes.",
		"How do vaccines train the immune system?", "Plan a three-day trip to Lisbon on a budget.",
	}
	api := func(method, path, token string, body any) (int, map[string]any) {
		var r io.Reader
		if body != nil {
			j, _ := json.Marshal(body)
			r = bytes.NewReader(j)
		}
		req, _ := http.NewRequest(method, srv.URL+path, r)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	votes := 0
	for round := range 3 {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 16 {
			wg.Go(func() {
				tok := tokens[i%len(tokens)]
				code, out := api("POST", "/api/battles", tok, map[string]string{"prompt": prompts[(i+round)%len(prompts)]})
				if code != http.StatusCreated {
					t.Logf("start battle: %d %v", code, out)
					return
				}
				id, _ := out["id"].(string)
				_, b := api("GET", "/api/battles/"+id+"?wait=60s", tok, nil)
				turns, _ := b["turns"].([]any)
				if len(turns) == 0 || b["status"] != "ready" {
					t.Logf("battle %s: %v", id, b["status"])
					return
				}
				turn := turns[0].(map[string]any)
				la, lb := len(fmt.Sprint(turn["response_a"])), len(fmt.Sprint(turn["response_b"]))
				winner := "tie"
				switch {
				case float64(la) > 1.1*float64(lb):
					winner = "model_a"
				case float64(lb) > 1.1*float64(la):
					winner = "model_b"
				}
				if code, out := api("POST", "/api/battles/"+id+"/vote", tok, map[string]any{"winner": winner, "reasons": []string{"more helpful"}}); code != http.StatusOK {
					t.Logf("vote: %d %v", code, out)
					return
				}
				mu.Lock()
				votes++
				mu.Unlock()
			})
		}
		wg.Wait()
		srv.runCLI(t, "snapshot", "take", "--db", srv.DB)
	}
	t.Logf("seeded %d votes", votes)
	if votes < 20 {
		t.Fatalf("only %d votes seeded", votes)
	}
}

// testWallet is an Ethereum account whose key the test holds, standing in for the
// person's browser wallet.
type testWallet struct {
	key    *ecdsa.PrivateKey
	addr   string
	mu     sync.Mutex
	signed []string
}

func newTestWallet(t *testing.T) *testWallet {
	t.Helper()
	k, err := crypto.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	return &testWallet{key: k, addr: crypto.PubkeyToAddress(k.PublicKey).Hex()}
}

// personalSign signs message as EIP-191 personal_sign does.
func (w *testWallet) personalSign(message []byte) string {
	sig, err := crypto.Sign(accounts.TextHash(message), w.key)
	if err != nil {
		panic(err)
	}
	sig[64] += 27
	w.mu.Lock()
	w.signed = append(w.signed, string(message))
	w.mu.Unlock()
	return hexutil.Encode(sig)
}

// injectEIP1193 gives every page of the tab a window.ethereum (EIP-1193) whose accounts
// are the test wallet's and whose personal_sign calls the Go signer through a binding.
func injectEIP1193(t *testing.T, b *tab, w *testWallet) {
	t.Helper()
	sign := func(ctx context.Context, args []string) (string, error) {
		if len(args) != 2 {
			return "", fmt.Errorf("personal_sign wants [message, address], got %d params", len(args))
		}
		if !strings.EqualFold(args[1], w.addr) {
			return "", fmt.Errorf("personal_sign for %s, but the wallet holds %s", args[1], w.addr)
		}
		msg := []byte(args[0])
		if strings.HasPrefix(args[0], "0x") {
			raw, err := hexutil.Decode(args[0])
			if err != nil {
				return "", err
			}
			msg = raw
		}
		return w.personalSign(msg), nil
	}
	provider := fmt.Sprintf(`window.ethereum = {
  isArenaTestWallet: true,
  async request({ method, params }) {
    switch (method) {
      case 'eth_requestAccounts': case 'eth_accounts': return [%[1]q];
      case 'eth_chainId': return '0x539';
      case 'personal_sign': return await window.arenaTestSign(...params);
      default: throw Object.assign(new Error('The test wallet does not support ' + method), { code: 4200 });
    }
  },
  on() {}, removeListener() {},
};`, w.addr)
	b.do("inject window.ethereum",
		chromedp.ExposeFunc("arenaTestSign", sign),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: provider})
			return err
		}),
	)
}

// signUp creates an account through the sign-up form.
func signUp(t *testing.T, b *tab, name string) {
	t.Helper()
	b.open("/signup")
	b.do("sign up",
		chromedp.SendKeys(chromedp.ID("username"), name),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	b.waitJS("signed in", fmt.Sprintf(`location.pathname === '/' && document.body.textContent.includes(%q)`, name), 10*time.Second)
}

// TestBrowserWallet links a wallet on /wallet: with JavaScript, through an injected
// EIP-1193 provider that signs the Sign-In with Ethereum message with a test key; and
// without JavaScript, through the plain forms, pasting a signature made the same way.
func TestBrowserWallet(t *testing.T) {
	srv := startArena(t, -1)
	res, err := http.Get(srv.URL + "/wallet")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	switch res.StatusCode {
	case http.StatusNotFound:
		t.Skip("GET /wallet is 404: the wallet page (arena/web/wallet.go, views/wallet.templ, static/wallet.js) is not there yet")
	case http.StatusServiceUnavailable:
		t.Skip("GET /wallet is 503: `arena serve` does not wire web.Deps.Rewards yet")
	}
	br := newBrowser(t)

	t.Run("js", func(t *testing.T) {
		w := newTestWallet(t)
		b := newTab(t, br, srv.URL, "wallet")
		injectEIP1193(t, b, w)
		signUp(t, b, "wallet_js")
		b.open("/wallet")
		b.waitJS("the connect button", `!!document.getElementById('wallet-connect') && !document.getElementById('wallet-connect-area').hidden`, 10*time.Second)
		b.checkNames("/wallet")
		b.do("connect the wallet", chromedp.Click(chromedp.ID("wallet-connect")))
		b.waitJS("the linked address", `!!document.getElementById('wallet-address')`, 15*time.Second)
		if got := b.text("#wallet-address"); !strings.EqualFold(got, w.addr) {
			t.Errorf("/wallet shows %q linked, want %s", got, w.addr)
		}
		w.mu.Lock()
		defer w.mu.Unlock()
		if len(w.signed) != 1 {
			t.Fatalf("the wallet was asked for %d signatures, want 1", len(w.signed))
		}
		msg := w.signed[0]
		host := strings.TrimPrefix(srv.URL, "http://")
		if !strings.HasPrefix(msg, host+" wants you to sign in with your Ethereum account:\n"+w.addr+"\n") || !strings.Contains(msg, "Nonce: ") {
			t.Errorf("the wallet signed something that is not a sign-in message for %s and %s:\n%s", host, w.addr, msg)
		}
	})

	t.Run("nojs", func(t *testing.T) {
		w := newTestWallet(t)
		b := newTab(t, br, srv.URL, "wallet-nojs")
		b.disableScripts()
		signUp(t, b, "wallet_nojs")
		b.open("/wallet")
		if eval[bool](b, `!document.getElementById('wallet-connect-area').hidden`) {
			t.Error("without JS the browser-wallet button shows, but it cannot work")
		}
		b.checkNames("/wallet without JS")
		b.do("ask for a message",
			chromedp.SendKeys(chromedp.ID("address"), w.addr),
			chromedp.Click(chromedp.CSS(`form[action="/wallet/message"] button[type="submit"]`)),
		)
		b.waitJS("the message to sign", `!!document.getElementById('message')`, 10*time.Second)
		msg := eval[string](b, `document.getElementById('message').value`)
		b.do("paste the signature and link",
			chromedp.SendKeys(chromedp.ID("signature"), w.personalSign([]byte(msg))),
			chromedp.Click(chromedp.CSS(`form[action="/wallet/link"] button[type="submit"]`)),
		)
		b.waitJS("the linked address", `!!document.getElementById('wallet-address')`, 10*time.Second)
		if got := b.text("#wallet-address"); !strings.EqualFold(got, w.addr) {
			t.Errorf("/wallet shows %q linked, want %s", got, w.addr)
		}
	})
}
