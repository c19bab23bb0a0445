package arena

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"log/slog"
	"math"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/arena-dev/arena/ranking"
)

// LabRole is what a member may do in a lab.
type LabRole string

// Lab roles: an owner also adds members and makes invitation links.
const (
	LabOwner  LabRole = "owner"
	LabMember LabRole = "member"
)

// Lab is an organisation that registers models of its own.
type Lab struct {
	ID        int64
	Name      string
	CreatedAt time.Time
	Role      LabRole // the viewer's role, where a listing says; "" otherwise
}

// LabMemberInfo is one member of a lab.
type LabMemberInfo struct {
	UserID   int64
	Username string
	Role     LabRole
	AddedAt  time.Time
}

// ModelStatus is where a model is in its life. Only active models are drawn into
// battles (the models.active flag follows the status).
type ModelStatus string

// Model statuses.
const (
	ModelPending ModelStatus = "pending" // registered, awaiting a working endpoint check and approval
	ModelActive  ModelStatus = "active"
	ModelPaused  ModelStatus = "paused" // by its lab, an admin, or automatically after failures
	ModelRetired ModelStatus = "retired"
)

// Licences a lab may declare.
const (
	LicenseOpen        = "open"
	LicenseProprietary = "proprietary"
)

// LabKeyEnvPrefix marks a model whose API key is stored encrypted in the database: its
// APIKeyEnv is this prefix and the model id, which Labs.Getenv resolves.
const LabKeyEnvPrefix = "arena-lab-key:"

// EndpointCheck is the result of a real call to a model's endpoint.
type EndpointCheck struct {
	At      time.Time
	OK      bool
	Latency time.Duration
	Message string // the start of the answer, or what went wrong
}

// LabModel is a model with what labs and admins see of it. It never holds the API key.
type LabModel struct {
	Model
	LabID         int64 // 0 for the operator's own models
	LabName       string
	Status        ModelStatus
	StatusReason  string
	StatusAt      time.Time
	License       string
	OutputsPublic bool
	HasKey        bool
	Check         EndpointCheck
	ApprovedAt    time.Time
}

// LabModelInput is what a lab enters to register a model.
type LabModelInput struct {
	Name, Organization, BaseURL, ModelID string
	APIKey                               string
	License                              string
	OutputsPublic                        bool
	Temperature                          float64
	MaxTokens                            int
	SystemPrompt                         string
	TimeoutSeconds                       int
	MaxConcurrency                       int
}

