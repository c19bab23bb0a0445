package arena

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ModelSettings are what a lab sets of its model, at registration and in later edits.
type ModelSettings struct {
	Organization     string
	BaseURL, ModelID string
	SystemPrompt     string
	// The optional sampling settings, as on Model: nil or empty sends none.
	Temperature, TopP *float64
	Seed              *int64
	Stop              []string
	ReasoningEffort   string
	MaxTokens         int
	MaxTokensField    string // MaxTokensField (default) or MaxCompletionTokensField
	ExtraBody         string // a JSON object merged into each request
	TimeoutSeconds    int    // 1 to 600; 0 means 60
	MaxConcurrency    int
}

// Settings are m's settings as a lab edits them.
func (m Model) Settings() ModelSettings {
	return ModelSettings{Organization: m.Organization, BaseURL: m.BaseURL, ModelID: m.ModelID, SystemPrompt: m.SystemPrompt,
		Temperature: m.Temperature, TopP: m.TopP, Seed: m.Seed, Stop: slices.Clone(m.Stop), ReasoningEffort: m.ReasoningEffort,
		MaxTokens: m.MaxTokens, MaxTokensField: m.MaxTokensField, ExtraBody: m.ExtraBody,
		TimeoutSeconds: int(m.Timeout / time.Second), MaxConcurrency: m.MaxConcurrency}
}

// applySettings sets m's fields from s, tidied (trimmed, defaults filled in, lab
// naming the organisation when s does not) and checked: the error says what is wrong.
func applySettings(m *Model, s ModelSettings, lab string) error {
	if s.TimeoutSeconds < 0 || s.TimeoutSeconds > 600 {
		return Errorf(EINVALID, "The timeout is 1 to 600 seconds.")
	}
	m.Organization = strings.TrimSpace(s.Organization)
	if m.Organization == "" {
		m.Organization = lab
	}
	m.BaseURL, m.ModelID, m.SystemPrompt = strings.TrimSpace(s.BaseURL), strings.TrimSpace(s.ModelID), s.SystemPrompt
	m.Temperature, m.TopP, m.Seed, m.Stop = s.Temperature, s.TopP, s.Seed, s.Stop
	m.ReasoningEffort, m.MaxTokensField = strings.TrimSpace(s.ReasoningEffort), strings.TrimSpace(s.MaxTokensField)
	m.ExtraBody, m.MaxTokens, m.MaxConcurrency = strings.TrimSpace(s.ExtraBody), s.MaxTokens, s.MaxConcurrency
	m.Timeout = time.Duration(cmp.Or(s.TimeoutSeconds, 60)) * time.Second
	return ValidateSettings(m)
}

// SettingChange is one setting that alters a model's outputs and differs between a
// model and its variant. From and To are "" where the setting is not sent.
type SettingChange struct {
	Setting  string // the request field's name, or base_url and system_prompt
	From, To string
	// Withheld: the values are the lab's own business (its endpoint, system prompt
	// and extra body may hold what it keeps private), so public pages say only that
	// the setting changed. The lab sees them.
	Withheld bool
}

