package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// TestModelsEnableFollowsTheLifecycle: `arena models enable` may not put a lab's model
// that no administrator approved into battles, nor bring back a retired one; `disable`
// is the operator's pause, which the model's lab cannot lift.
func TestModelsEnableFollowsTheLifecycle(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "arena.db")
	arenaCmd := func(args ...string) (string, error) {
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		err := Run(ctx, env, args)
		return stdout.String(), err
	}
	store, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	accounts := &arena.Accounts{Store: store, Clock: arena.SystemClock{}}
	owner, err := accounts.AddUser(ctx, "olga", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := store.CreateLab(ctx, "Acme", owner.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	lm := func(name string) *arena.LabModel {
		m := &arena.LabModel{Model: arena.Model{Name: name, Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9/v1", ModelID: name, Timeout: time.Second},
			LabID: lab.ID, License: arena.LicenseOpen}
		if err := store.CreateLabModel(ctx, m, nil); err != nil {
			t.Fatal(err)
		}
		return m
	}
	pending, retired, approved := lm("acme-pending"), lm("acme-retired"), lm("acme-approved")
	if err := store.SetModelStatus(ctx, retired.ID, arena.ModelRetired, "Retired.", time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := store.SetModelApproved(ctx, approved.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	store.Close()

	for name, want := range map[string]string{"acme-pending": "was never approved", "acme-retired": "is retired"} {
		if _, err := arenaCmd("models", "enable", "--db", db, name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("models enable %s: %v, want an error saying it %s", name, err, want)
		}
	}
	if _, err := arenaCmd("models", "disable", "--db", db, "acme-approved"); err != nil {
		t.Fatal(err)
	}

	store, err = openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if m, _ := store.LabModel(ctx, pending.ID); m.Status != arena.ModelPending || m.Active {
		t.Errorf("the unapproved model is %s (active %v), want pending", m.Status, m.Active)
	}
	if m, _ := store.LabModel(ctx, retired.ID); m.Status != arena.ModelRetired {
		t.Errorf("the retired model is %s", m.Status)
	}
	m, _ := store.LabModel(ctx, approved.ID)
	if m.Status != arena.ModelPaused || !m.PausedBy.HeldByAdmin() {
		t.Fatalf("disabled: %s by %q, want paused and held for an administrator", m.Status, m.PausedBy)
	}
	labs := &arena.Labs{LabStore: store, ModelStore: store, Users: store, Clock: arena.SystemClock{}}
	if err := labs.Resume(context.Background(), owner, approved.ID); arena.ErrorCode(err) != arena.EFORBIDDEN {
		t.Errorf("the lab resumed the operator's pause: %v", err)
	}
	if _, err := arenaCmd("models", "enable", "--db", db, "acme-approved"); err != nil {
		t.Fatal(err)
	}
	if m, _ := store.LabModel(ctx, approved.ID); m.Status != arena.ModelActive {
		t.Errorf("enable left the approved model %s", m.Status)
	}
}

// `arena models list` says where each model is in its life, whose it is (a lab's, or
// the operator's), and the last thing that went wrong with it: model health's record
// of its last failed call, or a failed endpoint check if that came later.
func TestModelsListShowsStatusLabAndLastFailure(t *testing.T) {
	ctx := t.Context()
	db := filepath.Join(t.TempDir(), "arena.db")
	store, err := openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := (&arena.Accounts{Store: store, Clock: arena.SystemClock{}}).AddUser(ctx, "olga", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := store.CreateLab(ctx, "Acme Research", owner.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	op := &arena.Model{Name: "op-model", Organization: "Ops", Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9/v1", ModelID: "x", Active: true}
	if err := store.CreateModel(ctx, op); err != nil {
		t.Fatal(err)
	}
	if err := store.SetModelFailure(ctx, op.ID, arena.ModelFailure{At: t0, Message: "dial tcp 127.0.0.1:9: connect: connection refused\nretrying"}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.PauseIfActive(ctx, op.ID, "Paused automatically.", t0); err != nil {
		t.Fatal(err)
	}
	pending := &arena.LabModel{Model: arena.Model{Name: "acme-new", Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9/v1", ModelID: "n", Timeout: time.Second},
		LabID: lab.ID, License: arena.LicenseOpen}
	if err := store.CreateLabModel(ctx, pending, nil); err != nil {
		t.Fatal(err)
	}
	if err := store.SetModelFailure(ctx, pending.ID, arena.ModelFailure{At: t0, Message: "HTTP 500"}); err != nil {
		t.Fatal(err)
	}
	if err := store.SetModelCheck(ctx, pending.ID, arena.EndpointCheck{At: t0.Add(time.Hour), Message: "HTTP 401: bad key"}); err != nil {
		t.Fatal(err)
	}
	healthy := &arena.Model{Name: "healthy", Provider: arena.ProviderDemo, Active: true}
	if err := store.CreateModel(ctx, healthy); err != nil {
		t.Fatal(err)
	}
	store.Close()

	var stdout bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stdout, Getenv: func(string) string { return "" }}
	if err := Run(ctx, env, []string{"models", "list", "--db", db}); err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(stdout.String(), "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = l
		}
	}
	for name, want := range map[string][]string{
		"NAME":     {"STATUS", "LAB", "LAST FAILURE"},
		"op-model": {"paused (automatically)", "operator", "2026-03-01T12:00Z dial tcp 127.0.0.1:9: connect: connection refused\uFFFDretrying"},
		"acme-new": {"pending", "Acme Research", "2026-03-01T13:00Z endpoint check failed: HTTP 401: bad key"},
		"healthy":  {"active", "operator", "  -"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[name], w) {
				t.Errorf("%s: %q lacks %q\n%s", name, lines[name], w, stdout.String())
			}
		}
	}
}
