package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

// TestGzipAsEcho checks that the gzip middleware answers exactly as echo's, which it
// replaces: the same status, headers and bytes, compressed or not.
func TestGzipAsEcho(t *testing.T) {
	long := strings.Repeat("<p>a paragraph of a page</p>\n", 100)
	handlers := map[string]echo.HandlerFunc{
		"short json":  func(c echo.Context) error { return c.JSON(http.StatusCreated, map[string]string{"id": "x"}) },
		"long html":   func(c echo.Context) error { return c.HTML(http.StatusOK, long) },
		"long 404":    func(c echo.Context) error { return c.HTML(http.StatusNotFound, long) },
		"status only": func(c echo.Context) error { return c.NoContent(http.StatusNoContent) },
		"redirect":    func(c echo.Context) error { return c.Redirect(http.StatusSeeOther, "/elsewhere") },
		"error":       func(c echo.Context) error { return echo.NewHTTPError(http.StatusTeapot, "no") },
		"no type": func(c echo.Context) error {
			_, err := c.Response().Write([]byte(long))
			return err
		},
		"writes across the threshold": func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderContentType, "text/csv")
			c.Response().WriteHeader(http.StatusOK)
			for i := range 200 {
				fmt.Fprintf(c.Response(), "row %d,value\n", i)
			}
			return nil
		},
		"flushed": func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderContentType, "text/plain")
			c.Response().WriteHeader(http.StatusOK)
			io.WriteString(c.Response(), "part one\n")
			c.Response().Flush()
			io.WriteString(c.Response(), "part two\n")
			return nil
		},
		"content length": func(c echo.Context) error {
			c.Response().Header().Set(echo.HeaderContentLength, fmt.Sprint(len(long)))
			return c.HTML(http.StatusOK, long)
		},
	}
	skip := func(c echo.Context) bool { return c.Request().URL.Path == "/skipped" }
	serve := func(mw echo.MiddlewareFunc, h echo.HandlerFunc, path, accept string) *http.Response {
		e := echo.New()
		e.Use(mw)
		e.Any("/*", h)
		req := httptest.NewRequest(http.MethodGet, path, nil)
		if accept != "" {
			req.Header.Set(echo.HeaderAcceptEncoding, accept)
		}
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, req)
		return rec.Result()
	}
	theirs := middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1400, Skipper: skip})
	ours := gzipMiddleware(1400, skip)
	for name, h := range handlers {
		for _, path := range []string{"/page", "/skipped"} {
			for _, accept := range []string{"gzip, deflate, br", ""} {
				// Twice, so pooled writers and buffers are reused.
				for round := range 2 {
					want, got := serve(theirs, h, path, accept), serve(ours, h, path, accept)
					where := fmt.Sprintf("%s %s (Accept-Encoding %q, round %d)", name, path, accept, round)
					if got.StatusCode != want.StatusCode {
						t.Errorf("%s: status %d, echo's %d", where, got.StatusCode, want.StatusCode)
					}
					for _, k := range []string{"Content-Encoding", "Content-Type", "Content-Length", "Vary", "Location"} {
						if g, w := got.Header.Values(k), want.Header.Values(k); fmt.Sprint(g) != fmt.Sprint(w) {
							t.Errorf("%s: %s %q, echo's %q", where, k, g, w)
						}
					}
					gb, _ := io.ReadAll(got.Body)
					wb, _ := io.ReadAll(want.Body)
					if !bytes.Equal(gb, wb) {
						t.Errorf("%s: body differs from echo's:\n%q\n%q", where, gb, wb)
					}
					if got.Header.Get("Content-Encoding") == "gzip" {
						zr, err := gzip.NewReader(bytes.NewReader(gb))
						if err != nil {
							t.Fatalf("%s: %v", where, err)
						}
						if _, err := io.ReadAll(zr); err != nil {
							t.Errorf("%s: the compressed body does not decompress: %v", where, err)
						}
					}
				}
			}
		}
	}
}

// BenchmarkGzipShortAnswer measures what the gzip middleware costs an API answer too
// short to compress.
func BenchmarkGzipShortAnswer(b *testing.B) {
	for name, mw := range map[string]echo.MiddlewareFunc{
		"echo": middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1400}),
		"ours": gzipMiddleware(1400, func(echo.Context) bool { return false }),
	} {
		b.Run(name, func(b *testing.B) {
			e := echo.New()
			e.Use(mw)
			e.POST("/api/battles", func(c echo.Context) error {
				return c.JSON(http.StatusCreated, map[string]string{"id": "abcdefghijklmnop", "status": "streaming"})
			})
			req := httptest.NewRequest(http.MethodPost, "/api/battles", nil)
			req.Header.Set(echo.HeaderAcceptEncoding, "gzip")
			for b.Loop() {
				e.ServeHTTP(httptest.NewRecorder(), req)
			}
		})
	}
}
