package arena

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"math"
	"strings"
	"time"

	"github.com/arena-dev/arena/ranking"
)

// SnapshotVote is one vote as a snapshot hashes it.
type SnapshotVote struct {
	BattleID       string
	ModelA, ModelB string
	Winner         Winner
}

// SnapshotEntry is one model's line in a leaderboard snapshot.
type SnapshotEntry struct {
	Model        string
	Rank         int
	Rating       float64
	Lower, Upper float64 // NaN when not estimable
	Votes        int64
}

// Snapshot is a leaderboard computed at a moment, with a hash of exactly the votes it
// was computed from (see VoteHash).
type Snapshot struct {
	ID        int64
	CreatedAt time.Time
	Votes     int64
	Hash      string // hex sha256
	Entries   []SnapshotEntry
}

// RatingPoint is a model's rating in one snapshot.
type RatingPoint struct {
	At                   time.Time
	Rating, Lower, Upper float64
	Votes                int64
}

// SnapshotStore persists leaderboard snapshots and the exact votes each holds.
type SnapshotStore interface {
	// BeginSnapshot stores a new, unfinished snapshot at `at` holding the counted votes
	// (see VoteFacts.Counted) as they are now, and returns its id.
	BeginSnapshot(ctx context.Context, at time.Time) (int64, error)
	// SnapshotVotes calls fn for each vote snapshot id holds, ordered by battle id
	// (bytewise), from one consistent read.
	SnapshotVotes(ctx context.Context, id int64, fn func(SnapshotVote) error) error
	// FinishSnapshot stores a begun snapshot's vote count, hash and entries;
	// DropSnapshot removes one not finished.
	FinishSnapshot(ctx context.Context, s *Snapshot) error
	DropSnapshot(ctx context.Context, id int64) error
	// Snapshots and Snapshot read finished snapshots only.
	Snapshots(ctx context.Context, limit int) ([]Snapshot, error)
	Snapshot(ctx context.Context, id int64) (*Snapshot, error)
	RatingHistory(ctx context.Context, model string, limit int) ([]RatingPoint, error)
}

// VoteHash hashes a snapshot's votes canonically: SHA-256 over one line per vote,
//
//	battle_id TAB model_a TAB model_b TAB winner LF
//
// with votes sorted by battle id (bytewise) and winner one of model_a, model_b, tie,
// both_bad. Anyone with the battles can recompute it.
type VoteHash struct {
	h    hash.Hash
	n    int64
	last string
}

// NewVoteHash starts a hash.
func NewVoteHash() *VoteHash { return &VoteHash{h: sha256.New()} }

// Add adds the next vote; votes must come in increasing battle id order.
func (v *VoteHash) Add(s SnapshotVote) error {
	if v.n > 0 && s.BattleID <= v.last {
		return fmt.Errorf("votes out of order: %q after %q (sort by battle id)", s.BattleID, v.last)
	}
	for _, f := range []string{s.BattleID, s.ModelA, s.ModelB} {
		if strings.ContainsAny(f, "\t\n") {
			return fmt.Errorf("battle %q: a field contains a tab or newline", s.BattleID)
		}
	}
	v.last = s.BattleID
	v.n++
	fmt.Fprintf(v.h, "%s\t%s\t%s\t%s\n", s.BattleID, s.ModelA, s.ModelB, s.Winner)
	return nil
}

// Count is the number of votes added.
func (v *VoteHash) Count() int64 { return v.n }

// Sum is the hex digest.
func (v *VoteHash) Sum() string { return hex.EncodeToString(v.h.Sum(nil)) }

// TakeSnapshot computes the leaderboard of the counted votes (Bradley-Terry with
// sandwich intervals, as the live board) from exactly the votes it hashes, and stores it
// with the record of which votes those were, so anyone can fetch them later (see
// SnapshotVotes) and recompute both.
func (l *Labs) TakeSnapshot(ctx context.Context) (*Snapshot, error) {
	s, _, err := l.snapshot(ctx, false)
	return s, err
}

