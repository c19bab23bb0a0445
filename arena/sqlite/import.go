package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

// ImportBatchSize is how many battles an Importer writes per transaction.
const ImportBatchSize = 20000

// Importer stores battles read from another arena's published data. Battles go in
// batches, one write transaction each; a battle already stored by an earlier import of
// the same source (same external id) is skipped, so importing a file twice adds
// nothing. Imported battles belong to the source's system user, earn no points, and
// count in pair_counts under "imported:" categories only.
type Importer struct {
	db       *DB
	source   string
	userID   int64
	importID int64
	models   map[string]int64
	batch    []arena.ImportedBattle
	stats    arena.ImportStats
	now      func() time.Time
}

// BeginImport starts importing file (a name for the imports table) into source, e.g.
// "lmarena". The source's system user is created on its first import.
func (db *DB) BeginImport(ctx context.Context, source, file string) (*Importer, error) {
	source = strings.TrimSpace(source)
	if source == "" {
		return nil, arena.Errorf(arena.EINVALID, "An import needs a source name.")
	}
	im := &Importer{db: db, source: source, models: map[string]int64{}, now: time.Now}
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(im.now())
		err := tx.QueryRowContext(ctx, `SELECT user_id FROM import_sources WHERE source = ?`, source).Scan(&im.userID)
		if errors.Is(err, sql.ErrNoRows) {
			res, err := tx.ExecContext(ctx, `INSERT INTO users (role, is_guest, data_consent, created_at) VALUES ('user', 1, 1, ?)`, now)
			if err != nil {
				return err
			}
			if im.userID, err = res.LastInsertId(); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO import_sources (source, user_id, created_at) VALUES (?, ?, ?)`, source, im.userID, now); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO imports (source, file, started_at) VALUES (?, ?, ?)`, source, file, now)
		if err != nil {
			return err
		}
		im.importID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, name FROM models`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, err
		}
		im.models[name] = id
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// A big page cache keeps the id indexes, which hashed ids hit at random, in memory.
	if err := db.Exec(ctx, `PRAGMA cache_size = -262144`); err != nil {
		return nil, err
	}
	if err := db.Exec(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return nil, err
	}
	return im, nil
}

// Add queues a battle, writing the batch when it is full. b is copied.
func (im *Importer) Add(ctx context.Context, b *arena.ImportedBattle) error {
	if b.ModelA == "" || b.ModelB == "" || b.ModelA == b.ModelB {
		return arena.Errorf(arena.EINVALID, "An imported battle needs two different models, got %q and %q.", b.ModelA, b.ModelB)
	}
	if !b.Winner.Valid() {
		return arena.Errorf(arena.EINVALID, "Unknown winner %q.", b.Winner)
	}
	im.stats.Read++
	im.batch = append(im.batch, *b)
	if len(im.batch) >= ImportBatchSize {
		return im.Flush(ctx)
	}
	return nil
}

// ImportedBattleID is the battle id an imported battle is stored under: a hash of its
// source and external id, so the same battle always maps to the same row.
func ImportedBattleID(source, externalID string) string {
	h := sha256.Sum256([]byte(source + "\x00" + externalID))
	return "i" + strings.ToLower(base32.StdEncoding.EncodeToString(h[:15]))[:19]
}

// Flush writes the queued battles in one transaction.
func (im *Importer) Flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	var added, dups int64
	var created []string
	err := im.db.inTx(ctx, func(tx *sql.Tx) error {
		added, dups, created = 0, 0, nil
		insBattle, err := tx.PrepareContext(ctx, `INSERT INTO battles (id, user_id, model_a, model_b, status, category, turns,
			created_at, updated_at, source, external_id, language) VALUES (?, ?, ?, ?, 'voted', ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer insBattle.Close()
		insTurn, err := tx.PrepareContext(ctx, `INSERT INTO turns (battle_id, idx, prompt, answer_a, status_a, answer_b, status_b, created_at)
			VALUES (?, ?, ?, ?, 'done', ?, 'done', ?)`)
		if err != nil {
			return err
		}
		defer insTurn.Close()
		insVote, err := tx.PrepareContext(ctx, `INSERT INTO votes (battle_id, user_id, winner, reasons, comment, points, created_at, judge)
			VALUES (?, ?, ?, ?, ?, 0, ?, ?)`)
		if err != nil {
			return err
		}
		defer insVote.Close()
		model := func(name string) (int64, error) {
			if id, ok := im.models[name]; ok {
				return id, nil
			}
			now := ms(im.now())
			res, err := tx.ExecContext(ctx, `INSERT INTO models (name, provider, active, created_at, updated_at) VALUES (?, ?, 0, ?, ?)`,
				name, arena.ProviderExternal, now, now)
			if err != nil {
				return 0, fmt.Errorf("creating model %q: %w", name, err)
			}
			id, err := res.LastInsertId()
			if err != nil {
				return 0, err
			}
			im.models[name] = id
			created = append(created, name)
			return id, nil
		}
		for i := range im.batch {
			b := &im.batch[i]
			ma, err := model(b.ModelA)
			if err != nil {
				return err
			}
			mb, err := model(b.ModelB)
			if err != nil {
				return err
			}
			id := ImportedBattleID(im.source, b.ExternalID)
			at := ms(b.VotedAt)
			var cats []string
			for _, c := range b.Category {
				if c != "" && !strings.Contains(c, ",") {
					cats = append(cats, c)
				}
			}
			res, err := insBattle.ExecContext(ctx, id, im.userID, ma, mb, strings.Join(cats, ","), max(len(b.Turns), 1), at, at,
				im.source, b.ExternalID, b.Language)
			if err != nil {
				return err
			}
			if n, err := res.RowsAffected(); err != nil {
				return err
			} else if n == 0 {
				dups++
				continue
			}
			for k, t := range b.Turns {
				if _, err := insTurn.ExecContext(ctx, id, k, t.Prompt, t.AnswerA, t.AnswerB, at); err != nil {
					return err
				}
			}
			reasons := []byte("[]")
			if len(b.Reasons) > 0 {
				reasons, _ = json.Marshal(b.Reasons)
			}
			if _, err := insVote.ExecContext(ctx, id, im.userID, string(b.Winner), string(reasons), b.Comment, at, b.Judge); err != nil {
				return err
			}
			if err := addOutcome(ctx, tx, arena.ImportedCategoryPrefix, ma, mb, b.Winner); err != nil {
				return err
			}
			for _, c := range cats {
				if err := addOutcome(ctx, tx, arena.ImportedCategoryPrefix+c, ma, mb, b.Winner); err != nil {
					return err
				}
			}
			added++
		}
		_, err = tx.ExecContext(ctx, `UPDATE imports SET rows_read = ?, rows_added = rows_added + ?, duplicates = duplicates + ? WHERE id = ?`,
			im.stats.Read, added, dups, im.importID)
		return err
	})
	if err != nil {
		// The transaction rolled back: forget models it created.
		for _, name := range created {
			delete(im.models, name)
		}
		return err
	}
	im.stats.Added += added
	im.stats.Duplicates += dups
	im.stats.NewModels = append(im.stats.NewModels, created...)
	im.batch = im.batch[:0]
	return nil
}

