package arena

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/arena-dev/arena/arena/translog"
)

// The vote log is an append-only Merkle log of counted votes, in the manner of
// Certificate Transparency (RFC 6962): whenever a vote becomes counted (see
// VoteFacts.Counted) a "count" leaf is appended, and whenever a counted vote stops
// counting (its voter put under review, or found abusive) an "uncount" leaf. Nothing is
// ever removed, so a receipt once given stays provable, and replaying the leaves in order
// gives the counted votes at any size of the log (ReplayCounted).

// Log events.
const (
	LogCount   = "count"
	LogUncount = "uncount"
)

// logLeafTag opens every leaf's data, naming the encoding and its version.
const logLeafTag = "arena-vote/1"

// LogLeaf is one entry of the vote log.
type LogLeaf struct {
	// Index is the leaf's position in the log, from 0; it is not part of the data.
	Index          uint64
	Event          string // LogCount or LogUncount
	BattleID       string // the vote's id: a battle has at most one vote
	ModelA, ModelB string
	Winner         Winner
	VotedAt        time.Time // when the vote was cast
	At             time.Time // when it counted or stopped counting
}

// Data is the leaf's canonical encoding, the bytes its leaf hash is taken over: eight
// netstrings, each the field's length in decimal, a colon, the field's bytes and a
// comma:
//
//	tag, event, battle_id, model_a, model_b, winner, voted_at, at
//
// tag is "arena-vote/1", event "count" or "uncount", winner one of model_a, model_b, tie,
// both_bad, and the two times are Unix milliseconds in decimal. For example
//
//	12:arena-vote/1,5:count,3:b-1,5:alpha,4:beta,7:model_a,13:1767225600000,13:1767225600000,
func (l LogLeaf) Data() []byte {
	var b bytes.Buffer
	for _, f := range []string{logLeafTag, l.Event, l.BattleID, l.ModelA, l.ModelB, string(l.Winner),
		strconv.FormatInt(l.VotedAt.UnixMilli(), 10), strconv.FormatInt(l.At.UnixMilli(), 10)} {
		b.WriteString(strconv.Itoa(len(f)))
		b.WriteByte(':')
		b.WriteString(f)
		b.WriteByte(',')
	}
	return b.Bytes()
}

// Hash is the leaf's RFC 6962 leaf hash, SHA-256(0x00 || Data()).
func (l LogLeaf) Hash() translog.Hash { return translog.LeafHash(l.Data()) }

// ParseLogLeaf decodes what Data encoded, refusing anything else: the encoding is
// canonical, so only bytes Data would write are accepted.
func ParseLogLeaf(data []byte) (LogLeaf, error) {
	var fields []string
	p := data
	for len(p) > 0 {
		colon := bytes.IndexByte(p, ':')
		if colon <= 0 || colon > 10 {
			return LogLeaf{}, fmt.Errorf("vote log leaf: field %d has no length", len(fields)+1)
		}
		n, err := strconv.Atoi(string(p[:colon]))
		if err != nil || n < 0 || strconv.Itoa(n) != string(p[:colon]) || colon+1+n >= len(p) || p[colon+1+n] != ',' {
			return LogLeaf{}, fmt.Errorf("vote log leaf: field %d is not a netstring", len(fields)+1)
		}
		fields = append(fields, string(p[colon+1:colon+1+n]))
		p = p[colon+2+n:]
	}
	if len(fields) != 8 || fields[0] != logLeafTag {
		return LogLeaf{}, fmt.Errorf("vote log leaf: want 8 fields starting %q", logLeafTag)
	}
	l := LogLeaf{Event: fields[1], BattleID: fields[2], ModelA: fields[3], ModelB: fields[4], Winner: Winner(fields[5])}
	if l.Event != LogCount && l.Event != LogUncount {
		return LogLeaf{}, fmt.Errorf("vote log leaf: unknown event %q", l.Event)
	}
	if !l.Winner.Valid() {
		return LogLeaf{}, fmt.Errorf("vote log leaf: unknown winner %q", l.Winner)
	}
	for i, dst := range []*time.Time{&l.VotedAt, &l.At} {
		v, err := strconv.ParseInt(fields[6+i], 10, 64)
		if err != nil || strconv.FormatInt(v, 10) != fields[6+i] {
			return LogLeaf{}, fmt.Errorf("vote log leaf: time %q is not Unix milliseconds", fields[6+i])
		}
		*dst = time.UnixMilli(v).UTC()
	}
	return l, nil
}

// LogHead is a tree head: the log's size and the root of its first Size leaves.
type LogHead struct {
	Size uint64        `json:"size"`
	Root translog.Hash `json:"root"`
}

