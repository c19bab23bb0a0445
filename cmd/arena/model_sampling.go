package main

import (
	"errors"
	"flag"
	"slices"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena"
)

// samplingFlags binds a model's optional sampling settings to flags. Each is sent to
// the endpoint only when set, and then even when zero; an empty value (--temperature=)
// clears it, which on models set means the endpoint's default again. A bad value is
// refused while the flags are parsed, so nothing is stored.
func samplingFlags(fs *flag.FlagSet, m *arena.Model) {
	fs.Func("temperature", "sampling temperature, 0 to 2 (unset: the endpoint's default)", func(v string) error {
		f, err := optionalFloat(v)
		if err == nil && f != nil && !(*f >= 0 && *f <= 2) {
			err = errors.New("temperature must be between 0 and 2")
		}
		m.Temperature = f
		return err
	})
	fs.Func("top-p", "nucleus sampling top_p, above 0 and at most 1 (unset: the endpoint's default)", func(v string) error {
		f, err := optionalFloat(v)
		if err == nil && f != nil && !(*f > 0 && *f <= 1) {
			err = errors.New("top_p must be above 0 and at most 1")
		}
		m.TopP = f
		return err
	})
	fs.Func("seed", "sampling seed, a whole number (unset: none sent)", func(v string) error {
		m.Seed = nil
		if v = strings.TrimSpace(v); v == "" {
			return nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return errors.New("the seed must be a whole number")
		}
		m.Seed = &n
		return nil
	})
	stopSet := false
	fs.Func("stop", "a stop sequence; repeat for up to 4 (an empty value clears them)", func(v string) error {
		if !stopSet {
			m.Stop, stopSet = nil, true // the flags given replace the stored list
		}
		if v == "" {
			m.Stop = nil
			return nil
		}
		m.Stop = append(m.Stop, v)
		if len(m.Stop) > arena.MaxStop {
			return errors.New("at most 4 stop sequences")
		}
		return nil
	})
	fs.Func("reasoning-effort", "reasoning_effort: "+strings.Join(arena.ReasoningEfforts, ", ")+" (unset: none sent)", func(v string) error {
		v = strings.TrimSpace(v)
		if v != "" && !slices.Contains(arena.ReasoningEfforts, v) {
			return errors.New("reasoning effort must be one of " + strings.Join(arena.ReasoningEfforts, ", "))
		}
		m.ReasoningEffort = v
		return nil
	})
	fs.Func("max-tokens-field", "the request field for --max-tokens: max_tokens (default; vLLM, Ollama) or max_completion_tokens (OpenAI o-series)", func(v string) error {
		v = strings.TrimSpace(v)
		if v != "" && v != arena.MaxTokensField && v != arena.MaxCompletionTokensField {
			return errors.New("use max_tokens or max_completion_tokens")
		}
		m.MaxTokensField = v
		return nil
	})
	fs.Func("extra-body", `a JSON object of provider-specific fields merged into each request, e.g. '{"top_k": 40}' (empty clears it)`, func(v string) error {
		v = strings.TrimSpace(v)
		if err := arena.ValidateExtraBody(v); err != nil {
			return errors.New(arena.ErrorMessage(err))
		}
		m.ExtraBody = v
		return nil
	})
}

// optionalFloat reads a number, or nil for an empty value.
func optionalFloat(v string) (*float64, error) {
	if v = strings.TrimSpace(v); v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return nil, errors.New("not a number")
	}
	return &f, nil
}
