package web_test

import (
	"context"
	"encoding/base64"
	"image/color"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/imagedir"
	"github.com/arena-dev/arena/arena/web"
)

// With --image-dir, an uploaded image is a file named by its SHA-256 in the directory,
// and everything reads it from there: /images/{sha256}, the model's request and the
// export, whose JSON Lines parts point at the path the server serves it at, and a
// release, whose image files /data serves. A file gone is a 404 saying which files
// were looked for.
func TestImageDir(t *testing.T) {
	dir, releases := filepath.Join(t.TempDir(), "imgs"), t.TempDir()
	e := newEnvApp(t, web.Config{}, func(c *app.Config) { c.ImageDir, c.Releases, c.ServeInternalReleases = dir, releases, true },
		arena.Model{Name: "eye-one", ModelID: "eye1", Vision: true}, arena.Model{Name: "eye-two", ModelID: "eye2", Vision: true})
	api := e.apiUser("viewer")
	code, out := api.multipart("/api/battles", part{name: "prompt", value: "What colour?"},
		part{name: "images", file: "g.png", value: string(flatPNG(t, color.RGBA{0, 200, 0, 255}))})
	if code != 201 {
		t.Fatalf("start: %d %v", code, out)
	}
	id := out["id"].(string)
	_, got := api.do("GET", "/api/battles/"+id+"?wait=30s", nil)
	path := got["turns"].([]any)[0].(map[string]any)["images"].([]any)[0].(string)
	sha := strings.TrimPrefix(path, "/images/")
	file := filepath.Join(dir, sha+".png")
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the image is not a file in the directory: %v", err)
	}
	res, err := http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	served, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(served) != string(data) || res.Header.Get("Content-Type") != "image/png" {
		t.Errorf("GET %s: %d %s, %d bytes; the file has %d", path, res.StatusCode, res.Header.Get("Content-Type"), len(served), len(data))
	}
	rs := e.fake.Requests()
	if p := rs[len(rs)-1].Messages[0].Parts; len(p) != 2 || p[1].ImageURL.URL != "data:image/png;base64,"+base64.StdEncoding.EncodeToString(data) {
		t.Errorf("the model was not sent the file's bytes: %+v", p)
	}
	if code, out := api.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "model_a"}); code != 200 {
		t.Fatalf("vote: %d %v", code, out)
	}
	_, _, export := api.named("GET", "/api/export?format=jsonl&mine=1", nil)
	if !strings.Contains(export, `{"type":"image","text":null,"image":"/images/`+sha+`","mimeType":"image/png"}`) {
		t.Errorf("the export does not reference the image:\n%s", export)
	}
	// A release written from the directory holds the image, downloadable from /data.
	store, err := imagedir.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dataset.WriteRelease(context.Background(), e.db, releases, "v1", dataset.Filter{Internal: true},
		dataset.ReleaseOptions{ExportOptions: dataset.ExportOptions{Images: store}}); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]int{sha + ".png": 200, strings.Repeat("0", 64) + ".png": 404, "..%2FMANIFEST.json": 404} {
		res, err := http.Get(e.srv.URL + "/data/releases/v1/images/" + name)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != want || want == 200 && string(got) != string(data) {
			t.Errorf("GET /data/releases/v1/images/%s: %d (%d bytes), want %d", name, res.StatusCode, len(got), want)
		}
	}
	os.Remove(file)
	res, err = http.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 404 || !strings.Contains(string(body), "the image directory has neither "+sha+".png nor "+sha+".jpg") || strings.Contains(string(body), dir) {
		t.Errorf("GET %s with its file gone: %d %s", path, res.StatusCode, body)
	}
}
