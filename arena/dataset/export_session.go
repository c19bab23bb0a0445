package dataset

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/ranking"
)

// SessionGap is the longest pause between two votes of one voter within an evaluation
// session. LMArena's sessions are one conversation continued with new models after
// each vote; here every battle starts a conversation of its own, so a session is a
// sitting: a voter's votes each at most 30 minutes after the one before, the inactivity
// timeout web analytics count visits by.
const SessionGap = 30 * time.Minute

// DedupSeed seeds the draw of an export's dedup_tag, so that the same battles give the
// same tags in every export (pandas' random_state in FastChat's deduplication.py).
const DedupSeed = 42

// sessions assigns evaluation sessions to an export's rows, in vote-time order. It
// holds the voters who voted in the last SessionGap, no more: a voter idle longer
// starts a new session anyway.
type sessions struct {
	salt     []byte
	own      map[int64]*session
	imported map[importedVoter]*session
	swept    time.Time
}

// importedVoter is an imported vote's voter: the source's anonymous judge id, which
// only means something within its source.
type importedVoter struct{ source, judge string }

type session struct {
	id    string
	order int32
	last  time.Time
}

func newSessions(salt []byte) *sessions {
	return &sessions{salt: salt, own: map[int64]*session{}, imported: map[importedVoter]*session{}}
}

// assign returns the session of the next row and the row's place in it, from 1: the
// voter's session if the voter's last vote was at most SessionGap before, else a new
// one, whose id is an HMAC of the voter's judge_hash and the session's first vote time
// under the export's salt. A vote without a time or (imported) without a voter
// has none: "" and 0.
func (s *sessions) assign(r *arena.ExportRow) (string, int32) {
	at := r.VotedAt
	if at.IsZero() || r.Source != "" && r.Judge == "" {
		return "", 0
	}
	if at.Sub(s.swept) > SessionGap {
		s.sweep(at)
	}
	var se *session
	if r.Source == "" {
		if se = s.own[r.VoterID]; se == nil {
			se = new(session)
			s.own[r.VoterID] = se
		}
	} else {
		k := importedVoter{r.Source, r.Judge}
		if se = s.imported[k]; se == nil {
			se = new(session)
			s.imported[importedVoter{strings.Clone(r.Source), strings.Clone(r.Judge)}] = se // the row's strings are reused
		}
	}
	if se.order == 0 || at.Sub(se.last) > SessionGap {
		// Keyed by the voter's published judge_hash, so that a re-imported export,
		// whose votes carry that hash as their judge, gets the same sessions again.
		judge := r.Judge
		if r.Source == "" {
			judge = judgeHash(s.salt, r.VoterID)
		}
		m := hmac.New(sha256.New, s.salt)
		m.Write([]byte("session\x00" + judge + "\x00" + strconv.FormatInt(at.UnixMilli(), 10)))
		se.id, se.order = hex.EncodeToString(m.Sum(nil)[:16]), 0
	}
	se.order++
	se.last = at
	return se.id, se.order
}

// sweep forgets the voters idle for more than SessionGap before now.
func (s *sessions) sweep(now time.Time) {
	for k, se := range s.own {
		if now.Sub(se.last) > SessionGap {
			delete(s.own, k)
		}
	}
	for k, se := range s.imported {
		if now.Sub(se.last) > SessionGap {
			delete(s.imported, k)
		}
	}
	s.swept = now
}

// promptDedup is an export's first pass: it reads the prompts of the battles filter
// selects, 8 bytes a battle, and applies LMArena's dedup_tag rule to them (see
// ranking.Dedup), with FastChat's default percentile. The tag is relative to the
// battles the export holds: a prompt is frequent among them.
func promptDedup(ctx context.Context, src RowSource, filter Filter) (*ranking.Dedup, error) {
	var keys []uint64
	err := src.ExportPrompts(ctx, filter, func(prompts []string) error {
		keys = append(keys, ranking.PromptKeyOf(prompts))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ranking.NewDedup(keys, ranking.DefaultDedupPercentile, DedupSeed), nil
}
