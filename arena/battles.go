package arena

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"errors"
	"fmt"
	"log/slog"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/arena-dev/arena/arena/images"
)

// ProviderSource gives the provider that serves a model.
type ProviderSource interface {
	For(m Model) (Provider, error)
}

// BattlesConfig is what a battle service is built from. Store, Models, Sampler,
// Providers and Clock are required; the rest may be left zero.
type BattlesConfig struct {
	Store     BattleStore
	Models    ModelStore
	Sampler   Sampler
	Providers ProviderSource
	Clock     Clock
	Log       *slog.Logger // slog.Default() when nil
	// VotePoints is the points credited for a vote when Rewards is nil.
	VotePoints int64
	// Rewards, if set, decides what each vote earns (VotePoints is then unused).
	Rewards VoteRewarder
	// RaterTier, if set, tells the voter's rater tier (see Raters), which sets the
	// reward range of their votes.
	RaterTier func(ctx context.Context, userID int64) (string, error)
	// VestingWindow is how long a vote's points stay pending, open to a clawback by a
	// confirmed review, before they vest; zero vests them at once.
	VestingWindow time.Duration
	// MaxAnswer caps one answer's whole duration; 5 minutes when zero.
	MaxAnswer time.Duration
	// OnVote, if set, is called after each recorded vote (leaderboards invalidate on it).
	OnVote func()
	// Quality, if set, scores votes, mixes in gold battles and moderates prompts; nil
	// counts every vote in the default tier.
	Quality *Quality
	// OnChange, if set, is called when a battle changes state (not on every streamed
	// word), so other servers can wake the pages following it.
	OnChange func(id string)
	// Observer hears battles, answers and votes for the metrics; none when nil.
	Observer Observer
	// StaleAfter is how long a battle may stay streaming before RecoverInterrupted takes
	// it for abandoned. Zero means at once: one server alone knows nothing streams
	// before it starts. Servers sharing a database must wait out the longest answer,
	// since a battle may be streaming on another of them.
	StaleAfter time.Duration
	// UserHash, if set, gives the opaque id sent to providers as the voter's (see
	// UserHasher); nil sends none.
	UserHash func(userID int64) string
	// DetectLanguage, if set, tells a prompt's language as an ISO 639-1 code ("und"
	// when it cannot), stored with the battle for the datasets' language column.
	DetectLanguage func(text string) string
	// Images, if set, keeps the images attached to prompts; nil refuses prompts with
	// images. ImageLimits bounds them (the package defaults when zero).
	Images      ImageStore
	ImageLimits images.Limits
	// ImageModeration, if set, checks a prompt's images before they are stored.
	ImageModeration *ImageModeration
	// Seed, if set, seeds the draws of gold battles and of their broken answers, so a
	// test or a simulation can repeat them; a random seed otherwise.
	Seed *[32]byte
	// Campaigns, if set, serves sponsored evaluation campaigns their share of the
	// anonymous battles; nil serves none.
	Campaigns *CampaignDraw
}

// Battles runs battles: it draws the pair, streams both answers, keeps watchers informed,
// and records votes. Answers stream under the service's own context, not a request's,
// so a closed tab loses nothing.
type Battles struct {
	c       BattlesConfig
	ctx     context.Context
	cancel  context.CancelCauseFunc
	mu      sync.Mutex
	closing bool // set by Drain and Close: no turn starts after it
	// running counts the goroutines Drain and Close wait for (turns streaming, prompts
	// being moderated); idlers are closed when it falls to zero.
	running int
	idlers  []chan struct{}
	live    map[string]*liveTurn           // turns streaming now
	watches map[string]map[*Watch]struct{} // by battle id
	rngMu   sync.Mutex
	rng     *mrand.Rand
	gold    sync.Map // battle id -> broken side ("a" or "b") of gold battles streaming
}

// NewBattles builds a battle service; Close stops what it streams.
func NewBattles(c BattlesConfig) *Battles {
	if c.Log == nil {
		c.Log = slog.Default()
	}
	if c.MaxAnswer == 0 {
		c.MaxAnswer = 5 * time.Minute
	}
	if c.Observer == nil {
		c.Observer = NopObserver{}
	}
	var seed [32]byte
	if c.Seed != nil {
		seed = *c.Seed
	} else {
		rand.Read(seed[:])
	}
	s := &Battles{
		c: c, live: map[string]*liveTurn{}, watches: map[string]map[*Watch]struct{}{},
		rng: mrand.New(mrand.NewChaCha8(seed)),
	}
	s.ctx, s.cancel = context.WithCancelCause(context.Background())
	return s
}

// liveTurn is the in-memory state of a turn whose answers are streaming.
type liveTurn struct {
	index int
	a, b  Answer
	side  [2]liveSide // a's and b's calls, for Stop
}

// liveSide is one side's call in a streaming turn: cancel ends it, stopped says its
// voter asked for that (Stop), and done is closed once the call has ended. A side not
// answering in this turn (the other side of a regeneration) has a nil done.
type liveSide struct {
	cancel  context.CancelFunc
	stopped bool
	done    chan struct{}
}

