package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/translog"
)

var (
	_ arena.BattleStore = (*DB)(nil)
	_ arena.LedgerStore = (*DB)(nil)
)

// CreateBattle stores a battle and its first turn.
func (db *DB) CreateBattle(ctx context.Context, b *arena.Battle) (err error) {
	defer wrap(&err, "CreateBattle")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		mode, modelB := cmp.Or(b.Mode, arena.ModeBattle), b.ModelB.ID
		if mode == arena.ModeDirect {
			// model_b is NOT NULL: a direct chat names its one model again, which the
			// table's check allows for direct chats only.
			modelB = b.ModelA.ID
		}
		col, output := arena.StoredArena(cmp.Or(b.Arena, arena.ArenaText))
		if _, err := db.txExec(ctx, tx, qInsertBattle, b.ID, b.UserID, b.ModelA.ID, modelB, string(b.Status),
			strings.Join(b.Category, ","), len(b.Turns), ms(b.CreatedAt), ms(b.CreatedAt), string(mode), b.Language,
			b.Tagger, lmarenaJSON(b.LMArena), col, output); err != nil {
			return err
		}
		for i, t := range b.Turns {
			if _, err := db.txExec(ctx, tx, qInsertTurn, b.ID, i, t.Prompt, ms(b.CreatedAt), strings.Join(t.Images, ",")); err != nil {
				return err
			}
		}
		if b.Campaign != nil {
			return db.addCampaignBattle(ctx, tx, b)
		}
		return nil
	})
}

// AddTurn opens a follow-up turn on a ready battle; a turn with images makes the battle
// a vision battle.
func (db *DB) AddTurn(ctx context.Context, battleID string, index int, prompt string, imgs []string, now time.Time) (err error) {
	defer wrap(&err, "AddTurn")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE battles SET status = 'streaming', turns = turns + 1, updated_at = ?,
			arena = CASE WHEN ? = 1 THEN 'vision' ELSE arena END
			WHERE id = ? AND status = 'ready' AND turns = ?`, ms(now), b2i(len(imgs) > 0), battleID, index)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return db.battleStateError(ctx, tx, battleID, "send a follow-up")
		}
		_, err = db.txExec(ctx, tx, qInsertTurn, battleID, index, prompt, ms(now), strings.Join(imgs, ","))
		return err
	})
}

// battleStateError explains why an action is not possible on a battle in its state.
func (db *DB) battleStateError(ctx context.Context, tx *sql.Tx, battleID, action string) error {
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status FROM battles WHERE id = ?`, battleID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return arena.Errorf(arena.ENOTFOUND, "No such battle.")
	} else if err != nil {
		return err
	}
	switch arena.BattleStatus(status) {
	case arena.StatusStreaming:
		return arena.Errorf(arena.ECONFLICT, "The answers are still streaming; wait until both are complete to %s.", action)
	case arena.StatusFailed:
		var sa, sb string
		if err := tx.QueryRowContext(ctx, `SELECT status_a, status_b FROM turns WHERE battle_id = ? ORDER BY idx DESC LIMIT 1`, battleID).
			Scan(&sa, &sb); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		b := arena.Battle{Status: arena.StatusFailed, Turns: []arena.Turn{{A: arena.Answer{Status: arena.AnswerStatus(sa)}, B: arena.Answer{Status: arena.AnswerStatus(sb)}}}}
		if b.Interrupted() {
			return arena.Errorf(arena.ECONFLICT, "This battle was interrupted by a server restart, so you cannot %s; start a new battle.", action)
		}
		return arena.Errorf(arena.ECONFLICT, "A model failed in this battle, so you cannot %s; start a new battle.", action)
	case arena.StatusVoted:
		return arena.Errorf(arena.ECONFLICT, "This battle has already been voted on.")
	}
	return arena.Errorf(arena.ECONFLICT, "This battle cannot %s now (turn limit reached or it changed meanwhile).", action)
}

