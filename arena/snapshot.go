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

// Snapshot is a leaderboard computed at a moment from the counted votes, committing to
// exactly those votes: the vote log's first LogSize leaves, whose root is Hash, replay to
// them (see ReplayCounted). A snapshot from before the log (Legacy) has instead the
// VoteHash of its votes.
type Snapshot struct {
	ID        int64
	CreatedAt time.Time
	Votes     int64
	Hash      string // hex sha256: the log's root at LogSize, or for a legacy snapshot the VoteHash
	LogSize   uint64
	Legacy    bool
	Entries   []SnapshotEntry
}

// RatingPoint is a model's rating in one snapshot.
type RatingPoint struct {
	At                   time.Time
	Rating, Lower, Upper float64
	Votes                int64
}

// SnapshotStore persists leaderboard snapshots. A snapshot starts from the last one's
// pair counts and applies the log's leaves since, so taking one costs the new votes, not
// all of them.
type SnapshotStore interface {
	VoteLogStore
	// SnapshotBase is the latest snapshot committing to the log: its log size and the
	// pair counts (an encoded ranking.Aggregate) of the counted votes at that size; found
	// is false before the first.
	SnapshotBase(ctx context.Context) (logSize uint64, aggregate []byte, found bool, err error)
	// SaveSnapshot stores a snapshot with its entries and its pair counts, setting its ID.
	SaveSnapshot(ctx context.Context, s *Snapshot, aggregate []byte) error
	// SnapshotVotes calls fn for each vote snapshot id holds, ordered by battle id
	// (bytewise), from one consistent read.
	SnapshotVotes(ctx context.Context, id int64, fn func(SnapshotVote) error) error
	// Snapshots and Snapshot read snapshots; Snapshots leaves out their entries.
	Snapshots(ctx context.Context, limit int) ([]Snapshot, error)
	Snapshot(ctx context.Context, id int64) (*Snapshot, error)
	RatingHistory(ctx context.Context, model string, limit int) ([]RatingPoint, error)
}

// VoteHash hashes a set of votes canonically: SHA-256 over one line per vote,
//
//	battle_id TAB model_a TAB model_b TAB winner LF
//
// with votes sorted by battle id (bytewise) and winner one of model_a, model_b, tie,
// both_bad. It is the hash of a snapshot taken before the vote log, and what `arena
// snapshot verify` gives a votes file: anyone with the battles can recompute it.
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
// sandwich intervals, as the live board) at the vote log's current size, and stores it
// with that size and root, so anyone can replay the log's leaves to the same votes and
// ratings.
func (l *Labs) TakeSnapshot(ctx context.Context) (*Snapshot, error) {
	s, _, err := l.snapshot(ctx, false)
	return s, err
}

// snapshot takes a snapshot; with skipSame it is not kept (and saved is false) when
// the log has not grown since the latest snapshot.
func (l *Labs) snapshot(ctx context.Context, skipSame bool) (*Snapshot, bool, error) {
	s := &Snapshot{CreatedAt: l.Clock.Now()}
	// The base first: the log only grows, so the head read after it is at least as long,
	// whatever another server snapshots meanwhile.
	from, enc, found, err := l.SnapshotStore.SnapshotBase(ctx)
	if err != nil {
		return nil, false, err
	}
	head, err := l.SnapshotStore.LogHead(ctx)
	if err != nil {
		return nil, false, err
	}
	if skipSame && found && from == head.Size {
		last, err := l.SnapshotStore.Snapshots(ctx, 1)
		if err == nil && len(last) == 1 {
			return &last[0], false, nil
		}
	}
	agg := ranking.NewAggregate()
	if found {
		if err := agg.UnmarshalJSON(enc); err != nil {
			return nil, false, fmt.Errorf("the latest snapshot's pair counts: %w", err)
		}
	}
	if from > head.Size {
		return nil, false, fmt.Errorf("the latest snapshot holds %d log leaves, the log only %d", from, head.Size)
	}
	// Only the leaves since the base: a count adds its vote, an uncount takes it out.
	err = l.SnapshotStore.LogLeaves(ctx, from, head.Size, func(v LogLeaf) error {
		n := int64(1)
		if v.Event == LogUncount {
			n = -1
		}
		agg.Add(v.ModelA, v.ModelB, OutcomeOf(v.Winner), n)
		return nil
	})
	if err != nil {
		return nil, false, err
	}
	// Stored and read back: the encoding keeps only pairs with votes, so a model whose
	// votes were all uncounted leaves the board, and a count gone negative (a log that
	// uncounts what it never counted) is refused.
	enc, err = agg.MarshalJSON()
	if err != nil {
		return nil, false, err
	}
	if err := agg.UnmarshalJSON(enc); err != nil {
		return nil, false, fmt.Errorf("vote log leaves %d to %d: %w", from, head.Size, err)
	}
	s.Votes, s.Hash, s.LogSize = agg.Battles(), head.Root.String(), head.Size
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
	if err := l.SnapshotStore.SaveSnapshot(ctx, s, enc); err != nil {
		return nil, false, err
	}
	return s, true, nil
}

// RunSnapshots takes a snapshot every interval until ctx ends, skipping one when the
// vote log has not grown since the last.
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

// SnapshotVotes calls fn for each vote a snapshot holds, by battle id: what anyone needs
// to recompute its ratings (its hash comes from the log's leaves). The lines carry no
// text and no voter, so they are public, like the snapshot.
func (l *Labs) SnapshotVotes(ctx context.Context, id int64, fn func(SnapshotVote) error) error {
	if _, err := l.SnapshotStore.Snapshot(ctx, id); err != nil {
		return err
	}
	return l.SnapshotStore.SnapshotVotes(ctx, id, fn)
}