// LabInvite is an invitation link's stored form: only the token's hash is kept.
type LabInvite struct {
	TokenHash []byte
	LabID     int64
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// CategoryVotes counts a model's votes in one category.
type CategoryVotes struct {
	Category          string
	Votes, Wins, Ties int64
	Losses            int64
}

// ReasonCount is how often voters ticked a reason when this model won, and when it lost.
type ReasonCount struct {
	Reason    string
	Won, Lost int64
}

// SampleBattle is a voted battle of a model whose terms allow showing it.
type SampleBattle struct {
	ID       string
	Prompt   string
	AnswerA  string
	AnswerB  string
	ModelA   string
	ModelB   string
	Winner   Winner
	Reasons  []string
	VotedAt  time.Time
	Category []string
}

// LabBattleRow is one voted battle of a lab's model, for its CSV download.
type LabBattleRow struct {
	BattleID string
	VotedAt  time.Time
	Model    string // the lab's model
	Opponent string
	Side     string // "a" or "b"
	Result   string // win, loss, tie, both_bad (for the lab's model)
	Category []string
	Reasons  []string
	Turns    int
	// Prompt and Answer (the lab's model's first answer) are filled only when the voter
	// consented to publication.
	Prompt, Answer string
}

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

// LabStore persists labs, lab models, keys, checks and snapshots.
type LabStore interface {
	CreateLab(ctx context.Context, name string, ownerID int64, now time.Time) (*Lab, error)
	LabByID(ctx context.Context, id int64) (*Lab, error)
	AllLabs(ctx context.Context) ([]Lab, error)
	LabsOfUser(ctx context.Context, userID int64) ([]Lab, error)
	// LabRoleOf is the user's role in the lab, "" for none.
	LabRoleOf(ctx context.Context, labID, userID int64) (LabRole, error)
	LabMembers(ctx context.Context, labID int64) ([]LabMemberInfo, error)
	// AddLabMember adds (or changes the role of) a member, and gives a plain user the
	// lab role.
	AddLabMember(ctx context.Context, labID, userID int64, role LabRole, now time.Time) error
	CreateLabInvite(ctx context.Context, inv LabInvite) error
	// RedeemLabInvite uses an unexpired, unused invitation for userID and returns its lab.
	RedeemLabInvite(ctx context.Context, tokenHash []byte, userID int64, now time.Time) (int64, error)

	// CreateLabModel stores a pending model; sealKey, given the new model's id, returns
	// the encrypted API key to store with it (nil for none).
	CreateLabModel(ctx context.Context, m *LabModel, sealKey func(id int64) []byte) error
	LabModel(ctx context.Context, id int64) (*LabModel, error)
	// LabModels lists a lab's models; labID 0 lists every model.
	LabModels(ctx context.Context, labID int64) ([]LabModel, error)
	SetModelStatus(ctx context.Context, id int64, status ModelStatus, reason string, now time.Time) error
	// PauseIfActive pauses an active model and reports whether it did.
	PauseIfActive(ctx context.Context, id int64, reason string, now time.Time) (bool, error)
	SetModelCheck(ctx context.Context, id int64, c EndpointCheck) error
	SetModelApproved(ctx context.Context, id int64, now time.Time) error
	SetModelKey(ctx context.Context, id int64, sealed []byte, now time.Time) error
	ModelKey(ctx context.Context, id int64) ([]byte, error)

	ModelCategoryVotes(ctx context.Context, modelID int64) ([]CategoryVotes, error)
	ModelReasons(ctx context.Context, modelID int64) ([]ReasonCount, error)
	SampleBattles(ctx context.Context, modelID int64, limit int) ([]SampleBattle, error)
	LabBattles(ctx context.Context, labID int64, fn func(*LabBattleRow) error) error

	// SnapshotVotes calls fn for each of this arena's own votes ordered by battle id
	// (bytewise), from one consistent read.
	SnapshotVotes(ctx context.Context, fn func(SnapshotVote) error) error
	SaveSnapshot(ctx context.Context, s *Snapshot) error
	Snapshots(ctx context.Context, limit int) ([]Snapshot, error)
	Snapshot(ctx context.Context, id int64) (*Snapshot, error)
	RatingHistory(ctx context.Context, model string, limit int) ([]RatingPoint, error)
}

// Labs is the service behind the lab pages: labs and their members, model registration
// with encrypted keys and endpoint checks, approval and the model lifecycle, automatic
// pausing of failing models, and leaderboard snapshots.
type Labs struct {
	Store LabStore
	Users UserStore
	Clock Clock
	Log   *slog.Logger
	// Box encrypts API keys; nil means keys cannot be stored (the operator gave no
	// secret key) and models can only use endpoints that need none.
	Box *SecretBox
	// CheckURL refuses endpoint URLs the arena must not call (the SSRF guard); nil
	// checks only the scheme.
	CheckURL func(ctx context.Context, url string) error
	// Connect builds a provider for a model with the given key, for endpoint checks.
	Connect func(m Model, apiKey string) (Provider, error)
	// PauseAfter consecutive failed calls pause a model (5 when zero); so does a failure
	// rate over FailureRate (0.5 when zero) among the last Window calls (20 when zero),
	// once the window is full.
	PauseAfter  int
	Window      int
	FailureRate float64
	// OnChange is called when a model's status changes (the sampler refreshes on it).
	OnChange func()
	// OnKeyChange, if set, is called after a model's API key is replaced, so other
	// servers can forget the key they decrypted (see ForgetKey).
	OnKeyChange func(id int64)

	mu     sync.Mutex
	keys   map[int64]string
	health map[int64]*modelHealth
}

type modelHealth struct {
	consecutive int
	recent      []bool // true = failed, ring of the last Window calls
	next        int
	filled      bool
	lastError   string
}

func (l *Labs) log() *slog.Logger {
	if l.Log == nil {
		return slog.Default()
	}
	return l.Log
}

func (l *Labs) changed() {
	if l.OnChange != nil {
		l.OnChange()
	}
}

func signedIn(u *User) error {
	if u == nil || u.Guest {
		return Errorf(EUNAUTHORIZED, "Log in with an account to use the lab pages.")
	}
	return nil
}

// CreateLab makes a lab owned by the user named owner. Admins only.
func (l *Labs) CreateLab(ctx context.Context, actor *User, name, owner string) (*Lab, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if !actor.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only administrators create labs.")
	}
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 80 {
		return nil, Errorf(EINVALID, "A lab name is 1 to 80 characters.")
	}
	u, err := l.Users.UserByName(ctx, strings.TrimSpace(owner))
	if err != nil {
		return nil, Errorf(EINVALID, "No user is named %q; the owner must sign up first.", owner)
	}
	return l.Store.CreateLab(ctx, name, u.ID, l.Clock.Now())
}

