package web

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"

	"github.com/a-h/templ"
	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// overviewQuery reads the overview's switches: the board's, but for the category,
// since the overview has every one.
func overviewQuery(c echo.Context) (arena.BoardQuery, error) {
	if cat := c.QueryParam("category"); cat != "" {
		return arena.BoardQuery{}, arena.Errorf(arena.EINVALID, "The overview shows every category; category=%s is for /leaderboard.", cat)
	}
	return boardQuery(c)
}

// overviewTitle names an overview column.
func overviewTitle(category string) string {
	if category == "" {
		return "Overall"
	}
	return category
}

// overviewData reads what the overview's page and JSON both show: the query, the
// boards, the languages of the view and the models' facts.
func (s *Server) overviewData(c echo.Context) (q arena.BoardQuery, o *arena.Overview, langs []arena.LanguageCount, facts map[string]arena.BoardModel, err error) {
	if q, err = overviewQuery(c); err != nil {
		return
	}
	ctx := c.Request().Context()
	if o, err = s.deps.Leaderboards.Overview(ctx, q); err != nil {
		return
	}
	if langs, err = s.deps.Leaderboards.Languages(ctx, q); err != nil {
		return
	}
	facts, err = s.boardModels(c)
	return
}

func (s *Server) leaderboardOverview(c echo.Context) error {
	q, o, langs, facts, err := s.overviewData(c)
	if err != nil {
		return err
	}
	models, err := s.modelIndex(c)
	if err != nil {
		return err
	}
	v := views.OverviewView{Board: boardView(q, langs)}
	v.Board.Overview = true
	key := strings.Builder{}
	fmt.Fprintf(&key, "overview|%+v", q)
	for i, cat := range o.Columns {
		b := o.Boards[i]
		v.Columns = append(v.Columns, views.OverviewColumn{Title: overviewTitle(cat), URL: v.Board.CategoryURL(cat), Votes: b.Leaderboard.Battles})
		fmt.Fprintf(&key, "|%d|%d|%s", b.Version, b.Computed.UnixNano(), factsKey(b, facts))
	}
	v.Notes = o.Boards[0].Leaderboard.Notes
	for _, r := range o.Rows {
		m := models[r.Model]
		if m.Name == "" {
			m.Name = r.Model
		}
		v.Rows = append(v.Rows, views.OverviewRow{Name: r.Model, Display: m.DisplayName(), Deprecated: facts[r.Model].Deprecated, Ranks: r.Ranks})
	}
	p := s.page(c, "Leaderboard overview", "leaderboard")
	p.Scripts = []string{"leaderboard.js"}
	html, err := s.boards.html(key.String(), func(w *bytes.Buffer) error { return views.OverviewBoard(v).Render(c.Request().Context(), w) })
	if err != nil {
		return err
	}
	return render(c, http.StatusOK, views.OverviewPage(p, v, templ.Raw(html)))
}

// apiOverview is /api/leaderboard/overview: each model's rank on every board of the
// view, the boards each being /api/leaderboard's of that category.
type apiOverview struct {
	View    apiBoardView          `json:"view"`
	Columns []apiOverviewColumn   `json:"columns"`
	Models  []apiOverviewModel    `json:"models"`
	Notes   []string              `json:"notes,omitempty"`
	Langs   []arena.LanguageCount `json:"languages"`
}

type apiOverviewColumn struct {
	Column   string `json:"column"`   // "overall" or the category
	Category string `json:"category"` // "" for overall
	Battles  int64  `json:"battles"`
}

type apiOverviewModel struct {
	Model      string `json:"model"`
	Deprecated bool   `json:"deprecated"`
	// Ranks are by column name; null where that board does not rate the model.
	Ranks map[string]*int `json:"ranks"`
}

func (s *Server) apiLeaderboardOverview(c echo.Context) error {
	q, o, langs, facts, err := s.overviewData(c)
	if err != nil {
		return err
	}
	out := apiOverview{View: newAPIBoardView(q), Models: []apiOverviewModel{}, Notes: o.Boards[0].Leaderboard.Notes, Langs: langs}
	names := make([]string, len(o.Columns))
	for i, cat := range o.Columns {
		names[i] = strings.ToLower(overviewTitle(cat))
		out.Columns = append(out.Columns, apiOverviewColumn{Column: names[i], Category: cat, Battles: o.Boards[i].Leaderboard.Battles})
	}
	for _, r := range o.Rows {
		m := apiOverviewModel{Model: r.Model, Deprecated: facts[r.Model].Deprecated, Ranks: map[string]*int{}}
		for i, rank := range r.Ranks {
			m.Ranks[names[i]] = rankOrNull(rank)
		}
		out.Models = append(out.Models, m)
	}
	return c.JSON(http.StatusOK, out)
}