// Close writes what is queued and records the import as finished.
func (im *Importer) Close(ctx context.Context) (arena.ImportStats, error) {
	if err := im.Flush(ctx); err != nil {
		return im.stats, err
	}
	err := im.db.Exec(ctx, `UPDATE imports SET finished_at = ?, rows_read = ? WHERE id = ?`, ms(im.now()), im.stats.Read, im.importID)
	return im.stats, err
}

// Stats returns what the import has done so far.
func (im *Importer) Stats() arena.ImportStats { return im.stats }

// ImportRun is one recorded run of an import.
type ImportRun struct {
	ID                          int64
	Source, File                string
	StartedAt, FinishedAt       time.Time // FinishedAt is zero if the run did not finish
	RowsRead, Added, Duplicates int64
}

// Imports lists the recorded import runs, newest first.
func (db *DB) Imports(ctx context.Context) ([]ImportRun, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, source, file, started_at, COALESCE(finished_at, 0), rows_read, rows_added, duplicates
		FROM imports ORDER BY id DESC`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ImportRun
	for rows.Next() {
		var r ImportRun
		var started, finished int64
		if err := rows.Scan(&r.ID, &r.Source, &r.File, &started, &finished, &r.RowsRead, &r.Added, &r.Duplicates); err != nil {
			return nil, err
		}
		r.StartedAt = fromMS(started)
		if finished != 0 {
			r.FinishedAt = fromMS(finished)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
