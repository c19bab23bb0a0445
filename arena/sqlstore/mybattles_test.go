package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// myBattlesFixture is a user with battles in every state, one a minute from t0, and
// another user's battle that must never show.
func myBattlesFixture(t *testing.T, db *sqlstore.DB) (u *arena.User, ma, mb, mc *arena.Model, t0 time.Time) {
	t.Helper()
	ctx := context.Background()
	ma = &arena.Model{Name: "alpha", Provider: arena.ProviderDemo, Active: true}
	mb = &arena.Model{Name: "beta", Provider: arena.ProviderDemo, Active: true}
	mc = &arena.Model{Name: "gamma", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{ma, mb, mc} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	t0 = time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	u = &arena.User{Username: "mine", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
	other := &arena.User{Username: "other", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
	for _, x := range []*arena.User{u, other} {
		if err := db.CreateUser(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	// b0..b5 voted (alpha v beta, then beta v gamma alternately, winners in turn), b6
	// ready, b7 streaming, b8 failed; o0 is the other user's.
	winners := []arena.Winner{arena.WinnerA, arena.WinnerB, arena.WinnerTie, arena.WinnerBothBad, arena.WinnerA, arena.WinnerB}
	for i, w := range winners {
		x, y := ma, mb
		if i%2 == 1 {
			x, y = mb, mc
		}
		id := fmt.Sprintf("b%d", i)
		at := t0.Add(time.Duration(i) * time.Minute)
		start(t, db, id, u.ID, x, y, fmt.Sprintf("Prompt %d about %s", i, []string{"Rust", "Go 100%_off"}[i%2]), at, arena.StatusReady)
		if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: u.ID, Winner: w, CreatedAt: at.Add(time.Second)},
			Quality: arena.DefaultVoteQuality()}); err != nil {
			t.Fatal(err)
		}
	}
	start(t, db, "b6", u.ID, ma, mc, "Prompt 6 about rust", t0.Add(6*time.Minute), arena.StatusReady)
	start(t, db, "b7", u.ID, ma, mc, "Prompt 7 still streaming", t0.Add(7*time.Minute), arena.StatusStreaming)
	start(t, db, "b8", u.ID, ma, mb, "Prompt 8 failed", t0.Add(8*time.Minute), arena.StatusFailed)
	start(t, db, "o0", other.ID, ma, mb, "Prompt of another user about Rust", t0.Add(3*time.Minute), arena.StatusReady)
	return
}

// start stores a battle with one turn in the given status.
func start(t *testing.T, db *sqlstore.DB, id string, u int64, a, b *arena.Model, prompt string, at time.Time, status arena.BattleStatus) {
	t.Helper()
	ctx := context.Background()
	if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: prompt}}, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if status == arena.StatusStreaming {
		return
	}
	as := arena.AnswerDone
	if status == arena.StatusFailed {
		as = arena.AnswerFailed
	}
	if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "a", Status: as}, arena.Answer{Text: "b", Status: arena.AnswerDone}, status, at); err != nil {
		t.Fatal(err)
	}
}

