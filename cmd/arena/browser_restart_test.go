package main

import (
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena/arenatest"
)

// serveAt runs `arena serve` in-process on addr and db until the returned stop, which
// waits for it to end.
func serveAt(t *testing.T, addr, db string, args ...string) (stop func()) {
	t.Helper()
	var logs arenatest.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &logs, Stderr: &logs, Getenv: func(string) string { return "" }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Run(ctx, env, append([]string{"serve", "--addr", addr, "--db", db, "--log-level", "warn"}, args...))
	}()
	stopped := false
	stop = func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("arena serve: %v\n%s", err, logs.String())
		}
	}
	t.Cleanup(stop)
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return stop
			}
		}
	}
	t.Fatalf("arena serve did not answer /healthz:\n%s", logs.String())
	return nil
}

// TestBrowserReconnectsAfterRestart restarts the server under an open battle page, its
// answers streaming, and an open leaderboard: both pages say the server is restarting,
// reconnect on their own once it is back, without a reload, and the battle page shows
// the battle as interrupted by the restart, not as a model's failure.
func TestBrowserReconnectsAfterRestart(t *testing.T) {
	addr, db := freeAddr(t), filepath.Join(t.TempDir(), "arena.db")
	base := "http://" + addr
	// Demo words 300 ms apart: the answers are still streaming at the restart.
	args := []string{"--demo-delay", "300ms", "--shutdown-timeout", "2s"}
	stop := serveAt(t, addr, db, args...)
	br := newBrowser(t)

	board := newTab(t, br, base, "leaderboard")
	board.open("/leaderboard")
	guest := newTab(t, br, base, "guest")
	guest.open("/")
	guest.do("type a prompt and start",
		chromedp.SendKeys(chromedp.ID("prompt"), e2ePrompt),
		chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
	)
	guest.waitJS("answer text streaming", `location.pathname.startsWith('/battle/') &&
		(document.getElementById('answer-a-0')?.textContent ?? '').length > 0`, 20*time.Second)
	// A reload would drop these markers; reconnecting keeps them.
	for _, tb := range []*tab{board, guest} {
		eval[bool](tb, `window.__arenaNoReload = true`)
	}

	stop()
	const notice = `document.getElementById('restart-notice')?.textContent === 'The server is restarting; reconnecting…'`
	for _, tb := range []*tab{board, guest} {
		tb.waitJS("the restarting notice", notice, 5*time.Second)
	}

	serveAt(t, addr, db, args...)
	for _, tb := range []*tab{board, guest} {
		tb.waitJS("the notice gone once reconnected", `!document.getElementById('restart-notice')`, 30*time.Second)
		if !eval[bool](tb, `window.__arenaNoReload === true`) {
			t.Fatalf("%s: the page reloaded instead of reconnecting", tb.name)
		}
	}
	guest.waitJS("the battle shown as interrupted", `document.getElementById('panes').dataset.status === 'interrupted' &&
		document.getElementById('battle-status').textContent.includes('server restarted') &&
		document.getElementById('pane-a').classList.contains('interrupted') &&
		!document.getElementById('pane-a').classList.contains('failed') &&
		!document.getElementById('next-area').hidden`, 10*time.Second)
	if got := guest.text("#error-a-0"); !strings.Contains(got, "Interrupted") {
		t.Errorf("the interrupted answer says %q", got)
	}
	if got := eval[[]string](guest, paneStatesJS); got[0] != "interrupted|Interrupted|status|shown" {
		t.Errorf("the interrupted pane's state is %q", got[0])
	}
}
