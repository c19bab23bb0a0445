package web

import (
	"bytes"
	"cmp"
	"fmt"
	"sync"

	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/a-h/templ"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
	"github.com/arena-dev/arena/views"
)

// boardQuery reads the leaderboard switches from the URL. The default view is
// LMArena's: style control on (?style=0 turns it off) but in the image arenas,
// deprecated models fitted but hidden (?deprecated=1 shows them).
func boardQuery(c echo.Context) (arena.BoardQuery, error) {
	q := arena.BoardQuery{Category: c.QueryParam("category"), Language: c.QueryParam("language")}
	if c.QueryParam("active") != "" {
		return q, arena.Errorf(arena.EINVALID, "active= is no longer a switch: deprecated (retired) models are hidden by default and deprecated=1 shows them, marked; paused models are always listed, marked.")
	}
	// The image arenas' answers are pictures, with no length or formatting to control
	// for: their boards are fitted without style control unless asked.
	kind, err := arena.ParseArena(c.QueryParam("arena"))
	if err != nil {
		return q, err
	}
	if q.StyleControl, err = switchParam(c, "style", !arena.IsImageArena(kind), "control for style, the default but in the image arenas", "fit without style control"); err != nil {
		return q, err
	}
	if q.Imported, err = switchParam(c, "imported", false, "add the votes imported from other arenas' datasets", "the arena's own votes only, the default"); err != nil {
		return q, err
	}
	if q.MultiTurn, err = switchParam(c, "multiturn", false, "only battles of more than one turn", "every battle, the default"); err != nil {
		return q, err
	}
	keep, err := switchParam(c, "refusals", true, "keep the battles where a side refused, the default", "leave out the battles where either side refused")
	if err != nil {
		return q, err
	}
	q.ExcludeRefusals = !keep
	show, err := switchParam(c, "deprecated", false, "show deprecated models, marked", "fit them but hide them, the default")
	if err != nil {
		return q, err
	}
	q.HideDeprecated = !show
	switch {
	case kind != arena.ArenaText && q.Imported:
		return q, arena.Errorf(arena.EINVALID, "Imported votes are other arenas' text battles: the %s board has none; leave out imported.", kind)
	case kind != arena.ArenaText:
		q.Arena = kind
	}
	mode, err := arena.ParseMode(c.QueryParam("mode"))
	switch {
	case err != nil:
		return q, err
	case mode == arena.ModeDirect:
		return q, arena.Errorf(arena.EINVALID, "Direct chats have no votes, so no leaderboard; mode is battle or side-by-side.")
	case mode == arena.ModeSideBySide:
		// Its board is fitted from its own counters: style control is off there by
		// default, and the filters that need the votes themselves are refused.
		if c.QueryParam("style") == "1" || q.Imported || q.Language != "" || q.MultiTurn || q.ExcludeRefusals {
			return q, arena.Errorf(arena.EINVALID, "The side-by-side board has no style control, imported votes, language, multi-turn or refusal filter; leave out style, imported, language, multiturn and refusals.")
		}
		q.StyleControl, q.SideBySide = false, true
	}
	return q, nil
}

// switchParam reads an on/off switch of the URL: 1 or 0, def when absent.
func switchParam(c echo.Context, name string, def bool, on, off string) (bool, error) {
	switch v := c.QueryParam(name); v {
	case "":
		return def, nil
	case "1":
		return true, nil
	case "0":
		return false, nil
	default:
		return false, arena.Errorf(arena.EINVALID, "%s is 1 (%s) or 0 (%s); got %q.", name, on, off, v)
	}
}

// apiAlphas are the significance levels /api/leaderboard computes: each is a board of
// its own in the cache, so the set is closed.
var apiAlphas = map[string]float64{"0.01": 0.01, "0.05": 0.05, "0.1": 0.1, "0.2": 0.2}

