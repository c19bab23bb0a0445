package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/binary"
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
	db         *DB
	source     string
	userID     int64
	importID   int64
	models     map[string]int64
	batch      []arena.ImportedBattle
	batchBytes int
	stats      arena.ImportStats
	now        func() time.Time
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
			if err := tx.QueryRowContext(ctx, `INSERT INTO users (role, is_guest, data_consent, created_at) VALUES ('user', 1, 1, ?) RETURNING id`,
				now).Scan(&im.userID); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO import_sources (source, user_id, created_at) VALUES (?, ?, ?)`, source, im.userID, now); err != nil {
				return err
			}
		} else if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO imports (source, file, started_at) VALUES (?, ?, ?) RETURNING id`,
			source, file, now).Scan(&im.importID)
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
	// The dialect's bulk settings; Close restores them.
	for _, q := range db.d.ImportStart {
		if err := db.Exec(ctx, q); err != nil {
			return nil, err
		}
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
	for _, t := range b.Turns {
		im.batchBytes += len(t.Prompt) + len(t.AnswerA) + len(t.AnswerB)
	}
	if len(im.batch) >= ImportBatchSize || im.batchBytes >= 32<<20 {
		return im.Flush(ctx)
	}
	return nil
}

// ImportedBattleID is the battle id an imported battle is stored under: its vote time
// then a hash of its source and external id, so the same battle always maps to the same
// row, and a file in time order appends to the id index instead of writing all over it.
func ImportedBattleID(source, externalID string, votedAt time.Time) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[:8], uint64(votedAt.UnixMilli()))
	h := sha256.Sum256([]byte(source + "\x00" + externalID))
	copy(b[8:], h[:])
	// 6 bytes of time (to the year 10889), 9 of hash: 24 characters.
	return "i" + importIDEncoding.EncodeToString(b[2:])[:23]
}

var importIDEncoding = base32.NewEncoding("0123456789abcdefghijklmnopqrstuv").WithPadding(base32.NoPadding)

// Flush writes the queued battles in one transaction.
func (im *Importer) Flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	var added, dups int64
	var created []string
	var fresh map[string]int64 // models this batch creates: known only once it commits
	err := im.db.inTx(ctx, func(tx *sql.Tx) error {
		added, dups, created, fresh = 0, 0, nil, map[string]int64{}
		counts := pairTally{}
		model := func(name string) (int64, error) {
			if id, ok := im.models[name]; ok {
				return id, nil
			}
			if id, ok := fresh[name]; ok {
				return id, nil
			}
			now := ms(im.now())
			var id int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO models (name, provider, active, created_at, updated_at) VALUES (?, ?, 0, ?, ?) RETURNING id`,
				name, arena.ProviderExternal, now, now).Scan(&id); err != nil {
				return 0, fmt.Errorf("creating model %q: %w", name, err)
			}
			fresh[name] = id
			created = append(created, name)
			return id, nil
		}
		// Which of the batch's battles are already stored (or repeated in the batch)?
		ids := make([]string, len(im.batch))
		for i := range im.batch {
			b := &im.batch[i]
			ids[i] = ImportedBattleID(im.source, b.ExternalID, b.VotedAt)
		}
		skip, err := existingIDs(ctx, tx, ids)
		if err != nil {
			return err
		}
		battles := newBulk(tx, `INSERT INTO battles (id, user_id, model_a, model_b, status, category, turns, created_at, updated_at,
			source, external_id, language) VALUES `, `(?, ?, ?, ?, 'voted', ?, ?, ?, ?, ?, ?, ?)`, 11)
		defer battles.close()
		turns := newBulk(tx, `INSERT INTO turns (battle_id, idx, prompt, answer_a, status_a, answer_b, status_b, created_at) VALUES `,
			`(?, ?, ?, ?, 'done', ?, 'done', ?)`, 6)
		defer turns.close()
		votes := newBulk(tx, `INSERT INTO votes (battle_id, user_id, winner, reasons, comment, points, created_at, judge) VALUES `,
			`(?, ?, ?, ?, ?, 0, ?, ?)`, 7)
		defer votes.close()
		var cats []string
		for i := range im.batch {
			b, id := &im.batch[i], ids[i]
			if skip[id] {
				dups++
				continue
			}
			skip[id] = true
			ma, err := model(b.ModelA)
			if err != nil {
				return err
			}
			mb, err := model(b.ModelB)
			if err != nil {
				return err
			}
			at := ms(b.VotedAt)
			cats = cats[:0]
			for _, c := range b.Category {
				if c != "" && !strings.Contains(c, ",") {
					cats = append(cats, c)
				}
			}
			if err := battles.add(ctx, id, im.userID, ma, mb, strings.Join(cats, ","), max(len(b.Turns), 1), at, at,
				im.source, b.ExternalID, b.Language); err != nil {
				return err
			}
			for k, t := range b.Turns {
				if err := turns.add(ctx, id, k, t.Prompt, t.AnswerA, t.AnswerB, at); err != nil {
					return err
				}
			}
			reasons := "[]"
			if len(b.Reasons) > 0 {
				r, _ := json.Marshal(b.Reasons)
				reasons = string(r)
			}
			if err := votes.add(ctx, id, im.userID, string(b.Winner), reasons, b.Comment, at, b.Judge); err != nil {
				return err
			}
			counts.add(arena.ImportedCategoryPrefix, ma, mb, b.Winner)
			for _, c := range cats {
				counts.add(arena.ImportedCategoryPrefix+c, ma, mb, b.Winner)
			}
			added++
		}
		for _, bk := range []*bulk{battles, turns, votes} {
			if err := bk.flush(ctx); err != nil {
				return err
			}
		}
		if err := counts.write(ctx, im.db, tx); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE imports SET rows_read = ?, rows_added = rows_added + ?, duplicates = duplicates + ? WHERE id = ?`,
			im.stats.Read, added, dups, im.importID)
		return err
	})
	if err != nil {
		return err
	}
	for name, id := range fresh {
		im.models[name] = id
	}
	im.stats.Added += added
	im.stats.Duplicates += dups
	im.stats.NewModels = append(im.stats.NewModels, created...)
	im.batch = im.batch[:0]
	im.batchBytes = 0
	return nil
}

