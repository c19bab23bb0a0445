package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// testModelVariants: a variant is stored with its link and number, its parent retired
// in the same transaction, and a parent that is retired or already has a variant is
// refused with nothing changed.
func testModelVariants(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	owner := &arena.User{Username: "olga", Role: arena.RoleUser, PasswordHash: "x", CreatedAt: time.Now()}
	if err := db.CreateUser(ctx, owner); err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme", owner.ID, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	p := &arena.LabModel{Model: arena.Model{Name: "acme", Provider: arena.ProviderOpenAI, BaseURL: "https://api.acme.example/v1",
		ModelID: "acme-1", Timeout: time.Minute, Temperature: new(0.7)}, LabID: lab.ID, License: arena.LicenseOpen, OutputsPublic: true}
	if err := db.CreateLabModel(ctx, p, func(int64) []byte { return []byte("sealed-1") }); err != nil {
		t.Fatal(err)
	}
	if err := db.SetModelApproved(ctx, p.ID, now); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.LabModel(ctx, p.ID); got.Variant != 1 || got.ParentID != 0 {
		t.Fatalf("a registered model is variant %d of %d, want 1 of none", got.Variant, got.ParentID)
	}

	// In place: the settings that leave outputs alone.
	if err := db.SetModelDetails(ctx, p.ID, "Acme Research", 30*time.Second, 7, now); err != nil {
		t.Fatal(err)
	}
	got, _ := db.LabModel(ctx, p.ID)
	if got.Organization != "Acme Research" || got.Timeout != 30*time.Second || got.MaxConcurrency != 7 || got.Status != arena.ModelActive {
		t.Fatalf("after SetModelDetails: %+v", got)
	}
	if err := db.SetModelDetails(ctx, 99999, "x", time.Second, 0, now); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("SetModelDetails of no model: %v", err)
	}

	v := &arena.LabModel{Model: got.Model, LabID: lab.ID, License: got.License, OutputsPublic: true, ParentID: p.ID, Variant: 2,
		Status: arena.ModelActive, ApprovedAt: now, Check: arena.EndpointCheck{At: now, OK: true, Latency: 12 * time.Millisecond, Message: "hi"}}
	v.ID, v.Name, v.CreatedAt, v.Temperature = 0, "acme@v2", now.Add(time.Minute), new(0.2)
	if err := db.CreateVariant(ctx, v, func(id int64) []byte { return []byte("sealed-2") }, "Replaced by acme@v2.", now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	stored, err := db.LabModel(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Name != "acme@v2" || stored.ParentID != p.ID || stored.Variant != 2 || stored.Status != arena.ModelActive || !stored.Active ||
		!stored.ApprovedAt.Equal(now) || *stored.Temperature != 0.2 || stored.ModelID != "acme-1" || !stored.HasKey || !stored.Check.OK ||
		stored.Check.Message != "hi" || stored.Organization != "Acme Research" || stored.MaxConcurrency != 7 || !stored.OutputsPublic {
		t.Fatalf("stored variant: %+v", stored)
	}
	if k, _ := db.ModelKey(ctx, v.ID); string(k) != "sealed-2" {
		t.Fatalf("variant key %q", k)
	}
	parent, _ := db.LabModel(ctx, p.ID)
	if parent.Status != arena.ModelRetired || parent.Active || parent.StatusReason != "Replaced by acme@v2." || *parent.Temperature != 0.7 {
		t.Fatalf("parent after the variant: %+v", parent)
	}
	if k, _ := db.ModelKey(ctx, p.ID); string(k) != "sealed-1" {
		t.Fatalf("the parent's key changed: %q", k)
	}
	active, _ := db.ActiveModels(ctx)
	if len(active) != 1 || active[0].ID != v.ID {
		t.Fatalf("ActiveModels = %+v, want the variant only", active)
	}

	// A retired parent, or one with a variant already, makes none: nothing is stored.
	again := *v
	again.ID, again.Name, again.ParentID, again.Variant = 0, "acme@v2b", p.ID, 2
	if err := db.CreateVariant(ctx, &again, nil, "x", now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("a second variant of a retired parent: %v", err)
	}
	if err := db.SetModelStatus(ctx, v.ID, arena.ModelPaused, "paused", now); err != nil {
		t.Fatal(err)
	}
	paused := *v
	paused.ID, paused.Name, paused.ParentID, paused.Variant, paused.Status, paused.PausedBy = 0, "acme@v3", v.ID, 3, arena.ModelPaused, arena.PausedByAdmin
	if err := db.CreateVariant(ctx, &paused, nil, "Replaced by acme@v3.", now); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.LabModel(ctx, paused.ID); got.Status != arena.ModelPaused || got.PausedBy != arena.PausedByAdmin || got.Active || got.HasKey {
		t.Fatalf("a paused variant: %+v", got)
	}
	dup := paused
	dup.ID, dup.Name, dup.ParentID = 0, "acme@v3", paused.ID
	if err := db.CreateVariant(ctx, &dup, nil, "x", now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("a taken name: %v", err)
	}
	if got, _ := db.LabModel(ctx, paused.ID); got.Status != arena.ModelPaused {
		t.Fatalf("a refused variant retired its parent: %s", got.Status)
	}
	all, _ := db.LabModels(ctx, lab.ID)
	if len(all) != 3 {
		t.Fatalf("%d models, want 3", len(all))
	}
	line := arena.VariantLine(all, p.ID)
	if len(line) != 3 || line[0].ID != p.ID || line[1].ID != v.ID || line[2].ID != paused.ID {
		t.Fatalf("line: %+v", line)
	}
	if c := line[1].Changes; len(c) != 1 || c[0].Setting != "temperature" || c[0].From != "0.7" || c[0].To != "0.2" {
		t.Fatalf("v2's changes: %+v", c)
	}
	if len(line[2].Changes) != 0 || len(line[0].Changes) != 0 {
		t.Fatalf("changes of v1 %v and v3 %v", line[0].Changes, line[2].Changes)
	}
}
