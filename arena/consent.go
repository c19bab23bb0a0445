package arena

import (
	"context"
	"time"
)

// ConsentVersion names the wording of the publication question. Every decision, the
// account's and each battle's, records the version it answered, so a change of wording
// can be told from the decisions made under the old one.
const ConsentVersion = "2026-12-01"

// ConsentWording is the publication question, as sign-up, /me and the vote buttons ask it.
const ConsentWording = "Publish my battles (prompts, answers and vote) in the arena's open datasets. " +
	"They never carry my name or account, and I can withdraw at any time: withdrawn battles leave every later release."

// Consent is a person's (an account's or a guest's) publication setting: the decision
// each new battle takes unless its vote says otherwise. It starts off.
type Consent struct {
	Publish bool
	// DecidedAt is when the person last answered the question, zero if they never did
	// (the setting is then the default, off). DecidedVersion is the ConsentVersion of
	// the wording they answered, "" if never.
	DecidedAt      time.Time
	DecidedVersion string
}

// ConsentDecision is one answer to the publication question, as the store records it on
// the account or on a battle.
type ConsentDecision struct {
	Publish bool
	At      time.Time
	Version string
}

// ConsentChange is a person changing their publication setting.
type ConsentChange struct {
	Publish bool
	// IncludePast, when publishing, also publishes every battle already voted
	// (otherwise the setting is the default for new battles only, and each voted
	// battle keeps the decision it was voted with). Turning publication off always
	// reaches every battle: it is a withdrawal.
	IncludePast bool
}

// MyData is what a person's battles are in the arena's datasets.
type MyData struct {
	// Voted is how many battles they voted; Public how many of those are publishable
	// now (VoteFacts.Publishable), so in every export and release from now on.
	Voted, Public int64
	// Releases are the recorded releases holding any of their battles, newest first.
	// A withdrawal does not change them: what was published stays published.
	Releases []ReleaseHolding
}

// ReleaseHolding is one recorded dataset release and how many of a person's battles it
// holds.
type ReleaseHolding struct {
	Name      string
	CreatedAt time.Time
	// Internal: an operator's release of every battle but gold ones, not a public one.
	Internal bool
	Battles  int64
}

// ConsentStore records publication decisions. Methods return *Error with ENOTFOUND where
// the user or battle does not exist.
type ConsentStore interface {
	// Consent returns a user's publication setting.
	Consent(ctx context.Context, userID int64) (Consent, error)
	// SetConsent records d as the user's setting; with past, every battle the user voted
	// takes it too (each with d's time and version). It returns how many voted battles
	// changed from published to not or back.
	SetConsent(ctx context.Context, userID int64, d ConsentDecision, past bool) (int64, error)
	// SetBattleConsent records d for one battle the user voted.
	SetBattleConsent(ctx context.Context, userID int64, battleID string, d ConsentDecision) error
	// MyData counts a user's voted and publishable battles and lists the releases
	// holding any of them.
	MyData(ctx context.Context, userID int64) (*MyData, error)
}

// Consents asks, records and reports people's publication decisions. A battle is
// published only if its voter said so for it (see VoteFacts.Publishable): the setting
// is each new vote's default, every vote may say otherwise, and the voter may change
// any voted battle's decision later.
type Consents struct {
	Store ConsentStore
	// Battles reads a battle to check who may decide about it.
	Battles interface {
		Battle(ctx context.Context, id string) (*Battle, error)
	}
	Clock Clock
}

func (s *Consents) decision(publish bool) ConsentDecision {
	return ConsentDecision{Publish: publish, At: s.Clock.Now(), Version: ConsentVersion}
}

func needIdentity(u *User) error {
	if u == nil {
		return Errorf(EUNAUTHORIZED, "Vote in a battle or sign up first: the publication setting belongs to a guest or an account.")
	}
	return nil
}

// Get returns u's publication setting.
func (s *Consents) Get(ctx context.Context, u *User) (Consent, error) {
	if err := needIdentity(u); err != nil {
		return Consent{}, err
	}
	return s.Store.Consent(ctx, u.ID)
}

// Set changes u's publication setting and says how many voted battles changed. Turning
// it on sets the default for new battles (and, with IncludePast, publishes the voted
// ones too); turning it off withdraws every battle u voted, whatever each said before,
// so none is in any later export or release.
func (s *Consents) Set(ctx context.Context, u *User, c ConsentChange) (int64, error) {
	if err := needIdentity(u); err != nil {
		return 0, err
	}
	return s.Store.SetConsent(ctx, u.ID, s.decision(c.Publish), !c.Publish || c.IncludePast)
}

// SignedUp records the answer a new account gave on the sign-up form. A guest's battles
// keep the decisions they were voted with; only turning off a setting the guest had on
// withdraws them, as on /me.
func (s *Consents) SignedUp(ctx context.Context, u *User, publish bool) error {
	if err := needIdentity(u); err != nil {
		return err
	}
	was, err := s.Store.Consent(ctx, u.ID)
	if err != nil {
		return err
	}
	_, err = s.Store.SetConsent(ctx, u.ID, s.decision(publish), was.Publish && !publish)
	return err
}

// SetBattle changes the publication decision of one battle u voted. Only its voter may:
// anyone else is told there is no such battle (an administrator, who may read it, is
// told why not), and a battle not yet voted is decided with its vote.
func (s *Consents) SetBattle(ctx context.Context, u *User, battleID string, publish bool) (ConsentDecision, error) {
	if err := needIdentity(u); err != nil {
		return ConsentDecision{}, err
	}
	b, err := s.Battles.Battle(ctx, battleID)
	if err != nil {
		return ConsentDecision{}, err
	}
	switch {
	case b.UserID != u.ID && u.IsAdmin():
		return ConsentDecision{}, Errorf(EFORBIDDEN, "Administrators may read this battle, but only its voter decides whether it is published.")
	case b.UserID != u.ID:
		return ConsentDecision{}, Errorf(ENOTFOUND, "No such battle.")
	case b.Vote == nil:
		return ConsentDecision{}, Errorf(ECONFLICT, "This battle is not voted yet: whether it is published is decided with the vote (the checkbox by the vote buttons), and can be changed after.")
	}
	d := s.decision(publish)
	return d, s.Store.SetBattleConsent(ctx, u.ID, battleID, d)
}

// MyData reports what u's battles are in the datasets.
func (s *Consents) MyData(ctx context.Context, u *User) (*MyData, error) {
	if err := needIdentity(u); err != nil {
		return nil, err
	}
	return s.Store.MyData(ctx, u.ID)
}
