package arena

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// RateStore counts actions in fixed windows. It lives in the database, so every app
// server sees the same counts.
type RateStore interface {
	// Hit adds one to key's count in the window starting at start and returns the new
	// count.
	Hit(ctx context.Context, key string, start time.Time) (int64, error)
	// Count returns key's count in the window starting at start, adding nothing.
	Count(ctx context.Context, key string, start time.Time) (int64, error)
}

// Failed log-ins an account takes in one window before log-ins to it are refused,
// whoever sends them: an address limit alone lets many addresses guess one password.
const (
	MaxLogInFailures   = 10
	LogInFailureWindow = 15 * time.Minute
)

// loginFailures counts failed log-ins per account (its lowercased username) in the
// database, so every server sees the same count; only failures are counted, so the
// owner who types the password right is never slowed by it.
type loginFailures struct {
	store RateStore
	clock Clock
}

func (l loginFailures) key(username string) string {
	return fmt.Sprintf("login:account:%s:%d", strings.ToLower(username), LogInFailureWindow/time.Second)
}

// check refuses a log-in to an account that has failed too often in this window.
func (l loginFailures) check(ctx context.Context, username string) error {
	if l.store == nil {
		return nil
	}
	now := l.clock.Now()
	start := now.Truncate(LogInFailureWindow)
	n, err := l.store.Count(ctx, l.key(username), start)
	if err != nil {
		return err
	}
	if n < MaxLogInFailures {
		return nil
	}
	wait := start.Add(LogInFailureWindow).Sub(now).Round(time.Second)
	return &Error{Code: ERATELIMITED, RetryAfter: wait, Message: fmt.Sprintf(
		"Too many failed log-ins for this account (%d in %s). Try again in %s.", MaxLogInFailures, LogInFailureWindow, wait)}
}

// failed counts one failed log-in to an account.
func (l loginFailures) failed(ctx context.Context, username string) error {
	if l.store == nil {
		return nil
	}
	_, err := l.store.Hit(ctx, l.key(username), l.clock.Now().Truncate(LogInFailureWindow))
	return err
}

// Limit caps an action per subject (user, ip or wallet) in a window.
type Limit struct {
	Action  string // "battle" or "vote"
	Subject string // "user", "ip" or "wallet"
	Window  time.Duration
	Max     int64
}

// DefaultLimits are generous for people and tight for scripts clicking for pay.
func DefaultLimits() []Limit {
	return []Limit{
		{"battle", "user", time.Minute, 20}, {"battle", "user", 24 * time.Hour, 500},
		{"battle", "ip", time.Minute, 60}, {"battle", "ip", 24 * time.Hour, 2000},
		{"vote", "user", time.Minute, 20}, {"vote", "user", 24 * time.Hour, 500},
		{"vote", "ip", time.Minute, 60}, {"vote", "ip", 24 * time.Hour, 2000},
		{"vote", "wallet", 24 * time.Hour, 500},
		// Each guest is a user and a session: a script must not mint them without end.
		{"guest", "ip", time.Minute, 10}, {"guest", "ip", 24 * time.Hour, 300},
	}
}

// RateLimiter enforces limits.
type RateLimiter struct {
	Store  RateStore
	Clock  Clock
	Limits []Limit
}

// Allow records one action by the given subjects (e.g. {"user": "42", "ip": "1.2.3.4"})
// and refuses it with ERATELIMITED, saying when to come back, if any limit is exceeded.
func (r *RateLimiter) Allow(ctx context.Context, action string, subjects map[string]string) error {
	if r == nil {
		return nil
	}
	now := r.Clock.Now()
	for _, l := range r.Limits {
		id, ok := subjects[l.Subject]
		if l.Action != action || !ok || id == "" {
			continue
		}
		start := now.Truncate(l.Window)
		n, err := r.Store.Hit(ctx, fmt.Sprintf("%s:%s:%s:%d", action, l.Subject, id, l.Window/time.Second), start)
		if err != nil {
			return err
		}
		if n > l.Max {
			wait := start.Add(l.Window).Sub(now).Round(time.Second)
			return &Error{Code: ERATELIMITED, Message: fmt.Sprintf("Too many %ss from your %s: the limit is %d per %s. Try again in %s.",
				action, subjectWord(l.Subject), l.Max, windowWord(l.Window), wait), RetryAfter: wait}
		}
	}
	return nil
}

func subjectWord(s string) string {
	switch s {
	case "ip":
		return "network address"
	case "wallet":
		return "wallet"
	}
	return "account"
}

func windowWord(d time.Duration) string {
	switch d {
	case time.Minute:
		return "minute"
	case time.Hour:
		return "hour"
	case 24 * time.Hour:
		return "day"
	}
	return d.String()
}
