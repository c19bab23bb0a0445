package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// readDB opens the server's database read-only, to check what the controls stored.
func readDB(t *testing.T, srv *e2eServer) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+srv.DB+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// demoAnswer is the whole answer demo model name gives to prompt on its attempt-th try
// (ChatRequest.Attempt), as the arena would have stored it unstopped.
func demoAnswer(t *testing.T, name, prompt string, attempt int) string {
	t.Helper()
	for _, m := range llm.DemoModels() {
		if m.Name != name {
			continue
		}
		d, err := llm.NewDemo(m, llm.Instant)
		if err != nil {
			t.Fatal(err)
		}
		c, err := d.Stream(context.Background(), arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: prompt}}, Attempt: attempt}, nil)
		if err != nil {
			t.Fatal(err)
		}
		return c.Text
	}
	t.Fatalf("no demo model %q", name)
	return ""
}

// tabBattleID is the id in the tab's /battle/{id} path.
func tabBattleID(b *tab) string { return strings.TrimPrefix(b.path(), "/battle/") }

// TestBrowserStopSides: with JavaScript, each pane has a Stop button while its answer
// streams; pressing it cancels that model's stream, the pane says "Stopped by you" and
// keeps what had arrived, the battle still anonymous and votable once both sides are
// done. The store keeps the stopped answer as a prefix of the whole answer under status
// stopped, and the export marks it.
func TestBrowserStopSides(t *testing.T) {
	srv := startArena(t, 100*time.Millisecond)
	// Only the models whose answer to the prompt is long (105 words or more): at 50 ms a
	// word at the quickest, each streams for 5 s or more, so both are still streaming
	// when the test presses Stop, however loaded the machine.
	for _, name := range []string{"demo-terse", "demo-bluffer", "demo-socrates"} {
		srv.runCLI(t, "models", "disable", "--db", srv.DB, name)
	}
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "stopper")
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), e2ePrompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	id := tabBattleID(b)
	for _, side := range []string{"a", "b"} {
		b.waitJS("side "+side+"'s first words and its Stop button", `(document.getElementById('answer-`+side+`-0')?.textContent ?? '').trim().length > 0 &&
		  !document.getElementById('stop-form-`+side+`').hidden`, 60*time.Second)
		if side == "a" {
			assertAnonymous(t, b, "while streaming")
			b.checkNames("battle page while streaming")
		}
		b.do("stop side "+side, chromedp.Click(chromedp.ID("stop-"+side)))
		b.waitJS("side "+side+" stopped", `!document.getElementById('stopped-`+side+`-0').hidden &&
		  document.getElementById('stop-form-`+side+`').hidden`, 15*time.Second)
		if s := b.text("#stopped-" + side + "-0"); s != "Stopped by you" {
			t.Errorf("side %s's pane says %q", side, s)
		}
	}
	b.waitJS("the vote buttons", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 30*time.Second)
	assertAnonymous(t, b, "after the stops")
	shown := eval[[2]int](b, answerLengthsJS)
	eval[bool](b, `(document.activeElement?.blur(), true)`)
	b.press("2")
	b.waitJS("the reveal", `document.getElementById('panes').dataset.status === 'voted' && !!document.querySelector('#reveal-area .reveal')`, 15*time.Second)
	if again := eval[[2]int](b, answerLengthsJS); again != shown {
		t.Errorf("the stopped answers changed after the stop: %v, then %v", shown, again)
	}

	db := readDB(t, srv)
	var statusA, statusB, textA, textB, modelA, modelB, battleStatus string
	if err := db.QueryRow(`SELECT t.status_a, t.status_b, t.answer_a, t.answer_b, ma.name, mb.name, b.status FROM turns t
		JOIN battles b ON b.id = t.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE t.battle_id = ? AND t.idx = 0`, id).Scan(&statusA, &statusB, &textA, &textB, &modelA, &modelB, &battleStatus); err != nil {
		t.Fatal(err)
	}
	for _, s := range []struct{ status, text, model string }{{statusA, textA, modelA}, {statusB, textB, modelB}} {
		whole := demoAnswer(t, s.model, e2ePrompt, 0)
		if s.status != "stopped" || strings.TrimSpace(s.text) == "" || !strings.HasPrefix(whole, s.text) || len(s.text) >= len(whole) {
			t.Errorf("%s's stored answer: %s, %d of its %d bytes (a prefix: %v)", s.model, s.status, len(s.text), len(whole), strings.HasPrefix(whole, s.text))
		}
	}
	if battleStatus != "voted" {
		t.Errorf("the battle is %s", battleStatus)
	}
	export := srv.runCLI(t, "export", "--db", srv.DB, "--all", "--no-redact", "--progress", "never")
	if !strings.Contains(export, `"stopped_a":true,"stopped_b":true`) {
		t.Errorf("the export does not mark the stopped answers:\n%s", export)
	}
}

