package sqlstore_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
)

// scripted is a provider per model whose behaviour the test sets as it goes: "answer"
// answers at once ("<model> attempt <n>"), "stall" sends a few words and waits to be
// cancelled, "gated" sends one word each time the test feeds its gate.
type scripted struct {
	mu     sync.Mutex
	behave map[string]string
	gate   chan struct{}
}

func (s *scripted) set(model, how string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.behave[model] = how
}

func (s *scripted) For(m arena.Model) (arena.Provider, error) {
	return providerFunc(func(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
		arena.Dispatched(ctx)
		s.mu.Lock()
		how := s.behave[m.Name]
		s.mu.Unlock()
		var sent strings.Builder
		send := func(w string) {
			sent.WriteString(w)
			onDelta(arena.Delta{Kind: arena.DeltaAnswer, Text: w})
		}
		switch how {
		case "stall":
			send("partial ")
			send("words ")
			<-ctx.Done()
			return arena.Completion{Text: sent.String()}, ctx.Err()
		case "gated":
			for _, w := range []string{"first ", "second ", "third"} {
				select {
				case <-s.gate:
					send(w)
				case <-ctx.Done():
					return arena.Completion{Text: sent.String()}, ctx.Err()
				}
			}
			return arena.Completion{Text: sent.String(), FinishReason: "stop"}, nil
		}
		send(fmt.Sprintf("%s attempt %d", m.Name, req.Attempt))
		return arena.Completion{Text: sent.String(), FinishReason: "stop"}, nil
	}), nil
}

