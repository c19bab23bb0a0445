package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/internal/textscratch"
)

var _ arena.ReleaseSource = (*DB)(nil)

// exportWhere builds the WHERE clause and arguments of an export query over votes v,
// battles b and models ma and mb.
func exportWhere(f arena.ExportFilter) (string, []any) {
	conds, args := exportConds(f)
	if f.Internal {
		// Held-out campaign prompts are the sponsoring lab's alone: not even the
		// operator's exports carry them.
		conds = append(conds, "b.gold_side = ''", "b.held_out = 0")
	} else {
		conds = append(conds, publishable)
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

// exportConds are the conditions of f's filters, apart from the choice of set.
func exportConds(f arena.ExportFilter) ([]string, []any) {
	var conds []string
	var args []any
	if !f.Since.IsZero() {
		conds = append(conds, "v.created_at >= ?")
		args = append(args, ms(f.Since))
	}
	if !f.Until.IsZero() {
		conds = append(conds, "v.created_at < ?")
		args = append(args, ms(f.Until))
	}
	if len(f.Models) > 0 {
		ph := strings.TrimSuffix(strings.Repeat("?,", len(f.Models)), ",")
		conds = append(conds, "(ma.name IN ("+ph+") OR mb.name IN ("+ph+"))")
		for range 2 {
			for _, m := range f.Models {
				args = append(args, m)
			}
		}
	}
	if f.Category != "" {
		conds = append(conds, "(',' || b.category || ',') LIKE ?")
		args = append(args, "%,"+f.Category+",%")
	}
	if f.ExcludeTies {
		conds = append(conds, "v.winner IN ('model_a', 'model_b')")
	}
	if f.ExcludeFlagged {
		conds = append(conds, "b.flagged = 0")
	}
	if f.ExcludeImported {
		conds = append(conds, "b.source = ''")
	}
	if f.Voter != 0 {
		conds = append(conds, "v.user_id = ?")
		args = append(args, f.Voter)
	}
	return conds, args
}

// ConsentCounts counts the counted and imported battles f's filters select, those
// their voters agreed to publish, and those publishable.
func (db *DB) ConsentCounts(ctx context.Context, f arena.ExportFilter) (_ arena.ConsentCounts, err error) {
	defer wrap(&err, "ConsentCounts")
	conds, args := exportConds(f)
	conds = append(conds, voteSet(true))
	var c arena.ConsentCounts
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(v.publish), 0),
		COALESCE(SUM(CASE WHEN `+publishable+` THEN 1 ELSE 0 END), 0)`+db.exportFrom(f)+` WHERE `+strings.Join(conds, " AND "), args...).
		Scan(&c.Eligible, &c.Consented, &c.Publishable)
	return c, err
}

// RecordRelease stores a release, its manifest's SHA-256 and the ids of the battles it
// holds, in one transaction.
func (db *DB) RecordRelease(ctx context.Context, r *arena.DatasetRelease, manifestSHA256 string, battleIDs []string) (err error) {
	defer wrap(&err, "RecordRelease")
	filters, _ := json.Marshal(r.Filters)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		if err := tx.QueryRowContext(ctx, `INSERT INTO releases (name, created_at, internal, battles, filters, manifest_sha256) VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			r.Name, ms(r.CreatedAt), b2i(r.IsInternal()), len(battleIDs), string(filters), manifestSHA256).Scan(&id); err != nil {
			if db.isUnique(err) {
				return arena.Errorf(arena.ECONFLICT, "This database already recorded a release named %q.", r.Name)
			}
			return err
		}
		const batch = 500
		for len(battleIDs) > 0 {
			k := min(batch, len(battleIDs))
			q := `INSERT INTO release_battles (release_id, battle_id) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?),", k), ",") +
				` ON CONFLICT DO NOTHING`
			args := make([]any, 0, 2*k)
			for _, b := range battleIDs[:k] {
				args = append(args, id, b)
			}
			if _, err := tx.ExecContext(ctx, q, args...); err != nil {
				return err
			}
			battleIDs = battleIDs[k:]
		}
		return nil
	})
}

// exportFrom joins votes to their battles and models, in the order the dialect's planner
// should keep. One voter's download reads that voter's votes by their own index rather
// than walking every vote in time order.
func (db *DB) exportFrom(f arena.ExportFilter) string {
	j := db.d.FixedJoin
	votes := db.d.VotesByTime
	if f.Voter != 0 {
		votes = "votes v"
	}
	q := ` FROM ` + votes + ` ` + j + ` battles b ON b.id = v.battle_id
		` + j + ` models ma ON ma.id = b.model_a ` + j + ` models mb ON mb.id = b.model_b`
	return q
}

// CountExportRows counts the voted battles f selects.
func (db *DB) CountExportRows(ctx context.Context, f arena.ExportFilter) (_ int64, err error) {
	defer wrap(&err, "CountExportRows")
	where, args := exportWhere(f)
	var n int64
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*)`+db.exportFrom(f)+where, args...).Scan(&n)
	return n, err
}

