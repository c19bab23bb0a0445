package arena

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena/images"
)

// BattleStatus is where a battle is in its life.
type BattleStatus string

// Battle statuses. A battle streams, becomes ready to vote when every answer is complete
// (done, or stopped by its voter with some text), fails if any side fails or is
// interrupted (it then cannot be voted on and does not count; see Interrupted), and ends
// voted. Regenerating a side takes a ready battle back to streaming.
const (
	StatusStreaming BattleStatus = "streaming"
	StatusReady     BattleStatus = "ready"
	StatusFailed    BattleStatus = "failed"
	StatusVoted     BattleStatus = "voted"
)

// Winner is a vote's outcome, named as in LMArena's datasets.
type Winner string

// Vote outcomes.
const (
	WinnerA       Winner = "model_a"
	WinnerB       Winner = "model_b"
	WinnerTie     Winner = "tie"
	WinnerBothBad Winner = "both_bad"
)

// Valid reports whether w is one of the four outcomes.
func (w Winner) Valid() bool {
	return w == WinnerA || w == WinnerB || w == WinnerTie || w == WinnerBothBad
}

// Reasons a voter may tick, in the order the form shows them.
var Reasons = []string{"more accurate", "more helpful", "clearer", "better formatted", "safer", "more concise", "more creative"}

// Limits on what people send.
const (
	MaxPromptChars  = 20000
	MaxCommentChars = 2000
	MaxTurns        = 10
	// MaxRegenerations is how many times each side of a battle may be regenerated
	// before the vote: enough to get past a bad draw, too few to fish for an answer.
	MaxRegenerations = 3
)

// AnswerStatus is the state of one side's answer in one turn.
type AnswerStatus string

// Answer statuses.
const (
	AnswerStreaming AnswerStatus = "streaming"
	AnswerDone      AnswerStatus = "done"
	AnswerFailed    AnswerStatus = "failed"
	// AnswerInterrupted is an answer cut short because the server stopped or restarted
	// while it streamed: the arena's doing, not the model's, so it counts against
	// neither model (no failure recorded, no automatic pause).
	AnswerInterrupted AnswerStatus = "interrupted"
	// AnswerStopped is an answer its voter stopped while it streamed: its text is what
	// had arrived. It is complete as far as the battle goes (it may be voted on), and
	// marked in exports so a study can leave such battles out.
	AnswerStopped AnswerStatus = "stopped"
)

// complete reports whether an answer is over and can be judged: done, or stopped with
// what had arrived.
func (s AnswerStatus) complete() bool { return s == AnswerDone || s == AnswerStopped }

// Answer is one model's reply in one turn.
type Answer struct {
	// Text is the answer alone, what voters judge and rankings take style from.
	Text string
	// Reasoning is a reasoning model's thinking before it answered ("" if none): shown
	// apart from the answer, marked as not part of it, and never counted in it.
	Reasoning string
	// FinishReason is why the model stopped, as its provider said ("stop", "length"...),
	// "" if the call never finished.
	FinishReason     string
	Status           AnswerStatus
	Error            string // why it failed, for the person
	PromptTokens     int
	CompletionTokens int
	FirstToken       time.Duration
	Total            time.Duration
	// Images are the SHA-256s of the images an image model answered with (see
	// ImageStore), in order; nil for a text answer.
	Images []string
	// Failure is a failed answer told in full, set where it failed and stored apart
	// from the answer for its model's lab; nil when read back with the battle, which
	// voters see.
	Failure *AnswerFailure
}

// Turn is one prompt and both answers to it.
type Turn struct {
	Prompt string
	// Images are the SHA-256s of the images attached to the prompt, in order (see
	// ImageStore); nil for none.
	Images []string
	A, B   Answer
}

