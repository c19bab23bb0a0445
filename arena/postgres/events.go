package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/jackc/pgx/v5"
)

// eventChannel is the NOTIFY channel the servers of one arena database share.
const eventChannel = "arena_events"

// Events carries arena events between the servers of one database with LISTEN/NOTIFY:
// each server listens on a connection of its own and notifies on another. Events are
// queued and coalesced, so a burst of votes costs the voters nothing and the database a
// few notifications.
type Events struct {
	url    string
	origin string // this server, so it skips its own events
	handle func(arena.Event)
	log    *slog.Logger

	mu      sync.Mutex
	pending map[arena.Event]struct{}
	wake    chan struct{}

	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// ListenEvents starts listening for other servers' events, which it passes to handle
// (one at a time, in order), and returns once it listens. If the connection drops, it
// reconnects and passes an arena.EventResync, since events may have been missed.
func ListenEvents(ctx context.Context, url string, handle func(arena.Event), log *slog.Logger) (*Events, error) {
	var id [8]byte
	rand.Read(id[:])
	e := &Events{url: url, origin: hex.EncodeToString(id[:]), handle: handle, log: log,
		pending: map[arena.Event]struct{}{}, wake: make(chan struct{}, 1)}
	conn, err := e.listen(ctx)
	if err != nil {
		return nil, err
	}
	lctx, cancel := context.WithCancel(context.Background())
	e.cancel = cancel
	e.wg.Add(2)
	go e.receive(lctx, conn)
	go e.send(lctx)
	return e, nil
}

func (e *Events) listen(ctx context.Context) (*pgx.Conn, error) {
	conn, err := pgx.Connect(ctx, e.url)
	if err != nil {
		return nil, fmt.Errorf("postgres: connecting to listen for events: %w", err)
	}
	if _, err := conn.Exec(ctx, "LISTEN "+eventChannel); err != nil {
		conn.Close(ctx)
		return nil, fmt.Errorf("postgres: LISTEN: %w", err)
	}
	return conn, nil
}

// payload is what a notification of ev from origin carries.
func payload(origin string, ev arena.Event) string {
	return origin + "\t" + string(ev.Kind) + "\t" + ev.ID
}

// Notify tells every server listening on the database at url of ev, once, from a
// process that does not listen itself: a command such as `arena models add`, so that
// running servers need not wait for their periodic refresh.
func Notify(ctx context.Context, url string, ev arena.Event) error {
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		return fmt.Errorf("postgres: connecting to notify the servers: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "SELECT pg_notify($1, $2)", eventChannel, payload("command", ev)); err != nil {
		return fmt.Errorf("postgres: notifying the servers: %w", err)
	}
	return nil
}

// Broadcast queues ev for the other servers.
func (e *Events) Broadcast(_ context.Context, ev arena.Event) {
	e.mu.Lock()
	e.pending[ev] = struct{}{}
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Close stops listening and sends what is queued.
func (e *Events) Close() {
	e.cancel()
	e.wg.Wait()
}

func (e *Events) receive(ctx context.Context, conn *pgx.Conn) {
	defer e.wg.Done()
	backoff := 100 * time.Millisecond
	for {
		if conn == nil {
			var err error
			if conn, err = e.listen(ctx); err != nil {
				if ctx.Err() != nil {
					return
				}
				e.log.Warn("cannot listen for other servers' events; retrying", "error", err, "in", backoff)
				select {
				case <-ctx.Done():
					return
				case <-time.After(backoff):
				}
				backoff = min(2*backoff, 10*time.Second)
				continue
			}
			backoff = 100 * time.Millisecond
			e.log.Info("listening for other servers' events again")
			e.handle(arena.Event{Kind: arena.EventResync})
		}
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			conn.Close(context.Background())
			conn = nil
			if ctx.Err() != nil {
				return
			}
			e.log.Warn("lost the connection that listens for other servers' events", "error", err)
			continue
		}
		origin, rest, _ := strings.Cut(n.Payload, "\t")
		kind, id, _ := strings.Cut(rest, "\t")
		if origin == e.origin {
			continue
		}
		e.handle(arena.Event{Kind: arena.EventKind(kind), ID: id})
	}
}

func (e *Events) send(ctx context.Context) {
	defer e.wg.Done()
	var conn *pgx.Conn
	defer func() {
		if conn != nil {
			conn.Close(context.Background())
		}
	}()
	for {
		stopping := false
		select {
		case <-ctx.Done():
			stopping = true
		case <-e.wake:
		}
		e.mu.Lock()
		batch := e.pending
		e.pending = map[arena.Event]struct{}{}
		e.mu.Unlock()
		for ev := range batch {
			sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			var err error
			if conn == nil {
				conn, err = pgx.Connect(sctx, e.url)
			}
			if err == nil {
				_, err = conn.Exec(sctx, "SELECT pg_notify($1, $2)", eventChannel, payload(e.origin, ev))
			}
			cancel()
			if err != nil {
				// The others fall back on their periodic refreshes; a dropped
				// connection is opened again for the next event.
				e.log.Warn("cannot tell other servers of an event", "kind", ev.Kind, "error", err)
				if conn != nil {
					conn.Close(context.Background())
					conn = nil
				}
			}
		}
		if stopping {
			return
		}
	}
}
