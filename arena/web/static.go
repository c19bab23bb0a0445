package web

import (
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/static"
)

const staticRoute = "/static/:hash/:name"

// staticFile serves an embedded file. The URL's hash names the bundle's content: a
// matching one may be cached for a year; an old one is redirected to the current file.
func (s *Server) staticFile(c echo.Context) error {
	name := c.Param("name")
	body, err := fs.ReadFile(static.FS, name)
	if err != nil {
		return echo.ErrNotFound
	}
	if c.Param("hash") != static.Hash {
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.Redirect(http.StatusFound, static.Path(name))
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return c.Blob(http.StatusOK, ct, body)
}

// favicon answers /favicon.ico, which browsers and feed readers ask for whatever the
// page names, with the site's SVG icon (Chromium and Firefox take it by its
// Content-Type; one that cannot shows no icon, as before, but logs no 404).
func (s *Server) favicon(c echo.Context) error {
	body, err := fs.ReadFile(static.FS, "favicon.svg")
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=86400")
	return c.Blob(http.StatusOK, "image/svg+xml", body)
}
