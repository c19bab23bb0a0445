package arena

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/arena-dev/arena/ranking"
)

// LeaderboardStore reads what leaderboards are computed from.
type LeaderboardStore interface {
	// PairCounts returns the outcome counters of a category ("" for all battles).
	PairCounts(ctx context.Context, category string) ([]PairCount, error)
	// VotedBattles calls fn for every counted vote (see VoteFacts.Counted), with the
	// imported votes when asked, in vote order.
	VotedBattles(ctx context.Context, imported, withText bool, fn func(VotedBattle) error) error
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

	mu       sync.Mutex
	version  uint64
	cache    map[BoardQuery]*Board
	running  map[BoardQuery]bool
	watchers map[chan struct{}]struct{}
}

// Invalidate marks every cached board stale; call it after each vote.
func (l *Leaderboards) Invalidate() {
	l.mu.Lock()
	l.version++
	for ch := range l.watchers {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	l.mu.Unlock()
}

// Watch returns a channel that fires (coalesced) when votes change the leaderboards.
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
func (l *Leaderboards) Get(ctx context.Context, q BoardQuery) (*Board, error) {
	l.mu.Lock()
	if l.cache == nil {
		l.cache, l.running = map[BoardQuery]*Board{}, map[BoardQuery]bool{}
	}
	version := l.version
	if b, ok := l.cache[q]; ok && b.Version == version {
		l.mu.Unlock()
		return b, nil
	}
	l.mu.Unlock()
	b, err := l.compute(ctx, q, version, false)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	if cur, ok := l.cache[q]; !ok || cur.Version <= version {
		l.cache[q] = b
	}
	start := !b.Bootstrapped && !l.running[q]
	if start {
		l.running[q] = true
	}
	l.mu.Unlock()
	if start {
		go l.bootstrap(q, version)
	}
	return b, nil
}

func (l *Leaderboards) bootstrap(q BoardQuery, version uint64) {
	defer func() {
		l.mu.Lock()
		delete(l.running, q)
		l.mu.Unlock()
	}()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	b, err := l.compute(ctx, q, version, true)
	if err != nil {
		if l.Log != nil {
			l.Log.Warn("leaderboard bootstrap failed", "error", err)
		}
		return
	}
	l.mu.Lock()
	if cur, ok := l.cache[q]; ok && cur.Version == version {
		l.cache[q] = b
	}
	l.mu.Unlock()
}

// counts sums the live counters, and the imported ones when asked: aggregates add.
func (l *Leaderboards) counts(ctx context.Context, q BoardQuery) (*ranking.Aggregate, error) {
	if q.SideBySide {
		pcs, err := l.Store.PairCounts(ctx, PairCountCategory(ModeSideBySide, q.Category))
		if err != nil {
			return nil, err
		}
		return aggregate(pcs)
	}
	cats := []string{q.Category}
	if q.Imported {
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

func (l *Leaderboards) compute(ctx context.Context, q BoardQuery, version uint64, boot bool) (*Board, error) {
	if l.Observer != nil {
		start, kind := time.Now(), "fit"
		if boot {
			kind = "bootstrap"
		}
		defer func() { l.Observer.BoardComputed(kind, time.Since(start)) }()
	}
	opt := ranking.Options{Method: ranking.MethodBT, CI: ranking.CISandwich, Seed: 1, Reweight: q.Reweight, Alpha: q.Alpha}
	if boot {
		opt.CI, opt.Rounds = ranking.CIBootstrap, l.rounds()
	}
	agg, err := l.counts(ctx, q)
	if err != nil {
		return nil, err
	}
	var lb *ranking.Leaderboard
	if q.StyleControl {
		// Style needs each battle's answers, so it is the one fit that reads votes
		// rather than counters; bootstrap would refit per round, so it keeps sandwich.
		log := ranking.NewBattleLog()
		styled := 0
		err := l.Store.VotedBattles(ctx, q.Imported, true, func(v VotedBattle) error {
			if q.Category != "" && !slices.Contains(v.Category, q.Category) {
				return nil
			}
			b := v.RankingBattle()
			if b.HasStyle {
				styled++
			}
			log.Add(b)
			return nil
		})
		if err != nil {
			return nil, err
		}
		opt.StyleControl, opt.CI, opt.Rounds = true, ranking.CISandwich, 0
		boot = true // nothing more to compute in the background
		if styled == 0 {
			// Battles imported from clean_battle logs have no answers: with only them in
			// view there is nothing to fit, which is no error of the reader's.
			lb = &ranking.Leaderboard{Method: ranking.MethodStyle, Models: []ranking.Entry{}}
			if log.Len() > 0 {
				lb.Notes = []string{ranking.StyleOmittedNote(log.Len())}
			}
		} else if lb, err = ranking.BuildLeaderboardFromLog(log, opt); err != nil {
			return nil, fmt.Errorf("style-controlled leaderboard: %w", err)
		}
	} else if agg.Battles() == 0 {
		lb = &ranking.Leaderboard{Method: ranking.MethodBT, Models: []ranking.Entry{}}
	} else if lb, err = ranking.BuildLeaderboard(agg, opt); err != nil {
		return nil, err
	}
	ratings := map[string]float64{}
	for _, e := range lb.Models {
		ratings[e.Model] = e.Rating
	}
	return &Board{Query: q, Leaderboard: lb, Matrices: ranking.WinMatrices(agg, nil, ratings), Computed: time.Now(),
		Bootstrapped: boot, Version: version}, nil
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
	if v.TextA != "" || v.TextB != "" {
		b.StyleA, b.StyleB, b.HasStyle = ranking.StyleOf(v.TextA), ranking.StyleOf(v.TextB), true
	}
	return b
}
