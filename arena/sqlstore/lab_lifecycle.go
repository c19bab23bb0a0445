package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/arena-dev/arena/arena"
)

// PauseModel pauses an active or paused model and records who paused it; a pending or
// retired model is left alone (ECONFLICT).
func (db *DB) PauseModel(ctx context.Context, id int64, by arena.PauseOrigin, reason string, now time.Time) (err error) {
	defer wrap(&err, "PauseModel")
	res, err := db.write.ExecContext(ctx, `UPDATE models SET status = 'paused', paused_by = ?, status_reason = ?, status_at = ?, updated_at = ?
		WHERE id = ? AND status IN ('active', 'paused')`, string(by), reason, ms(now), ms(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		if _, err := db.LabModel(ctx, id); err != nil {
			return err
		}
		return arena.Errorf(arena.ECONFLICT, "Only an active or paused model can be paused.")
	}
	return nil
}

// SetModelEndpoint changes a pending model's endpoint and forgets its last check, which
// was of the old endpoint. An approved model keeps the endpoint it was approved with
// (ECONFLICT).
func (db *DB) SetModelEndpoint(ctx context.Context, id int64, baseURL, modelID string, now time.Time) (err error) {
	defer wrap(&err, "SetModelEndpoint")
	res, err := db.write.ExecContext(ctx, `UPDATE models SET base_url = ?, model_id = ?, check_at = NULL, check_ok = 0, check_ms = 0,
		check_message = '', updated_at = ? WHERE id = ? AND status = 'pending'`, baseURL, modelID, ms(now), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		m, err := db.LabModel(ctx, id)
		if err != nil {
			return err
		}
		return arena.Errorf(arena.ECONFLICT, "Only a pending model's endpoint can be changed; this one is %s.", m.Status)
	}
	return nil
}

// FreeRetiredName renames the retired model of lab labID named name to
// name@retired-DATE, the day it was retired (or with "-2", "-3"... if that is taken),
// when no battle ever drew it, and reports
// whether it did. A retired model that was in battles keeps its name, because votes,
// leaderboard snapshots and published datasets name it: that is ECONFLICT, saying so.
// Any other holder of the name is left alone (false, nil).
func (db *DB) FreeRetiredName(ctx context.Context, name string, labID int64, now time.Time) (freed bool, err error) {
	defer wrap(&err, "FreeRetiredName")
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var id int64
		var status string
		var lab sql.NullInt64
		var retiredAt int64
		err := tx.QueryRowContext(ctx, `SELECT id, status, lab_id, status_at FROM models WHERE name = ?`, name).Scan(&id, &status, &lab, &retiredAt)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		if status != string(arena.ModelRetired) || !lab.Valid || lab.Int64 != labID {
			return nil
		}
		var used bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM battles WHERE model_a = ? OR model_b = ?)`, id, id).Scan(&used); err != nil {
			return err
		}
		if used {
			return arena.Errorf(arena.ECONFLICT, "The name %q belongs to your retired model, which was in battles: its votes, leaderboard snapshots and published datasets name it, so the name stays with it. Register the new model under another name, such as %q.", name, name+"-v2")
		}
		suffix := "@retired-" + fromMS(retiredAt).UTC().Format("2006-01-02")
		for n := 1; ; n++ {
			to := name + suffix
			if n > 1 {
				to += fmt.Sprintf("-%d", n)
			}
			var taken bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM models WHERE name = ?)`, to).Scan(&taken); err != nil {
				return err
			}
			if taken {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE models SET name = ?, updated_at = ? WHERE id = ?`, to, ms(now), id); err != nil {
				return err
			}
			freed = true
			return nil
		}
	})
	return freed, err
}

// SetModelDetails changes a model's organisation, stall timeout and concurrency limit,
// the settings that leave its outputs as they are.
func (db *DB) SetModelDetails(ctx context.Context, id int64, organization string, timeout time.Duration, maxConcurrency int, now time.Time) (err error) {
	defer wrap(&err, "SetModelDetails")
	return db.execOne(ctx, `UPDATE models SET organization = ?, timeout_ms = ?, max_concurrency = ?, updated_at = ? WHERE id = ?`,
		organization, timeout.Milliseconds(), maxConcurrency, ms(now), id)
}

// CreateVariant stores v, a variant of model v.ParentID, and retires the parent, in one
// transaction. The parent must still be active or paused (a retired model stays as it
// was), and the unique index on parent_id lets a model have one variant only, so two
// edits at once cannot both make one.
func (db *DB) CreateVariant(ctx context.Context, v *arena.LabModel, sealKey func(id int64) []byte, reason string, now time.Time) (err error) {
	defer wrap(&err, "CreateVariant")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE models SET status = 'retired', status_reason = ?, status_at = ?, paused_by = '', updated_at = ?
			WHERE id = ? AND lab_id = ? AND status IN ('active', 'paused')
			AND NOT EXISTS (SELECT 1 FROM models c WHERE c.parent_id = ?)`, reason, ms(now), ms(now), v.ParentID, v.LabID, v.ParentID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return arena.Errorf(arena.ECONFLICT, "The model changed meanwhile (it is no longer active or paused, or has a variant already): reload its page and try again.")
		}
		var approved, checkAt any
		if !v.ApprovedAt.IsZero() {
			approved = ms(v.ApprovedAt)
		}
		if !v.Check.At.IsZero() {
			checkAt = ms(v.Check.At)
		}
		err = tx.QueryRowContext(ctx, `INSERT INTO models (name, organization, provider, base_url, model_id, api_key_env,
			max_tokens, system_prompt, timeout_ms, max_concurrency, active, created_at, updated_at,
			status, status_reason, status_at, paused_by, lab_id, license, outputs_public, approved_at,
			check_at, check_ok, check_ms, check_message, parent_id, variant, `+samplingCols("")+`)
			VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`+samplingMarks+`) RETURNING id`,
			append([]any{v.Name, v.Organization, v.Provider, v.BaseURL, v.ModelID, v.MaxTokens, v.SystemPrompt,
				v.Timeout.Milliseconds(), v.MaxConcurrency, v.Status == arena.ModelActive, ms(v.CreatedAt), ms(v.CreatedAt),
				string(v.Status), v.StatusReason, ms(now), string(v.PausedBy), v.LabID, v.License, v.OutputsPublic, approved,
				checkAt, v.Check.OK, v.Check.Latency.Milliseconds(), v.Check.Message, v.ParentID, v.Variant}, samplingArgs(&v.Model)...)...).Scan(&v.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "A model named %q already exists.", v.Name)
		} else if err != nil {
			return err
		}
		var sealed []byte
		if sealKey != nil {
			sealed = sealKey(v.ID)
		}
		v.Active, v.HasKey = v.Status == arena.ModelActive, sealed != nil
		_, err = tx.ExecContext(ctx, `UPDATE models SET api_key_enc = ? WHERE id = ?`, sealed, v.ID)
		return err
	})
}
