package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/arena-dev/arena/arena"
)

var _ arena.MyBattlesStore = (*DB)(nil)

// likePattern is a LIKE pattern matching s anywhere, its own wildcards taken literally.
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}

// MyBattles returns a page of a user's battles matching q, newest first, keyed on
// (created_at, id) so that pages hold still while new battles are started.
func (db *DB) MyBattles(ctx context.Context, userID int64, q arena.MyBattlesQuery) (_ []arena.MyBattle, err error) {
	defer wrap(&err, "MyBattles")
	where := []string{`b.user_id = ?`}
	args := []any{userID}
	if q.Search != "" {
		// SQLite's LOWER folds ASCII only; PostgreSQL's folds every letter. Both fold
		// the pattern the same way as the prompt, so ASCII search is alike on both.
		where = append(where, `EXISTS (SELECT 1 FROM turns s WHERE s.battle_id = b.id AND LOWER(s.prompt) LIKE ? ESCAPE '\')`)
		args = append(args, likePattern(q.Search))
	}
	if q.Model != "" {
		// Only revealed battles: a filter must not tell which models an unvoted battle has.
		where = append(where, `b.status = 'voted' AND (ma.name = ? OR mb.name = ?)`)
		args = append(args, q.Model, q.Model)
	}
	switch q.Outcome {
	case "":
	case arena.OutcomeNone:
		where = append(where, `v.battle_id IS NULL`)
	default:
		where = append(where, `v.winner = ?`)
		args = append(args, q.Outcome)
	}
	if q.Status != "" {
		where = append(where, `b.status = ?`)
		args = append(args, string(q.Status))
	}
	if !q.From.IsZero() {
		where = append(where, `b.created_at >= ?`)
		args = append(args, ms(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, `b.created_at < ?`)
		args = append(args, ms(q.To))
	}
	if q.After != nil {
		at := ms(q.After.CreatedAt)
		where = append(where, `(b.created_at < ? OR (b.created_at = ? AND b.id < ?))`)
		args = append(args, at, at, q.After.ID)
	}
	args = append(args, q.Limit)
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, b.status, b.created_at, b.turns, t.prompt,
		ma.name, ma.provider, mb.name, mb.provider, v.winner, v.created_at, b.mode
		FROM battles b JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		LEFT JOIN votes v ON v.battle_id = b.id
		WHERE `+strings.Join(where, ` AND `)+`
		ORDER BY b.created_at DESC, b.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.MyBattle
	for rows.Next() {
		var b arena.MyBattle
		var status, pa, pb, mode string
		var created int64
		var winner sql.NullString
		var voted sql.NullInt64
		if err := rows.Scan(&b.ID, &status, &created, &b.Turns, &b.Prompt, &b.ModelA.Name, &pa, &b.ModelB.Name, &pb, &winner, &voted, &mode); err != nil {
			return nil, err
		}
		b.Status, b.CreatedAt = arena.BattleStatus(status), fromMS(created)
		b.ModelA.Provider, b.ModelB.Provider, b.Mode = pa, pb, arena.BattleMode(mode)
		if b.Mode == arena.ModeDirect {
			b.ModelB = arena.Model{} // model_b repeats model_a (see CreateBattle)
		}
		b.Winner = arena.Winner(winner.String)
		if voted.Valid {
			b.VotedAt = fromMS(voted.Int64)
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

// MyBattleModels returns the models of the user's voted battles, by name.
func (db *DB) MyBattleModels(ctx context.Context, userID int64) (_ []arena.Model, err error) {
	defer wrap(&err, "MyBattleModels")
	return db.queryModels(ctx, `SELECT `+modelCols+` FROM models WHERE id IN (
		SELECT model_a FROM battles WHERE user_id = ? AND status = 'voted'
		UNION SELECT model_b FROM battles WHERE user_id = ? AND status = 'voted') ORDER BY name`, userID, userID)
}
