package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// myBattlesPageSize is a page of /me/battles when limit is not given.
const myBattlesPageSize = 20

// myBattlesQuery reads the filters of /me/battles and /api/me/battles, refusing what it
// cannot read with what it expected.
func myBattlesQuery(c echo.Context) (arena.MyBattlesQuery, views.MyBattlesFilter, error) {
	f := views.MyBattlesFilter{Search: strings.TrimSpace(c.QueryParam("q")), Model: c.QueryParam("model"),
		Outcome: c.QueryParam("outcome"), Status: c.QueryParam("status"), From: c.QueryParam("from"), To: c.QueryParam("to")}
	q := arena.MyBattlesQuery{Search: f.Search, Model: f.Model, Outcome: f.Outcome, Status: arena.BattleStatus(f.Status), Limit: myBattlesPageSize}
	if n := utf8.RuneCountInString(f.Search); n > 200 {
		return q, f, arena.Errorf(arena.EINVALID, "q is %d characters long; search with at most 200.", n)
	}
	day := func(name, v string) (time.Time, error) {
		if v == "" {
			return time.Time{}, nil
		}
		t, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return t, arena.Errorf(arena.EINVALID, "%s must be a date written YYYY-MM-DD (UTC); got %q.", name, v)
		}
		return t, nil
	}
	var err error
	if q.From, err = day("from", f.From); err != nil {
		return q, f, err
	}
	if q.To, err = day("to", f.To); err != nil {
		return q, f, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // to is the last day included
	}
	if v := c.QueryParam("limit"); v != "" {
		if q.Limit, err = strconv.Atoi(v); err != nil {
			return q, f, arena.Errorf(arena.EINVALID, "limit must be a whole number from 1 to %d; got %q.", arena.MaxMyBattlesPage, v)
		}
	}
	if v := c.QueryParam("after"); v != "" {
		if q.After, err = arena.ParseMyBattlesCursor(v); err != nil {
			return q, f, err
		}
	}
	return q, f, nil
}

func (s *Server) myBattles(c echo.Context) (*arena.MyBattlesPage, views.MyBattlesFilter, error) {
	q, f, err := myBattlesQuery(c)
	if err != nil {
		return nil, f, err
	}
	p, err := s.deps.MyBattles.List(c.Request().Context(), currentUser(c), q)
	return p, f, err
}

func (s *Server) myBattlesPage(c echo.Context) error {
	if currentUser(c) == nil {
		return redirect(c, "/login?next=/me/battles")
	}
	page, f, err := s.myBattles(c)
	if err != nil {
		return err
	}
	models, err := s.deps.MyBattles.Models(c.Request().Context(), currentUser(c))
	if err != nil {
		return err
	}
	v := views.MyBattlesView{Filter: f}
	for _, m := range models {
		v.Models = append(v.Models, views.ModelOption{Name: m.Name, Display: m.DisplayName()})
	}
	for _, b := range page.Battles {
		r := views.MyBattleRow{Link: "/battle/" + b.ID, Prompt: b.Prompt, Turns: b.Turns, Winner: string(b.Winner), Status: string(b.Status), When: b.CreatedAt,
			Direct: b.Mode == arena.ModeDirect}
		if b.Revealed() {
			r.NameA = b.ModelA.DisplayName()
			if !r.Direct {
				r.NameB = b.ModelB.DisplayName()
			}
		}
		v.Rows = append(v.Rows, r)
	}
	query := c.QueryParams()
	if query.Has("after") {
		first := cloneValues(query)
		first.Del("after")
		v.First = "/me/battles?" + first.Encode()
	}
	if page.Next != nil {
		next := cloneValues(query)
		next.Set("after", page.Next.String())
		v.Next = "/me/battles?" + next.Encode()
	}
	c.Response().Header().Set("Cache-Control", "private, no-cache")
	return render(c, http.StatusOK, views.MyBattlesPage(s.page(c, "My battles", "me"), v))
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

// apiMyBattle is one battle of GET /api/me/battles. An anonymous battle's models are
// null until the vote, as everywhere else; a direct chat's model_b is always null.
type apiMyBattle struct {
	ID        string     `json:"id"`
	Mode      string     `json:"mode"`
	Status    string     `json:"status"`
	Prompt    string     `json:"prompt"`
	Turns     int        `json:"turns"`
	CreatedAt time.Time  `json:"created_at"`
	ModelA    *string    `json:"model_a"`
	ModelB    *string    `json:"model_b"`
	DisplayA  *string    `json:"display_a"`
	DisplayB  *string    `json:"display_b"`
	Winner    *string    `json:"winner"`
	VotedAt   *time.Time `json:"voted_at"`
	URL       string     `json:"url"`
}

func (s *Server) apiMyBattles(c echo.Context) error {
	page, _, err := s.myBattles(c)
	if err != nil {
		return err
	}
	out := struct {
		Battles []apiMyBattle `json:"battles"`
		Next    *string       `json:"next"`
	}{Battles: []apiMyBattle{}}
	for _, b := range page.Battles {
		j := apiMyBattle{ID: b.ID, Mode: string(b.Mode), Status: string(b.Status), Prompt: b.Prompt, Turns: b.Turns, CreatedAt: b.CreatedAt, URL: "/battle/" + b.ID}
		if b.Revealed() {
			na, da := b.ModelA.Name, b.ModelA.DisplayName()
			j.ModelA, j.DisplayA = &na, &da
			if b.Mode != arena.ModeDirect {
				nb, db := b.ModelB.Name, b.ModelB.DisplayName()
				j.ModelB, j.DisplayB = &nb, &db
			}
		}
		if b.Winner != "" {
			w, at := string(b.Winner), b.VotedAt
			j.Winner, j.VotedAt = &w, &at
		}
		out.Battles = append(out.Battles, j)
	}
	if page.Next != nil {
		n := page.Next.String()
		out.Next = &n
	}
	c.Response().Header().Set("Cache-Control", "no-store")
	return c.JSON(http.StatusOK, out)
}
