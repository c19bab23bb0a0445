package arena_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/llm/llmtest"
	"github.com/arena-dev/arena/arena/sqlite/sqlitetest"
)

// An endpoint check that fails for a reason of the arena's own (not the endpoint's)
// tells the lab so, and leaves the detail, which may name internal addresses, to the log.
func TestEndpointCheckHidesInternalErrors(t *testing.T) {
	ctx := context.Background()
	db := sqlitetest.Open(t)
	admin, err := (&arena.Accounts{Store: db, Clock: arena.SystemClock{}}).AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme", admin.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	m := &arena.LabModel{Model: arena.Model{Name: "acme", ModelID: "x", Provider: arena.ProviderOpenAI, BaseURL: "https://models.acme.example/v1", Timeout: time.Second},
		LabID: lab.ID, License: arena.LicenseOpen}
	if err := db.CreateLabModel(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	const detail = "dial tcp 10.0.0.9:5432: connect: connection refused"
	var log bytes.Buffer
	labs := &arena.Labs{LabStore: db, ModelStore: db, Users: db, Clock: arena.SystemClock{}, Log: slog.New(slog.NewTextHandler(&log, nil)),
		Providers: brokenSource{errors.New("sqlstore: ModelKey: " + detail)}}
	c, err := labs.CheckModel(ctx, admin, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c.OK || strings.Contains(c.Message, "10.0.0.9") || !strings.Contains(c.Message, "log") {
		t.Fatalf("check message %q: want a failed check pointing at the operator's log, naming no address", c.Message)
	}
	if !strings.Contains(log.String(), detail) {
		t.Fatalf("the log does not have the detail:\n%s", log.String())
	}
}

// brokenSource cannot build any provider, as when a model's key cannot be read.
type brokenSource struct{ err error }

func (b brokenSource) For(arena.Model) (arena.Provider, error) { return nil, b.err }

// checkLab registers a lab model on srv's model id and returns the admin and the
// labs service, configured by configure, whose checks call srv.
func checkLab(t *testing.T, srv *llmtest.Server, modelID string, maxTokens int, configure func(*arena.Labs)) (*arena.Labs, *arena.User, int64) {
	t.Helper()
	ctx := context.Background()
	db := sqlitetest.Open(t)
	admin, err := (&arena.Accounts{Store: db, Clock: arena.SystemClock{}}).AddUser(ctx, "root", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme", admin.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	m := &arena.LabModel{Model: arena.Model{Name: "acme", ModelID: modelID, Provider: arena.ProviderOpenAI, BaseURL: srv.URL,
		MaxTokens: maxTokens, Timeout: 5 * time.Second}, LabID: lab.ID, License: arena.LicenseOpen}
	if err := db.CreateLabModel(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	labs := &arena.Labs{LabStore: db, ModelStore: db, Users: db, Clock: arena.SystemClock{}, Log: slog.New(slog.DiscardHandler)}
	labs.Providers = llm.NewProviders(llm.Options{HTTPClient: srv.Client(), Keys: labs})
	configure(labs)
	return labs, admin, m.ID
}

// The operator chooses what an endpoint check asks and how long an answer it allows;
// 0 tokens leaves the model's own setting.
func TestEndpointCheckIsConfigurable(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("m", llmtest.Behavior{Text: "Fine, thanks."})
	labs, admin, id := checkLab(t, srv, "m", 0, func(l *arena.Labs) { l.CheckPrompt = "Are you there?"; l.CheckMaxTokens = 500 })
	if c, err := labs.CheckModel(context.Background(), admin, id); err != nil || !c.OK {
		t.Fatalf("check: %+v, %v", c, err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 || len(reqs[0].Messages) != 1 || reqs[0].Messages[0].Content != "Are you there?" || reqs[0].MaxTokens != 500 {
		t.Fatalf("the check sent %+v; want the configured prompt and max_tokens 500", reqs)
	}

	srv2 := llmtest.NewServer(t)
	srv2.Handle("m", llmtest.Behavior{Text: "Fine, thanks."})
	labs, admin, id = checkLab(t, srv2, "m", 4000, func(l *arena.Labs) {})
	if c, err := labs.CheckModel(context.Background(), admin, id); err != nil || !c.OK {
		t.Fatalf("check: %+v, %v", c, err)
	}
	if reqs := srv2.Requests(); len(reqs) != 1 || reqs[0].MaxTokens != 4000 || !strings.Contains(reqs[0].Messages[0].Content, "availability check") {
		t.Fatalf("the check sent %+v; want the default prompt and the model's own max_tokens (4000)", reqs)
	}
}

// A reasoning model may spend a short check's whole budget thinking and answer no
// text: with text not required, a stream that finished passes; with it required (the
// default) it fails, and a stream that never said it finished fails either way.
func TestEndpointCheckWithoutText(t *testing.T) {
	srv := llmtest.NewServer(t)
	srv.Handle("thinker", llmtest.Behavior{NoText: true, FinishReason: "length"})
	srv.Handle("cut", llmtest.Behavior{NoText: true, Fault: llmtest.Cut})
	ctx := context.Background()
	for _, tc := range []struct {
		model        string
		optionalText bool
		ok           bool
	}{{"thinker", true, true}, {"thinker", false, false}, {"cut", true, false}} {
		labs, admin, id := checkLab(t, srv, tc.model, 0, func(l *arena.Labs) { l.CheckTextOptional = tc.optionalText })
		c, err := labs.CheckModel(ctx, admin, id)
		if err != nil {
			t.Fatal(err)
		}
		if c.OK != tc.ok || c.Message == "" {
			t.Errorf("%s with text optional %v: check %+v, want OK %v with a message", tc.model, tc.optionalText, c, tc.ok)
		}
	}
}
