package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/arena-dev/arena/arena"
)

var _ arena.RetagStore = (*DB)(nil)

// lmarenaJSON is how battles.category_v01 holds v0.1 verdicts: their JSON, "" for none.
func lmarenaJSON(t *arena.LMArenaTags) string {
	if t == nil {
		return ""
	}
	b, _ := json.Marshal(t)
	return string(b)
}

func parseLMArena(s string) (*arena.LMArenaTags, error) {
	if s == "" {
		return nil, nil
	}
	var t arena.LMArenaTags
	if err := json.Unmarshal([]byte(s), &t); err != nil {
		return nil, err
	}
	return &t, nil
}

// StaleTags returns up to limit of this arena's own battles tagged by a tagger older
// than version, with their first prompt, by the partial index on tagger.
func (db *DB) StaleTags(ctx context.Context, version, limit int) (_ []arena.StaleBattle, err error) {
	defer wrap(&err, "StaleTags")
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, COALESCE(t.prompt, '') FROM battles b
		LEFT JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE b.source = '' AND b.tagger < ? ORDER BY b.tagger, b.id LIMIT ?`, version, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.StaleBattle
	for rows.Next() {
		var b arena.StaleBattle
		if err := rows.Scan(&b.ID, &b.Prompt); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// Retag stores new tags for battles still tagged by a tagger older than version, and
// moves each one's counted vote from the counters of the categories it left to those
// of the ones it joined (the all-battles counter stays), in one transaction.
func (db *DB) Retag(ctx context.Context, version int, tags []arena.BattleTags) (_ arena.RetagStats, err error) {
	defer wrap(&err, "Retag")
	var st arena.RetagStats
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		st = arena.RetagStats{}
		for _, bt := range tags {
			var old, mode, kind string
			var ma, mb int64
			err := tx.QueryRowContext(ctx, `SELECT category, model_a, model_b, mode, `+storedArena+` FROM battles WHERE id = ? AND source = '' AND tagger < ?`,
				bt.ID, version).Scan(&old, &ma, &mb, &mode, &kind)
			if errors.Is(err, sql.ErrNoRows) {
				continue // re-tagged meanwhile, or gone
			} else if err != nil {
				return err
			}
			cat := strings.Join(bt.Tags.Categories, ",")
			if _, err := tx.ExecContext(ctx, `UPDATE battles SET category = ?, category_v01 = ?, tagger = ? WHERE id = ?`,
				cat, lmarenaJSON(&bt.Tags.LMArena), version, bt.ID); err != nil {
				return err
			}
			st.Battles++
			if cat == old {
				continue
			}
			st.Changed++
			var winner string
			var counted bool
			err = tx.QueryRowContext(ctx, `SELECT winner, counted FROM votes WHERE battle_id = ?`, bt.ID).Scan(&winner, &counted)
			if errors.Is(err, sql.ErrNoRows) || err == nil && !counted {
				continue // no vote, or one the counters never held
			} else if err != nil {
				return err
			}
			// The counters of the battle's mode: a side-by-side vote moves between the
			// side-by-side board's categories, never onto the main board's.
			before, after := pairCategories(mode, kind, old), pairCategories(mode, kind, cat)
			for _, c := range before {
				if !slices.Contains(after, c) {
					if err := db.addOutcome(ctx, tx, c, ma, mb, arena.Winner(winner), -1); err != nil {
						return err
					}
				}
			}
			for _, c := range after {
				if !slices.Contains(before, c) {
					if err := db.addOutcome(ctx, tx, c, ma, mb, arena.Winner(winner), 1); err != nil {
						return err
					}
				}
			}
			st.Votes++
		}
		return nil
	})
	return st, err
}
