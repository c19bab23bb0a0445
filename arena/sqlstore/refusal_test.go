package sqlstore_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// testRefusals: a battle's refusal flag is stored with its vote and as it is imported,
// read by VotedBattles and counted by VoteKinds; a voted battle with no flag (voted
// before the flag existed) is found by UncheckedRefusals and flagged by
// arena.CheckRefusals from every answer of both sides, in every turn; a second run
// does nothing, and a flag already set is never overwritten.
func testRefusals(t *testing.T, be backend) {
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
	const refuse = "I'm sorry, but I can't help with that."
	at := time.Now()
	own := []struct {
		id     string
		turns  [][2]string
		unflag bool // voted "before the migration": its flag is reset to NULL
	}{
		{"r-own", [][2]string{{refuse, "Sure: here it is."}}, false},
		{"ok-own", [][2]string{{"Paris.", "It is Paris."}}, false},
		{"r-old", [][2]string{{"First answer.", "Fine."}, {"Another.", refuse}}, true},
		{"ok-old", [][2]string{{"Yes.", "No."}}, true},
	}
	want := map[string]bool{}
	for i, o := range own {
		at := at.Add(time.Duration(i) * time.Second)
		bt := &arena.Battle{ID: o.id, UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "q0"}}, CreatedAt: at, UpdatedAt: at}
		if err := db.CreateBattle(ctx, bt); err != nil {
			t.Fatal(err)
		}
		for k, ans := range o.turns {
			if k > 0 {
				if err := db.AddTurn(ctx, o.id, k, fmt.Sprintf("q%d", k), nil, at); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.FinishTurn(ctx, o.id, k, arena.Answer{Text: ans[0], Status: arena.AnswerDone}, arena.Answer{Text: ans[1], Status: arena.AnswerDone},
				arena.StatusReady, at); err != nil {
				t.Fatal(err)
			}
			bt.Turns = append(bt.Turns[:k], arena.Turn{A: arena.Answer{Text: ans[0]}, B: arena.Answer{Text: ans[1]}})
		}
		want[o.id] = bt.Refuses()
		if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: o.id, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: at},
			Quality: arena.DefaultVoteQuality(), Refusal: bt.Refuses()}); err != nil {
			t.Fatal(err)
		}
		if o.unflag {
			if err := db.Exec(ctx, `UPDATE battles SET refusal = NULL WHERE id = ?`, o.id); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !want["r-own"] || !want["r-old"] || want["ok-own"] || want["ok-old"] {
		t.Fatalf("the fixture's refusals are %v", want)
	}
	im, err := db.BeginImport(ctx, "lmarena", "f")
	if err != nil {
		t.Fatal(err)
	}
	for i, turns := range [][]arena.ExportTurn{
		{{Prompt: "q", AnswerA: "An answer.", AnswerB: "Another."}, {Prompt: "q2", AnswerA: refuse, AnswerB: "Fine."}},
		{{Prompt: "q", AnswerA: "An answer.", AnswerB: "Another."}},
	} {
		if err := im.Add(ctx, &arena.ImportedBattle{ExternalID: fmt.Sprint("x", i), ModelA: "m1", ModelB: "m2", Winner: arena.WinnerB,
			VotedAt: at.Add(time.Minute + time.Duration(i)*time.Second), Turns: turns}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	read := func() (own map[string]bool, refusalKinds, votes int64) {
		own = map[string]bool{}
		if err := db.VotedBattles(ctx, false, false, func(v arena.VotedBattle) error {
			own[v.ModelA+"@"+v.Time.Format(time.RFC3339)] = v.Refusal
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		kinds, err := db.VoteKinds(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range kinds {
			votes += k.Votes
			if k.Refusal {
				refusalKinds += k.Votes
			}
		}
		return own, refusalKinds, votes
	}
	if _, n, all := read(); n != 2 || all != 6 {
		t.Errorf("before the check: %d refusals of %d votes, want 2 (one own, one imported) of 6", n, all)
	}
	unchecked, err := db.UncheckedRefusals(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(unchecked) != 2 || unchecked[0].ID != "ok-old" || unchecked[1].ID != "r-old" || len(unchecked[1].Answers) != 4 {
		t.Fatalf("unchecked battles %+v, want ok-old and r-old with every answer", unchecked)
	}
	checked, refusals, err := arena.CheckRefusals(ctx, db)
	if err != nil || checked != 2 || refusals != 1 {
		t.Fatalf("CheckRefusals: %d checked, %d refusals, %v; want 2 and 1", checked, refusals, err)
	}
	got, n, _ := read()
	if n != 3 {
		t.Errorf("after the check: %d refusals, want 3", n)
	}
	flags := map[string]bool{}
	for i, o := range own {
		flags[o.id] = got[a.Name+"@"+at.Add(time.Duration(i)*time.Second).Format(time.RFC3339)]
	}
	if !maps.Equal(flags, want) {
		t.Errorf("stored flags %v, want %v", flags, want)
	}
	if checked, refusals, err := arena.CheckRefusals(ctx, db); err != nil || checked != 0 || refusals != 0 {
		t.Errorf("second run: %d, %d, %v; want nothing done", checked, refusals, err)
	}
	// A flag already set stays as it is.
	if err := db.SetRefusals(ctx, map[string]bool{"r-own": false}); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := read(); n != 3 {
		t.Errorf("SetRefusals overwrote a set flag: %d refusals", n)
	}
}
