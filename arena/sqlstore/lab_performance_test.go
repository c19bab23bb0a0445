package sqlstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
)

// A model's performance report, from a fixture whose figures are worked out by hand:
// nearest-rank percentiles of the completed answers, tokens, and failures by kind, per
// day and in all, the same on both databases.
func testModelPerformance(t *testing.T, be backend) {
	ctx := context.Background()
	db, _ := be.openFresh(t)
	now := time.Date(2026, 5, 20, 15, 0, 0, 0, time.UTC)
	admin := &arena.User{Username: "root", Role: arena.RoleAdmin, PasswordHash: "x", CreatedAt: now}
	if err := db.CreateUser(ctx, admin); err != nil {
		t.Fatal(err)
	}
	lab, err := db.CreateLab(ctx, "Acme", admin.ID, now)
	if err != nil {
		t.Fatal(err)
	}
	m := &arena.LabModel{Model: arena.Model{Name: "acme-1", Provider: arena.ProviderOpenAI, BaseURL: "https://api.acme.example/v1",
		ModelID: "acme-1", Timeout: time.Minute}, LabID: lab.ID, License: arena.LicenseOpen}
	if err := db.CreateLabModel(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	other := &arena.Model{Name: "other", Provider: arena.ProviderOpenAI, Active: true}
	if err := db.CreateModel(ctx, other); err != nil {
		t.Fatal(err)
	}
	u, err := db.CreateGuest(ctx, now)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	// battle stores a battle of acme-1 (on side a when onA) begun at, with mine as its
	// answer and the opponent's done.
	battle := func(at time.Time, onA bool, mine arena.Answer, status arena.BattleStatus) {
		t.Helper()
		n++
		id := fmt.Sprintf("p%02d", n)
		ma, mb := m.Model, *other
		if !onA {
			ma, mb = mb, ma
		}
		if err := db.CreateBattle(ctx, &arena.Battle{ID: id, UserID: u.ID, ModelA: ma, ModelB: mb, Status: arena.StatusStreaming,
			Turns: []arena.Turn{{Prompt: "hi"}}, CreatedAt: at, UpdatedAt: at}); err != nil {
			t.Fatal(err)
		}
		theirs := arena.Answer{Text: "x", Status: arena.AnswerDone, FirstToken: time.Hour, Total: time.Hour, CompletionTokens: 1000}
		side := "a"
		a, b := mine, theirs
		if !onA {
			side, a, b = "b", theirs, mine
		}
		if mine.Failure != nil {
			mine.Failure.BattleID, mine.Failure.Side = id, side
		}
		if err := db.FinishTurn(ctx, id, 0, a, b, status, at); err != nil {
			t.Fatal(err)
		}
	}
	today := time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)
	// Ten completed answers today, on alternating sides: first tokens 100..1000 ms (in
	// a shuffled order), totals ten times those, 1..10 completion tokens.
	for i, k := range []int{7, 2, 9, 4, 1, 10, 3, 6, 8, 5} {
		battle(today.Add(time.Duration(i)*time.Minute), i%2 == 0, arena.Answer{Text: "ok", Status: arena.AnswerDone,
			FirstToken: time.Duration(k*100) * time.Millisecond, Total: time.Duration(k*1000) * time.Millisecond, CompletionTokens: k}, arena.StatusReady)
	}
	failed := func(kind string) arena.Answer {
		a := arena.Answer{Status: arena.AnswerFailed, Error: "Model A failed: the provider took too long."}
		if kind != "" {
			a.Failure = &arena.AnswerFailure{At: today, Kind: kind, Detail: "detail"}
		}
		return a
	}
	battle(today.Add(time.Hour), true, failed(arena.AnswerTimeout), arena.StatusFailed)
	battle(today.Add(2*time.Hour), false, failed("rate_limited"), arena.StatusFailed)
	battle(today.Add(3*time.Hour), true, failed("rate_limited"), arena.StatusFailed)
	// Yesterday: one completed answer of 2 s to the first token, and a failure from
	// before kinds were recorded.
	yesterday := today.Add(-24 * time.Hour)
	battle(yesterday, true, arena.Answer{Text: "ok", Status: arena.AnswerDone, FirstToken: 2 * time.Second, Total: 20 * time.Second, CompletionTokens: 45}, arena.StatusReady)
	battle(yesterday.Add(time.Minute), false, failed(""), arena.StatusFailed)
	// Left out: an answer still streaming, and one from before the window's first day.
	battle(today.Add(4*time.Hour), true, arena.Answer{Status: arena.AnswerStreaming}, arena.StatusStreaming)
	battle(now.Add(-31*24*time.Hour), true, arena.Answer{Text: "old", Status: arena.AnswerDone, FirstToken: time.Minute, Total: time.Minute}, arena.StatusReady)

	labs := &arena.Labs{LabStore: db, ModelStore: db, ReportStore: db, PerformanceStore: db, SnapshotStore: db, Users: db, Clock: arenatest.NewClock(now)}
	p, err := labs.ModelPerformance(ctx, admin, m.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Buckets) != 30 || !p.Since.Equal(time.Date(2026, 4, 21, 0, 0, 0, 0, time.UTC)) || p.Truncated {
		t.Fatalf("window: %d buckets from %v (truncated %v), want 30 from 2026-04-21", len(p.Buckets), p.Since, p.Truncated)
	}
	d := p.Buckets[29]
	if !d.Start.Equal(time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC)) || d.Answers != 13 || d.Failures != 3 || d.CompletionTokens != 55 || d.MeanTokens() != 5.5 {
		t.Fatalf("today: %+v (mean %v), want 13 answers, 3 failures, 55 tokens, 5.5 a completed answer", d, d.MeanTokens())
	}
	// Nearest rank over ten values: the 5th, 9th and 10th smallest.
	if want := (arena.Percentiles{N: 10, P50: 500, P90: 900, P99: 1000}); d.TTFT != want {
		t.Errorf("today's first tokens: %+v, want %+v", d.TTFT, want)
	}
	if want := (arena.Percentiles{N: 10, P50: 5000, P90: 9000, P99: 10000}); d.Latency != want {
		t.Errorf("today's latencies: %+v, want %+v", d.Latency, want)
	}
	if d.FailuresByKind["timeout"] != 1 || d.FailuresByKind["rate_limited"] != 2 || len(d.FailuresByKind) != 2 {
		t.Errorf("today's failures by kind: %v", d.FailuresByKind)
	}
	y := p.Buckets[28]
	if y.Answers != 2 || y.Failures != 1 || y.FailuresByKind[arena.UnrecordedKind] != 1 || y.TTFT != (arena.Percentiles{N: 1, P50: 2000, P90: 2000, P99: 2000}) {
		t.Errorf("yesterday: %+v", y)
	}
	for _, b := range p.Buckets[:28] {
		if b.Answers != 0 || b.TTFT.N != 0 {
			t.Errorf("bucket %v: %+v, want empty", b.Start, b)
		}
	}
	// In all: eleven completed answers; the 2 s one is the largest, so the 50th is the
	// 6th smallest (600), the 90th the 10th (1000), the 99th the 11th (2000).
	a := p.All
	if a.Answers != 15 || a.Failures != 4 || a.CompletionTokens != 100 || a.TTFT != (arena.Percentiles{N: 11, P50: 600, P90: 1000, P99: 2000}) {
		t.Errorf("all: %+v", a)
	}
	if fmt.Sprint(p.Kinds) != "[rate_limited timeout unrecorded]" {
		t.Errorf("kinds %v", p.Kinds)
	}

	// By the hour over 48 hours: today's answers in their hours.
	h, err := labs.ModelPerformance(ctx, admin, m.ID, "48h")
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Buckets) != 48 || !h.Buckets[47].Start.Equal(time.Date(2026, 5, 20, 15, 0, 0, 0, time.UTC)) {
		t.Fatalf("hourly: %d buckets, last from %v", len(h.Buckets), h.Buckets[len(h.Buckets)-1].Start)
	}
	if b := h.Buckets[47-6]; !b.Start.Equal(today) || b.Answers != 10 || b.TTFT.P90 != 900 {
		t.Errorf("09:00: %+v", b)
	}
	if b := h.Buckets[47-5]; b.FailuresByKind["timeout"] != 1 || b.Answers != 1 {
		t.Errorf("10:00: %+v", b)
	}
	all, err := labs.LabPerformance(ctx, admin, lab.ID, "30d")
	if err != nil || len(all) != 1 || all[0].Model != "acme-1" || all[0].All.Answers != 15 {
		t.Fatalf("the lab's report: %+v, %v", all, err)
	}
	if _, err := labs.ModelPerformance(ctx, admin, m.ID, "7y"); arena.ErrorCode(err) != arena.EINVALID {
		t.Fatalf("an unknown window: %v", err)
	}
}