// FinishTurn stores both answers of a turn and the battle's new status.
func (db *DB) FinishTurn(ctx context.Context, battleID string, index int, a, b arena.Answer, status arena.BattleStatus, now time.Time) (err error) {
	defer wrap(&err, "FinishTurn")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE turns SET
			answer_a = ?, status_a = ?, error_a = ?, prompt_tokens_a = ?, completion_tokens_a = ?, ttft_ms_a = ?, total_ms_a = ?,
			answer_b = ?, status_b = ?, error_b = ?, prompt_tokens_b = ?, completion_tokens_b = ?, ttft_ms_b = ?, total_ms_b = ?,
			reasoning_a = ?, finish_a = ?, reasoning_b = ?, finish_b = ?, images_a = ?, images_b = ?
			WHERE battle_id = ? AND idx = ?`,
			a.Text, string(a.Status), a.Error, a.PromptTokens, a.CompletionTokens, msf(a.FirstToken), msf(a.Total),
			b.Text, string(b.Status), b.Error, b.PromptTokens, b.CompletionTokens, msf(b.FirstToken), msf(b.Total),
			a.Reasoning, a.FinishReason, b.Reasoning, b.FinishReason, strings.Join(a.Images, ","), strings.Join(b.Images, ","),
			battleID, index); err != nil {
			return err
		}
		for _, f := range []struct {
			side, model string
			f           *arena.AnswerFailure
		}{{"a", "model_a", a.Failure}, {"b", "model_b", b.Failure}} {
			if f.f == nil {
				continue
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO answer_failures
				(battle_id, idx, side, model_id, kind, http_status, request_id, detail, created_at)
				SELECT id, ?, ?, `+f.model+`, ?, ?, ?, ?, ? FROM battles WHERE id = ?`,
				index, f.side, f.f.Kind, f.f.HTTPStatus, f.f.RequestID, f.f.Detail, ms(f.f.At), battleID); err != nil {
				return err
			}
		}
		// ready_at starts the voter's reading time (see arena.Quality).
		_, err := tx.ExecContext(ctx, `UPDATE battles SET status = ?, updated_at = ?,
			ready_at = CASE WHEN ? = 'ready' THEN ? ELSE ready_at END WHERE id = ? AND status = 'streaming'`,
			string(status), ms(now), string(status), ms(now), battleID)
		return err
	})
}

// RegenerateAnswer reopens side of the last turn (index) of a ready battle for a new
// answer, keeping the one it replaces in replaced_answers (see arena.BattleStore).
func (db *DB) RegenerateAnswer(ctx context.Context, battleID string, index int, side byte, max int, now time.Time) (err error) {
	defer wrap(&err, "RegenerateAnswer")
	if side != 'a' && side != 'b' {
		return arena.Errorf(arena.EINVALID, "side must be a or b; got %q.", string(side))
	}
	s := string(side) // a column suffix, one of two letters
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		err := tx.QueryRowContext(ctx, `UPDATE battles SET status = 'streaming', regenerated_`+s+` = regenerated_`+s+` + 1, updated_at = ?
			WHERE id = ? AND status = 'ready' AND turns = ? AND regenerated_`+s+` < ? RETURNING regenerated_`+s,
			ms(now), battleID, index+1, max).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			var status string
			var used int
			err := tx.QueryRowContext(ctx, `SELECT status, regenerated_`+s+` FROM battles WHERE id = ?`, battleID).Scan(&status, &used)
			if err == nil && status == string(arena.StatusReady) && used >= max {
				return arena.RegenerationsUsed(side)
			}
			return db.battleStateError(ctx, tx, battleID, "regenerate an answer")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO replaced_answers
			(battle_id, idx, side, n, answer, reasoning, status, finish, completion_tokens, replaced_at)
			SELECT battle_id, idx, ?, ?, answer_`+s+`, reasoning_`+s+`, status_`+s+`, finish_`+s+`, completion_tokens_`+s+`, ?
			FROM turns WHERE battle_id = ? AND idx = ?`, s, n, ms(now), battleID, index); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE turns SET answer_`+s+` = '', status_`+s+` = 'streaming', error_`+s+` = '',
			prompt_tokens_`+s+` = 0, completion_tokens_`+s+` = 0, ttft_ms_`+s+` = 0, total_ms_`+s+` = 0, reasoning_`+s+` = '', finish_`+s+` = ''
			WHERE battle_id = ? AND idx = ?`, battleID, index)
		return err
	})
}