// Battle is two models answering the same prompts, anonymous until the vote in
// ModeBattle; ModelA is shown on the left. A direct chat (ModeDirect) is one model,
// ModelA, answering alone: its turns' B answers stay empty and ModelB is the zero Model.
type Battle struct {
	ID     string
	UserID int64
	Mode   BattleMode
	// Arena is ArenaText, or ArenaVision once a turn carries images, or one of the
	// image arenas (ArenaTextToImage, ArenaImageEdit): the leaderboard its vote counts on.
	Arena    string
	ModelA   Model
	ModelB   Model
	Status   BattleStatus
	Turns    []Turn
	Category []string     // tags such as "code", "math", "creative" (see Categories)
	LMArena  *LMArenaTags // the first prompt's v0.1 verdicts (TagPrompt), nil when not known
	Tagger   int          // the TaggerVersion that tagged the battle, 0 before versions
	// Language is the first prompt's language, an ISO 639-1 code ("und" when it
	// cannot be told), detected when the battle starts; "" when no detector is set.
	Language string
	// Regenerated counts, for sides a and b, the answers their voter had answered again
	// before the vote (see Battles.Regenerate); the replaced texts are kept in the store.
	Regenerated [2]int
	Vote        *Vote
	// Campaign is the sponsored evaluation campaign that served the battle, nil for
	// most battles.
	Campaign  *BattleCampaign
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Interrupted reports whether the battle failed because the server stopped while its
// last turn streamed, and not because a model failed: voters are told of a restart,
// not of a provider's failure.
func (b *Battle) Interrupted() bool {
	if b.Status != StatusFailed || len(b.Turns) == 0 {
		return false
	}
	t := b.Turns[len(b.Turns)-1]
	if t.A.Status == AnswerFailed || t.B.Status == AnswerFailed {
		return false
	}
	return t.A.Status == AnswerInterrupted || t.B.Status == AnswerInterrupted
}

// Revealed reports whether the models' identities may be shown: after the vote in an
// anonymous battle, from the start in the other modes.
func (b *Battle) Revealed() bool { return b.Status == StatusVoted || !b.Mode.Anonymous() }

// Sides lists the sides that answer: both, or only 'a' in a direct chat.
func (b *Battle) Sides() []byte {
	if b.Mode == ModeDirect {
		return []byte{'a'}
	}
	return []byte{'a', 'b'}
}

// newTurn is a turn just asked, its answering sides streaming.
func (b *Battle) newTurn(prompt string, imgs []string) Turn {
	t := Turn{Prompt: prompt, Images: imgs, A: Answer{Status: AnswerStreaming}, B: Answer{Status: AnswerStreaming}}
	if b.Mode == ModeDirect {
		t.B = Answer{}
	}
	return t
}

// Conversation returns the messages side a ('a' or 'b') has seen, ending with the latest
// prompt when the last turn is still open. A prompt's images are named (Image.SHA256)
// but not read: the battle holds only their names.
func (b *Battle) Conversation(side byte) []Message {
	var msgs []Message
	for _, t := range b.Turns {
		msg := Message{Role: "user", Content: t.Prompt}
		for _, sha := range t.Images {
			msg.Images = append(msg.Images, images.Image{SHA256: sha})
		}
		msgs = append(msgs, msg)
		ans := t.A
		if side == 'b' {
			ans = t.B
		}
		if ans.Status.complete() {
			msgs = append(msgs, Message{Role: "assistant", Content: ans.Text})
		}
	}
	return msgs
}

// Vote is a person's judgement of a battle.
type Vote struct {
	BattleID  string
	UserID    int64
	Winner    Winner
	Reasons   []string
	Comment   string
	Points    int64
	CreatedAt time.Time
	// Publish is the voter's decision to publish this battle in open datasets; nil
	// takes their account's setting. Either way the battle records the decision, when
	// it was made and the wording's ConsentVersion.
	Publish *bool
	// Held is set, when read back, while the vote's points are on hold: its voter was
	// under review when it voted, and no admin has released them.
	Held bool
	// Receipt is, when read back, the vote's first count leaf in the vote log: nil
	// while it has never counted.
	Receipt *Receipt
	// Bounty is, when read back, the campaign bounty the vote earned (0 for none).
	Bounty int64
}

// VoteResult is what a voter learns after voting: who was who, and what they earned.
type VoteResult struct {
	ModelA   string `json:"model_a"`
	ModelB   string `json:"model_b"`
	DisplayA string `json:"display_a"` // the name as shown, labelled if a demo model
	DisplayB string `json:"display_b"`
	Winner   Winner `json:"winner"`
	Points   int64  `json:"points"`
	// Publish is the battle's publication decision as the vote recorded it.
	Publish bool `json:"publish"`
	// Held says the points are on hold while the voter's account is under review.
	Held bool `json:"held"`
	// Receipt is the vote's place in the vote log, once it counted: nil for a vote that
	// is not counted (held, gold, side by side...).
	Receipt *Receipt `json:"receipt,omitempty"`
	// Sponsored is set when the battle was a sponsored evaluation: the bounty the vote
	// earned (0 when it did not count, or the campaign had reached its target).
	Sponsored *SponsoredNote `json:"sponsored,omitempty"`
}

// SponsoredNote tells a voter their battle was a lab's sponsored evaluation, and what
// the vote earned from its bounty.
type SponsoredNote struct {
	Campaign int64 `json:"campaign"`
	Bounty   int64 `json:"bounty"`
}

// VoteResult is what the battle's voter learned from the vote, read back from the
// battle: nil before it. It names the models, so only the voter's own pages get it.
func (b *Battle) VoteResult() *VoteResult {
	if b.Vote == nil {
		return nil
	}
	r := &VoteResult{ModelA: b.ModelA.Name, ModelB: b.ModelB.Name, DisplayA: b.ModelA.DisplayName(), DisplayB: b.ModelB.DisplayName(),
		Winner: b.Vote.Winner, Points: b.Vote.Points, Held: b.Vote.Held, Receipt: b.Vote.Receipt}
	if b.Campaign != nil {
		r.Sponsored = &SponsoredNote{Campaign: b.Campaign.CampaignID, Bounty: b.Vote.Bounty}
	}
	if b.Vote.Publish != nil {
		r.Publish = *b.Vote.Publish
	}
	return r
}

// VoteRecord is a vote with everything decided about it, for the store to write in one
// transaction.
type VoteRecord struct {
	// Vote is the vote; its Points are credited unless Reward is set.
	Vote           *Vote
	IdempotencyKey string
	Quality        VoteQuality
	// Reward, if set, decides the points from what the voter's votes already earned.
	Reward *RewardRule
	// Refusal is the battle's refusal flag (Battle.Refuses), stored with the vote: its
	// answers are final once voted on.
	Refusal bool
	// VestsAt is when the vote's points vest (zero: at once).
	VestsAt time.Time
	// RaterTier is the voter's rater tier when they voted ("" when raters are not
	// scored), stored with the vote: its reward was drawn in that tier's range, and the
	// published draw is verified against that range alone.
	RaterTier string
}

// RewardRule gives a vote's points from the secret of the reward draw epoch open when the
// vote is recorded and from what the voter's earlier votes earned since DaySince and
// since WeekSince. The store reads all three inside the vote's transaction, so two votes
// at once cannot both slip under a cap, and a vote belongs to exactly the draw epoch
// whose secret drew it, the one the next settlement snapshot reveals.
type RewardRule struct {
	// DaySince and WeekSince start the capped windows; a zero time is a window without
	// a cap, whose sum is not read (and passed as 0).
	DaySince, WeekSince time.Time
	Points              func(secret []byte, today, week int64) int64
}

// ValidatePrompt explains what is wrong with a prompt, or returns it trimmed.
func ValidatePrompt(p string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", Errorf(EINVALID, "Please type a prompt.")
	}
	if !utf8.ValidString(p) {
		return "", Errorf(EINVALID, "The prompt is not valid UTF-8 text.")
	}
	if n := utf8.RuneCountInString(p); n > MaxPromptChars {
		return "", Errorf(EINVALID, "The prompt is %d characters long; the limit is %d.", n, MaxPromptChars)
	}
	return p, nil
}

