package main

// Browser tests for issue 19's fix-list: each finding seen the way a person sees it.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// apiVote starts a battle as the token's owner through the JSON API, waits for both
// answers and votes A; it returns the battle's id.
func apiVote(t *testing.T, base, token string) string {
	t.Helper()
	return apiVoteOn(t, base, token, "Say something short.")
}

// apiVoteOn is apiVote with the prompt given.
func apiVoteOn(t *testing.T, base, token, prompt string) string {
	t.Helper()
	call := func(method, path string, body any) map[string]any {
		t.Helper()
		var buf bytes.Buffer
		if body != nil {
			json.NewEncoder(&buf).Encode(body)
		}
		req, _ := http.NewRequest(method, base+path, &buf)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
		defer res.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode >= 300 {
			t.Fatalf("%s %s: %d %v %v", method, path, res.StatusCode, out, err)
		}
		return out
	}
	id, _ := call("POST", "/api/battles", map[string]string{"prompt": prompt})["id"].(string)
	if b := call("GET", "/api/battles/"+id+"?wait=30s", nil); b["status"] != "ready" {
		t.Fatalf("battle %s is %v, not ready", id, b["status"])
	}
	call("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"})
	return id
}

// userToken adds an account and returns an API token for it.
func (s *e2eServer) userToken(t *testing.T, name string) string {
	t.Helper()
	s.addUser(t, name, "voter-password")
	tok := regexp.MustCompile(`\S{20,}`).FindString(s.runCLI(t, "users", "token", "--db", s.DB, name))
	if tok == "" {
		t.Fatalf("no API token for %s", name)
	}
	return tok
}

// TestBrowserLeaderboardBackForward navigates one tab 20 times between the live
// leaderboard and another page, by links and by history back and forward, with the
// back/forward cache on. A cached leaderboard that kept its event stream open would
// hold one of the browser's six connections to the host; after six such pages every
// navigation waits for a connection to free. Each navigation must finish within 1 s,
// some must be restored from the cache (or the test proves nothing), and a leaderboard
// restored from it must still update live.
func TestBrowserLeaderboardBackForward(t *testing.T) {
	srv := startArena(t, time.Millisecond)
	token := srv.userToken(t, "voter")
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "board")

	// A page restored from the back/forward cache keeps its window, so a mark set on it
	// survives; a page loaded afresh has none.
	mark := func() { eval[bool](b, `(window.__arenaMark = true)`) }
	arrive := func(how, url string, start time.Time) bool {
		t.Helper()
		b.waitJS(how+" to "+url, fmt.Sprintf(`location.pathname + location.search === %q && document.readyState === 'complete'`, url), 30*time.Second)
		if d := time.Since(start); d > time.Second {
			t.Errorf("navigation %s to %s took %s", how, url, d.Round(time.Millisecond))
		}
		restored := eval[bool](b, `window.__arenaMark === true`)
		mark()
		return restored
	}
	link := func(url string) {
		t.Helper()
		start := time.Now()
		eval[bool](b, fmt.Sprintf(`(location.href = %q, true)`, url))
		arrive("by link", url, start)
	}
	history := func(dir, url string) bool {
		t.Helper()
		start := time.Now()
		eval[bool](b, `(history.`+dir+`(), true)`)
		return arrive(dir, url, start)
	}
	// The leaderboard's switches are links to other views of it, each a page with its
	// own live connection.
	views := []string{"/leaderboard?category=code", "/leaderboard?category=math", "/leaderboard?style=0",
		"/leaderboard?category=creative", "/leaderboard?deprecated=1", "/leaderboard/overview", "/leaderboard"}
	b.open("/leaderboard")
	mark()
	navs, restored := 0, 0
	for i := 0; navs < 20; i++ {
		// Three views of the board and another page by links, then back and forward.
		for j := range 3 {
			if navs < 20 {
				link(views[(3*i+j)%len(views)])
				navs++
			}
		}
		if navs < 20 {
			link("/transparency")
			if history("back", views[(3*i+2)%len(views)]) {
				restored++
			}
			if history("forward", "/transparency") {
				restored++
			}
			navs += 3
		}
	}
	t.Logf("%d navigations, %d restored from the back/forward cache", navs, restored)
	if restored == 0 {
		t.Fatal("no page came from the back/forward cache: this browser does not test it")
	}
	// Once more to the whole board and away: the board, restored from the cache,
	// resumes its live updates.
	link("/leaderboard")
	link("/transparency")
	if !history("back", "/leaderboard") {
		t.Fatal("the last leaderboard was not restored from the back/forward cache")
	}
	if n := eval[int](b, `document.querySelectorAll('#board tbody tr').length`); n != 0 {
		t.Fatalf("the board has %d rows before any vote", n)
	}
	apiVote(t, srv.URL, token)
	b.waitJS("the restored leaderboard to show the vote", `document.querySelectorAll('#board tbody tr').length >= 2`, 15*time.Second)
	if !eval[bool](b, `window.__arenaMark === true`) {
		t.Error("the leaderboard reloaded instead of updating in place")
	}
}

