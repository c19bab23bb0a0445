package arena

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// What an appeal contests.
const (
	AppealReview = "review" // the review of the account: under review, or abuse confirmed
	AppealHold   = "hold"   // the hold on one vote's points
	AppealGold   = "gold"   // a gold battle judged failed
)

// Appeal statuses.
const (
	AppealOpen    = "open"
	AppealUpheld  = "upheld"  // the decision stands
	AppealGranted = "granted" // the decision is undone
)

// MaxAppealComment is the longest comment an appeal takes, in characters.
const MaxAppealComment = 2000

// Appeal is a rater's contest of a decision, and what an administrator decided.
type Appeal struct {
	ID       int64
	UserID   int64
	Username string // "" for a guest
	Kind     string
	// Battle is the battle of a hold or gold appeal ("" for a review).
	Battle    string
	Comment   string
	Status    string
	CreatedAt time.Time
	// DecidedAt, DecidedBy (the administrator's name) and Note once decided.
	DecidedAt time.Time
	DecidedBy string
	Note      string
	// Restored is the points a granted appeal gave back (released or restored).
	Restored int64
}

// AppealStore records appeals and their decisions.
type AppealStore interface {
	// CreateAppeal stores a new open appeal after checking, in the same transaction,
	// that the decision it contests exists and is the user's: EINVALID when it does
	// not, ECONFLICT when an appeal of it is already open.
	CreateAppeal(ctx context.Context, a *Appeal) error
	// DecideAppeal decides an open appeal: granted, it undoes the decision in the same
	// transaction (a hold is released; a review's holds are released, its clawbacks
	// restored and the account approved; a gold failure no longer counts against the
	// voter). ENOTFOUND for no such appeal, ECONFLICT when already decided.
	DecideAppeal(ctx context.Context, id int64, grant bool, note string, admin int64, now time.Time) (*Appeal, error)
	// Appeals lists appeals with a status ("" for all), open ones oldest first, others
	// newest decided first, at most limit.
	Appeals(ctx context.Context, status string, limit int) ([]Appeal, error)
	// UserAppeals lists a user's appeals, newest first.
	UserAppeals(ctx context.Context, userID int64) ([]Appeal, error)
}

// Appeals is what raters and administrators do with appeals.
type Appeals struct {
	Store AppealStore
	Clock Clock
	// OnChange, if set, runs after a granted appeal changed what counts.
	OnChange func()
}

// AppealInput is what a rater sends to contest a decision.
type AppealInput struct {
	Kind    string `json:"kind"`
	Battle  string `json:"battle"`
	Comment string `json:"comment"`
}

// File records u's appeal, saying what is wrong with one that cannot be filed.
func (s *Appeals) File(ctx context.Context, u *User, in AppealInput) (*Appeal, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "Log in or vote in a battle first.")
	}
	comment := strings.TrimSpace(in.Comment)
	battle := strings.TrimSpace(in.Battle)
	switch in.Kind {
	case AppealReview:
		battle = ""
	case AppealHold, AppealGold:
		if battle == "" {
			return nil, Errorf(EINVALID, "Say which battle's decision you contest (its id, from its address /battle/ID).")
		}
	default:
		return nil, Errorf(EINVALID, "Unknown appeal kind %q: contest a review, a hold or a gold battle (review, hold or gold).", in.Kind)
	}
	if comment == "" {
		return nil, Errorf(EINVALID, "Say in a comment why the decision is wrong.")
	}
	if !utf8.ValidString(comment) {
		return nil, Errorf(EINVALID, "The comment is not valid UTF-8 text.")
	}
	if n := utf8.RuneCountInString(comment); n > MaxAppealComment {
		return nil, Errorf(EINVALID, "The comment is %d characters long; the limit is %d.", n, MaxAppealComment)
	}
	a := &Appeal{UserID: u.ID, Kind: in.Kind, Battle: battle, Comment: comment, Status: AppealOpen, CreatedAt: s.Clock.Now()}
	if err := s.Store.CreateAppeal(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// Mine lists u's appeals, newest first.
func (s *Appeals) Mine(ctx context.Context, u *User) ([]Appeal, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "Log in or vote in a battle first.")
	}
	return s.Store.UserAppeals(ctx, u.ID)
}

// List returns appeals with a status ("" for all) for an administrator.
func (s *Appeals) List(ctx context.Context, admin *User, status string) ([]Appeal, error) {
	if !admin.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only admins may decide appeals.")
	}
	return s.Store.Appeals(ctx, status, 200)
}

// Decide upholds or grants an open appeal ("uphold" or "grant"), with an optional note
// the rater reads.
func (s *Appeals) Decide(ctx context.Context, admin *User, id int64, decision, note string) (*Appeal, error) {
	if !admin.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only admins may decide appeals.")
	}
	var grant bool
	switch decision {
	case "grant":
		grant = true
	case "uphold":
	default:
		return nil, Errorf(EINVALID, "Decide an appeal with uphold or grant, not %q.", decision)
	}
	note = strings.TrimSpace(note)
	if n := utf8.RuneCountInString(note); n > MaxAppealComment {
		return nil, Errorf(EINVALID, "The note is %d characters long; the limit is %d.", n, MaxAppealComment)
	}
	a, err := s.Store.DecideAppeal(ctx, id, grant, note, admin.ID, s.Clock.Now())
	if err == nil && grant && s.OnChange != nil {
		s.OnChange()
	}
	return a, err
}
