package sqlstore_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// staleBattle is a battle as the first tagger left it: its old tags, no v0.1 verdicts,
// tagger 0.
type staleBattle struct {
	prompt  string
	old     []string
	winner  arena.Winner // "" for no vote
	counted bool
}

// retagFixture stores battles tagged by the first tagger (the regex one: "write a" made
// anything creative, a phone number math), one imported battle and one already tagged
// by the current tagger, and returns their ids.
func retagFixture(t *testing.T, db *sqlstore.DB, stale []staleBattle) (ids []string, imported, current string) {
	t.Helper()
	ctx := context.Background()
	a := &arena.Model{Name: "model-a", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "model-b", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	for i, sb := range stale {
		at := t0.Add(time.Duration(i) * time.Second)
		turns := []arena.ExportTurn{{Prompt: sb.prompt, AnswerA: "a", AnswerB: "b"}}
		if sb.winner == "" {
			bt := &arena.Battle{ID: "s" + string(rune('a'+i)), UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
				Turns: []arena.Turn{{Prompt: sb.prompt}}, Category: sb.old, CreatedAt: at, UpdatedAt: at}
			if err := db.CreateBattle(ctx, bt); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, bt.ID)
			continue
		}
		q := arena.DefaultVoteQuality()
		q.Excluded = !sb.counted
		ids = append(ids, votedBattleQuality(t, db, u.ID, a, b, turns, sb.old, sb.winner, at, q))
	}
	im, err := db.BeginImport(ctx, "lmarena", "test.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Add(ctx, &arena.ImportedBattle{ExternalID: "q1", ModelA: "model-a", ModelB: "model-b", Winner: arena.WinnerA,
		VotedAt: t0, Category: []string{"math"}, Turns: []arena.ExportTurn{{Prompt: "hello there", AnswerA: "a", AnswerB: "b"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	tags := arena.TagPrompt("Write a haiku about the sea")
	cur := &arena.Battle{ID: "current", UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "Write a haiku about the sea"}}, Category: tags.Categories, LMArena: &tags.LMArena,
		Tagger: arena.TaggerVersion, CreatedAt: t0, UpdatedAt: t0}
	if err := db.CreateBattle(ctx, cur); err != nil {
		t.Fatal(err)
	}
	return ids, "q1", cur.ID
}

// votedBattleQuality is votedBattle with the vote's quality verdict given.
func votedBattleQuality(t *testing.T, db *sqlstore.DB, u int64, a, b *arena.Model, turns []arena.ExportTurn, cats []string, w arena.Winner, at time.Time, q arena.VoteQuality) string {
	t.Helper()
	ctx := context.Background()
	id := "v" + at.Format("150405")
	bt := &arena.Battle{ID: id, UserID: u, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: turns[0].Prompt}}, Category: cats, CreatedAt: at, UpdatedAt: at}
	if err := db.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone},
		arena.StatusReady, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: u, Winner: w, CreatedAt: at}, Quality: q}); err != nil {
		t.Fatal(err)
	}
	return id
}

var retagBattles = []staleBattle{
	{"Write a SQL query that lists the users who signed up in March", []string{"code", "creative"}, arena.WinnerA, true},
	{"How many prime numbers are there below 100?", nil, arena.WinnerB, true},
	{"Call me at 555-123-4567 about the parcel", []string{"math"}, arena.WinnerTie, true},
	{"Write an email to my boss asking for Friday off", []string{"creative"}, arena.WinnerA, false},
	{"Write a haiku about the moon", []string{"creative"}, "", false},
}

// wantCounts tallies, per category, the counted votes of the battles as now tagged:
// what the pair counters must hold after re-tagging.
func wantCounts(stale []staleBattle) map[string]arena.PairCount {
	want := map[string]arena.PairCount{}
	for _, sb := range stale {
		if sb.winner == "" || !sb.counted {
			continue
		}
		for _, c := range append([]string{""}, arena.TagPrompt(sb.prompt).Categories...) {
			p := want[c]
			p.A, p.B = "model-a", "model-b"
			switch sb.winner {
			case arena.WinnerA:
				p.WinsA++
			case arena.WinnerB:
				p.WinsB++
			case arena.WinnerTie:
				p.Ties++
			}
			want[c] = p
		}
	}
	return want
}

