package main

// End-to-end tests in a real browser: headless Debian Chromium, driven with chromedp,
// against `arena serve` on loopback with the built-in demo models. They skip when
// /usr/bin/chromium is missing (apt-get install chromium), and fail instead on CI.
// On failure each tab's screenshot and HTML are saved under $ARENA_E2E_ARTIFACTS (or
// the system's temporary directory); the log names the files.

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
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
	// The answers the frames built are the HTML the server renders for the stored
	// answers, as the page without scripts gets it.
	eval[bool](guest, `(window.__served = null, fetch(location.pathname).then((r) => r.text()).then((t) => {
		const d = new DOMParser().parseFromString(t, 'text/html');
		window.__served = ['a', 'b'].map((s) => d.getElementById('answer-' + s + '-0').innerHTML);
	}), true)`)
	guest.waitJS("the page as served", `window.__served !== null`, 15*time.Second)
	served := eval[[]string](guest, `window.__served`)
	// The copy buttons are the page's own, added beside what the server rendered.
	live := eval[[]string](guest, `['a', 'b'].map((s) => {
		const el = document.getElementById('answer-' + s + '-0').cloneNode(true);
		el.querySelectorAll('button.copy').forEach((b) => b.remove());
		return el.innerHTML;
	})`)
	for i := range 2 {
		if served[i] == "" || live[i] != served[i] {
			t.Errorf("pane %d streamed to\n%q\nthe served page renders\n%q", i, live[i], served[i])
		}
	}

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
	// The vote sent the checkbox's decision (a guest's default, off); the switch after
	// the vote changes it in place.
	if s := guest.text("#consent-state"); s != "This battle is not published." || eval[bool](guest, `document.getElementById('consent-area').hidden`) {
		t.Errorf("after the vote the publication switch says %q (or is hidden)", s)
	}
	guest.do("publish the battle", chromedp.Click(chromedp.ID("consent-toggle")))
	guest.waitJS("the battle published", `document.getElementById('consent-state').textContent === 'This battle is published in the open datasets.'`, 10*time.Second)
	if s := guest.text("#consent-toggle"); s != "Do not publish it" {
		t.Errorf("after publishing, the switch offers %q", s)
	}
	guest.checkNames("battle page after the vote")

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
