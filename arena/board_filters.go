package arena

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// Includes reports whether a vote belongs on q's board. It is the one definition of a
// board's battles: every board fitted from votes, the language counts and the overview
// apply it to the votes the store selected as counted (or imported, see VoteFacts).
func (q BoardQuery) Includes(v VotedBattle) bool {
	switch {
	case v.Imported && !q.Imported:
		return false
	case q.Category != "" && !slices.Contains(v.Category, q.Category):
		return false
	case q.Language != "" && v.Language != q.Language:
		return false
	case q.MultiTurn && v.Turns < 2:
		return false
	}
	return true
}

// fromCounters reports whether q's board can be fitted from the pair counters, which
// the vote path keeps per category for counted and for imported votes, rather than
// from the votes themselves.
func (q BoardQuery) fromCounters() bool { return !q.StyleControl && q.Language == "" && !q.MultiTurn }

// check refuses a query naming a category or a language that does not exist.
func (l *Leaderboards) check(ctx context.Context, q BoardQuery) error {
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
	for f, n := range r.kinds {
		if v := f.vote(); v.Language != "" && all.Includes(v) {
			votes[v.Language] += n
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

// voteKind is what a board's filters read of a vote. Votes are counted by kind, a few
// hundred kinds however many votes, and a kind stands for its votes through the same
// BoardQuery.Includes.
type voteKind struct {
	imported   bool
	language   string
	categories string // the tags, comma-separated
	multiTurn  bool
}

func (k voteKind) vote() VotedBattle {
	v := VotedBattle{Imported: k.imported, Language: k.language, Turns: 1}
	if k.categories != "" {
		v.Category = strings.Split(k.categories, ",")
	}
	if k.multiTurn {
		v.Turns = 2
	}
	return v
}

// factsReading is one reading of every counted and imported vote's kind.
type factsReading struct {
	version uint64
	kinds   map[voteKind]int64
}

// languages are the languages any counted or imported vote carries, sorted.
func (r *factsReading) languages() []string {
	var out []string
	for k := range r.kinds {
		if k.language != "" && !slices.Contains(out, k.language) {
			out = append(out, k.language)
		}
	}
	slices.Sort(out)
	return out
}

// readFacts returns the votes' kinds as of the boards' current version, reading them
// again once a vote has changed it.
func (l *Leaderboards) readFacts(ctx context.Context) (*factsReading, error) {
	l.factsMu.Lock()
	defer l.factsMu.Unlock()
	l.mu.Lock()
	version := l.version
	l.mu.Unlock()
	if r := l.facts; r != nil && r.version == version {
		return r, nil
	}
	r := &factsReading{version: version, kinds: map[voteKind]int64{}}
	err := l.Store.VotedBattles(ctx, true, false, func(v VotedBattle) error {
		r.kinds[voteKind{imported: v.Imported, language: v.Language, categories: strings.Join(v.Category, ","), multiTurn: v.Turns > 1}]++
		return nil
	})
	if err != nil {
		return nil, err
	}
	l.facts = r
	return r, nil
}