// until polls cond, a condition on the battle as its owner sees it (live answers
// included), for a generous while.
func until(t *testing.T, bs *arena.Battles, u *arena.User, id, what string, cond func(*arena.Battle) bool) *arena.Battle {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		b, err := bs.Get(context.Background(), u, id)
		if err != nil {
			t.Fatal(err)
		}
		if cond(b) {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited 20 s for %s; the battle is %s: %+v", what, b.Status, b.Turns[len(b.Turns)-1])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// answerOf is side's answer in turn t.
func answerOf(t arena.Turn, side byte) arena.Answer {
	if side == 'b' {
		return t.B
	}
	return t.A
}

// The battle controls through the domain on each database: a streaming side stopped
// keeps what arrived and the battle is votable; a side regenerated keeps the replaced
// answer apart and is counted, at most MaxRegenerations times; every refusal says why;
// the exports carry the marks and the vote counts; Again reuses the prompt with another
// pair, or the same chosen model.
func testBattleControls(t *testing.T, be backend) {
	db, _ := be.openFresh(t)
	ctx := context.Background()
	var third arena.Model
	for _, name := range []string{"left", "right", "third"} {
		m := arena.Model{Name: name, ModelID: name, Provider: arena.ProviderOpenAI, BaseURL: "http://127.0.0.1:9", Active: name != "third"}
		if err := db.CreateModel(ctx, &m); err != nil {
			t.Fatal(err)
		}
		third = m
	}
	u := &arena.User{Username: "voter", Role: arena.RoleUser}
	other := &arena.User{Username: "someone", Role: arena.RoleUser}
	for _, x := range []*arena.User{u, other} {
		if err := db.CreateUser(ctx, x); err != nil {
			t.Fatal(err)
		}
	}
	p := &scripted{behave: map[string]string{"left": "stall", "right": "answer", "third": "answer"}, gate: make(chan struct{})}
	bs := arena.NewBattles(arena.BattlesConfig{Store: db, Models: db, Sampler: arena.UniformSampler{}, Providers: p,
		Clock: arenatest.NewClock(time.Now()), Log: slog.New(slog.NewTextHandler(io.Discard, nil)), VotePoints: 10})
	defer func() {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		bs.Close(cctx)
	}()
	refused := func(err error, code, words string) {
		t.Helper()
		if arena.ErrorCode(err) != code || !strings.Contains(arena.ErrorMessage(err), words) {
			t.Errorf("got %v, want %s saying %q", err, code, words)
		}
	}

	b, err := bs.Start(ctx, u, "Tell me a story")
	if err != nil {
		t.Fatal(err)
	}
	l, r := byte('a'), byte('b')
	if b.ModelA.Name != "left" {
		l, r = 'b', 'a'
	}
	until(t, bs, u, b.ID, "the right side done and the left one streaming", func(b *arena.Battle) bool {
		return answerOf(b.Turns[0], r).Status == arena.AnswerDone && answerOf(b.Turns[0], l).Text == "partial words "
	})
	refused(bs.Stop(ctx, u, b.ID, r), arena.ECONFLICT, "has finished answering")
	_, err = bs.Regenerate(ctx, u, b.ID, l)
	refused(err, arena.ECONFLICT, "is still streaming; stop it or wait")
	_, err = bs.Regenerate(ctx, u, b.ID, r)
	refused(err, arena.ECONFLICT, "The other answer is still streaming")
	refused(bs.Stop(ctx, other, b.ID, l), arena.ENOTFOUND, "No such battle")
	refused(bs.Stop(ctx, u, b.ID, 'c'), arena.EINVALID, "side must be a or b")

	// Stop: the call ends, the answer keeps what came, and the battle is ready.
	if err := bs.Stop(ctx, u, b.ID, l); err != nil {
		t.Fatal(err)
	}
	got, err := bs.Wait(ctx, u, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if a := answerOf(got.Turns[0], l); got.Status != arena.StatusReady || a.Status != arena.AnswerStopped || a.Text != "partial words " || a.Error != "" {
		t.Fatalf("after the stop: %s, %+v", got.Status, a)
	}
	if n, err := db.QueryInt(ctx, `SELECT COUNT(*) FROM answer_failures`); err != nil || n != 0 {
		t.Errorf("a stop was recorded as %d failures (%v)", n, err)
	}

	// Regenerate the stopped side three times: each answer it replaces is kept, with
	// its status, and the model is asked for its n-th attempt.
	p.set("left", "answer")
	for n := 1; n <= arena.MaxRegenerations; n++ {
		before := answerOf(got.Turns[0], l)
		rb, err := bs.Regenerate(ctx, u, b.ID, l)
		if err != nil {
			t.Fatalf("regeneration %d: %v", n, err)
		}
		if rb.Status != arena.StatusStreaming || rb.Regenerated[sideIndex(l)] != n {
			t.Errorf("regeneration %d returned %s, counted %v", n, rb.Status, rb.Regenerated)
		}
		if got, err = bs.Wait(ctx, u, b.ID); err != nil {
			t.Fatal(err)
		}
		if a := answerOf(got.Turns[0], l); got.Status != arena.StatusReady || a.Text != fmt.Sprintf("left attempt %d", n) || got.Regenerated[sideIndex(l)] != n {
			t.Fatalf("after regeneration %d: %s %+v %v", n, got.Status, a, got.Regenerated)
		}
		kept, err := db.QueryString(ctx, `SELECT answer || '|' || status FROM replaced_answers WHERE battle_id = ? AND side = ? AND n = ?`, b.ID, string(l), n)
		if want := before.Text + "|" + string(before.Status); err != nil || kept != want {
			t.Errorf("regeneration %d kept %q (%v), want %q", n, kept, err, want)
		}
	}
	_, err = bs.Regenerate(ctx, u, b.ID, l)
	refused(err, arena.ECONFLICT, fmt.Sprintf("has been regenerated %d times", arena.MaxRegenerations))
	// Two requests racing for the last regeneration: the store refuses the second too.
	refused(db.RegenerateAnswer(ctx, b.ID, 0, l, arena.MaxRegenerations, time.Now()), arena.ECONFLICT,
		fmt.Sprintf("has been regenerated %d times", arena.MaxRegenerations))
	refused(db.RegenerateAnswer(ctx, b.ID, 1, r, arena.MaxRegenerations, time.Now()), arena.ECONFLICT, "cannot regenerate an answer now")
	refused(bs.Stop(ctx, u, b.ID, l), arena.ECONFLICT, "has finished answering")

	// The other side, regenerated, has nothing to stop until its first word arrives.
	p.set("right", "gated")
	if _, err := bs.Regenerate(ctx, u, b.ID, r); err != nil {
		t.Fatal(err)
	}
	refused(bs.Stop(ctx, u, b.ID, r), arena.ECONFLICT, "has not sent any of its answer yet")
	p.gate <- struct{}{}
	until(t, bs, u, b.ID, "the first word", func(b *arena.Battle) bool { return answerOf(b.Turns[0], r).Text == "first " })
	if now, err := bs.Get(ctx, u, b.ID); err != nil || answerOf(now.Turns[0], l).Text != "left attempt 3" || answerOf(now.Turns[0], l).Status != arena.AnswerDone {
		t.Errorf("while %c regenerates, %c reads %v %+v", r, l, err, now)
	}
	if err := bs.Stop(ctx, u, b.ID, r); err != nil {
		t.Fatal(err)
	}
	if got, err = bs.Wait(ctx, u, b.ID); err != nil {
		t.Fatal(err)
	}
	if a := answerOf(got.Turns[0], r); got.Status != arena.StatusReady || a.Status != arena.AnswerStopped || a.Text != "first " {
		t.Fatalf("after stopping the regeneration: %s %+v", got.Status, a)
	}

	// The vote: it counts like any other, and the exports mark what happened.
	winner := arena.WinnerA
	if _, err := bs.Vote(ctx, u, b.ID, arena.VoteInput{Winner: winner}); err != nil {
		t.Fatal(err)
	}
	_, err = bs.Regenerate(ctx, u, b.ID, l)
	refused(err, arena.ECONFLICT, "voted on; answers cannot be regenerated after the vote")
	refused(bs.Stop(ctx, u, b.ID, l), arena.ECONFLICT, "voted on; nothing is streaming")
	pcs, err := db.PairCounts(ctx, "")
	if err != nil || len(pcs) != 1 || pcs[0].WinsA+pcs[0].WinsB != 1 {
		t.Errorf("pair counts %+v (%v), want the vote counted", pcs, err)
	}
	var row arena.ExportRow
	if err := db.ExportRows(ctx, arena.ExportFilter{Internal: true}, func(r *arena.ExportRow) error { row = r.Clone(); return nil }); err != nil {
		t.Fatal(err)
	}
	wantRegen := [2]int{}
	wantRegen[sideIndex(l)], wantRegen[sideIndex(r)] = arena.MaxRegenerations, 1
	stopped := [2]bool{row.Turns[0].StoppedA, row.Turns[0].StoppedB}
	if row.ID != b.ID || row.Regenerated != wantRegen || stopped[sideIndex(r)] != true || stopped[sideIndex(l)] != false {
		t.Errorf("export row %s: regenerated %v stopped %v, want %v and %c stopped", row.ID, row.Regenerated, stopped, wantRegen, r)
	}

	// Again: the same prompt, a new battle. With two models the pair is the only one.
	again, err := bs.Again(ctx, u, b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID == b.ID || again.Turns[0].Prompt != "Tell me a story" || again.Mode != arena.ModeBattle {
		t.Errorf("again: %+v", again)
	}
	third.Active = true
	if err := db.UpdateModel(ctx, &third); err != nil {
		t.Fatal(err)
	}
	for range 8 {
		n, err := bs.Again(ctx, u, b.ID)
		if err != nil {
			t.Fatal(err)
		}
		if pair := [2]string{n.ModelA.Name, n.ModelB.Name}; pair == [2]string{"left", "right"} || pair == [2]string{"right", "left"} {
			t.Fatalf("Again drew the same pair, %v, with a third model active", pair)
		}
	}
	_, err = bs.Again(ctx, other, b.ID)
	refused(err, arena.ENOTFOUND, "No such battle")

	// A direct chat: its one side regenerates, there is no side b, and Again keeps the
	// chosen model.
	chat, err := bs.StartWith(ctx, u, arena.BattleRequest{Prompt: "Just us", Mode: arena.ModeDirect, Models: []string{"third"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := bs.Wait(ctx, u, chat.ID); err != nil {
		t.Fatal(err)
	}
	_, err = bs.Regenerate(ctx, u, chat.ID, 'b')
	refused(err, arena.EINVALID, "A direct chat has one answer")
	if _, err := bs.Regenerate(ctx, u, chat.ID, 'a'); err != nil {
		t.Fatal(err)
	}
	if c, err := bs.Wait(ctx, u, chat.ID); err != nil || c.Status != arena.StatusReady || c.Turns[0].A.Text != "third attempt 1" || c.Turns[0].B.Status != "" {
		t.Errorf("the regenerated chat: %v %+v", err, c)
	}
	chat2, err := bs.Again(ctx, u, chat.ID)
	if err != nil || chat2.Mode != arena.ModeDirect || chat2.ModelA.Name != "third" || chat2.Turns[0].Prompt != "Just us" {
		t.Errorf("again on a chat: %v %+v", err, chat2)
	}
}

// sideIndex is 0 for side a and 1 for b, as Battle.Regenerated counts them.
func sideIndex(side byte) int {
	if side == 'b' {
		return 1
	}
	return 0
}
