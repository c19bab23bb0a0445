package arena

import (
	"context"
	"fmt"

	"github.com/arena-dev/arena/ranking"
)

// BattleStyle is the style of a battle's two answers (ranking.StyleOf of each side's
// answers, all turns joined with line breaks): what a style-controlled board fits
// from. It is counted once, when the vote is stored, and kept with the battle, so a fit
// reads numbers instead of every answer ever voted on.
type BattleStyle struct {
	A, B ranking.Style
	// HasText is false for a battle without answers (an imported clean_battle log's),
	// which has no style to control for.
	HasText bool
}

// StyleOfAnswers is the one definition of a battle's style: the stored features and
// the ones a fit computes from text when none is stored are both this.
func StyleOfAnswers(textA, textB string) BattleStyle {
	if textA == "" && textB == "" {
		return BattleStyle{}
	}
	return BattleStyle{A: ranking.StyleOf(textA), B: ranking.StyleOf(textB), HasText: true}
}

// BattleAnswers is a voted battle's answers, each side's turns joined with line breaks.
type BattleAnswers struct {
	ID           string
	TextA, TextB string
}

// StoredStyle is a battle's style as stored.
type StoredStyle struct {
	ID    string
	Style BattleStyle
}

// StyleStore holds the battles' style features.
type StyleStore interface {
	// BattlesWithoutStyle lists the voted battles with no stored style, by id from
	// after, with their answers.
	BattlesWithoutStyle(ctx context.Context, after string, n int) ([]BattleAnswers, error)
	// SetBattleStyles stores battles' styles in one transaction, keeping any already
	// stored.
	SetBattleStyles(ctx context.Context, styles []StoredStyle) error
}

// StyleBatch is how many battles BackfillStyles counts per transaction: each reads
// about 3 kB of answers, so a batch is a few MB read and a short write.
const StyleBatch = 1000

// BackfillStyles counts and stores the style of the voted battles that have none (those
// voted before styles were stored), StyleBatch at a time, and returns how many it
// stored. Each batch is its own short transaction, so the back-fill never holds the
// writer for long, and one stopped half-way resumes where it left off. Until it is
// done the store reads the remaining battles' text for their style, so no board is
// ever fitted without them.
func BackfillStyles(ctx context.Context, st StyleStore) (int, error) {
	after, n := "", 0
	for {
		bs, err := st.BattlesWithoutStyle(ctx, after, StyleBatch)
		if err != nil {
			return n, fmt.Errorf("back-filling answer styles: %w", err)
		}
		if len(bs) == 0 {
			return n, nil
		}
		styles := make([]StoredStyle, len(bs))
		for i, b := range bs {
			styles[i] = StoredStyle{ID: b.ID, Style: StyleOfAnswers(b.TextA, b.TextB)}
		}
		if err := st.SetBattleStyles(ctx, styles); err != nil {
			return n, fmt.Errorf("back-filling answer styles: %w", err)
		}
		n += len(bs)
		after = bs[len(bs)-1].ID
	}
}
