package arena

import (
	"cmp"
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// VoteQuality is the verdict on one vote. The store writes it with the vote, in the
// vote's one transaction.
type VoteQuality struct {
	Score float64
	Tier  string
	// ConsensusP is this vote's own p-value against its pair's history (1 for gold
	// battles and when unscored).
	ConsensusP float64
	// Excluded keeps the vote out of leaderboards (pair_counts) and marks its battle
	// flagged for exports: a low score, or a voter whose abuse was confirmed.
	Excluded bool
	// Gold is set for a gold battle, which never counts; GoldFailed when the voter chose
	// its deliberately broken side.
	Gold, GoldFailed bool
	// RevealsIdentity is set when an answer named its own model: the battle stays out of
	// rankings, as on LMArena, but the vote and its points are kept.
	RevealsIdentity bool
	// Hold is set when the voter is under review: the vote's points are held (a
	// negative hold entry beside the vote entry) until an admin releases them.
	Hold bool
	// Notes say which signals fired, for the admin review page.
	Notes []string
	// Scored is set when the vote was assessed; an unscored vote is stored without a
	// score and stays out of its voter's history.
	Scored bool
}

// DefaultVoteQuality is the verdict on a vote that is not scored: it counts, in the
// default tier.
func DefaultVoteQuality() VoteQuality {
	return VoteQuality{Score: 1, Tier: VoteTierDefault, ConsensusP: 1}
}

// Counted reports whether the vote goes into the pair counters. A held vote (its voter is
// under review) waits outside them: a Sybil campaign must not move the leaderboard
// while an admin has yet to look. Approval counts it; confirmed abuse excludes it.
func (q VoteQuality) Counted() bool {
	return VoteFacts{Gold: q.Gold, Excluded: q.Excluded, RevealsIdentity: q.RevealsIdentity, Held: q.Hold}.Counted()
}

// VoteContext is what scoring a vote needs from the store, read just before the vote.
type VoteContext struct {
	ReadyAt  time.Time // when the latest turn's answers were complete
	GoldSide string    // "", "a" or "b"
	// Repeated is set when the voter sent the same normalised prompt in another battle
	// since the repeat window began.
	Repeated bool
	// The pair's outcome history over this arena's counted votes, oriented as the battle
	// (A is the left model).
	PairWinsA, PairWinsB, PairTies int
	// The voter's recent votes (this one excluded): decisive ones and how many went
	// left; their consensus p-values (gold battles left out); gold battles judged and
	// failed; how many were read too fast.
	Left, Decisive        int
	PValues               []float64
	GoldVotes, GoldFailed int
	Fast                  int
	// Review is the voter's review status: "", "flagged", "approved" or "abuse";
	// ReviewedAt is when an admin last decided.
	Review     string
	ReviewedAt time.Time
}

// QualityStore is what the quality service, the Sybil detector and the review page
// need from storage.
type QualityStore interface {
	// VoteContext reads a vote's battle facts and the voter's recent history (the last
	// recent votes; prompts repeated since repeatSince).
	VoteContext(ctx context.Context, userID int64, battleID string, recent int, repeatSince time.Time) (*VoteContext, error)
	// MarkBattle stores a new battle's gold side and normalised prompt; a gold battle is
	// also flagged out of exports.
	MarkBattle(ctx context.Context, battleID, goldSide, promptKey string) error
	// ModerateBattle records why a battle's prompt was flagged, and flags the battle out
	// of exports.
	ModerateBattle(ctx context.Context, battleID, reason string) error
	// GoldSide returns a battle's broken side, "" for an ordinary battle.
	GoldSide(ctx context.Context, battleID string) (string, error)
	// FlagUser puts an account under review with the evidence (merged with any already
	// recorded). An account an admin approved after since, or whose abuse is confirmed,
	// is left as it is; it reports whether the account is (now) flagged.
	FlagUser(ctx context.Context, userID int64, evidence []string, now, approvedAfter time.Time) (bool, error)
	// Reviews lists accounts with the given status ("" for all), newest flag first.
	Reviews(ctx context.Context, status string, limit int) ([]Review, error)
	// AccountReview is what the account's owner is told of its review: its status
	// ("" when it was never flagged) and the points it has on hold.
	AccountReview(ctx context.Context, userID int64) (status string, held int64, err error)
	// ApproveUser clears a flagged account and releases its held points.
	ApproveUser(ctx context.Context, userID, reviewer int64, now time.Time) (released int64, err error)
	// ConfirmAbuse marks the account abusive, takes its counted votes out of the pair
	// counters (flagging their battles), and claws back its points not on hold.
	ConfirmAbuse(ctx context.Context, userID, reviewer int64, now time.Time) (AbuseOutcome, error)
	// TouchDevice records that an account acted from a device cookie and an address.
	TouchDevice(ctx context.Context, userID int64, device, ip string, now time.Time) error
	// WalletAddress returns the account's linked wallet, "" when none.
	WalletAddress(ctx context.Context, userID int64) (string, error)
	// SybilGroups returns the raw material of Sybil detection; see SybilStore.
	SybilStore
	// QualificationStore counts a rater's qualification battles.
	QualificationStore
}

// Quality scores votes, decides gold battles and moderates prompts. A nil *Quality
// scores nothing: every vote counts in the default tier.
type Quality struct {
	Store  QualityStore
	Policy QualityPolicy
	Clock  Clock
	// GoldRate is the share of battles that are gold battles (0 for none).
	GoldRate float64
	// Qualification gives a rater's first battles more gold battles.
	Qualification Qualification
	// Moderator, if set, checks prompts; flagged battles stay out of public datasets.
	Moderator Moderator
	// Recent is how many of a voter's latest votes the history signals look at (50 when
	// zero); RepeatWindow how far back a repeated prompt counts (24 h when zero).
	Recent       int
	RepeatWindow time.Duration
	// MinConsensusVotes is how many p-values Fisher's method needs before it counts (10
	// when zero).
	MinConsensusVotes int
	// FastToFlag is how many of a voter's recent votes may be read in under half the
	// needed time before it is a habit: such votes are down-weighted and the voter
	// flagged (5 when zero).
	FastToFlag int
	// ReviewGrace is how long an admin's approval shields an account from new flags
	// (30 days when zero).
	ReviewGrace time.Duration
	// Disabled turns scoring off (votes all count, middle tier) while keeping gold
	// battles out of leaderboards; for measuring what the defences change.
	Disabled bool
}

func (q *Quality) recent() int           { return cmp.Or(q.Recent, 50) }
func (q *Quality) minConsensus() int     { return cmp.Or(q.MinConsensusVotes, 10) }
func (q *Quality) fastToFlag() int       { return cmp.Or(q.FastToFlag, 5) }
func (q *Quality) repeat() time.Duration { return cmp.Or(q.RepeatWindow, 24*time.Hour) }
func (q *Quality) grace() time.Duration  { return cmp.Or(q.ReviewGrace, 30*24*time.Hour) }

// NormalizePrompt reduces a prompt to what makes two prompts "the same": lower case,
// letters and digits only, single spaces.
func NormalizePrompt(p string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(p) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		} else {
			space = true
		}
	}
	s := b.String()
	if len(s) > 512 {
		s = s[:512]
	}
	return s
}

