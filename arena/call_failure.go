package arena

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"
)

// Why a model call failed, in the words a voter sees beside an anonymous answer: they
// name neither the model nor its endpoint, which would give the battle away.
const (
	ReasonUnavailable   = "the provider was unavailable"
	ReasonTooSlow       = "the provider took too long"
	ReasonMisconfigured = "the model is misconfigured"
	// ReasonNoAnswer is an answer that came back empty (a reasoning model, say, that
	// only thought); ReasonNoAnswerLength one that ran out of tokens first.
	ReasonNoAnswer       = "it returned no answer"
	ReasonNoAnswerLength = "it returned no answer (it ran out of tokens while reasoning)"
)

// ReasonHTTP is the reason for an endpoint that answered with HTTP status code.
func ReasonHTTP(code int) string {
	return "the provider answered with an error (HTTP " + strconv.Itoa(code) + ")"
}

// CallFailure is a failed model call told two ways: Reason for voters (one of the
// Reason* texts), and Err, the full error naming what went wrong where, for the logs,
// administrators and the model's lab. Error and Unwrap are Err's, so ErrorMessage and
// ErrorCode see through it.
type CallFailure struct {
	Reason string
	Err    error
	// HTTPStatus is the status the endpoint answered with, 0 if it answered none.
	HTTPStatus int
}

// AnswerFailure is a failed answer told in full, for the model's lab and administrators
// only: voters read Answer.Error, which names neither the model nor its endpoint.
type AnswerFailure struct {
	BattleID string
	Turn     int    // the turn's index, from 0
	Side     string // "a" or "b"
	At       time.Time
	// Kind is the failure's outcome as the metrics count it (AnswerFailureKind, or
	// AnswerTimeout, AnswerEmpty; an answer cut short by a shutdown is no failure and has none).
	Kind       string
	HTTPStatus int    // 0 if the endpoint answered no status
	RequestID  string // the X-Request-Id the call was sent with, "" if none
	// Detail is the error in full, internal errors' own text included.
	Detail string
}

// maxFailureDetail bounds a stored failure's detail: a provider's error body may be long,
// and what identifies the fault comes first.
const maxFailureDetail = 2000

// newAnswerFailure describes the failure err of a call, of kind kind.
func newAnswerFailure(kind string, err error, requestID string, at time.Time) *AnswerFailure {
	f := &AnswerFailure{At: at, Kind: kind, RequestID: requestID}
	if err != nil {
		f.Detail = Truncate(failureDetail(err), maxFailureDetail)
		var cf *CallFailure
		if errors.As(err, &cf) {
			f.HTTPStatus = cf.HTTPStatus
		}
	}
	return f
}

func (e *CallFailure) Error() string { return e.Err.Error() }
func (e *CallFailure) Unwrap() error { return e.Err }

// FailureReason is what a voter may be told of a failed call: a provider's
// CallFailure's reason, or else one guessed from the error's kind.
func FailureReason(err error) string {
	var cf *CallFailure
	switch {
	case errors.As(err, &cf) && cf.Reason != "":
		return cf.Reason
	case errors.Is(err, context.DeadlineExceeded):
		return ReasonTooSlow
	case ErrorCode(err) == EINVALID:
		return ReasonMisconfigured
	}
	return ReasonUnavailable
}

// failureText is the stored, shown error of a failed answer on side 'a' or 'b'.
func failureText(side byte, reason string) string {
	return "Model " + strings.ToUpper(string(side)) + " failed: " + reason + "."
}

// UserHasher returns the function giving each voter's opaque id for providers: the hex
// HMAC-SHA256 of the user id keyed with salt (HMAC rather than a bare salted hash, so
// the salt cannot be extended or recovered), stable per voter and meaningless without
// the salt. A provider can tell one abusive voter from many, and learns nothing else.
func UserHasher(salt []byte) func(userID int64) string {
	salt = append([]byte(nil), salt...)
	return func(id int64) string {
		h := hmac.New(sha256.New, salt)
		h.Write([]byte("arena-user:" + strconv.FormatInt(id, 10)))
		return hex.EncodeToString(h.Sum(nil))
	}
}
