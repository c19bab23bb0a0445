package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
)

// Slots holds models' concurrency slots across every server of one database, so that
// a model's max_concurrency is the arena's limit, not each server's. Slot i of model m
// is the session advisory lock pg_try_advisory_lock(m, i) (the two-key form, whose key
// space the migration lock's one key does not share); a call holds one from before its
// request until its stream ends. A transaction-scoped lock cannot outlive a transaction,
// and a stream lasts minutes, so the locks live in the session of one connection this
// server keeps for them alone: PostgreSQL releases them itself if the server dies.
//
// A session may take a lock it already holds again, so Slots remembers which slots
// this server holds and never asks for those. A call waiting for a slot tries again
// when this server frees one and, for other servers' slots, every poll interval.
//
// If the connection fails, its locks are gone: the calls holding them finish, and
// until they do the model may have more calls than its limit. A server that cannot
// reach the database runs calls under its own limit only (and logs it), rather than
// failing battles for the database's sake.
type Slots struct {
	url  string
	log  *slog.Logger
	poll time.Duration

	mu      sync.Mutex // serialises the connection's queries, and guards what follows
	conn    *pgx.Conn
	gen     int       // counts connections, so that a release on a lost one is a no-op
	retryAt time.Time // after a failed connection, when to try connecting again
	held    map[slotKey]bool
	changed chan struct{} // closed when this server frees a slot
}

type slotKey struct{ model, slot int32 }

// NewSlots connects to the database at url for slots.
func NewSlots(ctx context.Context, url string, log *slog.Logger) (*Slots, error) {
	s := &Slots{url: url, log: log, poll: 250 * time.Millisecond, held: map[slotKey]bool{}, changed: make(chan struct{})}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.connect(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// Close releases every slot this server holds.
func (s *Slots) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.drop()
}

// Acquire waits for one of the model's n slots until ctx ends, and returns the
// function that frees it.
func (s *Slots) Acquire(ctx context.Context, modelID int64, n int) (func(), error) {
	// Model ids fold into the lock's 32-bit key; two models sharing a key only share
	// slots, which is stricter, never looser.
	model := int32(modelID ^ modelID>>32)
	for {
		release, wake, err := s.try(model, n)
		if err != nil {
			s.log.Warn("cannot take a model's concurrency slot in the database; the call runs under this server's limit only", "model_id", modelID, "error", err)
			return func() {}, nil
		}
		if release != nil {
			return release, nil
		}
		t := time.NewTimer(s.poll/2 + rand.N(s.poll))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// try takes a free slot of the model if there is one; otherwise it returns the channel
// closed when this server next frees a slot.
func (s *Slots) try(model int32, n int) (func(), <-chan struct{}, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Not the call's context: a query cancelled midway closes the connection, and
	// with it every slot this server holds.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if s.conn == nil {
		// Not every call waits out a database that does not answer.
		if time.Now().Before(s.retryAt) {
			return nil, nil, fmt.Errorf("postgres: no connection for concurrency slots (retrying at %s)", s.retryAt.Format(time.TimeOnly))
		}
		if err := s.connect(ctx); err != nil {
			s.retryAt = time.Now().Add(5 * time.Second)
			return nil, nil, err
		}
	}
	for i := range n {
		k := slotKey{model, int32(i)}
		if s.held[k] {
			continue
		}
		var got bool
		if err := s.conn.QueryRow(ctx, "SELECT pg_try_advisory_lock($1, $2)", k.model, k.slot).Scan(&got); err != nil {
			// Whether the lock was taken is unknown; closing the session settles it.
			s.drop()
			return nil, nil, fmt.Errorf("postgres: taking a concurrency slot: %w", err)
		}
		if got {
			s.held[k] = true
			gen := s.gen
			var once sync.Once
			return func() { once.Do(func() { s.release(k, gen) }) }, nil, nil
		}
	}
	return nil, s.changed, nil
}

// release frees slot k, taken on connection gen.
func (s *Slots) release(k slotKey, gen int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if gen != s.gen || s.conn == nil {
		return // that connection, and the lock with it, is gone
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var ok bool
	if err := s.conn.QueryRow(ctx, "SELECT pg_advisory_unlock($1, $2)", k.model, k.slot).Scan(&ok); err != nil || !ok {
		s.log.Warn("could not free a model's concurrency slot; reconnecting, which frees them all", "error", err)
		s.drop()
	} else {
		delete(s.held, k)
	}
	close(s.changed)
	s.changed = make(chan struct{})
}

// connect opens the slots' connection; s.mu is held.
func (s *Slots) connect(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, s.url)
	if err != nil {
		return fmt.Errorf("postgres: connecting for concurrency slots: %w", err)
	}
	s.conn = conn
	s.gen++
	return nil
}

// drop closes the connection, which frees every slot it held; s.mu is held.
func (s *Slots) drop() {
	if s.conn != nil {
		s.conn.Close(context.Background())
		s.conn = nil
	}
	s.held = map[slotKey]bool{}
	s.gen++
}