// answer is side's answer ('a' or 'b').
func (lt *liveTurn) answer(side byte) *Answer {
	if side == 'b' {
		return &lt.b
	}
	return &lt.a
}

// sideIndex is side's index in pairs such as Battle.Regenerated: 0 for 'a', 1 for 'b'.
func sideIndex(side byte) int {
	if side == 'b' {
		return 1
	}
	return 0
}

// ErrRestarting refuses a battle or turn while the server shuts down: its answers could
// not finish.
var ErrRestarting = &Error{Code: EUNAVAILABLE, Message: "The server is restarting; try again in a moment.", RetryAfter: 2 * time.Second}

// errInterrupted is why the answers Close cuts short end.
var errInterrupted = errors.New("interrupted: the server is stopping")

// interruptedText is what voters read of an interrupted answer.
const interruptedText = "Interrupted: the server restarted while this answer was streaming (not the model's failure)."

// Drain refuses new battles and turns (ErrRestarting) and waits, while ctx lasts, for
// the answers streaming to finish.
func (s *Battles) Drain(ctx context.Context) {
	select {
	case <-s.idle():
	case <-ctx.Done():
	}
}

// Close refuses new battles and turns, interrupts the answers still streaming, which are
// stored as AnswerInterrupted with the text they had, and waits while ctx lasts for
// them to be stored. A turn it could not store in time stays streaming in the store,
// for RecoverInterrupted to interrupt at the next start.
func (s *Battles) Close(ctx context.Context) {
	done := s.idle()
	s.cancel(errInterrupted)
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// idle stops new turns and returns a channel closed once nothing runs.
func (s *Battles) idle() <-chan struct{} {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closing = true
	done := make(chan struct{})
	if s.running == 0 {
		close(done)
	} else {
		s.idlers = append(s.idlers, done)
	}
	return done
}

// begin counts a goroutine Drain and Close wait for; s.mu must be held.
func (s *Battles) begin() { s.running++ }

// end counts one finished.
func (s *Battles) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.running--; s.running == 0 {
		for _, c := range s.idlers {
			close(c)
		}
		s.idlers = nil
	}
}

// RecoverInterrupted fails battles left streaming by a crash or a stop that could not
// store them: their answers were lost with the process, so they cannot be judged
// fairly. Their unfinished answers are stored as AnswerInterrupted, not the models'
// failures. Only battles unchanged for StaleAfter are taken, and never one streaming on
// this server.
func (s *Battles) RecoverInterrupted(ctx context.Context) (int, error) {
	ids, err := s.c.Store.StreamingBattles(ctx, s.c.Clock.Now().Add(-s.c.StaleAfter))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		s.mu.Lock()
		_, here := s.live[id]
		s.mu.Unlock()
		if here {
			continue
		}
		n++
		b, err := s.c.Store.Battle(ctx, id)
		if err != nil {
			return 0, err
		}
		t := b.Turns[len(b.Turns)-1]
		fail := func(a Answer) Answer {
			if a.Status == AnswerStreaming {
				a.Status, a.Error = AnswerInterrupted, interruptedText
			}
			return a
		}
		if err := s.c.Store.FinishTurn(ctx, id, len(b.Turns)-1, fail(t.A), fail(t.B), StatusFailed, s.c.Clock.Now()); err != nil {
			return 0, err
		}
		s.changed(id)
	}
	return n, nil
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// NewBattleID returns a fresh random battle id, as every new battle gets.
func NewBattleID() string {
	b := make([]byte, 10)
	rand.Read(b)
	return idEncoding.EncodeToString(b)
}

// BattleRequest is what a person asks for: a prompt, the mode, and the models they
// chose by name (none for a battle, two side by side, one for a direct chat).
type BattleRequest struct {
	Prompt string
	Mode   BattleMode
	Models []string
	// Images are the files attached to the prompt: with any, it is a vision battle,
	// which only vision-capable models answer, or with Output an image edit.
	Images []Upload
	// Output is what the models answer with: OutputText ("") for a text or vision
	// battle, OutputImage for a text-to-image battle (no image attached) or an image
	// edit (one attached), which only image models answer.
	Output string
	// Sponsored asks for a battle on a lab's held-out prompt instead of one's own (the
	// prompt is then left empty): the voter volunteers to rate a sponsored evaluation.
	Sponsored bool
	// avoid is a pair of model ids an anonymous battle should not draw again (Again's),
	// as long as the sampler can draw another; zero avoids nothing.
	avoid [2]int64
}

// Start draws two models for the prompt and starts streaming both answers: an
// anonymous battle.
func (s *Battles) Start(ctx context.Context, u *User, prompt string) (*Battle, error) {
	return s.StartWith(ctx, u, BattleRequest{Prompt: prompt, Mode: ModeBattle})
}

