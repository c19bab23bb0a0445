package web_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"io"
	"math/rand/v2"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// noisyPNG is a w × h PNG of random pixels: it compresses badly, so its size is about
// w·h·4 bytes, for the body-limit check.
func noisyPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	rng := rand.New(rand.NewPCG(7, 8))
	for i := range img.Pix {
		img.Pix[i] = byte(rng.IntN(256))
	}
	for i := 3; i < len(img.Pix); i += 4 {
		img.Pix[i] = 255
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func flatPNG(t *testing.T, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 32, 24))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// postMultipart posts the home page's form with files attached to its "images" input.
func (b *browser) postMultipart(path string, fields map[string]string, files map[string][]byte) (int, string, string) {
	b.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	for name, data := range files {
		fw, _ := w.CreateFormFile("images", name)
		fw.Write(data)
	}
	w.Close()
	req, _ := http.NewRequest("POST", b.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	res, err := b.c.Do(req)
	if err != nil {
		b.e.t.Fatal(err)
	}
	defer res.Body.Close()
	out, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(out), res.Request.URL.Path
}

var imgSrcRE = regexp.MustCompile(`<img src="(/images/[0-9a-f]{64})"`)

// A vision battle through the plain form and the JSON API: the file input's images
// reach the battle page and are served from /images/{sha256} with their type, nosniff,
// a policy allowing nothing and immutable caching; a file larger than the site's 1 MB
// body limit still goes (the prompt routes have their own); a refused file is said on
// the form, starting no battle; the API takes base64 and data: URLs and lists the
// images of each turn.
func TestVisionBattleWeb(t *testing.T) {
	e := newEnv(t, arena.Model{Name: "eye-one", ModelID: "eye1", Vision: true}, arena.Model{Name: "eye-two", ModelID: "eye2", Vision: true})
	b := e.browser()
	token := b.csrf("/")
	_, home := b.get("/")
	if !strings.Contains(home, `enctype="multipart/form-data"`) || !strings.Contains(home, `type="file" id="images" name="images"`) {
		t.Fatalf("the home form takes no files:\n%s", home)
	}
	big := noisyPNG(t, 700, 500) // ~1.4 MB
	if len(big) < 1<<20 {
		t.Fatalf("the large image is only %d bytes", len(big))
	}
	code, page, at := b.postMultipart("/battles", map[string]string{"_csrf": token, "prompt": "What is in these?"},
		map[string][]byte{"big.png": big})
	if code != 200 || !strings.HasPrefix(at, "/battle/") {
		t.Fatalf("start with an image: %d at %s\n%s", code, at, page)
	}
	srcs := imgSrcRE.FindAllStringSubmatch(page, -1)
	if len(srcs) != 2 { // the prompt is shown in both panes
		t.Fatalf("the battle page shows %d images, want the one in each pane:\n%s", len(srcs), page)
	}
	res, err := http.Get(e.srv.URL + srcs[0][1])
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(res.Body)
	res.Body.Close()
	sum := sha256.Sum256(served)
	h := res.Header
	if res.StatusCode != 200 || h.Get("Content-Type") != "image/png" || h.Get("X-Content-Type-Options") != "nosniff" ||
		!strings.HasPrefix(h.Get("Content-Security-Policy"), "default-src 'none'") ||
		h.Get("Cache-Control") != "public, max-age=31536000, immutable" || "/images/"+hex.EncodeToString(sum[:]) != srcs[0][1] {
		t.Fatalf("GET %s: %d %v (%d bytes)", srcs[0][1], res.StatusCode, h, len(served))
	}
	id := strings.TrimPrefix(at, "/battle/")
	stored, err := e.db.Battle(context.Background(), id)
	if err != nil || stored.Arena != arena.ArenaVision || !stored.ModelA.Vision || !stored.ModelB.Vision {
		t.Fatalf("stored battle: %v %+v", err, stored)
	}
	for path, want := range map[string]int{"/images/" + strings.Repeat("0", 64): 404, "/images/..%2Fetc": 404, "/images/ABC": 404} {
		if code, _ := b.get(path); code != want {
			t.Errorf("GET %s: %d, want %d", path, code, want)
		}
	}

	// Refused files are said on the form, and start nothing.
	if _, err := e.battles.Wait(context.Background(), &arena.User{ID: stored.UserID}, id); err != nil {
		t.Fatal(err)
	}
	before := len(e.fake.Requests())
	for name, c := range map[string]struct {
		files map[string][]byte
		want  string
	}{
		"svg":  {map[string][]byte{"cat.png": []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)}, "SVG is never accepted"},
		"five": {map[string][]byte{"1.png": big, "2.png": big, "3.png": big, "4.png": big, "5.png": big}, "at most 4 images; 5 were attached"},
	} {
		code, page, _ := b.postMultipart("/battles", map[string]string{"_csrf": token, "prompt": "Look"}, c.files)
		if code != 400 || !strings.Contains(page, c.want) || !strings.Contains(page, ">Look</textarea>") {
			t.Errorf("%s: %d, want 400 saying %q with the prompt kept", name, code, c.want)
		}
	}
	if after := len(e.fake.Requests()); after != before {
		t.Errorf("refused forms called the models %d times", after-before)
	}

	// The JSON API: base64 and a data: URL.
	api := e.apiUser("viewer")
	red, blue := flatPNG(t, color.RGBA{255, 0, 0, 255}), flatPNG(t, color.RGBA{0, 0, 255, 255})
	code, out := api.do("POST", "/api/battles", map[string]any{"prompt": "Which is warmer?", "images": []map[string]string{
		{"name": "red.png", "data": base64.StdEncoding.EncodeToString(red)},
		{"data": "data:image/png;base64," + base64.StdEncoding.EncodeToString(blue)}}})
	if code != 201 || out["arena"] != "vision" {
		t.Fatalf("POST /api/battles with images: %d %v", code, out)
	}
	code, got := api.do("GET", "/api/battles/"+out["id"].(string)+"?wait=30s", nil)
	turns, _ := got["turns"].([]any)
	if code != 200 || got["arena"] != "vision" || len(turns) != 1 {
		t.Fatalf("GET the battle: %d %v", code, got)
	}
	paths, _ := turns[0].(map[string]any)["images"].([]any)
	if len(paths) != 2 || !strings.HasPrefix(paths[0].(string), "/images/") || paths[0] == paths[1] {
		t.Fatalf("the turn lists images %v", paths)
	}
	if code, out := api.do("POST", "/api/battles", map[string]any{"prompt": "x", "images": []map[string]string{{"data": "not base64!"}}}); code != 400 ||
		!strings.Contains(errMessage(out), "images[0].data is not standard base64") {
		t.Errorf("bad base64: %d %v", code, out)
	}
	// A follow-up with an image, in the vision battle.
	code, out = api.do("POST", "/api/battles/"+got["id"].(string)+"/messages", map[string]any{"prompt": "And now?",
		"images": []map[string]string{{"data": base64.StdEncoding.EncodeToString(red)}}})
	if code != 201 {
		t.Fatalf("follow-up with an image: %d %v", code, out)
	}
	if code, _ := api.do("GET", "/api/battles/"+got["id"].(string)+"?wait=30s", nil); code != 200 {
		t.Fatal(code)
	}
	rs := e.fake.Requests()
	for _, r := range rs[len(rs)-2:] {
		last := r.Messages[len(r.Messages)-1]
		if last.Content != "And now?" || len(last.Parts) != 2 || last.Parts[1].Type != "image_url" {
			t.Errorf("the follow-up went to %s as %+v", r.Model, last)
		}
	}
}

