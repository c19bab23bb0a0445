package sqlstore

import (
	"database/sql"
	"encoding/json"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// samplingCols are what a model's requests are built from beyond its endpoint: its
// optional settings, each NULL when unset, whether it takes images and what it answers
// with (see samplingMarks); prefix
// qualifies them with a table alias ("m." or "").
func samplingCols(prefix string) string {
	cols := []string{"temperature", "top_p", "seed", "stop", "reasoning_effort", "max_tokens_field", "extra_body", "vision", "output", "image_size"}
	for i, c := range cols {
		cols[i] = prefix + c
	}
	return strings.Join(cols, ", ")
}

// samplingScan receives samplingCols.
type samplingScan struct {
	temperature, topP                  sql.NullFloat64
	seed                               sql.NullInt64
	stop, effort, maxTokensField, body sql.NullString
	vision                             bool
	output, imageSize                  string
}

func (s *samplingScan) dest() []any {
	return []any{&s.temperature, &s.topP, &s.seed, &s.stop, &s.effort, &s.maxTokensField, &s.body, &s.vision, &s.output, &s.imageSize}
}

// apply sets m's settings from the scanned row.
func (s *samplingScan) apply(m *arena.Model) error {
	if s.temperature.Valid {
		m.Temperature = new(s.temperature.Float64)
	}
	if s.topP.Valid {
		m.TopP = new(s.topP.Float64)
	}
	if s.seed.Valid {
		m.Seed = new(s.seed.Int64)
	}
	if s.stop.Valid && s.stop.String != "" {
		if err := json.Unmarshal([]byte(s.stop.String), &m.Stop); err != nil {
			return err
		}
	}
	m.ReasoningEffort, m.MaxTokensField, m.ExtraBody, m.Vision = s.effort.String, s.maxTokensField.String, s.body.String, s.vision
	m.ImageSize = s.imageSize
	if s.output != "text" {
		m.Output = s.output // the column says 'text' for arena.OutputText
	}
	return nil
}

// samplingArgs are m's settings in samplingCols order, NULL for each one unset.
func samplingArgs(m *arena.Model) []any {
	var stop any
	if len(m.Stop) > 0 {
		b, _ := json.Marshal(m.Stop) // strings always encode
		stop = string(b)
	}
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	return []any{m.Temperature, m.TopP, m.Seed, stop, null(m.ReasoningEffort), null(m.MaxTokensField), null(m.ExtraBody), b2i(m.Vision),
		arena.OutputName(m.Output), m.ImageSize}
}

// samplingMarks are the placeholders of samplingArgs, each led by a comma.
var samplingMarks = strings.Repeat(", ?", strings.Count(samplingCols(""), ",")+1)