// StartWith starts a battle in the request's mode: an anonymous battle drawn by the
// sampler, a side-by-side battle of the two chosen models, or a direct chat with one.
func (s *Battles) StartWith(ctx context.Context, u *User, req BattleRequest) (*Battle, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "Battles need a guest or account identity.")
	}
	mode := req.Mode
	if mode == "" {
		mode = ModeBattle
	}
	if req.Sponsored && (mode != ModeBattle || len(req.Images) > 0 || strings.TrimSpace(req.Prompt) != "") {
		return nil, Errorf(EINVALID, "A sponsored evaluation is an anonymous battle on the lab's prompt: send no prompt, images or models.")
	}
	prompt := ""
	var err error
	if !req.Sponsored {
		if prompt, err = ValidatePrompt(req.Prompt); err != nil {
			return nil, err
		}
	}
	imgs, err := s.ingest(req.Images)
	if err != nil {
		return nil, err
	}
	kind, err := requestArena(req.Output, len(imgs))
	if err != nil {
		return nil, err
	}
	var a, b Model
	var pick *campaignPick
	lang := ""
	if d := s.c.Campaigns; d != nil && mode == ModeBattle && kind == ArenaText {
		if s.c.DetectLanguage != nil && !req.Sponsored {
			lang = s.c.DetectLanguage(prompt)
		}
		active, err := s.c.Models.ActiveModels(ctx)
		if err != nil {
			return nil, err
		}
		s.rngMu.Lock()
		pick, err = d.draw(ctx, u, prompt, lang, req.Sponsored, active, s.rng)
		s.rngMu.Unlock()
		if err != nil {
			return nil, err
		}
	}
	switch {
	case pick != nil:
		a, b = pick.a, pick.b
		if pick.bc.HeldOut() {
			prompt = pick.prompt
		}
	case req.Sponsored:
		return nil, Errorf(EUNAVAILABLE, "No sponsored evaluation is open to you now: they go to trusted and expert raters, within the arena's published share of battles.")
	default:
		if a, b, err = s.models(ctx, mode, req.Models, req.avoid, kind); err != nil {
			return nil, err
		}
	}
	now := s.c.Clock.Now()
	// Stored before the answers start: the providers read them from the store.
	if err := s.storeImages(ctx, imgs, now); err != nil {
		return nil, err
	}
	tags := TagPrompt(prompt)
	bt := &Battle{
		ID: NewBattleID(), UserID: u.ID, Mode: mode, Arena: kind, ModelA: a, ModelB: b, Status: StatusStreaming,
		Category: tags.Categories, LMArena: &tags.LMArena, Tagger: TaggerVersion, CreatedAt: now, UpdatedAt: now,
	}
	if pick != nil {
		bt.Campaign = &pick.bc
	}
	bt.Turns = []Turn{bt.newTurn(prompt, imageNames(imgs))}
	side := ""
	// Gold battles test anonymous voters; a voter who chose the models is not one. A
	// gold answer is a corrupted text, which an image answer has none of. A campaign
	// battle is never gold: the lab pays for a real comparison.
	if q := s.c.Quality; q != nil && mode == ModeBattle && !IsImageArena(kind) && pick == nil {
		qualifying, err := q.qualifying(ctx, u.ID)
		if err != nil {
			return nil, err
		}
		s.rngMu.Lock()
		side = q.goldDecision(s.rng.Float64, qualifying)
		s.rngMu.Unlock()
		if side != "" {
			s.gold.Store(bt.ID, side)
		}
	}
	// The answers start before the battle is stored: a model's first token takes far
	// longer than the write, so the write no longer delays it. The turn is stored only
	// once the battle is, and a battle that cannot be stored takes its answers with it.
	stored, err := s.stream(ctx, bt, 0, true, 0)
	if err != nil {
		s.gold.Delete(bt.ID)
		return nil, err
	}
	// Detected while the first tokens are on their way, not before they leave.
	if lang != "" {
		bt.Language = lang
	} else if s.c.DetectLanguage != nil {
		bt.Language = s.c.DetectLanguage(prompt)
	}
	if err := s.c.Store.CreateBattle(ctx, bt); err != nil {
		stored(false)
		return nil, err
	}
	stored(true)
	s.c.Observer.BattleStarted()
	if q := s.c.Quality; q != nil {
		if err := q.Store.MarkBattle(ctx, bt.ID, side, NormalizePrompt(prompt)); err != nil {
			return nil, err
		}
		s.moderate(bt.ID, prompt)
	}
	return bt, nil
}

