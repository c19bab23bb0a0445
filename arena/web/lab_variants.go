package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/views"
)

// editable reports whether a lab may edit m's settings (see arena.Labs.EditModel).
func editable(m *arena.LabModel) bool {
	return m.LabID != 0 && (m.Status == arena.ModelActive || m.Status == arena.ModelPaused)
}

func settingsView(m arena.Model) *views.SettingsForm {
	opt := func(f *float64) string {
		if f == nil {
			return ""
		}
		return strconv.FormatFloat(*f, 'g', -1, 64)
	}
	s := &views.SettingsForm{Organization: m.Organization, BaseURL: m.BaseURL, ModelID: m.ModelID, SystemPrompt: m.SystemPrompt,
		Temperature: opt(m.Temperature), TopP: opt(m.TopP), Stop: strings.Join(m.Stop, "\n"), ReasoningEffort: m.ReasoningEffort,
		MaxTokensField: m.MaxTokensField, ExtraBody: m.ExtraBody, MaxTokens: m.MaxTokens,
		TimeoutSeconds: int(m.Timeout.Seconds()), MaxConcurrency: m.MaxConcurrency}
	if m.Seed != nil {
		s.Seed = strconv.FormatInt(*m.Seed, 10)
	}
	return s
}

// labVariantRows is the lab's view of a line of variants (every value shown: they are
// the lab's own), with each variant's votes and rating from the live board's rows.
func labVariantRows(line []arena.VariantStep, current int64, board []views.BoardRow) []views.VariantRow {
	var out []views.VariantRow
	for _, st := range line {
		r := views.VariantRow{ID: st.ID, Name: st.Name, Variant: st.Variant, Status: string(st.Status), Created: st.CreatedAt,
			Current: st.ID == current}
		for _, c := range st.Changes {
			// The lab sees its own values: nothing is withheld from it.
			r.Changes = append(r.Changes, views.ChangeRow{Setting: c.Setting, From: c.From, To: c.To})
		}
		if i := slices.IndexFunc(board, func(b views.BoardRow) bool { return b.Name == st.Name }); i >= 0 {
			r.Votes, r.Rating = board[i].Votes, strconv.FormatFloat(board[i].Rating, 'f', 1, 64)
		}
		out = append(out, r)
	}
	return out
}

// editLabModel is the settings form of a lab model's page.
func (s *Server) editLabModel(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "model")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	// Someone who may not see the model learns nothing, not even what was wrong with
	// the form.
	if _, _, err := s.deps.Labs.Model(ctx, u, id); err != nil {
		return err
	}
	page := "/labs/models/" + c.Param("id")
	in, err := formSettings(c)
	var ed *arena.ModelEdit
	if err == nil {
		ed, err = s.deps.Labs.EditModel(ctx, u, id, in)
	}
	if err != nil {
		if code := arena.ErrorCode(err); code == arena.ECONFLICT || code == arena.EINVALID {
			s.flash(c, "error", arena.ErrorMessage(err))
			return redirect(c, page)
		}
		return err
	}
	switch {
	case ed.Variant && ed.Model.Status == arena.ModelPending:
		s.flash(c, "success", "The new settings passed their check and are the variant "+ed.Model.Name+"; its new endpoint awaits an administrator's approval.")
	case ed.Variant:
		s.flash(c, "success", "The new settings passed their check and are the variant "+ed.Model.Name+", rated from its own votes; the previous variant is retired with its ratings.")
	default:
		s.flash(c, "success", "The settings are saved; they do not change the answers, so the model keeps its ratings.")
	}
	return redirect(c, "/labs/models/"+strconv.FormatInt(ed.Model.ID, 10))
}

