package app_test

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
)

// A server started with a secret key that cannot open the keys labs stored refuses to
// start, saying why, instead of failing and pausing every keyed lab model.
func TestWrongSecretKeyStopsStartUp(t *testing.T) {
	ctx := context.Background()
	dbPath := filepath.Join(t.TempDir(), "arena.db")
	box := func(b byte) *arena.SecretBox {
		sb, err := arena.NewSecretBox(bytes.Repeat([]byte{b}, 32))
		if err != nil {
			t.Fatal(err)
		}
		return sb
	}
	cfg := func(key *arena.SecretBox) app.Config {
		return app.Config{DB: dbPath, Log: arenatest.Quiet(), SeedDemoModels: true,
			Labs: &app.LabsConfig{Box: key, Sampler: arena.SampleUniform, PauseAfter: 5}}
	}
	a, err := app.New(ctx, cfg(box(1)))
	if err != nil {
		t.Fatal(err)
	}
	admin, err := a.Accounts.AddUser(ctx, "admin", "password1", arena.RoleAdmin)
	if err != nil {
		t.Fatal(err)
	}
	lab, err := a.Labs.CreateLab(ctx, admin, "Acme", "admin")
	if err != nil {
		t.Fatal(err)
	}
	m := &arena.LabModel{Model: arena.Model{Name: "acme-1", Provider: arena.ProviderOpenAI, BaseURL: "https://acme.example/v1", ModelID: "a"},
		LabID: lab.ID, License: arena.LicenseOpen}
	if err := a.Store.CreateLabModel(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	if err := a.Labs.SetKey(ctx, admin, m.ID, "sk-acme"); err != nil {
		t.Fatal(err)
	}
	a.Close()

	for name, key := range map[string]*arena.SecretBox{"a wrong key": box(2), "no key": nil} {
		a, err := app.New(ctx, cfg(key))
		if err == nil {
			a.Close()
			t.Fatalf("%s: the server started", name)
		}
		if !strings.Contains(arena.ErrorMessage(err), "acme-1") {
			t.Errorf("%s: %v", name, err)
		}
	}
	a, err = app.New(ctx, cfg(box(1)))
	if err != nil {
		t.Fatalf("the right key: %v", err)
	}
	defer a.Close()
	k, err := a.Labs.APIKey(ctx, m.Model)
	if err != nil || k != "sk-acme" {
		t.Fatalf("the stored key: %q %v", k, err)
	}
}