// ExportRows streams the voted battles f selects, in vote-time order, from one read
// transaction. It runs one query, a row per turn (battles without turns, like imported
// clean_battle logs, give one row with NULL turn columns), and groups the turns of a
// battle as they come: memory stays constant however many battles there are. A row's
// texts are valid only during the callback (see arena.ExportRow).
func (db *DB) ExportRows(ctx context.Context, f arena.ExportFilter, fn func(*arena.ExportRow) error) (err error) {
	defer wrap(&err, "ExportRows")
	where, args := exportWhere(f)
	rows, err := db.cursor(ctx, db.d.ExportStart, `SELECT b.id, b.source, b.external_id, ma.name, mb.name, v.winner, b.category, b.language,
		v.created_at, v.user_id, v.judge, v.reasons, v.comment, b.flagged, b.conv_metadata, b.category_v01, t.idx, t.prompt, t.answer_a, t.answer_b,
		t.reasoning_a, t.reasoning_b, t.finish_a, t.finish_b, t.completion_tokens_a, t.completion_tokens_b, b.mode,
		b.regenerated_a, b.regenerated_b, t.status_a, t.status_b, t.images, t.images_a, t.images_b`+
		db.exportFrom(f)+` LEFT JOIN turns t ON t.battle_id = v.battle_id`+where+` ORDER BY `+db.d.VoteOrder+`, t.idx`, args)
	if err != nil {
		return err
	}
	defer rows.Close()
	const (
		colID = iota
		colSource
		colExtID
		colModelA
		colModelB
		colWinner
		colCategory
		colLanguage
		colCreated
		colVoter
		colJudge
		colReasons
		colComment
		colFlagged
		colConvMeta
		colLMArena
		colIdx
		colPrompt
		colAnswerA
		colAnswerB
		colReasoningA
		colReasoningB
		colFinishA
		colFinishB
		colTokensA
		colTokensB
		colMode
		colRegeneratedA
		colRegeneratedB
		colStatusA
		colStatusB
		colImages
		colImagesA
		colImagesB
	)
	var (
		row  arena.ExportRow
		have bool
		cur  []byte
		n    int
		// the battle's texts: a cursor's bytes last one row, a battle's turns span
		// several, and the callback copies what it keeps
		text textscratch.Scratch
		// interned model names, categories and reasons: few distinct values, many rows
		names   = map[string]string{}
		cats    = map[string][]string{}
		reasons = map[string][]string{}
		lmarena = map[string]*arena.LMArenaTags{}
	)
	intern := func(b []byte) string {
		if s, ok := names[string(b)]; ok {
			return s
		}
		s := string(b)
		names[s] = s
		return s
	}
	emit := func() error {
		if !have {
			return nil
		}
		have = false
		return fn(&row)
	}
	for rows.Next() {
		id := rows.Bytes(colID)
		if !have || string(cur) != string(id) {
			if err := emit(); err != nil {
				return err
			}
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			cur = append(cur[:0], id...)
			text.Reset()
			source := rows.Bytes(colSource)
			row = arena.ExportRow{
				ID: text.CopyBytes(id), Source: intern(source),
				ModelA: intern(rows.Bytes(colModelA)), ModelB: intern(rows.Bytes(colModelB)),
				Winner: arena.Winner(intern(rows.Bytes(colWinner))), Language: intern(rows.Bytes(colLanguage)),
				VotedAt: fromMS(rows.Int(colCreated)), VoterID: rows.Int(colVoter),
				Judge: text.CopyBytes(rows.Bytes(colJudge)), Comment: text.CopyBytes(rows.Bytes(colComment)),
				Flagged: rows.Int(colFlagged) != 0, Turns: row.Turns[:0], Mode: arena.BattleMode(intern(rows.Bytes(colMode))),
				ConvMetadata: text.CopyBytes(rows.Bytes(colConvMeta)),
				Regenerated:  [2]int{int(rows.Int(colRegeneratedA)), int(rows.Int(colRegeneratedB))},
			}
			category := rows.Bytes(colCategory)
			c, ok := cats[string(category)]
			if !ok {
				if len(category) > 0 {
					c = strings.Split(string(category), ",")
				}
				cats[string(category)] = c
			}
			row.Category = c
			if raw := rows.Bytes(colLMArena); len(raw) > 0 {
				t, ok := lmarena[string(raw)]
				if !ok {
					if t, err = parseLMArena(string(raw)); err != nil {
						return fmt.Errorf("battle %s: category_v01 %q: %w", id, raw, err)
					}
					if len(lmarena) == maxInterned {
						clear(lmarena)
					}
					lmarena[string(raw)] = t
				}
				row.LMArena = t
			}
			if raw := rows.Bytes(colReasons); len(raw) > 2 { // not "[]"
				r, ok := reasons[string(raw)]
				if !ok {
					if err := json.Unmarshal(raw, &r); err != nil {
						return fmt.Errorf("battle %s: reasons %q: %w", id, raw, err)
					}
					if len(reasons) == maxInterned { // comments in disguise: start over
						clear(reasons)
					}
					reasons[string(raw)] = r
				}
				row.Reasons = r
			}
			if len(source) > 0 {
				row.ID = text.CopyBytes(rows.Bytes(colExtID))
			}
			have = true
		}
		if rows.Bytes(colIdx) != nil { // NULL for a battle without turns
			row.Turns = append(row.Turns, arena.ExportTurn{
				Prompt:  text.CopyBytes(rows.Bytes(colPrompt)),
				AnswerA: text.CopyBytes(rows.Bytes(colAnswerA)), AnswerB: text.CopyBytes(rows.Bytes(colAnswerB)),
				ReasoningA: text.CopyBytes(rows.Bytes(colReasoningA)), ReasoningB: text.CopyBytes(rows.Bytes(colReasoningB)),
				FinishA: intern(rows.Bytes(colFinishA)), FinishB: intern(rows.Bytes(colFinishB)),
				TokensA: int(rows.Int(colTokensA)), TokensB: int(rows.Int(colTokensB)),
				StoppedA: string(rows.Bytes(colStatusA)) == string(arena.AnswerStopped),
				StoppedB: string(rows.Bytes(colStatusB)) == string(arena.AnswerStopped),
			})
			// The names alone: a turn's images are read, one at a time, only by the
			// formats that carry them.
			tr := &row.Turns[len(row.Turns)-1]
			tr.Images, tr.ImagesA, tr.ImagesB = imageNames(rows.Bytes(colImages), &text), imageNames(rows.Bytes(colImagesA), &text), imageNames(rows.Bytes(colImagesB), &text)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return emit()
}

// ExportPrompts streams the prompts of the voted battles f selects, one battle at a
// time, in the order ExportRows gives them.
func (db *DB) ExportPrompts(ctx context.Context, f arena.ExportFilter, fn func(prompts []string) error) (err error) {
	defer wrap(&err, "ExportPrompts")
	where, args := exportWhere(f)
	rows, err := db.cursor(ctx, db.d.ExportStart, `SELECT v.battle_id, t.idx, t.prompt`+
		db.exportFrom(f)+` LEFT JOIN turns t ON t.battle_id = v.battle_id`+where+` ORDER BY `+db.d.VoteOrder+`, t.idx`, args)
	if err != nil {
		return err
	}
	defer rows.Close()
	var (
		cur     []byte
		have    bool
		text    textscratch.Scratch
		prompts []string
		n       int
	)
	emit := func() error {
		if !have {
			return nil
		}
		return fn(prompts)
	}
	for rows.Next() {
		if id := rows.Bytes(0); !have || string(cur) != string(id) {
			if err := emit(); err != nil {
				return err
			}
			if n++; n%4096 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			cur, have, prompts = append(cur[:0], id...), true, prompts[:0]
			text.Reset()
		}
		if rows.Bytes(1) != nil { // NULL for a battle without turns
			prompts = append(prompts, text.CopyBytes(rows.Bytes(2)))
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return emit()
}

// maxInterned bounds the distinct reason lists an export keeps decoded.
const maxInterned = 4096

// SetBattleFlagged flags a battle (or clears the flag), so exports can leave it out.
func (db *DB) SetBattleFlagged(ctx context.Context, battleID string, flagged bool) (err error) {
	defer wrap(&err, "SetBattleFlagged")
	return db.setFlag(ctx, `UPDATE battles SET flagged = ? WHERE id = ?`, flagged, battleID, "No such battle.")
}

// SetModelOutputsPublic records whether a model's terms allow publishing its outputs.
func (db *DB) SetModelOutputsPublic(ctx context.Context, modelID int64, public bool) (err error) {
	defer wrap(&err, "SetModelOutputsPublic")
	return db.setFlag(ctx, `UPDATE models SET outputs_public = ? WHERE id = ?`, public, modelID, "No such model.")
}

// ModelOutputsPublic reports whether a model's outputs may be published.
func (db *DB) ModelOutputsPublic(ctx context.Context, modelID int64) (_ bool, err error) {
	defer wrap(&err, "ModelOutputsPublic")
	var p bool
	err = db.read.QueryRowContext(ctx, `SELECT outputs_public FROM models WHERE id = ?`, modelID).Scan(&p)
	if err == sql.ErrNoRows {
		return false, arena.Errorf(arena.ENOTFOUND, "No such model.")
	}
	return p, err
}

func (db *DB) setFlag(ctx context.Context, q string, v bool, id any, notFound string) error {
	res, err := db.write.ExecContext(ctx, q, v, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "%s", notFound)
	}
	return nil
}

// imageNames splits a turn's comma-separated image column into its SHA-256s, copied into
// the row's scratch (valid as long as the row's texts are); nil for none.
func imageNames(b []byte, text *textscratch.Scratch) []string {
	if len(b) == 0 {
		return nil
	}
	return strings.Split(text.CopyBytes(b), ",")
}
