package sqlstore

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

// ImportBatchSize is how many battles an Importer writes per transaction, once under
// way: the first batches are smaller, so the database is not idle while the first fills.
// Bigger batches write each pair counter less often.
const ImportBatchSize = 100000

// Importer stores battles read from another arena's published data. Battles go in
// batches, one write transaction each; a battle already stored by an earlier import of
// the same source (same external id) is skipped, so importing a file twice adds
// nothing. Imported battles belong to the source's system user, earn no points, and
// count in pair_counts under "imported:" categories only. A battle that names another
// source (ImportedBattle.Source, from a re-imported export) is filed under that one,
// with its system user, created like the import's own if need be.
//
// A full batch is written in the background while the next one fills, so reading the
// file and writing the database overlap; an error writing a batch is returned by the
// next Add, or by Close.
//
// An import is all or nothing: Abort (or a Close that fails) undoes what the committed
// batches wrote, in one transaction, from what the Importer noted as each committed: the
// battle ids it added (24 bytes each), the models it created, its pair_counts
// increments, and its imports row (and the source's user, if this import created it).
// Writing the whole import in one transaction would do the same with less code, but it
// would hold SQLite's only write lock for the whole file (13 s for 1.5 million battles,
// minutes for files with conversations), failing a running server's votes, and grow the
// WAL by the whole import before a checkpoint could copy it back. A process killed
// mid-import cannot undo: its imports row then has no finished_at, and importing the
// file again skips the battles it wrote.
type Importer struct {
	db         *DB
	source     string
	userID     int64
	importID   int64
	models     map[string]int64 // read by the batch being written, updated once it commits
	batch      []queued
	spare      []queued // the array of the last batch written, for the next one
	batchBytes int
	limit      int // battles in a batch: small at first, so writing starts early
	stats      arena.ImportStats
	now        func() time.Time
	writing    chan written // the batch being written, if any
	undo       undoLog      // what the committed batches wrote
	// the statements that insert battles, turns and votes, used by one batch at a time
	battles, turns, votes *bulk
	// Battles filed under another source than the import's (ImportedBattle.Source):
	// the sources named so far, their system users once a batch has committed, and
	// the statements that insert their battles and votes, which bind the source and
	// user that the statements above have as constants.
	named              map[string]bool
	sourceUsers        map[string]int64
	battlesBy, votesBy *bulk
}

// MaxImportSources is how many sources besides its own one import may file battles
// under: a re-imported export names a few, and each one is a system user.
const MaxImportSources = 64

// queued is a battle waiting in a batch, with what its rows need computed as it comes
// in, off the goroutine that writes.
type queued struct {
	b       arena.ImportedBattle
	source  string // the battle's source, if not the import's
	id      string // ImportedBattleID
	cats    string // this arena's tags, comma-separated
	reasons string // a JSON array, or "" for none
}

// written is what writing a batch did.
type written struct {
	batch       []queued
	added, dups int64
	created     []string
	fresh       map[string]int64
	ids         []byte           // the ids of the battles added, importedIDLen bytes each
	counts      pairTally        // the pair_counts increments
	sources     map[string]int64 // other sources' users, looked up or created
	newSources  []string         // the sources it created
	err         error
}