func msf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func durMS(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// Battle returns a battle with its models, turns and vote.
func (db *DB) Battle(ctx context.Context, id string) (_ *arena.Battle, err error) {
	defer wrap(&err, "Battle")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var b arena.Battle
	var ma, mb, created, updated int64
	var status, category, mode, v01 string
	err = tx.QueryRowContext(ctx, `SELECT id, user_id, model_a, model_b, status, category, created_at, updated_at, mode, language,
		tagger, category_v01, regenerated_a, regenerated_b, `+battleArena("")+` FROM battles WHERE id = ?`, id).
		Scan(&b.ID, &b.UserID, &ma, &mb, &status, &category, &created, &updated, &mode, &b.Language, &b.Tagger, &v01,
			&b.Regenerated[0], &b.Regenerated[1], &b.Arena)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such battle.")
	} else if err != nil {
		return nil, err
	}
	b.Status, b.CreatedAt, b.UpdatedAt, b.Mode = arena.BattleStatus(status), fromMS(created), fromMS(updated), arena.BattleMode(mode)
	if category != "" {
		b.Category = strings.Split(category, ",")
	}
	if b.LMArena, err = parseLMArena(v01); err != nil {
		return nil, fmt.Errorf("battle %s: category_v01: %w", id, err)
	}
	for _, side := range []struct {
		id  int64
		dst *arena.Model
	}{{ma, &b.ModelA}, {mb, &b.ModelB}} {
		if side.dst == &b.ModelB && b.Mode == arena.ModeDirect {
			break // model_b repeats model_a (see CreateBattle); the chat has one model
		}
		m, err := scanModel(tx.QueryRowContext(ctx, `SELECT `+modelCols+` FROM models WHERE id = ?`, side.id))
		if err != nil {
			return nil, err
		}
		*side.dst = *m
	}
	rows, err := tx.QueryContext(ctx, `SELECT prompt,
		answer_a, status_a, error_a, prompt_tokens_a, completion_tokens_a, ttft_ms_a, total_ms_a,
		answer_b, status_b, error_b, prompt_tokens_b, completion_tokens_b, ttft_ms_b, total_ms_b,
		reasoning_a, finish_a, reasoning_b, finish_b, images, images_a, images_b
		FROM turns WHERE battle_id = ? ORDER BY idx`, id)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var t arena.Turn
		var sa, sb, imgs, imgsA, imgsB string
		var fa, ta, fb, tb float64
		if err := rows.Scan(&t.Prompt, &t.A.Text, &sa, &t.A.Error, &t.A.PromptTokens, &t.A.CompletionTokens, &fa, &ta,
			&t.B.Text, &sb, &t.B.Error, &t.B.PromptTokens, &t.B.CompletionTokens, &fb, &tb,
			&t.A.Reasoning, &t.A.FinishReason, &t.B.Reasoning, &t.B.FinishReason, &imgs, &imgsA, &imgsB); err != nil {
			rows.Close()
			return nil, err
		}
		t.Images, t.A.Images, t.B.Images = splitNames(imgs), splitNames(imgsA), splitNames(imgsB)
		t.A.Status, t.B.Status = arena.AnswerStatus(sa), arena.AnswerStatus(sb)
		t.A.FirstToken, t.A.Total, t.B.FirstToken, t.B.Total = durMS(fa), durMS(ta), durMS(fb), durMS(tb)
		b.Turns = append(b.Turns, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var v arena.Vote
	var winner, reasons string
	var vcreated int64
	var publish bool
	err = tx.QueryRowContext(ctx, `SELECT user_id, winner, reasons, comment, points, created_at, publish, `+voteHeld+` FROM votes v WHERE battle_id = ?`, id).
		Scan(&v.UserID, &winner, &reasons, &v.Comment, &v.Points, &vcreated, &publish, &v.Held)
	if err == nil {
		v.BattleID, v.Winner, v.CreatedAt, v.Publish = id, arena.Winner(winner), fromMS(vcreated), &publish
		_ = json.Unmarshal([]byte(reasons), &v.Reasons)
		if v.Receipt, err = receipt(ctx, tx, id); err != nil {
			return nil, err
		}
		b.Vote = &v
	} else if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if b.Campaign, v.Bounty, err = battleCampaign(ctx, tx, id); err != nil {
		return nil, err
	}
	return &b, nil
}

// The statements of a new battle, prepared once at open (see prepareHot): every battle
// writes them before its answers can be stored.
const (
	qInsertBattle = `INSERT INTO battles (id, user_id, model_a, model_b, status, category, turns, created_at, updated_at, mode, language,
			tagger, category_v01, arena, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertTurn = `INSERT INTO turns (battle_id, idx, prompt, created_at, images) VALUES (?, ?, ?, ?, ?)`
)

// qVoteBattle is a vote path's statement like those below, its arena read as the
// domain derives it (battleArena).
var (
	// qVoteBattle marks the voter's ready battle voted and returns what the counters
	// need: the one read of the battle in the vote's transaction. A direct chat is
	// never voted on.
	qVoteBattle = `UPDATE battles SET status = 'voted', updated_at = ?, refusal = ? WHERE id = ? AND user_id = ? AND status = 'ready'
		AND mode <> 'direct' RETURNING model_a, model_b, category, mode, ` + storedArena
)

// The vote path's statements, prepared once at open (see prepareHot).
const (
	qVoteOwner  = `SELECT user_id FROM battles WHERE id = ?`
	qInsertVote = `INSERT INTO votes (battle_id, user_id, winner, reasons, comment, points, idempotency_key, created_at,
			quality, tier, consensus_p, counted, excluded, quality_notes, publish, consent_at, consent_version, draw_epoch, rater_tier)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT data_consent FROM users WHERE id = ?)), ?, ?, ?, ?)`
	qVotePoints = `SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE user_id = ? AND reason = 'vote' AND created_at >= ?`
	qVoteLedger = `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at) VALUES (?, ?, 'vote', ?, ?, ?)`
	qHoldLedger = `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at) VALUES (?, ?, 'hold', ?, ?, ?)`
	qMarkVoted  = `UPDATE battles SET flagged = CASE WHEN ? = 1 THEN 1 ELSE flagged END,
		reveals_identity = CASE WHEN ? = 1 THEN 1 ELSE reveals_identity END WHERE id = ?`
	qAddOutcome = `INSERT INTO pair_counts (category, model_lo, model_hi, wins_lo, wins_hi, ties, both_bad)
		VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (category, model_lo, model_hi) DO UPDATE SET wins_lo = pair_counts.wins_lo + excluded.wins_lo,
		wins_hi = pair_counts.wins_hi + excluded.wins_hi, ties = pair_counts.ties + excluded.ties,
		both_bad = pair_counts.both_bad + excluded.both_bad`
	qVoteResult = `SELECT ma.name, mb.name, ma.provider, mb.provider, v.winner, v.points, v.publish, ` + voteHeld + ` FROM votes v
		JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE `
	voteByBattle = `v.battle_id = ?`
	qVoteByKey   = `SELECT battle_id, winner, reasons, comment FROM votes WHERE user_id = ? AND idempotency_key = ?`
	qVoteReceipt = `SELECT idx, data FROM vote_log WHERE battle_id = ? AND event = 'count' ORDER BY idx LIMIT 1`
)

// voteHeld is whether the points of vote v are on hold: a hold entry for its battle
// with no release after it.
const voteHeld = `(EXISTS (SELECT 1 FROM ledger l WHERE l.user_id = v.user_id AND l.reason = 'hold' AND l.ref = v.battle_id)
		AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.user_id = v.user_id AND l.reason = 'release' AND l.ref = v.battle_id))`

var hotStatements = []string{qInsertBattle, qInsertTurn, qVoteBattle, qVoteOwner, qInsertVote, qInsertStyle, qVotePoints, qVoteLedger, qAddOutcome, qHoldLedger, qMarkVoted,
	qVoteByKey, qVoteResult + voteByBattle}

// publishArg is a vote's own publication decision as a parameter: NULL takes the
// account's setting.
func publishArg(p *bool) any {
	if p == nil {
		return nil
	}
	return b2i(*p)
}

// RecordVote stores a vote with its quality verdict in one transaction: the vote and
// its score (none when unscored); the battle marked voted; the pair counters only if
// the vote counts (not excluded, not a gold battle, no answer naming its model, the
// voter not under review); the battle flagged out of exports when the vote is excluded
// or gold; the ledger entry, its points drawn by the reward rule with the open draw
// epoch's secret (the vote records which) against what the voter earned before, and a
// hold of the same amount when the voter is under review.
func (db *DB) RecordVote(ctx context.Context, r arena.VoteRecord) (_ *arena.VoteResult, err error) {
	defer wrap(&err, "RecordVote")
	v, q := r.Vote, r.Quality
	var result *arena.VoteResult
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		reasons, _ := json.Marshal(v.Reasons)
		if v.Reasons == nil {
			reasons = []byte("[]")
		}
		if r.IdempotencyKey != "" {
			// A key replays only the request it was first sent with: the same battle and
			// the same vote. Anything else under it is a client's mistake, said so, never
			// another battle's result passed off as this one's.
			var battle, winner, gotReasons, comment string
			err := db.txQueryRow(ctx, tx, qVoteByKey, v.UserID, r.IdempotencyKey).Scan(&battle, &winner, &gotReasons, &comment)
			switch {
			case err == nil && battle != v.BattleID:
				return arena.Errorf(arena.EUNPROCESSABLE, "This Idempotency-Key was already used for another battle; use a new key for each vote.")
			case err == nil && (winner != string(v.Winner) || gotReasons != string(reasons) || comment != v.Comment):
				return arena.Errorf(arena.EUNPROCESSABLE, "This Idempotency-Key was already used for a different vote on this battle.")
			case err == nil:
				result, err = db.voteResult(ctx, tx, v.BattleID)
				return err
			case !errors.Is(err, sql.ErrNoRows):
				return err
			}
		}
		var ma, mb int64
		var category, mode, kind string
		err := db.txQueryRow(ctx, tx, qVoteBattle, ms(v.CreatedAt), r.Refusal, v.BattleID, v.UserID).Scan(&ma, &mb, &category, &mode, &kind)
		if errors.Is(err, sql.ErrNoRows) {
			return db.voteRefusal(ctx, tx, v)
		} else if err != nil {
			return err
		}
		points := v.Points
		var drawEpoch any
		if r.Reward != nil {
			number, secret, err := db.openDraw(ctx, tx, v.CreatedAt)
			if err != nil {
				return err
			}
			drawEpoch = number
			today, err := db.votePointsSince(ctx, tx, v.UserID, r.Reward.DaySince)
			if err != nil {
				return err
			}
			week, err := db.votePointsSince(ctx, tx, v.UserID, r.Reward.WeekSince)
			if err != nil {
				return err
			}
			points = r.Reward.Points(secret, today, week)
		}
		var key, score any
		if r.IdempotencyKey != "" {
			key = r.IdempotencyKey
		}
		tier := ""
		if q.Scored {
			score, tier = q.Score, q.Tier
		}
		if _, err := db.txExec(ctx, tx, qInsertVote, v.BattleID, v.UserID, string(v.Winner), string(reasons), v.Comment, points, key, ms(v.CreatedAt),
			score, tier, q.ConsensusP, q.Counted(), q.Excluded, strings.Join(q.Notes, "\n"), publishArg(v.Publish), v.UserID, ms(v.CreatedAt), arena.ConsentVersion, drawEpoch, r.RaterTier); err != nil {
			return err
		}
		if err := db.storeStyle(ctx, tx, v.BattleID); err != nil {
			return err
		}
		if q.Counted() {
			for _, c := range pairCategories(mode, kind, category) {
				if err := db.addOutcome(ctx, tx, c, ma, mb, v.Winner, 1); err != nil {
					return err
				}
			}
		}
		if q.Excluded || q.Gold || q.RevealsIdentity {
			if _, err := db.txExec(ctx, tx, qMarkVoted, q.Excluded || q.Gold, q.RevealsIdentity, v.BattleID); err != nil {
				return err
			}
		}
		if points != 0 {
			vests := msOrNull(r.VestsAt)
			if _, err := db.txExec(ctx, tx, qVoteLedger, v.UserID, points, v.BattleID, ms(v.CreatedAt), vests); err != nil {
				return err
			}
			if q.Hold {
				if _, err := db.txExec(ctx, tx, qHoldLedger, v.UserID, -points, v.BattleID, ms(v.CreatedAt), vests); err != nil {
					return err
				}
			}
		}
		if q.Counted() && mode == string(arena.ModeBattle) {
			if _, err := db.payBounty(ctx, tx, v.BattleID, v.UserID, v.CreatedAt, r.VestsAt); err != nil {
				return err
			}
		}
		if result, err = db.voteResult(ctx, tx, v.BattleID); err != nil {
			return err
		}
		// A counted vote is acknowledged with its place in the vote log, appended here so
		// the log and the counters change together.
		if q.Counted() && mode == string(arena.ModeBattle) {
			leaves, err := appendLog(ctx, tx, []arena.LogLeaf{{Event: arena.LogCount, BattleID: v.BattleID, ModelA: result.ModelA,
				ModelB: result.ModelB, Winner: v.Winner, VotedAt: v.CreatedAt, At: v.CreatedAt}})
			if err != nil {
				return err
			}
			result.Receipt = &arena.Receipt{Index: leaves[0].Index, LeafHash: leaves[0].Hash()}
		}
		return nil
	})
	return result, err
}

// voteRefusal explains why a vote's battle could not be marked voted.
func (db *DB) voteRefusal(ctx context.Context, tx *sql.Tx, v *arena.Vote) error {
	var owner int64
	err := db.txQueryRow(ctx, tx, qVoteOwner, v.BattleID).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && owner != v.UserID) {
		return arena.Errorf(arena.ENOTFOUND, "No such battle.")
	} else if err != nil {
		return err
	}
	return db.battleStateError(ctx, tx, v.BattleID, "vote")
}

// votePointsSince sums a user's vote entries since a window's start; a zero start is an
// uncapped window, read as 0.
func (db *DB) votePointsSince(ctx context.Context, tx *sql.Tx, userID int64, since time.Time) (int64, error) {
	if since.IsZero() {
		return 0, nil
	}
	var n int64
	err := db.txQueryRow(ctx, tx, qVotePoints, userID, ms(since)).Scan(&n)
	return n, err
}

func (db *DB) voteResult(ctx context.Context, tx *sql.Tx, battleID string) (*arena.VoteResult, error) {
	var r arena.VoteResult
	var winner, pa, pb string
	err := db.txQueryRow(ctx, tx, qVoteResult+voteByBattle, battleID).Scan(&r.ModelA, &r.ModelB, &pa, &pb, &winner, &r.Points, &r.Publish, &r.Held)
	if err != nil {
		return nil, err
	}
	r.Winner = arena.Winner(winner)
	r.DisplayA = arena.Model{Name: r.ModelA, Provider: pa}.DisplayName()
	r.DisplayB = arena.Model{Name: r.ModelB, Provider: pb}.DisplayName()
	if r.Receipt, err = receipt(ctx, tx, battleID); err != nil {
		return nil, err
	}
	bc, bounty, err := battleCampaign(ctx, tx, battleID)
	if bc != nil {
		r.Sponsored = &arena.SponsoredNote{Campaign: bc.CampaignID, Bounty: bounty}
	}
	return &r, err
}

// receipt is the vote's first count leaf in the log: nil while it has not counted (a
// held vote, say).
func receipt(ctx context.Context, q sqlQuerier, battleID string) (*arena.Receipt, error) {
	var idx int64
	var data []byte
	err := q.QueryRowContext(ctx, qVoteReceipt, battleID).Scan(&idx, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &arena.Receipt{Index: uint64(idx), LeafHash: translog.LeafHash(data)}, nil
}

// addOutcome adds n votes (-1 takes one out) to a pair's counters, stored with the
// lower model id first.
func (db *DB) addOutcome(ctx context.Context, tx *sql.Tx, category string, ma, mb int64, w arena.Winner, n int) error {
	lo, hi := ma, mb
	winsLo, winsHi, ties, bothBad := 0, 0, 0, 0
	switch w {
	case arena.WinnerA:
		winsLo = n
	case arena.WinnerB:
		winsHi = n
	case arena.WinnerTie:
		ties = n
	case arena.WinnerBothBad:
		bothBad = n
	}
	if lo > hi {
		lo, hi = hi, lo
		winsLo, winsHi = winsHi, winsLo
	}
	_, err := db.txExec(ctx, tx, qAddOutcome,
		category, lo, hi, winsLo, winsHi, ties, bothBad)
	return err
}

// StreamingBattles lists battles still streaming and unchanged since before.
func (db *DB) StreamingBattles(ctx context.Context, before time.Time) (_ []string, err error) {
	defer wrap(&err, "StreamingBattles")
	rows, err := db.read.QueryContext(ctx, `SELECT id FROM battles WHERE status = 'streaming' AND updated_at <= ?`, ms(before))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Balance is the sum of a user's ledger entries.
func (db *DB) Balance(ctx context.Context, userID int64) (_ int64, err error) {
	defer wrap(&err, "Balance")
	var n int64
	err = db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE user_id = ?`, userID).Scan(&n)
	return n, err
}

