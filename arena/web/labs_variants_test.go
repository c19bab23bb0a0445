package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
)

// settingsForm is the settings form as the model's page fills it in, with changes.
func settingsForm(m *arena.LabModel, change map[string]string) url.Values {
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	form := url.Values{"organization": {m.Organization}, "base_url": {m.BaseURL}, "model_id": {m.ModelID},
		"system_prompt": {m.SystemPrompt}, "temperature": {opt(m.Temperature)}, "top_p": {opt(m.TopP)},
		"stop": {strings.Join(m.Stop, "\n")}, "reasoning_effort": {m.ReasoningEffort}, "max_tokens": {strconv.Itoa(m.MaxTokens)},
		"max_tokens_field": {m.MaxTokensField}, "extra_body": {m.ExtraBody},
		"timeout": {strconv.Itoa(int(m.Timeout.Seconds()))}, "max_concurrency": {strconv.Itoa(m.MaxConcurrency)}}
	if m.Seed != nil {
		form.Set("seed", strconv.FormatInt(*m.Seed, 10))
	}
	for k, v := range change {
		form.Set(k, v)
	}
	return form
}

func (f *labFixture) labModel(t *testing.T, id int64) *arena.LabModel {
	t.Helper()
	m, err := f.db.LabModel(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func (f *labFixture) modelCount(t *testing.T) int {
	t.Helper()
	ms, err := f.db.Models(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return len(ms)
}

// edit submits the settings form of model id as b, with changes.
func (f *labFixture) edit(t *testing.T, b *browser, id int64, change map[string]string) (int, string) {
	t.Helper()
	path := "/labs/models/" + id64(id)
	return b.submit(f.modelPath, path+"/settings", settingsForm(f.labModel(t, id), change))
}

func TestLabEditMakesAVariant(t *testing.T) {
	f := newLabFixture(t, true)
	ctx := context.Background()
	// The key is rotated first: in place, no variant, and the variant's calls need it.
	f.fake.RequireAPIKey("sk-rotated")
	n := f.modelCount(t)
	if code, body := f.olga.submit(f.modelPath, f.modelPath+"/key", url.Values{"api_key": {"sk-rotated"}}); code != 200 || !strings.Contains(body, "The new key is stored") {
		t.Fatalf("key rotation: %d\n%s", code, body)
	}
	if m := f.labModel(t, f.modelID); f.modelCount(t) != n || m.Status != arena.ModelActive || m.Variant != 1 || !m.HasKey {
		t.Fatalf("a key rotation made a variant or changed the model: %d models, %+v", f.modelCount(t), m)
	}

	// Settings that leave the outputs alone change in place.
	if code, body := f.edit(t, f.olga, f.modelID, map[string]string{"max_concurrency": "9", "organization": "Acme Research"}); code != 200 || !strings.Contains(body, "saved") {
		t.Fatalf("in-place edit: %d\n%s", code, body)
	}
	if m := f.labModel(t, f.modelID); f.modelCount(t) != n || m.MaxConcurrency != 9 || m.Organization != "Acme Research" || m.Status != arena.ModelActive {
		t.Fatalf("in-place edit made a variant or was lost: %d models, %+v", f.modelCount(t), m)
	}

	// The page offers the settings form to its lab.
	if _, body := f.olga.get(f.modelPath); !strings.Contains(body, `action="/labs/models/`+id64(f.modelID)+`/settings"`) {
		t.Fatal("the model's page has no settings form")
	}
	before := len(f.fake.Requests())
	code, body := f.edit(t, f.olga, f.modelID, map[string]string{"temperature": "0.3", "system_prompt": "Be brief."})
	if code != 200 || !strings.Contains(body, "acme-large@v2") || !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("edit: %d\n%s", code, body)
	}
	v, err := f.db.ModelByName(ctx, "acme-large@v2")
	if err != nil {
		t.Fatal(err)
	}
	lv := f.labModel(t, v.ID)
	if lv.ParentID != f.modelID || lv.Variant != 2 || lv.Status != arena.ModelActive || *lv.Temperature != 0.3 ||
		lv.SystemPrompt != "Be brief." || lv.MaxConcurrency != 9 || !lv.HasKey || lv.ApprovedAt.IsZero() {
		t.Fatalf("variant: %+v", lv)
	}
	parent := f.labModel(t, f.modelID)
	if parent.Status != arena.ModelRetired || parent.Temperature != nil || parent.SystemPrompt != "" ||
		!strings.Contains(parent.StatusReason, "acme-large@v2") {
		t.Fatalf("parent after the edit: %+v", parent)
	}
	// The new settings were checked with the rotated key before they were stored.
	reqs := f.fake.Requests()[before:]
	if len(reqs) == 0 || reqs[0].Temperature == nil || *reqs[0].Temperature != 0.3 || reqs[0].Header.Get("Authorization") != "Bearer sk-rotated" {
		t.Fatalf("the check of the new settings: %+v", reqs)
	}
	// Its calls use its own key, and its ratings start from nothing.
	f.modelID = v.ID
	if err := f.call(t, 5e9); err != nil {
		t.Fatalf("a call to the variant: %v", err)
	}
	var board struct {
		Models []struct{ Model string } `json:"models"`
	}
	_, raw := f.olga.get("/api/leaderboard")
	if err := json.Unmarshal([]byte(raw), &board); err != nil {
		t.Fatal(err)
	}
	for _, e := range board.Models {
		if e.Model == "acme-large@v2" {
			t.Fatal("the variant has a rating before any vote")
		}
	}
	// The lab's page shows the line of variants with what changed.
	_, page := f.olga.get("/labs/models/" + id64(v.ID))
	for _, want := range []string{"Variants", `href="/labs/models/` + id64(parent.ID) + `"`, "temperature", "0.3", "Be brief."} {
		if !strings.Contains(page, want) {
			t.Errorf("the variant's page lacks %q", want)
		}
	}
	// A retired model's settings stay as they were.
	if code, body := f.olga.submit(f.modelPath, "/labs/models/"+id64(parent.ID)+"/settings", settingsForm(parent, map[string]string{"temperature": "1"})); code != 200 || !strings.Contains(body, "retired") {
		t.Fatalf("edit of the retired parent: %d\n%s", code, body)
	}
	if p := f.labModel(t, parent.ID); p.Temperature != nil {
		t.Fatal("the retired parent changed")
	}
}

func TestLabEditRefusals(t *testing.T) {
	f := newLabFixture(t, true)
	pat := f.login("pat", arena.RoleUser)
	n := f.modelCount(t)
	unchanged := func(what string) {
		t.Helper()
		m := f.labModel(t, f.modelID)
		if f.modelCount(t) != n || m.Status != arena.ModelActive || m.Temperature != nil || m.ModelID != "acme" {
			t.Fatalf("%s changed something: %d models, %+v", what, f.modelCount(t), m)
		}
	}
	// Nobody outside the lab may edit it: another lab's owner, a plain user, a guest.
	for name, b := range map[string]*browser{"mallory": f.mallory, "pat": pat} {
		if code, _ := f.edit(t, b, f.modelID, map[string]string{"temperature": "1"}); code != 404 {
			t.Errorf("%s edited another lab's model: %d", name, code)
		}
	}
	if code, _ := f.browser().raw("PATCH", "/api/labs/models/"+id64(f.modelID), `{"temperature": 1}`); code != 401 {
		t.Errorf("a guest edited through the API: %d", code)
	}
	if code, _ := f.mallory.raw("PATCH", "/api/labs/models/"+id64(f.modelID), `{"temperature": 1}`); code != 404 {
		t.Errorf("another lab edited through the API: %d", code)
	}
	unchanged("an outsider")

	// Bad settings are refused with what was wrong, and nothing changes.
	for change, want := range map[[2]string]string{
		{"temperature", "5"}:          "Temperature must be between 0 and 2",
		{"top_p", "abc"}:              "top_p must be a number",
		{"extra_body", `{"model":1}`}: "may not set &#34;model&#34;",
		{"timeout", "9999"}:           "The timeout is 1 to 600 seconds",
		{"model_id", "fail-404"}:      "The endpoint check of the new settings failed, so nothing was changed",
	} {
		code, body := f.edit(t, f.olga, f.modelID, map[string]string{change[0]: change[1]})
		if code != 200 || !strings.Contains(body, want) {
			t.Errorf("%s=%s: %d, want %q\n%s", change[0], change[1], code, want, body)
		}
		unchanged(change[0])
	}
	for body, want := range map[string]string{
		`{"temperature": "hot"}`: "temperature",
		`{"colour": "red"}`:      `unknown setting "colour"`,
		`{"temperature": 3}`:     "Temperature must be between 0 and 2",
		`not json`:               "JSON object",
	} {
		code, out := f.olga.raw("PATCH", "/api/labs/models/"+id64(f.modelID), body)
		msg, _ := out["error"].(map[string]any)["message"].(string)
		if code != 400 || !strings.Contains(msg, want) {
			t.Errorf("PATCH %s: %d %v, want 400 with %q", body, code, out, want)
		}
		unchanged(body)
	}
}

func TestLabEditThroughTheAPI(t *testing.T) {
	f := newLabFixture(t, true)
	path := "/api/labs/models/" + id64(f.modelID)
	code, out := f.olga.raw("GET", path, "")
	if code != 200 || out["name"] != "acme-large" || out["variant"] != 1.0 || out["settings"].(map[string]any)["model"] != "acme" {
		t.Fatalf("GET: %d %v", code, out)
	}
	// Only what the request names changes: the seed is set, the temperature cleared.
	code, out = f.olga.raw("PATCH", path, `{"seed": 7, "temperature": null, "max_concurrency": 3}`)
	if code != 200 || out["variant_created"] != true {
		t.Fatalf("PATCH: %d %v", code, out)
	}
	m := out["model"].(map[string]any)
	s := m["settings"].(map[string]any)
	if m["name"] != "acme-large@v2" || m["parent_id"] != float64(f.modelID) || s["seed"] != 7.0 || s["temperature"] != nil ||
		s["max_concurrency"] != 3.0 || s["model"] != "acme" {
		t.Fatalf("the variant: %v", m)
	}
	ch := out["changes"].([]any)
	if len(ch) != 1 || ch[0].(map[string]any)["setting"] != "seed" || ch[0].(map[string]any)["to"] != "7" {
		t.Fatalf("changes: %v", ch)
	}
	// A new endpoint waits for an administrator again; the pause of an admin carries.
	id := int64(m["id"].(float64))
	code, out = f.olga.raw("PATCH", "/api/labs/models/"+id64(id), `{"model": "acme-2"}`)
	if code != 200 || out["model"].(map[string]any)["status"] != "pending" {
		t.Fatalf("endpoint change: %d %v", code, out)
	}
	v3 := int64(out["model"].(map[string]any)["id"].(float64))
	if code, body := f.admin.submit(f.modelPath, "/labs/models/"+id64(v3)+"/approve", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("approve v3: %d\n%s", code, body)
	}
	if code, _ := f.admin.submit(f.modelPath, "/labs/models/"+id64(v3)+"/pause", url.Values{}); code != 200 {
		t.Fatal("admin pause")
	}
	code, out = f.olga.raw("PATCH", "/api/labs/models/"+id64(v3), `{"top_p": 0.5}`)
	if code != 200 || out["model"].(map[string]any)["status"] != "paused" || out["model"].(map[string]any)["paused_by"] != "admin" {
		t.Fatalf("edit of an admin-paused model: %d %v", code, out)
	}
	code, out = f.olga.raw("GET", "/api/labs/models/"+id64(v3), "")
	if vs := out["variants"].([]any); code != 200 || len(vs) != 4 || vs[3].(map[string]any)["name"] != "acme-large@v4" {
		t.Fatalf("lineage: %d %v", code, out["variants"])
	}
}