// consoleErrors records the tab's console errors from now on: logged errors (a CSP
// refusal is one), console.error calls and uncaught exceptions.
func (b *tab) consoleErrors() func() []string {
	b.t.Helper()
	var mu sync.Mutex
	var errs []string
	if err := chromedp.Listen(b.ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError {
				msg = e.Entry.Text + " " + e.Entry.URL
			}
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				msg = "console.error"
				for _, a := range e.Args {
					msg += " " + string(a.Value)
				}
			}
		case *runtime.EventExceptionThrown:
			msg = e.ExceptionDetails.Text
		}
		if msg != "" {
			mu.Lock()
			errs = append(errs, msg)
			mu.Unlock()
		}
	}); err != nil {
		b.t.Fatalf("%s: listening to the console: %v", b.name, err)
	}
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), errs...)
	}
}

// answerMarkdown is an answer with everything issue 19 found rendered wrong.
const answerMarkdown = "## Integration by parts\n\n" +
	"The rule is $\\int u\\,dv = uv - \\int v\\,du$, or \\(d(uv) = u\\,dv + v\\,du\\).\n\n" +
	"$$\n\\int_0^1 x^2\\,dx = \\frac{1}{3}\n$$\n\n" +
	"\\[ \\sqrt{x^2} = |x| \\]\n\n" +
	"- [x] choose $u$\n- [ ] integrate $dv$\n\n" +
	"![a cat on a mat](https://images.example/cat.png)\n"

// TestBrowserAnswerMarkdown battles two models whose answer has a heading, TeX inline
// and displayed, a task list and an image, and reads the page as a browser lays it out,
// streamed (with JavaScript) and server-rendered (without), at desktop and phone
// widths: the heading is a heading, not a pane header; the TeX is MathML, laid out, with
// no dollar or backslash left on screen; the task list's boxes are there, disabled; the
// image is a link named by its alt text, never loaded, and the console stays clean. The
// battle's stored answer, in the API and in the export, is still the TeX source.
func TestBrowserAnswerMarkdown(t *testing.T) {
	fake := llmtest.NewServer(t)
	fake.Handle("writer", llmtest.Behavior{FirstDelay: 500 * time.Millisecond, ChunkDelay: 5 * time.Millisecond, Text: answerMarkdown})
	srv := startArena(t, 20*time.Millisecond, "--allow-private-endpoints")
	for _, name := range []string{"writer-a", "writer-b"} {
		srv.runCLI(t, "models", "add", "--db", srv.DB, "--base-url", fake.URL, "--model-id", "writer", name)
	}
	for _, name := range demoNames {
		srv.runCLI(t, "models", "disable", "--db", srv.DB, name)
	}
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "reader")
	errs := b.consoleErrors()
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), "Explain integration by parts."),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	b.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready'`, 30*time.Second)
	battle := b.path()
	checkAnswerMarkdown(t, b, "streamed, desktop")
	b.viewport(390, 844, true)
	checkAnswerMarkdown(t, b, "streamed, phone")
	b.viewport(1280, 900, false)
	b.open(battle)
	checkAnswerMarkdown(t, b, "server-rendered")

	b.press("1")
	b.waitJS("the reveal", `!!document.querySelector('#scratch, .scratch')`, 15*time.Second)
	export := srv.runCLI(t, "export", "--db", srv.DB, "--all", "--no-redact", "--progress", "never")
	// Rendering is for the page only: the export holds the model's text as it came.
	source, _ := json.Marshal(answerMarkdown)
	if !strings.Contains(export, string(source)) || strings.Contains(export, "<math") {
		t.Errorf("the export does not hold the answer's source %s:\n%s", source, export)
	}
	b.disableScripts()
	b.open(battle)
	checkAnswerMarkdown(t, b, "server-rendered without JavaScript")
	if e := errs(); len(e) != 0 {
		t.Errorf("the console has errors: %q", e)
	}
}