// OutputChanges lists the settings that alter outputs in which to differs from from:
// the endpoint and the model id behind it, the system prompt and every sampling
// setting and extra body field. A change of any of them makes a new variant, since
// votes on one set of outputs say nothing of another's. Empty: the outputs are the
// same, and the model keeps its ratings.
func OutputChanges(from, to Model) []SettingChange {
	var out []SettingChange
	add := func(setting, a, b string, withheld bool) {
		if a != b {
			out = append(out, SettingChange{Setting: setting, From: a, To: b, Withheld: withheld})
		}
	}
	float := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	seed := func(n *int64) string {
		if n == nil {
			return ""
		}
		return strconv.FormatInt(*n, 10)
	}
	stop := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		b, _ := json.Marshal(s) // strings always encode
		return string(b)
	}
	maxTokens := func(m Model) string {
		if m.MaxTokens == 0 {
			return ""
		}
		return strconv.Itoa(m.MaxTokens)
	}
	field := func(m Model) string {
		if m.MaxTokens == 0 {
			return "" // nothing is sent, in either field
		}
		return cmp.Or(m.MaxTokensField, MaxTokensField)
	}
	add("base_url", from.BaseURL, to.BaseURL, true)
	add("model", from.ModelID, to.ModelID, false)
	add("system_prompt", from.SystemPrompt, to.SystemPrompt, true)
	add("temperature", float(from.Temperature), float(to.Temperature), false)
	add("top_p", float(from.TopP), float(to.TopP), false)
	add("seed", seed(from.Seed), seed(to.Seed), false)
	add("stop", stop(from.Stop), stop(to.Stop), false)
	add("reasoning_effort", from.ReasoningEffort, to.ReasoningEffort, false)
	add("max_tokens", maxTokens(from), maxTokens(to), false)
	add("max_tokens_field", field(from), field(to), false)
	add("extra_body", compactJSON(from.ExtraBody), compactJSON(to.ExtraBody), true)
	return out
}

// compactJSON is an extra body as the endpoint reads it, so that spacing alone is no
// change; a body that is not JSON (never stored: ValidateExtraBody refuses it) stays.
func compactJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.Marshal(v) // decoded JSON always encodes; keys come out sorted
	return string(b)
}

// Public is the change as public pages show it: without the values it withholds.
func (c SettingChange) Public() SettingChange {
	if c.Withheld {
		c.From, c.To = "", ""
	}
	return c
}

// VariantStep is one model of a line of variants, with what changed from the one before
// it (nothing for the first).
type VariantStep struct {
	LabModel
	Changes []SettingChange
}

// VariantLine returns the line of variants id belongs to, from the model as registered
// to its latest variant, given every model of its lab (or more); nil if id is not
// among them.
func VariantLine(models []LabModel, id int64) []VariantStep {
	byID := make(map[int64]*LabModel, len(models))
	child := make(map[int64]*LabModel, len(models))
	for i := range models {
		byID[models[i].ID] = &models[i]
		if p := models[i].ParentID; p != 0 {
			child[p] = &models[i]
		}
	}
	m := byID[id]
	if m == nil {
		return nil
	}
	for seen := 0; m.ParentID != 0 && byID[m.ParentID] != nil && seen < len(models); seen++ {
		m = byID[m.ParentID]
	}
	var line []VariantStep
	for prev := (*LabModel)(nil); m != nil && len(line) <= len(models); prev, m = m, child[m.ID] {
		step := VariantStep{LabModel: *m}
		if prev != nil {
			step.Changes = OutputChanges(prev.Model, m.Model)
		}
		line = append(line, step)
	}
	return line
}

// variantName names the variant after m: the line's first name and its number, as
// in acme-large@v2. Registered names cannot hold '@', so no registration takes it.
func variantName(m *LabModel) string {
	base := m.Name
	if i := strings.LastIndex(base, "@v"); i > 0 && m.Variant > 1 {
		base = base[:i]
	}
	return base + "@v" + strconv.Itoa(m.Variant+1)
}

// ModelEdit is what an edit did.
type ModelEdit struct {
	// Model is the model as it is now: the new variant, or the model edited in place.
	Model *LabModel
	// Variant: the edit altered outputs and made Model, replacing the model edited,
	// which is retired with its ratings as they stand.
	Variant bool
	Changes []SettingChange
}

