package arena

import (
	"context"
	"fmt"
)

// BattlePrompt is a battle's first prompt.
type BattlePrompt struct {
	ID, Prompt string
}

// BattleLanguage is a battle's detected language.
type BattleLanguage struct {
	ID, Language string
}

// LanguageStore finds and fills this arena's battles stored before their language was
// detected. Imported battles keep their file's language and are never listed.
type LanguageStore interface {
	// BattlesWithoutLanguage returns up to n of this arena's own battles with no
	// language, whose ids sort after after, in id order, with their first prompts.
	BattlesWithoutLanguage(ctx context.Context, after string, n int) ([]BattlePrompt, error)
	// SetBattleLanguages stores each battle's language, in one transaction.
	SetBattleLanguages(ctx context.Context, langs []BattleLanguage) error
}

// LanguageBatch is how many battles BackfillLanguages detects per transaction: a few
// hundred milliseconds of detection, a short write.
const LanguageBatch = 500

// BackfillLanguages detects, with detect, the language of this arena's battles that
// have none (stored before detection ran at battle creation), LanguageBatch at a time,
// and returns how many it filled. Each batch is its own short transaction, so a long
// back-fill never holds the writer, and one stopped half-way resumes where it left.
func BackfillLanguages(ctx context.Context, st LanguageStore, detect func(string) string) (int, error) {
	after, n := "", 0
	for {
		ps, err := st.BattlesWithoutLanguage(ctx, after, LanguageBatch)
		if err != nil {
			return n, fmt.Errorf("back-filling battle languages: %w", err)
		}
		if len(ps) == 0 {
			return n, nil
		}
		langs := make([]BattleLanguage, len(ps))
		for i, p := range ps {
			langs[i] = BattleLanguage{ID: p.ID, Language: detect(p.Prompt)}
		}
		if err := st.SetBattleLanguages(ctx, langs); err != nil {
			return n, fmt.Errorf("back-filling battle languages: %w", err)
		}
		n += len(ps)
		after = ps[len(ps)-1].ID
	}
}
