package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena/llm/llmtest"
)

// A failed answer's full detail (the provider's own words, the kind, the HTTP status,
// the request id, the battle) is on the model's page for its lab and for admins; another
// lab gets a 404, and the voter's battle page and API say only why, anonymously.
func TestLabSeesFailureDetail(t *testing.T) {
	f := newLabFixture(t, true)
	ctx := context.Background()
	// Only acme-large and op-alpha stay in battles, so every battle draws acme-large.
	beta, err := f.db.ModelByName(ctx, "op-beta")
	if err != nil {
		t.Fatal(err)
	}
	betaPath := "/labs/models/" + id64(beta.ID)
	if code, body := f.admin.submit(betaPath, betaPath+"/pause", url.Values{}); code != 200 || !strings.Contains(body, `id="model-status">paused`) {
		t.Fatalf("pause op-beta: %d %s", code, body)
	}
	const secret = "the GPU caught fire in rack 7"
	f.fake.Handle("acme", llmtest.Behavior{Status: 500, ErrorMessage: secret})

	voter := f.browser()
	_, body := voter.submit("/", "/battles", url.Values{"prompt": {"Tell me about otters"}})
	m := battleIDRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no battle page: %s", body)
	}
	id := m[1]
	code, out := voter.raw("GET", "/api/battles/"+id+"?wait=10s", "")
	if code != 200 || out["status"] != "failed" {
		t.Fatalf("battle: %d %v, want failed", code, out)
	}
	var requestID string
	for _, r := range f.fake.Requests() {
		if r.Model == "acme" {
			requestID = r.Header.Get("X-Request-Id")
		}
	}
	if requestID == "" {
		t.Fatal("the failed call carried no request id")
	}
	_, page := voter.get("/battle/" + id)
	_, apiRaw := voter.get("/api/battles/" + id)
	for where, s := range map[string]string{"battle page": page, "battle API": apiRaw} {
		if !strings.Contains(s, "failed: the provider answered with an error (HTTP 500).") {
			t.Errorf("the %s does not say why the side failed:\n%s", where, s)
		}
		if strings.Contains(s, secret) || strings.Contains(s, requestID) || strings.Contains(s, "acme") {
			t.Errorf("the %s shows the failure's detail to the voter:\n%s", where, s)
		}
	}

	for who, b := range map[string]*browser{"olga": f.olga, "admin": f.admin} {
		code, page := b.get(f.modelPath)
		if code != 200 {
			t.Fatalf("%s: model page %d", who, code)
		}
		_, failures, ok := strings.Cut(page, `id="failures"`)
		if !ok {
			t.Fatalf("%s: no failures list on the model page:\n%s", who, page)
		}
		for _, want := range []string{secret, requestID, id, "unavailable", ">500<"} {
			if !strings.Contains(failures, want) {
				t.Errorf("%s: the failures list lacks %q:\n%s", who, want, failures)
			}
		}
	}
	if code, page := f.mallory.get(f.modelPath); code != http.StatusNotFound || strings.Contains(page, secret) {
		t.Fatalf("another lab's owner: %d, want 404 without the detail", code)
	}
}
