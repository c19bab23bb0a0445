package arena

import (
	"context"
	"fmt"
	"strings"
	"time"
)

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

// Deprecated reports whether a model is deprecated: retired, out of battles for good.
// Leaderboards fit its votes with the others' and leave it off the board unless asked
// (BoardQuery.HideDeprecated); nothing else marks a model deprecated.
func (m LabModel) Deprecated() bool { return m.Status == ModelRetired }

// PauseOrigin says who paused a model, which decides who may resume it.
type PauseOrigin string

// Pause origins. A paused model with no origin ("") was paused by the operator (with
// `arena models disable`, or before origins were recorded) and holds like an admin's.
const (
	PausedByAdmin       PauseOrigin = "admin"
	PausedByLab         PauseOrigin = "lab"
	PausedAutomatically PauseOrigin = "auto" // by model health, after failing calls
)

// HeldByAdmin reports whether only an administrator may lift a pause of this origin.
func (o PauseOrigin) HeldByAdmin() bool { return o != PausedByLab && o != PausedAutomatically }

// Licences a lab may declare.
const (
	LicenseOpen        = "open"
	LicenseProprietary = "proprietary"
)

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
	PausedBy      PauseOrigin // who paused it, while Status is ModelPaused
	License       string
	OutputsPublic bool
	HasKey        bool
	Check         EndpointCheck
	ApprovedAt    time.Time
	// ParentID is the model this one is a variant of (0 for a model as registered), and
	// Variant its number in the line, from 1.
	ParentID int64
	Variant  int
	// LastFailure is the last failed call model health recorded; At is zero if none.
	LastFailure ModelFailure
}

// LastProblem is the latest thing that went wrong with m: its last failed call or its
// last endpoint check, if that failed and came later. At is zero if neither.
func (m LabModel) LastProblem() ModelFailure {
	f := m.LastFailure
	if !m.Check.At.IsZero() && !m.Check.OK && m.Check.At.After(f.At) {
		f = ModelFailure{At: m.Check.At, Message: "endpoint check failed: " + m.Check.Message}
	}
	return f
}

// StatusLabel is m's status as the operator reads it, with who paused a paused model.
func (m LabModel) StatusLabel() string {
	if m.Status != ModelPaused {
		return string(m.Status)
	}
	switch m.PausedBy {
	case PausedByLab:
		return "paused (by its lab)"
	case PausedAutomatically:
		return "paused (automatically)"
	}
	return "paused (by an admin)"
}

// ModelFailure is a failed call to a model: when, and the error in full, internal
// errors' own text included (for the operator, never for voters).
type ModelFailure struct {
	At      time.Time
	Message string
}

// LabModelInput is what a lab enters to register a model.
type LabModelInput struct {
	Name          string
	APIKey        string
	License       string
	OutputsPublic bool
	// Vision says the model takes images (Model.Vision): set at registration, and kept
	// by its variants.
	Vision bool
	// Output is what the model answers with (Model.Output, as ParseOutput reads it):
	// an image model is drawn for the image arenas only. Kept by its variants.
	Output string
	ModelSettings
}

// LabModelStore persists models with what labs see of them: their lifecycle, endpoint
// checks and sealed API keys.
type LabModelStore interface {
	// CreateLabModel stores a pending model; sealKey, given the new model's id, returns
	// the encrypted API key to store with it (nil for none).
	CreateLabModel(ctx context.Context, m *LabModel, sealKey func(id int64) []byte) error
	LabModel(ctx context.Context, id int64) (*LabModel, error)
	// LabModels lists a lab's models; labID 0 lists every model.
	LabModels(ctx context.Context, labID int64) ([]LabModel, error)
	// SetModelStatus changes a model's status, clearing who paused it.
	SetModelStatus(ctx context.Context, id int64, status ModelStatus, reason string, now time.Time) error
	// PauseModel pauses an active or paused model, recording who paused it.
	PauseModel(ctx context.Context, id int64, by PauseOrigin, reason string, now time.Time) error
	// PauseIfActive pauses an active model automatically and reports whether it did.
	PauseIfActive(ctx context.Context, id int64, reason string, now time.Time) (bool, error)
	SetModelCheck(ctx context.Context, id int64, c EndpointCheck) error
	// SetModelFailure records a model's last failed call.
	SetModelFailure(ctx context.Context, id int64, f ModelFailure) error
	SetModelApproved(ctx context.Context, id int64, now time.Time) error
	SetModelKey(ctx context.Context, id int64, sealed []byte, now time.Time) error
	// SetModelDetails changes the settings of a model that do not alter its outputs.
	SetModelDetails(ctx context.Context, id int64, organization string, timeout time.Duration, maxConcurrency int, now time.Time) error
	// CreateVariant stores v, a variant of the active or paused model v.ParentID, and
	// retires that model with reason, in one transaction; sealKey, given v's new id,
	// returns its sealed API key (nil for none). A parent no longer active or paused, or
	// that has a variant already, is ECONFLICT, and nothing changes.
	CreateVariant(ctx context.Context, v *LabModel, sealKey func(id int64) []byte, reason string, now time.Time) error
	// SetModelEndpoint changes a pending model's endpoint and forgets its last check.
	SetModelEndpoint(ctx context.Context, id int64, baseURL, modelID string, now time.Time) error
	// FreeRetiredName renames a retired model of the lab that no battle drew to
	// name@retired-DATE, so that a new model may take its name, and reports whether it
	// did. A retired model of the lab that was in battles keeps its name: ECONFLICT.
	FreeRetiredName(ctx context.Context, name string, labID int64, now time.Time) (bool, error)
	ModelKey(ctx context.Context, id int64) ([]byte, error)
}

