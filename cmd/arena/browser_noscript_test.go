package main

// End-to-end tests in a real browser: headless Debian Chromium, driven with chromedp,
// against `arena serve` on loopback with the built-in demo models. They skip when
// /usr/bin/chromium is missing (apt-get install chromium), and fail instead on CI.
// On failure each tab's screenshot and HTML are saved under $ARENA_E2E_ARTIFACTS (or
// the system's temporary directory); the log names the files.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

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
		// A load is measured once its document is whole: under load the poll can land
		// while the page is still parsing, before the second pane exists.
		if fresh, _ := tryEval[bool](b, `document.readyState === 'complete' && window.__arenaSeen !== true`); fresh {
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
