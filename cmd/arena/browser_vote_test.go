package main

// End-to-end tests of the battle page's vote seen from a second tab, in headless Debian
// Chromium against `arena serve` (see browser_test.go).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// startBattle types a prompt on / and waits for the battle page.
func startBattle(b *tab, prompt string) {
	b.t.Helper()
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), prompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
}

// sameSession opens another tab in b's browser context, with its cookies: the same
// person in a second tab.
func sameSession(t *testing.T, b *tab, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	tb := &tab{t: t, ctx: ctx, name: name, base: b.base}
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("opening tab %s: %v", name, err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			tb.saveArtifacts()
		}
		cancel()
	})
	return tb
}

// TestBrowserVoteInTwoTabs opens one battle in two tabs of the same person, votes in
// one, and finds the other showing who was who and the vote, without a reload.
func TestBrowserVoteInTwoTabs(t *testing.T) {
	srv := startArena(t, 5*time.Millisecond)
	br := newBrowser(t)
	first := newTab(t, br, srv.URL, "first")
	startBattle(first, e2ePrompt)
	second := sameSession(t, first, "second")
	second.open(first.path())
	for _, b := range []*tab{first, second} {
		b.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 60*time.Second)
		assertAnonymous(t, b, b.name+" tab before the vote")
	}
	eval[bool](second, `window.__arenaNoReload = true`)

	first.do("vote B", chromedp.Click(chromedp.CSS(`#vote-form button[value="model_b"]`)))
	first.waitJS("the reveal", `document.getElementById('name-a').textContent.trim() !== ''`, 15*time.Second)
	earned := points(t, first)
	second.waitJS("the vote from the other tab", `document.getElementById('name-a').textContent.trim() !== '' &&
		!!document.querySelector('#reveal-area .reveal')`, 15*time.Second)
	if !eval[bool](second, `window.__arenaNoReload === true`) {
		t.Errorf("the second tab reloaded instead of being told")
	}
	for _, sel := range []string{"#name-a", "#name-b"} {
		if a, b := first.text(sel), second.text(sel); !strings.Contains(a, "demo-") || a != b {
			t.Errorf("%s is %q in the tab that voted and %q in the other", sel, a, b)
		}
	}
	reveal := second.text("#reveal-area")
	for _, want := range []string{"Model A was " + first.text("#name-a"), "You preferred Model B (" + first.text("#name-b") + ")", fmt.Sprintf("+%d points", earned)} {
		if !strings.Contains(reveal, want) {
			t.Errorf("the other tab's reveal says %q, missing %q", reveal, want)
		}
	}
	if s := second.text("#battle-status"); !strings.Contains(s, "Here is who was who") {
		t.Errorf("the other tab's status says %q", s)
	}
	if eval[bool](second, `!document.getElementById('vote-area').hidden || document.getElementById('next-area').hidden || document.getElementById('consent-area').hidden`) {
		t.Errorf("the other tab still offers the vote, or not the next battle and the publication switch")
	}
	// What the server renders for the battle now, the other tab shows.
	eval[bool](second, `(window.__served = null, fetch(location.pathname).then((r) => r.text()).then((t) => {
		const d = new DOMParser().parseFromString(t, 'text/html');
		window.__served = d.getElementById('reveal-area').textContent.replace(/\s+/g, ' ').trim();
	}), true)`)
	second.waitJS("the page as served", `window.__served !== null`, 15*time.Second)
	if served, shown := eval[string](second, `window.__served`), eval[string](second, `document.getElementById('reveal-area').textContent.replace(/\s+/g, ' ').trim()`); served != shown {
		t.Errorf("the other tab shows the reveal\n%q\nthe server renders\n%q", shown, served)
	}
	second.checkNames("the other tab after the vote")
}