// apiRankOptions reads /api/leaderboard's ranking options: ?reweight=1 for
// inverse-pair-frequency weighting, ?alpha= for the intervals' significance level. The
// page keeps LMArena's 95% unweighted board.
func apiRankOptions(c echo.Context) (reweight bool, alpha float64, err error) {
	switch v := c.QueryParam("reweight"); v {
	case "", "0":
	case "1":
		reweight = true
	default:
		return false, 0, arena.Errorf(arena.EINVALID, "reweight is 1 (weigh each vote by 1/max(votes of its pair, 50)) or 0; got %q.", v)
	}
	if v := c.QueryParam("alpha"); v != "" {
		a, ok := apiAlphas[v]
		if !ok {
			return false, 0, arena.Errorf(arena.EINVALID, "alpha is one of 0.01, 0.05, 0.1 or 0.2; got %q.", v)
		}
		alpha = a
	}
	return reweight, alpha, nil
}

// boardModels is what the leaderboard shows of each model, by name; empty when the
// server has no transparency service, and then nothing is marked.
func (s *Server) boardModels(c echo.Context) (map[string]arena.BoardModel, error) {
	if s.deps.Transparency == nil {
		return map[string]arena.BoardModel{}, nil
	}
	return s.deps.Transparency.BoardModels(c.Request().Context())
}

// boardPair is q's board and its counterpart with style control switched, whose ranks
// the other rank column shows.
func (s *Server) boardPair(c echo.Context, q arena.BoardQuery) (b, other *arena.Board, err error) {
	if q.SideBySide { // its board has no style-controlled twin
		b, err := s.deps.Leaderboards.Get(c.Request().Context(), q)
		return b, nil, err
	}
	flipped := q
	flipped.StyleControl = !q.StyleControl
	bs, err := s.deps.Leaderboards.GetAll(c.Request().Context(), q, flipped)
	if err != nil {
		return nil, nil, err
	}
	return bs[0], bs[1], nil
}

// modelIndex maps model names to their configuration, for organisations and labels.
func (s *Server) modelIndex(c echo.Context) (map[string]arena.Model, error) {
	ms, err := s.deps.Models.Models(c.Request().Context())
	if err != nil {
		return nil, err
	}
	idx := make(map[string]arena.Model, len(ms))
	for _, m := range ms {
		idx[m.Name] = m
	}
	return idx, nil
}

// boardRows are the lines of board b, each with the model's rank on b and on other
// (b's view with style control switched; nil for none) and what the board shows of
// the model (facts; nil for nothing).
func boardRows(b, other *arena.Board, models map[string]arena.Model, facts map[string]arena.BoardModel) []views.BoardRow {
	otherRank := map[string]int{}
	if other != nil {
		for _, e := range other.Leaderboard.Models {
			otherRank[e.Model] = e.Rank
		}
	}
	var rows []views.BoardRow
	for _, e := range b.Leaderboard.Models {
		m := models[e.Model]
		if m.Name == "" {
			m.Name = e.Model
		}
		f := facts[e.Model]
		r := views.BoardRow{Rank: e.Rank, Name: e.Model, Display: m.DisplayName(), Org: m.Organization,
			Rating: e.Rating, Lower: e.CILower, Upper: e.CIUpper, Votes: e.Battles, Note: e.Note,
			Provisional: arena.IsProvisional(e.Battles), Status: string(f.Status), License: f.License, Deprecated: f.Deprecated}
		r.RankPlain, r.RankStyle = e.Rank, otherRank[e.Model]
		if b.Query.StyleControl {
			r.RankPlain, r.RankStyle = r.RankStyle, r.RankPlain
		}
		rows = append(rows, r)
	}
	return rows
}

// factsKey fingerprints what the board shows of its models besides the fit: a pause,
// a retirement or a declared licence changes the rendered board without a vote.
func factsKey(b *arena.Board, facts map[string]arena.BoardModel) string {
	var k strings.Builder
	for _, e := range b.Leaderboard.Models {
		if f := facts[e.Model]; f != (arena.BoardModel{Status: arena.ModelActive}) {
			fmt.Fprintf(&k, "%s=%+v;", e.Model, f)
		}
	}
	return k.String()
}

// boardView is the leaderboard page's view of q, without its board.
func boardView(q arena.BoardQuery, langs []arena.LanguageCount) views.LeaderboardView {
	v := views.LeaderboardView{Category: q.Category, Categories: arena.Categories, Style: q.StyleControl, Imported: q.Imported,
		SideBySide: q.SideBySide, Arena: q.Arena, Language: q.Language, MultiTurn: q.MultiTurn, ExcludeRefusals: q.ExcludeRefusals, ShowDeprecated: !q.HideDeprecated, ProvisionalBelow: arena.ProvisionalVotes}
	for _, l := range langs {
		v.Languages = append(v.Languages, views.LanguageOption{Code: l.Language, Votes: l.Votes})
	}
	return v
}

