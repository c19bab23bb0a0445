package arena

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
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

// LabStore persists labs and their members.
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
}

// Labs is the service behind the lab pages. Its concerns live in their own files, each
// with its own store: labs and their members (here), invitations (lab_invites.go),
// model registration and lifecycle (lab_models.go) with encrypted keys (lab_keys.go),
// the dashboards' reports (lab_report.go) with the models' answer times, tokens and
// failures (lab_performance.go), automatic pausing of failing models
// (model_health.go), and leaderboard snapshots (snapshot.go). One database usually
// serves every store.
type Labs struct {
	LabStore    LabStore
	InviteStore LabInviteStore
	ModelStore  LabModelStore
	ReportStore LabReportStore
	// PerformanceStore reads the answers the performance reports sum up.
	PerformanceStore PerformanceStore
	SnapshotStore    SnapshotStore
	Users            UserStore
	Clock            Clock
	Log              *slog.Logger
	// Box encrypts API keys; nil means keys cannot be stored (the operator gave no
	// secret key) and models can only use endpoints that need none.
	Box *SecretBox
	// CheckURL refuses endpoint URLs the arena must not call (the SSRF guard); nil
	// checks only the scheme.
	CheckURL func(ctx context.Context, url string) error
	// Operator gives the API keys of the operator's own models (those of no lab), which
	// the labs do not hold; nil means they have none, and one naming a variable fails.
	Operator KeySource
	// Providers serves the endpoint checks: the battles' own providers, not watched by
	// model health, so a check is retried, and holds one of the model's concurrency
	// slots, as a battle's call does, and a passing check means battles work. Their
	// calls ask Labs for the API key.
	Providers ProviderSource
	// PauseAfter consecutive failed calls pause a model (5 when zero); so does a failure
	// rate over FailureRate (0.5 when zero) among the last Window calls (20 when zero),
	// once the window is full.
	PauseAfter  int
	Window      int
	FailureRate float64
	// CheckPrompt is the user message an endpoint check sends; "" sends
	// DefaultCheckPrompt.
	CheckPrompt string
	// CheckMaxTokens caps the check's answer; 0 sends the model's own MaxTokens (none
	// if it has none), which a reasoning model may need to get past its thinking.
	CheckMaxTokens int
	// CheckTextOptional lets a check pass on a stream that completed (it said why it
	// finished) with no text, as a reasoning model's may under a small cap; by default a
	// check needs text, the surest sign that battles will get answers.
	CheckTextOptional bool
	// OnChange is called when a model's status changes (the sampler refreshes on it).
	OnChange func()
	// OnKeyChange, if set, is called after a model's API key is replaced, so other
	// servers can forget the key they decrypted (see ForgetKeys).
	OnKeyChange func(id int64)
	// Observer, if set, counts automatic pauses for the metrics.
	Observer Observer

	mu     sync.Mutex
	keys   map[int64]knownKey
	health map[int64]*modelHealth
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
	return l.LabStore.CreateLab(ctx, name, u.ID, l.Clock.Now())
}

// VisibleLabs lists the labs actor belongs to, or every lab for an admin.
func (l *Labs) VisibleLabs(ctx context.Context, actor *User) ([]Lab, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if actor.IsAdmin() {
		return l.LabStore.AllLabs(ctx)
	}
	return l.LabStore.LabsOfUser(ctx, actor.ID)
}

// roleIn returns actor's role in the lab; admins act as owners. Someone with no role
// gets ENOTFOUND, so lab ids cannot be probed.
func (l *Labs) roleIn(ctx context.Context, actor *User, labID int64) (LabRole, error) {
	if err := signedIn(actor); err != nil {
		return "", err
	}
	if actor.IsAdmin() {
		if _, err := l.LabStore.LabByID(ctx, labID); err != nil {
			return "", err
		}
		return LabOwner, nil
	}
	r, err := l.LabStore.LabRoleOf(ctx, labID, actor.ID)
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
	lab, err := l.LabStore.LabByID(ctx, id)
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
	return l.LabStore.LabMembers(ctx, labID)
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
	return l.LabStore.AddLabMember(ctx, labID, u.ID, role, l.Clock.Now())
}

// KeysEnabled reports whether this arena can store labs' API keys.
func (l *Labs) KeysEnabled() bool { return l.Box != nil }