// models picks the battle's models: the sampler's pair for a battle (redrawn while it is
// the pair avoid, a few times at most), the chosen active models otherwise (a direct
// chat's ModelB is left zero). A battle draws, and may choose, only models that answer
// in its arena (kind): a vision battle models that take images, an image arena models
// that draw, and a text battle no model that draws.
func (s *Battles) models(ctx context.Context, mode BattleMode, names []string, avoid [2]int64, kind string) (a, b Model, err error) {
	want := map[BattleMode]int{ModeBattle: 0, ModeSideBySide: 2, ModeDirect: 1}
	n, ok := want[mode]
	if !ok {
		return a, b, Errorf(EINVALID, "mode must be battle, side_by_side or direct; got %q.", mode)
	}
	for i := range names {
		names[i] = strings.TrimSpace(names[i])
	}
	switch {
	case mode == ModeBattle && len(names) > 0:
		return a, b, Errorf(EINVALID, "An anonymous battle draws its own models; to choose them, start a side-by-side battle.")
	case mode == ModeSideBySide && len(names) != 2:
		return a, b, Errorf(EINVALID, "Side by side needs exactly two models; got %d.", len(names))
	case mode == ModeDirect && len(names) != 1:
		return a, b, Errorf(EINVALID, "A direct chat needs exactly one model; got %d.", len(names))
	case n == 2 && strings.EqualFold(names[0], names[1]):
		return a, b, Errorf(EINVALID, "Choose two different models; %q was chosen twice.", names[0])
	}
	active, err := s.c.Models.ActiveModels(ctx)
	if err != nil {
		return a, b, err
	}
	if mode == ModeBattle {
		active = slices.DeleteFunc(active, func(m Model) bool { return !m.answersIn(kind) })
		if len(active) < 2 {
			return a, b, Errorf(EUNAVAILABLE, "%s needs two active models that %s; the arena has %d.",
				arenaPrompt[kind], arenaModels[kind], len(active))
		}
	}
	if mode == ModeBattle {
		s.rngMu.Lock()
		a, b, err = s.c.Sampler.Pair(active, s.rng)
		// Drawing again until the pair differs is the sampler's own distribution over
		// the other pairs; with two models there is no other, and the last draw stands.
		for n := 0; err == nil && avoid != [2]int64{} && samePair(a, b, avoid) && n < againRedraws; n++ {
			a, b, err = s.c.Sampler.Pair(active, s.rng)
		}
		s.rngMu.Unlock()
		if err == nil && a.ID == b.ID {
			err = Errorf(EINTERNAL, "The sampler drew a model against itself.")
		}
		return a, b, err
	}
	picked := make([]Model, n)
	for i, name := range names {
		if name == "" {
			return a, b, Errorf(EINVALID, "Choose a model for each side.")
		}
		k := slices.IndexFunc(active, func(m Model) bool { return m.Name == name })
		if k >= 0 && !active[k].answersIn(kind) {
			return a, b, Errorf(EINVALID, "Model %q %s.", name, arenaChoice(kind, active[k]))
		}
		if k >= 0 {
			picked[i] = active[k]
			continue
		}
		if _, err := s.c.Models.ModelByName(ctx, name); ErrorCode(err) == ENOTFOUND {
			return a, b, Errorf(EINVALID, "No model is named %q.", name)
		} else if err != nil {
			return a, b, err
		}
		return a, b, Errorf(EINVALID, "Model %q is not taking prompts now (it is paused, retired or awaiting approval); choose an active model.", name)
	}
	if mode == ModeDirect {
		return picked[0], Model{}, nil
	}
	return picked[0], picked[1], nil
}

// moderate checks a prompt in the background (a moderation endpoint may be slow) and
// flags its battle out of public datasets if the moderator objects.
func (s *Battles) moderate(id, prompt string) {
	m := s.c.Quality.Moderator
	if m == nil {
		return
	}
	s.mu.Lock()
	s.begin()
	s.mu.Unlock()
	go func() {
		defer s.end()
		ctx, cancel := context.WithTimeout(s.ctx, 30*time.Second)
		defer cancel()
		reason, err := m.Check(ctx, prompt)
		if err != nil {
			s.c.Log.Warn("could not moderate a prompt", "battle", id, "error", err)
			return
		}
		if reason == "" {
			return
		}
		if err := s.c.Quality.Store.ModerateBattle(context.WithoutCancel(ctx), id, reason); err != nil {
			s.c.Log.Error("could not flag a moderated battle", "battle", id, "error", err)
		}
	}()
}

