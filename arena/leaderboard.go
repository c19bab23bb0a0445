package arena

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/arena-dev/arena/ranking"
)

// LeaderboardStore reads what leaderboards are computed from.
type LeaderboardStore interface {
	// PairCounts returns the outcome counters of a category ("" for all battles).
	PairCounts(ctx context.Context, category string) ([]PairCount, error)
	// VotedBattles calls fn for every counted vote (see VoteFacts.Counted), with the
	// imported votes when asked, in vote order; withText adds each battle's style
	// (VotedBattle.Style, or its answers' text where none is stored yet).
	VotedBattles(ctx context.Context, imported, withText bool, fn func(VotedBattle) error) error
	// LabModels lists models with their lifecycle (labID 0: every model), for the
	// deprecated ones (LabModel.Deprecated).
	LabModels(ctx context.Context, labID int64) ([]LabModel, error)
	// VoteKinds counts the counted and the imported votes by what the boards' filters
	// read of them (BoardQuery.Includes).
	VoteKinds(ctx context.Context) ([]VoteKind, error)
}

// BoardQuery selects a leaderboard.
type BoardQuery struct {
	Category     string // "" for all battles
	StyleControl bool
	Imported     bool // include battles imported from other arenas' datasets
	// Reweight and Alpha are ranking.Options' (inverse-pair-frequency weighting, the
	// significance level; 0 is 0.05), for /api/leaderboard's ?reweight=1&alpha=.
	Reweight bool
	Alpha    float64
	// SideBySide selects the side-by-side board: votes on battles whose models the
	// voter chose and saw (VoteFacts.CountedSideBySide), never mixed with the main one.
	SideBySide bool
	// Language keeps the battles whose stored language code is this one ("" keeps
	// every battle); Get refuses a language no vote carries.
	Language string
	// MultiTurn keeps the battles of more than one turn.
	MultiTurn bool
	// ExcludeRefusals leaves out the battles where either side refused (VotedBattle.Refusal),
	// LMArena's "exclude refusals" board.
	ExcludeRefusals bool
	// Arena is the arena whose battles the board ranks: ArenaText ("" too) or
	// ArenaVision, each with its own counters (PairCountCategory).
	Arena string
	// HideDeprecated fits the deprecated models (LabModel.Deprecated) with the rest, so
	// their votes still inform the others' ratings, and leaves them off the board;
	// ranks count the models shown (ranking's Options.Deprecated).
	HideDeprecated bool
}

// Board is a computed leaderboard with its matrices.
type Board struct {
	Query       BoardQuery
	Leaderboard *ranking.Leaderboard
	Matrices    *ranking.Matrices
	Computed    time.Time
	// Bootstrapped is false while the interval shown is the fast sandwich estimate and
	// the bootstrap is still running.
	Bootstrapped bool
	Version      uint64
	// Hidden are the deprecated models fitted but left off the board (HideDeprecated).
	Hidden []string
	// Stale: votes arrived since this board was fitted (Computed, from
	// Leaderboard.Battles votes); a refit including them is running or due
	// (Leaderboards.RefitEvery).
	Stale bool
}

