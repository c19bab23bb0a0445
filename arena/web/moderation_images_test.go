package web_test

import (
	"image/color"
	"net/http"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/web"
)

// moderatedEnv is an arena whose images are checked by a fake moderation endpoint that
// flags red images as violence, or answers status when not 0.
func moderatedEnv(t *testing.T, red []byte, status int, acceptWhenDown bool) (*env, *llmtest.Server) {
	t.Helper()
	redIm, err := images.Ingest("", red, images.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	mod := llmtest.NewServer(t)
	mod.Moderate(func(in llmtest.ModerationInput) []string {
		if in.ImageURL == redIm.DataURL() {
			return []string{"violence"}
		}
		return nil
	}, status)
	m, err := llm.NewModeration(mod.URL, "", "omni-moderation-latest", nil)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnvApp(t, web.Config{}, func(c *app.Config) {
		c.ImageModeration = &arena.ImageModeration{Moderator: m, AcceptWhenDown: acceptWhenDown}
	}, arena.Model{Name: "eye-one", ModelID: "eye1", Vision: true}, arena.Model{Name: "eye-two", ModelID: "eye2", Vision: true})
	return e, mod
}

// With an image moderation endpoint, a flagged image is refused with the endpoint's
// categories, through the API and the plain form, before anything is stored or any
// model is asked; a clean one goes through. An endpoint that is down refuses the
// prompt, saying so, unless the arena is set to accept images then.
func TestImageModeration(t *testing.T) {
	red, green := flatPNG(t, color.RGBA{255, 0, 0, 255}), flatPNG(t, color.RGBA{0, 255, 0, 255})
	redIm, _ := images.Ingest("", red, images.Limits{})
	e, mod := moderatedEnv(t, red, 0, false)
	api := e.apiUser("viewer")
	code, out := api.multipart("/api/battles", part{name: "prompt", value: "Green?"}, part{name: "images", file: "g.png", value: string(green)})
	if code != 201 {
		t.Fatalf("a clean image: %d %v", code, out)
	}
	api.do("GET", "/api/battles/"+out["id"].(string)+"?wait=30s", nil)
	before := len(e.fake.Requests())
	const refused = "An image was refused by moderation: flagged by the moderation endpoint (violence). Nothing was stored."
	code, out = api.multipart("/api/battles", part{name: "prompt", value: "Red?"},
		part{name: "images", file: "g.png", value: string(green)}, part{name: "images", file: "r.png", value: string(red)})
	if code != 400 || errMessage(out) != refused {
		t.Errorf("a flagged image: %d %v", code, out)
	}
	if reqs := mod.ModerationRequests(); len(reqs) != 2 || len(reqs[1]) != 2 || reqs[1][1].Type != "image_url" {
		t.Errorf("moderation requests %d", len(reqs))
	}
	b := e.browser()
	code, page, _ := b.postMultipart("/battles", map[string]string{"_csrf": b.csrf("/"), "prompt": "Red?"}, map[string][]byte{"r.png": red})
	if code != 400 || !strings.Contains(page, "The image was refused by moderation: flagged by the moderation endpoint (violence).") {
		t.Errorf("the plain form with a flagged image: %d", code)
	}
	if after := len(e.fake.Requests()); after != before {
		t.Errorf("flagged images reached the models (%d requests)", after-before)
	}
	if res, err := http.Get(e.srv.URL + "/images/" + redIm.SHA256); err != nil || res.StatusCode != 404 {
		t.Errorf("the flagged image was stored: %v %v", res.StatusCode, err)
	}

	down, _ := moderatedEnv(t, red, 503, false)
	code, out = down.apiUser("viewer").multipart("/api/battles", part{name: "prompt", value: "Green?"}, part{name: "images", file: "g.png", value: string(green)})
	if code != 503 || out["error"].(map[string]any)["code"] != "unavailable" || !strings.Contains(errMessage(out), "The images cannot be checked right now") {
		t.Errorf("the endpoint down, refusing: %d %v", code, out)
	}
	open, _ := moderatedEnv(t, red, 503, true)
	if code, out := open.apiUser("viewer").multipart("/api/battles", part{name: "prompt", value: "Green?"}, part{name: "images", file: "g.png", value: string(green)}); code != 201 {
		t.Errorf("the endpoint down, accepting: %d %v", code, out)
	}
	// A prompt without images is not sent to the image endpoint.
	n := len(mod.ModerationRequests())
	if code, _ := api.do("POST", "/api/battles", map[string]any{"prompt": "just text"}); code != 201 || len(mod.ModerationRequests()) != n {
		t.Errorf("a text prompt: %d, %d image checks", code, len(mod.ModerationRequests())-n)
	}
}
