package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// exportFilter reads an export's filters from the query string. An export holds the
// publishable battles; only an admin may ask for every battle (all=1), for their own
// analysis.
func exportFilter(c echo.Context, u *arena.User) (arena.ExportFilter, error) {
	q := c.QueryParams()
	f := arena.ExportFilter{Category: q.Get("category"), ExcludeTies: q.Get("exclude_ties") == "1",
		ExcludeFlagged: q.Get("exclude_flagged") == "1", ExcludeImported: q.Get("exclude_imported") == "1",
		Internal: q.Get("all") == "1"}
	switch q.Get("mine") {
	case "", "0":
	case "1", "all":
		// A person's own battles are theirs to download in full, published or not;
		// never gold ones, whose broken side is the arena's test and not their data.
		f.Voter, f.Internal = u.ID, true
	case "public":
		f.Voter = u.ID
	default:
		return f, arena.Errorf(arena.EINVALID, "mine must be 1 (all my battles, published or not) or public (only my published ones); got %q.", q.Get("mine"))
	}
	if f.Internal && f.Voter == 0 && !u.IsAdmin() {
		return f, arena.Errorf(arena.EFORBIDDEN, "Only administrators may export battles that are not cleared for publication (all=1). Your own battles, published or not, are mine=1.")
	}
	var err error
	if f.Since, err = arena.ParseWhen(q.Get("since"), false); err != nil {
		return f, arena.Errorf(arena.EINVALID, "since: %s", arena.ErrorMessage(err))
	}
	if f.Until, err = arena.ParseWhen(q.Get("until"), true); err != nil {
		return f, arena.Errorf(arena.EINVALID, "until: %s", arena.ErrorMessage(err))
	}
	if f.Models, err = arena.ParseModelFilter(q.Get("models")); err != nil {
		return f, arena.Errorf(arena.EINVALID, "models: %s", arena.ErrorMessage(err))
	}
	if f.Category != "" && !arena.IsCategory(f.Category) {
		return f, arena.Errorf(arena.EINVALID, "Unknown category %q; categories are %s.", f.Category, strings.Join(arena.Categories, ", "))
	}
	return f, nil
}

// export streams a dataset download. Everything that can be refused is checked before
// the first byte, so a bad request gets a proper error rather than a broken file.
func (s *Server) export(c echo.Context) error {
	u := currentUser(c)
	mine := c.QueryParam("mine") != "" && c.QueryParam("mine") != "0"
	switch {
	case u == nil && mine:
		return arena.Errorf(arena.EUNAUTHORIZED, "Vote in a battle, sign up or log in to download your own battles.")
	case u == nil || u.Guest && !mine:
		// A guest may take their own battles (mine=1), not the whole dataset.
		return arena.Errorf(arena.EUNAUTHORIZED, "Sign up or log in (or use an API token) to download data.")
	}
	format := c.QueryParam("format")
	if format == "" {
		format = "jsonl"
	}
	ctype, ext, err := s.deps.Datasets.Format(format)
	if err != nil {
		return err
	}
	f, err := exportFilter(c, u)
	if err != nil {
		return err
	}
	content, err := arena.ParseExportContent(c.QueryParam("content"))
	if err != nil {
		return err
	}
	h := c.Response().Header()
	h.Set(echo.HeaderContentType, ctype)
	name := "arena-battles-"
	if f.Voter != 0 {
		name = "arena-my-battles-"
		if !f.Internal {
			name = "arena-my-published-battles-"
		}
	}
	h.Set(echo.HeaderContentDisposition, `attachment; filename="`+name+time.Now().UTC().Format("20060102")+ext+`"`)
	h.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	n, err := s.deps.Datasets.Export(c.Request().Context(), c.Response(), format, f, content)
	if err != nil {
		// The status is sent; the client sees a truncated download, and the log says why.
		s.log.ErrorContext(c.Request().Context(), "export failed mid-stream", "format", format, "rows", n, "error", err)
		panic(http.ErrAbortHandler)
	}
	return nil
}

func (s *Server) dataPage(c echo.Context) error {
	rs, err := s.deps.Datasets.Releases()
	if err != nil {
		return err
	}
	u := currentUser(c)
	v := views.DataView{Categories: arena.Categories, CanExport: u != nil && !u.Guest, IsAdmin: u.IsAdmin(), HasMine: u != nil}
	prices, err := s.releasePrices(c)
	if err != nil {
		return err
	}
	for _, r := range rs {
		rv := views.ReleaseView{Name: r.Name, Created: r.CreatedAt, From: r.From, To: r.To, Battles: r.Battles, License: r.License,
			Price: prices[r.Name]}
		for _, f := range r.Files {
			rv.Files = append(rv.Files, views.ReleaseFileView{Path: f.Path, Format: f.Format, Rows: f.Rows, Bytes: f.Bytes, SHA256: f.SHA256})
		}
		v.Releases = append(v.Releases, rv)
	}
	return render(c, http.StatusOK, views.DataPage(s.page(c, "Data", "data"), v))
}

// releaseFile serves one file of a published release.
func (s *Server) releaseFile(c echo.Context) error {
	file := c.Param("file")
	if strings.HasSuffix(c.Path(), "/images/:file") {
		file = "images/" + file // a release's image files, listed in its manifest too
	}
	path, err := s.deps.Datasets.ReleaseFile(c.Param("name"), file)
	if err != nil {
		return err
	}
	gated, err := s.releaseGate(c)
	if err != nil {
		return err
	}
	if gated {
		c.Response().Header().Set("Cache-Control", "private, no-store")
		return c.Attachment(path, c.Param("name")+"-"+c.Param("file"))
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Attachment(path, c.Param("name")+"-"+c.Param("file"))
}
