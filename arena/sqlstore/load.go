package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

// LoadBatchSize is how many battles a Loader writes per transaction: large enough that
// the per-transaction costs (a commit, one upsert per pair counter) vanish, small enough
// that SQLite's WAL stays a few hundred megabytes between checkpoints.
const LoadBatchSize = 20000

// LoadedUser is an account or guest LoadUsers created.
type LoadedUser struct {
	ID      int64
	Account bool // a named account, else a guest
	Consent bool // the user's data_consent
}

// LoadUsers creates accounts named prefix1, prefix2... (all with passwordHash) and
// guests, in one statement per kind, for filling a new database with simulated traffic.
// Seven users in ten consent to publication. The database assigns the ids, so a server
// started afterwards creates its own users without a collision.
func (db *DB) LoadUsers(ctx context.Context, accounts, guests int, prefix, passwordHash string, created time.Time) (_ []LoadedUser, err error) {
	defer wrap(&err, "LoadUsers")
	// A recursive count is the row source both databases share (no generate_series).
	// Parameters are cast: in a SELECT list PostgreSQL would otherwise take them as text.
	const head = `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < CAST(? AS BIGINT))
		INSERT INTO users (username, password_hash, role, is_guest, created_at, data_consent, data_consent_at, data_consent_version) `
	consent := `CASE WHEN i % 10 < 7 THEN 1 ELSE 0 END`
	consentAt := `CASE WHEN i % 10 < 7 THEN CAST(? AS BIGINT) ELSE NULL END`
	version := `CASE WHEN i % 10 < 7 THEN CAST(? AS TEXT) ELSE '' END`
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		if accounts > 0 {
			if _, err := tx.ExecContext(ctx, head+`SELECT CAST(? AS TEXT) || CAST(i AS TEXT), CAST(? AS TEXT), 'user', 0, CAST(? AS BIGINT), `+consent+`, `+consentAt+`, `+version+` FROM n`,
				accounts, prefix, passwordHash, ms(created), ms(created), arena.ConsentVersion); err != nil {
				return err
			}
		}
		if guests > 0 {
			_, err := tx.ExecContext(ctx, head+`SELECT NULL, NULL, 'user', 1, CAST(? AS BIGINT), `+consent+`, `+consentAt+`, `+version+` FROM n`,
				guests, ms(created), ms(created), arena.ConsentVersion)
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, is_guest, data_consent FROM users WHERE (is_guest = 0 AND username LIKE ?) OR (is_guest = 1 AND created_at = ?)
		ORDER BY is_guest, id`, prefix+"%", ms(created))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := make([]LoadedUser, 0, accounts+guests)
	for rows.Next() {
		var u LoadedUser
		var guest bool
		if err := rows.Scan(&u.ID, &guest, &u.Consent); err != nil {
			return nil, err
		}
		u.Account = !guest
		out = append(out, u)
	}
	return out, rows.Err()
}

// Loader writes simulated battles, each voted on, into a database in large
// transactions: the battle, its turns with both answers, the vote, the voter's ledger
// entry and the pair counters, exactly as RecordVote leaves them for a counted vote, so
// a server started on the database serves what it would have after the same votes.
// A batch is written in the background while the next fills; an error writing one is
// returned by the next Add or by Close. Unlike an import, a load is not undone on
// failure: it is for filling a scratch database.
type Loader struct {
	db                           *DB
	battles, turns, votes, entry *bulk
	styles                       *bulk
	batch, spare                 []*arena.Battle
	writing                      chan error
	started                      bool
}

// BeginLoad starts a load. The battles' models and users must exist.
func (db *DB) BeginLoad(ctx context.Context) (_ *Loader, err error) {
	defer wrap(&err, "BeginLoad")
	l := &Loader{db: db}
	l.battles = newBulk(db, `INSERT INTO battles (id, user_id, model_a, model_b, status, category, turns, created_at, updated_at, mode,
		language, tagger, category_v01, ready_at, arena, refusal) VALUES `, `(?, ?, ?, ?, 'voted', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, 15)
	l.turns = newBulk(db, `INSERT INTO turns (battle_id, idx, prompt, answer_a, status_a, prompt_tokens_a, completion_tokens_a, ttft_ms_a, total_ms_a,
		answer_b, status_b, prompt_tokens_b, completion_tokens_b, ttft_ms_b, total_ms_b, created_at, finish_a, finish_b) VALUES `,
		`(?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?, ?)`, 16)
	l.votes = newBulk(db, `INSERT INTO votes (battle_id, user_id, winner, reasons, comment, points, created_at, publish, consent_at, consent_version) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, 10)
	l.entry = newBulk(db, `INSERT INTO ledger (user_id, amount, reason, ref, created_at) VALUES `, `(?, ?, 'vote', ?, ?)`, 4)
	l.styles = newBulk(db, `INSERT INTO battle_styles (battle_id, has_text, tokens_a, headers_a, lists_a, bold_a, tokens_b, headers_b, lists_b, bold_b) VALUES `,
		`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, 10)
	for _, bk := range l.bulks() {
		if err := bk.prepare(ctx); err != nil {
			l.closeStatements()
			return nil, err
		}
	}
	for _, q := range db.d.ImportStart {
		if err := db.exec(ctx, q); err != nil {
			l.closeStatements()
			return nil, err
		}
	}
	l.started = true
	return l, nil
}

// Add queues a battle with its vote (b.Vote, which must be set; its Publish must be
// too) and its turns' finished answers, writing the batch when it is full. b is kept until written: the caller must
// not change it.
func (l *Loader) Add(ctx context.Context, b *arena.Battle) (err error) {
	defer wrap(&err, "Loader.Add")
	if b.Vote == nil || b.Vote.Publish == nil || !b.Vote.Winner.Valid() || len(b.Turns) == 0 {
		return arena.Errorf(arena.EINVALID, "A loaded battle needs turns and a vote with a winner and a publication decision (battle %s).", b.ID)
	}
	if b.ModelA.ID == b.ModelB.ID {
		return arena.Errorf(arena.EINVALID, "A loaded battle needs two different models (battle %s).", b.ID)
	}
	l.batch = append(l.batch, b)
	if len(l.batch) < LoadBatchSize {
		return nil
	}
	if err := l.wait(); err != nil {
		return err
	}
	batch := l.batch
	l.batch, l.spare = l.spare[:0], nil
	done := make(chan error, 1)
	l.writing = done
	go func() {
		err := l.write(ctx, batch)
		clear(batch)
		l.spare = batch[:0] // read only once the channel says the write is done
		done <- err
	}()
	return nil
}

func (l *Loader) wait() error {
	if l.writing == nil {
		return nil
	}
	err := <-l.writing
	l.writing = nil
	return err
}

// write stores a batch in one transaction.
func (l *Loader) write(ctx context.Context, batch []*arena.Battle) error {
	return l.db.inTx(ctx, func(tx *sql.Tx) error {
		for _, bk := range l.bulks() {
			bk.reset() // from an attempt that failed
		}
		counts := pairTally{}
		var leaves []arena.LogLeaf
		for _, b := range batch {
			v := b.Vote
			mode := string(b.Mode)
			if mode == "" {
				mode = string(arena.ModeBattle)
			}
			created, voted := ms(b.CreatedAt), ms(v.CreatedAt)
			category, kind := strings.Join(b.Category, ","), cmp.Or(b.Arena, arena.ArenaText)
			if err := l.battles.add(ctx, tx, b.ID, b.UserID, b.ModelA.ID, b.ModelB.ID, category, len(b.Turns), created, voted, mode,
				b.Language, b.Tagger, lmarenaJSON(b.LMArena), created, kind, b.Refuses()); err != nil {
				return err
			}
			for i, t := range b.Turns {
				if err := l.turns.add(ctx, tx, b.ID, i, t.Prompt,
					t.A.Text, t.A.PromptTokens, t.A.CompletionTokens, msf(t.A.FirstToken), msf(t.A.Total),
					t.B.Text, t.B.PromptTokens, t.B.CompletionTokens, msf(t.B.FirstToken), msf(t.B.Total), created, t.A.FinishReason, t.B.FinishReason); err != nil {
					return err
				}
			}
			// The style the vote path stores from the same answers (storeStyle).
			ta, tb := make([]string, len(b.Turns)), make([]string, len(b.Turns))
			for i, t := range b.Turns {
				ta[i], tb[i] = t.A.Text, t.B.Text
			}
			if err := l.styles.add(ctx, tx, append([]any{b.ID}, styleArgs(arena.StyleOfAnswers(strings.Join(ta, "\n"), strings.Join(tb, "\n")))...)...); err != nil {
				return err
			}
			reasons, _ := json.Marshal(v.Reasons)
			if v.Reasons == nil {
				reasons = []byte("[]")
			}
			if err := l.votes.add(ctx, tx, b.ID, v.UserID, string(v.Winner), string(reasons), v.Comment, v.Points, voted,
				b2i(*v.Publish), voted, arena.ConsentVersion); err != nil {
				return err
			}
			if v.Points != 0 {
				if err := l.entry.add(ctx, tx, v.UserID, v.Points, b.ID, voted); err != nil {
					return err
				}
			}
			for _, c := range pairCategories(mode, kind, category) {
				counts.add(c, b.ModelA.ID, b.ModelB.ID, v.Winner)
			}
			// Counted as the vote path counts it, so logged as it logs it.
			if mode == string(arena.ModeBattle) {
				leaves = append(leaves, arena.LogLeaf{Event: arena.LogCount, BattleID: b.ID, ModelA: b.ModelA.Name, ModelB: b.ModelB.Name,
					Winner: v.Winner, VotedAt: v.CreatedAt, At: v.CreatedAt})
			}
		}
		for _, bk := range l.bulks() {
			if err := bk.flush(ctx, tx); err != nil {
				return err
			}
		}
		if _, err := appendLog(ctx, tx, leaves); err != nil {
			return err
		}
		return counts.write(ctx, l.db, tx)
	})
}

// Close writes what is queued and ends the load.
func (l *Loader) Close(ctx context.Context) (err error) {
	defer wrap(&err, "Loader.Close")
	err = l.wait()
	if err == nil && len(l.batch) > 0 {
		err = l.write(ctx, l.batch)
		l.batch = nil
	}
	l.closeStatements()
	if l.started {
		l.started = false
		for _, q := range l.db.d.ImportEnd {
			if e := l.db.exec(context.WithoutCancel(ctx), q); e != nil && err == nil {
				err = e
			}
		}
	}
	return err
}

func (l *Loader) closeStatements() {
	for _, bk := range l.bulks() {
		bk.close()
	}
}

// bulks are the Loader's bulk inserts, in the order their rows are written.
func (l *Loader) bulks() []*bulk {
	return []*bulk{l.battles, l.turns, l.votes, l.entry, l.styles}
}