func testMyBattles(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	u, _, _, _, t0 := myBattlesFixture(t, db)
	ids := func(q arena.MyBattlesQuery) []string {
		t.Helper()
		if q.Limit == 0 {
			q.Limit = 50
		}
		rows, err := db.MyBattles(ctx, u.ID, q)
		if err != nil {
			t.Fatal(err)
		}
		out := []string{}
		for _, r := range rows {
			out = append(out, r.ID)
		}
		return out
	}
	cases := []struct {
		name string
		q    arena.MyBattlesQuery
		want []string
	}{
		{"all, newest first, not another user's", arena.MyBattlesQuery{}, []string{"b8", "b7", "b6", "b5", "b4", "b3", "b2", "b1", "b0"}},
		{"search ignores case", arena.MyBattlesQuery{Search: "RUST"}, []string{"b6", "b4", "b2", "b0"}},
		{"search takes % and _ literally", arena.MyBattlesQuery{Search: "100%_"}, []string{"b5", "b3", "b1"}},
		{"search without a match", arena.MyBattlesQuery{Search: "100%x"}, []string{}},
		// gamma is also in b6 and b7, not voted: the filter must not tell.
		{"model, voted battles only", arena.MyBattlesQuery{Model: "gamma"}, []string{"b5", "b3", "b1"}},
		{"model and outcome", arena.MyBattlesQuery{Model: "beta", Outcome: "model_a"}, []string{"b4", "b0"}},
		{"outcome none", arena.MyBattlesQuery{Outcome: arena.OutcomeNone}, []string{"b8", "b7", "b6"}},
		{"outcome tie", arena.MyBattlesQuery{Outcome: "tie"}, []string{"b2"}},
		{"status", arena.MyBattlesQuery{Status: arena.StatusFailed}, []string{"b8"}},
		{"date range", arena.MyBattlesQuery{From: t0.Add(2 * time.Minute), To: t0.Add(4 * time.Minute)}, []string{"b3", "b2"}},
		{"after a cursor", arena.MyBattlesQuery{After: &arena.MyBattlesCursor{CreatedAt: t0.Add(5 * time.Minute), ID: "b5"}, Limit: 2}, []string{"b4", "b3"}},
	}
	for _, c := range cases {
		if got := ids(c.q); !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
	rows, err := db.MyBattles(ctx, u.ID, arena.MyBattlesQuery{Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	b0 := rows[len(rows)-1]
	if b0.Prompt != "Prompt 0 about Rust" || b0.ModelA.Name != "alpha" || b0.ModelB.Name != "beta" || b0.Winner != arena.WinnerA ||
		b0.Status != arena.StatusVoted || !b0.CreatedAt.Equal(t0) || !b0.VotedAt.Equal(t0.Add(time.Second)) || b0.Turns != 1 {
		t.Errorf("b0 reads %+v", b0)
	}
	if b6 := rows[2]; b6.Winner != "" || !b6.VotedAt.IsZero() || b6.Status != arena.StatusReady {
		t.Errorf("b6, not voted, reads %+v", b6)
	}

	// The model filter's choices: the models of voted battles only.
	ms, err := db.MyBattleModels(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, m := range ms {
		names = append(names, m.Name)
	}
	if want := []string{"alpha", "beta", "gamma"}; !slices.Equal(names, want) {
		t.Errorf("MyBattleModels = %v, want %v", names, want)
	}
	if ms, err := db.MyBattleModels(ctx, u.ID+1); err != nil || len(ms) != 0 {
		t.Errorf("the other user, who voted nothing, has models %v (%v)", ms, err)
	}

	// Keyset pages hold still when a new battle is started between two pages.
	svc := &arena.MyBattles{Store: db}
	var seen []string
	var after *arena.MyBattlesCursor
	for page := 0; ; page++ {
		p, err := svc.List(ctx, u, arena.MyBattlesQuery{Limit: 4, After: after})
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range p.Battles {
			seen = append(seen, b.ID)
			if !b.Revealed() && (b.ModelA.Name != "" || b.ModelB.Name != "") {
				t.Errorf("%s is not voted, yet its models are named: %q, %q", b.ID, b.ModelA.Name, b.ModelB.Name)
			}
		}
		if page == 0 {
			start(t, db, "b9", u.ID, &arena.Model{ID: 1}, &arena.Model{ID: 2}, "newer", t0.Add(time.Hour), arena.StatusReady)
		}
		if p.Next == nil {
			break
		}
		if after, err = arena.ParseMyBattlesCursor(p.Next.String()); err != nil {
			t.Fatal(err)
		}
	}
	if want := []string{"b8", "b7", "b6", "b5", "b4", "b3", "b2", "b1", "b0"}; !slices.Equal(seen, want) {
		t.Errorf("paging 4 at a time with a battle started after page 1 saw %v, want %v", seen, want)
	}
}

func testShares(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	u, _, _, _, t0 := myBattlesFixture(t, db)
	yes := &arena.ConsentDecision{Publish: true, At: t0, Version: arena.ConsentVersion}
	// b0 is not published by its vote (the account's setting is off): without consent
	// nothing is linked and nothing changes.
	if id, ok, err := db.CreateShare(ctx, u.ID, "b0", "s0", t0, nil); err != nil || ok || id != "" {
		t.Fatalf("sharing an unpublished battle: %q, %v, %v", id, ok, err)
	}
	// With consent it is linked, and the consent recorded; a second share finds the link.
	if id, ok, err := db.CreateShare(ctx, u.ID, "b0", "s0", t0, yes); err != nil || !ok || id != "s0" {
		t.Fatalf("sharing with consent: %q, %v, %v", id, ok, err)
	}
	if p, _ := db.QueryInt(ctx, `SELECT publish FROM votes WHERE battle_id = 'b0'`); p != 1 {
		t.Errorf("the share's consent was not recorded")
	}
	if id, ok, err := db.CreateShare(ctx, u.ID, "b0", "s0-again", t0, nil); err != nil || !ok || id != "s0" {
		t.Errorf("sharing again: %q, %v, %v; want the first link", id, ok, err)
	}
	if got, err := db.SharedBattle(ctx, "s0"); err != nil || got != "b0" {
		t.Errorf("SharedBattle(s0) = %q, %v", got, err)
	}
	if got, err := db.BattleShare(ctx, "b0"); err != nil || got != "s0" {
		t.Errorf("BattleShare(b0) = %q, %v", got, err)
	}
	// A moderated battle is not publishable: refused, and its consent left as it was.
	if err := db.ModerateBattle(ctx, "b1", "flagged"); err != nil {
		t.Fatal(err)
	}
	if id, ok, err := db.CreateShare(ctx, u.ID, "b1", "s1", t0, yes); err != nil || ok || id != "" {
		t.Errorf("sharing a moderated battle: %q, %v, %v", id, ok, err)
	}
	if p, _ := db.QueryInt(ctx, `SELECT publish FROM votes WHERE battle_id = 'b1'`); p != 0 {
		t.Errorf("a refused share recorded its consent")
	}
	// Not the user's, or not voted: no such voted battle.
	for _, id := range []string{"o0", "b6", "nope"} {
		if _, _, err := db.CreateShare(ctx, u.ID, id, "x", t0, yes); arena.ErrorCode(err) != arena.ENOTFOUND {
			t.Errorf("sharing %s: %v, want not found", id, err)
		}
	}
	// A withdrawal takes the link down while it lasts; publishing again brings it back.
	if _, err := db.SetConsent(ctx, u.ID, arena.ConsentDecision{Publish: false, At: t0, Version: arena.ConsentVersion}, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SharedBattle(ctx, "s0"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("a withdrawn battle's link: %v, want not found", err)
	}
	if err := db.SetBattleConsent(ctx, u.ID, "b0", *yes); err != nil {
		t.Fatal(err)
	}
	// Another user cannot revoke it; its voter can, and then it is gone.
	if err := db.RevokeShare(ctx, u.ID+1, "b0"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SharedBattle(ctx, "s0"); err != nil {
		t.Errorf("after another user's revoke: %v", err)
	}
	if err := db.RevokeShare(ctx, u.ID, "b0"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SharedBattle(ctx, "s0"); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("a revoked link: %v, want not found", err)
	}
	if got, _ := db.BattleShare(ctx, "b0"); got != "" {
		t.Errorf("a revoked battle still has link %q", got)
	}
}

// testBattleLanguages: the battles stored without a language are listed by id in
// batches, with their first prompts, and filled; a battle created with its language
// keeps it; imported battles are never listed.
func testBattleLanguages(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	u, ma, mb, _, t0 := myBattlesFixture(t, db)
	fr := &arena.Battle{ID: "zz-fr", UserID: u.ID, ModelA: *ma, ModelB: *mb, Status: arena.StatusStreaming, Language: "fr",
		Turns: []arena.Turn{{Prompt: "Bonjour"}}, CreatedAt: t0, UpdatedAt: t0}
	if err := db.CreateBattle(ctx, fr); err != nil {
		t.Fatal(err)
	}
	if b, err := db.Battle(ctx, "zz-fr"); err != nil || b.Language != "fr" {
		t.Fatalf("a battle created with its language: %q, %v", b.Language, err)
	}
	im, err := db.BeginImport(ctx, "lmarena", "x")
	if err != nil {
		t.Fatal(err)
	}
	if err := im.Add(ctx, &arena.ImportedBattle{ExternalID: "q", ModelA: "x", ModelB: "y", Winner: arena.WinnerTie, VotedAt: t0,
		Turns: []arena.ExportTurn{{Prompt: "hi", AnswerA: "a", AnswerB: "b"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := im.Close(ctx); err != nil {
		t.Fatal(err)
	}
	first, err := db.BattlesWithoutLanguage(ctx, "", 4)
	if err != nil || len(first) != 4 || first[0].ID != "b0" || first[3].ID != "b3" || first[0].Prompt == "" {
		t.Fatalf("first batch: %+v, %v", first, err)
	}
	var seen []string
	n, err := arena.BackfillLanguages(ctx, db, func(p string) string {
		seen = append(seen, p)
		return "xx"
	})
	all := []string{"b0", "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "o0"}
	if err != nil || n != len(all) || len(seen) != len(all) {
		t.Fatalf("back-fill: %d battles (%d prompts), %v; want %d", n, len(seen), err, len(all))
	}
	for _, id := range all {
		if b, err := db.Battle(ctx, id); err != nil || b.Language != "xx" {
			t.Errorf("%s after the back-fill: %q, %v", id, b.Language, err)
		}
	}
	if rest, err := db.BattlesWithoutLanguage(ctx, "", 100); err != nil || len(rest) != 0 {
		t.Errorf("after the back-fill: %+v, %v", rest, err)
	}
	if b, _ := db.Battle(ctx, "zz-fr"); b.Language != "fr" {
		t.Errorf("the back-fill changed a detected language: %q", b.Language)
	}
}

// testExportPrompts: an export's first pass yields each battle's prompts in the order
// ExportRows yields the battles.
func testExportPrompts(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	myBattlesFixture(t, db)
	f := arena.ExportFilter{Internal: true}
	var want, got []string
	if err := db.ExportRows(ctx, f, func(r *arena.ExportRow) error {
		var ps []string
		for _, tr := range r.Turns {
			ps = append(ps, tr.Prompt)
		}
		want = append(want, fmt.Sprint(ps))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if err := db.ExportPrompts(ctx, f, func(ps []string) error {
		got = append(got, fmt.Sprint(ps))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("ExportPrompts %v, ExportRows' prompts %v", got, want)
	}
}