// BattleStore persists battles and votes.
type BattleStore interface {
	// CreateBattle stores a new battle with its first turn.
	CreateBattle(ctx context.Context, b *Battle) error
	// AddTurn opens turn index of a battle with its prompt and the SHA-256s of its
	// images, if the battle is ready; images make it a vision battle.
	AddTurn(ctx context.Context, battleID string, index int, prompt string, images []string, now time.Time) error
	// FinishTurn stores both answers of a turn and the battle's resulting status.
	FinishTurn(ctx context.Context, battleID string, index int, a, b Answer, status BattleStatus, now time.Time) error
	// RegenerateAnswer reopens side ('a' or 'b') of the last turn, index, of a ready
	// battle for a new answer, if the side has been regenerated fewer than max times:
	// in one transaction the answer it replaces is kept apart (never shown to voters),
	// the side's count rises, its answer is emptied to streaming and the battle streams
	// again. A battle not ready, or whose side is at max, is ECONFLICT saying why.
	RegenerateAnswer(ctx context.Context, battleID string, index int, side byte, max int, now time.Time) error
	Battle(ctx context.Context, id string) (*Battle, error)
	// RecordVote stores a vote in one transaction: the vote with its quality verdict;
	// the battle marked voted, if it is the voter's and ready; the pair counters, only
	// when the vote counts; the battle flagged when the vote is excluded, gold or
	// self-identifying; the ledger entry, and a hold of the same amount when the voter
	// is under review. A second vote is ECONFLICT; with an idempotency key already used
	// by this voter it returns the first result.
	RecordVote(ctx context.Context, r VoteRecord) (*VoteResult, error)
	// StreamingBattles lists battles streaming and unchanged since before, e.g. left so
	// by a crash, so they can be failed.
	StreamingBattles(ctx context.Context, before time.Time) ([]string, error)
}

// PairCount is the outcome tally of one pair of models: the aggregate leaderboards fit.
type PairCount struct {
	A, B                        string
	WinsA, WinsB, Ties, BothBad int
}

// VotedBattle is a voted battle reduced to what rankings need.
type VotedBattle struct {
	ModelA, ModelB string
	Winner         Winner
	Time           time.Time
	Category       []string
	// Style is the battle's stored style (StoredStyle), when the store has it; TextA
	// and TextB are each side's answers across all turns, read for the style of a
	// battle stored without one (before BackfillStyles reached it).
	Style        *BattleStyle
	TextA, TextB string
	// Imported: the vote came from another arena's dataset. Language is the battle's
	// stored language code ("" when none was recorded), Turns its number of turns.
	Imported bool
	Language string
	Turns    int
	// Refusal: an answer of the battle declines the task (Refusal), as flagged with
	// its vote or by CheckRefusals; false while not checked yet.
	Refusal bool
	Arena   string // one of Arenas
}