// FollowUp adds a turn to a ready battle, with the images attached to it (none is
// fine); each model continues its own conversation. Images are taken in a vision
// battle, and in a battle whose models the voter chose when they all take images,
// which makes it a vision battle.
func (s *Battles) FollowUp(ctx context.Context, u *User, id, prompt string, ups []Upload) (*Battle, error) {
	prompt, err := ValidatePrompt(prompt)
	if err != nil {
		return nil, err
	}
	imgs, err := s.ingest(ups)
	if err != nil {
		return nil, err
	}
	b, err := s.own(ctx, u, id)
	if err != nil {
		return nil, err
	}
	s.overlayLive(b)
	if s.isClosing() {
		return nil, ErrRestarting
	}
	if b.Status == StatusReady && len(b.Turns) >= MaxTurns {
		return nil, Errorf(EINVALID, "A battle has at most %d turns; vote now or start a new battle.", MaxTurns)
	}
	switch {
	case IsImageArena(b.Arena):
		return nil, Errorf(EINVALID, "An image battle is one prompt and its two pictures; vote on them, or start a new battle.")
	case len(imgs) == 0 || b.TakesImages():
	case b.Mode.Anonymous():
		return nil, Errorf(EINVALID, "Images can be added only to a battle that started with images; start a new battle with them.")
	default:
		return nil, Errorf(EINVALID, "This battle's models do not all take images; send the follow-up without them, or start a new battle with the images.")
	}
	now := s.c.Clock.Now()
	if err := s.storeImages(ctx, imgs, now); err != nil {
		return nil, err
	}
	if err := s.c.Store.AddTurn(ctx, id, len(b.Turns), prompt, imageNames(imgs), now); err != nil {
		return nil, err
	}
	if len(imgs) > 0 {
		b.Arena = ArenaVision
	}
	b.Turns = append(b.Turns, b.newTurn(prompt, imageNames(imgs)))
	b.Status = StatusStreaming
	if q := s.c.Quality; q != nil {
		side, err := q.Store.GoldSide(ctx, id)
		if err != nil {
			return nil, err
		}
		if side != "" {
			s.gold.Store(id, side)
		}
		s.moderate(id, prompt)
	}
	if _, err := s.stream(ctx, b, len(b.Turns)-1, false, 0); err != nil {
		// The shutdown began since the check above: the turn stored as streaming is
		// interrupted at once rather than left for the next start.
		t := &b.Turns[len(b.Turns)-1]
		t.A = Answer{Status: AnswerInterrupted, Error: interruptedText}
		t.B = t.A
		if ferr := s.c.Store.FinishTurn(context.WithoutCancel(ctx), id, len(b.Turns)-1, t.A, t.B, StatusFailed, s.c.Clock.Now()); ferr != nil {
			s.c.Log.Error("could not store an interrupted turn", "battle", id, "error", ferr)
		}
		s.changed(id)
		return nil, err
	}
	return b, nil
}

func (s *Battles) isClosing() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closing
}

// Get returns a battle its owner may see. Another user's battle is ENOTFOUND, so ids
// cannot be probed.
func (s *Battles) Get(ctx context.Context, u *User, id string) (*Battle, error) {
	b, err := s.c.Store.Battle(ctx, id)
	if err != nil {
		return nil, err
	}
	if u == nil || (b.UserID != u.ID && !u.IsAdmin()) {
		return nil, Errorf(ENOTFOUND, "No such battle.")
	}
	s.overlayLive(b)
	return b, nil
}

// own returns a battle u may act on: only its owner's. Get lets administrators read
// any battle; acting on one would put words or a vote in another user's name, so an
// administrator is told why (EFORBIDDEN) while anyone else still sees ENOTFOUND.
func (s *Battles) own(ctx context.Context, u *User, id string) (*Battle, error) {
	b, err := s.c.Store.Battle(ctx, id)
	if err != nil {
		return nil, err
	}
	switch {
	case u != nil && b.UserID == u.ID:
		return b, nil
	case u.IsAdmin():
		return nil, Errorf(EFORBIDDEN, "Administrators may read this battle, but only its owner may continue it or vote on it.")
	}
	return nil, Errorf(ENOTFOUND, "No such battle.")
}

// overlayLive replaces a streaming turn's stored (empty) answers with the text so far.
func (s *Battles) overlayLive(b *Battle) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if lt, ok := s.live[b.ID]; ok && lt.index < len(b.Turns) && b.Status == StatusStreaming {
		b.Turns[lt.index].A, b.Turns[lt.index].B = lt.a, lt.b
	}
}

