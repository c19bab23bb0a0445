package main

// Helpers for the end-to-end tests in browser_test.go: the real `arena serve` on
// loopback, run in-process, and headless Debian Chromium driven with chromedp.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's Chromium; CI's .ci/run installs it with apt.
const chromiumPath = "/usr/bin/chromium"

// requireChromium skips the test when Chromium is not installed, and fails it on CI,
// where a skipped browser test would hide a broken setup.
func requireChromium(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests are slow; skipped with -short")
	}
	if _, err := os.Stat(chromiumPath); err != nil {
		msg := fmt.Sprintf("%s is missing: install it with `apt-get install chromium` to run the browser tests", chromiumPath)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// e2eServer is `arena serve` running in this process on a loopback port.
type e2eServer struct {
	URL string
	DB  string
	env map[string]string
}

// startArena runs the real `arena serve` (the same flags, wiring and routes as the
// binary) on 127.0.0.1 with a fresh database and the built-in demo models streaming
// at demoDelay per word, and waits until /healthz answers.
// serveStartWait bounds how long a test waits for a started server to answer /healthz.
const serveStartWait = 90 * time.Second

func startArena(t *testing.T, demoDelay time.Duration, extraArgs ...string) *e2eServer {
	t.Helper()
	dir := t.TempDir()
	s := &e2eServer{DB: filepath.Join(dir, "arena.db"), env: map[string]string{
		// Labs store API keys sealed with this key; a fixed one is fine in a test.
		"ARENA_SECRET_KEY": strings.Repeat("ab", 32),
		// A newcomer's first battles are gold at 0.2 (the qualification): drawn at random,
		// they would make these tests' votes uncounted now and then.
		"ARENA_QUALIFY_BATTLES": "0",
	}}
	addr := freeAddr(t)
	s.URL = "http://" + addr
	var logs arenatest.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &logs, Stderr: &logs, Getenv: func(k string) string { return s.env[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	args := append([]string{"serve", "--addr", addr, "--db", s.DB, "--log-level", "warn",
		"--demo-delay", demoDelay.String()}, extraArgs...)
	go func() { done <- Run(ctx, env, args) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil && !errors.Is(err, http.ErrServerClosed) {
				t.Logf("arena serve returned: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("arena serve did not stop within 30 s")
		}
		if t.Failed() {
			t.Logf("server log:\n%s", logs.String())
		}
	})
	// A fresh database applies every migration before /healthz answers: seconds alone,
	// but far longer when the machine is shared with other builds, so the wait is generous.
	deadline := time.Now().Add(serveStartWait)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("arena serve exited: %v\n%s", err, logs.String())
		default:
		}
		if res, err := http.Get(s.URL + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return s
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("arena serve did not answer /healthz within %s:\n%s", serveStartWait, logs.String())
	return nil
}

// runCLI runs another arena subcommand against the server's database.
func (s *e2eServer) runCLI(t *testing.T, args ...string) string {
	t.Helper()
	var out bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(k string) string { return s.env[k] }}
	if err := Run(context.Background(), env, args); err != nil {
		t.Fatalf("arena %s: %v\n%s", strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// addUser creates an account from the command line, as an operator would.
func (s *e2eServer) addUser(t *testing.T, name, password string, flags ...string) {
	t.Helper()
	pw := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, []byte(password+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	s.runCLI(t, append(append([]string{"users", "add", "--db", s.DB, "--password-file", pw}, flags...), name)...)
}

// newBrowser starts headless Chromium with the flags this machine needs (no network
// beyond loopback, nothing downloaded) and a fresh profile. It closes with the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	requireChromium(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil { // start the browser now
		t.Fatalf("starting %s: %v", chromiumPath, err)
	}
	return ctx
}

// tab is one browser tab in its own browser context (its own cookies), so two tabs
// are two different people.
type tab struct {
	t    *testing.T
	ctx  context.Context
	name string
	base string
}

// newTab opens a tab with its own cookie jar. When the test fails, the tab's
// screenshot and HTML are saved for the CI log.
func newTab(t *testing.T, browser context.Context, base, name string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	tb := &tab{t: t, ctx: ctx, name: name, base: base}
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

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// artifactDir is $ARENA_E2E_ARTIFACTS, or a directory under the system's temporary one.
func artifactDir(t *testing.T) string {
	dir := os.Getenv("ARENA_E2E_ARTIFACTS")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "arena-e2e")
	}
	dir = filepath.Join(dir, unsafeName.ReplaceAllString(t.Name(), "_"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Logf("cannot create artifact directory %s: %v", dir, err)
	}
	return dir
}

// saveArtifacts writes a screenshot and the HTML of the tab's page.
func (b *tab) saveArtifacts() {
	dir := artifactDir(b.t)
	ctx, cancel := context.WithTimeout(b.ctx, 10*time.Second)
	defer cancel()
	base := filepath.Join(dir, unsafeName.ReplaceAllString(b.name, "_"))
	if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
		_ = os.WriteFile(base+".png", png, 0o644)
	} else {
		b.t.Logf("tab %s: no screenshot: %v", b.name, err)
	}
	if html, err := chromedp.Run(ctx, chromedp.OuterHTML(chromedp.CSS("html"))); err == nil {
		_ = os.WriteFile(base+".html", []byte(html), 0o644)
	} else {
		b.t.Logf("tab %s: no HTML: %v", b.name, err)
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	b.t.Logf("tab %s was at %s; its screenshot and HTML are in %s", b.name, loc, base+".{png,html}")
}

// do runs actions in the tab and fails the test on error.
func (b *tab) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %s: %v", b.name, what, err)
	}
}

// open navigates to a path on the server and waits for the page to load.
func (b *tab) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path))
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *tab, expr string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("%s: evaluating %s: %v", b.name, expr, err)
	}
	return v
}

