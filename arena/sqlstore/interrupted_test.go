package sqlstore_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// An interrupted answer is stored and read back as interrupted, with the text it had,
// and a vote on its battle is refused as interrupted by a restart, while one on a battle
// a model failed says so.
func testInterruptedAnswers(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "left", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "right", Provider: arena.ProviderOpenAI, Active: true}
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
	for _, c := range []struct {
		id      string
		a, b    arena.AnswerStatus
		refusal string
	}{
		{"cut", arena.AnswerInterrupted, arena.AnswerInterrupted, "interrupted by a server restart"},
		{"cut-one", arena.AnswerDone, arena.AnswerInterrupted, "interrupted by a server restart"},
		{"broken", arena.AnswerFailed, arena.AnswerInterrupted, "A model failed"},
	} {
		bt := &arena.Battle{ID: c.id, UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "hi"}}, CreatedAt: at, UpdatedAt: at}
		if err := db.CreateBattle(ctx, bt); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishTurn(ctx, c.id, 0, arena.Answer{Text: "so far", Status: c.a}, arena.Answer{Text: "half", Status: c.b}, arena.StatusFailed, at); err != nil {
			t.Fatal(err)
		}
		got, err := db.Battle(ctx, c.id)
		if err != nil {
			t.Fatal(err)
		}
		if tr := got.Turns[0]; tr.A.Status != c.a || tr.B.Status != c.b || tr.B.Text != "half" || got.Status != arena.StatusFailed {
			t.Errorf("%s read back %s: %+v", c.id, got.Status, tr)
		}
		_, err = db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: c.id, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: at},
			Quality: arena.DefaultVoteQuality()})
		if arena.ErrorCode(err) != arena.ECONFLICT || !strings.Contains(arena.ErrorMessage(err), c.refusal) {
			t.Errorf("%s: a vote got %v, want a conflict saying %q", c.id, err, c.refusal)
		}
	}
}
