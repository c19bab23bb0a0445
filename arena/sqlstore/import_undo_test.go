package sqlstore_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// importTables are the tables an import writes.
var importTables = []string{"battles", "turns", "votes", "pair_counts", "models", "imports", "import_sources", "users"}

func dump(t *testing.T, db *sqlstore.DB) map[string][]string {
	t.Helper()
	d, err := db.Dump(context.Background(), importTables...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestImportAbortLeavesNothing aborts an import after several of its batches were
// committed, on a database that already holds an import of the same source (so pair
// counts it adds to exist) and one that creates a source: the database is as before.
func TestImportAbortLeavesNothing(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			db, _ := be.openFresh(t)
			ctx := context.Background()
			at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
			add := func(im *sqlstore.Importer, n int, prefix string, models ...string) {
				t.Helper()
				for i := range n {
					b := &arena.ImportedBattle{ExternalID: fmt.Sprint(prefix, i), ModelA: models[i%len(models)], ModelB: models[(i+1)%len(models)],
						Winner: []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerBothBad}[i%4], VotedAt: at.Add(time.Duration(i) * time.Second),
						Category: []string{"code"}, Turns: []arena.ExportTurn{{Prompt: "p", AnswerA: "a", AnswerB: "b"}}}
					if err := im.Add(ctx, b); err != nil {
						t.Fatal(err)
					}
				}
			}
			im, err := db.BeginImport(ctx, "lmarena", "first")
			if err != nil {
				t.Fatal(err)
			}
			add(im, 50, "first", "a", "b", "c")
			if _, err := im.Close(ctx); err != nil {
				t.Fatal(err)
			}
			before := dump(t, db)
			for _, source := range []string{"lmarena", "new-source"} {
				im, err := db.BeginImport(ctx, source, "second")
				if err != nil {
					t.Fatal(err)
				}
				im.SetBatchLimit(7)
				add(im, 100, "second", "a", "b", "c", "new-1", "new-2") // existing pairs and new models
				if got := im.Stats().Added; got == 0 {
					t.Fatalf("no batch was committed before the abort")
				}
				if err := im.Abort(ctx); err != nil {
					t.Fatal(err)
				}
				if after := dump(t, db); !reflect.DeepEqual(before, after) {
					for _, tb := range importTables {
						if !reflect.DeepEqual(before[tb], after[tb]) {
							t.Errorf("%s: after aborting an import into %s\n%d rows before: %v\n%d after: %v", tb, source, len(before[tb]), before[tb], len(after[tb]), after[tb])
						}
					}
				}
			}
			// A re-imported export's battles name the sources they were first imported
			// from: one that exists, and one the import creates, which goes with it.
			im, err = db.BeginImport(ctx, "arena-b", "third")
			if err != nil {
				t.Fatal(err)
			}
			im.SetBatchLimit(7)
			for i := range 60 {
				b := &arena.ImportedBattle{ExternalID: fmt.Sprint("third", i), ModelA: "a", ModelB: "new-3", Winner: arena.WinnerA,
					VotedAt: at.Add(time.Duration(i) * time.Second), Source: []string{"", "lmarena", "origin"}[i%3]}
				if err := im.Add(ctx, b); err != nil {
					t.Fatal(err)
				}
			}
			if got := im.Stats().Added; got == 0 {
				t.Fatalf("no batch was committed before the abort")
			}
			if err := im.Abort(ctx); err != nil {
				t.Fatal(err)
			}
			if after := dump(t, db); !reflect.DeepEqual(before, after) {
				for _, tb := range importTables {
					if !reflect.DeepEqual(before[tb], after[tb]) {
						t.Errorf("%s: after aborting an import naming other sources\n%d rows before: %v\n%d after: %v", tb, len(before[tb]), before[tb], len(after[tb]), after[tb])
					}
				}
			}
		})
	}
}