// VisibleLabs lists the labs actor belongs to, or every lab for an admin.
func (l *Labs) VisibleLabs(ctx context.Context, actor *User) ([]Lab, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if actor.IsAdmin() {
		return l.Store.AllLabs(ctx)
	}
	return l.Store.LabsOfUser(ctx, actor.ID)
}

// roleIn returns actor's role in the lab; admins act as owners. Someone with no role
// gets ENOTFOUND, so lab ids cannot be probed.
func (l *Labs) roleIn(ctx context.Context, actor *User, labID int64) (LabRole, error) {
	if err := signedIn(actor); err != nil {
		return "", err
	}
	if actor.IsAdmin() {
		if _, err := l.Store.LabByID(ctx, labID); err != nil {
			return "", err
		}
		return LabOwner, nil
	}
	r, err := l.Store.LabRoleOf(ctx, labID, actor.ID)
	if err != nil {
		return "", err
	}
	if r == "" {
		return "", Errorf(ENOTFOUND, "No such lab.")
	}
	return r, nil
}

// Lab returns a lab actor may see, with actor's role in it.
func (l *Labs) Lab(ctx context.Context, actor *User, id int64) (*Lab, error) {
	r, err := l.roleIn(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	lab, err := l.Store.LabByID(ctx, id)
	if err != nil {
		return nil, err
	}
	lab.Role = r
	return lab, nil
}

// Members lists a lab's members.
func (l *Labs) Members(ctx context.Context, actor *User, labID int64) ([]LabMemberInfo, error) {
	if _, err := l.roleIn(ctx, actor, labID); err != nil {
		return nil, err
	}
	return l.Store.LabMembers(ctx, labID)
}

func (l *Labs) requireOwner(ctx context.Context, actor *User, labID int64) error {
	r, err := l.roleIn(ctx, actor, labID)
	if err != nil {
		return err
	}
	if r != LabOwner {
		return Errorf(EFORBIDDEN, "Only the lab's owners and administrators can do that.")
	}
	return nil
}

// AddMember adds an existing user to a lab by username. Owners and admins only.
func (l *Labs) AddMember(ctx context.Context, actor *User, labID int64, username string, role LabRole) error {
	if err := l.requireOwner(ctx, actor, labID); err != nil {
		return err
	}
	if role != LabOwner && role != LabMember {
		return Errorf(EINVALID, "A member's role is owner or member.")
	}
	u, err := l.Users.UserByName(ctx, strings.TrimSpace(username))
	if err != nil {
		return Errorf(EINVALID, "No user is named %q; they must sign up first (or send them an invitation link).", username)
	}
	return l.Store.AddLabMember(ctx, labID, u.ID, role, l.Clock.Now())
}

// InviteTTL is how long an invitation link works.
const InviteTTL = 7 * 24 * time.Hour

// Invite makes a single-use invitation link token for a lab. Owners and admins only.
// The token is shown once; only its hash is stored.
func (l *Labs) Invite(ctx context.Context, actor *User, labID int64) (string, error) {
	if err := l.requireOwner(ctx, actor, labID); err != nil {
		return "", err
	}
	b := make([]byte, 20)
	rand.Read(b)
	tok := idEncoding.EncodeToString(b)
	now := l.Clock.Now()
	h := sha256.Sum256([]byte(tok))
	err := l.Store.CreateLabInvite(ctx, LabInvite{TokenHash: h[:], LabID: labID, CreatedBy: actor.ID, CreatedAt: now, ExpiresAt: now.Add(InviteTTL)})
	return tok, err
}

// Join redeems an invitation token for actor, who becomes a member.
func (l *Labs) Join(ctx context.Context, actor *User, token string) (*Lab, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	h := sha256.Sum256([]byte(strings.TrimSpace(token)))
	id, err := l.Store.RedeemLabInvite(ctx, h[:], actor.ID, l.Clock.Now())
	if err != nil {
		return nil, err
	}
	return l.Store.LabByID(ctx, id)
}

// Model returns a model actor may manage: one of their lab's, or any for an admin.
func (l *Labs) Model(ctx context.Context, actor *User, id int64) (*LabModel, LabRole, error) {
	if err := signedIn(actor); err != nil {
		return nil, "", err
	}
	m, err := l.Store.LabModel(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if actor.IsAdmin() {
		return m, LabOwner, nil
	}
	if m.LabID == 0 {
		return nil, "", Errorf(ENOTFOUND, "No such model.")
	}
	r, err := l.Store.LabRoleOf(ctx, m.LabID, actor.ID)
	if err != nil {
		return nil, "", err
	}
	if r == "" {
		return nil, "", Errorf(ENOTFOUND, "No such model.")
	}
	return m, r, nil
}

// Models lists a lab's models.
func (l *Labs) Models(ctx context.Context, actor *User, labID int64) ([]LabModel, error) {
	if _, err := l.roleIn(ctx, actor, labID); err != nil {
		return nil, err
	}
	return l.Store.LabModels(ctx, labID)
}

// Pending lists models awaiting approval. Admins only.
func (l *Labs) Pending(ctx context.Context, actor *User) ([]LabModel, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if !actor.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only administrators approve models.")
	}
	all, err := l.Store.LabModels(ctx, 0)
	if err != nil {
		return nil, err
	}
	var out []LabModel
	for _, m := range all {
		if m.Status == ModelPending {
			out = append(out, m)
		}
	}
	return out, nil
}

func keyContext(id int64) string { return "arena model api key " + strconv.FormatInt(id, 10) }

// RegisterModel stores a lab's new model as pending, with its key encrypted, and checks
// its endpoint with a real call. The model goes live only when an admin approves it.
func (l *Labs) RegisterModel(ctx context.Context, actor *User, labID int64, in LabModelInput) (*LabModel, error) {
	lab, err := l.Lab(ctx, actor, labID)
	if err != nil {
		return nil, err
	}
	m := &LabModel{
		Model: Model{Name: strings.TrimSpace(in.Name), Organization: strings.TrimSpace(in.Organization), Provider: ProviderOpenAI,
			BaseURL: strings.TrimSpace(in.BaseURL), ModelID: strings.TrimSpace(in.ModelID), Temperature: in.Temperature,
			MaxTokens: in.MaxTokens, SystemPrompt: in.SystemPrompt, Timeout: time.Duration(in.TimeoutSeconds) * time.Second,
			MaxConcurrency: in.MaxConcurrency, CreatedAt: l.Clock.Now()},
		LabID: labID, LabName: lab.Name, Status: ModelPending, License: in.License, OutputsPublic: in.OutputsPublic,
	}
	if m.Organization == "" {
		m.Organization = lab.Name
	}
	if m.Timeout == 0 {
		m.Timeout = 60 * time.Second
	}
	if err := ValidateModel(&m.Model); err != nil {
		return nil, err
	}
	if in.License != LicenseOpen && in.License != LicenseProprietary {
		return nil, Errorf(EINVALID, "The licence is open or proprietary.")
	}
	if in.TimeoutSeconds < 0 || in.TimeoutSeconds > 600 {
		return nil, Errorf(EINVALID, "The timeout is 1 to 600 seconds.")
	}
	if err := l.checkURL(ctx, m.BaseURL); err != nil {
		return nil, err
	}
	key := strings.TrimSpace(in.APIKey)
	if key != "" && l.Box == nil {
		return nil, Errorf(EUNAVAILABLE, "This arena cannot store API keys: its operator has not configured a secret key (--secret-key-file or ARENA_SECRET_KEY).")
	}
	var seal func(int64) []byte
	if key != "" {
		seal = func(id int64) []byte { return l.Box.Seal(key, keyContext(id)) }
	}
	if err := l.Store.CreateLabModel(ctx, m, seal); err != nil {
		return nil, err
	}
	m.HasKey = key != ""
	if key != "" {
		l.mu.Lock()
		if l.keys == nil {
			l.keys = map[int64]string{}
		}
		l.keys[m.ID] = key
		l.mu.Unlock()
	}
	c := l.check(ctx, m)
	m.Check = c
	return m, nil
}

func (l *Labs) checkURL(ctx context.Context, u string) error {
	if l.CheckURL == nil {
		if !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			return Errorf(EINVALID, "The base URL must be an http(s) URL.")
		}
		return nil
	}
	if err := l.CheckURL(ctx, u); err != nil {
		return Errorf(EINVALID, "The arena will not call this endpoint: %v", err)
	}
	return nil
}