// EditModel changes the settings of an approved lab model (active or paused). A change
// that alters its outputs (see OutputChanges) is checked with a real call first, and
// refused if the check fails, so nothing changes; when it passes, the new settings
// become a new variant (NAME@v2, v3...) with ratings of its own, linked to the model,
// which is retired from battles with its history kept. The variant inherits its
// approval and pause, unless the endpoint (base URL or model id) changed: an
// administrator approved that endpoint, so a new one waits for approval again. The
// other settings (organisation, timeout, concurrency) change in place; the API key is
// SetKey's. Any member of the model's lab may edit it, and administrators.
func (l *Labs) EditModel(ctx context.Context, actor *User, id int64, s ModelSettings) (*ModelEdit, error) {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if m.LabID == 0 {
		return nil, Errorf(EINVALID, "This model is configured by the operator: use arena models set.")
	}
	switch m.Status {
	case ModelPending:
		return nil, Errorf(ECONFLICT, "This model is pending: it has no ratings yet, so fix its endpoint on its page (or retire it and register it again with other settings). Settings are edited once it is approved.")
	case ModelRetired:
		return nil, Errorf(ECONFLICT, "This model is retired, and a retired model's settings stay as they were.")
	}
	next := m.Model
	if err := applySettings(&next, s, m.LabName); err != nil {
		return nil, err
	}
	if err := l.checkURL(ctx, next.BaseURL); err != nil {
		return nil, err
	}
	changes := OutputChanges(m.Model, next)
	now := l.Clock.Now()
	if len(changes) == 0 {
		if next.Organization == m.Organization && next.Timeout == m.Timeout && next.MaxConcurrency == m.MaxConcurrency {
			return &ModelEdit{Model: m}, nil
		}
		if err := l.ModelStore.SetModelDetails(ctx, id, next.Organization, next.Timeout, next.MaxConcurrency, now); err != nil {
			return nil, err
		}
		m.Model = next
		l.changed()
		return &ModelEdit{Model: m}, nil
	}
	// The check runs as the model (its id finds its key) but with the new settings, and
	// is not stored on the model: the model's own settings did not change.
	probe := *m
	probe.Model = next
	c := l.call(ctx, &probe)
	if !c.OK {
		return nil, Errorf(ECONFLICT, "The endpoint check of the new settings failed, so nothing was changed: %s", c.Message)
	}
	key := ""
	if m.HasKey {
		if key, err = l.APIKey(ctx, m.Model); err != nil {
			return nil, err
		}
	}
	v := &LabModel{Model: next, LabID: m.LabID, LabName: m.LabName, License: m.License, OutputsPublic: m.OutputsPublic,
		ParentID: m.ID, Variant: m.Variant + 1, Check: c, HasKey: key != "", StatusAt: now}
	v.ID, v.Name, v.CreatedAt = 0, variantName(m), now
	endpoint := next.BaseURL != m.BaseURL || next.ModelID != m.ModelID
	switch {
	case endpoint:
		v.Status, v.StatusReason = ModelPending, "A new endpoint: awaiting an administrator's approval."
	case m.Status == ModelPaused:
		// A pause carries over, so an edit cannot lift an administrator's hold.
		v.Status, v.PausedBy, v.StatusReason, v.ApprovedAt = ModelPaused, m.PausedBy, m.StatusReason, m.ApprovedAt
	default:
		v.Status, v.ApprovedAt = ModelActive, m.ApprovedAt
	}
	v.Active = v.Status == ModelActive
	var seal func(int64) []byte
	if key != "" {
		if l.Box == nil {
			return nil, Errorf(EUNAVAILABLE, "This arena cannot store API keys: its operator has not configured a secret key.")
		}
		seal = func(id int64) []byte { return l.Box.Seal(key, keyContext(id)) }
	}
	reason := "Replaced by its variant " + v.Name + " (changed: " + changedSettings(changes) + ")."
	if err := l.ModelStore.CreateVariant(ctx, v, seal, reason, now); err != nil {
		return nil, err
	}
	l.remember(v.ID, knownKey{lab: true, key: key})
	l.changed()
	return &ModelEdit{Model: v, Variant: true, Changes: changes}, nil
}

func changedSettings(cs []SettingChange) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.Setting
	}
	return strings.Join(names, ", ")
}

// Variants returns the line of variants model id belongs to, for someone who may manage
// it: see VariantLine.
func (l *Labs) Variants(ctx context.Context, actor *User, id int64) ([]VariantStep, error) {
	m, _, err := l.Model(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if m.LabID == 0 {
		return nil, nil
	}
	models, err := l.ModelStore.LabModels(ctx, m.LabID)
	if err != nil {
		return nil, err
	}
	return VariantLine(models, id), nil
}
