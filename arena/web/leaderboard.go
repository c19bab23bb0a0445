package web

import (
	"bytes"
	"fmt"
	"sync"

	"net/http"
	"slices"
	"time"

	"github.com/a-h/templ"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// boardQuery reads the leaderboard switches from the URL.
func boardQuery(c echo.Context) (arena.BoardQuery, error) {
	q := arena.BoardQuery{Category: c.QueryParam("category"), StyleControl: c.QueryParam("style") == "1", Imported: c.QueryParam("imported") == "1"}
	if q.Category != "" && !arena.IsCategory(q.Category) {
		return q, arena.Errorf(arena.EINVALID, "Unknown category %q; categories are %v.", q.Category, arena.Categories)
	}
	return q, nil
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

func (s *Server) boardRows(b *arena.Board, models map[string]arena.Model) []views.BoardRow {
	var rows []views.BoardRow
	for _, e := range b.Leaderboard.Models {
		m := models[e.Model]
		if m.Name == "" {
			m.Name = e.Model
		}
		rows = append(rows, views.BoardRow{Rank: e.Rank, Name: e.Model, Display: m.DisplayName(), Org: m.Organization,
			Rating: e.Rating, Lower: e.CILower, Upper: e.CIUpper, Votes: e.Battles, Note: e.Note,
			Provisional: e.Battles < int64(s.cfg.ProvisionalVotes)})
	}
	return rows
}

func (s *Server) leaderboardPage(c echo.Context) error {
	b, q, err := s.board(c)
	if err != nil {
		return err
	}
	models, err := s.modelIndex(c)
	if err != nil {
		return err
	}
	v := views.LeaderboardView{Category: q.Category, Categories: arena.Categories, Style: q.StyleControl, Imported: q.Imported,
		Battles: b.Leaderboard.Battles, Bootstrapped: b.Bootstrapped, ProvisionalBelow: int64(s.cfg.ProvisionalVotes),
		Rows: s.boardRows(b, models)}
	for _, sc := range b.Leaderboard.Style {
		v.StyleCoefs = append(v.StyleCoefs, views.StyleCoef{Feature: sc.Feature, Coef: sc.Coef})
	}
	v.Chart = views.NewChart(v.Rows)
	if mx := b.Matrices; mx != nil && len(mx.Models) > 0 {
		labels := slices.Clone(mx.Models)
		counts := make([][]*float64, len(mx.Battles))
		maxCount := 1.0
		for i, row := range mx.Battles {
			counts[i] = make([]*float64, len(row))
			for j, n := range row {
				if i != j {
					f := float64(n)
					counts[i][j] = &f
					maxCount = max(maxCount, f)
				}
			}
		}
		v.WinRate = views.NewHeatmap("Observed win rate of the row model against the column model", labels, mx.WinRate, 0, 1,
			func(x float64) string { return fmt.Sprintf("%.0f%%", 100*x) })
		v.Counts = views.NewHeatmap("Battles between each pair", labels, counts, 0, maxCount,
			func(x float64) string { return fmt.Sprintf("%.0f", x) })
	}
	p := s.page(c, "Leaderboard", "leaderboard")
	p.Scripts = []string{"leaderboard.js"}
	key := fmt.Sprintf("%+v|%d|%v|%d", q, b.Version, b.Bootstrapped, b.Computed.UnixNano())
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
	v := views.ModelView{Name: m.Name, Display: m.DisplayName(), Org: m.Organization}
	for _, r := range s.boardRows(b, models) {
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

// apiLeaderboard returns the same JSON as `arena rank --format json`.
func (s *Server) apiLeaderboard(c echo.Context) error {
	b, _, err := s.board(c)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, b.Leaderboard)
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
		o.WinRate = fmt.Sprintf("%.0f%%", 100*(float64(o.Wins)+float64(o.Ties)/2)/float64(max(o.Battles, 1)))
		o.Predicted = "–"
		if pr := predicted[o.Name]; pr != nil {
			o.Predicted = fmt.Sprintf("%.0f%%", 100**pr)
		}
		out = append(out, o)
	}
	slices.SortFunc(out, func(a, b views.OpponentRow) int { return int(b.Battles - a.Battles) })
	return out
}
