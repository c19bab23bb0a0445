package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena"
)

// TestBrowserSideBySide: choosing two models side by side names them on the battle page
// from the first frame, while they stream; the vote lands on the side-by-side board,
// pays nothing, and leaves the main board empty.
func TestBrowserSideBySide(t *testing.T) {
	srv := startArena(t, 20*time.Millisecond)
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "side-by-side")
	b.open("/")
	b.do("switch to side by side", chromedp.Click(chromedp.CSS(`#modes a[href="/?mode=side-by-side"]`)))
	b.waitJS("the side-by-side form", `location.search === '?mode=side-by-side' && !!document.getElementById('model_b')`, 10*time.Second)
	b.checkNames("/?mode=side-by-side")
	b.do("choose two models and a prompt",
		chromedp.SetValue(chromedp.ID("model_a"), "demo-coder"),
		chromedp.SetValue(chromedp.ID("model_b"), "demo-terse"),
		chromedp.SendKeys(chromedp.ID("prompt"), e2ePrompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	battle := strings.TrimPrefix(b.path(), "/battle/")
	// The names are there while the answers stream, not only after the vote.
	if st := eval[string](b, `document.getElementById('panes').dataset.status`); st != "streaming" {
		t.Logf("the battle was already %s when first looked at", st)
	}
	if a, bb := b.text("#name-a"), b.text("#name-b"); a != "demo-coder (demo)" || bb != "demo-terse (demo)" {
		t.Fatalf("side by side names A %q and B %q from the start, want demo-coder and demo-terse", a, bb)
	}
	if h := b.text("h1"); h != "Side by side" {
		t.Errorf("the battle page's heading is %q", h)
	}
	b.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 60*time.Second)
	b.do("vote A", chromedp.Click(chromedp.CSS(`#vote-form button[value="model_a"]`)))
	b.waitJS("the reveal", `document.getElementById('panes').dataset.status === 'voted' && !!document.querySelector('#reveal-area .reveal')`, 15*time.Second)
	if got := points(t, b); got != 0 {
		t.Errorf("a side-by-side vote shows %d points, want 0", got)
	}
	if s := b.text("#next-battle"); !strings.Contains(s, "Start again") || eval[string](b, `document.getElementById('next-battle').getAttribute('href')`) != "/?mode=side-by-side" {
		t.Errorf("after the vote the next link says %q to %s", s, eval[string](b, `document.getElementById('next-battle').getAttribute('href')`))
	}

	// The store: the vote is counted under the side-by-side counters only.
	ctx := t.Context()
	store, err := openStore(ctx, srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored, err := store.Battle(ctx, battle)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Mode != arena.ModeSideBySide || stored.Vote == nil || stored.Vote.Winner != arena.WinnerA || stored.Vote.Points != 0 {
		t.Fatalf("stored battle: mode %q vote %+v", stored.Mode, stored.Vote)
	}
	main, err := store.PairCounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	sbs, err := store.PairCounts(ctx, arena.PairCountCategory(arena.ModeSideBySide, arena.ArenaText, ""))
	if err != nil {
		t.Fatal(err)
	}
	if len(main) != 0 || len(sbs) != 1 || sbs[0].WinsA+sbs[0].WinsB != 1 {
		t.Fatalf("pair counts: main %+v, side by side %+v; want the one vote on the side-by-side board only", main, sbs)
	}

	// And the pages: the side-by-side board lists both models, the main one none.
	b.open("/leaderboard?mode=side-by-side")
	if rows := eval[[]string](b, `[...document.querySelectorAll('#board tbody tr')].map((tr) => tr.textContent)`); len(rows) != 2 ||
		!strings.Contains(strings.Join(rows, " "), "demo-coder") || !strings.Contains(strings.Join(rows, " "), "demo-terse") {
		t.Errorf("the side-by-side board's rows: %q", rows)
	}
	b.open("/leaderboard")
	if n := eval[int](b, `document.querySelectorAll('#board tbody tr').length`); n != 0 {
		t.Errorf("the main board has %d rows after a side-by-side vote", n)
	}
}

// TestBrowserDirectChat: a direct chat shows one pane with its model named, no tabs and
// no vote controls; keys 1-4 vote on nothing, and a follow-up continues the chat.
func TestBrowserDirectChat(t *testing.T) {
	srv := startArena(t, 5*time.Millisecond)
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "direct")
	b.open("/?mode=direct")
	if eval[bool](b, `!!document.getElementById('model_b')`) {
		t.Fatal("the direct-chat form offers a second model")
	}
	b.checkNames("/?mode=direct")
	b.do("choose a model and a prompt",
		chromedp.SetValue(chromedp.ID("model_a"), "demo-buddy"),
		chromedp.SendKeys(chromedp.ID("prompt"), "Tell me about tea."),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	b.waitJS("the chat page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	battle := strings.TrimPrefix(b.path(), "/battle/")
	b.waitJS("the answer complete", `document.getElementById('panes').dataset.status === 'ready'`, 60*time.Second)
	if n := eval[int](b, `document.querySelectorAll('#panes .pane').length`); n != 1 {
		t.Errorf("a direct chat shows %d panes, want 1", n)
	}
	if eval[bool](b, `!!document.getElementById('pane-b') || !!document.querySelector('[role="tab"]')`) {
		t.Error("a direct chat has a second pane or answer tabs")
	}
	if s := b.text("#name-a"); s != "demo-buddy (demo)" {
		t.Errorf("the pane names %q, want demo-buddy", s)
	}
	if eval[bool](b, `(() => { const v = document.getElementById('vote-area'); return !v.hidden || v.offsetHeight > 0 ||
	  [...document.querySelectorAll('#vote-form button')].some((x) => x.offsetHeight > 0); })()`) {
		t.Fatal("a direct chat shows vote controls")
	}
	if s := b.text("#battle-status"); !strings.Contains(s, "The answer is complete") {
		t.Errorf("the status line says %q", s)
	}
	eval[bool](b, `(document.activeElement?.blur(), true)`)
	b.press("1")
	b.do("send a follow-up",
		chromedp.SendKeys(chromedp.ID("followup"), "And green tea?"),
		chromedp.Click(chromedp.CSS(`#followup-form button[type="submit"]`)),
	)
	b.waitJS("the follow-up answered", `document.querySelectorAll('#pane-a .turn').length === 2 && document.getElementById('panes').dataset.status === 'ready'`, 60*time.Second)
	if eval[bool](b, `!document.getElementById('vote-area').hidden`) {
		t.Error("vote controls appeared after the follow-up")
	}

	ctx := t.Context()
	store, err := openStore(ctx, srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored, err := store.Battle(ctx, battle)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Mode != arena.ModeDirect || stored.Vote != nil || stored.Status != arena.StatusReady || len(stored.Turns) != 2 ||
		stored.Turns[1].A.Text == "" || stored.Turns[1].B.Text != "" {
		t.Fatalf("stored chat: mode %q status %q vote %+v, %d turns", stored.Mode, stored.Status, stored.Vote, len(stored.Turns))
	}
}
