package main

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/langdetect"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/arena/web"
)

// TestBattleLanguages: a battle's first prompt's language is detected when it starts
// and stored; battles stored before detection (a server without it) get theirs from
// serve's back-fill, or from arena export's; an imported battle keeps its file's.
func TestBattleLanguages(t *testing.T) {
	ctx := t.Context()
	dir := t.TempDir()
	db := filepath.Join(dir, "arena.db")
	quiet := arenatest.Quiet()
	cfg := app.Config{DB: db, Log: quiet, Web: web.Config{Logger: quiet}, SeedDemoModels: true,
		Providers: llm.Options{DemoDelay: llm.Instant}, VotePoints: 10}
	battle := func(a *app.App, u *arena.User, prompt string) string {
		t.Helper()
		b, err := a.Battles.Start(ctx, u, prompt)
		if err != nil {
			t.Fatal(err)
		}
		a.Battles.Wait(ctx, u, b.ID)
		if _, err := a.Battles.Vote(ctx, u, b.ID, arena.VoteInput{Winner: arena.WinnerA}); err != nil {
			t.Fatal(err)
		}
		return b.ID
	}
	// Without a detector, as before this change: no language.
	old, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	u, err := old.Accounts.AddUser(ctx, "voter", "password1", arena.RoleUser)
	if err != nil {
		t.Fatal(err)
	}
	before := battle(old, u, "Wie funktioniert ein Verbrennungsmotor? Erkläre es einfach.")
	before2 := battle(old, u, "Объясни, пожалуйста, разницу между TCP и UDP простыми словами.")
	old.Close()

	cfg.DetectLanguage = langdetect.New().Detect
	a, err := app.New(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	after := battle(a, u, "How do I reverse a linked list in Python without recursion?")
	if b, err := a.Store.Battle(ctx, after); err != nil || b.Language != "en" {
		t.Errorf("a new battle's language: %q, %v", b.Language, err)
	}
	if got := languages(t, a.Store); got[before] != "" || got[after] != "en" {
		t.Fatalf("before the back-fill: %v", got)
	}
	// Serve back-fills in the background.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	sctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- a.Serve(sctx, ln) }()
	deadline := time.Now().Add(20 * time.Second)
	for languages(t, a.Store)[before2] == "" && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	stop()
	<-done
	if got := languages(t, a.Store); got[before] != "de" || got[before2] != "ru" || got[after] != "en" {
		t.Errorf("after serve's back-fill: %v", got)
	}
	a.Close()

	// arena export back-fills too, and leaves imported battles' languages alone.
	imp := filepath.Join(dir, "100k.jsonl")
	os.WriteFile(imp, []byte(`{"question_id":"q1","model_a":"x","model_b":"y","winner":"tie","language":"English","tstamp":1719000000,"conversation_a":[{"role":"user","content":"Hallo, wie geht es dir?"},{"role":"assistant","content":"a"}],"conversation_b":[{"role":"user","content":"Hallo, wie geht es dir?"},{"role":"assistant","content":"b"}]}`+"\n"), 0o644)
	if _, stderr, err := runDatasetCmd(t, "import", "--db", db, imp); err != nil {
		t.Fatalf("import: %v\n%s", err, stderr)
	}
	st, err := app.OpenStore(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Exec(ctx, `UPDATE battles SET language = '' WHERE source = ''`); err != nil {
		t.Fatal(err)
	}
	st.Close()
	out, stderr, err := runDatasetCmd(t, "export", "--db", db, "--all", "--format", "jsonl")
	if err != nil || !strings.Contains(stderr, "detected the language of 3 battles") {
		t.Fatalf("export: %v\n%s", err, stderr)
	}
	langs := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r struct{ ID, Language string }
		json.Unmarshal([]byte(line), &r)
		langs[r.ID] = r.Language
	}
	if langs[before] != "de" || langs[before2] != "ru" || langs[after] != "en" || langs["q1"] != "English" {
		t.Errorf("exported languages: %v", langs)
	}
}

// languages are the battles' stored languages, by the id exports give them.
func languages(t *testing.T, st *sqlstore.DB) map[string]string {
	t.Helper()
	got := map[string]string{}
	if err := st.ExportRows(t.Context(), arena.ExportFilter{Internal: true}, func(r *arena.ExportRow) error {
		got[strings.Clone(r.ID)] = strings.Clone(r.Language)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return got
}