func (s *Server) leaderboardPage(c echo.Context) error {
	q, err := boardQuery(c)
	if err != nil {
		return err
	}
	b, other, err := s.boardPair(c, q)
	if err != nil {
		return err
	}
	langs, err := s.deps.Leaderboards.Languages(c.Request().Context(), q)
	if err != nil {
		return err
	}
	models, err := s.modelIndex(c)
	if err != nil {
		return err
	}
	facts, err := s.boardModels(c)
	if err != nil {
		return err
	}
	v := boardView(q, langs)
	v.Battles, v.Bootstrapped, v.Notes = b.Leaderboard.Battles, b.Bootstrapped, b.Leaderboard.Notes
	v.Fitted, v.Stale = b.Computed, b.Stale
	v.Rows, v.Hidden = boardRows(b, other, models, facts), len(b.Hidden)
	v.Unstyled = q.StyleControl && len(v.Rows) == 0 && len(other.Leaderboard.Models) > 0
	for _, sc := range b.Leaderboard.Style {
		v.StyleCoefs = append(v.StyleCoefs, views.StyleCoef{Feature: sc.Feature, Coef: sc.Coef})
	}
	v.Chart = views.NewChart(v.Rows)
	if mx := b.Matrices; mx != nil && len(mx.Models) > 0 {
		onBoard := map[string]bool{}
		for _, e := range b.Leaderboard.Models[:min(len(b.Leaderboard.Models), views.HeatmapModels)] {
			onBoard[e.Model] = true
		}
		v.HeatmapOf = len(onBoard)
		var keep []int // the matrices' models that are on the board, the top ones
		for i, name := range mx.Models {
			if onBoard[name] {
				keep = append(keep, i)
			}
		}
		labels := make([]string, len(keep))
		counts := make([][]*float64, len(keep))
		rates := make([][]*float64, len(keep))
		maxCount := 1.0
		for r, i := range keep {
			labels[r] = mx.Models[i]
			counts[r], rates[r] = make([]*float64, len(keep)), make([]*float64, len(keep))
			for col, j := range keep {
				if i < len(mx.WinRate) && j < len(mx.WinRate[i]) {
					rates[r][col] = mx.WinRate[i][j]
				}
				if i != j && i < len(mx.Battles) && j < len(mx.Battles[i]) {
					f := float64(mx.Battles[i][j])
					counts[r][col] = &f
					maxCount = max(maxCount, f)
				}
			}
		}
		v.WinRate = views.NewHeatmap("Observed win rate of the row model against the column model", labels, rates, 0, 1,
			func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) }, views.WinLossScale)
		v.Counts = views.NewHeatmap("Battles between each pair", labels, counts, 0, maxCount,
			func(x float64) string { return fmt.Sprintf("%.0f", x) }, views.CountScale)
	}
	p := s.page(c, "Leaderboard", "leaderboard")
	p.Scripts = []string{"leaderboard.js"}
	var otherComputed int64 // the side-by-side board has no twin
	if other != nil {
		otherComputed = other.Computed.UnixNano()
	}
	key := fmt.Sprintf("board|%+v|%d|%v|%v|%d|%d|%s", q, b.Version, b.Bootstrapped, b.Stale, b.Computed.UnixNano(), otherComputed, factsKey(b, facts))
	html, err := s.boards.html(key, func(w *bytes.Buffer) error { return views.Board(v).Render(c.Request().Context(), w) })
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.LeaderboardPage(p, v, templ.Raw(html)))
}

// boardHTML caches the rendered board of each leaderboard view until votes change it:
// its heatmaps grow with the square of the number of models, and every open page
// refetches it after each vote.
type boardHTML struct {
	mu sync.Mutex
	m  map[string]string
}

