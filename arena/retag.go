package arena

import (
	"context"
	"fmt"
)

// A battle's tags are stored when it is created, so battles created under an older
// tagger keep its tags until they are re-tagged; their counted votes sit in the pair
// counters of the old categories until then. Re-tagging brings them to TaggerVersion.

// StaleBattle is a battle of this arena's own tagged by an older tagger, with the
// prompt its tags are read from: the first turn's, as at its creation.
type StaleBattle struct {
	ID, Prompt string
}

// BattleTags are the tags to store for a battle.
type BattleTags struct {
	ID   string
	Tags PromptTags
}

// RetagStats count what re-tagging did.
type RetagStats struct {
	Battles int // battles stamped with the current tagger
	Changed int // of those, battles whose categories changed
	Votes   int // counted votes moved between the categories' pair counters
}

func (s *RetagStats) add(o RetagStats) {
	s.Battles += o.Battles
	s.Changed += o.Changed
	s.Votes += o.Votes
}

// RetagStore is what re-tagging needs of the store.
type RetagStore interface {
	// StaleTags returns up to limit of this arena's own battles (never imported ones,
	// which keep their file's tags) tagged by a tagger older than version.
	StaleTags(ctx context.Context, version, limit int) ([]StaleBattle, error)
	// Retag stores each battle's tags stamped with version, in one transaction, unless
	// it was stamped with version or a newer one meanwhile (by another server); a
	// battle's counted vote leaves the pair counters of the categories the battle
	// leaves and joins those of the categories it gains.
	Retag(ctx context.Context, version int, tags []BattleTags) (RetagStats, error)
}

// RetagBatch is how many battles one re-tagging transaction takes: enough that a
// million battles take minutes, few enough that votes waiting behind the one SQLite
// writer wait milliseconds.
const RetagBatch = 200

// RetagBattles re-tags every battle of this arena's own that an older tagger tagged, a
// batch at a time (RetagBatch when batch is 0), until none is left. Running it again
// does nothing; servers sharing a database may run it at once, each battle being
// re-tagged once. progress, if set, hears the totals after each batch. On an error the
// batches done so far stay done.
func RetagBattles(ctx context.Context, store RetagStore, batch int, progress func(RetagStats)) (RetagStats, error) {
	if batch <= 0 {
		batch = RetagBatch
	}
	var total RetagStats
	stuck := ""
	for {
		stale, err := store.StaleTags(ctx, TaggerVersion, batch)
		if err != nil || len(stale) == 0 {
			return total, err
		}
		tags := make([]BattleTags, len(stale))
		for i, b := range stale {
			tags[i] = BattleTags{ID: b.ID, Tags: TagPrompt(b.Prompt)}
		}
		st, err := store.Retag(ctx, TaggerVersion, tags)
		total.add(st)
		if err != nil {
			return total, err
		}
		// A batch another server stamped first stamps nothing here, and the next one
		// starts further on. The same battle first again, unstamped, means the store
		// is not doing what it says, and this would loop forever.
		switch {
		case st.Battles > 0:
			stuck = ""
		case stale[0].ID == stuck:
			return total, fmt.Errorf("re-tagging made no progress: battle %s stays tagged by an older tagger", stuck)
		default:
			stuck = stale[0].ID
		}
		if progress != nil {
			progress(total)
		}
	}
}