// stream runs the answering sides of turn index in the background and stores the turn
// when they have finished: every side of a new turn, or only one (a regeneration), the
// other keeping the answer b.Turns[index] has. For a battle not yet stored (unstored),
// the turn waits for the call of the returned function: true once the battle is stored,
// false if it could not be, which cancels the answers and stores nothing. Otherwise the
// function does nothing. The answers outlive the request (req), and keep only its id.
// Once the service is closing it starts nothing and returns ErrRestarting.
func (s *Battles) stream(req context.Context, b *Battle, index int, unstored bool, only byte) (stored func(ok bool), err error) {
	lt := &liveTurn{index: index, a: b.Turns[index].A, b: b.Turns[index].B}
	sides := b.Sides()
	if only != 0 {
		sides = []byte{only}
	}
	// Each side's call, made here under s.mu: Stop reads them from lt under it.
	sideCtx := make([]context.Context, len(sides))
	sideEnd := make([]func(), len(sides))
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		return nil, ErrRestarting
	}
	s.begin()
	ctx, cancel := context.WithCancel(WithRequestID(s.ctx, RequestID(req)))
	for k, side := range sides {
		ls := &lt.side[sideIndex(side)]
		sideCtx[k], ls.cancel = context.WithCancel(ctx)
		ls.done = make(chan struct{})
		cancelSide, done := ls.cancel, ls.done
		sideEnd[k] = func() { cancelSide(); close(done) }
	}
	s.live[b.ID] = lt
	s.mu.Unlock()
	gate := make(chan bool, 1)
	stored = func(ok bool) {
		if !ok {
			cancel()
		}
		gate <- ok
		if ok {
			s.changed(b.ID)
		}
	}
	if !unstored {
		stored(true)
		stored = func(bool) {}
	}
	// Each side says when its request has left (or its call ended without one).
	sent := make(chan struct{}, len(sides))
	go func() {
		defer s.end()
		defer cancel()
		var wg sync.WaitGroup
		for k, side := range sides {
			attempt := 0
			if only != 0 {
				attempt = b.Regenerated[sideIndex(side)]
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer sideEnd[k]()
				dispatched := sync.OnceFunc(func() { sent <- struct{}{} })
				defer dispatched()
				s.answer(WithDispatched(sideCtx[k], dispatched), b, index, side, attempt, lt)
			}()
		}
		wg.Wait()
		ok := <-gate
		s.mu.Lock()
		a, bb := lt.a, lt.b
		s.mu.Unlock()
		status := StatusReady
		// A direct chat's b side never answers: only the sides that do must be complete.
		if !a.Status.complete() || len(b.Sides()) == 2 && !bb.Status.complete() {
			status = StatusFailed
		}
		if ok {
			// Store under a fresh context: the service may be shutting down, and what came
			// back must still be kept.
			sctx, scancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer scancel()
			if err := s.c.Store.FinishTurn(sctx, b.ID, index, a, bb, status, s.c.Clock.Now()); err != nil {
				s.c.Log.Error("could not store a finished turn", "battle", b.ID, "turn", index, "error", err)
			}
			outcome := string(status)
			if (&Battle{Status: status, Turns: []Turn{{A: a, B: bb}}}).Interrupted() {
				outcome = AnswerCutShort
			}
			s.c.Observer.TurnEnded(outcome)
		}
		s.mu.Lock()
		delete(s.live, b.ID)
		s.mu.Unlock()
		s.gold.Delete(b.ID)
		if ok {
			s.changed(b.ID)
		}
	}()
	if unstored {
		// The caller stores the battle next, and on a busy server that write would run
		// before the answers' requests went out: the models would start later by as
		// much. Waiting for the requests puts the write in the time the models take to
		// answer, where it costs nothing. A request that has to wait for a connection
		// or a concurrency slot first is not waited for long.
		t := time.NewTimer(dispatchWait)
		defer t.Stop()
		for range sides {
			select {
			case <-sent:
			case <-t.C:
				return stored, nil
			}
		}
	}
	return stored, nil
}

// dispatchWait bounds how long a new battle's store waits for its answers' requests to
// leave (see stream).
const dispatchWait = 50 * time.Millisecond