func (b *boardHTML) html(key string, render func(*bytes.Buffer) error) (string, error) {
	b.mu.Lock()
	h, ok := b.m[key]
	b.mu.Unlock()
	if ok {
		return h, nil
	}
	var buf bytes.Buffer
	if err := render(&buf); err != nil {
		return "", err
	}
	b.mu.Lock()
	if b.m == nil || len(b.m) > 64 {
		b.m = map[string]string{} // old versions are never asked for again
	}
	b.m[key] = buf.String()
	b.mu.Unlock()
	return buf.String(), nil
}

func (s *Server) modelPage(c echo.Context) error {
	name := c.Param("name")
	ctx := c.Request().Context()
	m, err := s.deps.Models.ModelByName(ctx, name)
	if err != nil {
		return err
	}
	models, err := s.modelIndex(c)
	if err != nil {
		return err
	}
	facts, err := s.boardModels(c)
	if err != nil {
		return err
	}
	// The model's line on the leaderboard's default view, which shows a deprecated
	// model only when asked: then on that view, whose ranks count it.
	q := arena.BoardQuery{StyleControl: true, HideDeprecated: !facts[name].Deprecated}
	b, plain, err := s.boardPair(c, q)
	if err != nil {
		return err
	}
	v := views.ModelView{Name: m.Name, Display: m.DisplayName(), Org: m.Organization, License: facts[name].License,
		BoardURL: boardView(q, nil).CategoryURL("")}
	for _, r := range boardRows(b, plain, models, facts) {
		if r.Name == name {
			v.Row, v.Style = &r, true
		}
	}
	if v.Row == nil {
		for _, r := range boardRows(plain, b, models, facts) {
			if r.Name == name {
				v.Row = &r
			}
		}
	}
	counts, err := s.deps.Leaderboards.Store.PairCounts(ctx, "")
	if err != nil {
		return err
	}
	predicted := map[string]*float64{}
	if mx := plain.Matrices; mx != nil {
		if i := slices.Index(mx.Models, name); i >= 0 && mx.Predicted != nil {
			for j, o := range mx.Models {
				predicted[o] = mx.Predicted[i][j]
			}
		}
	}
	v.Opponents = opponentRows(name, counts, models, predicted)
	return render(c, http.StatusOK, views.ModelPage(s.page(c, m.Name, "leaderboard"), v))
}

// apiBoard is the leaderboard as `arena rank --format json` prints it, each model with
// what the page shows of it added, with the view it is and the languages of its votes.
type apiBoard struct {
	*ranking.Leaderboard
	Models []apiBoardEntry `json:"models"`
	View   apiBoardView    `json:"view"`
	// DeprecatedHidden are the deprecated models fitted but left off the board.
	DeprecatedHidden []string              `json:"deprecated_hidden"`
	Languages        []arena.LanguageCount `json:"languages"`
	// FittedAt is when the board was fitted (from its battles votes); Stale, that
	// votes arrived since and a background refit is on its way (--board-refit).
	FittedAt time.Time `json:"fitted_at"`
	Stale    bool      `json:"stale"`
}

// apiBoardView is the view a board JSON answers for, its switches as the page reads
// them.
type apiBoardView struct {
	Arena           string `json:"arena"` // text, vision, text_to_image or image_edit
	Category        string `json:"category"`
	Language        string `json:"language"`
	MultiTurn       bool   `json:"multi_turn"`
	ExcludeRefusals bool   `json:"exclude_refusals"`
	StyleControl    bool   `json:"style_control"`
	Imported        bool   `json:"imported"`
	DeprecatedShown bool   `json:"deprecated_shown"`
}

func newAPIBoardView(q arena.BoardQuery) apiBoardView {
	return apiBoardView{Arena: cmp.Or(q.Arena, arena.ArenaText), Category: q.Category, Language: q.Language, MultiTurn: q.MultiTurn, ExcludeRefusals: q.ExcludeRefusals, StyleControl: q.StyleControl,
		Imported: q.Imported, DeprecatedShown: !q.HideDeprecated}
}

type apiBoardEntry struct {
	ranking.Entry
	// Status is active, paused, retired or pending; "" when the server cannot tell.
	Status      string `json:"status"`
	Provisional bool   `json:"provisional"`
	// License is open or proprietary as declared, "" when none was.
	License    string `json:"license"`
	Deprecated bool   `json:"deprecated"`
	// RankPlain and RankStyle are the model's ranks without and with style control
	// (one of them is Rank); null where that board does not rate it.
	RankPlain *int `json:"rank_plain"`
	RankStyle *int `json:"rank_style"`
}

