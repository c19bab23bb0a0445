package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

func testInvites(t *testing.T, be backend) {
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
}
