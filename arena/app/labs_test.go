package app_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// trustEnv is an arena with one operator model on a loopback server of its own (the
// operator's local Ollama, say), which the operator's configuration trusts.
type trustEnv struct {
	a        *app.App
	db       *sqlstore.DB
	operator *llmtest.Server
	opModel  arena.Model
	admin    *arena.User
	labID    int64
}

func newTrustEnv(t *testing.T, allowPrivate bool) *trustEnv {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	op := llmtest.NewServer(t)
	m := arena.Model{Name: "op-local", ModelID: "local", Provider: arena.ProviderOpenAI, BaseURL: op.URL, Active: true, Timeout: 5 * time.Second}
	if err := db.CreateModel(ctx, &m); err != nil {
		t.Fatal(err)
	}
	quiet := arenatest.Quiet()
	a, err := app.New(ctx, app.Config{Store: db, Log: quiet,
		Labs: &app.LabsConfig{AllowPrivate: allowPrivate, Sampler: arena.SampleUniform}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	admin, err := (&arena.Accounts{Store: db, Clock: arena.SystemClock{}}).AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme", admin.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return &trustEnv{a: a, db: db, operator: op, opModel: m, admin: admin, labID: lab.ID}
}

// labModel stores a lab model straight in the store, as registration would have left it.
func (e *trustEnv) labModel(t *testing.T, name, baseURL string) *arena.LabModel {
	t.Helper()
	m := &arena.LabModel{Model: arena.Model{Name: name, ModelID: "local", Provider: arena.ProviderOpenAI, BaseURL: baseURL, Timeout: 5 * time.Second},
		LabID: e.labID, License: arena.LicenseOpen}
	if err := e.db.CreateLabModel(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
	return m
}

func stream(t *testing.T, ps arena.ProviderSource, m arena.Model) error {
	t.Helper()
	p, err := ps.For(m)
	if err != nil {
		return err
	}
	_, err = p.Stream(context.Background(), arena.ChatRequest{Messages: []arena.Message{{Role: "user", Content: "hi"}}}, func(arena.Delta) {})
	return err
}

// The operator's trust in its own endpoints is not the labs': a lab model whose URL
// names the operator's trusted host (written so before the host was trusted, or
// repointed since) is refused like any other loopback address.
func TestLabModelsDoNotShareOperatorTrust(t *testing.T) {
	e := newTrustEnv(t, false)
	if err := stream(t, e.a.Providers, e.opModel); err != nil {
		t.Fatalf("the operator's own model: %v", err)
	}
	before := len(e.operator.Requests())
	lm := e.labModel(t, "acme-sneaky", e.operator.URL)
	err := stream(t, e.a.Providers, lm.Model)
	if err == nil || !strings.Contains(arena.ErrorMessage(err), "loopback address") {
		t.Fatalf("a lab model on the operator's trusted host: %v, want a loopback refusal", err)
	}
	if n := len(e.operator.Requests()) - before; n != 0 {
		t.Fatalf("the lab model's call reached the operator's endpoint (%d requests)", n)
	}
}

// A lab endpoint that redirects to the operator's trusted endpoint does not get the
// arena to post there, neither in a battle nor in the endpoint check whose answer the
// lab reads. AllowPrivate lets the test's loopback lab endpoint be called at all; the
// same-origin rule for lab models is what must stop the redirect.
func TestLabRedirectToOperatorEndpointRefused(t *testing.T) {
	e := newTrustEnv(t, true)
	var labHits atomic.Int64
	labSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		labHits.Add(1)
		http.Redirect(w, r, e.operator.URL+"/chat/completions", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(labSrv.Close)
	lm := e.labModel(t, "acme-redirect", labSrv.URL+"/v1")

	err := stream(t, e.a.Providers, lm.Model)
	if err == nil || !strings.Contains(arena.ErrorMessage(err), "another origin") {
		t.Fatalf("battle call: %v, want a cross-origin refusal", err)
	}
	c, err := e.a.Labs.CheckModel(context.Background(), e.admin, lm.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.OK || !strings.Contains(c.Message, "another origin") {
		t.Fatalf("endpoint check: %+v, want a failed check saying the redirect left the origin", c)
	}
	if labHits.Load() != 2 {
		t.Fatalf("lab endpoint hits: %d, want 2", labHits.Load())
	}
	if n := len(e.operator.Requests()); n != 0 {
		t.Fatalf("the lab's redirect reached the operator's endpoint (%d requests)", n)
	}
	// The operator's own model is still served, on its trusted endpoint.
	if err := stream(t, e.a.Providers, e.opModel); err != nil {
		t.Fatalf("the operator's own model: %v", err)
	}
}

// An operator model added (or moved to another host) with `arena models` while the
// server runs is trusted on its new host without a restart: the operator's guard
// rereads its models' hosts when it meets one it does not know.
func TestOperatorModelAddedWhileRunning(t *testing.T) {
	e := newTrustEnv(t, false)
	ctx := context.Background()
	added := llmtest.NewServer(t)
	// As `arena models add` does it: straight into the store, from another process.
	m := arena.Model{Name: "op-added", ModelID: "local", Provider: arena.ProviderOpenAI, BaseURL: added.URL, Active: true, Timeout: 5 * time.Second}
	if err := e.db.CreateModel(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := stream(t, e.a.Providers, m); err != nil {
		t.Fatalf("the operator model added while the server runs: %v", err)
	}
	if n := len(added.Requests()); n != 1 {
		t.Fatalf("its endpoint got %d requests, want 1", n)
	}

	// `arena models set --base-url` to yet another loopback server.
	moved := llmtest.NewServer(t)
	m.BaseURL = moved.URL
	if err := e.db.UpdateModel(ctx, &m); err != nil {
		t.Fatal(err)
	}
	if err := stream(t, e.a.Providers, m); err != nil {
		t.Fatalf("the operator model moved while the server runs: %v", err)
	}
	if n := len(moved.Requests()); n != 1 {
		t.Fatalf("its new endpoint got %d requests, want 1", n)
	}
	// A lab's model on that host is still refused: the trust stays the operator's.
	lm := e.labModel(t, "acme-moved", moved.URL)
	if err := stream(t, e.a.Providers, lm.Model); err == nil || !strings.Contains(arena.ErrorMessage(err), "loopback address") {
		t.Fatalf("a lab model on the operator's new host: %v, want a loopback refusal", err)
	}
}
