package sqlstore_test

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// A reasoning model's thinking and why each answer ended are stored with the turn and
// read back, while the text rankings take style features from is the answer alone.
func testAnswerReasoning(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "thinker", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "talker", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	bt := &arena.Battle{ID: "reasoning", UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "2+2?"}}, CreatedAt: at, UpdatedAt: at}
	if err := db.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	ansA := arena.Answer{Text: "4", Reasoning: "# Two and two\n\nmake **four**", FinishReason: "stop", Status: arena.AnswerDone}
	ansB := arena.Answer{Text: "Four.", FinishReason: "length", Status: arena.AnswerDone}
	if err := db.FinishTurn(ctx, bt.ID, 0, ansA, ansB, arena.StatusReady, at); err != nil {
		t.Fatal(err)
	}
	got, err := db.Battle(ctx, bt.ID)
	if err != nil {
		t.Fatal(err)
	}
	ga, gb := got.Turns[0].A, got.Turns[0].B
	if ga.Reasoning != ansA.Reasoning || ga.FinishReason != "stop" || gb.Reasoning != "" || gb.FinishReason != "length" {
		t.Fatalf("read back A %q/%q, B %q/%q", ga.Reasoning, ga.FinishReason, gb.Reasoning, gb.FinishReason)
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: bt.ID, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: at},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	var styles []arena.BattleStyle
	if err := db.VotedBattles(ctx, false, true, func(vb arena.VotedBattle) error {
		if vb.Style != nil {
			styles = append(styles, *vb.Style)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if want := arena.StyleOfAnswers(ansA.Text, ansB.Text); len(styles) != 1 || styles[0] != want {
		t.Fatalf("styles %+v, want the answers' alone %+v", styles, want)
	}
}

// Exports read each answer's reasoning, finish reason and tokens beside it, and an
// import stores them so: a re-imported export keeps its reasoning.
func testReasoningExportImport(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "thinker", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "talker", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	bt := &arena.Battle{ID: "r1", UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "2+2?"}}, CreatedAt: at, UpdatedAt: at}
	if err := db.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishTurn(ctx, bt.ID, 0,
		arena.Answer{Text: "4", Reasoning: "two and two", FinishReason: "stop", CompletionTokens: 30, Status: arena.AnswerDone},
		arena.Answer{Text: "Four.", FinishReason: "length", CompletionTokens: 2, Status: arena.AnswerDone}, arena.StatusReady, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: bt.ID, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: at},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	want := arena.ExportTurn{Prompt: "2+2?", AnswerA: "4", AnswerB: "Four.", ReasoningA: "two and two", FinishA: "stop", FinishB: "length", TokensA: 30, TokensB: 2}
	var got []arena.ExportTurn
	if err := db.ExportRows(ctx, arena.ExportFilter{Internal: true}, func(r *arena.ExportRow) error {
		got = append(got, r.Clone().Turns...)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("exported turns %+v, want %+v", got, want)
	}

	im, err := db.BeginImport(ctx, "other-arena", "x.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	ib := arena.ImportedBattle{ExternalID: "r1", ModelA: "thinker", ModelB: "talker", Winner: arena.WinnerA, VotedAt: at, Turns: []arena.ExportTurn{want}}
	if err := im.Add(ctx, &ib); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	stored, err := db.Battle(ctx, sqlstore.ImportedBattleID("other-arena", "r1", at))
	if err != nil {
		t.Fatal(err)
	}
	ta, tb := stored.Turns[0].A, stored.Turns[0].B
	if ta.Text != "4" || ta.Reasoning != "two and two" || ta.FinishReason != "stop" || ta.CompletionTokens != 30 ||
		tb.Reasoning != "" || tb.FinishReason != "length" || tb.CompletionTokens != 2 {
		t.Fatalf("imported turn A %+v, B %+v", ta, tb)
	}
}

// VotedBattles gives what the leaderboards' filters read (BoardQuery.Includes): whether
// a vote was imported, its battle's stored language and its number of turns.
func testVotedBattleFilterFacts(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "own-a", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "own-b", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	bt := &arena.Battle{ID: "own", UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "Hi"}}, CreatedAt: at, UpdatedAt: at}
	if err := db.CreateBattle(ctx, bt); err != nil {
		t.Fatal(err)
	}
	done := arena.Answer{Text: "Hello", Status: arena.AnswerDone}
	if err := db.FinishTurn(ctx, bt.ID, 0, done, done, arena.StatusReady, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: bt.ID, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: at},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
	im, err := db.BeginImport(ctx, "lmarena", "f")
	if err != nil {
		t.Fatal(err)
	}
	two := []arena.ExportTurn{{Prompt: "q1", AnswerA: "a1", AnswerB: "b1"}, {Prompt: "q2", AnswerA: "a2", AnswerB: "b2"}}
	for _, ib := range []arena.ImportedBattle{
		{ExternalID: "x1", ModelA: "m1", ModelB: "m2", Winner: arena.WinnerB, VotedAt: at.Add(time.Second), Language: "de", Turns: two},
		{ExternalID: "x2", ModelA: "m2", ModelB: "m1", Winner: arena.WinnerTie, VotedAt: at.Add(2 * time.Second)},
	} {
		if err := im.Add(ctx, &ib); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	type facts struct {
		model    string
		imported bool
		language string
		turns    int
	}
	read := func(imported bool) []facts {
		var out []facts
		if err := db.VotedBattles(ctx, imported, false, func(v arena.VotedBattle) error {
			out = append(out, facts{v.ModelA, v.Imported, v.Language, v.Turns})
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	own := facts{"own-a", false, "", 1}
	if got := read(false); len(got) != 1 || got[0] != own {
		t.Errorf("counted votes: %+v", got)
	}
	want := []facts{own, {"m1", true, "de", 2}, {"m2", true, "", 1}}
	if got := read(true); !slices.Equal(got, want) {
		t.Errorf("with imported votes: %+v, want %+v", got, want)
	}
	// The same votes counted by kind.
	kinds, err := db.VoteKinds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	slices.SortFunc(kinds, func(a, b arena.VoteKind) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
	wantKinds := []arena.VoteKind{{Votes: 1}, {Imported: true, Votes: 1}, {Imported: true, Language: "de", MultiTurn: true, Votes: 1}}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("vote kinds %+v, want %+v", kinds, wantKinds)
	}
}