// The vision arena's votes go to its own board: /leaderboard?arena=vision (and the API's
// twin) rates the vision models from them, the text board never sees them, the page
// switches between the two, and imported votes, which are text battles, are refused
// on the vision board.
func TestVisionLeaderboard(t *testing.T) {
	e := newEnv(t, arena.Model{Name: "eye-one", ModelID: "eye1", Vision: true}, arena.Model{Name: "eye-two", ModelID: "eye2", Vision: true})
	api := e.apiUser("viewer")
	img := base64.StdEncoding.EncodeToString(flatPNG(t, color.RGBA{0, 128, 0, 255}))
	for range 3 {
		code, out := api.do("POST", "/api/battles", map[string]any{"prompt": "Describe it", "images": []map[string]string{{"data": img}}})
		if code != 201 {
			t.Fatalf("start: %d %v", code, out)
		}
		id := out["id"].(string)
		api.wait(id)
		if code, out := api.do("POST", "/api/battles/"+id+"/vote", map[string]string{"winner": "model_a"}); code != 200 {
			t.Fatalf("vote: %d %v", code, out)
		}
	}
	names := func(path string) (string, []string) {
		t.Helper()
		code, out := api.do("GET", path, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d %v", path, code, out)
		}
		var got []string
		for _, m := range out["models"].([]any) {
			got = append(got, m.(map[string]any)["model"].(string))
		}
		view, _ := out["view"].(map[string]any)
		return view["arena"].(string), got
	}
	kind, vision := names("/api/leaderboard?arena=vision&style=0")
	if kind != "vision" || len(vision) != 2 || !strings.HasPrefix(vision[0], "eye-") || !strings.HasPrefix(vision[1], "eye-") {
		t.Errorf("the vision board (%s) rates %v, want the two vision models", kind, vision)
	}
	if kind, text := names("/api/leaderboard?style=0"); kind != "text" || len(text) != 0 {
		t.Errorf("the text board (%s) rates %v, want nobody: every vote was a vision battle's", kind, text)
	}
	if _, styled := names("/api/leaderboard?arena=vision"); len(styled) != 2 {
		t.Errorf("the style-controlled vision board rates %v", styled)
	}
	b := e.browser()
	code, page := b.get("/leaderboard?arena=vision&style=0")
	if code != 200 || !strings.Contains(page, `id="vision-board"`) || !strings.Contains(page, "eye-one") ||
		!regexp.MustCompile(`id="arena-vision"[^>]*aria-current="page"`).MatchString(page) {
		t.Fatalf("the vision board page: %d\n%s", code, page)
	}
	if code, page := b.get("/leaderboard"); code != 200 || strings.Contains(page, `id="vision-board"`) || !strings.Contains(page, `href="/leaderboard?arena=vision"`) {
		t.Errorf("the text board page does not switch to the vision one: %d", code)
	}
	if code, out := api.do("GET", "/api/leaderboard?arena=vision&imported=1", nil); code != 400 || !strings.Contains(errMessage(out), "the vision board has none") {
		t.Errorf("imported votes on the vision board: %d %v", code, out)
	}
	if code, out := api.do("GET", "/api/leaderboard?arena=audio", nil); code != 400 || !strings.Contains(errMessage(out), "text, vision, text_to_image or image_edit") {
		t.Errorf("an unknown arena: %d %v", code, out)
	}
}
