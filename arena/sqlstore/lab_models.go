package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.LabModelStore = (*DB)(nil)

var labModelCols = `m.id, m.name, m.organization, m.provider, m.base_url, m.model_id, m.api_key_env, m.max_tokens,
	m.system_prompt, m.timeout_ms, m.max_concurrency, m.active, m.created_at,
	COALESCE(m.lab_id, 0), COALESCE(l.name, ''), m.status, m.status_reason, m.status_at, m.paused_by, m.license, m.outputs_public,
	m.api_key_enc IS NOT NULL, COALESCE(m.approved_at, 0), COALESCE(m.check_at, 0), m.check_ok, m.check_ms, m.check_message,
	COALESCE(m.last_failure_at, 0), m.last_failure, COALESCE(m.parent_id, 0), m.variant, ` + samplingCols("m.")

const labModelFrom = ` FROM models m LEFT JOIN labs l ON l.id = m.lab_id`

func scanLabModel(row interface{ Scan(...any) error }) (*arena.LabModel, error) {
	var m arena.LabModel
	var timeout, created, statusAt, approved, checkAt, checkMS, failedAt int64
	var status, pausedBy string
	var sc samplingScan
	err := row.Scan(append([]any{&m.ID, &m.Name, &m.Organization, &m.Provider, &m.BaseURL, &m.ModelID, &m.APIKeyEnv,
		&m.MaxTokens, &m.SystemPrompt, &timeout, &m.MaxConcurrency, &m.Active, &created,
		&m.LabID, &m.LabName, &status, &m.StatusReason, &statusAt, &pausedBy, &m.License, &m.OutputsPublic,
		&m.HasKey, &approved, &checkAt, &m.Check.OK, &checkMS, &m.Check.Message, &failedAt, &m.LastFailure.Message,
		&m.ParentID, &m.Variant}, sc.dest()...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such model.")
	} else if err != nil {
		return nil, err
	}
	if err := sc.apply(&m.Model); err != nil {
		return nil, err
	}
	m.Timeout = time.Duration(timeout) * time.Millisecond
	m.CreatedAt = fromMS(created)
	m.Status, m.PausedBy = arena.ModelStatus(status), arena.PauseOrigin(pausedBy)
	if statusAt > 0 {
		m.StatusAt = fromMS(statusAt)
	}
	if approved > 0 {
		m.ApprovedAt = fromMS(approved)
	}
	if checkAt > 0 {
		m.Check.At = fromMS(checkAt)
	}
	m.Check.Latency = time.Duration(checkMS) * time.Millisecond
	if failedAt > 0 {
		m.LastFailure.At = fromMS(failedAt)
	}
	return &m, nil
}

// CreateLabModel inserts a pending lab model with its sealed key.
func (db *DB) CreateLabModel(ctx context.Context, m *arena.LabModel, sealKey func(id int64) []byte) (err error) {
	defer wrap(&err, "CreateLabModel")
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO models (name, organization, provider, base_url, model_id, api_key_env,
			max_tokens, system_prompt, timeout_ms, max_concurrency, active, created_at, updated_at,
			status, status_at, lab_id, license, outputs_public, `+samplingCols("")+`)
			VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, 0, ?, ?, 'pending', ?, ?, ?, ?`+samplingMarks+`) RETURNING id`,
			append([]any{m.Name, m.Organization, m.Provider, m.BaseURL, m.ModelID, m.MaxTokens, m.SystemPrompt,
				m.Timeout.Milliseconds(), m.MaxConcurrency, ms(m.CreatedAt), ms(m.CreatedAt), ms(m.CreatedAt), m.LabID, m.License,
				m.OutputsPublic}, samplingArgs(&m.Model)...)...).Scan(&m.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "A model named %q already exists.", m.Name)
		} else if err != nil {
			return err
		}
		var sealed []byte
		if sealKey != nil {
			sealed = sealKey(m.ID)
		}
		m.Status, m.Active, m.HasKey = arena.ModelPending, false, sealed != nil
		_, err = tx.ExecContext(ctx, `UPDATE models SET api_key_enc = ? WHERE id = ?`, sealed, m.ID)
		return err
	})
}

// LabModel returns a model with its lab fields.
func (db *DB) LabModel(ctx context.Context, id int64) (_ *arena.LabModel, err error) {
	defer wrap(&err, "LabModel")
	return scanLabModel(db.read.QueryRowContext(ctx, `SELECT `+labModelCols+labModelFrom+` WHERE m.id = ?`, id))
}

// LabModels lists a lab's models by name; labID 0 lists every model.
func (db *DB) LabModels(ctx context.Context, labID int64) (_ []arena.LabModel, err error) {
	defer wrap(&err, "LabModels")
	q, args := `SELECT `+labModelCols+labModelFrom+` ORDER BY m.name`, []any{}
	if labID != 0 {
		q, args = `SELECT `+labModelCols+labModelFrom+` WHERE m.lab_id = ? ORDER BY m.name`, []any{labID}
	}
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.LabModel
	for rows.Next() {
		m, err := scanLabModel(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}

func (db *DB) execOne(ctx context.Context, q string, args ...any) error {
	res, err := db.write.ExecContext(ctx, q, args...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "No such model.")
	}
	return nil
}

// SetModelStatus changes a model's status (active follows it, by trigger) and clears
// who paused it.
func (db *DB) SetModelStatus(ctx context.Context, id int64, status arena.ModelStatus, reason string, now time.Time) (err error) {
	defer wrap(&err, "SetModelStatus")
	return db.execOne(ctx, `UPDATE models SET status = ?, status_reason = ?, status_at = ?, paused_by = '', updated_at = ? WHERE id = ?`,
		string(status), reason, ms(now), ms(now), id)
}

// PauseIfActive pauses a model that is active now, as model health does.
func (db *DB) PauseIfActive(ctx context.Context, id int64, reason string, now time.Time) (_ bool, err error) {
	defer wrap(&err, "PauseIfActive")
	res, err := db.write.ExecContext(ctx, `UPDATE models SET status = 'paused', paused_by = 'auto', status_reason = ?, status_at = ?, updated_at = ?
		WHERE id = ? AND status = 'active'`, reason, ms(now), ms(now), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SetModelCheck stores an endpoint check's result.
func (db *DB) SetModelCheck(ctx context.Context, id int64, c arena.EndpointCheck) (err error) {
	defer wrap(&err, "SetModelCheck")
	return db.execOne(ctx, `UPDATE models SET check_at = ?, check_ok = ?, check_ms = ?, check_message = ? WHERE id = ?`,
		ms(c.At), c.OK, c.Latency.Milliseconds(), c.Message, id)
}

// SetModelFailure records a model's last failed call. It leaves updated_at alone: the
// model's configuration did not change.
func (db *DB) SetModelFailure(ctx context.Context, id int64, f arena.ModelFailure) (err error) {
	defer wrap(&err, "SetModelFailure")
	return db.execOne(ctx, `UPDATE models SET last_failure_at = ?, last_failure = ? WHERE id = ?`, ms(f.At), f.Message, id)
}

// SetModelApproved makes a pending model active and records the approval.
func (db *DB) SetModelApproved(ctx context.Context, id int64, now time.Time) (err error) {
	defer wrap(&err, "SetModelApproved")
	return db.execOne(ctx, `UPDATE models SET status = 'active', status_reason = '', status_at = ?, approved_at = ?, updated_at = ?
		WHERE id = ? AND status = 'pending'`, ms(now), ms(now), ms(now), id)
}

// SetModelKey replaces a model's sealed API key.
func (db *DB) SetModelKey(ctx context.Context, id int64, sealed []byte, now time.Time) (err error) {
	defer wrap(&err, "SetModelKey")
	return db.execOne(ctx, `UPDATE models SET api_key_enc = ?, updated_at = ? WHERE id = ?`, sealed, ms(now), id)
}

// ModelKey returns a model's sealed API key, nil when it has none.
func (db *DB) ModelKey(ctx context.Context, id int64) (_ []byte, err error) {
	defer wrap(&err, "ModelKey")
	var b []byte
	err = db.read.QueryRowContext(ctx, `SELECT api_key_enc FROM models WHERE id = ?`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such model.")
	}
	return b, err
}