// TestBrowserRegenerateSide: before the vote, Regenerate on one pane answers that side
// again with the same model: the pane streams anew, the other pane is untouched, the
// names stay hidden, and the count of regenerations left falls. After the vote the
// buttons are gone. The store counts the regeneration and keeps the replaced answer;
// the new one is the same model's next attempt; the export carries the count.
func TestBrowserRegenerateSide(t *testing.T) {
	srv := startArena(t, 10*time.Millisecond)
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "regenerator")
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), e2ePrompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("both answers complete", `location.pathname.startsWith('/battle/') && document.getElementById('panes')?.dataset.status === 'ready'`, 60*time.Second)
	id := tabBattleID(b)
	db := readDB(t, srv)
	var before, modelB string
	if err := db.QueryRow(`SELECT t.answer_b, m.name FROM turns t JOIN battles b ON b.id = t.battle_id JOIN models m ON m.id = b.model_b
		WHERE t.battle_id = ? AND t.idx = 0`, id).Scan(&before, &modelB); err != nil {
		t.Fatal(err)
	}
	if s := b.text("#regenerate-left-b"); s != "3 left" || eval[bool](b, `document.getElementById('regenerate-form-b').hidden`) {
		t.Fatalf("the ready battle's Regenerate for B: %q, hidden %v", s, eval[bool](b, `document.getElementById('regenerate-form-b').hidden`))
	}
	paneA := eval[string](b, `document.getElementById('answer-a-0').innerHTML`)
	eval[bool](b, `(window.__streamed = false, new MutationObserver(() => {
	  if (document.getElementById('panes').dataset.status === 'streaming') window.__streamed = true;
	}).observe(document.getElementById('panes'), { attributes: true }), true)`)
	b.do("regenerate B", chromedp.Click(chromedp.ID("regenerate-b")))
	b.waitJS("B answered again", `window.__streamed && document.getElementById('panes').dataset.status === 'ready' &&
	  document.getElementById('regenerate-left-b').textContent === '2 left'`, 60*time.Second)
	assertAnonymous(t, b, "after regenerating B")
	if got := eval[string](b, `document.getElementById('answer-a-0').innerHTML`); got != paneA {
		t.Error("regenerating B changed A's pane")
	}
	if s := b.text("#regenerate-left-a"); s != "3 left" {
		t.Errorf("A's count after regenerating B: %q", s)
	}
	eval[bool](b, `(document.activeElement?.blur(), true)`)
	b.press("1")
	b.waitJS("the reveal", `document.getElementById('panes').dataset.status === 'voted' && !!document.querySelector('#reveal-area .reveal')`, 15*time.Second)
	if eval[bool](b, `[...document.querySelectorAll('.regenerate-form')].some((f) => !f.hidden)`) {
		t.Error("Regenerate is still offered after the vote")
	}

	var regenA, regenB int
	var after, statusB, kept, keptStatus string
	if err := db.QueryRow(`SELECT b.regenerated_a, b.regenerated_b, t.answer_b, t.status_b FROM battles b JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE b.id = ?`, id).Scan(&regenA, &regenB, &after, &statusB); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow(`SELECT answer, status FROM replaced_answers WHERE battle_id = ? AND side = 'b' AND n = 1`, id).Scan(&kept, &keptStatus); err != nil {
		t.Fatal(err)
	}
	if regenA != 0 || regenB != 1 || statusB != "done" || kept != before || keptStatus != "done" {
		t.Errorf("stored: regenerated %d/%d, b %s, kept %q (%s), want the first answer kept", regenA, regenB, statusB, kept, keptStatus)
	}
	if want := demoAnswer(t, modelB, e2ePrompt, 1); after != want {
		t.Errorf("B's new answer is not %s's next attempt:\n got %q\nwant %q", modelB, after, want)
	}
	export := srv.runCLI(t, "export", "--db", srv.DB, "--all", "--no-redact", "--progress", "never")
	if !strings.Contains(export, `"regenerated_a":0,"regenerated_b":1`) {
		t.Errorf("the export does not count the regeneration:\n%s", export)
	}
}

