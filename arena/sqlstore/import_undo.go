package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
)

// What an Importer does to make an import all or nothing: see Importer.

// importedIDLen is the length of every ImportedBattleID.
const importedIDLen = 24

// undoLog is what an import's committed batches wrote, for Abort to remove.
type undoLog struct {
	source  bool         // BeginImport created the import source and its user
	sources []undoSource // the other sources its battles named that it created
	ids     []byte
	models  []int64
	counts  pairTally
}

// undoSource is an import source, and its user, created by an import's batch.
type undoSource struct {
	name   string
	userID int64
}

// Abort ends an import whose file turned out bad: it drops what is queued, waits for
// the batch being written, and removes everything the import stored, in one
// transaction, so the database is as it was before BeginImport. It returns an error
// only if that undoing failed.
func (im *Importer) Abort(ctx context.Context) (err error) {
	defer wrap(&err, "Importer.Abort")
	im.batch = nil
	if im.writing != nil {
		w := <-im.writing
		im.writing = nil
		im.take(w) // a batch that failed wrote nothing; one that committed is noted
	}
	return im.end(ctx, im.undoAll(context.WithoutCancel(ctx)))
}

// end releases the import's statements and restores the connection's settings.
func (im *Importer) end(ctx context.Context, err error) error {
	im.batch = nil
	for _, bk := range []*bulk{im.battles, im.turns, im.votes, im.battlesBy, im.votesBy} {
		bk.close()
	}
	errs := []error{err}
	for _, q := range im.db.d.ImportEnd {
		errs = append(errs, im.db.exec(context.WithoutCancel(ctx), q))
	}
	return errors.Join(errs...)
}

// undoAll removes what the import's committed batches wrote, and its imports row, in
// one transaction. pair_counts rows are decremented; a row left all zero held only this
// import's battles (imported: rows are written by imports alone, and only added to)
// and is deleted. A model is deleted only if no battle still names it.
func (im *Importer) undoAll(ctx context.Context) error {
	u := &im.undo
	err := im.db.inTx(ctx, func(tx *sql.Tx) error {
		const chunk = 500
		args := make([]any, 0, chunk)
		for ids := u.ids; len(ids) > 0; {
			n := min(chunk, len(ids)/importedIDLen)
			args = args[:0]
			for i := range n {
				args = append(args, string(ids[i*importedIDLen:(i+1)*importedIDLen]))
			}
			in := `(` + strings.TrimSuffix(strings.Repeat("?,", n), ",") + `)`
			for _, q := range []string{`DELETE FROM votes WHERE battle_id IN ` + in, `DELETE FROM turns WHERE battle_id IN ` + in, `DELETE FROM battles WHERE id IN ` + in} {
				if _, err := tx.ExecContext(ctx, q, args...); err != nil {
					return err
				}
			}
			ids = ids[n*importedIDLen:]
		}
		for k, c := range u.counts {
			if _, err := tx.ExecContext(ctx, `UPDATE pair_counts SET wins_lo = wins_lo - ?, wins_hi = wins_hi - ?, ties = ties - ?, both_bad = both_bad - ?
				WHERE category = ? AND model_lo = ? AND model_hi = ?`, c[0], c[1], c[2], c[3], k.category, k.lo, k.hi); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM pair_counts WHERE category = ? AND model_lo = ? AND model_hi = ?
				AND wins_lo = 0 AND wins_hi = 0 AND ties = 0 AND both_bad = 0`, k.category, k.lo, k.hi); err != nil {
				return err
			}
		}
		for _, id := range u.models {
			if _, err := tx.ExecContext(ctx, `DELETE FROM models WHERE id = ? AND NOT EXISTS (SELECT 1 FROM battles WHERE model_a = ? OR model_b = ?)`, id, id, id); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM imports WHERE id = ?`, im.importID); err != nil {
			return err
		}
		if u.source {
			// Created by this import: gone unless another import of the source began since.
			if _, err := tx.ExecContext(ctx, `DELETE FROM import_sources WHERE source = ? AND NOT EXISTS (SELECT 1 FROM imports WHERE source = ?)`, im.source, im.source); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ? AND NOT EXISTS (SELECT 1 FROM import_sources WHERE user_id = ?)`, im.userID, im.userID); err != nil {
				return err
			}
		}
		for _, s := range u.sources {
			// No import run names such a source; another import's battles may, since.
			if _, err := tx.ExecContext(ctx, `DELETE FROM import_sources WHERE source = ? AND NOT EXISTS (SELECT 1 FROM imports WHERE source = ?)
				AND NOT EXISTS (SELECT 1 FROM battles WHERE user_id = ?)`, s.name, s.name, s.userID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ? AND NOT EXISTS (SELECT 1 FROM import_sources WHERE user_id = ?)`, s.userID, s.userID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("undoing the import failed, so battles it wrote stay (importing the file again skips them): %w", err)
	}
	*u = undoLog{}
	return nil
}
