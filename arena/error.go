// Package arena holds the domain: the types every part of the arena shares, the service
// interfaces the adapters implement, and the one error type. It imports no adapter.
package arena

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The web layer maps each to one HTTP status in a single table.
const (
	EINVALID      = "invalid"
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EFORBIDDEN    = "forbidden"
	ERATELIMITED  = "rate_limited"
	EUNAVAILABLE  = "unavailable"
	EINTERNAL     = "internal"
	// EUNPROCESSABLE is a well-formed request that contradicts an earlier one, such as
	// an idempotency key sent again with a different body.
	EUNPROCESSABLE = "unprocessable"
)

// Error is a failure meant to be shown to a person: Message is safe to display,
// Code says what kind of failure it is.
type Error struct {
	Code    string
	Message string
	// RetryAfter, for ERATELIMITED and EUNAVAILABLE, is when the request may be made
	// again.
	RetryAfter time.Duration
}

// Error is the message alone, as a person should read it wherever the error ends up
// (the CLI's output, a log line); the code stays available through ErrorCode.
func (e *Error) Error() string {
	if e.Message == "" {
		return e.Code
	}
	return e.Message
}

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err if it wraps an *Error, EINTERNAL for any other
// non-nil error, and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the displayable message of err; errors that are not *Error are
// internal and get a generic message, so SQL or stack details never reach a person.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