// Close writes what is queued and records the import as finished. Call it also after
// a failed Add: it restores the connection's settings.
func (im *Importer) Close(ctx context.Context) (arena.ImportStats, error) {
	err := im.Flush(ctx)
	if err == nil {
		err = im.db.Exec(ctx, `UPDATE imports SET finished_at = ?, rows_read = ? WHERE id = ?`, ms(im.now()), im.stats.Read, im.importID)
	}
	im.batch = nil
	errs := []error{err}
	for _, q := range im.db.d.ImportEnd {
		errs = append(errs, im.db.Exec(context.WithoutCancel(ctx), q))
	}
	return im.stats, errors.Join(errs...)
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

// pairKey is one pair_counts row: a category and a pair with the lower model id first.
type pairKey struct {
	category string
	lo, hi   int64
}

// pairTally sums a batch's outcomes per pair_counts row, so an import writes each row
// once per batch (with addOutcome's statement) instead of once per battle: a batch of
// 20,000 battles between 100 models touches about 5,000 rows, and the upsert is the
// import's costliest statement. The rows and orientation are the same as addOutcome's.
type pairTally map[pairKey]*[4]int64

func (p pairTally) add(category string, ma, mb int64, w arena.Winner) {
	k := pairKey{category, ma, mb}
	var i int
	switch w {
	case arena.WinnerA:
		i = 0
	case arena.WinnerB:
		i = 1
	case arena.WinnerTie:
		i = 2
	case arena.WinnerBothBad:
		i = 3
	}
	if ma > mb {
		k.lo, k.hi = mb, ma
		i = [4]int{1, 0, 2, 3}[i] // model_a is the higher id: its win is wins_hi
	}
	c := p[k]
	if c == nil {
		c = new([4]int64)
		p[k] = c
	}
	c[i]++
}

// write adds the tallies with addOutcome's statement (qAddOutcome), once per row.
func (p pairTally) write(ctx context.Context, db *DB, tx *sql.Tx) error {
	for k, c := range p {
		if _, err := db.txExec(ctx, tx, qAddOutcome, k.category, k.lo, k.hi, c[0], c[1], c[2], c[3]); err != nil {
			return err
		}
	}
	return nil
}

// existingIDs returns the set of ids already in battles.
func existingIDs(ctx context.Context, tx *sql.Tx, ids []string) (map[string]bool, error) {
	found := make(map[string]bool, len(ids))
	const chunk = 500
	args := make([]any, 0, chunk)
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		args = args[:0]
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		rows, err := tx.QueryContext(ctx, `SELECT id FROM battles WHERE id IN (`+strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			found[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return found, nil
}

// bulk inserts rows many at a time with multi-row INSERT statements, which spend far
// less per row than one statement each.
type bulk struct {
	tx          *sql.Tx
	head, tuple string
	params      int
	per         int // rows per full statement
	full        *sql.Stmt
	args        []any
}

func newBulk(tx *sql.Tx, head, tuple string, params int) *bulk {
	return &bulk{tx: tx, head: head, tuple: tuple, params: params, per: max(1, 30000/params/4)}
}

func (b *bulk) stmt(rows int) string {
	var sb strings.Builder
	sb.WriteString(b.head)
	for i := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(b.tuple)
	}
	return sb.String()
}

func (b *bulk) add(ctx context.Context, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < b.per*b.params {
		return nil
	}
	if b.full == nil {
		st, err := b.tx.PrepareContext(ctx, b.stmt(b.per))
		if err != nil {
			return err
		}
		b.full = st
	}
	_, err := b.full.ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

func (b *bulk) flush(ctx context.Context) error {
	if len(b.args) == 0 {
		return nil
	}
	_, err := b.tx.ExecContext(ctx, b.stmt(len(b.args)/b.params), b.args...)
	b.args = b.args[:0]
	return err
}

func (b *bulk) close() {
	if b.full != nil {
		b.full.Close()
	}
}
