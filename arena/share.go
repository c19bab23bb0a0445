package arena

import (
	"context"
	"crypto/rand"
	"time"
)

// ShareStore keeps the public links to battles.
type ShareStore interface {
	// CreateShare, in one transaction, records consent on the user's voted battle if
	// it is not nil, then, if the battle is publishable (VoteFacts.Publishable, with
	// that decision), links it under id, or finds the link it already has. It returns
	// the battle's link id and whether the battle is publishable; when it is not,
	// nothing is written. A battle the user did not vote is ENOTFOUND.
	CreateShare(ctx context.Context, userID int64, battleID, id string, at time.Time, consent *ConsentDecision) (string, bool, error)
	// BattleShare returns the id of a battle's link, "" if it has none.
	BattleShare(ctx context.Context, battleID string) (string, error)
	// RevokeShare deletes the link of a battle the user voted; a battle without one is
	// not an error.
	RevokeShare(ctx context.Context, userID int64, battleID string) error
	// SharedBattle returns the battle a link shows, ENOTFOUND if there is no such link
	// or the battle is no longer publishable (its voter withdrew it, say).
	SharedBattle(ctx context.Context, id string) (string, error)
}

// Shares publishes read-only links to battles. A link shows a battle to anyone, so a
// battle gets one only if it may be published at all, by the one definition
// (VoteFacts.Publishable) and its voter's consent for it; it shows the battle only as
// long as that stays true.
type Shares struct {
	Store   ShareStore
	Battles interface {
		Battle(ctx context.Context, id string) (*Battle, error)
	}
	Clock Clock
}

// newShareID is 128 random bits: a link is its own permission, so it must not be
// guessable.
func newShareID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return idEncoding.EncodeToString(b)
}

// voted returns the battle u voted, as Consents.SetBattle finds it: anyone else is told
// there is no such battle, an administrator why not.
func (s *Shares) voted(ctx context.Context, u *User, battleID string) (*Battle, error) {
	if u == nil {
		return nil, Errorf(ENOTFOUND, "No such battle.")
	}
	b, err := s.Battles.Battle(ctx, battleID)
	if err != nil {
		return nil, err
	}
	switch {
	case b.UserID != u.ID && u.IsAdmin():
		return nil, Errorf(EFORBIDDEN, "Administrators may read this battle, but only its voter may share it.")
	case b.UserID != u.ID:
		return nil, Errorf(ENOTFOUND, "No such battle.")
	case b.Vote == nil:
		return nil, Errorf(ECONFLICT, "Vote first: a battle can be shared once it is voted and its models revealed.")
	}
	return b, nil
}

// Share gives a battle u voted a public link and returns its id (the same one every
// time, until revoked). A link publishes the battle: if u decided not to publish it,
// the link needs publish, u's consent for this battle, which is then recorded as the
// consent switch records it. A battle that may not be published (VoteFacts.Publishable)
// is refused whatever u says.
func (s *Shares) Share(ctx context.Context, u *User, battleID string, publish bool) (string, error) {
	b, err := s.voted(ctx, u, battleID)
	if err != nil {
		return "", err
	}
	var consent *ConsentDecision
	if b.Vote.Publish == nil || !*b.Vote.Publish {
		if !publish {
			return "", Errorf(ECONFLICT, "You chose not to publish this battle, and a public link publishes it. "+
				"Share it with \"publish this battle\" (\"publish\": true) to consent for this battle, or keep it private.")
		}
		consent = &ConsentDecision{Publish: true, At: s.Clock.Now(), Version: ConsentVersion}
	}
	id, ok, err := s.Store.CreateShare(ctx, u.ID, battleID, newShareID(), s.Clock.Now(), consent)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", Errorf(ECONFLICT, "This battle cannot be published, so it cannot be shared: it does not count "+
			"(a quality check, an excluded vote or an answer that named its model), a model's terms do not allow "+
			"publishing its answers, or it was moderated. Nothing was changed.")
	}
	return id, nil
}

// Link returns the id of the public link of a battle u voted, "" if it has none.
func (s *Shares) Link(ctx context.Context, u *User, battleID string) (string, error) {
	if _, err := s.voted(ctx, u, battleID); err != nil {
		return "", err
	}
	return s.Store.BattleShare(ctx, battleID)
}

// Revoke takes a battle's public link down: from then on it is not found.
func (s *Shares) Revoke(ctx context.Context, u *User, battleID string) error {
	if _, err := s.voted(ctx, u, battleID); err != nil {
		return err
	}
	return s.Store.RevokeShare(ctx, u.ID, battleID)
}

// Shared returns the battle a public link shows, to anyone. The caller shows what a
// published battle holds (prompts, answers, models, the vote) and nothing of its voter.
func (s *Shares) Shared(ctx context.Context, id string) (*Battle, error) {
	battleID, err := s.Store.SharedBattle(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Battles.Battle(ctx, battleID)
}
