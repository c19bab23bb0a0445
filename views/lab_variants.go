package views

import "time"

// SettingsForm is a lab model's settings as its edit form shows them: every value as
// the form's field holds it, "" where a setting is not sent.
type SettingsForm struct {
	Organization, BaseURL, ModelID, SystemPrompt string
	Temperature, TopP, Seed, Stop                string
	ReasoningEffort, MaxTokensField, ExtraBody   string
	MaxTokens, TimeoutSeconds, MaxConcurrency    int
}

// VariantLine is a lab model's line of variants on the transparency page.
type VariantLine struct {
	Model, Lab string
	Variants   []VariantRow
}

// VariantRow is one model of a line of variants.
type VariantRow struct {
	ID      int64 // 0 where the viewer cannot open its page
	Name    string
	Variant int
	Status  string
	Created time.Time
	Votes   int64
	// Rating is "" when the variant has none.
	Rating  string
	Current bool // the model the page is about
	Changes []ChangeRow
}

// ChangeRow is a setting that differs from the variant before. Withheld changes show
// no values on public pages.
type ChangeRow struct {
	Setting, From, To string
	Withheld          bool
}

func orUnset(s string) string {
	if s == "" {
		return "not sent"
	}
	return s
}
