package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func TestModelsListShowsVariants(t *testing.T) {
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
	lab, err := store.CreateLab(ctx, "Acme", owner.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	p := &arena.LabModel{Model: arena.Model{Name: "acme", Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9/v1", ModelID: "a", Timeout: time.Second},
		LabID: lab.ID, License: arena.LicenseOpen}
	if err := store.CreateLabModel(ctx, p, nil); err != nil {
		t.Fatal(err)
	}
	if err := store.SetModelApproved(ctx, p.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	v := &arena.LabModel{Model: p.Model, LabID: lab.ID, License: p.License, ParentID: p.ID, Variant: 2, Status: arena.ModelActive, ApprovedAt: time.Now()}
	v.ID, v.Name, v.CreatedAt, v.Temperature = 0, "acme@v2", time.Now(), new(0.2)
	if err := store.CreateVariant(ctx, v, nil, "Replaced by acme@v2.", time.Now()); err != nil {
		t.Fatal(err)
	}
	store.Close()

	run := func(args ...string) (string, error) {
		var out bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Getenv: func(string) string { return "" }}
		err := Run(ctx, env, append(append([]string{"models"}, args[0], "--db", db), args[1:]...))
		return out.String(), err
	}
	out, err := run("list")
	if err != nil {
		t.Fatal(err)
	}
	lines := map[string]string{}
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 0 {
			lines[f[0]] = l
		}
	}
	for name, want := range map[string][]string{
		"NAME":    {"STATUS", "LAB", "VARIANT", "LAST FAILURE"},
		"acme":    {"retired", "Acme", "v1 "},
		"acme@v2": {"active", "Acme", "v2 of acme"},
	} {
		for _, w := range want {
			if !strings.Contains(lines[name], w) {
				t.Errorf("%s: %q lacks %q\n%s", name, lines[name], w, out)
			}
		}
	}

	// The operator cannot change a lab model's answers in place: that is a variant,
	// which the lab makes. What leaves the answers alone, it may.
	if _, err := run("set", "--temperature", "0.9", "acme@v2"); err == nil || !strings.Contains(err.Error(), "new variant") {
		t.Fatalf("models set --temperature on a lab model: %v", err)
	}
	if _, err := run("set", "--concurrency", "3", "acme@v2"); err != nil {
		t.Fatal(err)
	}
	store, err = openStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	got, _ := store.LabModel(ctx, v.ID)
	if *got.Temperature != 0.2 || got.MaxConcurrency != 3 {
		t.Fatalf("after models set: temperature %v, concurrency %d", *got.Temperature, got.MaxConcurrency)
	}
}