// check calls the model's endpoint once and stores the result.
func (l *Labs) check(ctx context.Context, m *LabModel) EndpointCheck {
	c := EndpointCheck{At: l.Clock.Now()}
	start := time.Now()
	err := func() error {
		if err := l.checkURL(ctx, m.BaseURL); err != nil {
			return err
		}
		if l.Connect == nil {
			return Errorf(EUNAVAILABLE, "Endpoint checks are not configured.")
		}
		key, err := l.apiKey(ctx, m.ID)
		if err != nil {
			return err
		}
		p, err := l.Connect(m.Model, key)
		if err != nil {
			return err
		}
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		out, err := p.Stream(cctx, ChatRequest{Messages: []Message{{Role: "user", Content: "This is an availability check from the arena. Reply with one short sentence."}}, MaxTokens: 32}, func(string) {})
		if err != nil {
			return err
		}
		if strings.TrimSpace(out.Text) == "" {
			return Errorf(EUNAVAILABLE, "The endpoint answered with no text.")
		}
		c.Message = truncate(out.Text, 200)
		return nil
	}()
	c.Latency = time.Since(start)
	if err != nil {
		c.Message = truncate(ErrorMessage(err), 300)
		if ErrorCode(err) == EINTERNAL {
			c.Message = truncate(err.Error(), 300)
		}
	} else {
		c.OK = true
	}
	if err := l.Store.SetModelCheck(context.WithoutCancel(ctx), m.ID, c); err != nil {
		l.log().Warn("could not store an endpoint check", "model", m.Name, "error", err)
	}
	return c
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// CheckModel calls a model's endpoint now and stores the result.
func (l *Labs) CheckModel(ctx context.Context, actor *User, id int64) (EndpointCheck, error) {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return EndpointCheck{}, err
	}
	return l.check(ctx, m), nil
}

