package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.ModelStore = (*DB)(nil)

var modelCols = `id, name, organization, provider, base_url, model_id, api_key_env, max_tokens,
	system_prompt, timeout_ms, max_concurrency, active, created_at, ` + samplingCols("")

func scanModel(row interface{ Scan(...any) error }) (*arena.Model, error) {
	var m arena.Model
	var timeout, created int64
	var sc samplingScan
	err := row.Scan(append([]any{&m.ID, &m.Name, &m.Organization, &m.Provider, &m.BaseURL, &m.ModelID, &m.APIKeyEnv,
		&m.MaxTokens, &m.SystemPrompt, &timeout, &m.MaxConcurrency, &m.Active, &created}, sc.dest()...)...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such model.")
	} else if err != nil {
		return nil, err
	}
	if err := sc.apply(&m); err != nil {
		return nil, err
	}
	m.Timeout = time.Duration(timeout) * time.Millisecond
	m.CreatedAt = fromMS(created)
	return &m, nil
}

// CreateModel inserts a model and sets m.ID; a taken name is ECONFLICT.
func (db *DB) CreateModel(ctx context.Context, m *arena.Model) (err error) {
	defer wrap(&err, "CreateModel")
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	err = db.write.QueryRowContext(ctx, `INSERT INTO models (name, organization, provider, base_url, model_id, api_key_env,
		max_tokens, system_prompt, timeout_ms, max_concurrency, active, created_at, updated_at, `+samplingCols("")+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?`+samplingMarks+`) RETURNING id`,
		append([]any{m.Name, m.Organization, m.Provider, m.BaseURL, m.ModelID, m.APIKeyEnv, m.MaxTokens, m.SystemPrompt,
			m.Timeout.Milliseconds(), m.MaxConcurrency, m.Active, ms(m.CreatedAt), ms(m.CreatedAt)}, samplingArgs(m)...)...).Scan(&m.ID)
	if db.isUnique(err) {
		return arena.Errorf(arena.ECONFLICT, "A model named %q already exists.", m.Name)
	}
	return err
}

// UpdateModel saves every field of m.
func (db *DB) UpdateModel(ctx context.Context, m *arena.Model) (err error) {
	defer wrap(&err, "UpdateModel")
	res, err := db.write.ExecContext(ctx, `UPDATE models SET name = ?, organization = ?, provider = ?, base_url = ?, model_id = ?,
		api_key_env = ?, max_tokens = ?, system_prompt = ?, timeout_ms = ?, max_concurrency = ?, active = ?,
		updated_at = ?, temperature = ?, top_p = ?, seed = ?, stop = ?, reasoning_effort = ?, max_tokens_field = ?,
		extra_body = ?, vision = ?, output = ?, image_size = ? WHERE id = ?`,
		append(append([]any{m.Name, m.Organization, m.Provider, m.BaseURL, m.ModelID, m.APIKeyEnv, m.MaxTokens, m.SystemPrompt,
			m.Timeout.Milliseconds(), m.MaxConcurrency, m.Active, time.Now().UnixMilli()}, samplingArgs(m)...), m.ID)...)
	if db.isUnique(err) {
		return arena.Errorf(arena.ECONFLICT, "A model named %q already exists.", m.Name)
	} else if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return arena.Errorf(arena.ENOTFOUND, "No such model.")
	}
	return nil
}

// ModelByName returns a model by its unique name.
func (db *DB) ModelByName(ctx context.Context, name string) (_ *arena.Model, err error) {
	defer wrap(&err, "ModelByName")
	m, err := scanModel(db.read.QueryRowContext(ctx, `SELECT `+modelCols+` FROM models WHERE name = ?`, name))
	if arena.ErrorCode(err) == arena.ENOTFOUND {
		return nil, arena.Errorf(arena.ENOTFOUND, "No model is named %q.", name)
	}
	return m, err
}

// ModelByID returns a model by id.
func (db *DB) ModelByID(ctx context.Context, id int64) (_ *arena.Model, err error) {
	defer wrap(&err, "ModelByID")
	return scanModel(db.read.QueryRowContext(ctx, `SELECT `+modelCols+` FROM models WHERE id = ?`, id))
}

// Models lists all models by name.
func (db *DB) Models(ctx context.Context) (_ []arena.Model, err error) {
	defer wrap(&err, "Models")
	return db.queryModels(ctx, `SELECT `+modelCols+` FROM models ORDER BY name`)
}

// ActiveModels lists the models battles may draw.
func (db *DB) ActiveModels(ctx context.Context) (_ []arena.Model, err error) {
	defer wrap(&err, "ActiveModels")
	return db.queryModels(ctx, `SELECT `+modelCols+` FROM models WHERE active = 1 ORDER BY id`)
}

func (db *DB) queryModels(ctx context.Context, q string, args ...any) ([]arena.Model, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.Model
	for rows.Next() {
		m, err := scanModel(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *m)
	}
	return out, rows.Err()
}
