package web

import (
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena"
	"github.com/labstack/echo/v4"
)

// formOptionalFloat reads an optional number: an empty field is nil (not sent to the
// endpoint), so 0 stays a real value.
func formOptionalFloat(c echo.Context, name string) (*float64, error) {
	v := strings.TrimSpace(c.FormValue(name))
	if v == "" {
		return nil, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return nil, arena.Errorf(arena.EINVALID, "%s must be a number; got %q.", name, v)
	}
	return &f, nil
}

// formSettings reads a model's settings from the registration or the settings form.
// Their ranges are checked by arena.ValidateModel, with the rest of the model.
func formSettings(c echo.Context) (in arena.ModelSettings, err error) {
	in.Organization, in.BaseURL, in.ModelID = c.FormValue("organization"), c.FormValue("base_url"), c.FormValue("model_id")
	in.SystemPrompt = c.FormValue("system_prompt")
	if in.MaxTokens, err = formInt(c, "max_tokens", 0); err != nil {
		return in, err
	}
	if in.TimeoutSeconds, err = formInt(c, "timeout", 60); err != nil {
		return in, err
	}
	if in.MaxConcurrency, err = formInt(c, "max_concurrency", 0); err != nil {
		return in, err
	}
	if in.Temperature, err = formOptionalFloat(c, "temperature"); err != nil {
		return in, err
	}
	if in.TopP, err = formOptionalFloat(c, "top_p"); err != nil {
		return in, err
	}
	if v := strings.TrimSpace(c.FormValue("seed")); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return in, arena.Errorf(arena.EINVALID, "seed must be a whole number; got %q.", v)
		}
		in.Seed = &n
	}
	// One stop sequence a line: a sequence may hold commas, rarely a line break.
	for line := range strings.Lines(c.FormValue("stop")) {
		if line = strings.TrimRight(line, "\r\n"); line != "" {
			in.Stop = append(in.Stop, line)
		}
	}
	in.ReasoningEffort = c.FormValue("reasoning_effort")
	in.MaxTokensField = c.FormValue("max_tokens_field")
	in.ExtraBody = c.FormValue("extra_body")
	return in, nil
}
