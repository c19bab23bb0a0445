package main

// End-to-end tests of the battle page's vote bar, its panes' states and a vote seen from
// a second tab, in headless Debian Chromium against `arena serve` (see browser_test.go).

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// longAnswer is an answer several screens tall, on a desktop and more on a phone.
func longAnswer(paragraphs int) string {
	var b strings.Builder
	for i := range paragraphs {
		fmt.Fprintf(&b, "Paragraph %d. A hash map keeps its entries in buckets chosen by the hash of each key, so a lookup reads one bucket instead of every entry; when the buckets fill up, the map grows and moves them.\n\n", i+1)
	}
	return b.String()
}

// startFakeArena serves the arena with the given models behind the fake endpoint, each
// name mapped to a model id the fake answers as told, and the demo models disabled.
func startFakeArena(t *testing.T, fake *llmtest.Server, models map[string]string) *e2eServer {
	t.Helper()
	srv := startArena(t, 20*time.Millisecond, "--allow-private-endpoints")
	for name, id := range models {
		srv.runCLI(t, "models", "add", "--db", srv.DB, "--base-url", fake.URL, "--model-id", id, name)
	}
	for _, name := range demoNames {
		srv.runCLI(t, "models", "disable", "--db", srv.DB, name)
	}
	return srv
}

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

// paneStatesJS reads each pane's state label: its data-state, its visible words, and
// whether it is a shown live region.
const paneStatesJS = `['a', 'b'].map((s) => {
  const el = document.getElementById('state-' + s);
  if (!el) return 'missing';
  return [el.dataset.state, el.querySelector('.pane-state-text')?.textContent.trim(), el.getAttribute('role'), el.hidden ? 'hidden' : 'shown'].join('|');
})`

// paneStateIs is an expression true when side's label shows state in words.
func paneStateIs(side, state, words string) string {
	return fmt.Sprintf(`(() => { const el = document.getElementById('state-%s');
	  return !!el && !el.hidden && el.dataset.state === %q && el.querySelector('.pane-state-text').textContent.trim() === %q; })()`, side, state, words)
}

// voteBar is where the vote buttons are on screen once both answers are complete.
type voteBar struct {
	ScrollY, ScrollHeight, InnerHeight, InnerWidth float64
	Buttons                                        []struct {
		Text                     string
		Top, Bottom, Left, Right float64
		OnTop                    bool // the button is what a tap at its centre hits
	}
}

const voteBarJS = `(() => {
  const buttons = [...document.querySelectorAll('#vote-area .vote button')].map((b) => {
    const r = b.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {Text: b.textContent.trim(), Top: r.top, Bottom: r.bottom, Left: r.left, Right: r.right, OnTop: !!hit && b.contains(hit)};
  });
  return {ScrollY: scrollY, ScrollHeight: document.documentElement.scrollHeight, InnerHeight: innerHeight, InnerWidth: innerWidth, Buttons: buttons};
})()`

// TestBrowserVoteInView answers at length, past the bottom of the screen, at 1280×900
// and on a phone (390×844): once both answers are complete the four vote buttons are
// on screen without scrolling, and nothing covers them; scrolled to the end, the bar
// covers none of the page. Each pane's state goes from streaming to done as the frames
// arrive, on its pane and, on the phone, on its tab.
func TestBrowserVoteInView(t *testing.T) {
	fake := llmtest.NewServer(t)
	srv := startFakeArena(t, fake, map[string]string{"long-a": "long", "long-b": "long"})
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "voter")
	for _, vp := range []struct {
		name  string
		w, h  int64
		phone bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}} {
		b.viewport(vp.w, vp.h, vp.phone)
		// The answers wait until the page has been seen streaming.
		hold := newGate(t)
		fake.Handle("long", llmtest.Behavior{ChunkDelay: 8 * time.Millisecond, Text: longAnswer(16), Hold: hold.ch})
		startBattle(b, e2ePrompt)
		if got := eval[[]string](b, paneStatesJS); got[0] != "streaming|Streaming…|status|shown" || got[1] != "streaming|Streaming…|status|shown" {
			t.Errorf("%s: while the answers stream the panes' states are %q", vp.name, got)
		}
		// A reload would drop this marker: the states change as frames arrive.
		eval[bool](b, `window.__arenaNoReload = true`)
		hold.open()
		b.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 60*time.Second)
		if got := eval[[]string](b, paneStatesJS); got[0] != "done|Done|status|shown" || got[1] != "done|Done|status|shown" {
			t.Errorf("%s: once both answers are complete the panes' states are %q", vp.name, got)
		}
		if !eval[bool](b, `window.__arenaNoReload === true`) {
			t.Errorf("%s: the page reloaded while the answers streamed", vp.name)
		}
		if vp.phone {
			if got := eval[[]string](b, `['tab-a', 'tab-b'].map((id) => document.getElementById(id).textContent.replace(/\s+/g, ' ').trim())`); got[0] != "Model A Done" || got[1] != "Model B Done" {
				t.Errorf("phone: the answer tabs say %q, want each answer's state", got)
			}
		}

		bar := eval[voteBar](b, voteBarJS)
		if bar.ScrollY != 0 {
			t.Errorf("%s: the page scrolled by itself to %v", vp.name, bar.ScrollY)
		}
		if bar.ScrollHeight < bar.InnerHeight*1.5 {
			t.Fatalf("%s: the answers do not overflow the screen (page %v px, screen %v px)", vp.name, bar.ScrollHeight, bar.InnerHeight)
		}
		if len(bar.Buttons) != 4 {
			t.Fatalf("%s: %d vote buttons", vp.name, len(bar.Buttons))
		}
		for _, btn := range bar.Buttons {
			if btn.Top < 0 || btn.Left < 0 || btn.Bottom > bar.InnerHeight || btn.Right > bar.InnerWidth || !btn.OnTop {
				t.Errorf("%s at %dx%d: %q is at top %v bottom %v left %v right %v (covered: %v), not in view",
					vp.name, vp.w, vp.h, btn.Text, btn.Top, btn.Bottom, btn.Left, btn.Right, !btn.OnTop)
			}
		}
		// Scrolled to the end, the last of the page is above the bar, not under it.
		end := eval[[]float64](b, `(() => { window.scrollTo(0, document.documentElement.scrollHeight);
		  const bar = document.querySelector('#vote-area .vote').getBoundingClientRect();
		  return [bar.top, document.getElementById('panes').getBoundingClientRect().bottom,
		    document.getElementById('vote-form').getBoundingClientRect().bottom, document.querySelector('footer.site').getBoundingClientRect().bottom]; })()`)
		for i, what := range []string{"the answers", "the vote form", "the footer"} {
			if end[i+1] > end[0] {
				t.Errorf("%s: scrolled to the end, the bar (top %v px) covers the bottom of %s (%v px)", vp.name, end[0], what, end[i+1])
			}
		}
		checkNoHorizontalScroll(t, b, vp.name+" battle page")
		b.checkNames(vp.name + " battle page")
	}
}