// labModelJSON is a lab model as GET and PATCH /api/labs/models/{id} give it. It never
// holds the API key.
type labModelJSON struct {
	ID           int64         `json:"id"`
	Name         string        `json:"name"`
	Lab          string        `json:"lab"`
	Status       string        `json:"status"`
	PausedBy     string        `json:"paused_by,omitempty"`
	StatusReason string        `json:"status_reason"`
	Variant      int           `json:"variant"`
	ParentID     *int64        `json:"parent_id"`
	HasKey       bool          `json:"has_key"`
	Settings     settingsJSON  `json:"settings"`
	Variants     []variantJSON `json:"variants,omitempty"`
}

// settingsJSON are a model's settings in the API: null where a setting is not sent.
type settingsJSON struct {
	Organization    string          `json:"organization"`
	BaseURL         string          `json:"base_url"`
	Model           string          `json:"model"`
	SystemPrompt    string          `json:"system_prompt"`
	Temperature     *float64        `json:"temperature"`
	TopP            *float64        `json:"top_p"`
	Seed            *int64          `json:"seed"`
	Stop            []string        `json:"stop"`
	ReasoningEffort string          `json:"reasoning_effort"`
	MaxTokens       int             `json:"max_tokens"`
	MaxTokensField  string          `json:"max_tokens_field"`
	ExtraBody       json.RawMessage `json:"extra_body"`
	TimeoutSeconds  int             `json:"timeout_seconds"`
	MaxConcurrency  int             `json:"max_concurrency"`
}

type variantJSON struct {
	ID        int64        `json:"id"`
	Name      string       `json:"name"`
	Variant   int          `json:"variant"`
	Status    string       `json:"status"`
	CreatedAt string       `json:"created_at"`
	Changes   []changeJSON `json:"changes"`
}

// changeJSON is a setting that changed; From and To are null where it is not sent, and
// both are left out where a public page withholds them.
type changeJSON struct {
	Setting  string  `json:"setting"`
	From     *string `json:"from,omitempty"`
	To       *string `json:"to,omitempty"`
	Withheld bool    `json:"withheld,omitempty"`
}

func changesJSON(cs []arena.SettingChange) []changeJSON {
	out := []changeJSON{}
	null := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	for _, c := range cs {
		j := changeJSON{Setting: c.Setting, Withheld: c.Withheld}
		if !c.Withheld || c.From != "" || c.To != "" {
			j.From, j.To = null(c.From), null(c.To)
		}
		out = append(out, j)
	}
	return out
}

func labModelOut(m *arena.LabModel) labModelJSON {
	j := labModelJSON{ID: m.ID, Name: m.Name, Lab: m.LabName, Status: string(m.Status), StatusReason: m.StatusReason,
		Variant: m.Variant, HasKey: m.HasKey}
	if m.Status == arena.ModelPaused {
		j.PausedBy = string(m.PausedBy)
	}
	if m.ParentID != 0 {
		j.ParentID = &m.ParentID
	}
	s := m.Settings()
	j.Settings = settingsJSON{Organization: s.Organization, BaseURL: s.BaseURL, Model: s.ModelID, SystemPrompt: s.SystemPrompt,
		Temperature: s.Temperature, TopP: s.TopP, Seed: s.Seed, Stop: s.Stop, ReasoningEffort: s.ReasoningEffort,
		MaxTokens: s.MaxTokens, MaxTokensField: s.MaxTokensField, TimeoutSeconds: s.TimeoutSeconds, MaxConcurrency: s.MaxConcurrency}
	if s.ExtraBody != "" {
		j.Settings.ExtraBody = json.RawMessage(s.ExtraBody)
	}
	if j.Settings.Stop == nil {
		j.Settings.Stop = []string{}
	}
	return j
}

