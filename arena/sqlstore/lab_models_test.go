package sqlstore_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func testLabModelKeyEncryptedAtRest(t *testing.T, be backend) {
	ctx := context.Background()
	db, path := be.openFresh(t)
	box, err := arena.NewSecretBox(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	owner := &arena.User{Username: "olga", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: time.Now()}
	if err := db.CreateUser(ctx, owner); err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme AI", owner.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if u, _ := db.UserByID(ctx, owner.ID); u.Role != arena.RoleLab {
		t.Errorf("owner's role %q, want lab", u.Role)
	}
	const secret = "sk-live-THIS-MUST-NEVER-BE-STORED-IN-CLEAR-0123456789"
	m := &arena.LabModel{Model: arena.Model{Name: "acme-1", Provider: arena.ProviderOpenAI, BaseURL: "https://api.acme.example/v1",
		ModelID: "acme-1", Timeout: time.Minute}, LabID: lab.ID, License: arena.LicenseProprietary}
	if err := db.CreateLabModel(ctx, m, func(id int64) []byte { return box.Seal(secret, "ctx") }); err != nil {
		t.Fatal(err)
	}
	got, err := db.LabModel(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != arena.ModelPending || got.Active || !got.HasKey || got.LabName != "Acme AI" || got.APIKeyEnv != m.APIKeyEnv {
		t.Fatalf("stored model: %+v", got)
	}
	sealed, err := db.ModelKey(ctx, m.ID)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := box.Open(sealed, "ctx"); err != nil || k != secret {
		t.Fatalf("key round trip: %q %v", k, err)
	}
	// Rotate the key too, so both the old and the new value pass through the WAL.
	if err := db.SetModelKey(ctx, m.ID, box.Seal(secret+"-v2", "ctx"), time.Now()); err != nil {
		t.Fatal(err)
	}
	var raw []byte
	if be.name != "sqlite" {
		// A server's files are not ours to read; what it stores is what it was given.
		sealed, err := db.ModelKey(ctx, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(sealed, []byte(secret)) || len(sealed) < len(secret) {
			t.Fatalf("the stored key %q is not sealed", sealed)
		}
		return
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		raw = append(raw, b...)
	}
	if len(raw) < 4096 {
		t.Fatalf("read only %d bytes of database", len(raw))
	}
	for _, needle := range []string{secret, "THIS-MUST-NEVER", "sk-live"} {
		if bytes.Contains(raw, []byte(needle)) {
			t.Fatalf("the database files contain %q in clear", needle)
		}
	}
	// Sanity: the check above can see text, since the model's own URL is there in clear.
	if !bytes.Contains(raw, []byte("api.acme.example")) {
		t.Fatal("the raw read does not see stored text at all")
	}
}

func testModelStatusDrivesActive(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "op-a", Provider: arena.ProviderDemo, Active: true}
	b := &arena.Model{Name: "op-b", Provider: arena.ProviderDemo, Active: false}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	status := func(id int64) (arena.ModelStatus, bool) {
		m, err := db.LabModel(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Status, m.Active
	}
	if s, act := status(a.ID); s != arena.ModelActive || !act {
		t.Fatalf("active operator model: %s %v", s, act)
	}
	if s, act := status(b.ID); s != arena.ModelPaused || act {
		t.Fatalf("inactive operator model: %s %v", s, act)
	}
	// Status drives active.
	if err := db.SetModelStatus(ctx, a.ID, arena.ModelRetired, "gone", time.Now()); err != nil {
		t.Fatal(err)
	}
	if s, act := status(a.ID); s != arena.ModelRetired || act {
		t.Fatalf("retired: %s %v", s, act)
	}
	// Older code setting active drives status.
	b.Active = true
	if err := db.UpdateModel(ctx, b); err != nil {
		t.Fatal(err)
	}
	if s, act := status(b.ID); s != arena.ModelActive || !act {
		t.Fatalf("re-activated by UpdateModel: %s %v", s, act)
	}
	active, _ := db.ActiveModels(ctx)
	if len(active) != 1 || active[0].ID != b.ID {
		t.Fatalf("ActiveModels = %v", active)
	}
	if ok, _ := db.PauseIfActive(ctx, b.ID, "failing", time.Now()); !ok {
		t.Fatal("PauseIfActive did not pause")
	}
	if ok, _ := db.PauseIfActive(ctx, b.ID, "failing", time.Now()); ok {
		t.Fatal("PauseIfActive paused twice")
	}
	if active, _ := db.ActiveModels(ctx); len(active) != 0 {
		t.Fatalf("paused model still sampled: %v", active)
	}
}