// TestBrowserSamePromptNewPair: a side that fails no longer costs the prompt. With
// JavaScript, the failed battle's "Try a new pair" (or n) starts the same prompt with
// another pair; without it, "Same prompt, new pair" on a ready battle is a plain form
// that does the same. The battles left behind are unchanged.
func TestBrowserSamePromptNewPair(t *testing.T) {
	fake := llmtest.NewServer(t)
	fake.Handle("broken", llmtest.Behavior{Status: 400, ErrorMessage: "this model is broken on purpose"})
	srv := startArena(t, 10*time.Millisecond, "--allow-private-endpoints")
	srv.runCLI(t, "models", "add", "--db", srv.DB, "--base-url", fake.URL, "--model-id", "broken", "broken-model")
	for _, name := range demoNames[1:] {
		srv.runCLI(t, "models", "disable", "--db", srv.DB, name)
	}
	const prompt = "Keep this prompt, please: what is a B-tree?"
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "retry")
	b.open("/")
	b.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), prompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the failed battle", `location.pathname.startsWith('/battle/') && document.getElementById('panes')?.dataset.status === 'failed' &&
	  !document.getElementById('again-form').hidden`, 60*time.Second)
	failed := tabBattleID(b)
	if s := b.text("#again-label"); s != "Try a new pair" || eval[bool](b, `document.getElementById('again-key').hidden`) {
		t.Errorf("the failed battle offers %q", s)
	}
	b.checkNames("failed battle page")

	// Another model comes in and the broken one goes: n draws the pair afresh.
	srv.runCLI(t, "models", "disable", "--db", srv.DB, "broken-model")
	srv.runCLI(t, "models", "enable", "--db", srv.DB, demoNames[1])
	eval[bool](b, `(document.activeElement?.blur(), true)`)
	b.press("n")
	b.waitJS("the new battle", `location.pathname.startsWith('/battle/') && location.pathname !== '/battle/`+failed+`' &&
	  document.getElementById('panes')?.dataset.status === 'ready'`, 60*time.Second)
	retried := tabBattleID(b)
	if got := b.text("#pane-a .turn-prompt"); got != prompt {
		t.Errorf("the new battle's prompt is %q", got)
	}
	assertAnonymous(t, b, "the retried battle")
	db := readDB(t, srv)
	pair := func(id string) (string, string) {
		var st, models string
		if err := db.QueryRow(`SELECT b.status, ma.name || ' ' || mb.name FROM battles b JOIN models ma ON ma.id = b.model_a
			JOIN models mb ON mb.id = b.model_b WHERE b.id = ?`, id).Scan(&st, &models); err != nil {
			t.Fatal(err)
		}
		return st, models
	}
	if st, models := pair(failed); st != "failed" || !strings.Contains(models, "broken-model") {
		t.Errorf("the failed battle became %s (%s)", st, models)
	}
	if st, models := pair(retried); st != "ready" || !strings.Contains(models, demoNames[0]) || !strings.Contains(models, demoNames[1]) {
		t.Errorf("the retried battle is %s with %s", st, models)
	}

	// Without JavaScript, on a battle waiting for its vote: a plain form post.
	b.disableScripts()
	b.open("/battle/" + retried)
	if s := b.text("#again-label"); s != "Same prompt, new pair" {
		t.Errorf("the ready battle's control says %q", s)
	}
	b.do("same prompt, new pair", chromedp.Click(chromedp.ID("again")))
	b.waitJS("another new battle", `location.pathname.startsWith('/battle/') && location.pathname !== '/battle/`+retried+`' &&
	  document.readyState === 'complete'`, 30*time.Second)
	if got := b.text("#pane-a .turn-prompt"); got != prompt {
		t.Errorf("without JavaScript the new battle's prompt is %q", got)
	}
	if st, _ := pair(retried); st != "ready" {
		t.Errorf("the battle the form left is %s", st)
	}
}