// apiLabModel is GET /api/labs/models/{id}: the model's settings and its line of
// variants, for its lab and administrators.
func (s *Server) apiLabModel(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "model")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, _, err := s.deps.Labs.Model(ctx, u, id)
	if err != nil {
		return err
	}
	line, err := s.deps.Labs.Variants(ctx, u, id)
	if err != nil {
		return err
	}
	out := labModelOut(m)
	for _, st := range line {
		// The lab's own values, none withheld.
		cs := slices.Clone(st.Changes)
		for i := range cs {
			cs[i].Withheld = false
		}
		out.Variants = append(out.Variants, variantJSON{ID: st.ID, Name: st.Name, Variant: st.Variant, Status: string(st.Status),
			CreatedAt: st.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Changes: changesJSON(cs)})
	}
	return c.JSON(http.StatusOK, out)
}

// apiEditLabModel is PATCH /api/labs/models/{id}: the settings the body names change
// (null unsets an optional one), the others stay; see arena.Labs.EditModel.
func (s *Server) apiEditLabModel(c echo.Context) error {
	u, err := s.labUser(c)
	if u == nil {
		return err
	}
	id, err := pathID(c, "id", "model")
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	m, _, err := s.deps.Labs.Model(ctx, u, id)
	if err != nil {
		return err
	}
	in := m.Settings()
	if err := patchSettings(c.Request(), &in); err != nil {
		return err
	}
	ed, err := s.deps.Labs.EditModel(ctx, u, id, in)
	if err != nil {
		return err
	}
	cs := slices.Clone(ed.Changes)
	for i := range cs {
		cs[i].Withheld = false
	}
	return c.JSON(http.StatusOK, map[string]any{"variant_created": ed.Variant, "model": labModelOut(ed.Model), "changes": changesJSON(cs)})
}

// patchSettings applies a JSON object of settings to in, refusing a body that is not
// one, a setting it does not know and a value of the wrong type, each saying so.
func patchSettings(r *http.Request, in *arena.ModelSettings) error {
	var body map[string]json.RawMessage
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || body == nil {
		return arena.Errorf(arena.EINVALID, "The body must be a JSON object of the settings to change, such as {\"temperature\": 0.2}.")
	}
	keys := make([]string, 0, len(body))
	for k := range body {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		raw := body[k]
		null := bytes.Equal(bytes.TrimSpace(raw), []byte("null"))
		var dst any
		switch k {
		case "organization":
			dst = &in.Organization
		case "base_url":
			dst = &in.BaseURL
		case "model":
			dst = &in.ModelID
		case "system_prompt":
			dst = &in.SystemPrompt
		case "temperature":
			in.Temperature, dst = nil, &in.Temperature
		case "top_p":
			in.TopP, dst = nil, &in.TopP
		case "seed":
			in.Seed, dst = nil, &in.Seed
		case "stop":
			in.Stop, dst = nil, &in.Stop
		case "reasoning_effort":
			dst = &in.ReasoningEffort
		case "max_tokens":
			dst = &in.MaxTokens
		case "max_tokens_field":
			dst = &in.MaxTokensField
		case "timeout_seconds":
			dst = &in.TimeoutSeconds
		case "max_concurrency":
			dst = &in.MaxConcurrency
		case "extra_body":
			in.ExtraBody = ""
			if null {
				continue
			}
			var obj map[string]json.RawMessage
			if json.Unmarshal(raw, &obj) != nil || obj == nil {
				return arena.Errorf(arena.EINVALID, "extra_body must be a JSON object or null.")
			}
			in.ExtraBody = string(raw)
			continue
		default:
			return arena.Errorf(arena.EINVALID, "unknown setting %q: the settings are those GET /api/labs/models/{id} lists.", k)
		}
		if null {
			switch k {
			case "temperature", "top_p", "seed", "stop":
				continue // unset: the endpoint's default
			}
			return arena.Errorf(arena.EINVALID, "%s cannot be null.", k)
		}
		if err := json.Unmarshal(raw, dst); err != nil {
			return arena.Errorf(arena.EINVALID, "%s: %s", k, typeError(err))
		}
	}
	return nil
}

// typeError says what JSON a setting wanted.
func typeError(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Sprintf("expected %s, got a JSON %s.", te.Type, te.Value)
	}
	return "not valid JSON."
}
