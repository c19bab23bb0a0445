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
	_, err = p.Stream(ctx, arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(string) {})
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
