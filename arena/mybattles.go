package arena

import (
	"context"
	"encoding/base64"
	"strconv"
	"strings"
	"time"
)

// MyBattle is one line of a person's list of their own battles.
type MyBattle struct {
	ID     string
	Status BattleStatus
	// Prompt is the first turn's prompt; Turns how many turns the battle has.
	Prompt string
	Turns  int
	// Mode is how the battle was started.
	Mode BattleMode
	// ModelA and ModelB are named once Revealed: before the vote an anonymous battle's
	// models stay as anonymous here as on the battle page. A direct chat's ModelB is
	// zero: it has one model.
	ModelA, ModelB Model
	// Winner is the vote, "" before it; VotedAt its time.
	Winner    Winner
	VotedAt   time.Time
	CreatedAt time.Time
}

// Revealed reports whether the models' names may be shown, as Battle.Revealed: after
// the vote in an anonymous battle, from the start in the other modes.
func (b MyBattle) Revealed() bool { return b.Status == StatusVoted || !b.Mode.Anonymous() }

// OutcomeNone, as MyBattlesQuery.Outcome, selects the battles not voted (yet).
const OutcomeNone = "none"

// MyBattlesQuery selects and pages a person's battles, newest first. Every field but
// Limit is optional.
type MyBattlesQuery struct {
	// Search matches any turn's prompt, ignoring ASCII case.
	Search string
	// Model is a model's name: only the voted battles it took part in match, since
	// before the vote a battle's models are not told, not even by a filter.
	Model string
	// Outcome is a Winner, or OutcomeNone.
	Outcome string
	Status  BattleStatus
	// From and To bound the battle's start: From <= CreatedAt < To, where set.
	From, To time.Time
	// After is the Cursor of the last battle of the previous page.
	After *MyBattlesCursor
	Limit int
}

// MyBattlesCursor is a position in the list: the battles after it are older. Keyed on
// the battle itself, not an offset, a page never repeats or skips a battle when new
// ones are started meanwhile.
type MyBattlesCursor struct {
	CreatedAt time.Time
	ID        string
}

// String encodes the cursor for a URL.
func (c MyBattlesCursor) String() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.CreatedAt.UnixMilli(), 10) + ":" + c.ID))
}

// ParseMyBattlesCursor reads a cursor String made.
func ParseMyBattlesCursor(s string) (*MyBattlesCursor, error) {
	bad := Errorf(EINVALID, "after=%q is not a position this list gave: follow the page's \"Older\" link, or leave after out to start from the newest battle.", s)
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, bad
	}
	ms, id, ok := strings.Cut(string(raw), ":")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || id == "" {
		return nil, bad
	}
	return &MyBattlesCursor{CreatedAt: time.UnixMilli(n).UTC(), ID: id}, nil
}

// MyBattlesPage is one page of the list; Next is the cursor of the next page, nil on
// the last.
type MyBattlesPage struct {
	Battles []MyBattle
	Next    *MyBattlesCursor
}

// MyBattlesStore lists a user's battles.
type MyBattlesStore interface {
	// MyBattles returns up to q.Limit of the user's battles matching q, newest first
	// (by start, then id), after q.After. Model names are filled in for every row;
	// the caller hides them where the battle is not voted.
	MyBattles(ctx context.Context, userID int64, q MyBattlesQuery) ([]MyBattle, error)
	// MyBattleModels returns the models of the user's voted battles, by name.
	MyBattleModels(ctx context.Context, userID int64) ([]Model, error)
}

// MaxMyBattlesPage is the longest page of a person's battles.
const MaxMyBattlesPage = 100

// MyBattles lists a person's own battles, guests' included.
type MyBattles struct {
	Store MyBattlesStore
}

// List returns a page of u's battles matching q.
func (s *MyBattles) List(ctx context.Context, u *User, q MyBattlesQuery) (*MyBattlesPage, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "Start a battle or log in first: your battles belong to a guest or an account.")
	}
	if err := q.validate(); err != nil {
		return nil, err
	}
	limit := q.Limit
	q.Limit++ // one more tells whether there is a next page
	rows, err := s.Store.MyBattles(ctx, u.ID, q)
	if err != nil {
		return nil, err
	}
	p := &MyBattlesPage{}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		p.Next = &MyBattlesCursor{CreatedAt: last.CreatedAt, ID: last.ID}
	}
	for _, b := range rows {
		if !b.Revealed() {
			b.ModelA, b.ModelB = Model{}, Model{}
		}
		p.Battles = append(p.Battles, b)
	}
	return p, nil
}

// Models returns the models u has seen revealed, the choices of the model filter: a
// list of every model would be no leak, but this one is what u can find.
func (s *MyBattles) Models(ctx context.Context, u *User) ([]Model, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "Start a battle or log in first: your battles belong to a guest or an account.")
	}
	return s.Store.MyBattleModels(ctx, u.ID)
}

func (q MyBattlesQuery) validate() error {
	switch {
	case q.Limit < 1 || q.Limit > MaxMyBattlesPage:
		return Errorf(EINVALID, "limit must be between 1 and %d; got %d.", MaxMyBattlesPage, q.Limit)
	case q.Outcome != "" && q.Outcome != OutcomeNone && !Winner(q.Outcome).Valid():
		return Errorf(EINVALID, "outcome must be model_a, model_b, tie, both_bad or none; got %q.", q.Outcome)
	case q.Status != "" && q.Status != StatusStreaming && q.Status != StatusReady && q.Status != StatusFailed && q.Status != StatusVoted:
		return Errorf(EINVALID, "status must be streaming, ready, failed or voted; got %q.", q.Status)
	case !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To):
		return Errorf(EINVALID, "The date range is empty: from must be on or before to.")
	}
	return nil
}
