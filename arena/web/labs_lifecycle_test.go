package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// labFixture is a lab (Acme, owned by olga) with one registered model, acme-large,
// whose endpoint is the fake server's model id "acme"; mallory owns another lab.
type labFixture struct {
	*labEnv
	admin, olga, mallory *browser
	labPath, modelPath   string
	modelID              int64
}

func newLabFixture(t *testing.T, approve bool) *labFixture {
	t.Helper()
	f := &labFixture{labEnv: newLabEnv(t)}
	f.admin = f.login("root", arena.RoleAdmin)
	f.olga = f.login("olga", arena.RoleUser)
	f.mallory = f.login("mallory", arena.RoleUser)
	ctx := context.Background()
	for _, l := range [][2]string{{"Acme", "olga"}, {"Evil Corp", "mallory"}} {
		if code, _ := f.admin.submit("/labs", "/labs", url.Values{"name": {l[0]}, "owner": {l[1]}}); code != 200 {
			t.Fatalf("create lab %s: %d", l[0], code)
		}
	}
	labs, _ := f.db.AllLabs(ctx)
	for _, l := range labs {
		if l.Name == "Acme" {
			f.labPath = "/labs/" + id64(l.ID)
		}
	}
	f.register(t, "acme-large", "acme")
	m, err := f.db.ModelByName(ctx, "acme-large")
	if err != nil {
		t.Fatal(err)
	}
	f.modelID = m.ID
	f.modelPath = "/labs/models/" + id64(m.ID)
	if approve {
		if code, body := f.admin.submit(f.modelPath, f.modelPath+"/approve", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">active`) {
			t.Fatalf("approve: %d %s", code, body)
		}
	}
	return f
}

// register has olga register a model and returns the page she lands on.
func (f *labFixture) register(t *testing.T, name, modelID string) string {
	t.Helper()
	code, body := f.olga.submit(f.labPath, f.labPath+"/models", url.Values{"name": {name}, "base_url": {f.fake.URL},
		"model_id": {modelID}, "license": {"open"}, "timeout": {"5"}})
	if code != 200 {
		t.Fatalf("register %s: %d\n%s", name, code, body)
	}
	return body
}

// call makes one battle call to the model through the health watcher.
func (f *labFixture) call(t *testing.T, budget time.Duration) error {
	t.Helper()
	m, err := f.db.ModelByID(context.Background(), f.modelID)
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.providers.For(*m)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), budget)
	defer cancel()
	_, err = p.Stream(ctx, arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(arena.Delta) {})
	return err
}

func (f *labFixture) status(t *testing.T) arena.ModelStatus {
	t.Helper()
	m, err := f.db.LabModel(context.Background(), f.modelID)
	if err != nil {
		t.Fatal(err)
	}
	return m.Status
}

func TestLabRateLimitedModelIsNotPaused(t *testing.T) {
	f := newLabFixture(t, true)
	// The endpoint's quota is spent for longer than any answer may wait: every call
	// fails at once, however many, and the model stays in battles (PauseAfter is 3).
	f.fake.Handle("acme", llmtest.Behavior{Status: 429, RetryAfter: "60", ErrorMessage: "Rate limit reached."})
	for i := 0; i < 12; i++ {
		if err := f.call(t, 5*time.Second); arena.ErrorCode(err) != arena.ERATELIMITED {
			t.Fatalf("call %d: %v, want a rate-limited error", i, err)
		}
	}
	if s := f.status(t); s != arena.ModelActive {
		t.Fatalf("a rate-limited model is %s, want active", s)
	}
	// A 503 that names no wait is the endpoint failing, and still counts. Attempts run
	// out quickly here: the first backoff (at least 250ms) does not fit in 100ms.
	f.fake.Handle("acme", llmtest.Behavior{Status: 503})
	for i := 0; i < 3; i++ {
		f.call(t, 100*time.Millisecond)
	}
	if s := f.status(t); s != arena.ModelPaused {
		t.Fatalf("a failing model is %s, want paused", s)
	}
}

func TestLabCannotLiftAnAdminsPause(t *testing.T) {
	f := newLabFixture(t, true)
	resume := func(b *browser) (int, string) { return b.submit(f.modelPath, f.modelPath+"/resume", url.Values{}) }
	pause := func(b *browser) (int, string) { return b.submit(f.modelPath, f.modelPath+"/pause", url.Values{}) }

	// An administrator's pause holds against the lab's "Check and resume".
	if code, _ := pause(f.admin); code != 200 || f.status(t) != arena.ModelPaused {
		t.Fatalf("admin pause: %d, %s", code, f.status(t))
	}
	if _, body := f.olga.get(f.modelPath); strings.Contains(body, "Check and resume") {
		t.Error("the lab is offered to resume an administrator's pause")
	}
	if code, body := resume(f.olga); code != 403 || !strings.Contains(body, "only an administrator can resume it") {
		t.Fatalf("the lab resumed an admin's pause: %d\n%s", code, body)
	}
	if f.status(t) != arena.ModelPaused {
		t.Fatal("the admin's pause was lifted by the lab")
	}
	if code, body := resume(f.admin); code != 200 || !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("admin resume: %d\n%s", code, body)
	}

	// The lab's own pause, it lifts itself.
	pause(f.olga)
	if code, body := resume(f.olga); code != 200 || !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("the lab could not resume its own pause: %d\n%s", code, body)
	}

	// An automatic pause the lab may lift, unless an administrator takes it over.
	f.fake.Handle("acme", llmtest.Behavior{Status: 500})
	for i := 0; i < 3; i++ {
		f.call(t, 5*time.Second)
	}
	if f.status(t) != arena.ModelPaused {
		t.Fatal("not paused automatically")
	}
	if code, _ := pause(f.admin); code != 200 {
		t.Fatalf("admin hold of an automatic pause: %d", code)
	}
	f.fake.Handle("acme", llmtest.Behavior{})
	if code, _ := resume(f.olga); code != 403 || f.status(t) != arena.ModelPaused {
		t.Fatalf("the lab lifted a pause the administrator held: %d, %s", code, f.status(t))
	}
}

