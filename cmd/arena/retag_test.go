package main

import (
	"bytes"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// staleArena is a database with a voted battle the first tagger tagged: "Write a SQL
// query" as creative. It returns the battle's id.
func staleArena(t *testing.T, db string) string {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	return staleBattle(t, store)
}

func staleBattle(t *testing.T, store *sqlstore.DB) string {
	t.Helper()
	ctx := context.Background()
	a := &arena.Model{Name: "model-a", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "model-b", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := store.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := store.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	bt := &arena.Battle{ID: "stale", UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns:    []arena.Turn{{Prompt: "Write a SQL query that counts orders per customer"}},
		Category: []string{"code", "creative"}, CreatedAt: now, UpdatedAt: now}
	if err := store.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	if err := store.FinishTurn(ctx, bt.ID, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone},
		arena.StatusReady, now); err != nil {
		t.Fatal(err)
	}
	if _, err := store.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: bt.ID, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: now},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	return bt.ID
}

// TestRetagCommand: `arena retag` re-tags the battles an older tagger tagged, moves
// their votes out of the old categories' boards, says so, and finds nothing to do the
// second time; bad flags are refused with what was wrong. An export before it warns
// that it exports old tags.
func TestRetagCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "arena.db")
	id := staleArena(t, db)
	run := func(args ...string) (string, error) {
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		err := Run(context.Background(), env, append([]string{"retag", "--db", db}, args...))
		return stdout.String(), err
	}
	export := func() string {
		var stdout, stderr bytes.Buffer
		env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
		if err := Run(context.Background(), env, []string{"export", "--db", db, "--all", "--out", filepath.Join(t.TempDir(), "x.jsonl")}); err != nil {
			t.Fatal(err)
		}
		return stderr.String()
	}
	if warn := export(); !strings.Contains(warn, "older category tagger") {
		t.Errorf("export of stale battles said %q", warn)
	}
	out, err := run("--batch", "1")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "re-tagged 1 battles") || !strings.Contains(out, "1 changed categories, 1 counted votes moved") {
		t.Errorf("first run: %q", out)
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.Battle(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(b.Category, "creative") || b.Tagger != arena.TaggerVersion || b.LMArena == nil {
		t.Errorf("the battle after retag: %v, tagger %d, %+v", b.Category, b.Tagger, b.LMArena)
	}
	if pcs, _ := store.PairCounts(context.Background(), "creative"); len(pcs) != 0 {
		t.Errorf("the creative board still holds %+v", pcs)
	}
	store.Close()
	if warn := export(); strings.Contains(warn, "older category tagger") {
		t.Errorf("export after retag still warns: %q", warn)
	}
	if out, err := run(); err != nil || !strings.Contains(out, "re-tagged 0 battles") {
		t.Errorf("second run: %q, %v", out, err)
	}
	for _, bad := range []struct{ args, want string }{{"--batch 0", "--batch 0"}, {"extra", "retag takes no arguments"}} {
		if _, err := run(strings.Fields(bad.args)...); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("retag %s: %v; want an error saying %q", bad.args, err, bad.want)
		}
	}
}
