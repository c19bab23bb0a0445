package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
)

// testLabReportsNeedMembership: a model's report and a lab's battles are its members'
// (and admins') to read. Anyone else is told there is no such model or lab, so ids
// cannot be probed.
func testLabReportsNeedMembership(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Now()
	users := map[string]*arena.User{}
	for name, role := range map[string]arena.Role{"olga": arena.RoleUser, "mallory": arena.RoleUser, "root": arena.RoleAdmin} {
		u := &arena.User{Username: name, Role: role, PasswordHash: "x", CreatedAt: now}
		if err := db.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		users[name] = u
	}
	lab, err := db.CreateLab(ctx, "Acme AI", users["olga"].ID, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateLab(ctx, "Evil Corp", users["mallory"].ID, now); err != nil {
		t.Fatal(err)
	}
	m := &arena.LabModel{Model: arena.Model{Name: "acme-1", Provider: arena.ProviderOpenAI, BaseURL: "https://api.acme.example/v1",
		ModelID: "acme-1", Timeout: time.Minute}, LabID: lab.ID, License: arena.LicenseOpen}
	if err := db.CreateLabModel(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	op := &arena.Model{Name: "operator-1", Provider: arena.ProviderDemo, Active: true}
	if err := db.CreateModel(ctx, op); err != nil {
		t.Fatal(err)
	}
	labs := &arena.Labs{LabStore: db, InviteStore: db, ModelStore: db, ReportStore: db, PerformanceStore: db, SnapshotStore: db, Users: db,
		Clock: arenatest.NewClock(now)}
	// One snapshot with the model in it, so a report has history to leak.
	if err := db.SaveSnapshot(ctx, &arena.Snapshot{CreatedAt: now, Votes: 1, Hash: "h",
		Entries: []arena.SnapshotEntry{{Model: "acme-1", Rank: 1, Rating: 1000, Votes: 1}}}, []byte("[]")); err != nil {
		t.Fatal(err)
	}
	rows := func(actor *arena.User, labID int64) (int, error) {
		n := 0
		err := labs.Battles(ctx, actor, labID, func(*arena.LabBattleRow) error { n++; return nil })
		return n, err
	}

	for _, tc := range []struct {
		name  string
		actor *arena.User
		want  string
	}{
		{"outsider", users["mallory"], arena.ENOTFOUND},
		{"guest", &arena.User{ID: 99, Guest: true}, arena.EUNAUTHORIZED},
		{"nobody", nil, arena.EUNAUTHORIZED},
	} {
		if r, err := labs.ModelReport(ctx, tc.actor, m.ID); arena.ErrorCode(err) != tc.want || r != nil {
			t.Errorf("%s: ModelReport = %v, %v; want %s", tc.name, r, err, tc.want)
		}
		if _, err := rows(tc.actor, lab.ID); arena.ErrorCode(err) != tc.want {
			t.Errorf("%s: Battles: %v, want %s", tc.name, err, tc.want)
		}
		if p, err := labs.ModelPerformance(ctx, tc.actor, m.ID, ""); arena.ErrorCode(err) != tc.want || p != nil {
			t.Errorf("%s: ModelPerformance = %v, %v; want %s", tc.name, p, err, tc.want)
		}
		if p, err := labs.LabPerformance(ctx, tc.actor, lab.ID, ""); arena.ErrorCode(err) != tc.want || p != nil {
			t.Errorf("%s: LabPerformance = %v, %v; want %s", tc.name, p, err, tc.want)
		}
	}
	// A lab member cannot read the operator's own models either.
	if _, err := labs.ModelReport(ctx, users["olga"], op.ID); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Errorf("member reading an operator model: %v", err)
	}

	for _, who := range []string{"olga", "root"} {
		r, err := labs.ModelReport(ctx, users[who], m.ID)
		if err != nil || r.Model.ID != m.ID || len(r.History) != 1 || r.History[0].Rating != 1000 {
			t.Errorf("%s: ModelReport = %+v, %v", who, r, err)
		}
		if _, err := rows(users[who], lab.ID); err != nil {
			t.Errorf("%s: Battles: %v", who, err)
		}
	}
}
