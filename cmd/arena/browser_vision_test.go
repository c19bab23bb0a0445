package main

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/arena-dev/arena/arena"
)

// TestBrowserVisionBattle: an image attached by the file input and another pasted into
// the prompt box start a vision battle; the battle page shows both images, served and
// decoded, in each pane; only the vision demo models answer, describing the images; the
// vote lands on the vision board, which the leaderboard page switches to. With
// ARENA_SCREENSHOTS=docs it writes docs/vision-battle.png.
func TestBrowserVisionBattle(t *testing.T) {
	srv := startArena(t, 5*time.Millisecond)
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "vision")
	b.viewport(1280, 900, false)

	red := image.NewRGBA(image.Rect(0, 0, 320, 200))
	for i := 0; i < len(red.Pix); i += 4 {
		red.Pix[i], red.Pix[i+3] = 220, 255
	}
	var file bytes.Buffer
	png.Encode(&file, red)
	path := filepath.Join(t.TempDir(), "red.png")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	var pasted bytes.Buffer
	blue := image.NewRGBA(image.Rect(0, 0, 120, 240))
	for i := 0; i < len(blue.Pix); i += 4 {
		blue.Pix[i+1], blue.Pix[i+2], blue.Pix[i+3] = 40, 230, 255
	}
	png.Encode(&pasted, blue)

	b.open("/")
	b.do("attach an image and write the prompt",
		chromedp.SetUploadFiles(chromedp.ID("images"), []string{path}),
		chromedp.SendKeys(chromedp.ID("prompt"), "What colours are these pictures?"),
	)
	// A paste as the browser delivers one: a clipboard event carrying a file.
	eval[bool](b, `(() => {
		const bytes = Uint8Array.from(atob('`+base64.StdEncoding.EncodeToString(pasted.Bytes())+`'), (c) => c.charCodeAt(0));
		const dt = new DataTransfer();
		dt.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
		document.getElementById('prompt').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
		return true;
	})()`)
	b.waitJS("both images attached", `document.getElementById('images').files.length === 2 && document.getElementById('images-status').textContent === '2 images attached'`, 10*time.Second)
	b.do("start the battle", chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)))
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	battle := strings.TrimPrefix(b.path(), "/battle/")
	b.waitJS("both images shown and decoded in each pane",
		`[...document.querySelectorAll('#pane-a .turn-images img, #pane-b .turn-images img')].filter((i) => i.complete && i.naturalWidth > 0).length === 4`, 15*time.Second)
	if w := eval[[]float64](b, `[...document.querySelectorAll('#pane-a .turn-images img')].map((i) => i.naturalWidth)`); len(w) != 2 || w[0] != 320 || w[1] != 120 {
		t.Errorf("pane A shows images %v px wide, want 320 and 120, in the order attached", w)
	}
	b.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 60*time.Second)
	for _, side := range []string{"a", "b"} {
		if s := b.text("#answer-" + side + "-0"); !strings.Contains(s, "320 × 200") || !strings.Contains(s, "120 × 240") {
			t.Errorf("answer %s does not describe both images:\n%s", side, s)
		}
	}
	if dir := os.Getenv("ARENA_SCREENSHOTS"); dir != "" {
		if !filepath.IsAbs(dir) {
			dir = filepath.Join("..", "..", dir)
		}
		eval[bool](b, `(document.activeElement?.blur(), window.scrollTo(0, 0), true)`)
		shot, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "vision-battle.png"), recompress(t, shot), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.do("vote A", chromedp.Click(chromedp.CSS(`#vote-form button[value="model_a"]`)))
	b.waitJS("the reveal", `document.getElementById('panes').dataset.status === 'voted' && !!document.querySelector('#reveal-area .reveal')`, 15*time.Second)

	store, err := openStore(t.Context(), srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored, err := store.Battle(t.Context(), battle)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Arena != arena.ArenaVision || !stored.ModelA.Vision || !stored.ModelB.Vision || len(stored.Turns[0].Images) != 2 || stored.Vote == nil {
		t.Fatalf("stored: arena %q, %s and %s, images %v, vote %+v", stored.Arena, stored.ModelA.Name, stored.ModelB.Name, stored.Turns[0].Images, stored.Vote)
	}
	b.open("/leaderboard")
	b.do("switch to the vision board", chromedp.Click(chromedp.ID("arena-vision")))
	b.waitJS("the vision board", `location.search.includes('arena=vision') && !!document.getElementById('vision-board')`, 10*time.Second)
	if rows := eval[int](b, `document.querySelectorAll('#board tbody tr').length`); rows != 2 {
		t.Errorf("the vision board lists %d models, want the battle's 2", rows)
	}
}
