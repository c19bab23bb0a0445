package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
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
	{"MergeGuest", func(ctx context.Context, db *sqlstore.DB) error { return db.MergeGuest(ctx, 1, 2, time.Now()) }},
	{"Battle", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Battle(ctx, "b1"); return err }},
	{"Balance", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Balance(ctx, 1); return err }},
	{"PairCounts", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.PairCounts(ctx, ""); return err }},
	{"SaveTree", func(ctx context.Context, db *sqlstore.DB) error {
		return db.SaveTree(ctx, 1, common.Hash{}, big.NewInt(0), time.Now())
	}},
	{"Ping", func(ctx context.Context, db *sqlstore.DB) error { return db.Ping(ctx) }},
	{"Exec", func(ctx context.Context, db *sqlstore.DB) error { return db.Exec(ctx, `DELETE FROM sessions`) }},
	{"CreateLab", func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.CreateLab(ctx, "lab", 1, time.Now())
		return err
	}},
	{"LabByID", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.LabByID(ctx, 1); return err }},
	{"LabModels", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.LabModels(ctx, 0); return err }},
	{"SetModelStatus", func(ctx context.Context, db *sqlstore.DB) error {
		return db.SetModelStatus(ctx, 1, arena.ModelPaused, "r", time.Now())
	}},
	{"PauseModel", func(ctx context.Context, db *sqlstore.DB) error {
		return db.PauseModel(ctx, 1, arena.PausedByAdmin, "r", time.Now())
	}},
	{"SetModelEndpoint", func(ctx context.Context, db *sqlstore.DB) error {
		return db.SetModelEndpoint(ctx, 1, "http://x/v1", "m", time.Now())
	}},
	{"FreeRetiredName", func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.FreeRetiredName(ctx, "m", 1, time.Now())
		return err
	}},
	{"RedeemLabInvite", func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.RedeemLabInvite(ctx, []byte("t"), 1, time.Now())
		return err
	}},
	{"ModelReasons", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.ModelReasons(ctx, 1); return err }},
	{"Snapshots", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Snapshots(ctx, 1); return err }},
	{"SnapshotVotes", func(ctx context.Context, db *sqlstore.DB) error {
		return db.SnapshotVotes(ctx, 1, func(arena.SnapshotVote) error { return nil })
	}},
	{"CountExportRows", func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.CountExportRows(ctx, arena.ExportFilter{})
		return err
	}},
	{"SetConsent", func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.SetConsent(ctx, 1, arena.ConsentDecision{Publish: true, At: time.Now()}, true)
		return err
	}},
	{"SetBattleConsent", func(ctx context.Context, db *sqlstore.DB) error {
		return db.SetBattleConsent(ctx, 1, "b", arena.ConsentDecision{At: time.Now()})
	}},
	{"Consent", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Consent(ctx, 1); return err }},
	{"MyData", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.MyData(ctx, 1); return err }},
	{"BeginImport", func(ctx context.Context, db *sqlstore.DB) error {
		_, err := db.BeginImport(ctx, "src", "f")
		return err
	}},
	{"Imports", func(ctx context.Context, db *sqlstore.DB) error { _, err := db.Imports(ctx); return err }},
}

// namedOnce reports whether err names op, as "sqlstore: op: ", and says sqlstore: once
// only: an exported method calling another must not name both.
func namedOnce(err error, op string) bool {
	return err != nil && strings.HasPrefix(err.Error(), "sqlstore: "+op+": ") && strings.Count(err.Error(), "sqlstore:") == 1
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
		if want := "sqlstore: " + op.name + ": "; !namedOnce(err, op.name) {
			t.Errorf("%s with a cancelled context: %v, want an error starting %q", op.name, err, want)
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context: errors.Is(%v, context.Canceled) = false", op.name, err)
		}
	}
	// ExportRows reads through the backend's cursor, which may not use the closed pools:
	// a cancelled context only.
	err = db.ExportRows(cancelled, arena.ExportFilter{}, func(*arena.ExportRow) error { return nil })
	if !namedOnce(err, "ExportRows") || !errors.Is(err, context.Canceled) {
		t.Errorf("ExportRows with a cancelled context: %v, want an error starting %q, a cancellation", err, "sqlstore: ExportRows: ")
	}

	// An importer's batch, written in the background, fails on a cancelled context: the
	// next Add says so, and so does Close, for what was queued since.
	im, err := db.BeginImport(ctx, "src", "f")
	if err != nil {
		t.Fatal(err)
	}
	im.SetBatchLimit(1)
	for i := range 3 {
		err = im.Add(cancelled, &arena.ImportedBattle{ExternalID: fmt.Sprint(i), ModelA: "a", ModelB: "b", Winner: arena.WinnerA, VotedAt: time.Now()})
	}
	if !namedOnce(err, "Importer.Add") || !errors.Is(err, context.Canceled) {
		t.Errorf("Importer.Add of a batch with a cancelled context: %v, want an error starting %q, a cancellation", err, "sqlstore: Importer.Add: ")
	}
	if _, err := im.Close(cancelled); !namedOnce(err, "Importer.Close") || !errors.Is(err, context.Canceled) {
		t.Errorf("Importer.Close with a cancelled context: %v, want an error starting %q, a cancellation", err, "sqlstore: Importer.Close: ")
	}
	// An importer closed after its database: Close's own statements fail, named once.
	late, err := db.BeginImport(ctx, "src", "g")
	if err != nil {
		t.Fatal(err)
	}

	// A closed database.
	db.Close()
	for _, op := range storeOps {
		err := op.call(ctx, db)
		if want := "sqlstore: " + op.name + ": "; !namedOnce(err, op.name) ||
			!strings.Contains(err.Error(), "database is closed") {
			t.Errorf("%s on a closed database: %v, want an error starting %q and naming the closed database", op.name, err, want)
		}
	}
	if _, err := late.Close(ctx); !namedOnce(err, "Importer.Close") || !strings.Contains(err.Error(), "database is closed") {
		t.Errorf("Importer.Close on a closed database: %v, want an error starting %q, once, naming the closed database", err, "sqlstore: Importer.Close: ")
	}
}
