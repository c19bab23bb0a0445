package arena

import (
	"context"
	"strings"
)

// The battle controls (issue 24): the same prompt with a new pair, regenerating one side
// before the vote, and stopping a side while it streams.

// ParseSide reads a side as forms and the API name it: "a" or "b".
func ParseSide(s string) (byte, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "a":
		return 'a', nil
	case "b":
		return 'b', nil
	}
	return 0, Errorf(EINVALID, "side must be a or b; got %q.", s)
}

// sideName is how pages name a side.
func sideName(side byte) string {
	if side == 'b' {
		return "Model B"
	}
	return "Model A"
}

// answering checks that side answers in b: a direct chat has side a only.
func (b *Battle) answering(side byte) error {
	if side != 'a' && side != 'b' {
		return Errorf(EINVALID, "side must be a or b; got %q.", string(side))
	}
	for _, s := range b.Sides() {
		if s == side {
			return nil
		}
	}
	return Errorf(EINVALID, "A direct chat has one answer, side a; there is no side %c.", side)
}

// againRedraws bounds the draws Again makes to find another pair than the battle's.
const againRedraws = 20

// Again starts a new battle with the first prompt of battle id, for its owner u, so a
// battle that failed or disappointed never costs the prompt. An anonymous battle gets a
// freshly drawn pair, another than its own whenever the sampler can draw one; a
// side-by-side battle or a direct chat starts again with the same chosen models. It goes
// through StartWith, so the prompt and models are checked as for any new battle (the
// caller applies the battle rate limits); the battle it came from is left as it is.
func (s *Battles) Again(ctx context.Context, u *User, id string) (*Battle, error) {
	b, err := s.own(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if b.Arena == ArenaImageEdit {
		// The new pair would need the image again, which a battle's page does not send.
		return nil, Errorf(EINVALID, "Attach the image again to edit it with a new pair: start a new edit battle.")
	}
	req := BattleRequest{Prompt: b.Turns[0].Prompt, Mode: b.Mode}
	if b.Arena == ArenaTextToImage {
		req.Output = OutputImage
	}
	switch b.Mode {
	case ModeSideBySide:
		req.Models = []string{b.ModelA.Name, b.ModelB.Name}
	case ModeDirect:
		req.Models = []string{b.ModelA.Name}
	default:
		req.avoid = [2]int64{b.ModelA.ID, b.ModelB.ID}
	}
	return s.StartWith(ctx, u, req)
}

// samePair reports whether a and b are the pair avoid, in either order.
func samePair(a, b Model, avoid [2]int64) bool {
	return a.ID == avoid[0] && b.ID == avoid[1] || a.ID == avoid[1] && b.ID == avoid[0]
}

// Regenerate answers side ('a' or 'b') of battle id's last turn again with the same
// model, for its owner u before the vote: the battle streams again, that side's new
// answer replacing the old one, which the store keeps apart for researchers and never
// shows; the battle counts it (Battle.Regenerated). An anonymous battle stays anonymous.
// It is refused, saying why, after the vote, while either side streams, in a battle that
// failed, and once the side has been regenerated MaxRegenerations times.
func (s *Battles) Regenerate(ctx context.Context, u *User, id string, side byte) (*Battle, error) {
	b, err := s.own(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if err := b.answering(side); err != nil {
		return nil, err
	}
	s.overlayLive(b)
	if s.isClosing() {
		return nil, ErrRestarting
	}
	i, last := sideIndex(side), len(b.Turns)-1
	t := &b.Turns[last]
	ans := t.A
	if side == 'b' {
		ans = t.B
	}
	switch {
	case IsImageArena(b.Arena):
		// The replaced answers researchers keep are text; an image one would be lost.
		return nil, Errorf(EINVALID, "An image answer cannot be regenerated; start a new battle with the same prompt.")
	case b.Status == StatusVoted:
		return nil, Errorf(ECONFLICT, "This battle has been voted on; answers cannot be regenerated after the vote.")
	case b.Status == StatusStreaming && ans.Status == AnswerStreaming:
		return nil, Errorf(ECONFLICT, "%s is still streaming; stop it or wait for it to finish before regenerating it.", sideName(side))
	case b.Status == StatusStreaming:
		return nil, Errorf(ECONFLICT, "The other answer is still streaming; regenerate %s once both answers are complete.", sideName(side))
	case b.Interrupted():
		return nil, Errorf(ECONFLICT, "This battle was interrupted by a server restart, so its answers cannot be regenerated; try the same prompt with a new pair.")
	case b.Status == StatusFailed:
		return nil, Errorf(ECONFLICT, "A model failed in this battle, so its answers cannot be regenerated; try the same prompt with a new pair.")
	case b.Regenerated[i] >= MaxRegenerations:
		return nil, RegenerationsUsed(side)
	}
	if err := s.c.Store.RegenerateAnswer(ctx, id, last, side, MaxRegenerations, s.c.Clock.Now()); err != nil {
		return nil, err
	}
	b.Regenerated[i]++
	b.Status = StatusStreaming
	if side == 'b' {
		t.B = Answer{Status: AnswerStreaming}
	} else {
		t.A = Answer{Status: AnswerStreaming}
	}
	if q := s.c.Quality; q != nil {
		// A gold battle's broken side stays broken when answered again.
		gold, err := q.Store.GoldSide(ctx, id)
		if err != nil {
			return nil, err
		}
		if gold != "" {
			s.gold.Store(id, gold)
		}
	}
	if _, err := s.stream(ctx, b, last, false, side); err != nil {
		// The shutdown began since the check above: the side reopened in the store is
		// interrupted at once rather than left for the next start.
		interrupted := Answer{Status: AnswerInterrupted, Error: interruptedText}
		if side == 'b' {
			t.B = interrupted
		} else {
			t.A = interrupted
		}
		if ferr := s.c.Store.FinishTurn(context.WithoutCancel(ctx), id, last, t.A, t.B, StatusFailed, s.c.Clock.Now()); ferr != nil {
			s.c.Log.Error("could not store an interrupted regeneration", "battle", id, "error", ferr)
		}
		s.changed(id)
		return nil, err
	}
	s.changed(id)
	return b, nil
}

// RegenerationsUsed refuses a regeneration of side past MaxRegenerations; the store
// says the same when two requests race for the last one.
func RegenerationsUsed(side byte) error {
	return Errorf(ECONFLICT, "%s has been regenerated %d times, the most a side may be; vote on the answers you have, or try the same prompt with a new pair.",
		sideName(side), MaxRegenerations)
}

// Stop stops side ('a' or 'b') of battle id's streaming answer for its owner u: the
// model's call is cancelled and the answer keeps what had arrived, as AnswerStopped,
// which may be voted on like a finished one. It returns once the side's call has ended
// (or ctx has). A side that has sent nothing yet is not stopped (there would be nothing
// to judge), nor one that has finished. Only the server streaming the answer holds its
// call, so a stop sent to another server of the same arena is refused, saying so.
func (s *Battles) Stop(ctx context.Context, u *User, id string, side byte) error {
	b, err := s.own(ctx, u, id)
	if err != nil {
		return err
	}
	if err := b.answering(side); err != nil {
		return err
	}
	s.mu.Lock()
	lt, live := s.live[id]
	var ls liveSide
	var ans Answer
	if live {
		ls, ans = lt.side[sideIndex(side)], *lt.answer(side)
	}
	switch {
	case !live && b.Status == StatusStreaming:
		s.mu.Unlock()
		return Errorf(ECONFLICT, "This battle's answers are streaming on another of the arena's servers, and only that one can stop them; wait for them to finish.")
	case !live && b.Status == StatusVoted:
		s.mu.Unlock()
		return Errorf(ECONFLICT, "This battle has been voted on; nothing is streaming to stop.")
	case !live || ls.done == nil || ans.Status != AnswerStreaming:
		s.mu.Unlock()
		return Errorf(ECONFLICT, "%s has finished answering; there is nothing to stop.", sideName(side))
	case strings.TrimSpace(ans.Text) == "":
		s.mu.Unlock()
		return Errorf(ECONFLICT, "%s has not sent any of its answer yet, so stopping it would leave nothing to judge; wait for its first words, or try the same prompt with a new pair.", sideName(side))
	}
	lt.side[sideIndex(side)].stopped = true
	s.mu.Unlock()
	ls.cancel()
	select {
	case <-ls.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// stopped reports whether side's call in lt was stopped by its voter.
func (s *Battles) stopped(lt *liveTurn, side byte) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return lt.side[sideIndex(side)].stopped
}
