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

// SnapshotStore persists leaderboard snapshots.
type SnapshotStore interface {
	// SnapshotVotes calls fn for each of this arena's own votes ordered by battle id
	// (bytewise), from one consistent read.
	SnapshotVotes(ctx context.Context, fn func(SnapshotVote) error) error
	SaveSnapshot(ctx context.Context, s *Snapshot) error
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

// TakeSnapshot computes the leaderboard of this arena's own votes (Bradley-Terry with
// sandwich intervals, as the live board) from exactly the votes it hashes, and stores it.
func (l *Labs) TakeSnapshot(ctx context.Context) (*Snapshot, error) {
	s, _, err := l.snapshot(ctx, false)
	return s, err
}

// snapshot takes a snapshot; with skipSame it is not stored (and saved is false) when
// its hash equals the latest snapshot's.
func (l *Labs) snapshot(ctx context.Context, skipSame bool) (*Snapshot, bool, error) {
	vh := NewVoteHash()
	agg := ranking.NewAggregate()
	err := l.SnapshotStore.SnapshotVotes(ctx, func(v SnapshotVote) error {
		if err := vh.Add(v); err != nil {
			return err
		}
		agg.Add(v.ModelA, v.ModelB, OutcomeOf(v.Winner), 1)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	s := &Snapshot{CreatedAt: l.Clock.Now(), Votes: vh.Count(), Hash: vh.Sum()}
	if skipSame {
		last, err := l.SnapshotStore.Snapshots(ctx, 1)
		if err != nil {
			return nil, false, err
		}
		if len(last) == 1 && last[0].Hash == s.Hash {
			return &last[0], false, nil
		}
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
	if err := l.SnapshotStore.SaveSnapshot(ctx, s); err != nil {
		return nil, false, err
	}
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
