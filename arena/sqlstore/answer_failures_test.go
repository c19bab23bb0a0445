package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// A failed answer's full detail is stored apart from the turn, under the model that
// failed, and read back newest first; the battle as voters read it carries only the
// anonymous text.
func testAnswerFailures(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "steady", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "flaky", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	t0 := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	for i, id := range []string{"first", "second"} {
		at := t0.Add(time.Duration(i) * time.Minute)
		// The second battle has the flaky model on the left.
		ma, mb := *a, *b
		if i == 1 {
			ma, mb = *b, *a
		}
		bt := &arena.Battle{ID: id, UserID: u.ID, ModelA: ma, ModelB: mb, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "hi"}}, CreatedAt: at, UpdatedAt: at}
		if err := db.CreateBattle(ctx, bt); err != nil {
			t.Fatal(err)
		}
		ok := arena.Answer{Text: "hello", Status: arena.AnswerDone}
		failed := arena.Answer{Status: arena.AnswerFailed, Error: "Model X failed: the provider answered with an error (HTTP 502).",
			Failure: &arena.AnswerFailure{BattleID: id, Side: "b", At: at, Kind: "unavailable", HTTPStatus: 502, RequestID: "req-" + id,
				Detail: "The provider answered HTTP 502 Bad Gateway: upstream gpu-7 is down."}}
		ansA, ansB := ok, failed
		if i == 1 {
			failed.Failure.Side = "a"
			ansA, ansB = failed, ok
		}
		if err := db.FinishTurn(ctx, id, 0, ansA, ansB, arena.StatusFailed, at); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.ModelFailures(ctx, b.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("flaky's failures: %+v, want 2", got)
	}
	want := arena.AnswerFailure{BattleID: "second", Turn: 0, Side: "a", At: t0.Add(time.Minute), Kind: "unavailable", HTTPStatus: 502,
		RequestID: "req-second", Detail: "The provider answered HTTP 502 Bad Gateway: upstream gpu-7 is down."}
	if g := got[0]; g.BattleID != want.BattleID || g.Side != want.Side || !g.At.Equal(want.At) || g.Kind != want.Kind ||
		g.HTTPStatus != want.HTTPStatus || g.RequestID != want.RequestID || g.Detail != want.Detail || g.Turn != 0 {
		t.Fatalf("newest failure %+v, want %+v", g, want)
	}
	if got[1].BattleID != "first" || got[1].Side != "b" {
		t.Fatalf("older failure %+v", got[1])
	}
	if got, err := db.ModelFailures(ctx, a.ID, 10); err != nil || len(got) != 0 {
		t.Fatalf("steady's failures: %+v, %v; want none", got, err)
	}
	if got, err := db.ModelFailures(ctx, b.ID, 1); err != nil || len(got) != 1 || got[0].BattleID != "second" {
		t.Fatalf("limit 1: %+v, %v", got, err)
	}
	bt, err := db.Battle(ctx, "first")
	if err != nil {
		t.Fatal(err)
	}
	if f := bt.Turns[0].B; f.Failure != nil || f.Error != "Model X failed: the provider answered with an error (HTTP 502)." {
		t.Fatalf("the battle read back carries %+v", f)
	}
}
