package sqlstore

import (
	"context"
	"database/sql"

	"github.com/arena-dev/arena/arena"
)

var _ arena.RefusalStore = (*DB)(nil)

// UncheckedRefusals returns up to limit voted battles whose refusal flag is not set,
// by id, through the partial index on the unset flag, with every answer of both sides.
func (db *DB) UncheckedRefusals(ctx context.Context, limit int) (_ []arena.UncheckedRefusal, err error) {
	defer wrap(&err, "UncheckedRefusals")
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, COALESCE(t.answer_a, ''), COALESCE(t.answer_b, '') FROM
		(SELECT id FROM battles WHERE refusal IS NULL AND EXISTS (SELECT 1 FROM votes v WHERE v.battle_id = battles.id)
			ORDER BY id LIMIT ?) b
		LEFT JOIN turns t ON t.battle_id = b.id ORDER BY b.id, t.idx`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.UncheckedRefusal
	for rows.Next() {
		var id, a, b string
		if err := rows.Scan(&id, &a, &b); err != nil {
			return nil, err
		}
		if n := len(out); n == 0 || out[n-1].ID != id {
			out = append(out, arena.UncheckedRefusal{ID: id})
		}
		last := &out[len(out)-1]
		last.Answers = append(last.Answers, a, b)
	}
	return out, rows.Err()
}

// SetRefusals stores the battles' refusal flags, in one transaction, leaving a flag
// already set (by the vote, or by another server) as it is.
func (db *DB) SetRefusals(ctx context.Context, flags map[string]bool) (err error) {
	defer wrap(&err, "SetRefusals")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for id, refusal := range flags {
			if _, err := tx.ExecContext(ctx, `UPDATE battles SET refusal = ? WHERE id = ? AND refusal IS NULL`, refusal, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// importedRefusal is an imported battle's refusal flag, stored as it is imported: its
// answers are its source's, final.
func importedRefusal(b *arena.ImportedBattle) bool {
	for _, t := range b.Turns {
		if arena.Refusal(t.AnswerA, t.AnswerB) {
			return true
		}
	}
	return false
}