// checkAnswerMarkdown reads side A's answer as laid out.
func checkAnswerMarkdown(t *testing.T, b *tab, when string) {
	t.Helper()
	got := eval[map[string]any](b, `(() => {
	  const answer = document.getElementById('answer-a-0'), head = document.getElementById('heading-a');
	  const h2 = answer.querySelector('h2'), body = parseFloat(getComputedStyle(answer).fontSize);
	  const math = [...answer.querySelectorAll('math')];
	  const boxes = [...answer.querySelectorAll('input[type=checkbox]')];
	  const link = [...answer.querySelectorAll('a')].find((a) => a.textContent.includes('a cat on a mat'));
	  return {
	    h2: h2 ? h2.textContent : '',
	    h2Size: h2 ? parseFloat(getComputedStyle(h2).fontSize) / body : 0,
	    h2Display: h2 ? getComputedStyle(h2).display : '',
	    headDisplay: getComputedStyle(head).display,
	    inline: math.filter((m) => m.getAttribute('display') !== 'block').length,
	    display: math.filter((m) => m.getAttribute('display') === 'block' && getComputedStyle(m).display.includes('block')).length,
	    laidOut: math.every((m) => m.getBoundingClientRect().height > 8 && m.getBoundingClientRect().width > 8),
	    fraction: !!answer.querySelector('math mfrac'),
	    text: answer.innerText,
	    boxes: boxes.map((c) => c.disabled + ':' + c.checked).join(' '),
	    imgs: answer.querySelectorAll('img').length,
	    link: link ? link.textContent.trim() + ' ' + link.getAttribute('href') : '',
	  };
	})()`)
	if got["h2"] != "Integration by parts" || got["h2Size"].(float64) < 1.15 || got["h2Display"] != "block" {
		t.Errorf("%s: the answer's heading %q is %.2f times the text, display %v: not a heading", when, got["h2"], got["h2Size"], got["h2Display"])
	}
	if got["headDisplay"] != "flex" {
		t.Errorf("%s: the pane header is display %v, want flex (label and name apart)", when, got["headDisplay"])
	}
	if got["inline"].(float64) != 4 || got["display"].(float64) != 2 || got["laidOut"] != true || got["fraction"] != true {
		t.Errorf("%s: math: %v inline and %v displayed (want 4 and 2), laid out %v, fraction %v", when, got["inline"], got["display"], got["laidOut"], got["fraction"])
	}
	if text := got["text"].(string); strings.ContainsAny(text, "$\\") || strings.Contains(text, ",dv") || strings.Contains(text, "[x]") {
		t.Errorf("%s: TeX or Markdown is left on screen: %q", when, text)
	}
	if got["boxes"] != "true:true true:false" {
		t.Errorf("%s: the task list's boxes (disabled:checked) are %q", when, got["boxes"])
	}
	if got["imgs"].(float64) != 0 || got["link"] != "Image: a cat on a mat https://images.example/cat.png" {
		t.Errorf("%s: the image: %v <img>, link %q", when, got["imgs"], got["link"])
	}
}

