package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.LabReportStore = (*DB)(nil)

// ModelCategoryVotes counts a model's votes per category of this arena's own battles.
func (db *DB) ModelCategoryVotes(ctx context.Context, modelID int64) (_ []arena.CategoryVotes, err error) {
	defer wrap(&err, "ModelCategoryVotes")
	rows, err := db.read.QueryContext(ctx, `SELECT category,
		SUM(wins_lo + wins_hi + ties + both_bad),
		SUM(CASE WHEN model_lo = ?1 THEN wins_lo ELSE wins_hi END),
		SUM(CASE WHEN model_lo = ?1 THEN wins_hi ELSE wins_lo END),
		SUM(ties + both_bad)
		FROM pair_counts WHERE (model_lo = ?1 OR model_hi = ?1) AND category NOT LIKE 'imported:%'
		GROUP BY category ORDER BY category`, modelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.CategoryVotes
	for rows.Next() {
		var c arena.CategoryVotes
		if err := rows.Scan(&c.Category, &c.Votes, &c.Wins, &c.Losses, &c.Ties); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ModelReasons counts the reasons voters gave in this model's counted votes, split by
// whether the model won or lost that vote.
func (db *DB) ModelReasons(ctx context.Context, modelID int64) (_ []arena.ReasonCount, err error) {
	defer wrap(&err, "ModelReasons")
	// The sums are ordered from an outer query: PostgreSQL, unlike SQLite, does not let
	// an ORDER BY expression name output columns.
	rows, err := db.read.QueryContext(ctx, `SELECT reason, won, lost FROM (SELECT r.value AS reason,
		SUM(CASE WHEN (v.winner = 'model_a' AND b.model_a = ?1) OR (v.winner = 'model_b' AND b.model_b = ?1) THEN 1 ELSE 0 END) AS won,
		SUM(CASE WHEN (v.winner = 'model_a' AND b.model_b = ?1) OR (v.winner = 'model_b' AND b.model_a = ?1) THEN 1 ELSE 0 END) AS lost
		FROM votes v JOIN battles b ON b.id = v.battle_id, `+db.d.JSONStrings("v.reasons", "r")+`
		WHERE (b.model_a = ?1 OR b.model_b = ?1) AND `+countedVote+`
		GROUP BY r.value) t ORDER BY won + lost DESC, reason`, modelID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.ReasonCount
	for rows.Next() {
		var r arena.ReasonCount
		if err := rows.Scan(&r.Reason, &r.Won, &r.Lost); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// SampleBattles returns recent counted votes of a model whose battles may be shown to
// its lab (see shownToLab), first turn only.
func (db *DB) SampleBattles(ctx context.Context, modelID int64, limit int) (_ []arena.SampleBattle, err error) {
	defer wrap(&err, "SampleBattles")
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, t.prompt, t.answer_a, t.answer_b, ma.name, mb.name, v.winner, v.reasons,
		v.created_at, b.category
		FROM votes v JOIN battles b ON b.id = v.battle_id
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE `+countedVote+` AND ((b.model_a = ?1 AND `+shownToLab("ma", "mb")+`) OR (b.model_b = ?1 AND `+shownToLab("mb", "ma")+`))
		ORDER BY v.created_at DESC LIMIT ?2`, modelID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.SampleBattle
	for rows.Next() {
		var s arena.SampleBattle
		var winner, reasons, category string
		var voted int64
		if err := rows.Scan(&s.ID, &s.Prompt, &s.AnswerA, &s.AnswerB, &s.ModelA, &s.ModelB, &winner, &reasons, &voted, &category); err != nil {
			return nil, err
		}
		s.Winner, s.VotedAt = arena.Winner(winner), fromMS(voted)
		_ = json.Unmarshal([]byte(reasons), &s.Reasons)
		if category != "" {
			s.Category = strings.Split(category, ",")
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// LabBattles streams the counted votes of a lab's models, oldest first, from one read:
// a row per model of the lab, so a battle between two of them comes twice, once from
// each side. The prompt and answer are filled where the battle may be shown to the lab.
func (db *DB) LabBattles(ctx context.Context, labID int64, fn func(*arena.LabBattleRow) error) (err error) {
	defer wrap(&err, "LabBattles")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	side := func(isA bool) string {
		own, opp, sideA := "ma", "mb", "1"
		if !isA {
			own, opp, sideA = "mb", "ma", "0"
		}
		return `SELECT b.id, v.created_at, ma.name AS ma_name, mb.name AS mb_name, ` + sideA + ` AS side_a, v.winner, b.category, v.reasons,
			b.turns, CASE WHEN ` + shownToLab(own, opp) + ` THEN 1 ELSE 0 END AS shown, t.prompt, t.answer_a, t.answer_b
			FROM votes v JOIN battles b ON b.id = v.battle_id
			JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
			LEFT JOIN turns t ON t.battle_id = b.id AND t.idx = 0
			WHERE ` + own + `.lab_id = ?1 AND ` + countedVote
	}
	rows, err := tx.QueryContext(ctx, side(true)+` UNION ALL `+side(false)+` ORDER BY 2, 1, 5 DESC`, labID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r arena.LabBattleRow
		var voted int64
		var sideA, shown bool
		var winner, category, reasons string
		var prompt, ansA, ansB sql.NullString
		var ma, mb string
		if err := rows.Scan(&r.BattleID, &voted, &ma, &mb, &sideA, &winner, &category, &reasons, &r.Turns, &shown, &prompt, &ansA, &ansB); err != nil {
			return err
		}
		r.VotedAt = fromMS(voted)
		own, theirs := arena.WinnerA, arena.WinnerB
		r.Model, r.Opponent, r.Side = ma, mb, "a"
		answer := ansA.String
		if !sideA {
			own, theirs = theirs, own
			r.Model, r.Opponent, r.Side = mb, ma, "b"
			answer = ansB.String
		}
		switch arena.Winner(winner) {
		case own:
			r.Result = "win"
		case theirs:
			r.Result = "loss"
		default:
			r.Result = winner
		}
		if category != "" {
			r.Category = strings.Split(category, ",")
		}
		_ = json.Unmarshal([]byte(reasons), &r.Reasons)
		if shown {
			r.Prompt, r.Answer = prompt.String, answer
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ModelFailures returns a model's latest failed answers in full, newest first.
func (db *DB) ModelFailures(ctx context.Context, modelID int64, limit int) (_ []arena.AnswerFailure, err error) {
	defer wrap(&err, "ModelFailures")
	rows, err := db.read.QueryContext(ctx, `SELECT battle_id, idx, side, kind, http_status, request_id, detail, created_at
		FROM answer_failures WHERE model_id = ? ORDER BY created_at DESC, battle_id DESC, idx DESC LIMIT ?`, modelID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.AnswerFailure
	for rows.Next() {
		var f arena.AnswerFailure
		var at int64
		if err := rows.Scan(&f.BattleID, &f.Turn, &f.Side, &f.Kind, &f.HTTPStatus, &f.RequestID, &f.Detail, &at); err != nil {
			return nil, err
		}
		f.At = fromMS(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

var _ arena.PerformanceStore = (*DB)(nil)

// ModelAnswers streams a model's finished answers in this arena's own battles whose
// turn began at since or later, newest first, at most limit, from one read.
func (db *DB) ModelAnswers(ctx context.Context, modelID int64, since time.Time, limit int, fn func(arena.AnswerSample) error) (err error) {
	defer wrap(&err, "ModelAnswers")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	side := func(s string) string {
		return `SELECT t.created_at, t.status_` + s + `, t.ttft_ms_` + s + `, t.total_ms_` + s + `, t.completion_tokens_` + s + `, COALESCE(f.kind, '')
			FROM battles b JOIN turns t ON t.battle_id = b.id
			LEFT JOIN answer_failures f ON f.battle_id = t.battle_id AND f.idx = t.idx AND f.side = '` + s + `'
			WHERE b.model_` + s + ` = ?1 AND b.source = '' AND t.created_at >= ?2 AND t.status_` + s + ` IN ('done', 'failed')`
	}
	rows, err := tx.QueryContext(ctx, side("a")+` UNION ALL `+side("b")+` ORDER BY 1 DESC LIMIT ?3`, modelID, ms(since), limit)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var s arena.AnswerSample
		var at int64
		var status string
		var ttft, total float64
		if err := rows.Scan(&at, &status, &ttft, &total, &s.CompletionTokens, &s.Kind); err != nil {
			return err
		}
		s.At, s.Failed, s.FirstToken, s.Total = fromMS(at), status == string(arena.AnswerFailed), durMS(ttft), durMS(total)
		if err := fn(s); err != nil {
			return err
		}
	}
	return rows.Err()
}