// Approve puts a pending model live. Admins only, and only after a successful check.
func (l *Labs) Approve(ctx context.Context, actor *User, id int64) error {
	if err := signedIn(actor); err != nil {
		return err
	}
	if !actor.IsAdmin() {
		return Errorf(EFORBIDDEN, "Only administrators approve models.")
	}
	m, err := l.Store.LabModel(ctx, id)
	if err != nil {
		return err
	}
	if m.Status != ModelPending {
		return Errorf(ECONFLICT, "Only a pending model can be approved; this one is %s.", m.Status)
	}
	if !m.Check.OK {
		return Errorf(ECONFLICT, "The model's last endpoint check did not succeed; check it again before approving.")
	}
	if err := l.Store.SetModelApproved(ctx, id, l.Clock.Now()); err != nil {
		return err
	}
	l.resetHealth(id)
	l.changed()
	return nil
}

// Pause takes an active model out of sampling.
func (l *Labs) Pause(ctx context.Context, actor *User, id int64) error {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return err
	}
	if m.Status != ModelActive {
		return Errorf(ECONFLICT, "Only an active model can be paused; this one is %s.", m.Status)
	}
	if err := l.Store.SetModelStatus(ctx, id, ModelPaused, "Paused by "+actor.Name()+".", l.Clock.Now()); err != nil {
		return err
	}
	l.changed()
	return nil
}

