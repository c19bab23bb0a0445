package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.LabStore = (*DB)(nil)

// CreateLab adds a lab with its first owner.
func (db *DB) CreateLab(ctx context.Context, name string, ownerID int64, now time.Time) (*arena.Lab, error) {
	l := &arena.Lab{Name: name, CreatedAt: now}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO labs (name, created_at) VALUES (?, ?) RETURNING id`, name, ms(now)).Scan(&l.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "A lab named %q already exists.", name)
		} else if err != nil {
			return err
		}
		return addMember(ctx, tx, l.ID, ownerID, arena.LabOwner, now)
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

func addMember(ctx context.Context, tx *sql.Tx, labID, userID int64, role arena.LabRole, now time.Time) error {
	var guest bool
	err := tx.QueryRowContext(ctx, `SELECT is_guest FROM users WHERE id = ?`, userID).Scan(&guest)
	if errors.Is(err, sql.ErrNoRows) {
		return arena.Errorf(arena.ENOTFOUND, "No such user.")
	} else if err != nil {
		return err
	}
	if guest {
		return arena.Errorf(arena.EINVALID, "Guests cannot join labs; sign up first.")
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO lab_members (lab_id, user_id, role, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (lab_id, user_id) DO UPDATE SET role = excluded.role`, labID, userID, string(role), ms(now)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `UPDATE users SET role = 'lab' WHERE id = ? AND role = 'user'`, userID)
	return err
}

func scanLabs(rows *sql.Rows, withRole bool) ([]arena.Lab, error) {
	defer rows.Close()
	var out []arena.Lab
	for rows.Next() {
		var l arena.Lab
		var created int64
		var role string
		dst := []any{&l.ID, &l.Name, &created}
		if withRole {
			dst = append(dst, &role)
		}
		if err := rows.Scan(dst...); err != nil {
			return nil, err
		}
		l.CreatedAt, l.Role = fromMS(created), arena.LabRole(role)
		out = append(out, l)
	}
	return out, rows.Err()
}

// LabByID returns a lab.
func (db *DB) LabByID(ctx context.Context, id int64) (*arena.Lab, error) {
	var l arena.Lab
	var created int64
	err := db.read.QueryRowContext(ctx, `SELECT id, name, created_at FROM labs WHERE id = ?`, id).Scan(&l.ID, &l.Name, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such lab.")
	} else if err != nil {
		return nil, err
	}
	l.CreatedAt = fromMS(created)
	return &l, nil
}

// AllLabs lists every lab by name.
func (db *DB) AllLabs(ctx context.Context) ([]arena.Lab, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, name, created_at FROM labs ORDER BY name`)
	if err != nil {
		return nil, err
	}
	return scanLabs(rows, false)
}

// LabsOfUser lists the labs a user belongs to, with their role.
func (db *DB) LabsOfUser(ctx context.Context, userID int64) ([]arena.Lab, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT l.id, l.name, l.created_at, m.role FROM labs l
		JOIN lab_members m ON m.lab_id = l.id WHERE m.user_id = ? ORDER BY l.name`, userID)
	if err != nil {
		return nil, err
	}
	return scanLabs(rows, true)
}

// LabRoleOf is a user's role in a lab, "" when not a member.
func (db *DB) LabRoleOf(ctx context.Context, labID, userID int64) (arena.LabRole, error) {
	var role string
	err := db.read.QueryRowContext(ctx, `SELECT role FROM lab_members WHERE lab_id = ? AND user_id = ?`, labID, userID).Scan(&role)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return arena.LabRole(role), err
}