// TestBrowserPaneStates fails one side mid-answer: its pane says so while the other
// still streams, then that one is done; a fresh load of the failed battle, with
// JavaScript and without, shows the same states, as does a page without JavaScript
// loaded while the answers stream.
func TestBrowserPaneStates(t *testing.T) {
	fake := llmtest.NewServer(t)
	// Both answers wait until the page has been seen streaming; the long one then waits
	// until the broken one has been seen failed.
	holdLong, holdBroken := newGate(t), newGate(t)
	fake.Handle("long", llmtest.Behavior{ChunkDelay: 15 * time.Millisecond, Text: longAnswer(16), Hold: holdLong.ch})
	fake.Handle("broken", llmtest.Behavior{ChunkDelay: 150 * time.Millisecond, Fault: llmtest.Cut, FaultAfter: 4,
		Text: "This answer is cut off before it is over, in the middle of its sentence.", Hold: holdBroken.ch})
	srv := startFakeArena(t, fake, map[string]string{"writer": "long", "breaker": "broken"})
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "voter")
	startBattle(b, e2ePrompt)
	battle := b.path()
	if got := eval[[]string](b, paneStatesJS); got[0] != "streaming|Streaming…|status|shown" || got[1] != "streaming|Streaming…|status|shown" {
		t.Errorf("while the answers stream the panes' states are %q", got)
	}
	// The same person's page without JavaScript, loaded while the answers stream.
	nojs := sameSession(t, b, "nojs")
	nojs.disableScripts()
	nojs.open(battle)
	if got := eval[[]string](nojs, paneStatesJS); eval[string](nojs, `document.getElementById('panes').dataset.status`) == "streaming" &&
		(got[0] != "streaming|Streaming…|status|shown" || got[1] != "streaming|Streaming…|status|shown") {
		t.Errorf("without JavaScript, while the answers stream, the panes' states are %q", got)
	}

	eval[bool](b, `window.__arenaNoReload = true`)
	holdBroken.open()
	b.waitJS("one side failed while the other streams", `(`+paneStateIs("a", "failed", "Failed")+` && `+paneStateIs("b", "streaming", "Streaming…")+`) || (`+
		paneStateIs("b", "failed", "Failed")+` && `+paneStateIs("a", "streaming", "Streaming…")+`)`, 30*time.Second)
	failed, done := "a", "b"
	if eval[string](b, `document.getElementById('state-b').dataset.state`) == "failed" {
		failed, done = "b", "a"
	}
	holdLong.open()
	b.waitJS("the battle failed", `document.getElementById('panes').dataset.status === 'failed'`, 60*time.Second)
	check := func(b *tab, when string) {
		t.Helper()
		got := eval[[]string](b, paneStatesJS)
		want := map[string]string{failed: "failed|Failed|status|shown", done: "done|Done|status|shown"}
		if got[0] != want["a"] || got[1] != want["b"] {
			t.Errorf("%s: the panes' states are %q, want A %q and B %q", when, got, want["a"], want["b"])
		}
		if s := b.text("#error-" + failed + "-0"); !strings.Contains(s, "failed") {
			t.Errorf("%s: the failed pane says %q", when, s)
		}
	}
	check(b, "as the frames arrived")
	if !eval[bool](b, `window.__arenaNoReload === true`) {
		t.Errorf("the page reloaded while the answers streamed")
	}
	b.open(battle)
	check(b, "a fresh load of the failed battle")
	nojs.open(battle)
	check(nojs, "the failed battle without JavaScript")
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
	// A counted vote's receipt shows in both tabs, built by battle.js from the vote's
	// answer and from the socket's frame alike (a gold battle's vote, 2% of them, has none).
	if strings.Contains(eval[string](second, `window.__served`), "Receipt: vote log leaf") {
		if a, b := first.text("#receipt-index"), second.text("#receipt-index"); a == "" || a != b || first.text("#receipt-hash") != second.text("#receipt-hash") {
			t.Errorf("the receipt is leaf %q in the tab that voted and %q in the other", a, b)
		}
	}
	second.checkNames("the other tab after the vote")
}