// Resume puts a paused model back into sampling after a successful endpoint check. Its
// lab may resume a model an admin approved before; a never-approved model needs an admin.
func (l *Labs) Resume(ctx context.Context, actor *User, id int64) error {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return err
	}
	if m.Status != ModelPaused {
		return Errorf(ECONFLICT, "Only a paused model can be resumed; this one is %s.", m.Status)
	}
	if m.ApprovedAt.IsZero() && m.LabID != 0 && !actor.IsAdmin() {
		return Errorf(EFORBIDDEN, "This model was never approved; an administrator must approve it.")
	}
	if m.Provider == ProviderOpenAI {
		if c := l.check(ctx, m); !c.OK {
			return Errorf(ECONFLICT, "The endpoint check failed, so the model stays paused: %s", c.Message)
		}
	}
	if err := l.Store.SetModelStatus(ctx, id, ModelActive, "", l.Clock.Now()); err != nil {
		return err
	}
	l.resetHealth(id)
	l.changed()
	return nil
}

// Retire takes a model out for good.
func (l *Labs) Retire(ctx context.Context, actor *User, id int64) error {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return err
	}
	if m.Status == ModelRetired {
		return nil
	}
	if err := l.Store.SetModelStatus(ctx, id, ModelRetired, "Retired by "+actor.Name()+".", l.Clock.Now()); err != nil {
		return err
	}
	l.changed()
	return nil
}

// SetKey replaces a model's API key. The key is never shown again.
func (l *Labs) SetKey(ctx context.Context, actor *User, id int64, key string) error {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return err
	}
	key = strings.TrimSpace(key)
	if key == "" {
		return Errorf(EINVALID, "Enter the new API key.")
	}
	if l.Box == nil {
		return Errorf(EUNAVAILABLE, "This arena cannot store API keys: its operator has not configured a secret key.")
	}
	if m.LabID == 0 {
		return Errorf(EINVALID, "This model is configured by the operator, with its key in the environment.")
	}
	if err := l.Store.SetModelKey(ctx, id, l.Box.Seal(key, keyContext(id)), l.Clock.Now()); err != nil {
		return err
	}
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[int64]string{}
	}
	l.keys[id] = key
	l.mu.Unlock()
	if l.OnKeyChange != nil {
		l.OnKeyChange(id)
	}
	return nil
}

// ForgetKeys drops this server's decrypted copies of the keys of models ids (of every
// model when none are given), which another server replaced; the next call reads the
// new key from the store.
func (l *Labs) ForgetKeys(ids ...int64) {
	l.mu.Lock()
	if len(ids) == 0 {
		clear(l.keys)
	}
	for _, id := range ids {
		delete(l.keys, id)
	}
	l.mu.Unlock()
}

// apiKey returns a lab model's decrypted key, "" when it has none.
func (l *Labs) apiKey(ctx context.Context, id int64) (string, error) {
	l.mu.Lock()
	k, ok := l.keys[id]
	l.mu.Unlock()
	if ok {
		return k, nil
	}
	sealed, err := l.Store.ModelKey(ctx, id)
	if err != nil {
		return "", err
	}
	if len(sealed) == 0 {
		return "", nil
	}
	if l.Box == nil {
		return "", Errorf(EUNAVAILABLE, "The model's API key is stored encrypted, and this server was started without the secret key.")
	}
	k, err = l.Box.Open(sealed, keyContext(id))
	if err != nil {
		return "", err
	}
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[int64]string{}
	}
	l.keys[id] = k
	l.mu.Unlock()
	return k, nil
}

