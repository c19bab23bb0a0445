package main

// End-to-end tests in a real browser: headless Debian Chromium, driven with chromedp,
// against `arena serve` on loopback with the built-in demo models. They skip when
// /usr/bin/chromium is missing (apt-get install chromium), and fail instead on CI.
// On failure each tab's screenshot and HTML are saved under $ARENA_E2E_ARTIFACTS (or
// the system's temporary directory); the log names the files.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// balance reads the points balance on /me.
func balance(t *testing.T, b *tab) int {
	t.Helper()
	s := b.text("#balance")
	n, err := strconv.Atoi(strings.TrimSuffix(s, " points"))
	if err != nil {
		t.Fatalf("/me shows balance %q", s)
	}
	return n
}

// TestScreenshots rewrites the screenshots in docs/: the arena mid-battle, the
// leaderboard and a lab's model dashboard, at desktop and phone widths, light and dark.
// It runs only when asked: ARENA_SCREENSHOTS=docs go test ./cmd/arena -run TestScreenshots
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("ARENA_SCREENSHOTS")
	if dir == "" {
		t.Skip("set ARENA_SCREENSHOTS=docs to rewrite the screenshots in docs/")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir) // tests run in cmd/arena
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	requireChromium(t)
	srv := startArena(t, 25*time.Millisecond)
	srv.addUser(t, "ada", "screenshot-pass", "--admin")
	seedVotes(t, srv)
	br := newBrowser(t)

	sizes := []struct {
		name   string
		w, h   int64
		mobile bool
	}{{"desktop", 1280, 900, false}, {"phone", 390, 844, true}}
	for _, theme := range []string{"light", "dark"} {
		for _, size := range sizes {
			b := newTab(t, br, srv.URL, size.name+"-"+theme)
			b.viewport(size.w, size.h, size.mobile)
			b.colorScheme(theme)
			b.open("/login")
			b.do("log in",
				chromedp.SendKeys(chromedp.ID("username"), "ada"),
				chromedp.SendKeys(chromedp.ID("password"), "screenshot-pass"),
				chromedp.Click(chromedp.CSS(`form.stack button[type="submit"]`)),
			)
			b.waitJS("signed in", `location.pathname === '/' && !!document.getElementById('prompt')`, 10*time.Second)
			shot := func(name string) {
				t.Helper()
				eval[bool](b, `(document.activeElement?.blur(), window.scrollTo(0, 0), true)`)
				png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(dir, fmt.Sprintf("%s-%s-%s.png", name, size.name, theme))
				if err := os.WriteFile(path, recompress(t, png), 0o644); err != nil {
					t.Fatal(err)
				}
				t.Logf("wrote %s", path)
			}

			// A battle halfway through streaming.
			b.do("start a battle",
				chromedp.SendKeys(chromedp.ID("prompt"), "Write a Go function that reverses a string, and explain how it handles Unicode."),
				chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)),
			)
			b.waitJS("both answers well under way",
				`(() => { const p = document.getElementById('panes'); if (!p) return false;
				  const [a, b] = [(document.getElementById('answer-a-0')?.textContent ?? '').length, (document.getElementById('answer-b-0')?.textContent ?? '').length];
				  return p.dataset.status !== 'streaming' || (a > 250 && b > 250); })()`, 60*time.Second)
			shot("arena")
			// The reveal, after voting with the keyboard.
			b.waitJS("ready to vote", `document.getElementById('panes').dataset.status === 'ready'`, 60*time.Second)
			eval[bool](b, `(document.activeElement?.blur(), true)`)
			b.press("1")
			b.waitJS("the reveal", `!!document.querySelector('#reveal-area .reveal')`, 10*time.Second)
			if eval[bool](b, `!!document.querySelector('.scratch-foil')`) {
				b.do("scratch", chromedp.Click(chromedp.CSS(".scratch-foil")))
			}
			eval[bool](b, `(document.getElementById('reveal-area').scrollIntoView({block: 'center'}), true)`)
			time.Sleep(500 * time.Millisecond) // let the reveal's animation end
			png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, fmt.Sprintf("reveal-%s-%s.png", size.name, theme))
			if err := os.WriteFile(path, recompress(t, png), 0o644); err != nil {
				t.Fatal(err)
			}

			b.open("/leaderboard")
			shot("leaderboard")
			b.open("/labs/models/2")
			if b.text("h1") == "Page not found" {
				t.Fatalf("no lab dashboard at /labs/models/2")
			}
			shot("lab-dashboard")
		}
	}
}

