package sqlstore_test

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// storeOps are exported store methods of different shapes (a plain write, a read, a
// write transaction, a read transaction, a list, the maintenance calls), each run so that
// only the database can make it fail.
var storeOps = []struct {
	name string
	call func(ctx context.Context, db *sqlstore.DB) error
}{
	{"CreateUser", func(ctx context.Context, db *sqlstore.DB) error {
		return db.CreateUser(ctx, &arena.User{Username: "erin", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: time.Now()})
	}},
	{"UserByID", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.UserByID(ctx, 1); return err }},
	{"MergeGuest", func(ctx context.Context, db *sqlstore.DB) error { return db.MergeGuest(ctx, 1, 2) }},
	{"Battle", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Battle(ctx, "b1"); return err }},
	{"Balance", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Balance(ctx, 1); return err }},
	{"PairCounts", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.PairCounts(ctx, ""); return err }},
	{"SaveTree", func(ctx context.Context, db *sqlstore.DB) error {
		return db.SaveTree(ctx, 1, common.Hash{}, big.NewInt(0), nil, time.Now())
	}},
	{"Ping", func(ctx context.Context, db *sqlstore.DB) error { return db.Ping(ctx) }},
	{"Exec", func(ctx context.Context, db *sqlstore.DB) error { return db.Exec(ctx, `DELETE FROM sessions`) }},
}

func testErrorsNameTheOperation(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)

	// A person's error is what it was: an *arena.Error itself, not wrapped.
	_, err := db.UserByID(ctx, 424242)
	if e, ok := err.(*arena.Error); !ok || e.Code != arena.ENOTFOUND {
		t.Fatalf("UserByID of no one = %#v, want a bare *arena.Error, not found", err)
	}

	// A cancelled context: named, and still a cancellation to errors.Is.
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	for _, op := range storeOps {
		err := op.call(cancelled, db)
		if want := "sqlstore: " + op.name + ": "; err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%s with a cancelled context: %v, want an error starting %q", op.name, err, want)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: errors.Is(%v, context.Canceled) = false", op.name, err)
		}
	}

	// A closed database.
	db.Close()
	for _, op := range storeOps {
		err := op.call(ctx, db)
		if want := "sqlstore: " + op.name + ": "; err == nil || !strings.HasPrefix(err.Error(), want) ||
			!strings.Contains(err.Error(), "database is closed") {
			t.Errorf("%s on a closed database: %v, want an error starting %q and naming the closed database", op.name, err, want)
		}
	}
}