// answer runs side's call of turn index, its attempt-th regeneration (0 for the first
// answer), and keeps what comes in lt.
func (s *Battles) answer(turn context.Context, b *Battle, index int, side byte, attempt int, lt *liveTurn) {
	m, ans := b.ModelA, lt.answer(side)
	if side == 'b' {
		m = b.ModelB
	}
	// fail tells voters msg, and keeps the failure in full for the model's lab.
	fail := func(msg string, f *AnswerFailure) {
		f.BattleID, f.Turn, f.Side = b.ID, index, string(side)
		s.mu.Lock()
		ans.Status, ans.Error, ans.Failure = AnswerFailed, msg, f
		s.mu.Unlock()
		s.notify(b.ID) // in memory only: other servers hear when the turn is stored
	}
	p, err := s.c.Providers.For(m)
	if err != nil {
		kind := AnswerFailureKind(err)
		s.c.Observer.AnswerEnded(m.Name, kind, 0, 0)
		s.c.Log.Warn("model misconfigured", "model", m.Name, "battle", b.ID, "error", err)
		fail(failureText(side, ReasonMisconfigured), newAnswerFailure(kind, err, "", s.c.Clock.Now()))
		return
	}
	if g, ok := s.gold.Load(b.ID); ok && g.(string) == string(side) {
		// A gold battle: this side streams a corrupted version of the real answer.
		p = goldProvider{p: p, r: func(n int) int {
			s.rngMu.Lock()
			defer s.rngMu.Unlock()
			return s.rng.IntN(n)
		}}
	}
	// The provider adds the model's system prompt and settings: the conversation alone
	// goes here, so the prompt is sent once (the endpoint check relies on the same).
	msgs, err := s.withImages(turn, b.Conversation(side))
	if err != nil {
		s.c.Observer.AnswerEnded(m.Name, AnswerFailureKind(err), 0, 0)
		s.c.Log.Error("could not read a prompt's images", "battle", b.ID, "error", err)
		fail(failureText(side, FailureReason(err)), newAnswerFailure(AnswerFailureKind(err), err, "", s.c.Clock.Now()))
		return
	}
	req := ChatRequest{Messages: msgs, Attempt: attempt}
	if s.c.UserHash != nil {
		req.User = s.c.UserHash(b.UserID)
	}
	if id := RequestID(turn); id != "" {
		// Each call's own id, which the provider sees, names the request it came from.
		turn = WithRequestID(turn, id+"-"+string(side))
	}
	ctx, cancel := context.WithTimeout(turn, s.c.MaxAnswer)
	defer cancel()
	c, err := p.Stream(ctx, req, func(d Delta) {
		s.mu.Lock()
		if d.Kind == DeltaReasoning {
			// Live like the answer, so the voter can read it as it comes; the web
			// layer leaves it out when reasoning is hidden.
			ans.Reasoning += d.Text
		} else {
			ans.Text += d.Text
		}
		s.mu.Unlock()
		s.notify(b.ID)
	})
	if err != nil {
		// Voters see why in words that name neither the model nor its endpoint; the
		// full error, which may name both, goes to the log.
		msg, kind := failureText(side, FailureReason(err)), AnswerFailureKind(err)
		if ctx.Err() != nil && s.ctx.Err() != nil {
			// Interrupted by Close: keep what came, under a status of its own.
			s.c.Observer.AnswerEnded(m.Name, AnswerCutShort, c.FirstToken, c.Total)
			s.c.Log.Info("answer interrupted by the shutdown", "model", m.Name, "battle", b.ID, "side", string(side),
				"request_id", c.RequestID)
			s.mu.Lock()
			ans.Status, ans.Error = AnswerInterrupted, interruptedText
			ans.FirstToken, ans.Total = c.FirstToken, c.Total
			s.mu.Unlock()
			s.notify(b.ID)
			return
		} else if ctx.Err() != nil && s.stopped(lt, side) {
			// Stopped by its voter: what arrived is the answer, and the model failed
			// nothing (no failure recorded, nothing its lab is told of).
			s.c.Observer.AnswerEnded(m.Name, AnswerStoppedByVoter, c.FirstToken, c.Total)
			s.mu.Lock()
			ans.Status = AnswerStopped
			ans.PromptTokens, ans.CompletionTokens = c.Usage.PromptTokens, c.Usage.CompletionTokens
			ans.FirstToken, ans.Total = c.FirstToken, c.Total
			s.mu.Unlock()
			s.notify(b.ID)
			return
		} else if ctx.Err() != nil {
			msg, kind = failureText(side, ReasonTooSlow), AnswerTimeout
		}
		s.c.Observer.AnswerEnded(m.Name, kind, c.FirstToken, c.Total)
		s.c.Log.Warn("model call failed", "model", m.Name, "battle", b.ID, "side", string(side),
			"request_id", c.RequestID, "error", err)
		fail(msg, newAnswerFailure(kind, err, c.RequestID, s.c.Clock.Now()))
		return
	}
	var drawn []string
	if len(c.Images) > 0 {
		if drawn, err = s.storeAnswerImages(turn, c.Images, s.c.Clock.Now()); err != nil {
			s.c.Observer.AnswerEnded(m.Name, AnswerFailureKind(err), c.FirstToken, c.Total)
			s.c.Log.Error("could not store a model's images", "model", m.Name, "battle", b.ID, "error", err)
			fail(failureText(side, FailureReason(err)), newAnswerFailure(AnswerFailureKind(err), err, c.RequestID, s.c.Clock.Now()))
			return
		}
	}
	if strings.TrimSpace(c.Text) == "" && len(drawn) == 0 {
		// Nothing to judge: a blank pane must not be voted on. Reasoning models do
		// this when they spend every token thinking.
		reason := ReasonNoAnswer
		if c.FinishReason == "length" {
			reason = ReasonNoAnswerLength
		}
		s.c.Observer.AnswerEnded(m.Name, AnswerEmpty, c.FirstToken, c.Total)
		s.c.Log.Warn("model returned no answer", "model", m.Name, "battle", b.ID, "side", string(side),
			"request_id", c.RequestID, "finish_reason", c.FinishReason, "reasoning_chars", len(c.Reasoning))
		s.mu.Lock()
		ans.Text, ans.Reasoning, ans.FinishReason = "", c.Reasoning, c.FinishReason
		ans.PromptTokens, ans.CompletionTokens = c.Usage.PromptTokens, c.Usage.CompletionTokens
		ans.FirstToken, ans.Total = c.FirstToken, c.Total
		s.mu.Unlock()
		f := newAnswerFailure(AnswerEmpty, nil, c.RequestID, s.c.Clock.Now())
		f.Detail = fmt.Sprintf("The endpoint's answer had no text (finish_reason %q, %d characters of reasoning, %d completion tokens).",
			c.FinishReason, len(c.Reasoning), c.Usage.CompletionTokens)
		fail(failureText(side, reason), f)
		return
	}
	s.mu.Lock()
	ans.Text, ans.Reasoning, ans.FinishReason, ans.Images = c.Text, c.Reasoning, c.FinishReason, drawn
	ans.Status = AnswerDone
	ans.PromptTokens, ans.CompletionTokens = c.Usage.PromptTokens, c.Usage.CompletionTokens
	ans.FirstToken, ans.Total = c.FirstToken, c.Total
	s.mu.Unlock()
	s.c.Observer.AnswerEnded(m.Name, AnswerOK, c.FirstToken, c.Total)
	s.notify(b.ID) // in memory only: other servers hear when the turn is stored
}