// BeginImport starts importing file (a name for the imports table) into source, e.g.
// "lmarena". The source's system user is created on its first import.
func (db *DB) BeginImport(ctx context.Context, source, file string) (_ *Importer, err error) {
	defer wrap(&err, "BeginImport")
	source = strings.TrimSpace(source)
	if source == "" {
		return nil, arena.Errorf(arena.EINVALID, "An import needs a source name.")
	}
	im := &Importer{db: db, source: source, models: map[string]int64{}, now: time.Now, limit: ImportBatchSize / 16,
		named: map[string]bool{}, sourceUsers: map[string]int64{}}
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		now := ms(im.now())
		var err error
		im.userID, im.undo.source, err = sourceUser(ctx, tx, source, now)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO imports (source, file, started_at) VALUES (?, ?, ?) RETURNING id`,
			source, file, now).Scan(&im.importID)
	})
	if err != nil {
		return nil, err
	}
	if err := eachModel(ctx, db.read, func(id int64, name string) { im.models[name] = id }); err != nil {
		return nil, err
	}
	// Constants go into the statements rather than being bound row after row, and empty
	// optional texts are bound as NULL: binding a text costs the driver a copy.
	user, src := strconv.FormatInt(im.userID, 10), "'"+strings.ReplaceAll(source, "'", "''")+"'"
	im.battles = newBulk(db, `INSERT INTO battles (id, user_id, model_a, model_b, status, category, turns, created_at, updated_at,
		source, external_id, language, conv_metadata, category_v01, refusal) VALUES `,
		`(?, `+user+`, ?, ?, 'voted', COALESCE(?, ''), ?, ?, ?, `+src+`, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?)`, 12)
	im.turns = newBulk(db, `INSERT INTO turns (battle_id, idx, prompt, answer_a, status_a, answer_b, status_b, created_at,
		reasoning_a, reasoning_b, finish_a, finish_b, completion_tokens_a, completion_tokens_b) VALUES `,
		`(?, ?, ?, ?, 'done', ?, 'done', ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?, ?)`, 12)
	// An imported battle was published by its source: publish is set, under no wording of
	// this arena's (consent_version stays '').
	im.votes = newBulk(db, `INSERT INTO votes (battle_id, user_id, winner, reasons, comment, points, created_at, judge, publish) VALUES `,
		`(?, `+user+`, CASE CAST(? AS INTEGER) WHEN 0 THEN 'model_a' WHEN 1 THEN 'model_b' WHEN 2 THEN 'tie' ELSE 'both_bad' END,
		COALESCE(?, '[]'), COALESCE(?, ''), 0, ?, COALESCE(?, ''), 1)`, 6)
	im.battlesBy = newBulk(db, im.battles.head, `(?, ?, ?, ?, 'voted', COALESCE(?, ''), ?, ?, ?, ?, ?, COALESCE(?, ''), COALESCE(?, ''), COALESCE(?, ''), ?)`, 14)
	im.votesBy = newBulk(db, im.votes.head,
		`(?, ?, CASE CAST(? AS INTEGER) WHEN 0 THEN 'model_a' WHEN 1 THEN 'model_b' WHEN 2 THEN 'tie' ELSE 'both_bad' END,
		COALESCE(?, '[]'), COALESCE(?, ''), 0, ?, COALESCE(?, ''), 1)`, 7)
	// The dialect's bulk settings; Close restores them.
	for _, q := range db.d.ImportStart {
		if err := db.exec(ctx, q); err != nil {
			return nil, err
		}
	}
	return im, nil
}

// Add queues a battle, writing the batch when it is full. b is copied.
func (im *Importer) Add(ctx context.Context, b *arena.ImportedBattle) (err error) {
	defer wrap(&err, "Importer.Add")
	if b.ModelA == "" || b.ModelB == "" || b.ModelA == b.ModelB {
		return arena.Errorf(arena.EINVALID, "An imported battle needs two different models, got %q and %q.", b.ModelA, b.ModelB)
	}
	if !b.Winner.Valid() {
		return arena.Errorf(arena.EINVALID, "Unknown winner %q.", b.Winner)
	}
	source := strings.TrimSpace(b.Source)
	if source == im.source {
		source = ""
	}
	if source != "" && !im.named[source] {
		if len(im.named) == MaxImportSources {
			return arena.Errorf(arena.EINVALID, "The battles name more than %d sources to be filed under; at most %d may be named in one import.", MaxImportSources, MaxImportSources)
		}
		im.named[source] = true
	}
	im.stats.Read++
	q := queued{b: *b, source: source, id: ImportedBattleID(cmp.Or(source, im.source), b.ExternalID, b.VotedAt)}
	var cats []string
	for _, c := range b.Category {
		if c != "" && !strings.Contains(c, ",") {
			cats = append(cats, c)
		}
	}
	q.b.Category = cats
	q.cats = strings.Join(cats, ",")
	if len(b.Reasons) > 0 {
		r, _ := json.Marshal(b.Reasons)
		q.reasons = string(r)
	}
	im.batch = append(im.batch, q)
	for _, t := range b.Turns {
		im.batchBytes += len(t.Prompt) + len(t.AnswerA) + len(t.AnswerB) + len(t.ReasoningA) + len(t.ReasoningB)
	}
	if len(im.batch) < im.limit && im.batchBytes < 32<<20 {
		return nil
	}
	im.limit = min(2*im.limit, ImportBatchSize)
	if err := im.wait(); err != nil {
		return err
	}
	batch, read := im.batch, im.stats.Read
	im.batch, im.spare, im.batchBytes = im.spare[:0], nil, 0
	done := make(chan written, 1)
	im.writing = done
	go func() { done <- im.write(ctx, batch, read) }()
	return nil
}

// wait waits for the batch being written, if any, and takes in what it did.
func (im *Importer) wait() error {
	if im.writing == nil {
		return nil
	}
	w := <-im.writing
	im.writing = nil
	return im.take(w)
}

// take takes in what writing a batch did, and keeps its array for the next batch.
func (im *Importer) take(w written) error {
	clear(w.batch) // let its texts go
	im.spare = w.batch[:0]
	if w.err != nil {
		return w.err
	}
	for name, id := range w.fresh {
		im.models[name] = id
	}
	for name, id := range w.sources {
		im.sourceUsers[name] = id
	}
	for _, name := range w.newSources {
		im.undo.sources = append(im.undo.sources, undoSource{name, w.sources[name]})
	}
	im.stats.Added += w.added
	im.stats.Duplicates += w.dups
	im.stats.NewModels = append(im.stats.NewModels, w.created...)
	im.undo.ids = append(im.undo.ids, w.ids...)
	for _, name := range w.created {
		im.undo.models = append(im.undo.models, w.fresh[name])
	}
	if im.undo.counts == nil {
		im.undo.counts = pairTally{}
	}
	for k, c := range w.counts {
		u := im.undo.counts[k]
		if u == nil {
			u = new([4]int64)
			im.undo.counts[k] = u
		}
		for i := range c {
			u[i] += c[i]
		}
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

// write stores a batch in one transaction; read is how many battles the import had
// read when the batch was sealed. It runs beside Add, and touches nothing Add does.
func (im *Importer) write(ctx context.Context, batch []queued, read int64) written {
	w := written{batch: batch}
	battles, turns, votes, battlesBy, votesBy := im.battles, im.turns, im.votes, im.battlesBy, im.votesBy
	// battles before turns and votes, which name them
	all := []*bulk{battles, battlesBy, turns, votes, votesBy}
	needed := []*bulk{battles, turns, votes}
	if slices.ContainsFunc(batch, func(q queued) bool { return q.source != "" }) {
		needed = all
	}
	for _, bk := range needed {
		if w.err = bk.prepare(ctx); w.err != nil {
			return w
		}
	}
	w.err = im.db.inTx(ctx, func(tx *sql.Tx) error {
		for _, bk := range all {
			bk.reset() // from an attempt that failed
		}
		w.added, w.dups, w.created, w.fresh, w.ids = 0, 0, nil, map[string]int64{}, w.ids[:0]
		w.sources, w.newSources = map[string]int64{}, nil
		counts := pairTally{}
		w.counts = counts
		user := func(source string) (int64, error) {
			if id, ok := im.sourceUsers[source]; ok {
				return id, nil
			}
			if id, ok := w.sources[source]; ok {
				return id, nil
			}
			id, created, err := sourceUser(ctx, tx, source, ms(im.now()))
			if err != nil {
				return 0, fmt.Errorf("source %q: %w", source, err)
			}
			w.sources[source] = id
			if created {
				w.newSources = append(w.newSources, source)
			}
			return id, nil
		}
		model := func(name string) (int64, error) {
			if id, ok := im.models[name]; ok {
				return id, nil
			}
			if id, ok := w.fresh[name]; ok {
				return id, nil
			}
			now := ms(im.now())
			var id int64
			// A model first seen in an imported dataset has its outputs there already,
			// published by the source: they may be published again with the battle.
			if err := tx.QueryRowContext(ctx, `INSERT INTO models (name, provider, active, outputs_public, created_at, updated_at) VALUES (?, ?, 0, 1, ?, ?) RETURNING id`,
				name, arena.ProviderExternal, now, now).Scan(&id); err != nil {
				return 0, fmt.Errorf("creating model %q: %w", name, err)
			}
			w.fresh[name] = id
			w.created = append(w.created, name)
			return id, nil
		}
		// Which of the batch's battles are already stored (or repeated in the batch)?
		ids := make([]string, len(batch))
		for i := range batch {
			ids[i] = batch[i].id
		}
		skip, err := existingIDs(ctx, tx, ids)
		if err != nil {
			return err
		}
		for i := range batch {
			q := &batch[i]
			b, id := &q.b, q.id
			if skip[id] {
				w.dups++
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
			var u int64 // the source's user, for a battle of another source
			if q.source == "" {
				err = battles.add(ctx, tx, id, ma, mb, orNull(q.cats), max(len(b.Turns), 1), at, at, b.ExternalID, orNull(b.Language), orNull(b.ConvMetadata),
					orNull(lmarenaJSON(b.LMArena)), importedRefusal(b))
			} else {
				if u, err = user(q.source); err == nil {
					err = battlesBy.add(ctx, tx, id, u, ma, mb, orNull(q.cats), max(len(b.Turns), 1), at, at, q.source, b.ExternalID, orNull(b.Language), orNull(b.ConvMetadata),
						orNull(lmarenaJSON(b.LMArena)), importedRefusal(b))
				}
			}
			if err != nil {
				return err
			}
			for k, t := range b.Turns {
				if err := turns.add(ctx, tx, id, k, t.Prompt, t.AnswerA, t.AnswerB, at,
					orNull(t.ReasoningA), orNull(t.ReasoningB), orNull(t.FinishA), orNull(t.FinishB), t.TokensA, t.TokensB); err != nil {
					return err
				}
			}
			if q.source == "" {
				err = votes.add(ctx, tx, id, winnerIndex(b.Winner), orNull(q.reasons), orNull(b.Comment), at, orNull(b.Judge))
			} else {
				err = votesBy.add(ctx, tx, id, u, winnerIndex(b.Winner), orNull(q.reasons), orNull(b.Comment), at, orNull(b.Judge))
			}
			if err != nil {
				return err
			}
			w.ids = append(w.ids, id...)
			counts.add(arena.ImportedCategoryPrefix, ma, mb, b.Winner)
			for _, c := range b.Category {
				counts.add(arena.ImportedCategoryPrefix+c, ma, mb, b.Winner)
			}
			w.added++
		}
		for _, bk := range all {
			if err := bk.flush(ctx, tx); err != nil {
				return err
			}
		}
		if err := counts.write(ctx, im.db, tx); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE imports SET rows_read = ?, rows_added = rows_added + ?, duplicates = duplicates + ? WHERE id = ?`,
			read, w.added, w.dups, im.importID)
		return err
	})
	return w
}

