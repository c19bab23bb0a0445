package sqlstore_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// consentBattle is a voted battle between a and b by user u, its vote's publication
// decision publish (nil: the account's setting).
func consentBattle(t *testing.T, db *sqlstore.DB, id string, u int64, a, b *arena.Model, publish *bool, at time.Time) {
	t.Helper()
	ctx := context.Background()
	if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u, ModelA: *a, ModelB: *b, Status: arena.StatusStreaming,
		Turns: []arena.Turn{{Prompt: "p " + id}}, CreatedAt: at, UpdatedAt: at}); err != nil {
		t.Fatal(err)
	}
	if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone}, arena.StatusReady, at); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: u, Winner: arena.WinnerA, CreatedAt: at, Publish: publish},
		Quality: arena.DefaultVoteQuality()}); err != nil {
		t.Fatal(err)
	}
}

func testConsent(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	ma := &arena.Model{Name: "demo-a", Provider: arena.ProviderDemo, Active: true}
	mb := &arena.Model{Name: "demo-b", Provider: arena.ProviderDemo, Active: true}
	for _, m := range []*arena.Model{ma, mb} {
		if err := db.CreateModel(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	u := &arena.User{Username: "voter", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
	if err := db.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	yes, no := true, false
	publishOf := func(id string) (publish, at int64, version string) {
		t.Helper()
		var err error
		if publish, err = db.QueryInt(ctx, `SELECT publish FROM votes WHERE battle_id = ?`, id); err != nil {
			t.Fatal(err)
		}
		if at, err = db.QueryInt(ctx, `SELECT COALESCE(consent_at, -1) FROM votes WHERE battle_id = ?`, id); err != nil {
			t.Fatal(err)
		}
		n, _ := db.QueryInt(ctx, `SELECT COUNT(*) FROM votes WHERE battle_id = ? AND consent_version = ?`, id, arena.ConsentVersion)
		if n == 1 {
			version = arena.ConsentVersion
		}
		return publish, at, version
	}
	public := func() []string {
		t.Helper()
		var ids []string
		if err := db.ExportRows(ctx, arena.ExportFilter{}, func(r *arena.ExportRow) error { ids = append(ids, strings.Clone(r.ID)); return nil }); err != nil {
			t.Fatal(err)
		}
		return ids
	}

	// Off by default, and never answered.
	if c, err := db.Consent(ctx, u.ID); err != nil || c.Publish || !c.DecidedAt.IsZero() || c.DecidedVersion != "" {
		t.Fatalf("a new account's consent: %+v, %v", c, err)
	}
	consentBattle(t, db, "b1", u.ID, ma, mb, nil, t0)
	if p, at, v := publishOf("b1"); p != 0 || at != t0.UnixMilli() || v != arena.ConsentVersion {
		t.Fatalf("a vote taking the default: publish %d at %d version %q; want 0, the vote's time and the wording's version", p, at, v)
	}
	// On, for new battles only: b1 keeps its decision.
	t1 := t0.Add(time.Hour)
	if n, err := db.SetConsent(ctx, u.ID, arena.ConsentDecision{Publish: true, At: t1, Version: arena.ConsentVersion}, false); err != nil || n != 0 {
		t.Fatalf("SetConsent on = %d, %v", n, err)
	}
	if c, _ := db.Consent(ctx, u.ID); !c.Publish || !c.DecidedAt.Equal(t1) || c.DecidedVersion != arena.ConsentVersion {
		t.Fatalf("after consenting: %+v", c)
	}
	if p, _, _ := publishOf("b1"); p != 0 {
		t.Fatal("consenting for the future published a battle voted before")
	}
	// New votes take the setting; a vote may say otherwise, either way.
	consentBattle(t, db, "b2", u.ID, ma, mb, nil, t1.Add(time.Minute))
	consentBattle(t, db, "b3", u.ID, ma, mb, &no, t1.Add(2*time.Minute))
	if got := public(); !slices.Equal(got, []string{"b2"}) {
		t.Fatalf("publishable battles %v, want [b2]", got)
	}
	// The account's setting off again (the store can leave the past alone; the domain
	// never does when turning it off); b4's vote says publish anyway.
	if _, err := db.SetConsent(ctx, u.ID, arena.ConsentDecision{At: t1, Version: arena.ConsentVersion}, false); err != nil {
		t.Fatal(err)
	}
	consentBattle(t, db, "b4", u.ID, ma, mb, &yes, t1.Add(3*time.Minute))
	if got := public(); !slices.Equal(got, []string{"b2", "b4"}) {
		t.Fatalf("publishable battles %v, want [b2 b4]", got)
	}

	// One battle's decision changes after its vote, by its voter only.
	t2 := t1.Add(time.Hour)
	if err := db.SetBattleConsent(ctx, u.ID, "b1", arena.ConsentDecision{Publish: true, At: t2, Version: arena.ConsentVersion}); err != nil {
		t.Fatal(err)
	}
	if p, at, _ := publishOf("b1"); p != 1 || at != t2.UnixMilli() {
		t.Fatalf("b1 after its switch: publish %d at %d", p, at)
	}
	other := &arena.User{Username: "other", Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
	if err := db.CreateUser(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := db.SetBattleConsent(ctx, other.ID, "b2", arena.ConsentDecision{At: t2}); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("another user's switch: %v, want ENOTFOUND", err)
	}
	if err := db.SetBattleConsent(ctx, u.ID, "nope", arena.ConsentDecision{At: t2}); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("a missing battle's switch: %v", err)
	}
	if p, _, _ := publishOf("b2"); p != 1 {
		t.Fatal("another user's refused switch changed the battle")
	}
	if got := public(); !slices.Equal(got, []string{"b1", "b2", "b4"}) {
		t.Fatalf("publishable battles %v, want [b1 b2 b4]", got)
	}
	if _, err := db.SetConsent(ctx, 424242, arena.ConsentDecision{Publish: true, At: t2}, true); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("SetConsent for a missing user: %v", err)
	}

	// An earlier release held b1, b2 and b4 (the lead's release writer records these
	// rows; here they are written as it would).
	if err := db.Exec(ctx, `INSERT INTO releases (name, created_at, internal, battles) VALUES ('2026-12', ?, 0, 3)`, t2.UnixMilli()); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"b1", "b2", "b4"} {
		if err := db.Exec(ctx, `INSERT INTO release_battles (release_id, battle_id) SELECT id, ? FROM releases WHERE name = '2026-12'`, id); err != nil {
			t.Fatal(err)
		}
	}
	md, err := db.MyData(ctx, u.ID)
	if err != nil || md.Voted != 4 || md.Public != 3 || len(md.Releases) != 1 || md.Releases[0].Name != "2026-12" || md.Releases[0].Battles != 3 ||
		md.Releases[0].Internal || !md.Releases[0].CreatedAt.Equal(t2) {
		t.Fatalf("MyData = %+v, %v", md, err)
	}
	if md, err := db.MyData(ctx, other.ID); err != nil || md.Voted != 0 || md.Public != 0 || len(md.Releases) != 0 {
		t.Fatalf("MyData of a user who never voted = %+v, %v", md, err)
	}

	// Including the past publishes every battle, b3 too.
	if n, err := db.SetConsent(ctx, u.ID, arena.ConsentDecision{Publish: true, At: t2, Version: arena.ConsentVersion}, true); err != nil || n != 1 {
		t.Fatalf("SetConsent with the past = %d, %v; want the 1 battle it published", n, err)
	}
	if got := public(); len(got) != 4 {
		t.Fatalf("after publishing the past: %v", got)
	}
	// Withdrawal: every battle unpublished and re-dated; the release's record stays.
	t3 := t2.Add(time.Hour)
	if n, err := db.SetConsent(ctx, u.ID, arena.ConsentDecision{At: t3, Version: arena.ConsentVersion}, true); err != nil || n != 4 {
		t.Fatalf("withdrawal = %d, %v; want 4 battles withdrawn", n, err)
	}
	for _, id := range []string{"b1", "b2", "b3", "b4"} {
		if p, at, v := publishOf(id); p != 0 || at != t3.UnixMilli() || v != arena.ConsentVersion {
			t.Errorf("%s after the withdrawal: publish %d at %d version %q", id, p, at, v)
		}
	}
	if got := public(); len(got) != 0 {
		t.Fatalf("after the withdrawal the public export holds %v", got)
	}
	if n, err := db.CountExportRows(ctx, arena.ExportFilter{Voter: u.ID, Internal: true}); err != nil || n != 4 {
		t.Fatalf("the voter's own export after the withdrawal: %d, %v; want all 4", n, err)
	}
	if md, err := db.MyData(ctx, u.ID); err != nil || md.Public != 0 || md.Voted != 4 || len(md.Releases) != 1 || md.Releases[0].Battles != 3 {
		t.Fatalf("MyData after the withdrawal = %+v, %v", md, err)
	}
	if c, _ := db.Consent(ctx, u.ID); c.Publish || !c.DecidedAt.Equal(t3) {
		t.Fatalf("the setting after the withdrawal: %+v", c)
	}

	// A guest's battles keep their decisions when the guest logs in to an account.
	guest, err := db.CreateGuest(ctx, t0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetConsent(ctx, guest.ID, arena.ConsentDecision{Publish: true, At: t1, Version: arena.ConsentVersion}, false); err != nil {
		t.Fatal(err)
	}
	consentBattle(t, db, "g1", guest.ID, ma, mb, nil, t3.Add(time.Minute))
	consentBattle(t, db, "g2", guest.ID, ma, mb, &no, t3.Add(2*time.Minute))
	if err := db.MergeGuest(ctx, guest.ID, u.ID, time.Now()); err != nil {
		t.Fatal(err)
	}
	if p, at, v := publishOf("g1"); p != 1 || at != t3.Add(time.Minute).UnixMilli() || v != arena.ConsentVersion {
		t.Fatalf("g1 after the merge: publish %d at %d version %q", p, at, v)
	}
	if p, _, _ := publishOf("g2"); p != 0 {
		t.Fatal("g2 lost its decision in the merge")
	}
	if n, _ := db.CountExportRows(ctx, arena.ExportFilter{Voter: u.ID}); n != 1 {
		t.Fatalf("the account's published battles after the merge: %d, want g1", n)
	}
	if c, _ := db.Consent(ctx, u.ID); c.Publish {
		t.Fatal("the guest's setting replaced the account's on log-in")
	}
}
