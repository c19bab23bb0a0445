package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
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
	var texts []string
	if err := db.VotedBattles(ctx, false, true, func(vb arena.VotedBattle) error {
		texts = append(texts, vb.TextA, vb.TextB)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(texts) != 2 || texts[0] != "4" || texts[1] != "Four." {
		t.Fatalf("style text %q, want the answers alone", texts)
	}
}
