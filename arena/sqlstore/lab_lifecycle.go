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