// PairCounts returns the outcome counters of a category ("" for all battles), with the
// models named in each row as A (the lower id) and B. A pair whose votes all left the
// counters (a review excluded them) is left out: it holds no vote.
func (db *DB) PairCounts(ctx context.Context, category string) (_ []arena.PairCount, err error) {
	defer wrap(&err, "PairCounts")
	rows, err := db.read.QueryContext(ctx, `SELECT ma.name, mb.name, p.wins_lo, p.wins_hi, p.ties, p.both_bad
		FROM pair_counts p JOIN models ma ON ma.id = p.model_lo JOIN models mb ON mb.id = p.model_hi
		WHERE p.category = ? AND p.wins_lo + p.wins_hi + p.ties + p.both_bad > 0`, category)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.PairCount
	for rows.Next() {
		var p arena.PairCount
		if err := rows.Scan(&p.A, &p.B, &p.WinsA, &p.WinsB, &p.Ties, &p.BothBad); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// VotedBattles calls fn for every counted vote, and the imported ones when asked, in
// vote order, inside one read transaction; withText includes each battle's style
// features: those stored with its vote (battle_styles), or for a battle stored before
// them and not back-filled yet, its answers (a battle without turns, like an imported
// clean_battle log's, has none).
func (db *DB) VotedBattles(ctx context.Context, imported, withText bool, fn func(arena.VotedBattle) error) (err error) {
	defer wrap(&err, "VotedBattles")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	style := `0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '', ''`
	join := ``
	if withText {
		// The stored style, or the answers of a battle that has none yet (voted before
		// styles were stored and not back-filled yet): only those are read.
		style = `s.battle_id IS NOT NULL, COALESCE(s.has_text, 0) = 1, COALESCE(s.tokens_a, 0), COALESCE(s.headers_a, 0), COALESCE(s.lists_a, 0), COALESCE(s.bold_a, 0),
			COALESCE(s.tokens_b, 0), COALESCE(s.headers_b, 0), COALESCE(s.lists_b, 0), COALESCE(s.bold_b, 0),
			CASE WHEN s.battle_id IS NULL THEN ` + db.answerOf("a") + ` ELSE '' END, CASE WHEN s.battle_id IS NULL THEN ` + db.answerOf("b") + ` ELSE '' END`
		join = ` LEFT JOIN battle_styles s ON s.battle_id = b.id`
	}
	rows, err := tx.QueryContext(ctx, `SELECT ma.name, mb.name, v.winner, v.created_at, b.category, `+importedVote+`, b.language, b.turns, COALESCE(b.refusal, 0) = 1, `+battleArena("b.")+`, `+style+`
		FROM votes v JOIN battles b ON b.id = v.battle_id
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b`+join+`
		WHERE `+voteSet(imported)+`
		ORDER BY v.created_at, v.battle_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var vb arena.VotedBattle
		var winner, category string
		var created int64
		var stored bool
		var st arena.BattleStyle
		if err := rows.Scan(&vb.ModelA, &vb.ModelB, &winner, &created, &category, &vb.Imported, &vb.Language, &vb.Turns, &vb.Refusal, &vb.Arena,
			&stored, &st.HasText, &st.A.Tokens, &st.A.Headers, &st.A.Lists, &st.A.Bold, &st.B.Tokens, &st.B.Headers, &st.B.Lists, &st.B.Bold,
			&vb.TextA, &vb.TextB); err != nil {
			return err
		}
		if stored {
			vb.Style = &st
		}
		vb.Winner, vb.Time = arena.Winner(winner), fromMS(created)
		if category != "" {
			vb.Category = strings.Split(category, ",")
		}
		if err := fn(vb); err != nil {
			return err
		}
	}
	return rows.Err()
}

// VoteKinds counts the counted and the imported votes by what the leaderboards'
// filters read of them: source, language, tags and whether of more than one turn.
func (db *DB) VoteKinds(ctx context.Context) (_ []arena.VoteKind, err error) {
	defer wrap(&err, "VoteKinds")
	rows, err := db.read.QueryContext(ctx, `SELECT `+importedVote+`, b.language, b.category, b.turns > 1, COALESCE(b.refusal, 0) = 1, COUNT(*)
		FROM votes v JOIN battles b ON b.id = v.battle_id
		WHERE `+voteSet(true)+`
		GROUP BY `+importedVote+`, b.language, b.category, b.turns > 1, COALESCE(b.refusal, 0) = 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.VoteKind
	for rows.Next() {
		var k arena.VoteKind
		if err := rows.Scan(&k.Imported, &k.Language, &k.Categories, &k.MultiTurn, &k.Refusal, &k.Votes); err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// LedgerEntries returns a user's entries, newest first, with their vesting and, for
// votes, whether they are held.
func (db *DB) LedgerEntries(ctx context.Context, userID int64, before int64, limit int) (_ []arena.LedgerEntry, err error) {
	defer wrap(&err, "LedgerEntries")
	if before <= 0 {
		before = math.MaxInt64
	}
	rows, err := db.read.QueryContext(ctx, `SELECT id, amount, reason, ref, created_at, vests_at, vest_votes,
		reason = 'vote' AND EXISTS (SELECT 1 FROM ledger h WHERE h.user_id = ledger.user_id AND h.reason = 'hold' AND h.ref = ledger.ref)
		AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.user_id = ledger.user_id AND r.reason = 'release' AND r.ref = ledger.ref),
		`+entryClawed+`
		FROM ledger WHERE user_id = ? AND id < ? ORDER BY id DESC LIMIT ?`, userID, before, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.LedgerEntry
	for rows.Next() {
		e := arena.LedgerEntry{UserID: userID}
		var created int64
		var vests sql.NullInt64
		if err := rows.Scan(&e.ID, &e.Amount, &e.Reason, &e.Ref, &created, &vests, &e.VestVotes, &e.Held, &e.ClawedBack); err != nil {
			return nil, err
		}
		e.CreatedAt = fromMS(created)
		if vests.Valid {
			e.VestsAt = fromMS(vests.Int64)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// One indexed look-up per vote of the page (vote_log_battle): bounded by the page,
	// whatever the voter's history.
	for i := range out {
		if out[i].Reason != arena.LedgerVote {
			continue
		}
		if out[i].Receipt, err = receipt(ctx, db.read, out[i].Ref); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// entryClawed is whether a vote, bounty or bonus entry (of the table named ledger) was
// clawed back: a clawback of its reference (a vote's battle, 'bounty:' and a bounty's
// battle, 'bonus:' and a bonus's own reference, see clawBack) that no granted appeal
// restored.
const entryClawed = `(ledger.reason IN ('vote', 'signup_bonus', 'referral', 'bounty') AND EXISTS (SELECT 1 FROM ledger c WHERE c.user_id = ledger.user_id
		AND c.reason = 'clawback' AND c.ref = CASE WHEN ledger.reason = 'vote' THEN ledger.ref WHEN ledger.reason = 'bounty' THEN 'bounty:' || ledger.ref
		ELSE 'bonus:' || ledger.ref END
		AND NOT EXISTS (SELECT 1 FROM ledger g WHERE g.user_id = c.user_id AND g.reason = 'restore' AND g.ref = c.ref)))`

// vestedAt is the condition that a ledger entry (of the table named ledger) has vested
// at the time given as its one parameter: past its vesting time, and its account has the
// counted votes it waits for. Settlement sums by it, and PointsStatus reads by it.
const vestedAt = `(ledger.vests_at IS NULL OR ledger.vests_at <= ?) AND (ledger.vest_votes = 0 OR ledger.vest_votes <=
	(SELECT COUNT(*) FROM votes cv WHERE cv.user_id = ledger.user_id AND cv.counted = 1))`

// PointsStatus splits a user's balance into vested and pending points at now.
func (db *DB) PointsStatus(ctx context.Context, userID int64, now time.Time) (_ arena.PointsStatus, err error) {
	defer wrap(&err, "PointsStatus")
	var st arena.PointsStatus
	err = db.read.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0), COALESCE(SUM(CASE WHEN `+vestedAt+` THEN amount ELSE 0 END), 0),
		(SELECT COUNT(*) FROM votes WHERE user_id = ? AND counted = 1) FROM ledger WHERE user_id = ?`, ms(now), userID, userID).
		Scan(&st.Balance, &st.Vested, &st.CountedVotes)
	st.Pending = st.Balance - st.Vested
	return st, err
}

// msOrNull is a time as Unix milliseconds, or NULL for the zero time.
func msOrNull(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return ms(t)
}

var _ arena.LanguageStore = (*DB)(nil)

// BattlesWithoutLanguage lists this arena's own battles with no language yet, by id
// from after, with their first prompts: a walk of the primary key, so a back-fill in
// batches reads each battle once.
func (db *DB) BattlesWithoutLanguage(ctx context.Context, after string, n int) (_ []arena.BattlePrompt, err error) {
	defer wrap(&err, "BattlesWithoutLanguage")
	rows, err := db.read.QueryContext(ctx, `SELECT b.id, COALESCE(t.prompt, '') FROM battles b
		LEFT JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE b.id > ? AND b.source = '' AND b.language = '' ORDER BY b.id LIMIT ?`, after, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.BattlePrompt
	for rows.Next() {
		var p arena.BattlePrompt
		if err := rows.Scan(&p.ID, &p.Prompt); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// SetBattleLanguages stores battles' detected languages in one transaction.
func (db *DB) SetBattleLanguages(ctx context.Context, langs []arena.BattleLanguage) (err error) {
	defer wrap(&err, "SetBattleLanguages")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, l := range langs {
			if _, err := tx.ExecContext(ctx, `UPDATE battles SET language = ? WHERE id = ? AND source = ''`, l.Language, l.ID); err != nil {
				return err
			}
		}
		return nil
	})
}