// VoteRewarder decides the points a vote earns. The rule is applied by the store inside
// the vote's transaction, where the voter's earlier earnings are read.
type VoteRewarder interface {
	VoteReward(battleID, tier, raterTier string) (RewardRule, error)
}

// VoteTierDefault is the quality tier of every vote until votes are scored.
const VoteTierDefault = "middle"

// VoteInput is what a voter sends.
type VoteInput struct {
	Winner         Winner
	Reasons        []string
	Comment        string
	IdempotencyKey string
	// Publish is the voter's publication decision for this battle; nil takes their
	// account's setting.
	Publish *bool
}

// Vote records u's vote on battle id and reveals the models.
func (s *Battles) Vote(ctx context.Context, u *User, id string, in VoteInput) (*VoteResult, error) {
	if u == nil {
		return nil, Errorf(EUNAUTHORIZED, "Voting needs a guest or account identity.")
	}
	if !in.Winner.Valid() {
		return nil, Errorf(EINVALID, "winner must be one of model_a, model_b, tie or both_bad; got %q.", in.Winner)
	}
	var reasons []string
	for _, r := range in.Reasons {
		r = strings.TrimSpace(strings.ToLower(r))
		if r == "" || slices.Contains(reasons, r) {
			continue
		}
		if !slices.Contains(Reasons, r) {
			return nil, Errorf(EINVALID, "Unknown reason %q; reasons are: %s.", r, strings.Join(Reasons, ", "))
		}
		reasons = append(reasons, r)
	}
	comment := strings.TrimSpace(in.Comment)
	if utf8.RuneCountInString(comment) > MaxCommentChars {
		return nil, Errorf(EINVALID, "Comments are at most %d characters.", MaxCommentChars)
	}
	if len(in.IdempotencyKey) > 200 {
		return nil, Errorf(EINVALID, "Idempotency keys are at most 200 characters.")
	}
	// Score the vote first: its tier sets the reward, and the verdict is written with
	// the vote in its one transaction. A battle not ready to vote on is left unscored:
	// the store refuses the vote with the reason, or returns an idempotent replay.
	b, err := s.own(ctx, u, id)
	if err != nil {
		return nil, err
	}
	if !b.Mode.Voted() {
		return nil, Errorf(ECONFLICT, "A direct chat has no vote; start a battle or a side-by-side battle to compare models.")
	}
	q, evidence := DefaultVoteQuality(), []string(nil)
	if s.c.Quality != nil && b.Status == StatusReady {
		if q, evidence, err = s.c.Quality.Assess(ctx, u, b, in.Winner); err != nil {
			return nil, err
		}
	}
	rec := VoteRecord{
		Vote: &Vote{BattleID: id, UserID: u.ID, Winner: in.Winner, Reasons: reasons, Comment: comment, Points: s.c.VotePoints, CreatedAt: s.c.Clock.Now(),
			Publish: in.Publish},
		IdempotencyKey: in.IdempotencyKey, Quality: q, Refusal: b.Refuses(),
	}
	if s.c.VestingWindow > 0 {
		rec.VestsAt = rec.Vote.CreatedAt.Add(s.c.VestingWindow)
	}
	// The tier is read before the vote is written, so the vote stores the tier its
	// reward was drawn under, not one its own score has since moved.
	if s.c.RaterTier != nil {
		if rec.RaterTier, err = s.c.RaterTier(ctx, u.ID); err != nil {
			return nil, err
		}
	}
	// Points pay for anonymous judgement, the only kind the main board counts: a vote
	// on models chosen by name earns nothing, so nobody farms points picking pairs.
	if !b.Mode.Anonymous() {
		rec.Vote.Points = 0
	} else if s.c.Rewards != nil {
		rule, err := s.c.Rewards.VoteReward(id, q.Tier, rec.RaterTier)
		if err != nil {
			return nil, err
		}
		rec.Vote.Points, rec.Reward = 0, &rule
	}
	r, err := s.c.Store.RecordVote(ctx, rec)
	if err != nil {
		return nil, err
	}
	s.c.Observer.VoteRecorded(in.Winner, q.Counted())
	if len(evidence) > 0 {
		now := s.c.Clock.Now()
		if _, err := s.c.Quality.Store.FlagUser(ctx, u.ID, evidence, now, now.Add(-s.c.Quality.grace())); err != nil {
			s.c.Log.Error("could not flag a voter for review", "user", u.ID, "error", err)
		}
	}
	s.changed(id)
	if s.c.OnVote != nil {
		s.c.OnVote()
	}
	return r, nil
}