// LabMembers lists a lab's members, owners first.
func (db *DB) LabMembers(ctx context.Context, labID int64) ([]arena.LabMemberInfo, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT m.user_id, u.username, m.role, m.created_at FROM lab_members m
		JOIN users u ON u.id = m.user_id WHERE m.lab_id = ? ORDER BY m.role DESC, u.username`, labID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.LabMemberInfo
	for rows.Next() {
		var m arena.LabMemberInfo
		var role string
		var created int64
		if err := rows.Scan(&m.UserID, &m.Username, &role, &created); err != nil {
			return nil, err
		}
		m.Role, m.AddedAt = arena.LabRole(role), fromMS(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// AddLabMember adds or updates a member.
func (db *DB) AddLabMember(ctx context.Context, labID, userID int64, role arena.LabRole, now time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return addMember(ctx, tx, labID, userID, role, now) })
}

// CreateLabInvite stores an invitation's hash.
func (db *DB) CreateLabInvite(ctx context.Context, inv arena.LabInvite) error {
	_, err := db.write.ExecContext(ctx, `INSERT INTO lab_invites (token_hash, lab_id, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)`,
		inv.TokenHash, inv.LabID, inv.CreatedBy, ms(inv.CreatedAt), ms(inv.ExpiresAt))
	return err
}

// RedeemLabInvite uses an invitation and adds the user to its lab, in one transaction.
func (db *DB) RedeemLabInvite(ctx context.Context, tokenHash []byte, userID int64, now time.Time) (int64, error) {
	var labID int64
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		var expires int64
		var used sql.NullInt64
		err := tx.QueryRowContext(ctx, `SELECT lab_id, expires_at, used_at FROM lab_invites WHERE token_hash = ?`, tokenHash).Scan(&labID, &expires, &used)
		if errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.ENOTFOUND, "This invitation link is not valid.")
		} else if err != nil {
			return err
		}
		if used.Valid {
			return arena.Errorf(arena.ECONFLICT, "This invitation link has already been used.")
		}
		if ms(now) >= expires {
			return arena.Errorf(arena.ECONFLICT, "This invitation link has expired; ask for a new one.")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE lab_invites SET used_by = ?, used_at = ? WHERE token_hash = ?`, userID, ms(now), tokenHash); err != nil {
			return err
		}
		var role string
		err = tx.QueryRowContext(ctx, `SELECT role FROM lab_members WHERE lab_id = ? AND user_id = ?`, labID, userID).Scan(&role)
		if err == nil {
			return nil // already a member; keep the role
		} else if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		return addMember(ctx, tx, labID, userID, arena.LabMember, now)
	})
	return labID, err
}

const labModelCols = `m.id, m.name, m.organization, m.provider, m.base_url, m.model_id, m.api_key_env, m.temperature, m.max_tokens,
	m.system_prompt, m.timeout_ms, m.max_concurrency, m.active, m.created_at,
	COALESCE(m.lab_id, 0), COALESCE(l.name, ''), m.status, m.status_reason, m.status_at, m.license, m.outputs_public,
	m.api_key_enc IS NOT NULL, COALESCE(m.approved_at, 0), COALESCE(m.check_at, 0), m.check_ok, m.check_ms, m.check_message`

const labModelFrom = ` FROM models m LEFT JOIN labs l ON l.id = m.lab_id`

func scanLabModel(row interface{ Scan(...any) error }) (*arena.LabModel, error) {
	var m arena.LabModel
	var timeout, created, statusAt, approved, checkAt, checkMS int64
	var status string
	err := row.Scan(&m.ID, &m.Name, &m.Organization, &m.Provider, &m.BaseURL, &m.ModelID, &m.APIKeyEnv, &m.Temperature,
		&m.MaxTokens, &m.SystemPrompt, &timeout, &m.MaxConcurrency, &m.Active, &created,
		&m.LabID, &m.LabName, &status, &m.StatusReason, &statusAt, &m.License, &m.OutputsPublic,
		&m.HasKey, &approved, &checkAt, &m.Check.OK, &checkMS, &m.Check.Message)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such model.")
	} else if err != nil {
		return nil, err
	}
	m.Timeout = time.Duration(timeout) * time.Millisecond
	m.CreatedAt = fromMS(created)
	m.Status = arena.ModelStatus(status)
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
	return &m, nil
}