func TestLabFixesAFailedRegistration(t *testing.T) {
	f := newLabFixture(t, false)
	pat := f.login("pat", arena.RoleUser)
	if body := f.register(t, "acme-broken", "fail-404"); !strings.Contains(body, "endpoint check failed") {
		t.Fatalf("the broken registration passed its check:\n%s", body)
	}
	m, err := f.db.ModelByName(context.Background(), "acme-broken")
	if err != nil {
		t.Fatal(err)
	}
	path := "/labs/models/" + id64(m.ID)
	fix := url.Values{"base_url": {f.fake.URL}, "model_id": {"acme"}}
	endpoint := func() string {
		lm, _ := f.db.LabModel(context.Background(), m.ID)
		return lm.ModelID
	}

	// Nobody outside the lab may change it.
	for name, b := range map[string]*browser{"mallory": f.mallory, "pat": pat} {
		if code, _ := b.submit("/labs", path+"/endpoint", fix); code != 404 {
			t.Errorf("%s changed another lab's endpoint: %d", name, code)
		}
	}
	if endpoint() != "fail-404" {
		t.Fatal("the endpoint changed")
	}
	// The lab fixes it from the model's page; it is checked again, and can be approved.
	if _, body := f.olga.get(path); !strings.Contains(body, `action="/labs/models/`+id64(m.ID)+`/endpoint"`) {
		t.Error("the model's page has no endpoint form")
	}
	code, body := f.olga.submit(path, path+"/endpoint", fix)
	if code != 200 || !strings.Contains(body, "The endpoint is saved and its check passed") || endpoint() != "acme" {
		t.Fatalf("fix: %d, model id %q\n%s", code, endpoint(), body)
	}
	if code, body := f.admin.submit(path, path+"/approve", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">active`) {
		t.Fatalf("approve after the fix: %d\n%s", code, body)
	}
	// Approved, the endpoint is what the administrator approved.
	if _, body := f.olga.submit(path, path+"/endpoint", url.Values{"base_url": {f.fake.URL}, "model_id": {"other"}}); !strings.Contains(body, "Only a pending model&#39;s endpoint can be changed") {
		t.Fatalf("an approved model's endpoint was changeable:\n%s", body)
	}
	if endpoint() != "acme" {
		t.Fatal("an approved model's endpoint changed")
	}
}

func TestLabReusesARetiredName(t *testing.T) {
	f := newLabFixture(t, false)
	ctx := context.Background()
	retire := func(path string) {
		if code, _ := f.olga.submit(path, path+"/retire", url.Values{}); code != 200 {
			t.Fatalf("retire %s: %d", path, code)
		}
	}

	// A registration that never reached a battle frees its name when retired.
	retire(f.modelPath)
	if body := f.register(t, "acme-large", "acme"); !strings.Contains(body, `id="model-status">pending`) {
		t.Fatalf("re-registering a retired name:\n%s", body)
	}
	old, err := f.db.LabModel(ctx, f.modelID)
	if err != nil {
		t.Fatal(err)
	}
	if old.Name != "acme-large@retired-2026-01-02" || old.Status != arena.ModelRetired {
		t.Fatalf("the retired model is %q (%s), want acme-large@retired-2026-01-02", old.Name, old.Status)
	}
	fresh, _ := f.db.ModelByName(ctx, "acme-large")
	if fresh.ID == f.modelID {
		t.Fatal("the name still points at the retired model")
	}

	// A model that was in battles keeps its name for good: its votes name it.
	path := "/labs/models/" + id64(fresh.ID)
	if code, _ := f.admin.submit(path, path+"/approve", url.Values{}); code != 200 {
		t.Fatalf("approve: %d", code)
	}
	for _, n := range []string{"op-alpha", "op-beta"} { // so every battle draws acme-large
		m, _ := f.db.ModelByName(ctx, n)
		m.Active = n == "op-alpha"
		f.db.UpdateModel(ctx, m)
	}
	ann := f.apiUser("ann")
	id := ann.start("Which is better?")
	ann.wait(id)
	if code, out := ann.do("POST", "/api/battles/"+id+"/vote", map[string]any{"winner": "tie"}); code != 200 {
		t.Fatalf("vote: %d %v", code, out)
	}
	retire(path)
	code, body := f.olga.submit(f.labPath, f.labPath+"/models", url.Values{"name": {"acme-large"}, "base_url": {f.fake.URL},
		"model_id": {"acme"}, "license": {"open"}, "timeout": {"5"}})
	if code != 409 || !strings.Contains(body, "the name stays with it") {
		t.Fatalf("a name in the record was reused: %d\n%s", code, body)
	}
	kept, _ := f.db.ModelByName(ctx, "acme-large")
	pairs, err := f.db.PairCounts(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	votes := 0
	for _, p := range pairs {
		if p.A == "acme-large" || p.B == "acme-large" {
			votes += p.WinsA + p.WinsB + p.Ties + p.BothBad
		}
	}
	if kept.ID != fresh.ID || votes != 1 {
		t.Fatalf("the name now points at model %d (want %d), whose counted votes are %d (want 1)", kept.ID, fresh.ID, votes)
	}
}