func checkCounts(t *testing.T, db *sqlstore.DB, want map[string]arena.PairCount) {
	t.Helper()
	for _, c := range append([]string{""}, arena.Categories...) {
		pcs, err := db.PairCounts(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[c]
		switch {
		case !ok && len(pcs) != 0:
			t.Errorf("category %q: pair counts %+v, want none", c, pcs)
		case ok && (len(pcs) != 1 || pcs[0] != w):
			t.Errorf("category %q: pair counts %+v, want %+v", c, pcs, w)
		}
	}
}

// testRetag: battles the first tagger tagged get current tags and v0.1 verdicts, in
// batches; their counted votes move between the categories' counters, excluded votes
// and battles without a vote move nothing; imported battles keep their file's tags;
// a second run does nothing.
func testRetag(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	ids, imported, current := retagFixture(t, db, retagBattles)
	if pcs, _ := db.PairCounts(ctx, "creative"); len(pcs) != 1 || pcs[0].WinsA != 1 {
		t.Fatalf("before: creative counts %+v; the SQL query's vote counts there", pcs)
	}
	var batches []arena.RetagStats
	st, err := arena.RetagBattles(ctx, db, 2, func(s arena.RetagStats) { batches = append(batches, s) })
	if err != nil {
		t.Fatal(err)
	}
	if want := (arena.RetagStats{Battles: 5, Changed: 4, Votes: 3}); st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if len(batches) != 3 || batches[2] != st {
		t.Errorf("batches of 2: progress %+v", batches)
	}
	checkCounts(t, db, wantCounts(retagBattles))
	for i, id := range ids {
		b, err := db.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		tags := arena.TagPrompt(retagBattles[i].prompt)
		if !slices.Equal(b.Category, tags.Categories) || b.LMArena == nil || *b.LMArena != tags.LMArena || b.Tagger != arena.TaggerVersion {
			t.Errorf("%q: tags %v %+v, tagger %d; want %v %+v, tagger %d", retagBattles[i].prompt, b.Category, b.LMArena, b.Tagger,
				tags.Categories, tags.LMArena, arena.TaggerVersion)
		}
	}
	if got := rowOf(t, db, imported); !slices.Equal(got.Category, []string{"math"}) || got.LMArena != nil {
		t.Errorf("imported battle: %v %+v; it keeps its file's tags", got.Category, got.LMArena)
	}
	if b, _ := db.Battle(ctx, current); b.Tagger != arena.TaggerVersion || !slices.Equal(b.Category, []string{"creative"}) ||
		b.LMArena == nil || *b.LMArena != arena.TagPrompt("Write a haiku about the sea").LMArena {
		t.Errorf("a current battle: %+v", b)
	}
	st, err = arena.RetagBattles(ctx, db, 0, nil)
	if err != nil || st != (arena.RetagStats{}) {
		t.Errorf("second run: %+v, %v; want nothing done", st, err)
	}
	checkCounts(t, db, wantCounts(retagBattles))
}

// testRetagConcurrent: two re-taggers at once, as two servers starting together on one
// database, re-tag each battle once, and the counters end as one run leaves them.
func testRetagConcurrent(t *testing.T, be backend) {
	ctx := context.Background()
	db, addr := be.openFresh(t)
	retagFixture(t, db, retagBattles)
	other, err := be.open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var wg sync.WaitGroup
	stats := make([]arena.RetagStats, 2)
	errs := make([]error, 2)
	for i, store := range []*sqlstore.DB{db, other} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			stats[i], errs[i] = arena.RetagBattles(ctx, store, 1, nil)
		}()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	if n := stats[0].Battles + stats[1].Battles; n != 5 {
		t.Errorf("battles re-tagged %+v; want 5 in all", stats)
	}
	if v := stats[0].Votes + stats[1].Votes; v != 3 {
		t.Errorf("votes moved %+v; want 3 in all", stats)
	}
	checkCounts(t, db, wantCounts(retagBattles))
}

// rowOf is the exported row of a battle.
func rowOf(t *testing.T, db *sqlstore.DB, id string) arena.ExportRow {
	t.Helper()
	var out arena.ExportRow
	err := db.ExportRows(context.Background(), arena.ExportFilter{Internal: true}, func(r *arena.ExportRow) error {
		if r.ID == id {
			out = r.Clone()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