// Getenv wraps an environment lookup so that the API key variables of lab models
// (LabKeyEnvPrefix + id) resolve to their decrypted keys: pass it as llm.Options.Getenv.
// A key that cannot be read resolves to "", which makes the model's calls fail (and the
// model be paused) rather than go out without it.
func (l *Labs) Getenv(fallback func(string) string) func(string) string {
	return func(name string) string {
		rest, ok := strings.CutPrefix(name, LabKeyEnvPrefix)
		if !ok {
			return fallback(name)
		}
		id, err := strconv.ParseInt(rest, 10, 64)
		if err != nil {
			return ""
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		k, err := l.apiKey(ctx, id)
		if err != nil {
			l.log().Warn("cannot read a model's API key", "model_id", id, "error", err)
			return ""
		}
		return k
	}
}

// Watch wraps a provider source so that every call's outcome counts towards pausing
// failing models.
func (l *Labs) Watch(ps ProviderSource) ProviderSource { return healthSource{inner: ps, l: l} }

type healthSource struct {
	inner ProviderSource
	l     *Labs
}

func (h healthSource) For(m Model) (Provider, error) {
	p, err := h.inner.For(m)
	if err != nil {
		h.l.Record(m, err)
		return nil, err
	}
	return healthProvider{p: p, m: m, l: h.l}, nil
}

type healthProvider struct {
	p Provider
	m Model
	l *Labs
}

func (h healthProvider) Stream(ctx context.Context, req ChatRequest, onDelta func(string)) (Completion, error) {
	c, err := h.p.Stream(ctx, req, onDelta)
	if !errors.Is(err, context.Canceled) { // a shutdown is not the model's fault
		h.l.Record(h.m, err)
	}
	return c, err
}

func (l *Labs) resetHealth(id int64) {
	l.mu.Lock()
	delete(l.health, id)
	l.mu.Unlock()
}

// Record counts one call's outcome for m, and pauses m when its calls keep failing.
func (l *Labs) Record(m Model, callErr error) {
	if m.Provider == ProviderDemo {
		return
	}
	pauseAfter, window, rate := l.PauseAfter, l.Window, l.FailureRate
	if pauseAfter <= 0 {
		pauseAfter = 5
	}
	if window <= 0 {
		window = 20
	}
	if rate <= 0 {
		rate = 0.5
	}
	l.mu.Lock()
	if l.health == nil {
		l.health = map[int64]*modelHealth{}
	}
	h := l.health[m.ID]
	if h == nil {
		h = &modelHealth{recent: make([]bool, window)}
		l.health[m.ID] = h
	}
	failed := callErr != nil
	if failed {
		h.consecutive++
		h.lastError = ErrorMessage(callErr)
	} else {
		h.consecutive = 0
	}
	h.recent[h.next] = failed
	h.next = (h.next + 1) % len(h.recent)
	if h.next == 0 {
		h.filled = true
	}
	var reason string
	if h.consecutive >= pauseAfter {
		reason = fmt.Sprintf("%d calls in a row failed", h.consecutive)
	} else if h.filled {
		n := 0
		for _, f := range h.recent {
			if f {
				n++
			}
		}
		if float64(n) > rate*float64(len(h.recent)) {
			reason = fmt.Sprintf("%d of the last %d calls failed", n, len(h.recent))
		}
	}
	last := h.lastError
	if reason != "" {
		delete(l.health, m.ID)
	}
	l.mu.Unlock()
	if reason == "" {
		return
	}
	now := l.Clock.Now()
	msg := fmt.Sprintf("Paused automatically on %s: %s. Last error: %s Fix the endpoint, then resume the model (it is checked first).",
		now.UTC().Format("2006-01-02 15:04 UTC"), reason, truncate(last, 300))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	paused, err := l.Store.PauseIfActive(ctx, m.ID, msg, now)
	if err != nil {
		l.log().Error("could not pause a failing model", "model", m.Name, "error", err)
		return
	}
	if paused {
		l.log().Warn("paused a failing model", "model", m.Name, "reason", reason, "last_error", last)
		l.changed()
	}
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
	err := l.Store.SnapshotVotes(ctx, func(v SnapshotVote) error {
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
		last, err := l.Store.Snapshots(ctx, 1)
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
	if err := l.Store.SaveSnapshot(ctx, s); err != nil {
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
		if last, err := l.Store.Snapshots(ctx, 1); err == nil && len(last) == 1 && l.Clock.Now().Sub(last[0].CreatedAt) < every/2 {
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
