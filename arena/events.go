package arena

import "context"

// EventKind names what an Event reports.
type EventKind string

// The events one server of an arena tells the others.
const (
	// EventVotes: votes landed (or were recounted), so leaderboards are stale.
	EventVotes EventKind = "votes"
	// EventBattle: the battle whose id the event carries changed state (a turn started,
	// a side finished or failed, a vote landed); pages following it re-read it.
	EventBattle EventKind = "battle"
	// EventModelKey: the lab model whose id the event carries got a new API key.
	EventModelKey EventKind = "model-key"
	// EventModels: a model's status changed, so samplers refresh.
	EventModels EventKind = "models"
	// EventResync: events may have been missed (the connection carrying them dropped);
	// everything cached must be treated as stale.
	EventResync EventKind = "resync"
)

// Event is a change every server of one arena must hear about, because each keeps
// caches and live pages that the change makes stale.
type Event struct {
	Kind EventKind
	ID   string
}

// Broadcaster carries events to the arena's other servers. An arena on SQLite is one
// process and has none; on PostgreSQL, LISTEN/NOTIFY carries them.
type Broadcaster interface {
	// Broadcast queues e for the other servers; it does not wait for them.
	Broadcast(ctx context.Context, e Event)
}
