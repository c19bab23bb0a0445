package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"image/color"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// part is one field or file of a multipart body.
type part struct{ name, file, value string }

// multipart posts a multipart form to the API with the client's token.
func (a *apiClient) multipart(path string, parts ...part) (int, map[string]any) {
	a.e.t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, p := range parts {
		if p.file == "" {
			w.WriteField(p.name, p.value)
			continue
		}
		fw, _ := w.CreateFormFile(p.name, p.file)
		fw.Write([]byte(p.value))
	}
	w.Close()
	req, _ := http.NewRequest("POST", a.e.srv.URL+path, &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+a.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		a.e.t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		a.e.t.Fatalf("POST %s: not JSON: %s", path, raw)
	}
	return res.StatusCode, out
}

// POST /api/battles and its follow-ups take a multipart form (as curl -F sends) with
// the prompt and image files, under the JSON body's limits: too many, too big, not an
// image and SVG are each a 400 in the API's JSON error form, and none starts anything.
func TestAPIMultipart(t *testing.T) {
	e := newEnv(t, arena.Model{Name: "eye-one", ModelID: "eye1", Vision: true}, arena.Model{Name: "eye-two", ModelID: "eye2", Vision: true})
	api := e.apiUser("uploader")
	red, blue := string(flatPNG(t, color.RGBA{255, 0, 0, 255})), string(flatPNG(t, color.RGBA{0, 0, 255, 255}))
	code, out := api.multipart("/api/battles", part{name: "prompt", value: "Which is warmer?"},
		part{name: "images", file: "red.png", value: red}, part{name: "images", file: "blue.png", value: blue})
	if code != 201 || out["arena"] != "vision" || out["mode"] != "battle" {
		t.Fatalf("POST /api/battles as multipart: %d %v", code, out)
	}
	id := out["id"].(string)
	code, got := api.do("GET", "/api/battles/"+id+"?wait=30s", nil)
	turns, _ := got["turns"].([]any)
	if code != 200 || len(turns) != 1 || turns[0].(map[string]any)["prompt"] != "Which is warmer?" || len(turns[0].(map[string]any)["images"].([]any)) != 2 {
		t.Fatalf("the battle: %d %v", code, got)
	}
	rs := e.fake.Requests()
	if last := rs[len(rs)-1].Messages[0]; len(last.Parts) != 3 || last.Parts[1].Type != "image_url" || last.Parts[2].Type != "image_url" {
		t.Errorf("the model was sent %+v", last)
	}
	code, out = api.multipart("/api/battles/"+id+"/messages", part{name: "prompt", value: "And this?"}, part{name: "images", file: "b.png", value: blue})
	if code != 201 || out["turn"] != float64(1) {
		t.Fatalf("a multipart follow-up: %d %v", code, out)
	}
	if _, got = api.do("GET", "/api/battles/"+id+"?wait=30s", nil); len(got["turns"].([]any)) != 2 ||
		len(got["turns"].([]any)[1].(map[string]any)["images"].([]any)) != 1 {
		t.Errorf("after the follow-up: %v", got)
	}
	// Side by side, the models as a form gives them.
	code, out = api.multipart("/api/battles", part{name: "prompt", value: "Compare"}, part{name: "mode", value: "side_by_side"},
		part{name: "models", value: "eye-one"}, part{name: "models", value: "eye-two"}, part{name: "images", file: "r.png", value: red})
	if code != 201 || out["mode"] != "side_by_side" || len(out["models"].([]any)) != 2 {
		t.Errorf("side by side as multipart: %d %v", code, out)
	}
	api.do("GET", "/api/battles/"+out["id"].(string)+"?wait=30s", nil)

	before, battles := len(e.fake.Requests()), myBattles(t, api)
	tooBig := string(make([]byte, 10<<20+1))
	for name, c := range map[string]struct {
		parts []part
		want  string
	}{
		"five":      {[]part{{"images", "1.png", red}, {"images", "2.png", red}, {"images", "3.png", red}, {"images", "4.png", red}, {"images", "5.png", red}}, "at most 4 images; 5 were attached"},
		"too big":   {[]part{{"images", "huge.png", tooBig}}, `Image "huge.png" is 10.0 MB; the limit is 10 MB per image.`},
		"not image": {[]part{{"images", "notes.png", "just some text, not pixels"}}, `Image "notes.png" is not a PNG, JPEG, GIF or WebP image.`},
		"svg":       {[]part{{"images", "cat.png", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`}}, "SVG is never accepted"},
		"pdf":       {[]part{{"images", "doc.png", "%PDF-1.7\n..."}}, "is a PDF document"},
	} {
		code, out := api.multipart("/api/battles", append([]part{{name: "prompt", value: "Look"}}, c.parts...)...)
		if code != 400 || !strings.Contains(errMessage(out), c.want) || out["error"].(map[string]any)["code"] != "invalid" {
			t.Errorf("%s: %d %v, want 400 saying %q", name, code, out, c.want)
		}
	}
	code, out = api.multipart("/api/battles/"+id+"/messages", part{name: "prompt", value: "More"}, part{name: "images", file: "x.svg", value: `<svg/>`})
	if code != 400 || !strings.Contains(errMessage(out), "SVG is never accepted") {
		t.Errorf("a follow-up with an SVG: %d %v", code, out)
	}
	if after := len(e.fake.Requests()); after != before || myBattles(t, api) != battles {
		t.Errorf("refused uploads called the models %d times and stored %d battles", after-before, myBattles(t, api)-battles)
	}
}

// The home page's plain form works with no script at all: a multipart POST of the
// prompt and a file starts a vision battle, and the battle page's own plain form takes
// a follow-up with another image.
func TestPlainFormUploads(t *testing.T) {
	e := newEnv(t, arena.Model{Name: "eye-one", ModelID: "eye1", Vision: true}, arena.Model{Name: "eye-two", ModelID: "eye2", Vision: true})
	b := e.browser()
	token := b.csrf("/")
	code, page, at := b.postMultipart("/battles", map[string]string{"_csrf": token, "prompt": "What colour?"},
		map[string][]byte{"red.png": flatPNG(t, color.RGBA{255, 0, 0, 255})})
	if code != 200 || !strings.HasPrefix(at, "/battle/") || len(imgSrcRE.FindAllString(page, -1)) != 2 {
		t.Fatalf("the plain form: %d at %s", code, at)
	}
	id := strings.TrimPrefix(at, "/battle/")
	stored, _ := e.db.Battle(context.Background(), id)
	if _, err := e.battles.Wait(context.Background(), &arena.User{ID: stored.UserID}, id); err != nil {
		t.Fatal(err)
	}
	_, page = b.get(at)
	if !strings.Contains(page, `action="/battle/`+id+`/messages"`) || !strings.Contains(page, `enctype="multipart/form-data"`) {
		t.Fatalf("the battle page has no plain follow-up form taking files:\n%s", page)
	}
	code, page, at = b.postMultipart("/battle/"+id+"/messages", map[string]string{"_csrf": b.csrf(at), "prompt": "And this one?"},
		map[string][]byte{"blue.png": flatPNG(t, color.RGBA{0, 0, 255, 255})})
	if code != 200 || at != "/battle/"+id {
		t.Fatalf("the plain follow-up: %d at %s\n%s", code, at, page)
	}
	got, _ := e.db.Battle(context.Background(), id)
	if len(got.Turns) != 2 || len(got.Turns[1].Images) != 1 || got.Turns[1].Images[0] == got.Turns[0].Images[0] {
		t.Errorf("stored turns %+v", got.Turns)
	}
}

func myBattles(t *testing.T, api *apiClient) int {
	t.Helper()
	code, out := api.do("GET", "/api/me/battles?limit=100", nil)
	if code != 200 {
		t.Fatalf("GET /api/me/battles: %d %v", code, out)
	}
	return len(out["battles"].([]any))
}