// Receipt acknowledges a counted vote: where its leaf is in the log and its hash, which
// an inclusion proof shows under any later tree head.
type Receipt struct {
	Index    uint64        `json:"index"`
	LeafHash translog.Hash `json:"leaf_hash"`
}

// InclusionProof is the audit path of one leaf under a tree head.
type InclusionProof struct {
	Index    uint64          `json:"index"`
	LeafHash translog.Hash   `json:"leaf_hash"`
	Leaf     []byte          `json:"leaf"` // the leaf's data, to check its hash against
	Head     LogHead         `json:"head"`
	Path     []translog.Hash `json:"path"`
}

// Verify checks the proof offline: the leaf data hashes to LeafHash, and the path leads
// from it to Head.Root.
func (p *InclusionProof) Verify() error {
	if p.Leaf != nil && translog.LeafHash(p.Leaf) != p.LeafHash {
		return fmt.Errorf("%w: the leaf's data does not hash to its leaf hash", translog.ErrVerify)
	}
	return translog.VerifyInclusion(p.Index, p.Head.Size, p.LeafHash, p.Path, p.Head.Root)
}

// ConsistencyProof shows the log at First is a prefix of the log at Second.
type ConsistencyProof struct {
	First  LogHead         `json:"first"`
	Second LogHead         `json:"second"`
	Path   []translog.Hash `json:"path"`
}

// Verify checks the proof offline.
func (p *ConsistencyProof) Verify() error {
	return translog.VerifyConsistency(p.First.Size, p.Second.Size, p.First.Root, p.Second.Root, p.Path)
}

// VoteLogStore reads the vote log. The store appends to it in the same transactions that
// change which votes are counted, so the log and the counters never disagree.
type VoteLogStore interface {
	// LogHead is the current tree head.
	LogHead(ctx context.Context) (LogHead, error)
	// LogRoot is the tree head at size, which must not exceed the log's.
	LogRoot(ctx context.Context, size uint64) (LogHead, error)
	// LogLeaves calls fn for the leaves from start below end (capped at the log's size),
	// in order, from one read.
	LogLeaves(ctx context.Context, start, end uint64, fn func(LogLeaf) error) error
	// LogInclusion proves leaf index under the tree head at size (0: the current one).
	LogInclusion(ctx context.Context, index, size uint64) (*InclusionProof, error)
	// LogConsistency proves the log at first a prefix of the log at second.
	LogConsistency(ctx context.Context, first, second uint64) (*ConsistencyProof, error)
	// VoteReceipts are the leaves of the battle's vote, oldest first.
	VoteReceipts(ctx context.Context, battleID string) ([]LogLeaf, error)
}

// ReplayCounted applies leaves, in log order, to counted (battle id to its count leaf):
// what the log says is counted after them.
func ReplayCounted(counted map[string]LogLeaf, l LogLeaf) error {
	switch _, in := counted[l.BattleID]; {
	case l.Event == LogCount && !in:
		counted[l.BattleID] = l
	case l.Event == LogUncount && in:
		delete(counted, l.BattleID)
	default:
		return fmt.Errorf("vote log leaf %d: %s of battle %s, which is %s", l.Index, l.Event, l.BattleID,
			map[bool]string{true: "already counted", false: "not counted"}[in])
	}
	return nil
}

// VoteLog serves the vote log to anyone: its tree heads, its leaves and the proofs that
// let a voter check a receipt and anyone check that the log only grew. The leaves carry
// no text and no voter, like a snapshot's votes.
type VoteLog struct {
	Store VoteLogStore
}

// Head is the current tree head.
func (v *VoteLog) Head(ctx context.Context) (LogHead, error) { return v.Store.LogHead(ctx) }

// Leaves calls fn for the leaves from start below end (0: the current size).
func (v *VoteLog) Leaves(ctx context.Context, start, end uint64, fn func(LogLeaf) error) error {
	h, err := v.Store.LogHead(ctx)
	if err != nil {
		return err
	}
	if end == 0 || end > h.Size {
		end = h.Size
	}
	if start > end {
		return Errorf(EINVALID, "The start (%d) is past the end (%d); the log has %d leaves.", start, end, h.Size)
	}
	return v.Store.LogLeaves(ctx, start, end, fn)
}

// Inclusion proves receipt index under the tree head at size (0: the current head).
func (v *VoteLog) Inclusion(ctx context.Context, index, size uint64) (*InclusionProof, error) {
	return v.Store.LogInclusion(ctx, index, size)
}

// Consistency proves the log at first a prefix of the log at second (0: the current
// size).
func (v *VoteLog) Consistency(ctx context.Context, first, second uint64) (*ConsistencyProof, error) {
	if second == 0 {
		h, err := v.Store.LogHead(ctx)
		if err != nil {
			return nil, err
		}
		second = h.Size
	}
	return v.Store.LogConsistency(ctx, first, second)
}