// waitJS polls a boolean expression until it holds. Runtime.evaluate from DevTools
// runs even on a page whose own scripts are disabled, so it serves the no-JS tests too.
func (b *tab) waitJS(what, expr string, timeout time.Duration) {
	b.t.Helper()
	deadline := time.Now().Add(timeout)
	var lastErr error
	for time.Now().Before(deadline) {
		ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		cancel()
		if err == nil && ok {
			return
		}
		lastErr = err
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("%s: waited %s for %s (%s); last error: %v", b.name, timeout, what, expr, lastErr)
}

// location is the tab's current URL path.
func (b *tab) path() string {
	b.t.Helper()
	return eval[string](b, `location.pathname`)
}

// text is the text content of the first element matching a CSS selector, "" if none.
func (b *tab) text(sel string) string {
	b.t.Helper()
	return eval[string](b, fmt.Sprintf(`(document.querySelector(%q)?.textContent ?? '').trim()`, sel))
}

// press types one key as a person would (keydown, keypress, keyup) on the focused element.
func (b *tab) press(key string) {
	b.t.Helper()
	b.do("press "+key, chromedp.KeyEvent(key))
}

// disableScripts turns the page's own JavaScript off, as in a browser with JS disabled.
func (b *tab) disableScripts() {
	b.t.Helper()
	b.do("disable JavaScript", chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
}

// viewport emulates a screen width and height (CSS pixels); mobile sets a phone's
// device scale and touch.
func (b *tab) viewport(w, h int64, mobile bool) {
	b.t.Helper()
	opts := []chromedp.EmulateViewportOption{}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	b.do(fmt.Sprintf("viewport %dx%d", w, h), chromedp.EmulateViewport(w, h, opts...))
}

// colorScheme emulates prefers-color-scheme: "light" or "dark".
func (b *tab) colorScheme(scheme string) {
	b.t.Helper()
	b.do("prefers-color-scheme "+scheme, chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// unnamedControls lists the page's visible controls that have no accessible name: no
// <label>, aria-label, aria-labelledby, title, or text of their own.
const unnamedControlsJS = `(() => {
  const visible = (el) => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length) &&
    getComputedStyle(el).visibility !== 'hidden';
  const textOf = (ids) => ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent ?? '').join(' ');
  const name = (el) => {
    if (el.getAttribute('aria-labelledby')) return textOf(el.getAttribute('aria-labelledby'));
    if (el.getAttribute('aria-label')) return el.getAttribute('aria-label');
    if (el.labels && el.labels.length) return [...el.labels].map((l) => l.textContent).join(' ');
    if (el.tagName === 'INPUT' && ['submit', 'button', 'reset'].includes(el.type)) return el.value || el.type;
    if (el.tagName === 'BUTTON' || el.tagName === 'A' || el.tagName === 'SUMMARY') return el.textContent;
    return el.getAttribute('title') || '';
  };
  const out = [];
  for (const el of document.querySelectorAll('input:not([type=hidden]), button, select, textarea, a[href], summary, [role=tab], [role=button]')) {
    if (!visible(el)) continue;
    if (!name(el).trim()) out.push(el.outerHTML.slice(0, 160));
  }
  return out;
})()`

// checkNames fails the test for each visible control without an accessible name.
func (b *tab) checkNames(page string) {
	b.t.Helper()
	for _, el := range eval[[]string](b, unnamedControlsJS) {
		b.t.Errorf("%s: a control has no accessible name: %s", page, el)
	}
}

// gate holds a fake model's answer (llmtest.Behavior.Hold) until the test has seen
// what it needs while the answer is unfinished, so no check races a timer on a loaded
// machine. It opens when the test ends if not before.
type gate struct {
	ch   chan struct{}
	once sync.Once
}

func newGate(t *testing.T) *gate {
	g := &gate{ch: make(chan struct{})}
	t.Cleanup(g.open)
	return g
}

// open lets the held answers go on; it may be called more than once.
func (g *gate) open() { g.once.Do(func() { close(g.ch) }) }