// snapshot takes a snapshot; with skipSame it is not kept (and saved is false) when
// its hash equals the latest snapshot's.
func (l *Labs) snapshot(ctx context.Context, skipSame bool) (*Snapshot, bool, error) {
	s := &Snapshot{CreatedAt: l.Clock.Now()}
	var last []Snapshot
	if skipSame {
		var err error
		if last, err = l.SnapshotStore.Snapshots(ctx, 1); err != nil {
			return nil, false, err
		}
	}
	id, err := l.SnapshotStore.BeginSnapshot(ctx, s.CreatedAt)
	if err != nil {
		return nil, false, err
	}
	s.ID = id
	saved := false
	defer func() {
		if !saved {
			// A snapshot not finished would only confuse: remove it, with a context
			// of its own, as ctx may be what ended.
			drop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := l.SnapshotStore.DropSnapshot(drop, id); err != nil {
				l.log().Warn("could not remove an unfinished snapshot", "id", id, "error", err)
			}
		}
	}()
	vh := NewVoteHash()
	agg := ranking.NewAggregate()
	err = l.SnapshotStore.SnapshotVotes(ctx, id, func(v SnapshotVote) error {
		if err := vh.Add(v); err != nil {
			return err
		}
		agg.Add(v.ModelA, v.ModelB, OutcomeOf(v.Winner), 1)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	s.Votes, s.Hash = vh.Count(), vh.Sum()
	if len(last) == 1 && last[0].Hash == s.Hash {
		return &last[0], false, nil
	}
	if agg.Battles() > 0 {
		lb, err := ranking.BuildLeaderboard(agg, ranking.Options{Method: ranking.MethodBT, CI: ranking.CISandwich, Seed: 1})
		if err != nil {
			return nil, false, err
		}
		for _, e := range lb.Models {
			lo, hi := math.NaN(), math.NaN()
			if e.CILower != nil && e.CIUpper != nil {
				lo, hi = *e.CILower, *e.CIUpper
			}
			s.Entries = append(s.Entries, SnapshotEntry{Model: e.Model, Rank: e.Rank, Rating: e.Rating, Lower: lo, Upper: hi, Votes: e.Battles})
		}
	}
	if err := l.SnapshotStore.FinishSnapshot(ctx, s); err != nil {
		return nil, false, err
	}
	saved = true
	return s, true, nil
}

// RunSnapshots takes a snapshot every interval until ctx ends, skipping one when no vote
// arrived since the last.
func (l *Labs) RunSnapshots(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		// Servers sharing a database each run this loop: one snapshot a period will do.
		if last, err := l.SnapshotStore.Snapshots(ctx, 1); err == nil && len(last) == 1 && l.Clock.Now().Sub(last[0].CreatedAt) < every/2 {
			continue
		}
		s, saved, err := l.snapshot(ctx, true)
		if err == nil && saved {
			l.log().Info("took a leaderboard snapshot", "id", s.ID, "votes", s.Votes, "sha256", s.Hash)
		}
		if err != nil && ctx.Err() == nil {
			l.log().Warn("leaderboard snapshot failed", "error", err)
		}
	}
}

// Snapshots lists the latest limit snapshots, newest first, without their entries.
// Snapshots are public: anyone may check the leaderboard's history.
func (l *Labs) Snapshots(ctx context.Context, limit int) ([]Snapshot, error) {
	return l.SnapshotStore.Snapshots(ctx, limit)
}

// Snapshot returns one snapshot with its entries.
func (l *Labs) Snapshot(ctx context.Context, id int64) (*Snapshot, error) {
	return l.SnapshotStore.Snapshot(ctx, id)
}

// SnapshotVotes calls fn for each vote a finished snapshot holds, in the order its hash
// takes them: what anyone needs to recompute its hash and its ratings. The lines carry
// no text and no voter, so they are public, like the snapshot.
func (l *Labs) SnapshotVotes(ctx context.Context, id int64, fn func(SnapshotVote) error) error {
	if _, err := l.SnapshotStore.Snapshot(ctx, id); err != nil {
		return err
	}
	return l.SnapshotStore.SnapshotVotes(ctx, id, fn)
}
