package sqlstore_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
)

// The style features a vote stores are those counted from the battle's answers, every
// turn of each side joined with line breaks (arena.StyleOfAnswers); a battle stored
// without them (voted before they were stored) has its text read instead, until
// BackfillStyles stores the same numbers; the fit's battles are the same either way.
func testStoredStyles(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	a := &arena.Model{Name: "styler", Provider: arena.ProviderOpenAI, Active: true}
	b := &arena.Model{Name: "plain", Provider: arena.ProviderOpenAI, Active: true}
	for _, m := range []*arena.Model{a, b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	u, err := db.CreateGuest(ctx, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Truncate(time.Millisecond)
	answers := map[string][][2]string{
		// A fence opened in the first turn's answer and closed in the second's: the
		// joined text, not each turn on its own, is what style is counted from.
		"two-turns": {
			{"# Plan\n\n- **one**\n- two\n\n```go\n# not a header", "1. first\n2. __second__"},
			{"- still code\n```\n## After\n* item **bold**", "Short answer, 日本語のテキスト."},
		},
		"one-turn": {{"Plain prose with no markdown at all, several words long.", "### Head\n\n+ a\n+ b\n\n**x** and **y**"}},
	}
	for id, turns := range answers {
		if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "prompt 0"}}, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		for i, tn := range turns {
			if i > 0 {
				if err := db.AddTurn(ctx, id, i, "prompt", nil, at); err != nil {
					t.Fatal(err)
				}
			}
			if err := db.FinishTurn(ctx, id, i, arena.Answer{Text: tn[0], Status: arena.AnswerDone},
				arena.Answer{Text: tn[1], Status: arena.AnswerDone}, arena.StatusReady, at); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: u.ID, Winner: arena.WinnerB, CreatedAt: at},
			Quality: arena.DefaultVoteQuality()}); err != nil {
			t.Fatal(err)
		}
	}
	// What each battle's style must be, counted here from the text as stored.
	want := map[string]arena.BattleStyle{}
	for id := range answers {
		bt, err := db.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var ta, tb []string
		for _, tn := range bt.Turns {
			ta, tb = append(ta, tn.A.Text), append(tb, tn.B.Text)
		}
		want[id] = arena.StyleOfAnswers(strings.Join(ta, "\n"), strings.Join(tb, "\n"))
		if !want[id].HasText || want[id].A == want[id].B {
			t.Fatalf("battle %s: style %+v, want two different styles of answers", id, want[id])
		}
	}
	read := func() []arena.VotedBattle {
		t.Helper()
		var out []arena.VotedBattle
		if err := db.VotedBattles(ctx, false, true, func(v arena.VotedBattle) error {
			out = append(out, v)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return out
	}
	check := func(stage string, stored int) {
		t.Helper()
		got := read()
		if len(got) != 2 {
			t.Fatalf("%s: %d voted battles read, want 2", stage, len(got))
		}
		var fromStore int
		for _, v := range got {
			if v.Style != nil {
				fromStore++
				if v.TextA != "" || v.TextB != "" {
					t.Errorf("%s: a battle with a stored style had its text read too", stage)
				}
			}
			rb := v.RankingBattle()
			var ok bool
			for _, w := range want {
				ok = ok || (rb.HasStyle && rb.StyleA == w.A && rb.StyleB == w.B)
			}
			if !ok {
				t.Errorf("%s: battle style %+v/%+v is none of %+v", stage, rb.StyleA, rb.StyleB, want)
			}
		}
		if fromStore != stored {
			t.Errorf("%s: %d battles with a stored style, want %d", stage, fromStore, stored)
		}
	}
	check("voted", 2)
	for id, w := range want {
		got := read()
		var found bool
		for _, v := range got {
			found = found || (v.Style != nil && reflect.DeepEqual(*v.Style, w))
		}
		if !found {
			t.Errorf("battle %s: stored style %+v not read back", id, w)
		}
	}
	// As a database migrated from before stored styles has them: none for its votes.
	if err := db.Exec(ctx, `DELETE FROM battle_styles`); err != nil {
		t.Fatal(err)
	}
	check("without stored styles", 0)
	n, err := arena.BackfillStyles(ctx, db)
	if err != nil || n != 2 {
		t.Fatalf("back-fill: %d, %v; want 2 battles", n, err)
	}
	check("back-filled", 2)
	if n, err := arena.BackfillStyles(ctx, db); err != nil || n != 0 {
		t.Fatalf("second back-fill: %d, %v; want nothing left", n, err)
	}
	// A battle not voted on has no style to store.
	if err := db.CreateBattle(ctx, &arena.Battle{ID: "unvoted", UserID: u.ID, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "p"}}, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if left, err := db.BattlesWithoutStyle(ctx, "", 10); err != nil || len(left) != 0 {
		t.Fatalf("battles without style: %+v, %v; want none (the unvoted one does not need one)", left, err)
	}
}
