package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// statusOf is the one place where domain error codes become HTTP statuses.
var statusOf = map[string]int{
	arena.EINVALID:       http.StatusBadRequest,
	arena.ENOTFOUND:      http.StatusNotFound,
	arena.ECONFLICT:      http.StatusConflict,
	arena.EUNAUTHORIZED:  http.StatusUnauthorized,
	arena.EFORBIDDEN:     http.StatusForbidden,
	arena.ERATELIMITED:   http.StatusTooManyRequests,
	arena.EUNAVAILABLE:   http.StatusServiceUnavailable,
	arena.EINTERNAL:      http.StatusInternalServerError,
	arena.EUNPROCESSABLE: http.StatusUnprocessableEntity,
}

// codeOf maps statuses from echo itself (404 for an unknown route, 413, 403 from CSRF...)
// back to domain codes, so every error body has the same shape.
func codeOf(status int) string {
	for code, st := range statusOf {
		if st == status {
			return code
		}
	}
	if status >= 500 {
		return arena.EINTERNAL
	}
	return arena.EINVALID
}

// setRetryAfter sends the wait of a rate-limited error as Retry-After, in whole seconds
// rounded up. Handlers that answer an error with a page of their own (the log-in form)
// call it too, so every 429 says when to come back the same way.
func setRetryAfter(c echo.Context, err error) {
	var ae *arena.Error
	if errors.As(err, &ae) && ae.RetryAfter > 0 {
		c.Response().Header().Set("Retry-After", strconv.Itoa(int(ae.RetryAfter.Seconds()+0.999)))
	}
}

// apiError is the JSON body of every API error.
type apiError struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func isAPI(c echo.Context) bool {
	return strings.HasPrefix(c.Request().URL.Path, "/api/") ||
		strings.Contains(c.Request().Header.Get(echo.HeaderAccept), "application/json")
}

// handleError renders any error returned by a handler: JSON for the API, a page for
// browsers. Internal errors are logged and shown only as a generic message.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	status, code, msg := http.StatusInternalServerError, arena.EINTERNAL, "Something went wrong on our side. It has been logged."
	var he *echo.HTTPError
	var ae *arena.Error
	switch {
	case errors.As(err, &ae):
		code, msg = ae.Code, ae.Message
		if st, ok := statusOf[code]; ok {
			status = st
		}
		setRetryAfter(c, ae)
	case errors.As(err, &he):
		status = he.Code
		code = codeOf(status)
		if m, ok := he.Message.(string); ok {
			msg = m
		}
		switch status {
		case http.StatusNotFound:
			msg = "There is nothing at this address."
		case http.StatusRequestEntityTooLarge:
			msg = "The request is too large."
		case http.StatusMethodNotAllowed:
			msg = "This address does not accept " + c.Request().Method + " requests."
		}
	}
	if status >= 500 {
		s.log.ErrorContext(c.Request().Context(), "internal error", "error", err, "path", c.Request().URL.Path)
		if code == arena.EINTERNAL {
			msg = "Something went wrong on our side. It has been logged."
		}
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	if isAPI(c) {
		var body apiError
		body.Error.Code, body.Error.Message = code, msg
		c.JSON(status, body)
		return
	}
	heading := http.StatusText(status)
	if status == http.StatusNotFound {
		heading = "Page not found"
	} else if status >= 500 {
		heading = "Something went wrong"
	}
	p := s.page(c, heading, "")
	if err := render(c, status, views.ErrorPage(p, views.ErrorView{Status: status, Heading: heading, Message: msg, ID: requestID(c)})); err != nil {
		c.String(status, msg)
	}
}