// TestBrowserPolish checks issue 19's small findings at desktop and phone widths, light
// and dark: the scratch card's label sits on its foil; chart labels are at least 11 px
// on screen; the battle-count heatmap has its own neutral colours, not the win/loss
// ones; every heading on /wallet has something under it; /favicon.ico is an icon.
func TestBrowserPolish(t *testing.T) {
	srv := startArena(t, time.Millisecond)
	token := srv.userToken(t, "seeder")
	for range 3 {
		apiVote(t, srv.URL, token)
	}
	srv.addUser(t, "ada", "voter-password")
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "polish")

	res, err := http.Get(srv.URL + "/favicon.ico")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if ct := res.Header.Get("Content-Type"); res.StatusCode != http.StatusOK || ct != "image/svg+xml" {
		t.Errorf("/favicon.ico answers %d %q", res.StatusCode, ct)
	}

	// A guest's vote, to see the scratch card.
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), "Say something short."),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("both answers complete", `location.pathname.startsWith('/battle/') && document.getElementById('panes')?.dataset.status === 'ready'`, 30*time.Second)
	eval[bool](b, `(document.activeElement?.blur(), true)`)
	b.press("1")
	b.waitJS("the scratch card", `!!document.querySelector('.scratch-foil')`, 15*time.Second)
	if icon := eval[string](b, `document.querySelector('link[rel=icon]')?.href ?? ''`); icon == "" {
		t.Error("the page names no icon")
	} else if res, err := http.Get(icon); err != nil || res.StatusCode != http.StatusOK {
		t.Errorf("the page's icon %s does not load: %v", icon, err)
	}

	for _, width := range []int64{1280, 390} {
		for _, scheme := range []string{"light", "dark"} {
			when := fmt.Sprintf("%dpx, %s", width, scheme)
			b.viewport(width, 844, width < 500)
			b.colorScheme(scheme)
			foil := eval[[]float64](b, `(() => { const f = document.querySelector('.scratch-foil'), r = document.createRange();
			  r.selectNodeContents(f); const t = r.getBoundingClientRect(), box = f.getBoundingClientRect();
			  return [t.left - box.left, box.right - t.right, t.top - box.top, box.bottom - t.bottom, f.scrollWidth - f.clientWidth, f.scrollHeight - f.clientHeight]; })()`)
			for _, d := range foil[:4] {
				if d < 0 {
					t.Errorf("%s: the scratch card's label runs off its foil (label inside the foil by %v px: left, right, top, bottom)", when, foil[:4])
					break
				}
			}
			if foil[4] > 0 || foil[5] > 0 {
				t.Errorf("%s: the scratch card's label overflows its foil by %v×%v px", when, foil[4], foil[5])
			}
		}
	}
	b.colorScheme("light")

	b.viewport(1280, 900, false)
	b.open("/login")
	b.do("log in",
		chromedp.SendKeys(chromedp.ID("username"), "ada"),
		chromedp.SendKeys(chromedp.ID("password"), "voter-password"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	b.waitJS("signed in", `document.body.textContent.includes('Log out')`, 10*time.Second)
	for _, width := range []int64{1280, 390} {
		for _, scheme := range []string{"light", "dark"} {
			when := fmt.Sprintf("%dpx, %s", width, scheme)
			b.viewport(width, 844, width < 500)
			b.colorScheme(scheme)
			b.open("/leaderboard")
			if n := eval[int](b, `document.querySelectorAll('svg.chart').length`); n < 3 {
				t.Fatalf("%s: the leaderboard has %d charts, want the ratings and two heatmaps", when, n)
			}
			small := eval[[]string](b, `[...document.querySelectorAll('svg.chart')].flatMap((svg) => {
			  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
			  return [...svg.querySelectorAll('text')].map((t) => [t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale])
			    .filter(([, px]) => px < 10.95).map(([s, px]) => s + ' ' + px.toFixed(1) + 'px');
			})`)
			if len(small) > 0 {
				t.Errorf("%s: chart labels under 11 px: %q", when, small)
			}
			checkNoHorizontalScroll(t, b, "/leaderboard at "+when)
			fills := eval[[]string](b, `[...document.querySelectorAll('svg.heatmap')].map((svg) =>
			  [...svg.querySelectorAll('rect.cell')].map((r) => r.getAttribute('fill')).filter((f) => f !== 'none').join(' '))`)
			if len(fills) != 2 || fills[1] == "" {
				t.Fatalf("%s: heatmap fills %q", when, fills)
			}
			for _, f := range strings.Fields(fills[1]) {
				var r, g, bl int
				if _, err := fmt.Sscanf(f, "rgb(%d,%d,%d)", &r, &g, &bl); err != nil || max(r, g, bl)-min(r, g, bl) > 40 || strings.Contains(fills[0], f) {
					t.Errorf("%s: the battle-count heatmap has cell colour %s, not a neutral shade of its own (win/loss cells: %s)", when, f, fills[0])
					break
				}
			}
			b.open("/wallet")
			empty := eval[[]string](b, `(() => {
			  const hs = [...document.querySelectorAll('main h1, main h2, main h3')].filter((h) => h.offsetHeight > 0);
			  return hs.filter((h) => {
			    if (!h.textContent.trim()) return true;
			    for (let e = h.nextElementSibling; e; e = e.nextElementSibling) {
			      if (/^H[1-6]$/.test(e.tagName)) return true;
			      if (e.offsetHeight > 0 && e.textContent.trim()) return false;
			    }
			    return true;
			  }).map((h) => h.tagName + ' ' + h.textContent.trim());
			})()`)
			if len(empty) > 0 {
				t.Errorf("%s: /wallet headings with nothing under them: %q", when, empty)
			}
		}
	}
}

// TestBrowserPointsFeedback follows an account through a review as its owner sees it:
// the ledger in words, the scratch card and /me saying why points are held, /me saying
// the account is under review and what happens next, and the release after approval.
func TestBrowserPointsFeedback(t *testing.T) {
	srv := startArena(t, time.Millisecond)
	srv.addUser(t, "root", "admin-password", "--admin")
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "voter")
	b.open("/signup")
	b.do("sign up",
		chromedp.SendKeys(chromedp.ID("username"), "ada_review"),
		chromedp.SendKeys(chromedp.ID("password"), "correct horse battery"),
		chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
	)
	b.waitJS("signed in", `document.body.textContent.includes('ada_review')`, 10*time.Second)

	ctx := t.Context()
	store, err := openStore(ctx, srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	ada, err := store.UserByName(ctx, "ada_review")
	if err != nil {
		t.Fatal(err)
	}
	root, err := store.UserByName(ctx, "root")
	if err != nil {
		t.Fatal(err)
	}
	history := func() []string {
		return eval[[]string](b, `[...document.querySelectorAll('#history tbody tr')]
		  .map((tr) => tr.cells[1].textContent.trim() + ' ' + tr.cells[2].textContent.trim())`)
	}
	b.open("/me")
	if got := history(); len(got) != 1 || !strings.HasPrefix(got[0], "Sign-up bonus +") {
		t.Errorf("a new account's history is %q, want the sign-up bonus in words", got)
	}
	if eval[bool](b, `!!document.getElementById('review-notice') || !!document.getElementById('held')`) {
		t.Error("/me speaks of a review before there is one")
	}

	if _, err := store.FlagUser(ctx, ada.ID, []string{"three accounts on one device"}, time.Now(), time.Time{}); err != nil {
		t.Fatal(err)
	}
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), "Say something short."),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("both answers complete", `location.pathname.startsWith('/battle/') && document.getElementById('panes')?.dataset.status === 'ready'`, 30*time.Second)
	battle := b.path()
	eval[bool](b, `(document.activeElement?.blur(), true)`)
	b.press("1")
	b.waitJS("the reveal", `!!document.querySelector('#scratch')`, 15*time.Second)
	earned := points(t, b)
	const heldWords = "on hold while your account is under review"
	if s := b.text("#held-note"); !strings.Contains(s, heldWords) {
		t.Errorf("after the vote the card says %q of the held points, want %q", s, heldWords)
	}
	b.open(battle)
	if s := b.text("#held-note"); !strings.Contains(s, heldWords) {
		t.Errorf("the voted battle's page says %q of the held points", s)
	}

	for _, width := range []int64{1280, 390} {
		b.viewport(width, 844, width < 500)
		b.open("/me")
		notice := b.text("#review-notice")
		for _, want := range []string{"Your account is under review", "Until an administrator decides", "held", "approves", "abuse"} {
			if !strings.Contains(notice, want) {
				t.Errorf("%dpx: /me's review notice %q does not say %q", width, notice, want)
			}
		}
		if s, want := b.text("#held"), fmt.Sprintf("On hold: %d points", earned); !strings.HasPrefix(s, want) || !strings.Contains(s, "under review") {
			t.Errorf("%dpx: /me says %q of the held points, want %q and why", width, s, want)
		}
		got := strings.Join(history(), "|")
		for _, want := range []string{fmt.Sprintf("Vote points held while your account is under review -%d", earned), fmt.Sprintf("Vote +%d", earned)} {
			if !strings.Contains(got, want) {
				t.Errorf("%dpx: /me's history %q has no %q", width, got, want)
			}
		}
		if strings.Contains(got, "hold -") || strings.Contains(got, "signup_bonus") {
			t.Errorf("%dpx: /me's history shows raw ledger reasons: %q", width, got)
		}
		checkNoHorizontalScroll(t, b, "/me")
	}
	b.viewport(1280, 900, false)

	if _, err := store.ApproveUser(ctx, ada.ID, root.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	b.open("/me")
	if eval[bool](b, `!!document.getElementById('review-notice') || !!document.getElementById('held')`) {
		t.Error("/me still speaks of the review after approval")
	}
	if got := strings.Join(history(), "|"); !strings.Contains(got, fmt.Sprintf("Held vote points released after review +%d", earned)) {
		t.Errorf("after approval /me's history is %q, want the release in words", got)
	}
	b.open(battle)
	if eval[bool](b, `!!document.getElementById('held-note')`) {
		t.Error("the battle's page still says its points are held after approval")
	}
}
