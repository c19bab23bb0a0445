package llm

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// anonymous tells each failure of p two ways (arena.CallFailure): the full error, which
// names the model and its endpoint, for logs, admins and the model's lab; and a reason
// that names neither, for the voters of an anonymous battle.
type anonymous struct{ p arena.Provider }

func (a anonymous) Stream(ctx context.Context, req arena.ChatRequest, onDelta func(arena.Delta)) (arena.Completion, error) {
	c, err := a.p.Stream(ctx, req, onDelta)
	if err != nil {
		cf := &arena.CallFailure{Reason: failureReason(err), Err: err}
		var se *statusError
		if errors.As(err, &se) {
			cf.HTTPStatus = se.status
		}
		err = cf
	}
	return c, err
}

// httpStatus finds the status in httpError's message ("The provider answered HTTP 500
// Internal Server Error: ..."); a test keeps the two in step.
var httpStatus = regexp.MustCompile(`answered HTTP (\d{3})\b`)

// failureReason sorts this package's errors into the reasons a voter may see.
func failureReason(err error) string {
	msg := arena.ErrorMessage(err)
	switch {
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(msg, "(stall timeout)"):
		return arena.ReasonTooSlow
	case arena.ErrorCode(err) == arena.EINVALID:
		return arena.ReasonMisconfigured // an unset key variable, a bad URL
	}
	if m := httpStatus.FindStringSubmatch(msg); m != nil {
		code, _ := strconv.Atoi(m[1])
		return arena.ReasonHTTP(code)
	}
	return arena.ReasonUnavailable
}
