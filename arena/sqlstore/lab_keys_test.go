package sqlstore_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
)

// testLabKeySource: the labs service gives each model the key it is called with: a lab
// model its own sealed key, the operator's models theirs from the environment.
func testLabKeySource(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Now()
	box, err := arena.NewSecretBox(bytes.Repeat([]byte{9}, 32))
	if err != nil {
		t.Fatal(err)
	}
	owner := &arena.User{Username: "olga", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: now}
	if err := db.CreateUser(ctx, owner); err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme AI", owner.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"OP_KEY": "sk-operator"}
	newLabs := func(box *arena.SecretBox) *arena.Labs {
		return &arena.Labs{LabStore: db, InviteStore: db, ModelStore: db, ReportStore: db, SnapshotStore: db, Users: db,
			Clock: arenatest.NewClock(now), Box: box, Operator: arena.EnvKeys(func(k string) string { return env[k] })}
	}
	labs := newLabs(box)
	keyed := &arena.LabModel{Model: arena.Model{Name: "acme-keyed", Provider: arena.ProviderOpenAI, BaseURL: "https://acme.example/v1",
		ModelID: "k"}, LabID: lab.ID, License: arena.LicenseOpen}
	// The sealing context is the service's, so seal through it: SetKey after creation.
	if err := db.CreateLabModel(ctx, keyed, nil); err != nil {
		t.Fatal(err)
	}
	if err := labs.SetKey(ctx, owner, keyed.ID, "sk-acme"); err != nil {
		t.Fatal(err)
	}
	keyless := &arena.LabModel{Model: arena.Model{Name: "acme-local", Provider: arena.ProviderOpenAI, BaseURL: "https://acme.example/v1",
		ModelID: "l"}, LabID: lab.ID, License: arena.LicenseOpen}
	if err := db.CreateLabModel(ctx, keyless, nil); err != nil {
		t.Fatal(err)
	}
	op := &arena.Model{Name: "op", Provider: arena.ProviderOpenAI, BaseURL: "https://op.example/v1", ModelID: "o", APIKeyEnv: "OP_KEY"}
	unset := &arena.Model{Name: "op-unset", Provider: arena.ProviderOpenAI, BaseURL: "https://op.example/v1", ModelID: "o", APIKeyEnv: "NOPE"}
	for _, m := range []*arena.Model{op, unset} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	model := func(id int64) arena.Model {
		m, err := db.LabModel(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return m.Model
	}

	// A fresh server, which decrypts from the store rather than remembering SetKey.
	fresh := newLabs(box)
	for _, tc := range []struct {
		name string
		m    arena.Model
		want string
	}{
		{"lab model", model(keyed.ID), "sk-acme"},
		{"lab model with no key", model(keyless.ID), ""},
		{"operator model", model(op.ID), "sk-operator"},
	} {
		if k, err := fresh.APIKey(ctx, tc.m); err != nil || k != tc.want {
			t.Errorf("%s: APIKey = %q, %v; want %q", tc.name, k, err, tc.want)
		}
	}
	if _, err := fresh.APIKey(ctx, model(unset.ID)); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("operator model with its variable unset: %v", err)
	}

	// Another server replaced the key: this one reads it again once told to forget.
	if err := labs.SetKey(ctx, owner, keyed.ID, "sk-acme-2"); err != nil {
		t.Fatal(err)
	}
	if k, _ := fresh.APIKey(ctx, model(keyed.ID)); k != "sk-acme" {
		t.Errorf("before ForgetKeys: %q", k)
	}
	fresh.ForgetKeys(keyed.ID)
	if k, err := fresh.APIKey(ctx, model(keyed.ID)); err != nil || k != "sk-acme-2" {
		t.Errorf("after ForgetKeys: %q, %v", k, err)
	}

	// A server started without the secret key cannot call a model whose key is sealed.
	if _, err := newLabs(nil).APIKey(ctx, model(keyed.ID)); arena.ErrorCode(err) != arena.EUNAVAILABLE {
		t.Errorf("no secret key: %v", err)
	}

	// At start-up: the right key opens every stored key; a wrong one, or none, is named
	// before any lab model is called (and paused for it).
	if err := labs.VerifyKeys(ctx); err != nil {
		t.Errorf("the right key: %v", err)
	}
	other, _ := arena.NewSecretBox(bytes.Repeat([]byte{7}, 32))
	for name, l := range map[string]*arena.Labs{"a wrong key": newLabs(other), "no key": newLabs(nil)} {
		err := l.VerifyKeys(ctx)
		if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(arena.ErrorMessage(err), "acme-keyed") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// Retired models' keys are never used again, so they do not stop a server.
	if err := db.SetModelStatus(ctx, keyed.ID, arena.ModelRetired, "retired", now); err != nil {
		t.Fatal(err)
	}
	if err := newLabs(other).VerifyKeys(ctx); err != nil {
		t.Errorf("only a retired model's key unreadable: %v", err)
	}
}
