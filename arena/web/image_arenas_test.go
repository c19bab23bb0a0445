package web_test

import (
	"bytes"
	"context"
	"image/color"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

var answerImgRE = regexp.MustCompile(`<img src="(/images/[0-9a-f]{64})" alt="Image 1 drawn by Model ([AB])"`)

// imageEnv is an arena with the two text models and two image models that edit too,
// all on the fake server.
func imageEnv(t *testing.T) *env {
	return newEnv(t, arena.Model{Name: "draw-one", ModelID: "img1", Output: arena.OutputImageEdit},
		arena.Model{Name: "draw-two", ModelID: "img2", Output: arena.OutputImageEdit})
}

// A text-to-image battle through the plain form, no script: the prompt form offers the
// choice, both image models are asked through the Images API, each pane shows its
// picture served from /images/{sha256}, and the vote reveals the names and counts on
// the text-to-image board alone. An edit through the same form sends the attached image
// to the edits endpoint. Each wrong choice is said on the form, starting nothing.
func TestTextToImageBattleWeb(t *testing.T) {
	e := imageEnv(t)
	b := e.browser()
	token := b.csrf("/")
	_, home := b.get("/")
	if !strings.Contains(home, `name="output" value="text_to_image"`) || !strings.Contains(home, `name="output" value="image_edit"`) ||
		!regexp.MustCompile(`name="output" value="text" checked`).MatchString(home) {
		t.Fatalf("the home form offers no image answers:\n%s", home)
	}
	code, page, at := b.postMultipart("/battles", map[string]string{"_csrf": token, "prompt": "a red circle", "output": "text_to_image"}, nil)
	if code != 200 || !strings.HasPrefix(at, "/battle/") {
		t.Fatalf("start text to image: %d at %s\n%s", code, at, page)
	}
	id := strings.TrimPrefix(at, "/battle/")
	stored, err := e.db.Battle(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.battles.Wait(context.Background(), &arena.User{ID: stored.UserID}, id); err != nil {
		t.Fatal(err)
	}
	_, page = b.get("/battle/" + id)
	imgs := answerImgRE.FindAllStringSubmatch(page, -1)
	if len(imgs) != 2 || imgs[0][2] != "A" || imgs[1][2] != "B" || strings.Contains(page, `id="followup-area"`) && !strings.Contains(page, `id="followup-area" hidden`) {
		t.Fatalf("the battle page shows %d answer images (want one a pane), follow-ups hidden:\n%s", len(imgs), page)
	}
	want, _ := images.Ingest("", llmtest.PromptImage("a red circle"), images.Limits{})
	res, err := http.Get(e.srv.URL + imgs[0][1])
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "image/png" || !bytes.Equal(served, want.Data) || imgs[0][1] != "/images/"+want.SHA256 {
		t.Fatalf("GET %s: %d %s, %d bytes", imgs[0][1], res.StatusCode, res.Header.Get("Content-Type"), len(served))
	}
	models := map[string]bool{}
	for _, r := range e.fake.Requests() {
		if r.Path != "/v1/images/generations" || r.Prompt != "a red circle" || r.Fields["response_format"] != "b64_json" {
			t.Errorf("the models were asked %s %q %v", r.Path, r.Prompt, r.Fields)
		}
		models[r.Model] = true
	}
	if !models["img1"] || !models["img2"] {
		t.Errorf("asked %v, want both image models", models)
	}
	code, voted := b.submit("/battle/"+id, "/battle/"+id+"/vote", url.Values{"winner": {"model_a"}})
	if code != 200 || !strings.Contains(voted, "Here is who was who") || !strings.Contains(voted, "draw-") {
		t.Fatalf("vote: %d\n%s", code, voted)
	}
	api := e.apiUser("viewer")
	board := func(path string) []string {
		t.Helper()
		code, out := api.do("GET", path, nil)
		if code != 200 {
			t.Fatalf("GET %s: %d %v", path, code, out)
		}
		var got []string
		for _, m := range out["models"].([]any) {
			got = append(got, m.(map[string]any)["model"].(string))
		}
		return got
	}
	if got := board("/api/leaderboard?arena=text_to_image"); len(got) != 2 || !strings.HasPrefix(got[0], "draw-") {
		t.Errorf("the text-to-image board rates %v", got)
	}
	// The image boards are fitted without style control unless asked: pictures have no
	// length or formatting; asked, there is nothing to fit.
	if got := board("/api/leaderboard?arena=text_to_image&style=1"); len(got) != 0 {
		t.Errorf("the style-controlled text-to-image board rates %v", got)
	}
	for _, path := range []string{"/api/leaderboard?style=0", "/api/leaderboard?arena=vision&style=0", "/api/leaderboard?arena=image_edit"} {
		if got := board(path); len(got) != 0 {
			t.Errorf("%s rates %v, want nobody", path, got)
		}
	}
	code, lb := b.get("/leaderboard?arena=text-to-image")
	if code != 200 || !strings.Contains(lb, `id="text-to-image-board"`) || !regexp.MustCompile(`id="arena-text_to_image"[^>]*aria-current="page"`).MatchString(lb) ||
		!strings.Contains(lb, `href="/leaderboard?arena=image_edit"`) || !strings.Contains(lb, `href="/leaderboard"`) {
		t.Fatalf("the text-to-image board page: %d\n%s", code, lb)
	}

	// An edit: the attached image goes to /images/edits.
	photo := flatPNG(t, color.RGBA{0, 128, 255, 255})
	in, _ := images.Ingest("", photo, images.Limits{})
	before := len(e.fake.Requests())
	code, page, at = b.postMultipart("/battles", map[string]string{"_csrf": token, "prompt": "make it red", "output": "image_edit"}, map[string][]byte{"photo.png": photo})
	if code != 200 || !strings.HasPrefix(at, "/battle/") {
		t.Fatalf("start an edit: %d at %s\n%s", code, at, page)
	}
	id = strings.TrimPrefix(at, "/battle/")
	if _, err := e.battles.Wait(context.Background(), &arena.User{ID: stored.UserID}, id); err != nil {
		t.Fatal(err)
	}
	edits := e.fake.Requests()[before:]
	if len(edits) != 2 || edits[0].Path != "/v1/images/edits" || !bytes.Equal(edits[0].Image, in.Data) || edits[1].Prompt != "make it red" {
		t.Fatalf("the edit's requests: %+v", edits)
	}
	if eb, _ := e.db.Battle(context.Background(), id); eb.Arena != arena.ArenaImageEdit {
		t.Errorf("the edit is in arena %q", eb.Arena)
	}
	_, page = b.get("/battle/" + id)
	if n := len(answerImgRE.FindAllString(page, -1)); n != 2 || !strings.Contains(page, `<img src="/images/`+in.SHA256+`"`) {
		t.Errorf("the edit's page shows %d answer images and the input %v", n, strings.Contains(page, in.SHA256))
	}

	// Wrong choices, said on the form with the prompt kept.
	before = len(e.fake.Requests())
	for name, c := range map[string]struct {
		fields map[string]string
		files  map[string][]byte
		want   string
	}{
		"edit without an image": {map[string]string{"output": "image_edit"}, nil, "An image edit needs the image to edit"},
		"t2i with an image":     {map[string]string{"output": "text_to_image"}, map[string][]byte{"p.png": photo}, "takes no image"},
		"unknown output":        {map[string]string{"output": "video"}, nil, `got &#34;video&#34;`},
	} {
		c.fields["_csrf"], c.fields["prompt"] = token, "Draw"
		code, page, _ := b.postMultipart("/battles", c.fields, c.files)
		if code != 400 || !strings.Contains(page, c.want) || !strings.Contains(page, ">Draw</textarea>") {
			t.Errorf("%s: %d, want 400 saying %q", name, code, c.want)
		}
	}
	if after := len(e.fake.Requests()); after != before {
		t.Errorf("refused forms called the models %d times", after-before)
	}
}

// Through the JSON API: output "image" starts a text-to-image battle whose turns list
// each side's images; text battles never draw an image model; a bad output is refused.
func TestImageBattleAPI(t *testing.T) {
	e := imageEnv(t)
	api := e.apiUser("viewer")
	code, out := api.do("POST", "/api/battles", map[string]any{"prompt": "three blue stars", "output": "image"})
	if code != 201 || out["arena"] != "text_to_image" {
		t.Fatalf("POST /api/battles output image: %d %v", code, out)
	}
	got := api.wait(out["id"].(string))
	turn := got["turns"].([]any)[0].(map[string]any)
	a, _ := turn["images_a"].([]any)
	bb, _ := turn["images_b"].([]any)
	want, _ := images.Ingest("", llmtest.PromptImage("three blue stars"), images.Limits{})
	if got["arena"] != "text_to_image" || len(a) != 1 || len(bb) != 1 || a[0] != "/images/"+want.SHA256 || turn["response_a"] != "" {
		t.Fatalf("the battle reads %v", got)
	}
	if code, out := api.do("POST", "/api/battles/"+got["id"].(string)+"/messages", map[string]any{"prompt": "bluer"}); code != 400 ||
		!strings.Contains(errMessage(out), "An image battle is one prompt") {
		t.Errorf("a follow-up to an image battle: %d %v", code, out)
	}
	before := len(e.fake.Requests())
	for range 6 {
		id := api.start("hello there")
		api.wait(id)
	}
	for _, r := range e.fake.Requests()[before:] {
		if r.Path != "/v1/chat/completions" || r.Model == "img1" || r.Model == "img2" {
			t.Errorf("a text battle asked %s at %s", r.Model, r.Path)
		}
	}
	if code, out := api.do("POST", "/api/battles", map[string]any{"prompt": "x", "output": "video"}); code != 400 || !strings.Contains(errMessage(out), `"output" is text or image`) {
		t.Errorf("output video: %d %v", code, out)
	}
}

// A lab registers an image model through its form: the endpoint check draws through
// the Images API and passes on the picture, the model reads back as one that draws and
// edits, and "image" with "takes images" is refused saying why.
func TestLabRegistersImageModel(t *testing.T) {
	e := newLabEnv(t)
	ctx := context.Background()
	admin := e.login("root", arena.RoleAdmin)
	olga := e.login("olga", arena.RoleUser)
	if code, body := admin.submit("/labs", "/labs", url.Values{"name": {"Acme"}, "owner": {"olga"}}); code != 200 || !strings.Contains(body, "Acme") {
		t.Fatalf("create lab: %d", code)
	}
	labs, _ := e.db.AllLabs(ctx)
	path := "/labs/" + id64(labs[0].ID)
	code, body := olga.submit(path, path+"/models", url.Values{"name": {"acme-painter"}, "base_url": {e.fake.URL},
		"model_id": {"acme-img"}, "license": {"open"}, "timeout": {"5"}, "output": {"image_edit"}})
	if code != 200 || !strings.Contains(body, "endpoint check passed") {
		t.Fatalf("register: %d\n%s", code, body)
	}
	reqs := e.fake.Requests()
	if last := reqs[len(reqs)-1]; last.Path != "/v1/images/generations" || last.Model != "acme-img" {
		t.Errorf("the check called %s for %s", last.Path, last.Model)
	}
	m, err := e.db.ModelByName(ctx, "acme-painter")
	if err != nil || m.Output != arena.OutputImageEdit {
		t.Fatalf("the model reads back %v %+v", err, m)
	}
	code, body = olga.submit(path, path+"/models", url.Values{"name": {"acme-both"}, "base_url": {e.fake.URL},
		"model_id": {"acme-img"}, "license": {"open"}, "output": {"image"}, "vision": {"1"}})
	if code != 400 || !strings.Contains(body, "not a vision (image-reading) model too") {
		t.Errorf("image and vision: %d", code)
	}
}
