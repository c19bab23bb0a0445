package sqlstore

import (
	"context"
	"database/sql"

	"github.com/arena-dev/arena/arena"
)

var _ arena.StyleStore = (*DB)(nil)

// answerOf selects one side ("a" or "b") of battle b's answers, its turns joined with
// line breaks in turn order: the text its style is counted from.
func (db *DB) answerOf(side string) string {
	col := "answer_" + side
	return `COALESCE((SELECT ` + db.d.JoinLines(col, "idx") + ` FROM (SELECT ` + col + `, idx FROM turns t WHERE t.battle_id = b.id ORDER BY idx) t), '')`
}

// answersOf selects both sides' answers of battle b (answerOf), as two columns.
func (db *DB) answersOf() string { return db.answerOf("a") + ", " + db.answerOf("b") }

const qInsertStyle = `INSERT INTO battle_styles (battle_id, has_text, tokens_a, headers_a, lists_a, bold_a, tokens_b, headers_b, lists_b, bold_b)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (battle_id) DO NOTHING`

// styleArgs are a style's columns after battle_id, in qInsertStyle's order.
func styleArgs(s arena.BattleStyle) []any {
	return []any{b2i(s.HasText), s.A.Tokens, s.A.Headers, s.A.Lists, s.A.Bold, s.B.Tokens, s.B.Headers, s.B.Lists, s.B.Bold}
}

// storeStyle counts and stores the style of battle id from its answers as tx sees them:
// the vote path calls it beside the vote, so a battle's stored style is of the answers
// voted on.
func (db *DB) storeStyle(ctx context.Context, tx *sql.Tx, id string) error {
	var a, b string
	if err := tx.QueryRowContext(ctx, `SELECT `+db.answersOf()+` FROM battles b WHERE b.id = ?`, id).Scan(&a, &b); err != nil {
		return err
	}
	_, err := db.txExec(ctx, tx, qInsertStyle, append([]any{id}, styleArgs(arena.StyleOfAnswers(a, b))...)...)
	return err
}

// BattlesWithoutStyle lists the voted battles with no stored style, by id from after,
// with their answers: a walk of the primary key, so a back-fill in batches reads each
// battle once.
func (db *DB) BattlesWithoutStyle(ctx context.Context, after string, n int) (_ []arena.BattleAnswers, err error) {
	defer wrap(&err, "BattlesWithoutStyle")
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, `+db.answersOf()+` FROM battles b
		WHERE b.id > ? AND EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = b.id)
		AND NOT EXISTS (SELECT 1 FROM battle_styles s WHERE s.battle_id = b.id)
		ORDER BY b.id LIMIT ?`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.BattleAnswers
	for rows.Next() {
		var a arena.BattleAnswers
		if err := rows.Scan(&a.ID, &a.TextA, &a.TextB); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// SetBattleStyles stores battles' styles in one transaction; a battle whose style is
// stored already (its vote stored it meanwhile) keeps it.
func (db *DB) SetBattleStyles(ctx context.Context, styles []arena.StoredStyle) (err error) {
	defer wrap(&err, "SetBattleStyles")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, s := range styles {
			if _, err := db.txExec(ctx, tx, qInsertStyle, append([]any{s.ID}, styleArgs(s.Style)...)...); err != nil {
				return err
			}
		}
		return nil
	})
}
