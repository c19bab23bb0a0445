package sqlstore_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

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

func testInvitesAndSnapshots(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	owner := &arena.User{Username: "owner", Role: arena.RoleUser, PasswordHash: "x"}
	joiner := &arena.User{Username: "joiner", Role: arena.RoleUser, PasswordHash: "x"}
	for _, u := range []*arena.User{owner, joiner} {
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	lab, _ := db.CreateLab(ctx, "L", owner.ID, time.Now())
	now := time.Now()
	hash := []byte("0123456789abcdef0123456789abcdef")
	if err := db.CreateLabInvite(ctx, arena.LabInvite{TokenHash: hash, LabID: lab.ID, CreatedBy: owner.ID, CreatedAt: now, ExpiresAt: now.Add(time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RedeemLabInvite(ctx, hash, joiner.ID, now.Add(2*time.Hour)); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("expired invite: %v", err)
	}
	if id, err := db.RedeemLabInvite(ctx, hash, joiner.ID, now); err != nil || id != lab.ID {
		t.Fatalf("redeem: %d %v", id, err)
	}
	if r, _ := db.LabRoleOf(ctx, lab.ID, joiner.ID); r != arena.LabMember {
		t.Fatalf("joiner role %q", r)
	}
	if _, err := db.RedeemLabInvite(ctx, hash, owner.ID, now); arena.ErrorCode(err) != arena.ECONFLICT {
		t.Fatalf("second use: %v", err)
	}

	// A snapshot hashes exactly the votes: two arenas with the same votes agree, and
	// the hash matches one computed independently from the canonical lines.
	labs := &arena.Labs{SnapshotStore: db, Clock: fixedClock{now}}
	s0, err := labs.TakeSnapshot(ctx)
	if err != nil || s0.Votes != 0 {
		t.Fatalf("empty snapshot: %+v %v", s0, err)
	}
	vh := arena.NewVoteHash()
	if vh.Sum() != s0.Hash {
		t.Fatal("empty snapshot hash differs from the hash of no votes")
	}
	if err := vh.Add(arena.SnapshotVote{BattleID: "b", ModelA: "x", ModelB: "y", Winner: arena.WinnerA}); err != nil {
		t.Fatal(err)
	}
	if err := vh.Add(arena.SnapshotVote{BattleID: "a", ModelA: "x", ModelB: "y", Winner: arena.WinnerA}); err == nil {
		t.Fatal("out-of-order vote accepted")
	}
	list, _ := db.Snapshots(ctx, 10)
	if len(list) != 1 || list[0].Hash != s0.Hash {
		t.Fatalf("snapshots: %+v", list)
	}
}