// Leaderboards computes leaderboards from the pair counters every vote updates, caches
// them, and recomputes after new votes: the point fit and sandwich intervals at once,
// bootstrap intervals in the background.
type Leaderboards struct {
	Store  LeaderboardStore
	Rounds int // bootstrap rounds; 100 when zero
	Log    *slog.Logger
	// Observer, if set, times each fit and bootstrap for the metrics.
	Observer Observer
	// RefitEvery, when positive, takes fits off the request path: a request for a board
	// fitted before the latest votes gets that board at once (Board.Stale) and starts a
	// refit in the background, at most one per board at a time and no sooner than
	// RefitEvery after the board's previous fit started; only a board never fitted is
	// fitted while its request waits. Zero fits on the request, so a reader always sees
	// every vote recorded before it asked.
	RefitEvery time.Duration
	// Refitted, if set, is called after each background refit with its board (or its
	// error): tests wait on it instead of sleeping.
	Refitted func(b *Board, err error)

	mu       sync.Mutex
	version  uint64
	cache    map[boardKey]*Board
	running  map[boardKey]bool
	watchers map[chan struct{}]struct{}
	// fitting are the boards being fitted, so requests that arrive for a board while it
	// is fitted at their version wait for that fit rather than each reading every vote
	// again: under load, one fit instead of as many as there are requests.
	fitting map[boardKey]*boardFit
	// refits are the boards with a background refit pending or running, lastFit when
	// each board's latest fit started and fitTook how long it took (RefitEvery).
	refits  map[boardKey]bool
	lastFit map[boardKey]time.Time
	fitTook map[boardKey]time.Duration

	// facts is the latest reading of the votes' filter facts (see Languages), set with
	// mu held; factsMu serialises readings, so requests arriving together wait for one.
	// factsRefresh: a background reading is running (RefitEvery).
	factsMu      sync.Mutex
	facts        *factsReading
	factsRefresh bool
}

// boardFit is one board being fitted at a version; done closes when board or err is set.
type boardFit struct {
	version uint64
	done    chan struct{}
	board   *Board
	err     error
}

// boardKey is a board in the cache: its query, and the deprecated models it hides
// (one name a line), which change without a vote when a model is retired.
type boardKey struct {
	q          BoardQuery
	deprecated string
}

// Invalidate marks every cached board stale; call it after each vote.
func (l *Leaderboards) Invalidate() {
	l.mu.Lock()
	l.version++
	l.notify()
	l.mu.Unlock()
}