// Assess scores u's vote w on battle b (which must be ready), reading the voter's
// history. The evidence, if any, is why the voter should now go under review.
func (q *Quality) Assess(ctx context.Context, u *User, b *Battle, w Winner) (VoteQuality, []string, error) {
	now := q.Clock.Now()
	vc, err := q.Store.VoteContext(ctx, u.ID, b.ID, q.recent(), now.Add(-q.repeat()))
	if err != nil {
		return DefaultVoteQuality(), nil, err
	}
	vq, evidence := q.judge(b, w, vc, now)
	return vq, evidence, nil
}

// judge is the pure core of Assess: the verdict on vote w on battle b, given what the
// store knows of the battle and the voter (vc) and the time of the vote.
func (q *Quality) judge(b *Battle, w Winner, vc *VoteContext, now time.Time) (VoteQuality, []string) {
	vq := DefaultVoteQuality()
	vq.Scored = true
	vq.Gold = vc.GoldSide != ""
	vq.RevealsIdentity = !vq.Gold && BattleRevealsIdentity(b)
	if vq.Gold {
		vq.GoldFailed = (vc.GoldSide == "a" && w == WinnerA) || (vc.GoldSide == "b" && w == WinnerB)
		if vq.GoldFailed {
			vq.Notes = append(vq.Notes, "chose the broken side of a gold battle")
		}
	}
	if q.Disabled {
		return vq, nil
	}
	s := QualitySignals{Left: vc.Left, Decisive: vc.Decisive, ConsensusP: 1,
		GoldVotes: vc.GoldVotes, GoldFailed: vc.GoldFailed, RepeatedPrompt: vc.Repeated}
	ready := vc.ReadyAt
	if ready.IsZero() {
		ready = b.UpdatedAt
	}
	s.ReadTime = now.Sub(ready)
	if n := len(b.Turns); n > 0 {
		t := b.Turns[n-1]
		s.AnswerChars = utf8.RuneCountInString(t.A.Text) + utf8.RuneCountInString(t.B.Text)
	}
	if w == WinnerA || w == WinnerB {
		s.Decisive++
		if w == WinnerA {
			s.Left++
		}
	}
	ps := vc.PValues
	if !vq.Gold {
		vq.ConsensusP = VotePValue(vc.PairWinsA, vc.PairWinsB, vc.PairTies, w)
		ps = append(ps[:len(ps):len(ps)], vq.ConsensusP)
	}
	if len(ps) >= q.minConsensus() {
		s.ConsensusP = FisherCombine(ps)
	}
	if vq.Gold {
		s.GoldVotes++
		if vq.GoldFailed {
			s.GoldFailed++
		}
	}
	vq.Score = q.Policy.Score(s)
	need := q.Policy.NeededReadTime(s.AnswerChars)
	fast := s.ReadTime < need/2
	if fast {
		vq.Notes = append(vq.Notes, fmt.Sprintf("fast: read in %s, %s needed", s.ReadTime.Round(time.Second), need.Round(time.Second)))
	}
	fastVotes := vc.Fast
	if fast {
		fastVotes++
	}
	habit := fastVotes >= q.fastToFlag()
	if habit && fast {
		// One quick vote is a person who skimmed; a habit of them is clicking for pay.
		vq.Score *= 0.5
	}
	vq.Notes = append(vq.Notes, q.Policy.Explain(s)...)
	vq.Tier = q.Policy.Tier(vq.Score)
	vq.Excluded = q.Policy.Excluded(vq.Score) || vc.Review == ReviewAbuse

	// Whether the voter goes under review, and with what evidence.
	var evidence []string
	if q.Policy.Excluded(vq.Score) {
		evidence = append(evidence, fmt.Sprintf("vote on battle %s scored %.2f (%s)", b.ID, vq.Score, strings.Join(vq.Notes, "; ")))
	}
	if s.GoldFailed >= 2 && 2*s.GoldFailed >= s.GoldVotes {
		evidence = append(evidence, fmt.Sprintf("chose the broken answer in %d of %d gold battles", s.GoldFailed, s.GoldVotes))
	}
	if habit {
		evidence = append(evidence, fmt.Sprintf("%d of the last %d votes read in under half the time the answers need", fastVotes, q.recent()))
	}
	if len(ps) >= q.minConsensus() && s.ConsensusP < q.Policy.ConsensusAlpha {
		evidence = append(evidence, fmt.Sprintf("disagrees with the consensus: Fisher's combined p = %.2g over %d votes", s.ConsensusP, len(ps)))
	}
	flagNow := len(evidence) > 0 && vc.Review != ReviewAbuse &&
		!(vc.Review == ReviewApproved && vc.ReviewedAt.After(now.Add(-q.grace())))
	vq.Hold = vc.Review == ReviewFlagged || vc.Review == ReviewAbuse || flagNow
	if !flagNow {
		evidence = nil
	}
	return vq, evidence
}
