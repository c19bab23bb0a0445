package arena

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// Includes reports whether a vote belongs on q's board. It is the one definition of a
// board's battles: every board fitted from votes, the language counts and the overview
// apply it to the votes the store selected as counted (or imported, see VoteFacts).
func (q BoardQuery) Includes(v VotedBattle) bool {
	switch {
	case v.Imported && !q.Imported:
		return false
	case cmp.Or(v.Arena, ArenaText) != cmp.Or(q.Arena, ArenaText):
		return false
	case q.Category != "" && !slices.Contains(v.Category, q.Category):
		return false
	case q.Language != "" && v.Language != q.Language:
		return false
	case q.MultiTurn && v.Turns < 2:
		return false
	case q.ExcludeRefusals && v.Refusal:
		return false
	}
	return true
}

// fromCounters reports whether q's board can be fitted from the pair counters, which
// the vote path keeps per category for counted and for imported votes, rather than
// from the votes themselves.
func (q BoardQuery) fromCounters() bool {
	// The side-by-side board has only its counters (VotedBattles reads the main
	// board's votes), so it is always fitted from them.
	return q.SideBySide || !q.StyleControl && q.Language == "" && !q.MultiTurn && !q.ExcludeRefusals
}

// check refuses a query naming a category or a language that does not exist.
func (l *Leaderboards) check(ctx context.Context, q BoardQuery) error {
	if q.Arena != "" && !slices.Contains(Arenas, q.Arena) {
		return Errorf(EINVALID, "The arena is text, vision, text_to_image or image_edit; got %q.", q.Arena)
	}
	if q.Category != "" && !IsCategory(q.Category) {
		return Errorf(EINVALID, "Unknown category %q; categories are %s.", q.Category, strings.Join(Categories, ", "))
	}
	if q.Language == "" {
		return nil
	}
	r, err := l.readFacts(ctx)
	if err != nil {
		return err
	}
	known := r.languages()
	if !slices.Contains(known, q.Language) {
		if len(known) == 0 {
			return Errorf(EINVALID, "Unknown language %q: no vote has a language recorded yet.", q.Language)
		}
		return Errorf(EINVALID, "Unknown language %q: no vote carries it; the languages with votes are %s.", q.Language, strings.Join(known, ", "))
	}
	return nil
}

// LanguageCount is the number of votes of one language on a board.
type LanguageCount struct {
	Language string `json:"language"`
	Votes    int64  `json:"votes"`
}

// Languages lists the languages of q's votes with how many each has, most first: the
// votes of the board q would select with each language in turn (q's own Language is
// ignored, but listed even when it has none in this view). Votes with no language
// recorded are on the boards of every language only.
func (l *Leaderboards) Languages(ctx context.Context, q BoardQuery) ([]LanguageCount, error) {
	r, err := l.readFacts(ctx)
	if err != nil {
		return nil, err
	}
	all := q
	all.Language = ""
	votes := map[string]int64{}
	for _, k := range r.kinds {
		if v := k.vote(); v.Language != "" && all.Includes(v) {
			votes[v.Language] += k.Votes
		}
	}
	if q.Language != "" {
		votes[q.Language] += 0
	}
	out := make([]LanguageCount, 0, len(votes))
	for lang, n := range votes {
		out = append(out, LanguageCount{Language: lang, Votes: n})
	}
	slices.SortFunc(out, func(a, b LanguageCount) int {
		return cmp.Or(cmp.Compare(b.Votes, a.Votes), strings.Compare(a.Language, b.Language))
	})
	return out, nil
}

// VoteKind is what a board's filters read of a vote, with how many votes are of the
// kind: a few hundred kinds however many votes, each standing for its votes through the
// same BoardQuery.Includes.
type VoteKind struct {
	Imported   bool
	Language   string
	Categories string // the battle's tags, comma-separated
	MultiTurn  bool
	Refusal    bool
	Votes      int64
}

// vote is a vote of the kind.
func (k VoteKind) vote() VotedBattle {
	v := VotedBattle{Imported: k.Imported, Language: k.Language, Turns: 1, Refusal: k.Refusal}
	if k.Categories != "" {
		v.Category = strings.Split(k.Categories, ",")
	}
	if k.MultiTurn {
		v.Turns = 2
	}
	return v
}

// factsReading is one reading of the votes' kinds.
type factsReading struct {
	version uint64
	kinds   []VoteKind
}

// languages are the languages any counted or imported vote carries, sorted.
func (r *factsReading) languages() []string {
	var out []string
	for _, k := range r.kinds {
		if k.Language != "" && !slices.Contains(out, k.Language) {
			out = append(out, k.Language)
		}
	}
	slices.Sort(out)
	return out
}

// readFacts returns the votes' kinds as of the boards' current version, reading them
// again once a vote has changed it. With RefitEvery, a reading made before the latest
// votes is returned as it is and read again in the background, as boards are: the
// reading groups every vote.
func (l *Leaderboards) readFacts(ctx context.Context) (*factsReading, error) {
	if l.RefitEvery > 0 {
		l.mu.Lock()
		r := l.facts
		if r != nil && r.version != l.version && !l.factsRefresh {
			l.factsRefresh = true
			go func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
				defer cancel()
				if _, err := l.readFactsNow(ctx); err != nil && l.Log != nil {
					l.Log.Warn("reading the votes' kinds failed", "error", err)
				}
				l.mu.Lock()
				l.factsRefresh = false
				l.mu.Unlock()
			}()
		}
		l.mu.Unlock()
		if r != nil {
			return r, nil
		}
	}
	return l.readFactsNow(ctx)
}

// readFactsNow reads the votes' kinds unless the latest reading is current.
func (l *Leaderboards) readFactsNow(ctx context.Context) (*factsReading, error) {
	l.factsMu.Lock()
	defer l.factsMu.Unlock()
	l.mu.Lock()
	version, r := l.version, l.facts
	l.mu.Unlock()
	if r != nil && r.version == version {
		return r, nil
	}
	kinds, err := l.Store.VoteKinds(ctx)
	if err != nil {
		return nil, err
	}
	r = &factsReading{version: version, kinds: kinds}
	l.mu.Lock()
	l.facts = r
	l.mu.Unlock()
	return r, nil
}
