package main

import (
	"bytes"
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

// TestBrowserTextToImageBattle: "a picture drawn from the prompt" on the home form
// starts a text-to-image battle that only the demo image models answer; each pane shows
// its 256 px picture, arriving over the battle's socket; the vote reveals the two
// "(demo)" painters and lands on the text-to-image board, which the leaderboard switches
// to. Then an edit: an attached image and "image edit" give two edited pictures of its
// size, and a vote. With ARENA_SCREENSHOTS=docs it writes docs/text-to-image-battle.png.
func TestBrowserTextToImageBattle(t *testing.T) {
	srv := startArena(t, 30*time.Millisecond)
	br := newBrowser(t)
	b := newTab(t, br, srv.URL, "t2i")
	b.viewport(1280, 900, false)

	b.open("/")
	b.do("choose a picture and write the prompt",
		chromedp.Click(chromedp.CSS(`input[name="output"][value="text_to_image"]`)),
		chromedp.SendKeys(chromedp.ID("prompt"), "a big red circle and two blue stars at night"),
	)
	b.do("start the battle", chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)))
	b.waitJS("the battle page", `location.pathname.startsWith('/battle/') && !!document.getElementById('panes')`, 15*time.Second)
	battle := strings.TrimPrefix(b.path(), "/battle/")
	b.waitJS("a decoded picture in each pane",
		`[...document.querySelectorAll('#pane-a .answer-images img, #pane-b .answer-images img')].filter((i) => i.complete && i.naturalWidth === 256).length === 2`, 30*time.Second)
	b.waitJS("both answers complete", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 30*time.Second)
	if srcs := eval[[]string](b, `[...document.querySelectorAll('.answer-images img')].map((i) => i.getAttribute('src'))`); len(srcs) != 2 || srcs[0] == srcs[1] || !strings.HasPrefix(srcs[0], "/images/") {
		t.Errorf("the panes show pictures %v, want two different ones from /images/", srcs)
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
		if err := os.WriteFile(filepath.Join(dir, "text-to-image-battle.png"), recompress(t, shot), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b.do("vote A", chromedp.Click(chromedp.CSS(`#vote-form button[value="model_a"]`)))
	b.waitJS("the reveal", `document.getElementById('panes').dataset.status === 'voted' && !!document.querySelector('#reveal-area .reveal')`, 15*time.Second)
	if r := b.text("#reveal-area"); !strings.Contains(r, "demo-painter (demo)") || !strings.Contains(r, "demo-blocks (demo)") {
		t.Errorf("the reveal does not name the two demo painters:\n%s", r)
	}

	store, err := openStore(t.Context(), srv.DB)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	stored, err := store.Battle(t.Context(), battle)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Arena != arena.ArenaTextToImage || !stored.ModelA.DrawsImages() || !stored.ModelB.DrawsImages() ||
		len(stored.Turns[0].A.Images) != 1 || len(stored.Turns[0].B.Images) != 1 || stored.Vote == nil {
		t.Fatalf("stored: arena %q, %s and %s, answers %+v, vote %+v", stored.Arena, stored.ModelA.Name, stored.ModelB.Name, stored.Turns[0], stored.Vote)
	}
	b.open("/leaderboard")
	b.do("switch to the text-to-image board", chromedp.Click(chromedp.ID("arena-text_to_image")))
	b.waitJS("the text-to-image board", `location.search.includes('arena=text_to_image') && !!document.getElementById('text-to-image-board')`, 10*time.Second)
	if rows := eval[int](b, `document.querySelectorAll('#board tbody tr').length`); rows != 2 {
		t.Errorf("the text-to-image board lists %d models, want the battle's 2", rows)
	}

	// An edit of an attached picture.
	src := image.NewRGBA(image.Rect(0, 0, 200, 120))
	for i := 0; i < len(src.Pix); i += 4 {
		src.Pix[i+1], src.Pix[i+3] = 200, 255
	}
	var file bytes.Buffer
	png.Encode(&file, src)
	path := filepath.Join(t.TempDir(), "green.png")
	if err := os.WriteFile(path, file.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	b.open("/")
	b.do("attach, choose the edit and write the prompt",
		chromedp.SetUploadFiles(chromedp.ID("images"), []string{path}),
		chromedp.Click(chromedp.CSS(`input[name="output"][value="image_edit"]`)),
		chromedp.SendKeys(chromedp.ID("prompt"), "make it blue and add a red heart"),
	)
	b.do("start the edit", chromedp.Click(chromedp.CSS(`.prompt-form button[type="submit"]`)))
	b.waitJS("the edit's page", `location.pathname.startsWith('/battle/') && location.pathname !== '/battle/`+battle+`'`, 15*time.Second)
	b.waitJS("an edited picture of the input's size in each pane",
		`[...document.querySelectorAll('#pane-a .answer-images img, #pane-b .answer-images img')].filter((i) => i.complete && i.naturalWidth === 200 && i.naturalHeight === 120).length === 2`, 30*time.Second)
	b.waitJS("the edit is ready", `document.getElementById('panes').dataset.status === 'ready' && !document.getElementById('vote-area').hidden`, 30*time.Second)
	b.do("vote B", chromedp.Click(chromedp.CSS(`#vote-form button[value="model_b"]`)))
	b.waitJS("the edit's reveal", `document.getElementById('panes').dataset.status === 'voted'`, 15*time.Second)
	edit, err := store.Battle(t.Context(), strings.TrimPrefix(b.path(), "/battle/"))
	if err != nil {
		t.Fatal(err)
	}
	if edit.Arena != arena.ArenaImageEdit || len(edit.Turns[0].Images) != 1 || edit.Vote == nil {
		t.Fatalf("the edit stored: arena %q, input %v, vote %+v", edit.Arena, edit.Turns[0].Images, edit.Vote)
	}
}
