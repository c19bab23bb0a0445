package sqlstore_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// votedBattle drives one battle through the store as the web layer does: create,
// finish its turns, vote.
func votedBattle(t *testing.T, db *sqlstore.DB, u int64, a, b *arena.Model, turns []arena.ExportTurn, cats []string, w arena.Winner, at time.Time) string {
	t.Helper()
	ctx := context.Background()
	id := fmt.Sprintf("b%03d", at.Unix()%1000)
	bt := &arena.Battle{ID: id, UserID: u, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: turns[0].Prompt, Images: turns[0].Images}}, Category: cats, CreatedAt: at, UpdatedAt: at}
	if err := db.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	for i, tr := range turns {
		if i > 0 {
			if err := db.AddTurn(ctx, id, i, tr.Prompt, tr.Images, at); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.FinishTurn(ctx, id, i, arena.Answer{Text: tr.AnswerA, Status: arena.AnswerDone},
			arena.Answer{Text: tr.AnswerB, Status: arena.AnswerDone}, arena.StatusReady, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: u, Winner: w, Reasons: []string{"clearer"}, Comment: "ok", CreatedAt: at}, Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	return id
}

func testExportRowsAndFilters(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	demo := &arena.Model{Name: "demo-1", Provider: arena.ProviderDemo, Active: true}
	open := &arena.Model{Name: "gpt-x", Provider: arena.ProviderOpenAI, Active: true}
	other := &arena.Model{Name: "claude-y", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{demo, open, other} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	// The trigger makes demo models public, even when seeded after the migration.
	if p, err := db.ModelOutputsPublic(ctx, demo.ID); err != nil || !p {
		t.Fatalf("demo model outputs_public = %v, %v; want true", p, err)
	}
	if p, _ := db.ModelOutputsPublic(ctx, open.ID); p {
		t.Fatal("an openai model is public by default")
	}
	u1, _ := db.CreateGuest(ctx, time.Now())
	u2, _ := db.CreateGuest(ctx, time.Now())
	if _, err := db.SetConsent(ctx, u1.ID, arena.ConsentDecision{Publish: true, At: time.Now(), Version: arena.ConsentVersion}, true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetModelOutputsPublic(ctx, open.ID, true); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	one := []arena.ExportTurn{{Prompt: "p", AnswerA: "a", AnswerB: "b"}}
	// The turns' images are exported by name, in order, each turn its own.
	sha1, sha2 := strings.Repeat("1", 64), strings.Repeat("2", 64)
	two := []arena.ExportTurn{{Prompt: "p1", AnswerA: "a1", AnswerB: "b1", Images: []string{sha1, sha2}},
		{Prompt: "p2", AnswerA: "a2", AnswerB: "b2", Images: []string{sha2}}}
	b1 := votedBattle(t, db, u1.ID, demo, open, two, []string{"code"}, arena.WinnerA, t0.Add(1*time.Second))
	b2 := votedBattle(t, db, u2.ID, open, other, one, nil, arena.WinnerTie, t0.Add(2*time.Second))
	b3 := votedBattle(t, db, u1.ID, other, demo, one, []string{"math", "creative"}, arena.WinnerBothBad, t0.Add(3*time.Second))
	b4 := votedBattle(t, db, u1.ID, open, demo, one, []string{"math"}, arena.WinnerB, t0.Add(4*time.Second))
	if err := db.SetBattleFlagged(ctx, b4, true); err != nil {
		t.Fatal(err)
	}
	// an unvoted battle never shows
	if err := db.CreateBattle(ctx, &arena.Battle{ID: "unvoted", UserID: u1.ID, ModelA: *demo, ModelB: *open, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "x"}}, CreatedAt: t0, UpdatedAt: t0}); err != nil {
		t.Fatal(err)
	}

	collect := func(f arena.ExportFilter) []string {
		t.Helper()
		var ids []string
		if err := db.ExportRows(ctx, f, func(r *arena.ExportRow) error { ids = append(ids, strings.Clone(r.ID)); return nil }); err != nil {
			t.Fatal(err)
		}
		n, err := db.CountExportRows(ctx, f)
		if err != nil || n != int64(len(ids)) {
			t.Fatalf("CountExportRows = %d, %v; ExportRows gave %d", n, err, len(ids))
		}
		return ids
	}
	for _, c := range []struct {
		name string
		f    arena.ExportFilter
		want []string
	}{
		{"all", arena.ExportFilter{Internal: true}, []string{b1, b2, b3, b4}},
		{"since", arena.ExportFilter{Internal: true, Since: t0.Add(2 * time.Second)}, []string{b2, b3, b4}},
		{"until", arena.ExportFilter{Internal: true, Until: t0.Add(3 * time.Second)}, []string{b1, b2}},
		{"models", arena.ExportFilter{Internal: true, Models: []string{"claude-y"}}, []string{b2, b3}},
		{"models-any", arena.ExportFilter{Internal: true, Models: []string{"claude-y", "demo-1"}}, []string{b1, b2, b3, b4}},
		{"category", arena.ExportFilter{Internal: true, Category: "math"}, []string{b3, b4}},
		{"category-no-partial", arena.ExportFilter{Internal: true, Category: "mat"}, nil},
		{"exclude-ties", arena.ExportFilter{Internal: true, ExcludeTies: true}, []string{b1, b4}},
		{"exclude-flagged", arena.ExportFilter{Internal: true, ExcludeFlagged: true}, []string{b1, b2, b3}},
		// The default is the publishable battles. b2: u2 did not consent; b3: claude-y's
		// terms do not allow release; b4: flagged.
		{"publishable", arena.ExportFilter{}, []string{b1}},
		{"publishable-voter", arena.ExportFilter{Voter: u2.ID}, nil},
		{"internal-voter", arena.ExportFilter{Internal: true, Voter: u2.ID}, []string{b2}},
	} {
		if got := collect(c.f); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}

	var rows []arena.ExportRow
	if err := db.ExportRows(ctx, arena.ExportFilter{Internal: true}, func(r *arena.ExportRow) error {
		rows = append(rows, r.Clone())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	r := rows[0]
	if r.ModelA != "demo-1" || r.ModelB != "gpt-x" || r.Winner != arena.WinnerA || !slices.Equal(r.Category, []string{"code"}) ||
		!r.VotedAt.Equal(t0.Add(time.Second)) || r.VoterID != u1.ID || r.Comment != "ok" || !slices.Equal(r.Reasons, []string{"clearer"}) ||
		r.Source != "" || r.Flagged {
		t.Errorf("row 0 = %+v", r)
	}
	if !reflect.DeepEqual(r.Turns, two) {
		t.Errorf("row 0 turns = %+v, want %+v", r.Turns, two)
	}
	if !rows[3].Flagged {
		t.Error("b4 not flagged in its row")
	}
	if err := db.SetBattleFlagged(ctx, "nope", true); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("flagging a missing battle: %v", err)
	}
	if c, err := db.Consent(ctx, u2.ID); err != nil || c.Publish || !c.DecidedAt.IsZero() || c.DecidedVersion != "" {
		t.Errorf("a user who was never asked: %+v, %v; want publication off and no decision", c, err)
	}
}

func testImportDedupAndPairCounts(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	live := &arena.Model{Name: "gpt-x", Provider: arena.ProviderOpenAI, Active: true}
	if err := db.CreateModel(ctx, live); err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	battles := []arena.ImportedBattle{
		{ExternalID: "q1", ModelA: "gpt-x", ModelB: "ext-1", Winner: arena.WinnerA, VotedAt: t0, Category: []string{"code"}, Judge: "j1",
			Turns: []arena.ExportTurn{{Prompt: "p", AnswerA: "a", AnswerB: "b"}}},
		{ExternalID: "q2", ModelA: "ext-1", ModelB: "gpt-x", Winner: arena.WinnerA, VotedAt: t0.Add(time.Second)},
		{ExternalID: "q3", ModelA: "ext-2", ModelB: "ext-1", Winner: arena.WinnerBothBad, VotedAt: t0.Add(2 * time.Second)},
		{ExternalID: "q3", ModelA: "ext-2", ModelB: "ext-1", Winner: arena.WinnerBothBad, VotedAt: t0.Add(2 * time.Second)}, // repeated in the file
	}
	run := func() arena.ImportStats {
		t.Helper()
		im, err := db.BeginImport(ctx, "lmarena", "test.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		for i := range battles {
			if err := im.Add(ctx, &battles[i]); err != nil {
				t.Fatal(err)
			}
		}
		st, err := im.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	st := run()
	if st.Read != 4 || st.Added != 3 || st.Duplicates != 1 || !slices.Equal(st.NewModels, []string{"ext-1", "ext-2"}) {
		t.Fatalf("first import: %+v", st)
	}
	counts := func(cat string) map[string]arena.PairCount {
		pcs, err := db.PairCounts(ctx, cat)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]arena.PairCount{}
		for _, p := range pcs {
			m[p.A+"|"+p.B] = p
		}
		return m
	}
	all := counts(arena.ImportedCategoryPrefix)
	// gpt-x (id 1) vs ext-1 (id 2): gpt-x won once as model_a, ext-1 once as model_a.
	if p := all["gpt-x|ext-1"]; p.WinsA != 1 || p.WinsB != 1 || p.Ties != 0 || p.BothBad != 0 {
		t.Errorf("gpt-x|ext-1 = %+v", p)
	}
	if p := all["ext-1|ext-2"]; p.BothBad != 1 || p.WinsA+p.WinsB+p.Ties != 0 {
		t.Errorf("ext-1|ext-2 = %+v", p)
	}
	if p := counts(arena.ImportedCategoryPrefix + "code")["gpt-x|ext-1"]; p.WinsA != 1 || p.WinsB != 0 {
		t.Errorf("imported:code = %+v", p)
	}
	if live := counts(""); len(live) != 0 {
		t.Errorf("imported battles leaked into the live category: %+v", live)
	}
	m, err := db.ModelByName(ctx, "ext-1")
	if err != nil || m.Provider != arena.ProviderExternal || m.Active {
		t.Errorf("ext-1 = %+v, %v; want an inactive external model", m, err)
	}
	// Again: nothing added, counters unchanged.
	st = run()
	if st.Added != 0 || st.Duplicates != 4 || len(st.NewModels) != 0 {
		t.Fatalf("second import: %+v", st)
	}
	if again := counts(arena.ImportedCategoryPrefix); fmt.Sprint(again) != fmt.Sprint(all) {
		t.Errorf("pair counts changed on re-import: %v -> %v", all, again)
	}
	runs, err := db.Imports(ctx)
	if err != nil || len(runs) != 2 || runs[0].Added != 0 || runs[1].Added != 3 || runs[0].FinishedAt.IsZero() {
		t.Errorf("imports = %+v, %v", runs, err)
	}
	// Exported: the source's id and judge, the imported conversation; no ledger.
	var got []arena.ExportRow
	if err := db.ExportRows(ctx, arena.ExportFilter{Internal: true}, func(r *arena.ExportRow) error {
		got = append(got, r.Clone())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].ID != "q1" || got[0].Judge != "j1" || got[0].Source != "lmarena" || len(got[0].Turns) != 1 || len(got[1].Turns) != 0 {
		t.Errorf("exported imported rows: %+v", got)
	}
	if n, _ := db.CountExportRows(ctx, arena.ExportFilter{ExcludeImported: true}); n != 0 {
		t.Errorf("ExcludeImported left %d rows", n)
	}
	if pts, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM ledger`); err != nil || pts != 0 {
		t.Errorf("ledger rows = %d, %v", pts, err)
	}
	if be.name == "sqlite" {
		if fk, err := db.WriterInt(ctx, `PRAGMA foreign_keys`); err != nil || fk != 1 {
			t.Errorf("foreign_keys after import = %d, %v", fk, err)
		}
		if ic, err := db.WriterInt(ctx, `PRAGMA ignore_check_constraints`); err != nil || ic != 0 {
			t.Errorf("ignore_check_constraints after import = %d, %v", ic, err)
		}
		// The import skips CHECK constraints for speed; what it wrote must still meet them.
		// integrity_check tests CHECK and NOT NULL constraints as well as the b-trees, but
		// only on a writable connection: on the read-only readers it passes CHECK over.
		if bad, err := db.WriterInt(ctx, `SELECT COUNT(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'`); err != nil || bad != 0 {
			t.Errorf("integrity_check after import: %d problems, %v", bad, err)
		}
	}
}

func testImportRejectsBadBattles(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	im, err := db.BeginImport(ctx, "x", "f")
	if err != nil {
		t.Fatal(err)
	}
	defer im.Close(ctx)
	if err := im.Add(ctx, &arena.ImportedBattle{ExternalID: "1", ModelA: "a", ModelB: "a", Winner: arena.WinnerA}); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("same model twice: %v", err)
	}
	if err := im.Add(ctx, &arena.ImportedBattle{ExternalID: "1", ModelA: "a", ModelB: "b", Winner: "left"}); arena.ErrorCode(err) != arena.EINVALID {
		t.Errorf("bad winner: %v", err)
	}
}

// testImportDedupAcrossWideBatches imports battles whose ids span far more stored
// battles than the batch holds, and battles out of time order, so the duplicate check
// cannot rely on one range of ids.
func testImportDedupAcrossWideBatches(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	battle := func(i int) arena.ImportedBattle {
		return arena.ImportedBattle{ExternalID: fmt.Sprint("q", i), ModelA: "m1", ModelB: "m2", Winner: arena.WinnerA,
			VotedAt: t0.Add(time.Duration(i) * time.Second)}
	}
	run := func(is ...int) arena.ImportStats {
		t.Helper()
		im, err := db.BeginImport(ctx, "lmarena", "test.jsonl")
		if err != nil {
			t.Fatal(err)
		}
		for _, i := range is {
			b := battle(i)
			if err := im.Add(ctx, &b); err != nil {
				t.Fatal(err)
			}
		}
		st, err := im.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	var evens []int
	for i := 0; i < 1000; i += 2 {
		evens = append(evens, i)
	}
	if st := run(evens...); st.Added != 500 {
		t.Fatalf("first import: %+v", st)
	}
	// First and last in time are stored, the middle one is new: the batch's ids span
	// all 500 stored battles.
	if st := run(0, 501, 998); st.Added != 1 || st.Duplicates != 2 {
		t.Errorf("wide batch: %+v", st)
	}
	// Out of order, and a mix of new and stored.
	if st := run(997, 4, 3, 996, 1); st.Added != 3 || st.Duplicates != 2 {
		t.Errorf("unordered batch: %+v", st)
	}
	if n, _ := db.CountExportRows(ctx, arena.ExportFilter{Internal: true}); n != 504 {
		t.Errorf("%d battles stored, want 504", n)
	}
}

// testImportKeepsEachBattlesSource imports battles that name the source they were
// first imported from, as a re-imported export's do: each is stored under that source,
// owned by its system user (created if new), and is the same battle as one imported
// from that source directly.
func testImportKeepsEachBattlesSource(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	t0 := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	direct := arena.ImportedBattle{ExternalID: "q1", ModelA: "m1", ModelB: "m2", Winner: arena.WinnerA, VotedAt: t0, Judge: "j1"}
	run := func(source string, bs ...arena.ImportedBattle) arena.ImportStats {
		t.Helper()
		im, err := db.BeginImport(ctx, source, "f")
		if err != nil {
			t.Fatal(err)
		}
		im.SetBatchLimit(1) // batches of 1, 2, 4...: a source created by one is reused by the next
		for i := range bs {
			if err := im.Add(ctx, &bs[i]); err != nil {
				t.Fatal(err)
			}
		}
		st, err := im.Close(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	if st := run("lmarena", direct); st.Added != 1 {
		t.Fatalf("direct import: %+v", st)
	}
	again := direct
	again.Source = "lmarena"
	other := arena.ImportedBattle{ExternalID: "x1", ModelA: "m2", ModelB: "m1", Winner: arena.WinnerB, VotedAt: t0.Add(time.Second), Judge: "j2", Source: "origin"}
	own := arena.ImportedBattle{ExternalID: "a1", ModelA: "m1", ModelB: "m2", Winner: arena.WinnerTie, VotedAt: t0.Add(2 * time.Second)}
	mine := arena.ImportedBattle{ExternalID: "a2", ModelA: "m1", ModelB: "m2", Winner: arena.WinnerTie, VotedAt: t0.Add(3 * time.Second), Source: "arena-b"}
	later := arena.ImportedBattle{ExternalID: "x2", ModelA: "m2", ModelB: "m1", Winner: arena.WinnerA, VotedAt: t0.Add(4 * time.Second), Judge: "j3", Source: "origin"}
	if st := run("arena-b", again, other, own, mine, later); st.Added != 4 || st.Duplicates != 1 {
		t.Fatalf("import naming other sources: %+v", st)
	}
	var got []string
	if err := db.ExportRows(ctx, arena.ExportFilter{}, func(r *arena.ExportRow) error {
		got = append(got, r.Source+"|"+r.ID+"|"+r.Judge)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := []string{"lmarena|q1|j1", "origin|x1|j2", "arena-b|a1|", "arena-b|a2|", "origin|x2|j3"}; !slices.Equal(got, want) {
		t.Errorf("exported %v, want %v", got, want)
	}
	// Each source's battles and votes belong to its own system user.
	for _, from := range []string{"battles b JOIN import_sources s ON s.user_id = b.user_id",
		"votes v JOIN battles b ON b.id = v.battle_id JOIN import_sources s ON s.user_id = v.user_id"} {
		owned, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM `+from+` WHERE s.source = b.source`)
		if err != nil || owned != 5 {
			t.Errorf("%s: %d rows belong to their source's user (%v), want 5", from, owned, err)
		}
	}
	if be.name == "sqlite" { // the import writes with foreign keys off
		if bad, err := db.WriterInt(ctx, `SELECT COUNT(*) FROM pragma_foreign_key_check`); err != nil || bad != 0 {
			t.Errorf("foreign_key_check after import: %d problems, %v", bad, err)
		}
	}
	// A file that names too many sources is refused.
	im, err := db.BeginImport(ctx, "many", "f")
	if err != nil {
		t.Fatal(err)
	}
	defer im.Abort(ctx)
	for i := 0; ; i++ {
		err := im.Add(ctx, &arena.ImportedBattle{ExternalID: fmt.Sprint(i), ModelA: "m1", ModelB: "m2", Winner: arena.WinnerA, Source: fmt.Sprint("s", i)})
		if err != nil {
			if arena.ErrorCode(err) != arena.EINVALID || i != sqlstore.MaxImportSources {
				t.Errorf("source %d: %v, want EINVALID after %d", i, err, sqlstore.MaxImportSources)
			}
			break
		}
	}
}

func BenchmarkImportBattles(b *testing.B) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "a.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	im, err := db.BeginImport(ctx, "bench", "x")
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Unix(1745000000, 0)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bt := arena.ImportedBattle{ExternalID: fmt.Sprint(i), ModelA: fmt.Sprintf("m%d", i%100), ModelB: fmt.Sprintf("m%d", (i+1+i%7)%100),
			Winner: arena.WinnerA, VotedAt: t0.Add(time.Duration(i) * time.Millisecond)}
		if err := im.Add(ctx, &bt); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		b.Fatal(err)
	}
}