// recompress re-encodes a screenshot with the best PNG compression, to keep docs/ small.
func recompress(t *testing.T, b []byte) []byte {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&out, img); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// seedVotes fills the arena with votes through the JSON API, as several people would:
// in three rounds, with a leaderboard snapshot after each, so boards and rating
// histories have something to show. Voters prefer the longer answer.
func seedVotes(t *testing.T, srv *e2eServer) {
	t.Helper()
	var tokens []string
	for i := range 4 {
		name := fmt.Sprintf("voter%d", i)
		srv.addUser(t, name, "voter-password")
		out := srv.runCLI(t, "users", "token", "--db", srv.DB, name)
		tok := regexp.MustCompile(`\S{20,}`).FindString(out)
		if tok == "" {
			t.Fatalf("no token in %q", out)
		}
		tokens = append(tokens, tok)
	}
	prompts := []string{
		"Explain how a hash map works.", "Write a haiku about rain on a tin roof.",
		"What is the derivative of x^3 sin x?", "Fix this SQL: SELECT * FROM users WHERE name = 'bob",
		"Summarise the causes of the French Revolution.", "Write a Python function that checks for palindromes.",
		"How do vaccines train the immune system?", "Plan a three-day trip to Lisbon on a budget.",
	}
	api := func(method, path, token string, body any) (int, map[string]any) {
		var r io.Reader
		if body != nil {
			j, _ := json.Marshal(body)
			r = bytes.NewReader(j)
		}
		req, _ := http.NewRequest(method, srv.URL+path, r)
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, nil
		}
		defer res.Body.Close()
		var out map[string]any
		json.NewDecoder(res.Body).Decode(&out)
		return res.StatusCode, out
	}
	votes := 0
	for round := range 3 {
		var wg sync.WaitGroup
		var mu sync.Mutex
		for i := range 16 {
			wg.Go(func() {
				tok := tokens[i%len(tokens)]
				code, out := api("POST", "/api/battles", tok, map[string]string{"prompt": prompts[(i+round)%len(prompts)]})
				if code != http.StatusCreated {
					t.Logf("start battle: %d %v", code, out)
					return
				}
				id, _ := out["id"].(string)
				_, b := api("GET", "/api/battles/"+id+"?wait=60s", tok, nil)
				turns, _ := b["turns"].([]any)
				if len(turns) == 0 || b["status"] != "ready" {
					t.Logf("battle %s: %v", id, b["status"])
					return
				}
				turn := turns[0].(map[string]any)
				la, lb := len(fmt.Sprint(turn["response_a"])), len(fmt.Sprint(turn["response_b"]))
				winner := "tie"
				switch {
				case float64(la) > 1.1*float64(lb):
					winner = "model_a"
				case float64(lb) > 1.1*float64(la):
					winner = "model_b"
				}
				if code, out := api("POST", "/api/battles/"+id+"/vote", tok, map[string]any{"winner": winner, "reasons": []string{"more helpful"}}); code != http.StatusOK {
					t.Logf("vote: %d %v", code, out)
					return
				}
				mu.Lock()
				votes++
				mu.Unlock()
			})
		}
		wg.Wait()
		srv.runCLI(t, "snapshot", "take", "--db", srv.DB)
	}
	t.Logf("seeded %d votes", votes)
	if votes < 20 {
		t.Fatalf("only %d votes seeded", votes)
	}
}
