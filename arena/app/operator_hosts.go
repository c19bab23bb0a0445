package app

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/arena-dev/arena/arena"
)

// recheckAfter is how long a host the operator's models did not name stays untrusted
// before the store is asked again: long enough that calls to a public endpoint (which
// need no trust) do not read the models on every dial, short enough that a model just
// added with `arena models` works at once.
const recheckAfter = 5 * time.Second

// operatorHosts is the set of hosts the operator's own models (those of no lab) name,
// which the operator's guard dials without address checks. `arena models` writes
// models from another process, which tells a server on SQLite nothing, so the set is
// reread whenever the models change here or on another server, on every sampler
// refresh, and when a dial meets a host it does not hold (at most every recheckAfter
// per host).
type operatorHosts struct {
	store arena.LabModelStore
	log   *slog.Logger

	mu     sync.Mutex
	hosts  map[string]bool
	missed map[string]time.Time // hosts found untrusted, and when
}

func newOperatorHosts(store arena.LabModelStore, log *slog.Logger) *operatorHosts {
	return &operatorHosts{store: store, log: log, hosts: map[string]bool{}, missed: map[string]time.Time{}}
}

// reload rereads the hosts from the store.
func (h *operatorHosts) reload(ctx context.Context) error {
	all, err := h.store.LabModels(ctx, 0)
	if err != nil {
		return err
	}
	hosts := map[string]bool{}
	for _, m := range all {
		if m.LabID == 0 && m.Provider == arena.ProviderOpenAI {
			if hp := hostPort(m.BaseURL); hp != "" {
				hosts[hp] = true
			}
		}
	}
	h.mu.Lock()
	h.hosts, h.missed = hosts, map[string]time.Time{}
	h.mu.Unlock()
	return nil
}

// trusted reports whether hostport is an operator model's host, asking the store again
// if it was not at the last reading and has not been asked about lately.
func (h *operatorHosts) trusted(ctx context.Context, hostport string) bool {
	h.mu.Lock()
	ok, at := h.hosts[hostport], h.missed[hostport]
	h.mu.Unlock()
	if ok || time.Since(at) < recheckAfter {
		return ok
	}
	if err := h.reload(ctx); err != nil {
		// Not trusting is the safe answer: the call fails like any to a private address.
		h.log.Warn("could not reread the operator's model hosts", "error", err)
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if ok = h.hosts[hostport]; !ok {
		h.missed[hostport] = time.Now()
	}
	return ok
}
