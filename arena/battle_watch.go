package arena

import "context"

// Watch follows a battle's changes. Changes coalesce: a slow watcher sees the latest
// state, never a backlog.
type Watch struct {
	s       *Battles
	id      string
	changed chan struct{}
}

// Watch starts following battle id, which u must be allowed to see.
func (s *Battles) Watch(ctx context.Context, u *User, id string) (*Watch, error) {
	if _, err := s.Get(ctx, u, id); err != nil {
		return nil, err
	}
	w := &Watch{s: s, id: id, changed: make(chan struct{}, 1)}
	// Deliver the current state first. The signal goes in before the watch is registered:
	// after, a change could fill the one-slot channel first and this send would block.
	w.changed <- struct{}{}
	s.mu.Lock()
	if s.watches[id] == nil {
		s.watches[id] = map[*Watch]struct{}{}
	}
	s.watches[id][w] = struct{}{}
	s.mu.Unlock()
	return w, nil
}

// Changed fires when the battle may have changed.
func (w *Watch) Changed() <-chan struct{} { return w.changed }

// Close stops following.
func (w *Watch) Close() {
	w.s.mu.Lock()
	delete(w.s.watches[w.id], w)
	if len(w.s.watches[w.id]) == 0 {
		delete(w.s.watches, w.id)
	}
	w.s.mu.Unlock()
}

// Live returns the streaming turn's answers so far, or ok=false when nothing streams.
func (w *Watch) Live() (index int, a, b Answer, ok bool) {
	w.s.mu.Lock()
	defer w.s.mu.Unlock()
	lt, ok := w.s.live[w.id]
	if !ok {
		return 0, Answer{}, Answer{}, false
	}
	return lt.index, lt.a, lt.b, true
}

// changed wakes the pages following battle id here and tells other servers.
func (s *Battles) changed(id string) {
	s.notify(id)
	if s.c.OnChange != nil {
		s.c.OnChange(id)
	}
}

// Changed wakes the pages following battle id on this server, which re-read it: call it
// when another server reports a change.
func (s *Battles) Changed(id string) {
	s.notify(id)
}

// ChangedAll wakes every page following a battle on this server, after events from
// other servers may have been missed.
func (s *Battles) ChangedAll() {
	s.mu.Lock()
	ids := make([]string, 0, len(s.watches))
	for id := range s.watches {
		ids = append(ids, id)
	}
	s.mu.Unlock()
	for _, id := range ids {
		s.notify(id)
	}
}

func (s *Battles) notify(id string) {
	s.mu.Lock()
	for w := range s.watches[id] {
		select {
		case w.changed <- struct{}{}:
		default: // a change is already pending
		}
	}
	s.mu.Unlock()
}

// Wait blocks until battle id is no longer streaming or ctx ends, and returns it.
func (s *Battles) Wait(ctx context.Context, u *User, id string) (*Battle, error) {
	w, err := s.Watch(ctx, u, id)
	if err != nil {
		return nil, err
	}
	defer w.Close()
	for {
		select {
		case <-w.Changed():
			if _, _, _, live := w.Live(); !live {
				// ctx may have ended meanwhile: the state it waited for is still the answer.
				b, err := s.Get(context.WithoutCancel(ctx), u, id)
				if err != nil || b.Status != StatusStreaming {
					return b, err
				}
			}
		case <-ctx.Done():
			return s.Get(context.WithoutCancel(ctx), u, id)
		}
	}
}