// notify fires the watchers; l.mu must be held.
func (l *Leaderboards) notify() {
	for ch := range l.watchers {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// Watch returns a channel that fires (coalesced) when votes change the leaderboards,
// and when a background refit (RefitEvery) has replaced a stale board.
func (l *Leaderboards) Watch() (<-chan struct{}, func()) {
	ch := make(chan struct{}, 1)
	l.mu.Lock()
	if l.watchers == nil {
		l.watchers = map[chan struct{}]struct{}{}
	}
	l.watchers[ch] = struct{}{}
	l.mu.Unlock()
	return ch, func() {
		l.mu.Lock()
		delete(l.watchers, ch)
		l.mu.Unlock()
	}
}

func (l *Leaderboards) rounds() int {
	if l.Rounds > 0 {
		return l.Rounds
	}
	return 100
}

// Get returns the leaderboard for q, computing it if votes arrived since the last time.
// It refuses (EINVALID) an unknown category and a language no vote carries.
func (l *Leaderboards) Get(ctx context.Context, q BoardQuery) (*Board, error) {
	bs, err := l.GetAll(ctx, q)
	if err != nil {
		return nil, err
	}
	return bs[0], nil
}

// GetAll is Get of several queries at once, such as a page's boards or the overview's:
// those of them to be fitted from the votes themselves are read in one pass over them.
func (l *Leaderboards) GetAll(ctx context.Context, qs ...BoardQuery) ([]*Board, error) {
	ks := make([]boardKey, len(qs))
	var dep *string
	for i, q := range qs {
		if err := l.check(ctx, q); err != nil {
			return nil, err
		}
		if q.Arena == ArenaText {
			q.Arena = "" // one cache entry for the text board, however it was named
		}
		ks[i].q = q
		if q.HideDeprecated {
			if dep == nil {
				names, err := l.deprecated(ctx)
				if err != nil {
					return nil, err
				}
				joined := strings.Join(names, "\n")
				dep = &joined
			}
			ks[i].deprecated = *dep
		}
	}
	return l.get(ctx, ks, l.RefitEvery > 0)
}

// get returns the boards ks, fitting those not fitted at the current version; with
// stale, a board fitted before is returned as it is (marked Stale) and refitted in the
// background instead.
func (l *Leaderboards) get(ctx context.Context, ks []boardKey, stale bool) ([]*Board, error) {
	out := make([]*Board, len(ks))
	var todo []boardKey
	mine := map[boardKey]*boardFit{}
	waits := make([]*boardFit, len(ks))
	l.mu.Lock()
	if l.cache == nil {
		l.cache, l.running, l.fitting = map[boardKey]*Board{}, map[boardKey]bool{}, map[boardKey]*boardFit{}
		l.refits, l.lastFit, l.fitTook = map[boardKey]bool{}, map[boardKey]time.Time{}, map[boardKey]time.Duration{}
	}
	version := l.version
	for i, k := range ks {
		if b, ok := l.cache[k]; ok && b.Version == version {
			out[i] = b
		} else if ok && stale {
			c := *b
			c.Stale = true
			out[i] = &c
			l.refitLater(k)
		} else if f := l.fitting[k]; f != nil && f.version == version && mine[k] == nil {
			waits[i] = f
		} else if !slices.Contains(todo, k) {
			todo = append(todo, k)
			f := &boardFit{version: version, done: make(chan struct{})}
			mine[k], l.fitting[k] = f, f
			l.lastFit[k] = time.Now()
		}
	}
	l.mu.Unlock()
	// Whatever happens below, the fits this call took on end, so none waits forever.
	var failed error
	defer func() {
		l.mu.Lock()
		for k, f := range mine {
			if f.board == nil {
				f.err = cmp.Or(failed, errors.New("the leaderboard fit did not finish"))
			}
			if l.fitting[k] == f {
				delete(l.fitting, k)
			}
			close(f.done)
		}
		l.mu.Unlock()
	}()
	computed := make(map[boardKey]*Board, len(todo))
	if len(todo) > 0 {
		data, err := l.read(ctx, todo)
		if err != nil {
			failed = err
			return nil, err
		}
		for j, k := range todo {
			b, err := l.compute(k, data[j], version, false)
			if err != nil {
				failed = err
				return nil, err
			}
			computed[k] = b
			l.mu.Lock()
			l.fitTook[k] = time.Since(l.lastFit[k])
			mine[k].board = b
			if cur, ok := l.cache[k]; !ok || cur.Version <= version {
				l.cache[k] = b
			}
			start := !b.Bootstrapped && !l.running[k]
			if start {
				l.running[k] = true
			}
			l.mu.Unlock()
			if start {
				go l.bootstrap(k, version)
			}
		}
	}
	for i, k := range ks {
		switch f := waits[i]; {
		case out[i] != nil:
		case f != nil:
			select {
			case <-f.done:
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			if f.err != nil {
				// The fit failed for the request that ran it (it may only have gone
				// away): this one fits the board itself.
				bs, err := l.get(ctx, ks[i:i+1], stale)
				if err != nil {
					return nil, err
				}
				out[i] = bs[0]
				continue
			}
			out[i] = f.board
		default:
			out[i] = computed[k]
		}
	}
	return out, nil
}

// refitLater starts the background refit of board k unless one is pending or running,
// RefitEvery after its previous fit started, or twice that fit's time if longer: under
// a steady stream of votes, refits of a board whose fit takes seconds (a million
// battles' style control) use at most half of one core, and the votes the other.
// l.mu must be held.
func (l *Leaderboards) refitLater(k boardKey) {
	if l.refits[k] {
		return
	}
	l.refits[k] = true
	wait := time.Until(l.lastFit[k].Add(max(l.RefitEvery, 2*l.fitTook[k])))
	go func() {
		if wait > 0 {
			time.Sleep(wait)
		}
		// The fit reads every vote's numbers: minutes at worst on a huge database, and
		// no request waits for it.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Minute)
		defer cancel()
		bs, err := l.get(ctx, []boardKey{k}, false)
		l.mu.Lock()
		delete(l.refits, k)
		if err == nil {
			l.notify() // open pages fetch the board again, and now get this one
		}
		l.mu.Unlock()
		if err != nil && l.Log != nil {
			l.Log.Warn("leaderboard refit failed", "error", err)
		}
		if l.Refitted != nil {
			var b *Board
			if err == nil {
				b = bs[0]
			}
			l.Refitted(b, err)
		}
	}()
}

// deprecated lists the deprecated models by name, sorted.
func (l *Leaderboards) deprecated(ctx context.Context) ([]string, error) {
	ms, err := l.Store.LabModels(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ms {
		if m.Deprecated() {
			out = append(out, m.Name)
		}
	}
	slices.Sort(out)
	return out, nil
}

func (l *Leaderboards) bootstrap(k boardKey, version uint64) {
	defer func() {
		l.mu.Lock()
		delete(l.running, k)
		l.mu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	data, err := l.read(ctx, []boardKey{k})
	var b *Board
	if err == nil {
		b, err = l.compute(k, data[0], version, true)
	}
	if err != nil {
		if l.Log != nil {
			l.Log.Warn("leaderboard bootstrap failed", "error", err)
		}
		return
	}
	l.mu.Lock()
	if cur, ok := l.cache[k]; ok && cur.Version == version {
		l.cache[k] = b
	}
	l.mu.Unlock()
}

// boardData is what a board is fitted from: the aggregate of its votes, and their log
// when the board is fitted from the votes themselves.
type boardData struct {
	agg    *ranking.Aggregate
	log    *ranking.BattleLog
	styled int           // battles of the log with answers to take style from
	read   time.Duration // the board's share of the time reading took
}

// read reads what the boards ks are fitted from: the counters for those they can be
// fitted from, and for all the others one pass over the votes, each vote going to every
// board whose query includes it.
func (l *Leaderboards) read(ctx context.Context, ks []boardKey) ([]boardData, error) {
	data := make([]boardData, len(ks))
	var rows []int
	imported, text := false, false
	for i, k := range ks {
		if k.q.fromCounters() {
			start := time.Now()
			agg, err := l.counts(ctx, k.q)
			if err != nil {
				return nil, err
			}
			data[i] = boardData{agg: agg, read: time.Since(start)}
			continue
		}
		rows = append(rows, i)
		imported, text = imported || k.q.Imported, text || k.q.StyleControl
		data[i].agg = ranking.NewAggregate()
		if k.q.StyleControl {
			data[i].log = ranking.NewBattleLog()
		}
	}
	if len(rows) == 0 {
		return data, nil
	}
	start := time.Now()
	err := l.Store.VotedBattles(ctx, imported, text, func(v VotedBattle) error {
		var b ranking.Battle
		made := false
		for _, i := range rows {
			q := ks[i].q
			if !q.Includes(v) {
				continue
			}
			if !made {
				b, made = v.RankingBattle(), true
			}
			d := &data[i]
			d.agg.AddBattle(b)
			if q.StyleControl {
				d.log.Add(b)
				if b.HasStyle {
					d.styled++
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	share := time.Since(start) / time.Duration(len(rows))
	for _, i := range rows {
		data[i].read = share
	}
	return data, nil
}

// counts sums the live counters, and the imported ones when asked: aggregates add.
func (l *Leaderboards) counts(ctx context.Context, q BoardQuery) (*ranking.Aggregate, error) {
	if q.SideBySide {
		pcs, err := l.Store.PairCounts(ctx, PairCountCategory(ModeSideBySide, q.Arena, q.Category))
		if err != nil {
			return nil, err
		}
		return aggregate(pcs)
	}
	cats := []string{PairCountCategory(ModeBattle, q.Arena, q.Category)}
	if q.Imported && cmp.Or(q.Arena, ArenaText) == ArenaText {
		cats = append(cats, ImportedCategoryPrefix+q.Category)
	}
	var all []PairCount
	for _, c := range cats {
		pcs, err := l.Store.PairCounts(ctx, c)
		if err != nil {
			return nil, err
		}
		all = append(all, pcs...)
	}
	return aggregate(all)
}

func aggregate(pcs []PairCount) (*ranking.Aggregate, error) {
	all := make([]ranking.PairCount, 0, len(pcs))
	for _, p := range pcs {
		all = append(all, ranking.PairCount{A: p.A, B: p.B, WinsA: int64(p.WinsA), WinsB: int64(p.WinsB), Ties: int64(p.Ties), BothBad: int64(p.BothBad)})
	}
	return ranking.AggregateFromCounts(all)
}

// compute fits board k from its data.
func (l *Leaderboards) compute(k boardKey, d boardData, version uint64, boot bool) (*Board, error) {
	q, agg, log := k.q, d.agg, d.log
	if l.Observer != nil {
		start, kind := time.Now(), "fit"
		if boot {
			kind = "bootstrap"
		}
		defer func() { l.Observer.BoardComputed(kind, d.read+time.Since(start)) }()
	}
	opt := ranking.Options{Method: ranking.MethodBT, CI: ranking.CISandwich, Seed: 1, Reweight: q.Reweight, Alpha: q.Alpha}
	if k.deprecated != "" {
		opt.Deprecated = strings.Split(k.deprecated, "\n")
	}
	if boot {
		opt.CI, opt.Rounds = ranking.CIBootstrap, l.rounds()
	}
	var err error
	var lb *ranking.Leaderboard
	switch {
	case q.StyleControl:
		// Bootstrap would refit per round, so style keeps sandwich intervals.
		opt.StyleControl, opt.CI, opt.Rounds = true, ranking.CISandwich, 0
		boot = true // nothing more to compute in the background
		if d.styled == 0 {
			// Battles imported from clean_battle logs have no answers: with only them in
			// view there is nothing to fit, which is no error of the reader's.
			lb = &ranking.Leaderboard{Method: ranking.MethodStyle, Models: []ranking.Entry{}}
			if log.Len() > 0 {
				lb.Notes = []string{ranking.StyleOmittedNote(log.Len())}
			}
		} else if lb, err = ranking.BuildLeaderboardFromLog(log, opt); err != nil {
			return nil, fmt.Errorf("style-controlled leaderboard: %w", err)
		}
	case agg.Battles() == 0:
		lb = &ranking.Leaderboard{Method: ranking.MethodBT, Models: []ranking.Entry{}}
	default:
		if lb, err = ranking.BuildLeaderboard(agg, opt); err != nil {
			return nil, err
		}
	}
	ratings := map[string]float64{}
	for _, e := range lb.Models {
		ratings[e.Model] = e.Rating
	}
	var hidden []string
	for _, m := range agg.Models() {
		if slices.Contains(opt.Deprecated, m) {
			hidden = append(hidden, m)
		}
	}
	slices.Sort(hidden)
	return &Board{Query: q, Leaderboard: lb, Matrices: ranking.WinMatrices(agg, nil, ratings), Computed: time.Now(),
		Bootstrapped: boot, Version: version, Hidden: hidden}, nil
}

// OutcomeOf converts a vote outcome to the ranking package's.
func OutcomeOf(w Winner) ranking.Outcome {
	switch w {
	case WinnerA:
		return ranking.WinA
	case WinnerB:
		return ranking.WinB
	case WinnerTie:
		return ranking.Tie
	}
	return ranking.BothBad
}

// RankingBattle converts a voted battle for the ranking package, with style features
// when its answers were read.
func (v VotedBattle) RankingBattle() ranking.Battle {
	b := ranking.Battle{ModelA: v.ModelA, ModelB: v.ModelB, Outcome: OutcomeOf(v.Winner), Tags: v.Category}
	if !v.Time.IsZero() { // an imported battle whose file gave no time (the 55k CSV)
		b.Time = float64(v.Time.UnixMilli()) / 1000
	}
	st := v.Style
	if st == nil {
		s := StyleOfAnswers(v.TextA, v.TextB)
		st = &s
	}
	if st.HasText {
		b.StyleA, b.StyleB, b.HasStyle = st.A, st.B, true
	}
	return b
}