// CreateLabModel inserts a pending lab model, with its sealed key, and points its key
// variable at the encrypted key (arena.LabKeyEnvPrefix + id).
func (db *DB) CreateLabModel(ctx context.Context, m *arena.LabModel, sealKey func(id int64) []byte) error {
	if m.CreatedAt.IsZero() {
		m.CreatedAt = time.Now().UTC()
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO models (name, organization, provider, base_url, model_id, api_key_env,
			temperature, max_tokens, system_prompt, timeout_ms, max_concurrency, active, created_at, updated_at,
			status, status_at, lab_id, license, outputs_public)
			VALUES (?, ?, ?, ?, ?, '', ?, ?, ?, ?, ?, 0, ?, ?, 'pending', ?, ?, ?, ?) RETURNING id`,
			m.Name, m.Organization, m.Provider, m.BaseURL, m.ModelID, m.Temperature, m.MaxTokens, m.SystemPrompt,
			m.Timeout.Milliseconds(), m.MaxConcurrency, ms(m.CreatedAt), ms(m.CreatedAt), ms(m.CreatedAt), m.LabID, m.License, m.OutputsPublic).Scan(&m.ID)
		if db.isUnique(err) {
			return arena.Errorf(arena.ECONFLICT, "A model named %q already exists.", m.Name)
		} else if err != nil {
			return err
		}
		m.APIKeyEnv = arena.LabKeyEnvPrefix + strconv.FormatInt(m.ID, 10)
		var sealed []byte
		if sealKey != nil {
			sealed = sealKey(m.ID)
		}
		m.Status, m.Active, m.HasKey = arena.ModelPending, false, sealed != nil
		_, err = tx.ExecContext(ctx, `UPDATE models SET api_key_env = ?, api_key_enc = ? WHERE id = ?`, m.APIKeyEnv, sealed, m.ID)
		return err
	})
}

// LabModel returns a model with its lab fields.
func (db *DB) LabModel(ctx context.Context, id int64) (*arena.LabModel, error) {
	return scanLabModel(db.read.QueryRowContext(ctx, `SELECT `+labModelCols+labModelFrom+` WHERE m.id = ?`, id))
}

// LabModels lists a lab's models by name; labID 0 lists every model.
func (db *DB) LabModels(ctx context.Context, labID int64) ([]arena.LabModel, error) {
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

// SetModelStatus changes a model's status (active follows it, by trigger).
func (db *DB) SetModelStatus(ctx context.Context, id int64, status arena.ModelStatus, reason string, now time.Time) error {
	return db.execOne(ctx, `UPDATE models SET status = ?, status_reason = ?, status_at = ?, updated_at = ? WHERE id = ?`,
		string(status), reason, ms(now), ms(now), id)
}

// PauseIfActive pauses a model that is active now.
func (db *DB) PauseIfActive(ctx context.Context, id int64, reason string, now time.Time) (bool, error) {
	res, err := db.write.ExecContext(ctx, `UPDATE models SET status = 'paused', status_reason = ?, status_at = ?, updated_at = ?
		WHERE id = ? AND status = 'active'`, reason, ms(now), ms(now), id)
	if err != nil {
		return false, err
	}
	n, _ := res.RowsAffected()
	return n > 0, nil
}

// SetModelCheck stores an endpoint check's result.
func (db *DB) SetModelCheck(ctx context.Context, id int64, c arena.EndpointCheck) error {
	return db.execOne(ctx, `UPDATE models SET check_at = ?, check_ok = ?, check_ms = ?, check_message = ? WHERE id = ?`,
		ms(c.At), c.OK, c.Latency.Milliseconds(), c.Message, id)
}

// SetModelApproved makes a pending model active and records the approval.
func (db *DB) SetModelApproved(ctx context.Context, id int64, now time.Time) error {
	return db.execOne(ctx, `UPDATE models SET status = 'active', status_reason = '', status_at = ?, approved_at = ?, updated_at = ?
		WHERE id = ? AND status = 'pending'`, ms(now), ms(now), ms(now), id)
}

// SetModelKey replaces a model's sealed API key.
func (db *DB) SetModelKey(ctx context.Context, id int64, sealed []byte, now time.Time) error {
	return db.execOne(ctx, `UPDATE models SET api_key_enc = ?, updated_at = ? WHERE id = ?`, sealed, ms(now), id)
}

// ModelKey returns a model's sealed API key, nil when it has none.
func (db *DB) ModelKey(ctx context.Context, id int64) ([]byte, error) {
	var b []byte
	err := db.read.QueryRowContext(ctx, `SELECT api_key_enc FROM models WHERE id = ?`, id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such model.")
	}
	return b, err
}

// ModelCategoryVotes counts a model's votes per category of this arena's own battles.
func (db *DB) ModelCategoryVotes(ctx context.Context, modelID int64) ([]arena.CategoryVotes, error) {
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

// ModelReasons counts the reasons voters gave in this model's battles, split by whether
// the model won or lost that vote.
func (db *DB) ModelReasons(ctx context.Context, modelID int64) ([]arena.ReasonCount, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT r.value,
		SUM(CASE WHEN (v.winner = 'model_a' AND b.model_a = ?1) OR (v.winner = 'model_b' AND b.model_b = ?1) THEN 1 ELSE 0 END) AS won,
		SUM(CASE WHEN (v.winner = 'model_a' AND b.model_b = ?1) OR (v.winner = 'model_b' AND b.model_a = ?1) THEN 1 ELSE 0 END) AS lost
		FROM votes v JOIN battles b ON b.id = v.battle_id, `+db.d.JSONStrings("v.reasons", "r")+`
		WHERE (b.model_a = ?1 OR b.model_b = ?1) AND b.source = ''
		GROUP BY r.value ORDER BY won + lost DESC, r.value`, modelID)
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

// releasable is the condition under which a battle may be shown to a lab: the voter
// agreed to publication, and the opponent's terms allow its outputs to be shown (or it
// belongs to the same lab).
const releasable = `u.data_consent = 1 AND (CASE WHEN b.model_a = ?1 THEN mb.outputs_public = 1 OR mb.lab_id = ma.lab_id
	ELSE ma.outputs_public = 1 OR ma.lab_id = mb.lab_id END)`

// SampleBattles returns recent voted battles of a model that may be shown, first turn only.
func (db *DB) SampleBattles(ctx context.Context, modelID int64, limit int) ([]arena.SampleBattle, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, t.prompt, t.answer_a, t.answer_b, ma.name, mb.name, v.winner, v.reasons,
		v.created_at, b.category
		FROM votes v JOIN battles b ON b.id = v.battle_id JOIN users u ON u.id = v.user_id
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE (b.model_a = ?1 OR b.model_b = ?1) AND b.source = '' AND `+releasable+`
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

// LabBattles streams every voted battle of a lab's models, oldest first, from one read.
func (db *DB) LabBattles(ctx context.Context, labID int64, fn func(*arena.LabBattleRow) error) error {
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT b.id, v.created_at, ma.name, mb.name, CASE WHEN ma.lab_id = ?1 THEN 1 ELSE 0 END, v.winner, b.category, v.reasons,
		b.turns, u.data_consent, t.prompt, t.answer_a, t.answer_b
		FROM votes v JOIN battles b ON b.id = v.battle_id JOIN users u ON u.id = v.user_id
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		LEFT JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE (ma.lab_id = ?1 OR mb.lab_id = ?1) AND b.source = ''
		ORDER BY v.created_at, b.id`, labID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r arena.LabBattleRow
		var voted int64
		var sideA, consent bool
		var winner, category, reasons string
		var prompt, ansA, ansB sql.NullString
		var ma, mb string
		if err := rows.Scan(&r.BattleID, &voted, &ma, &mb, &sideA, &winner, &category, &reasons, &r.Turns, &consent, &prompt, &ansA, &ansB); err != nil {
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
		if consent {
			r.Prompt, r.Answer = prompt.String, answer
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// SnapshotVotes streams this arena's own votes by battle id, from one read transaction.
func (db *DB) SnapshotVotes(ctx context.Context, fn func(arena.SnapshotVote) error) error {
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT b.id, ma.name, mb.name, v.winner FROM votes v
		JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE b.source = '' ORDER BY v.battle_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v arena.SnapshotVote
		var winner string
		if err := rows.Scan(&v.BattleID, &v.ModelA, &v.ModelB, &winner); err != nil {
			return err
		}
		v.Winner = arena.Winner(winner)
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

func nullNaN(x float64) any {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return x
}

// SaveSnapshot stores a snapshot with its entries and sets s.ID.
func (db *DB) SaveSnapshot(ctx context.Context, s *arena.Snapshot) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, `INSERT INTO leaderboard_snapshots (created_at, votes, sha256) VALUES (?, ?, ?) RETURNING id`,
			ms(s.CreatedAt), s.Votes, s.Hash).Scan(&s.ID); err != nil {
			return err
		}
		for _, e := range s.Entries {
			if _, err := tx.ExecContext(ctx, `INSERT INTO snapshot_entries (snapshot_id, model, rank, rating, lower, upper, votes)
				VALUES (?, ?, ?, ?, ?, ?, ?)`, s.ID, e.Model, e.Rank, e.Rating, nullNaN(e.Lower), nullNaN(e.Upper), e.Votes); err != nil {
				return err
			}
		}
		return nil
	})
}

// Snapshots lists the latest snapshots, newest first, without their entries.
func (db *DB) Snapshots(ctx context.Context, limit int) ([]arena.Snapshot, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, created_at, votes, sha256 FROM leaderboard_snapshots ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.Snapshot
	for rows.Next() {
		var s arena.Snapshot
		var created int64
		if err := rows.Scan(&s.ID, &created, &s.Votes, &s.Hash); err != nil {
			return nil, err
		}
		s.CreatedAt = fromMS(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

func nanOf(v sql.NullFloat64) float64 {
	if !v.Valid {
		return math.NaN()
	}
	return v.Float64
}

// Snapshot returns one snapshot with its entries by rank.
func (db *DB) Snapshot(ctx context.Context, id int64) (*arena.Snapshot, error) {
	var s arena.Snapshot
	var created int64
	err := db.read.QueryRowContext(ctx, `SELECT id, created_at, votes, sha256 FROM leaderboard_snapshots WHERE id = ?`, id).
		Scan(&s.ID, &created, &s.Votes, &s.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such snapshot.")
	} else if err != nil {
		return nil, err
	}
	s.CreatedAt = fromMS(created)
	rows, err := db.read.QueryContext(ctx, `SELECT model, rank, rating, lower, upper, votes FROM snapshot_entries
		WHERE snapshot_id = ? ORDER BY rank, model`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var e arena.SnapshotEntry
		var lo, hi sql.NullFloat64
		if err := rows.Scan(&e.Model, &e.Rank, &e.Rating, &lo, &hi, &e.Votes); err != nil {
			return nil, err
		}
		e.Lower, e.Upper = nanOf(lo), nanOf(hi)
		s.Entries = append(s.Entries, e)
	}
	return &s, rows.Err()
}

// RatingHistory is a model's rating in the latest limit snapshots, oldest first.
func (db *DB) RatingHistory(ctx context.Context, model string, limit int) ([]arena.RatingPoint, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT created_at, rating, lower, upper, votes FROM (
		SELECT s.created_at, e.rating, e.lower, e.upper, e.votes, s.id FROM snapshot_entries e
		JOIN leaderboard_snapshots s ON s.id = e.snapshot_id WHERE e.model = ? ORDER BY s.id DESC LIMIT ?) h ORDER BY id`, model, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.RatingPoint
	for rows.Next() {
		var p arena.RatingPoint
		var created int64
		var lo, hi sql.NullFloat64
		if err := rows.Scan(&created, &p.Rating, &lo, &hi, &p.Votes); err != nil {
			return nil, err
		}
		p.At, p.Lower, p.Upper = fromMS(created), nanOf(lo), nanOf(hi)
		out = append(out, p)
	}
	return out, rows.Err()
}
