package web

import (
	"bytes"
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

// boardQuery reads the leaderboard switches from the URL.
func boardQuery(c echo.Context) (arena.BoardQuery, error) {
	q := arena.BoardQuery{Category: c.QueryParam("category"), StyleControl: c.QueryParam("style") == "1", Imported: c.QueryParam("imported") == "1"}
	if q.Category != "" && !arena.IsCategory(q.Category) {
		return q, arena.Errorf(arena.EINVALID, "Unknown category %q; categories are %v.", q.Category, arena.Categories)
	}
	mode, err := arena.ParseMode(c.QueryParam("mode"))
	switch {
	case err != nil:
		return q, err
	case mode == arena.ModeDirect:
		return q, arena.Errorf(arena.EINVALID, "Direct chats have no votes, so no leaderboard; mode is battle or side-by-side.")
	case mode == arena.ModeSideBySide && (q.StyleControl || q.Imported):
		return q, arena.Errorf(arena.EINVALID, "The side-by-side board has neither style control nor imported votes; leave out style and imported.")
	}
	q.SideBySide = mode == arena.ModeSideBySide
	return q, nil
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

// activeOnly reads the switch that hides paused and retired models: "1" hides them,
// "" or "0" shows every model.
func activeOnly(c echo.Context) (bool, error) {
	switch v := c.QueryParam("active"); v {
	case "", "0":
		return false, nil
	case "1":
		return true, nil
	default:
		return false, arena.Errorf(arena.EINVALID, "active is 1 (hide paused and retired models) or 0 (show every model); got %q.", v)
	}
}

// modelStatuses is each model's status by name, for the leaderboard's marks; empty
// when the server has no transparency service, and then nothing is marked or hidden.
func (s *Server) modelStatuses(c echo.Context) (map[string]arena.ModelStatus, error) {
	if s.deps.Transparency == nil {
		return map[string]arena.ModelStatus{}, nil
	}
	return s.deps.Transparency.ModelStatuses(c.Request().Context())
}

// shown reports whether a model with this status is listed when only active models
// are asked for. A model of unknown status is listed: hiding is for what is known to
// be out of battles.
func shown(status arena.ModelStatus, activeOnly bool) bool {
	return !activeOnly || status == "" || status == arena.ModelActive
}

func (s *Server) board(c echo.Context) (*arena.Board, arena.BoardQuery, error) {
	q, err := boardQuery(c)
	if err != nil {
		return nil, q, err
	}
	b, err := s.deps.Leaderboards.Get(c.Request().Context(), q)
	return b, q, err
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

// boardRows are the board's lines, unmarked.
func (s *Server) boardRows(b *arena.Board, models map[string]arena.Model) []views.BoardRow {
	return s.markedRows(b, models, nil, false)
}

// markedRows are the board's lines with each model's status, without the models
// activeOnly hides. Ranks stay the fit's: hiding a model is a view of the same board,
// not another fit.
func (s *Server) markedRows(b *arena.Board, models map[string]arena.Model, statuses map[string]arena.ModelStatus, activeOnly bool) []views.BoardRow {
	var rows []views.BoardRow
	for _, e := range b.Leaderboard.Models {
		if !shown(statuses[e.Model], activeOnly) {
			continue
		}
		m := models[e.Model]
		if m.Name == "" {
			m.Name = e.Model
		}
		rows = append(rows, views.BoardRow{Rank: e.Rank, Name: e.Model, Display: m.DisplayName(), Org: m.Organization,
			Rating: e.Rating, Lower: e.CILower, Upper: e.CIUpper, Votes: e.Battles, Note: e.Note,
			Provisional: arena.IsProvisional(e.Battles), Status: string(statuses[e.Model])})
	}
	return rows
}

// statusKey fingerprints the statuses of the board's models: a pause or a retirement
// changes the rendered board without a vote.
func statusKey(b *arena.Board, statuses map[string]arena.ModelStatus) string {
	var k strings.Builder
	for _, e := range b.Leaderboard.Models {
		if st := statuses[e.Model]; st != arena.ModelActive {
			k.WriteString(e.Model + "=" + string(st) + ";")
		}
	}
	return k.String()
}

func (s *Server) leaderboardPage(c echo.Context) error {
	b, q, err := s.board(c)
	if err != nil {
		return err
	}
	only, err := activeOnly(c)
	if err != nil {
		return err
	}
	models, err := s.modelIndex(c)
	if err != nil {
		return err
	}
	statuses, err := s.modelStatuses(c)
	if err != nil {
		return err
	}
	v := views.LeaderboardView{Category: q.Category, Categories: arena.Categories, Style: q.StyleControl, Imported: q.Imported, SideBySide: q.SideBySide,
		ActiveOnly: only, Battles: b.Leaderboard.Battles, Bootstrapped: b.Bootstrapped, ProvisionalBelow: arena.ProvisionalVotes,
		Rows: s.markedRows(b, models, statuses, only), Notes: b.Leaderboard.Notes}
	v.Hidden = len(b.Leaderboard.Models) - len(v.Rows)
	for _, sc := range b.Leaderboard.Style {
		v.StyleCoefs = append(v.StyleCoefs, views.StyleCoef{Feature: sc.Feature, Coef: sc.Coef})
	}
	v.Chart = views.NewChart(v.Rows)
	if mx := b.Matrices; mx != nil && len(mx.Models) > 0 {
		var keep []int // the matrices' models that are shown
		for i, name := range mx.Models {
			if shown(statuses[name], only) {
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
	key := fmt.Sprintf("%+v|%v|%d|%v|%d|%s", q, only, b.Version, b.Bootstrapped, b.Computed.UnixNano(), statusKey(b, statuses))
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
	b, err := s.deps.Leaderboards.Get(ctx, arena.BoardQuery{})
	if err != nil {
		return err
	}
	models, err := s.modelIndex(c)
	if err != nil {
		return err
	}
	statuses, err := s.modelStatuses(c)
	if err != nil {
		return err
	}
	v := views.ModelView{Name: m.Name, Display: m.DisplayName(), Org: m.Organization}
	for _, r := range s.markedRows(b, models, statuses, false) {
		if r.Name == name {
			v.Row = &r
		}
	}
	counts, err := s.deps.Leaderboards.Store.PairCounts(ctx, "")
	if err != nil {
		return err
	}
	predicted := map[string]*float64{}
	if mx := b.Matrices; mx != nil {
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
// its status and provisional mark added.
type apiBoard struct {
	*ranking.Leaderboard
	Models []apiBoardEntry `json:"models"`
}

type apiBoardEntry struct {
	ranking.Entry
	// Status is active, paused, retired or pending; "" when the server cannot tell.
	Status      string `json:"status"`
	Provisional bool   `json:"provisional"`
}

// apiLeaderboard returns the JSON of `arena rank --format json`, with each model's status
// and provisional mark; ?active=1 leaves out paused and retired models, as on the page.
func (s *Server) apiLeaderboard(c echo.Context) error {
	q, err := boardQuery(c)
	if err != nil {
		return err
	}
	if q.Reweight, q.Alpha, err = apiRankOptions(c); err != nil {
		return err
	}
	b, err := s.deps.Leaderboards.Get(c.Request().Context(), q)
	if err != nil {
		return err
	}
	only, err := activeOnly(c)
	if err != nil {
		return err
	}
	statuses, err := s.modelStatuses(c)
	if err != nil {
		return err
	}
	out := apiBoard{Leaderboard: b.Leaderboard, Models: []apiBoardEntry{}}
	for _, e := range b.Leaderboard.Models {
		if st := statuses[e.Model]; shown(st, only) {
			out.Models = append(out.Models, apiBoardEntry{Entry: e, Status: string(st), Provisional: arena.IsProvisional(e.Battles)})
		}
	}
	return c.JSON(http.StatusOK, out)
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