// Model returns a model actor may manage: one of their lab's, or any for an admin.
func (l *Labs) Model(ctx context.Context, actor *User, id int64) (*LabModel, LabRole, error) {
	if err := signedIn(actor); err != nil {
		return nil, "", err
	}
	m, err := l.ModelStore.LabModel(ctx, id)
	if err != nil {
		return nil, "", err
	}
	if actor.IsAdmin() {
		return m, LabOwner, nil
	}
	if m.LabID == 0 {
		return nil, "", Errorf(ENOTFOUND, "No such model.")
	}
	r, err := l.LabStore.LabRoleOf(ctx, m.LabID, actor.ID)
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
	return l.ModelStore.LabModels(ctx, labID)
}

// Pending lists models awaiting approval. Admins only.
func (l *Labs) Pending(ctx context.Context, actor *User) ([]LabModel, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if !actor.IsAdmin() {
		return nil, Errorf(EFORBIDDEN, "Only administrators approve models.")
	}
	all, err := l.ModelStore.LabModels(ctx, 0)
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

// RegisterModel stores a lab's new model as pending, with its key encrypted, and checks
// its endpoint with a real call. The model goes live only when an admin approves it.
func (l *Labs) RegisterModel(ctx context.Context, actor *User, labID int64, in LabModelInput) (*LabModel, error) {
	lab, err := l.Lab(ctx, actor, labID)
	if err != nil {
		return nil, err
	}
	output, err := ParseOutput(in.Output)
	if err != nil {
		return nil, err
	}
	m := &LabModel{Model: Model{Name: strings.TrimSpace(in.Name), Provider: ProviderOpenAI, Vision: in.Vision, Output: output, CreatedAt: l.Clock.Now()},
		LabID: labID, LabName: lab.Name, Status: ModelPending, License: in.License, OutputsPublic: in.OutputsPublic}
	if err := checkModelName(m.Name); err != nil {
		return nil, err
	}
	if err := applySettings(&m.Model, in.ModelSettings, lab.Name); err != nil {
		return nil, err
	}
	if in.License != LicenseOpen && in.License != LicenseProprietary {
		return nil, Errorf(EINVALID, "The licence is open or proprietary.")
	}
	if err := l.checkURL(ctx, m.BaseURL); err != nil {
		return nil, err
	}
	if err := l.freeName(ctx, m.Name, labID); err != nil {
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
	if err := l.ModelStore.CreateLabModel(ctx, m, seal); err != nil {
		return nil, err
	}
	m.HasKey = key != ""
	l.remember(m.ID, knownKey{lab: true, key: key})
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
		// The guard's message names no address (the one the lab's name resolved to may
		// be internal) and it logs the detail itself.
		l.log().Info("refused a lab endpoint", "url", u, "error", err)
		return Errorf(EINVALID, "The arena will not call this endpoint: %v.", strings.TrimSuffix(err.Error(), "."))
	}
	return nil
}

// DefaultCheckPrompt is what an endpoint check asks when the operator set no prompt.
const DefaultCheckPrompt = "This is an availability check from the arena. Reply with one short sentence."

// check calls the model's endpoint once (see call) and stores the result.
func (l *Labs) check(ctx context.Context, m *LabModel) EndpointCheck {
	c := l.call(ctx, m)
	if err := l.ModelStore.SetModelCheck(context.WithoutCancel(ctx), m.ID, c); err != nil {
		l.log().Warn("could not store an endpoint check", "model", m.Name, "error", err)
	}
	return c
}

// call calls the model's endpoint once, as Labs.CheckPrompt, CheckMaxTokens and
// CheckTextOptional say.
func (l *Labs) call(ctx context.Context, m *LabModel) EndpointCheck {
	c := EndpointCheck{At: l.Clock.Now()}
	start := time.Now()
	err := func() error {
		// Only a lab's endpoint is checked strictly before the call. The operator's own
		// models are the operator's to trust: their calls, battles' and this one alike,
		// go through the operator's guard, which trusts the hosts they name.
		if m.LabID != 0 {
			if err := l.checkURL(ctx, m.BaseURL); err != nil {
				return err
			}
		}
		if l.Providers == nil {
			return Errorf(EUNAVAILABLE, "Endpoint checks are not configured.")
		}
		p, err := l.Providers.For(m.Model)
		if err != nil {
			return err
		}
		cctx, cancel := context.WithTimeout(ctx, 30*time.Second)
		defer cancel()
		prompt := l.CheckPrompt
		if strings.TrimSpace(prompt) == "" {
			prompt = DefaultCheckPrompt
		}
		out, err := p.Stream(cctx, ChatRequest{Messages: []Message{{Role: "user", Content: prompt}}, MaxTokens: max(l.CheckMaxTokens, 0)}, func(Delta) {})
		if err != nil {
			return err
		}
		if strings.TrimSpace(out.Text) != "" {
			c.Message = Truncate(out.Text, 200)
			return nil
		}
		if len(out.Images) > 0 {
			// An image model answers with a picture, checked by images.Ingest already.
			im := out.Images[0]
			c.Message = fmt.Sprintf("An image, %d × %d px (%s).", im.Width, im.Height, im.MIME)
			return nil
		}
		if !l.CheckTextOptional {
			if out.FinishReason == "length" {
				return Errorf(EUNAVAILABLE, "The endpoint answered with no text before reaching its token limit (finish_reason length); a reasoning model may need a larger limit.")
			}
			return Errorf(EUNAVAILABLE, "The endpoint answered with no text.")
		}
		// The stream ended as the endpoint meant it to, which is what a check without
		// text can vouch for; one that stopped without saying why may have been cut.
		if out.FinishReason == "" {
			return Errorf(EUNAVAILABLE, "The endpoint answered with no text and never said why it finished (no finish_reason).")
		}
		c.Message = "The endpoint finished (finish_reason " + Truncate(out.FinishReason, 40) + ") without text, which this arena's checks allow."
		return nil
	}()
	c.Latency = time.Since(start)
	if err != nil {
		c.Message = Truncate(ErrorMessage(err), 300)
		if ErrorCode(err) == EINTERNAL {
			// Not the endpoint's fault but the arena's, told in words that may name its
			// database or network: those are for the operator, in the log.
			c.Message = "The check could not be made because of a fault in the arena; its operator's log has the detail."
		}
		l.log().Info("endpoint check failed", "model", m.Name, "id", m.ID, "lab", m.LabID, "error", err)
	} else {
		c.OK = true
	}
	return c
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
	m, err := l.ModelStore.LabModel(ctx, id)
	if err != nil {
		return err
	}
	if m.Status != ModelPending {
		return Errorf(ECONFLICT, "Only a pending model can be approved; this one is %s.", m.Status)
	}
	if !m.Check.OK {
		return Errorf(ECONFLICT, "The model's last endpoint check did not succeed; check it again before approving.")
	}
	if err := l.ModelStore.SetModelApproved(ctx, id, l.Clock.Now()); err != nil {
		return err
	}
	l.resetHealth(id)
	l.changed()
	return nil
}

// Pause takes an active model out of sampling, recording who paused it: an
// administrator's pause holds until an administrator lifts it. An administrator may
// also take over a lab's or an automatic pause, so that the lab cannot lift it.
func (l *Labs) Pause(ctx context.Context, actor *User, id int64) error {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return err
	}
	by, who := PausedByLab, actor.Name()
	if actor.IsAdmin() {
		by, who = PausedByAdmin, "an administrator ("+actor.Name()+")"
	}
	takeOver := m.Status == ModelPaused && by == PausedByAdmin && !m.PausedBy.HeldByAdmin()
	if m.Status != ModelActive && !takeOver {
		return Errorf(ECONFLICT, "Only an active model can be paused; this one is %s.", m.Status)
	}
	if err := l.ModelStore.PauseModel(ctx, id, by, "Paused by "+who+".", l.Clock.Now()); err != nil {
		return err
	}
	l.changed()
	return nil
}

// Resume puts a paused model back into sampling after a successful endpoint check. Its
// lab may resume a model an admin approved before, and only from its own pause or an
// automatic one; a never-approved model, or one an administrator paused, needs an admin.
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
	if m.PausedBy.HeldByAdmin() && !actor.IsAdmin() {
		return Errorf(EFORBIDDEN, "An administrator paused this model, so only an administrator can resume it. %s", m.StatusReason)
	}
	if m.Provider == ProviderOpenAI {
		if c := l.check(ctx, m); !c.OK {
			return Errorf(ECONFLICT, "The endpoint check failed, so the model stays paused: %s", c.Message)
		}
	}
	if err := l.ModelStore.SetModelStatus(ctx, id, ModelActive, "", l.Clock.Now()); err != nil {
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
	if err := l.ModelStore.SetModelStatus(ctx, id, ModelRetired, "Retired by "+actor.Name()+".", l.Clock.Now()); err != nil {
		return err
	}
	l.changed()
	return nil
}