// apiLeaderboard returns the JSON of `arena rank --format json`, with what the page
// shows of each model, for the page's view (the same switches, and ?reweight= and
// ?alpha=).
func (s *Server) apiLeaderboard(c echo.Context) error {
	q, err := boardQuery(c)
	if err != nil {
		return err
	}
	if q.Reweight, q.Alpha, err = apiRankOptions(c); err != nil {
		return err
	}
	b, other, err := s.boardPair(c, q)
	if err != nil {
		return err
	}
	langs, err := s.deps.Leaderboards.Languages(c.Request().Context(), q)
	if err != nil {
		return err
	}
	facts, err := s.boardModels(c)
	if err != nil {
		return err
	}
	out := apiBoard{Leaderboard: b.Leaderboard, Models: []apiBoardEntry{}, View: newAPIBoardView(q),
		DeprecatedHidden: append([]string{}, b.Hidden...), Languages: langs, FittedAt: b.Computed.UTC(), Stale: b.Stale}
	for i, r := range boardRows(b, other, nil, facts) {
		e := b.Leaderboard.Models[i]
		out.Models = append(out.Models, apiBoardEntry{Entry: e, Status: r.Status, Provisional: r.Provisional,
			License: r.License, Deprecated: r.Deprecated, RankPlain: rankOrNull(r.RankPlain), RankStyle: rankOrNull(r.RankStyle)})
	}
	return c.JSON(http.StatusOK, out)
}

func rankOrNull(r int) *int {
	if r == 0 {
		return nil
	}
	return &r
}

// leaderboardEvents tells open leaderboard pages, over server-sent events, that votes
// have landed, at most twice a second.
func (s *Server) leaderboardEvents(c echo.Context) error {
	changed, stop := s.deps.Leaderboards.Watch()
	defer stop()
	w := c.Response()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 2000\n\n")
	w.Flush()
	keepAlive := time.NewTicker(25 * time.Second)
	defer keepAlive.Stop()
	for {
		select {
		case <-c.Request().Context().Done():
			return nil
		case <-s.restarting.Done():
			// leaderboard.js says the server is restarting and reconnects, with backoff;
			// a stream that just ended would be retried at once, while nothing listens.
			fmt.Fprint(w, "event: restart\ndata: {}\n\n")
			w.Flush()
			return nil
		case <-keepAlive.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case <-changed:
			fmt.Fprint(w, "event: votes\ndata: {}\n\n")
			time.Sleep(500 * time.Millisecond)
		}
		w.Flush()
	}
}

// opponentRows is a model's record against each opponent from the pair counters, most
// battles first; predicted (optional) holds the fit's win probability per opponent.
func opponentRows(name string, counts []arena.PairCount, models map[string]arena.Model, predicted map[string]*float64) []views.OpponentRow {
	var out []views.OpponentRow
	for _, p := range counts {
		var o views.OpponentRow
		switch name {
		case p.A:
			o = views.OpponentRow{Name: p.B, Wins: int64(p.WinsA), Losses: int64(p.WinsB)}
		case p.B:
			o = views.OpponentRow{Name: p.A, Wins: int64(p.WinsB), Losses: int64(p.WinsA)}
		default:
			continue
		}
		o.Ties = int64(p.Ties + p.BothBad)
		o.Battles = o.Wins + o.Losses + o.Ties
		om := models[o.Name]
		om.Name = o.Name
		o.Display = om.DisplayName()
		// A pair whose votes were all taken out (confirmed abuse) has no battles left:
		// no rate, rather than a 0% that reads as always losing.
		o.WinRate = "—"
		if o.Battles > 0 {
			o.WinRate = fmt.Sprintf("%.0f%%", 100*(float64(o.Wins)+float64(o.Ties)/2)/float64(o.Battles))
		}
		o.Predicted = "—"
		if pr := predicted[o.Name]; pr != nil {
			o.Predicted = fmt.Sprintf("%.0f%%", 100**pr)
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b views.OpponentRow) int { return int(b.Battles - a.Battles) })
	return out
}
