package postgres

import (
	"context"
	"testing"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/arenatest"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
	"github.com/jackc/pgx/v5"
)

func listenTo(t *testing.T, url string) (*Events, chan arena.Event) {
	t.Helper()
	got := make(chan arena.Event, 16)
	ev, err := ListenEvents(context.Background(), url, func(e arena.Event) { got <- e }, arenatest.Quiet())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ev.Close)
	return ev, got
}

func expect(t *testing.T, got chan arena.Event, want arena.Event) {
	t.Helper()
	select {
	case e := <-got:
		if e != want {
			t.Fatalf("event %+v, want %+v", e, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("no event within 5 s, want %+v", want)
	}
}

func TestEventsReachOtherServers(t *testing.T) {
	url := pgtest.FreshURL(t)
	a, fromB := listenTo(t, url)
	b, fromA := listenTo(t, url)

	a.Broadcast(context.Background(), arena.Event{Kind: arena.EventBattle, ID: "abc"})
	expect(t, fromA, arena.Event{Kind: arena.EventBattle, ID: "abc"})
	b.Broadcast(context.Background(), arena.Event{Kind: arena.EventVotes})
	expect(t, fromB, arena.Event{Kind: arena.EventVotes})
	// A server does not hear itself.
	select {
	case e := <-fromA:
		t.Fatalf("b heard its own event %+v", e)
	case e := <-fromB:
		t.Fatalf("a heard its own event %+v", e)
	case <-time.After(300 * time.Millisecond):
	}

	// Cut b's listening connection: it reconnects and reports that it may have missed
	// events, then hears new ones again.
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`); err != nil {
		t.Fatal(err)
	}
	expect(t, fromA, arena.Event{Kind: arena.EventResync})
	expect(t, fromB, arena.Event{Kind: arena.EventResync})
	a.Broadcast(ctx, arena.Event{Kind: arena.EventModelKey, ID: "7"})
	expect(t, fromA, arena.Event{Kind: arena.EventModelKey, ID: "7"})
}

// A command that changed models tells the running servers with Notify.
func TestEventsNotifyFromACommand(t *testing.T) {
	url := pgtest.FreshURL(t)
	_, got := listenTo(t, url)
	if err := Notify(context.Background(), url, arena.Event{Kind: arena.EventModels}); err != nil {
		t.Fatal(err)
	}
	expect(t, got, arena.Event{Kind: arena.EventModels})
}
