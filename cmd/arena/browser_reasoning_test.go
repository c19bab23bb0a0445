package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// TestBrowserReasoning battles two reasoning models behind the fake endpoint: with
// JavaScript, each pane shows the model's reasoning before its answer, closed under
// its mark, as it streams (before the answer is complete), and never inside the
// answer; with --hide-reasoning none of it shows.
func TestBrowserReasoning(t *testing.T) {
	t.Run("shown", func(t *testing.T) { browserReasoning(t, false) })
	t.Run("hidden", func(t *testing.T) { browserReasoning(t, true) })
}

func browserReasoning(t *testing.T, hide bool) {
	fake := llmtest.NewServer(t)
	// The answer waits after the reasoning until the page has shown the reasoning, so
	// the test sees the one while the other is unfinished however slow the machine is
	// (a timer-only window was missed once under CI load).
	hold := newGate(t)
	fake.Handle("thinker", llmtest.Behavior{FirstDelay: time.Second, ChunkDelay: 100 * time.Millisecond,
		Reasoning: "I **ponder** the sum", Text: "The answer is four.", Hold: hold.ch})
	// The fake endpoint is on loopback, which the arena refuses unless told.
	args := []string{"--allow-private-endpoints"}
	if hide {
		args = append(args, "--hide-reasoning")
	}
	srv := startArena(t, 20*time.Millisecond, args...)
	for _, name := range []string{"thinker-a", "thinker-b"} {
		srv.runCLI(t, "models", "add", "--db", srv.DB, "--base-url", fake.URL, "--model-id", "thinker", name)
	}
	for _, name := range demoNames {
		srv.runCLI(t, "models", "disable", "--db", srv.DB, name)
	}
	br := newBrowser(t)
	guest := newTab(t, br, srv.URL, "guest")
	guest.open("/")
	guest.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), "What is 2+2?"),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	guest.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	if !hide {
		guest.waitJS("reasoning, closed, while the answer streams", `['a', 'b'].every((s) => {
			const d = document.getElementById('reasoning-' + s + '-0');
			return !!d && !d.open && d.querySelector('.reasoning-body').textContent.includes('ponder') &&
				document.getElementById('panes').dataset.status === 'streaming' &&
				!document.getElementById('answer-' + s + '-0').textContent.includes('four.');
		})`, 20*time.Second)
	}
	hold.open()
	guest.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready'`, 30*time.Second)
	if hide {
		if html := eval[string](guest, `document.documentElement.outerHTML`); strings.Contains(html, "ponder") || strings.Contains(html, "Reasoning (") {
			t.Fatalf("--hide-reasoning, yet the page shows reasoning:\n%s", html)
		}
		return
	}
	got := eval[[]string](guest, `['a', 'b'].map((s) => {
		const d = document.getElementById('reasoning-' + s + '-0');
		if (!d) return 'missing';
		return [d.open, d.querySelector('summary').textContent, d.querySelector('.reasoning-body strong')?.textContent,
			d.nextElementSibling?.id, document.getElementById('answer-' + s + '-0').textContent.trim()].join('|');
	})`)
	for i, side := range []string{"a", "b"} {
		want := "false|Reasoning (not part of the answer)|ponder|answer-" + side + "-0|The answer is four."
		if got[i] != want {
			t.Errorf("side %s: reasoning block %q, want %q", side, got[i], want)
		}
	}
	if html := eval[string](guest, `document.documentElement.outerHTML`); strings.Contains(html, "thinker-") {
		t.Fatal("the page names a model before the vote")
	}
}
