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

// testLoadMatchesVotePath fills one database through the Loader and another with the
// same battles through the vote path (CreateBattle, FinishTurn, RecordVote), and
// finds the same pair counters in every category, the same balances and ledger, the
// same counted votes and the same battles read back: a server cannot tell them apart.
func testLoadMatchesVotePath(t *testing.T, be backend) {
	ctx := context.Background()
	start := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	type spec struct {
		cats   []string
		a, b   int // model indexes
		winner arena.Winner
		user   int // index into the loaded users
	}
	specs := []spec{
		{nil, 0, 1, arena.WinnerA, 0}, {[]string{"code"}, 1, 0, arena.WinnerB, 0}, {[]string{"math", "hard"}, 2, 0, arena.WinnerTie, 1},
		{[]string{"code", "long"}, 0, 2, arena.WinnerBothBad, 2}, {nil, 2, 1, arena.WinnerA, 1},
	}
	type filled struct {
		db     *sqlstore.DB
		users  []sqlstore.LoadedUser
		models []arena.Model
	}
	setup := func() filled {
		db, _ := be.openFresh(t)
		var f filled
		f.db = db
		for i := range 3 {
			m := arena.Model{Name: fmt.Sprintf("m%d", i), Provider: arena.ProviderDemo, ModelID: "demo-terse", Active: true}
			if err := db.CreateModel(ctx, &m); err != nil {
				t.Fatal(err)
			}
			f.models = append(f.models, m)
		}
		users, err := db.LoadUsers(ctx, 2, 1, "load", "x", start)
		if err != nil {
			t.Fatal(err)
		}
		f.users = users
		return f
	}
	battle := func(f filled, i int, s spec) *arena.Battle {
		at := start.Add(time.Duration(i) * time.Hour)
		publish := f.users[s.user].Consent
		return &arena.Battle{ID: fmt.Sprintf("battle%d", i), UserID: f.users[s.user].ID, Mode: arena.ModeBattle,
			ModelA: f.models[s.a], ModelB: f.models[s.b], Category: s.cats, Tagger: arena.TaggerVersion, Language: "en", CreatedAt: at, UpdatedAt: at,
			Turns: []arena.Turn{{Prompt: fmt.Sprintf("prompt %d", i),
				A: arena.Answer{Text: "answer a", Status: arena.AnswerDone, CompletionTokens: 2},
				B: arena.Answer{Text: "answer b", Status: arena.AnswerDone, CompletionTokens: 2}}},
			Vote: &arena.Vote{BattleID: fmt.Sprintf("battle%d", i), UserID: f.users[s.user].ID, Winner: s.winner, Reasons: []string{"clearer"},
				Points: 10, CreatedAt: at.Add(time.Minute), Publish: &publish}}
	}

	loaded, voted := setup(), setup()
	if !reflect.DeepEqual(loaded.users, voted.users) {
		t.Fatalf("LoadUsers gave different users on two new databases: %+v, %+v", loaded.users, voted.users)
	}
	load, err := loaded.db.BeginLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range specs {
		if err := load.Add(ctx, battle(loaded, i, s)); err != nil {
			t.Fatal(err)
		}
	}
	if err := load.Close(ctx); err != nil {
		t.Fatal(err)
	}
	for i, s := range specs {
		b := battle(voted, i, s)
		v := b.Vote
		b.Vote, b.Status = nil, arena.StatusStreaming
		if err := voted.db.CreateBattle(ctx, b); err != nil {
			t.Fatal(err)
		}
		if err := voted.db.FinishTurn(ctx, b.ID, 0, b.Turns[0].A, b.Turns[0].B, arena.StatusReady, b.CreatedAt); err != nil {
			t.Fatal(err)
		}
		if _, err := voted.db.RecordVote(ctx, arena.VoteRecord{Vote: v, Quality: arena.DefaultVoteQuality()}); err != nil {
			t.Fatal(err)
		}
	}

	for _, c := range []string{"", "code", "math", "hard", "long", "creative"} {
		got, err := loaded.db.PairCounts(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		want, err := voted.db.PairCounts(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		sortPairs := func(p []arena.PairCount) {
			slices.SortFunc(p, func(x, y arena.PairCount) int { return strings.Compare(x.A+x.B, y.A+y.B) })
		}
		sortPairs(got)
		sortPairs(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("category %q: loaded pair counts %+v, vote path's %+v", c, got, want)
		}
	}
	for _, u := range loaded.users {
		got, err := loaded.db.Balance(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := voted.db.Balance(ctx, u.ID)
		if got != want || got == 0 {
			t.Errorf("user %d: loaded balance %d, vote path's %d", u.ID, got, want)
		}
	}
	votedBattles := func(db *sqlstore.DB) []arena.VotedBattle {
		var out []arena.VotedBattle
		if err := db.VotedBattles(ctx, false, true, func(v arena.VotedBattle) error { out = append(out, v); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	if got, want := votedBattles(loaded.db), votedBattles(voted.db); !reflect.DeepEqual(got, want) || len(got) != len(specs) {
		t.Errorf("counted votes differ:\nloaded %+v\nvoted  %+v", got, want)
	}
	for i := range specs {
		id := fmt.Sprintf("battle%d", i)
		got, err := loaded.db.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		want, err := voted.db.Battle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		// What a reader sees; the vote path's updated_at is its own write's time.
		g := []any{got.Status, got.UserID, got.ModelA.Name, got.ModelB.Name, got.Category, got.Turns, *got.Vote}
		w := []any{want.Status, want.UserID, want.ModelA.Name, want.ModelB.Name, want.Category, want.Turns, *want.Vote}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("battle %s read back:\nloaded %+v\nvoted  %+v", id, g, w)
		}
	}
}

// testLoadUsersAndRefusals: LoadUsers names the accounts and lists them before the
// guests, seven in ten consenting; the Loader refuses a battle without a vote, and
// writes nothing of it.
func testLoadUsersAndRefusals(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	users, err := db.LoadUsers(ctx, 3, 7, "load", "x", now)
	if err != nil {
		t.Fatal(err)
	}
	consent := 0
	for i, u := range users {
		if u.Account != (i < 3) {
			t.Errorf("user %d of %d: account %v", i, len(users), u.Account)
		}
		if u.Consent {
			consent++
		}
	}
	// 3 accounts (i = 1..3, all consenting) and 7 guests (i = 1..7, 1..6 consenting).
	if len(users) != 10 || consent != 9 {
		t.Errorf("%d users, %d consenting: %+v", len(users), consent, users)
	}
	admin := (&arena.AccountAdmin{Store: db}).AsOperator()
	if u, err := admin.Account(ctx, "load3"); err != nil || u.ID != users[2].ID {
		t.Errorf("account load3: %+v %v, want id %d", u, err, users[2].ID)
	}
	a := arena.Model{Name: "a", Provider: arena.ProviderDemo, ModelID: "demo-terse", Active: true}
	b := arena.Model{Name: "b", Provider: arena.ProviderDemo, ModelID: "demo-terse", Active: true}
	for _, m := range []*arena.Model{&a, &b} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	load, err := db.BeginLoad(ctx)
	if err != nil {
		t.Fatal(err)
	}
	err = load.Add(ctx, &arena.Battle{ID: "novote", UserID: users[0].ID, ModelA: a, ModelB: b, Turns: []arena.Turn{{Prompt: "p"}}, CreatedAt: now})
	if arena.ErrorCode(err) != arena.EINVALID || !strings.Contains(arena.ErrorMessage(err), "vote") {
		t.Errorf("a battle without a vote: %v", err)
	}
	if err := load.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Battle(ctx, "novote"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("the refused battle was stored: %v", err)
	}
}
