package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/translog"
)

// testVoteLog drives votes through the store's own paths (a vote, an account put under
// review, approved, put under review again and found abusive) and checks that the log
// holds a leaf for each change of counting, that replaying it gives exactly the counted
// votes the counters hold, that its roots match the RFC's tree over its leaves at every
// size, and that every receipt's and every pair of sizes' proofs verify.
func testVoteLog(t *testing.T, be backend) {
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
	var users []*arena.User
	for i := range 2 {
		u := &arena.User{Username: fmt.Sprintf("voter%d", i), Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users = append(users, u)
	}
	admin := &arena.User{Username: "admin", Role: arena.RoleAdmin, PasswordHash: "h", CreatedAt: t0}
	if err := db.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	if h, err := db.LogHead(ctx); err != nil || h.Size != 0 || h.Root != translog.EmptyRoot {
		t.Fatalf("empty log head %+v, %v", h, err)
	}

	vote := func(i int, u *arena.User, q arena.VoteQuality) *arena.VoteResult {
		t.Helper()
		id, at := fmt.Sprintf("b%02d", i), t0.Add(time.Duration(i)*time.Minute)
		if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u.ID, ModelA: *ma, ModelB: *mb, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "p " + id}}, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone}, arena.StatusReady, at); err != nil {
			t.Fatal(err)
		}
		r, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: id, UserID: u.ID, Winner: arena.WinnerA, CreatedAt: at}, Quality: q})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	// Scored, as the vote path scores them: approval recounts only scored votes.
	scored := arena.DefaultVoteQuality()
	scored.Scored = true
	var receipts []arena.Receipt
	for i := range 6 {
		r := vote(i, users[i%2], scored)
		if r.Receipt == nil || r.Receipt.Index != uint64(i) {
			t.Fatalf("vote %d: receipt %+v", i, r.Receipt)
		}
		receipts = append(receipts, *r.Receipt)
	}
	gold := scored
	gold.Gold = true
	if r := vote(6, users[0], gold); r.Receipt != nil {
		t.Fatalf("a gold battle's vote is not counted, yet got receipt %+v", r.Receipt)
	}
	now := t0.Add(time.Hour)
	if _, err := db.FlagUser(ctx, users[1].ID, []string{"test"}, now, time.Time{}); err != nil { // uncounts b01, b03, b05
		t.Fatal(err)
	}
	held := scored
	held.Hold = true
	if r := vote(7, users[1], held); r.Receipt != nil { // held: no leaf until approved
		t.Fatalf("a held vote got receipt %+v", r.Receipt)
	}
	if _, err := db.ApproveUser(ctx, users[1].ID, admin.ID, now.Add(time.Minute)); err != nil { // counts b01, b03, b05, b07
		t.Fatal(err)
	}
	if _, err := db.FlagUser(ctx, users[0].ID, []string{"again"}, now.Add(2*time.Minute), time.Time{}); err != nil { // uncounts b00, b02, b04
		t.Fatal(err)
	}
	if _, err := db.ConfirmAbuse(ctx, users[1].ID, admin.ID, now.Add(3*time.Minute)); err != nil { // uncounts b01, b03, b05, b07
		t.Fatal(err)
	}

	var leaves []arena.LogLeaf
	if err := db.LogLeaves(ctx, 0, 1<<40, func(l arena.LogLeaf) error { leaves = append(leaves, l); return nil }); err != nil {
		t.Fatal(err)
	}
	var events []string
	for _, l := range leaves {
		events = append(events, l.Event[:1]+l.BattleID)
	}
	want := []string{"cb00", "cb01", "cb02", "cb03", "cb04", "cb05", "ub01", "ub03", "ub05", "cb01", "cb03", "cb05", "cb07",
		"ub00", "ub02", "ub04", "ub01", "ub03", "ub05", "ub07"}
	if !slices.Equal(events, want) {
		t.Fatalf("log events\n%v\nwant\n%v", events, want)
	}
	if l := leaves[12]; l.ModelA != "demo-a" || l.ModelB != "demo-b" || l.Winner != arena.WinnerA ||
		!l.VotedAt.Equal(t0.Add(7*time.Minute)) || !l.At.Equal(now.Add(time.Minute)) {
		t.Fatalf("leaf 12 %+v", l)
	}
	// Replaying the log gives the counted votes, at the end and at the size of each step.
	counted := map[string]arena.LogLeaf{}
	for _, l := range leaves {
		if err := arena.ReplayCounted(counted, l); err != nil {
			t.Fatal(err)
		}
	}
	n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id WHERE b.mode = 'battle' AND v.counted = 1`)
	if err != nil || n != int64(len(counted)) || n != 0 {
		t.Fatalf("counted votes %d (%v), log replays to %v", n, err, slices.Collect(maps.Keys(counted)))
	}

	// Roots at every size are the RFC's tree over the leaves' data.
	var datas [][]byte
	f := &translog.Frontier{}
	roots := []translog.Hash{translog.EmptyRoot}
	for _, l := range leaves {
		datas = append(datas, l.Data())
		f.Append(l.Hash())
		roots = append(roots, f.Root())
	}
	h, err := db.LogHead(ctx)
	if err != nil || h.Size != uint64(len(leaves)) || h.Root != roots[len(leaves)] {
		t.Fatalf("head %+v, %v; want size %d root %s", h, err, len(leaves), roots[len(leaves)])
	}
	for size := range uint64(len(leaves)) + 1 {
		got, err := db.LogRoot(ctx, size)
		if err != nil || got.Root != roots[size] {
			t.Fatalf("root at %d: %+v %v", size, got, err)
		}
		for i := range size {
			p, err := db.LogInclusion(ctx, i, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Verify(); err != nil || p.Head.Root != roots[size] || string(p.Leaf) != string(datas[i]) {
				t.Fatalf("leaf %d at size %d: %v", i, size, err)
			}
		}
		for first := range size + 1 {
			p, err := db.LogConsistency(ctx, first, size)
			if err != nil {
				t.Fatal(err)
			}
			if err := p.Verify(); err != nil || p.First.Root != roots[first] || p.Second.Root != roots[size] {
				t.Fatalf("%d to %d: %v", first, size, err)
			}
		}
	}
	// The vote's receipt proves under the latest head (size 0).
	p, err := db.LogInclusion(ctx, receipts[2].Index, 0)
	if err != nil || p.LeafHash != receipts[2].LeafHash || p.Head != h || p.Verify() != nil {
		t.Fatalf("receipt proof %+v %v", p, err)
	}
	if rs, err := db.VoteReceipts(ctx, "b01"); err != nil || len(rs) != 4 || rs[0].Index != 1 || rs[2].Event != arena.LogCount {
		t.Fatalf("receipts of b01: %+v %v", rs, err)
	}
	// Sizes past the log are refused with a clear error.
	if _, err := db.LogRoot(ctx, h.Size+1); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("root past the end: %v", err)
	}
	if _, err := db.LogInclusion(ctx, h.Size, 0); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("proof of a leaf past the end: %v", err)
	}
	if _, err := db.LogInclusion(ctx, 5, 3); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("proof of a leaf under a smaller tree: %v", err)
	}
	if _, err := db.LogConsistency(ctx, 4, 2); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("consistency to a smaller size: %v", err)
	}

	// A log tampered with after the fact (one vote's winner changed in place) no longer
	// verifies against the head published before: its leaf hash is not on the path.
	tampered := leaves[3]
	tampered.Winner = arena.WinnerB
	if err := db.Exec(ctx, `UPDATE vote_log SET data = ? WHERE idx = 3`, tampered.Data()); err != nil {
		t.Fatal(err)
	}
	p, err = db.LogInclusion(ctx, 3, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Verify(); !errors.Is(err, translog.ErrVerify) {
		t.Fatalf("a tampered leaf verified: %v", err)
	}
}

// testVoteLogBackfill opens a database whose counted votes predate the log: the log
// starts with them, in the order they were cast.
func testVoteLogBackfill(t *testing.T, be backend) {
	ctx := context.Background()
	db, addr := be.openFresh(t)
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
	for i, id := range []string{"z", "y", "x"} {
		consentBattle(t, db, id, u.ID, ma, mb, nil, t0.Add(time.Duration(i)*time.Minute))
	}
	// As a database from before the log: the votes without their leaves.
	for _, q := range []string{`DELETE FROM vote_log`, `DELETE FROM vote_log_nodes`, `UPDATE vote_log_head SET size = 0, frontier = root`} {
		if err := db.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Exec(ctx, `UPDATE vote_log_head SET root = ?, frontier = ?`, translog.EmptyRoot[:], []byte{}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err := be.open(ctx, addr)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var got []string
	f := &translog.Frontier{}
	if err := db.LogLeaves(ctx, 0, 100, func(l arena.LogLeaf) error {
		got = append(got, l.Event+" "+l.BattleID)
		f.Append(l.Hash())
		if !l.At.Equal(l.VotedAt) {
			t.Errorf("a backfilled leaf counts at its vote's time: %+v", l)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got, []string{"count z", "count y", "count x"}) {
		t.Fatalf("backfilled log %v", got)
	}
	if h, err := db.LogHead(ctx); err != nil || h.Size != 3 || h.Root != f.Root() {
		t.Fatalf("head %+v %v", h, err)
	}
	// Opening again adds nothing.
	db.Close()
	if db, err = be.open(ctx, addr); err != nil {
		t.Fatal(err)
	}
	if h, err := db.LogHead(ctx); err != nil || h.Size != 3 {
		t.Fatalf("head after reopening %+v %v", h, err)
	}
}

// testVoteLogConcurrentVotes records votes from several goroutines at once: every vote
// gets its own leaf, the indexes are 0..n-1 without gaps, and the head is the root of
// the leaves as stored (on PostgreSQL the head row orders the appends).
func testVoteLogConcurrentVotes(t *testing.T, be backend) {
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
	const voters, each = 4, 6
	type ballot struct {
		id   string
		user int64
	}
	var ballots [voters][]ballot
	for v := range voters {
		u := &arena.User{Username: fmt.Sprintf("c%d", v), Role: arena.RoleUser, PasswordHash: "h", CreatedAt: t0}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		for i := range each {
			id := fmt.Sprintf("c%d-%d", v, i)
			if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u.ID, ModelA: *ma, ModelB: *mb, Status: arena.StatusStreaming,
				Turns: []arena.Turn{{Prompt: id}}, CreatedAt: t0, UpdatedAt: t0}); err != nil {
				t.Fatal(err)
			}
			if err := db.FinishTurn(ctx, id, 0, arena.Answer{Text: "a", Status: arena.AnswerDone}, arena.Answer{Text: "b", Status: arena.AnswerDone}, arena.StatusReady, t0); err != nil {
				t.Fatal(err)
			}
			ballots[v] = append(ballots[v], ballot{id, u.ID})
		}
	}
	errs := make(chan error, voters)
	got := make(chan arena.Receipt, voters*each)
	for v := range voters {
		go func() {
			for _, b := range ballots[v] {
				r, err := db.RecordVote(ctx, arena.VoteRecord{Vote: &arena.Vote{BattleID: b.id, UserID: b.user, Winner: arena.WinnerTie, CreatedAt: t0},
					Quality: arena.DefaultVoteQuality()})
				if err != nil {
					errs <- err
					return
				}
				got <- *r.Receipt
			}
			errs <- nil
		}()
	}
	for range voters {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	close(got)
	seen := map[uint64]translog.Hash{}
	for r := range got {
		if _, dup := seen[r.Index]; dup {
			t.Fatalf("two votes got leaf %d", r.Index)
		}
		seen[r.Index] = r.LeafHash
	}
	f := &translog.Frontier{}
	if err := db.LogLeaves(ctx, 0, 1000, func(l arena.LogLeaf) error {
		if h, ok := seen[l.Index]; !ok || h != l.Hash() {
			t.Errorf("leaf %d is not the receipt its vote got", l.Index)
		}
		f.Append(l.Hash())
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	h, err := db.LogHead(ctx)
	if err != nil || f.Size() != voters*each || h.Size != f.Size() || h.Root != f.Root() {
		t.Fatalf("head %+v %v; the leaves give %d %s", h, err, f.Size(), f.Root())
	}
}
