package arena

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// modelHealth is one model's recent calls as this server saw them. It is kept in memory
// only: each server pauses on what it sees, and the pause itself is in the store.
type modelHealth struct {
	consecutive int
	recent      []bool // true = failed, ring of the last Window calls
	next        int
	filled      bool
	lastError   string
	// What was last written to the store as the model's last failure, and when.
	savedError string
	savedAt    time.Time
}

// failureSaveEvery is how often a model's repeated failure is written to the store: a
// model failing every call must not cost a write per call, and the record only has to
// say what failed last, and when, to the minute.
const failureSaveEvery = time.Minute

// Watch wraps a provider source so that every call's outcome counts towards pausing
// failing models.
func (l *Labs) Watch(ps ProviderSource) ProviderSource { return healthSource{inner: ps, l: l} }

type healthSource struct {
	inner ProviderSource
	l     *Labs
}

func (h healthSource) For(m Model) (Provider, error) {
	p, err := h.inner.For(m)
	if err != nil {
		h.l.Record(m, err)
		return nil, err
	}
	return healthProvider{p: p, m: m, l: h.l}, nil
}

type healthProvider struct {
	p Provider
	m Model
	l *Labs
}

func (h healthProvider) Stream(ctx context.Context, req ChatRequest, onDelta func(Delta)) (Completion, error) {
	c, err := h.p.Stream(ctx, req, onDelta)
	if !errors.Is(err, context.Canceled) { // a shutdown is not the model's fault
		h.l.Record(h.m, err)
	}
	return c, err
}

func (l *Labs) resetHealth(id int64) {
	l.mu.Lock()
	delete(l.health, id)
	l.mu.Unlock()
}

// Record counts one call's outcome for m, and pauses m when its calls keep failing.
// A call its endpoint refused for load (ERATELIMITED: HTTP 429, or 503 with Retry-After)
// does not count either way: the endpoint works and said so, and pausing a lab because
// the arena sent it more traffic than its quota would punish it for being popular.
func (l *Labs) Record(m Model, callErr error) {
	if m.Provider == ProviderDemo || ErrorCode(callErr) == ERATELIMITED {
		return
	}
	pauseAfter, window, rate := l.PauseAfter, l.Window, l.FailureRate
	if pauseAfter <= 0 {
		pauseAfter = 5
	}
	if window <= 0 {
		window = 20
	}
	if rate <= 0 {
		rate = 0.5
	}
	l.mu.Lock()
	if l.health == nil {
		l.health = map[int64]*modelHealth{}
	}
	h := l.health[m.ID]
	if h == nil {
		h = &modelHealth{recent: make([]bool, window)}
		l.health[m.ID] = h
	}
	failed := callErr != nil
	now := l.Clock.Now()
	var save *ModelFailure
	if failed {
		h.consecutive++
		h.lastError = ErrorMessage(callErr)
		if detail := Truncate(failureDetail(callErr), 500); detail != h.savedError || now.Sub(h.savedAt) >= failureSaveEvery {
			h.savedError, h.savedAt = detail, now
			save = &ModelFailure{At: now, Message: detail}
		}
	} else {
		h.consecutive = 0
	}
	h.recent[h.next] = failed
	h.next = (h.next + 1) % len(h.recent)
	if h.next == 0 {
		h.filled = true
	}
	var reason string
	if h.consecutive >= pauseAfter {
		reason = fmt.Sprintf("%d calls in a row failed", h.consecutive)
	} else if h.filled {
		n := 0
		for _, f := range h.recent {
			if f {
				n++
			}
		}
		if float64(n) > rate*float64(len(h.recent)) {
			reason = fmt.Sprintf("%d of the last %d calls failed", n, len(h.recent))
		}
	}
	last := h.lastError
	if reason != "" {
		delete(l.health, m.ID)
	}
	l.mu.Unlock()
	if save != nil {
		l.saveFailure(m, *save)
	}
	if reason == "" {
		return
	}
	msg := fmt.Sprintf("Paused automatically on %s: %s. Last error: %s Fix the endpoint, then resume the model (it is checked first).",
		now.UTC().Format("2006-01-02 15:04 UTC"), reason, Truncate(last, 300))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	paused, err := l.ModelStore.PauseIfActive(ctx, m.ID, msg, now)
	if err != nil {
		l.log().Error("could not pause a failing model", "model", m.Name, "error", err)
		return
	}
	if paused {
		if l.Observer != nil {
			l.Observer.ModelPaused(m.Name)
		}
		l.log().Warn("paused a failing model", "model", m.Name, "reason", reason, "last_error", last)
		l.changed()
	}
}

// saveFailure records m's last failure for `arena models list`. Failing to is only
// logged: the call has failed already, and the counters in memory still pause the model.
func (l *Labs) saveFailure(m Model, f ModelFailure) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := l.ModelStore.SetModelFailure(ctx, m.ID, f); err != nil {
		l.log().Warn("could not record a model's failure", "model", m.Name, "error", err)
	}
}

// failureDetail is a failed call's error as the operator reads it: an internal error's
// own text instead of the generic message people are shown, since a refused connection
// or a TLS failure is just what the operator needs to see.
func failureDetail(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}
