package web

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
)

// gzipMiddleware compresses responses of at least minLength bytes for clients that accept
// gzip, as echo's Gzip middleware does, but touches a gzip writer only for a response it
// compresses. Echo resets a pooled writer before every response and again after a short
// one, and each reset of a deflate compressor clears 640 KiB of tables: some 60 µs of
// every small API answer, before the handler even runs (a new battle's provider calls
// waited for it).
func gzipMiddleware(minLength int, skip func(echo.Context) bool) echo.MiddlewareFunc {
	writers := sync.Pool{New: func() any { return gzip.NewWriter(io.Discard) }}
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			if skip(c) {
				return next(c)
			}
			res := c.Response()
			res.Header().Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
			if !strings.Contains(c.Request().Header.Get(echo.HeaderAcceptEncoding), "gzip") {
				return next(c)
			}
			buf := buffers.Get().(*bytes.Buffer)
			buf.Reset()
			rw := res.Writer
			w := &gzipWriter{ResponseWriter: rw, minLength: minLength, buf: buf, writers: &writers}
			defer func() {
				switch {
				case !w.wroteBody:
					// Nothing was written: the handler may have set only a status, or failed,
					// and the error handler answers on the plain writer.
					if res.Header().Get(echo.HeaderContentEncoding) == "gzip" {
						res.Header().Del(echo.HeaderContentEncoding)
					}
					if w.wroteHeader {
						rw.WriteHeader(w.code)
					}
					res.Writer = rw
					if w.gz != nil {
						w.gz.Reset(io.Discard)
					}
				case w.gz == nil:
					// Too short to compress: sent as it is.
					res.Writer = rw
					if w.wroteHeader {
						rw.WriteHeader(w.code)
					}
					buf.WriteTo(rw)
				}
				if w.gz != nil {
					w.gz.Close()
					writers.Put(w.gz)
				}
				buffers.Put(buf)
			}()
			res.Writer = w
			return next(c)
		}
	}
}

// gzipWriter holds a response back until it is minLength bytes long (or flushed), then
// compresses it.
type gzipWriter struct {
	http.ResponseWriter
	minLength   int
	buf         *bytes.Buffer
	writers     *sync.Pool
	gz          *gzip.Writer // nil until the response is compressed
	wroteHeader bool
	wroteBody   bool
	code        int
}

func (w *gzipWriter) WriteHeader(code int) {
	w.Header().Del(echo.HeaderContentLength)
	// Sent once it is known whether the body is compressed.
	w.wroteHeader = true
	w.code = code
}

func (w *gzipWriter) Write(b []byte) (int, error) {
	if w.Header().Get(echo.HeaderContentType) == "" {
		w.Header().Set(echo.HeaderContentType, http.DetectContentType(b))
	}
	w.wroteBody = true
	if w.gz != nil {
		return w.gz.Write(b)
	}
	w.buf.Write(b)
	if w.buf.Len() < w.minLength {
		return len(b), nil
	}
	if _, err := w.compress(); err != nil {
		return 0, err
	}
	return len(b), nil
}

// compress starts the compressed body with what was held back.
func (w *gzipWriter) compress() (int, error) {
	w.Header().Set(echo.HeaderContentEncoding, "gzip")
	if w.wroteHeader {
		w.ResponseWriter.WriteHeader(w.code)
	}
	w.gz = w.writers.Get().(*gzip.Writer)
	w.gz.Reset(w.ResponseWriter)
	return w.gz.Write(w.buf.Bytes())
}

// Flush compresses from here on: more may follow, of a length nobody knows yet.
func (w *gzipWriter) Flush() {
	if w.gz == nil {
		w.compress()
	}
	w.gz.Flush()
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

func (w *gzipWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	return http.NewResponseController(w.ResponseWriter).Hijack()
}

func (w *gzipWriter) Push(target string, opts *http.PushOptions) error {
	if p, ok := w.ResponseWriter.(http.Pusher); ok {
		return p.Push(target, opts)
	}
	return http.ErrNotSupported
}

func (w *gzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
