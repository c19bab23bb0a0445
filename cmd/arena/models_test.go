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