// sourceUser returns the system user of an import source, creating the source and its
// user if there is none yet (created then says so).
func sourceUser(ctx context.Context, tx *sql.Tx, source string, now int64) (id int64, created bool, err error) {
	err = tx.QueryRowContext(ctx, `SELECT user_id FROM import_sources WHERE source = ?`, source).Scan(&id)
	if !errors.Is(err, sql.ErrNoRows) {
		return id, false, err
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO users (role, is_guest, data_consent, created_at) VALUES ('user', 1, 1, ?) RETURNING id`,
		now).Scan(&id); err != nil {
		return 0, false, err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO import_sources (source, user_id, created_at) VALUES (?, ?, ?)`, source, id, now); err != nil {
		return 0, false, err
	}
	return id, true, nil
}

// orNull is s, or NULL for an empty s.
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// winnerIndex numbers a winner as the import's statements decode it.
func winnerIndex(w arena.Winner) int {
	switch w {
	case arena.WinnerA:
		return 0
	case arena.WinnerB:
		return 1
	case arena.WinnerTie:
		return 2
	}
	return 3
}

// Close writes what is queued and records the import as finished. If that fails, or
// an Add failed, nothing of the import stays: Close undoes it as Abort does, and
// returns the error.
func (im *Importer) Close(ctx context.Context) (_ arena.ImportStats, err error) {
	defer wrap(&err, "Importer.Close")
	err = im.wait()
	if err == nil && len(im.batch) > 0 {
		err = im.take(im.write(ctx, im.batch, im.stats.Read))
	}
	if err == nil {
		err = im.db.exec(ctx, `UPDATE imports SET finished_at = ?, rows_read = ? WHERE id = ?`, ms(im.now()), im.stats.Read, im.importID)
	}
	if err != nil {
		err = errors.Join(err, im.undoAll(context.WithoutCancel(ctx)))
	}
	return im.stats, im.end(ctx, err)
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
func (db *DB) Imports(ctx context.Context) (_ []ImportRun, err error) {
	defer wrap(&err, "Imports")
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

// existingIDs returns the set of ids already in battles. Imported ids begin with the
// vote time, so a file in time order gives batches whose ids span a narrow range: one
// range scan finds what is stored in it, nothing at all on a first import. Should the
// range hold many more battles than the batch (a file out of order, another source's
// battles at the same times), the ids are looked up in lists instead.
func existingIDs(ctx context.Context, tx *sql.Tx, ids []string) (map[string]bool, error) {
	found := make(map[string]bool, len(ids))
	if len(ids) == 0 {
		return found, nil
	}
	lo, hi := slices.Min(ids), slices.Max(ids)
	limit := 2*len(ids) + 100
	n, err := collectIDs(ctx, tx, found, `SELECT id FROM battles WHERE id >= ? AND id <= ? LIMIT ?`, lo, hi, limit)
	if err != nil || n < limit {
		return found, err
	}
	clear(found)
	const chunk = 500
	args := make([]any, 0, chunk)
	for len(ids) > 0 {
		n := min(chunk, len(ids))
		args = args[:0]
		for _, id := range ids[:n] {
			args = append(args, id)
		}
		if _, err := collectIDs(ctx, tx, found, `SELECT id FROM battles WHERE id IN (`+strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args...); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return found, nil
}

// collectIDs adds the ids query returns to found, and returns how many it returned.
func collectIDs(ctx context.Context, tx *sql.Tx, found map[string]bool, query string, args ...any) (int, error) {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		found[id] = true
		n++
	}
	return n, rows.Err()
}

// bulk inserts rows many at a time with multi-row INSERT statements, which spend far
// less per row than one statement each. The full statement is prepared once for the
// whole import: preparing one of hundreds of rows is itself costly (SQLite hoists every
// row's constants), and was a sixth of an import when done for each batch.
type bulk struct {
	db          *DB
	head, tuple string
	params      int
	per         int // rows per full statement
	full        *sql.Stmt
	args        []any
}

func newBulk(db *DB, head, tuple string, params int) *bulk {
	return &bulk{db: db, head: head, tuple: tuple, params: params, per: max(1, 30000/params/4)}
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

// prepare prepares the full statement, once. It must run outside a transaction: it
// needs a connection of the writer pool, and SQLite's has one, which a transaction holds.
func (b *bulk) prepare(ctx context.Context) error {
	if b.full != nil {
		return nil
	}
	st, err := b.db.write.PrepareContext(ctx, b.stmt(b.per))
	b.full = st
	return err
}

// add queues a row, inserting the queued rows in tx when they fill a statement.
func (b *bulk) add(ctx context.Context, tx *sql.Tx, vals ...any) error {
	b.args = append(b.args, vals...)
	if len(b.args) < b.per*b.params {
		return nil
	}
	_, err := tx.StmtContext(ctx, b.full).ExecContext(ctx, b.args...)
	b.args = b.args[:0]
	return err
}

// flush inserts the queued rows in tx.
func (b *bulk) flush(ctx context.Context, tx *sql.Tx) error {
	if len(b.args) == 0 {
		return nil
	}
	_, err := tx.ExecContext(ctx, b.stmt(len(b.args)/b.params), b.args...)
	b.args = b.args[:0]
	return err
}

// reset drops the queued rows of a transaction that failed.
func (b *bulk) reset() { b.args = b.args[:0] }

func (b *bulk) close() {
	if b.full != nil {
		b.full.Close()
	}
}

// eachModel calls fn with every model's id and name.
func eachModel(ctx context.Context, q sqlQuerier, fn func(id int64, name string)) error {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM models`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		fn(id, name)
	}
	return rows.Err()
}
