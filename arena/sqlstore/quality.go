package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

var (
	_ arena.QualityStore = (*DB)(nil)
	_ arena.RaterStore   = (*DB)(nil)
)

// MarkBattle stores a new battle's gold side and normalised prompt. Gold battles are
// flagged at once: they never belong in a dataset.
func (db *DB) MarkBattle(ctx context.Context, battleID, goldSide, promptKey string) (err error) {
	defer wrap(&err, "MarkBattle")
	_, err = db.write.ExecContext(ctx, `UPDATE battles SET gold_side = ?, prompt_key = ?,
		flagged = CASE WHEN ? <> '' THEN 1 ELSE flagged END WHERE id = ?`, goldSide, promptKey, goldSide, battleID)
	return err
}

// ModerateBattle records a moderation reason and flags the battle out of exports.
func (db *DB) ModerateBattle(ctx context.Context, battleID, reason string) (err error) {
	defer wrap(&err, "ModerateBattle")
	_, err = db.write.ExecContext(ctx, `UPDATE battles SET moderation = CASE WHEN moderation = '' THEN ? ELSE moderation END,
		flagged = 1 WHERE id = ?`, reason, battleID)
	return err
}

// GoldSide returns a battle's broken side, "" for an ordinary battle.
func (db *DB) GoldSide(ctx context.Context, battleID string) (_ string, err error) {
	defer wrap(&err, "GoldSide")
	var side string
	err = db.read.QueryRowContext(ctx, `SELECT gold_side FROM battles WHERE id = ?`, battleID).Scan(&side)
	if errors.Is(err, sql.ErrNoRows) {
		return "", arena.Errorf(arena.ENOTFOUND, "No such battle.")
	}
	return side, err
}

// BattleQuality is what the quality columns say about a battle and its vote, for tests
// and tools.
type BattleQuality struct {
	GoldSide, Moderation     string
	Flagged, RevealsIdentity bool
	VoteQuality              sql.NullFloat64
	Tier                     string
	Counted, Excluded        bool
}

// BattleQuality reads a battle's quality columns (vote fields are zero before a vote).
func (db *DB) BattleQuality(ctx context.Context, battleID string) (_ *BattleQuality, err error) {
	defer wrap(&err, "BattleQuality")
	var q BattleQuality
	var counted, excluded sql.NullBool
	var tier sql.NullString
	err = db.read.QueryRowContext(ctx, `SELECT b.gold_side, b.moderation, b.flagged, b.reveals_identity, v.quality, v.tier, v.counted, v.excluded
		FROM battles b LEFT JOIN votes v ON v.battle_id = b.id WHERE b.id = ?`, battleID).
		Scan(&q.GoldSide, &q.Moderation, &q.Flagged, &q.RevealsIdentity, &q.VoteQuality, &tier, &counted, &excluded)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such battle.")
	}
	q.Tier, q.Counted, q.Excluded = tier.String, counted.Bool, excluded.Bool
	return &q, err
}

// VoteContext reads what scoring a vote needs, in one read transaction.
func (db *DB) VoteContext(ctx context.Context, userID int64, battleID string, recent int, repeatSince time.Time) (_ *arena.VoteContext, err error) {
	defer wrap(&err, "VoteContext")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var vc arena.VoteContext
	var ready sql.NullInt64
	var key string
	var ma, mb int64
	err = tx.QueryRowContext(ctx, `SELECT ready_at, gold_side, prompt_key, model_a, model_b FROM battles WHERE id = ?`, battleID).
		Scan(&ready, &vc.GoldSide, &key, &ma, &mb)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such battle.")
	} else if err != nil {
		return nil, err
	}
	if ready.Valid {
		vc.ReadyAt = fromMS(ready.Int64)
	}
	if key != "" {
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM battles WHERE user_id = ? AND prompt_key = ?
			AND id <> ? AND created_at >= ?)`, userID, key, battleID, ms(repeatSince)).Scan(&vc.Repeated); err != nil {
			return nil, err
		}
	}
	lo, hi := min(ma, mb), max(ma, mb)
	var wlo, whi, ties int
	err = tx.QueryRowContext(ctx, `SELECT wins_lo, wins_hi, ties + both_bad FROM pair_counts WHERE category = '' AND model_lo = ? AND model_hi = ?`, lo, hi).
		Scan(&wlo, &whi, &ties)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	vc.PairWinsA, vc.PairWinsB, vc.PairTies = wlo, whi, ties
	if ma != lo {
		vc.PairWinsA, vc.PairWinsB = whi, wlo
	}
	h, err := voterHistory(ctx, tx, userID, recent)
	if err != nil {
		return nil, err
	}
	vc.Left, vc.Decisive, vc.PValues, vc.Fast = h.Left, h.Decisive, h.PValues, h.Fast
	vc.GoldVotes, vc.GoldFailed = h.GoldVotes, h.GoldFailed
	var reviewed sql.NullInt64
	err = tx.QueryRowContext(ctx, `SELECT status, reviewed_at FROM user_reviews WHERE user_id = ?`, userID).Scan(&vc.Review, &reviewed)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if reviewed.Valid {
		vc.ReviewedAt = fromMS(reviewed.Int64)
	}
	return &vc, nil
}

// voterHistory reads what vote scoring and a rater's reliability both judge: the voter's
// last recent scored votes (decisive ones and how many went left, consensus p-values
// with gold battles left out, how many were read too fast, their mean score) and every
// gold battle they voted in.
func voterHistory(ctx context.Context, tx *sql.Tx, userID int64, recent int) (*arena.RaterHistory, error) {
	var h arena.RaterHistory
	rows, err := tx.QueryContext(ctx, `SELECT v.winner, v.consensus_p, b.gold_side, CASE WHEN v.quality_notes LIKE '%fast:%' THEN 1 ELSE 0 END, v.quality
		FROM votes v JOIN battles b ON b.id = v.battle_id
		WHERE v.user_id = ? AND v.quality IS NOT NULL ORDER BY v.created_at DESC LIMIT ?`, userID, recent)
	if err != nil {
		return nil, err
	}
	var sum float64
	for rows.Next() {
		var w, gold string
		var p, score float64
		var fast bool
		if err := rows.Scan(&w, &p, &gold, &fast, &score); err != nil {
			rows.Close()
			return nil, err
		}
		switch arena.Winner(w) {
		case arena.WinnerA:
			h.Decisive++
			h.Left++
		case arena.WinnerB:
			h.Decisive++
		}
		if gold == "" {
			h.PValues = append(h.PValues, p)
		}
		if fast {
			h.Fast++
		}
		h.Scored++
		sum += score
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if h.Scored > 0 {
		h.MeanScore = sum / float64(h.Scored)
	}
	// Gold battles are rare, so all of the voter's count. A voter votes only on their own
	// battles, so their gold battles are found from the battles side (battles_gold). A
	// failed gold battle whose verdict an appeal overturned counts as passed.
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+goldFailed+` AND NOT `+goldGranted+` THEN 1 ELSE 0 END), 0)
		FROM battles b JOIN votes v ON v.battle_id = b.id WHERE b.user_id = ? AND b.gold_side <> '' AND v.user_id = b.user_id`, userID).
		Scan(&h.GoldVotes, &h.GoldFailed)
	return &h, err
}

// RaterHistory reads a rater's recent scored votes, counted votes, and the mean score of
// each week with scored votes since since.
func (db *DB) RaterHistory(ctx context.Context, userID int64, recent int, since time.Time) (_ *arena.RaterHistory, err error) {
	defer wrap(&err, "RaterHistory")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	h, err := voterHistory(ctx, tx, userID, recent)
	if err != nil {
		return nil, err
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM votes WHERE user_id = ? AND counted = 1`, userID).Scan(&h.CountedVotes); err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT created_at, quality FROM votes WHERE user_id = ? AND quality IS NOT NULL AND created_at >= ?
		ORDER BY created_at`, userID, ms(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	h.Weeks = []arena.WeekScore{}
	var sum float64
	for rows.Next() {
		var at int64
		var score float64
		if err := rows.Scan(&at, &score); err != nil {
			return nil, err
		}
		week := arena.WeekStart(fromMS(at))
		if n := len(h.Weeks); n == 0 || !h.Weeks[n-1].Start.Equal(week) {
			h.Weeks = append(h.Weeks, arena.WeekScore{Start: week})
			sum = 0
		}
		w := &h.Weeks[len(h.Weeks)-1]
		w.Votes++
		sum += score
		w.Score = sum / float64(w.Votes)
	}
	return h, rows.Err()
}

const maxEvidence = 20

// FlagUser puts an account under review, merging the evidence with what is recorded.
func (db *DB) FlagUser(ctx context.Context, userID int64, evidence []string, now, approvedAfter time.Time) (_ bool, err error) {
	defer wrap(&err, "FlagUser")
	flagged := false
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		flagged, err = db.flagUser(ctx, tx, userID, evidence, now, approvedAfter)
		return err
	})
	return flagged, err
}

// flagUser is FlagUser inside tx: an approval later than approvedAfter shields the
// account.
func (db *DB) flagUser(ctx context.Context, tx *sql.Tx, userID int64, evidence []string, now, approvedAfter time.Time) (bool, error) {
	var status, raw string
	var reviewed sql.NullInt64
	err := tx.QueryRowContext(ctx, `SELECT status, evidence, reviewed_at FROM user_reviews WHERE user_id = ?`, userID).Scan(&status, &raw, &reviewed)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		b, _ := json.Marshal(capEvidence(evidence))
		if _, err = tx.ExecContext(ctx, `INSERT INTO user_reviews (user_id, status, evidence, flagged_at) VALUES (?, 'flagged', ?, ?)`, userID, string(b), ms(now)); err != nil {
			return false, err
		}
		return true, db.recountUserVotes(ctx, tx, userID, -1, now)
	case err != nil:
		return false, err
	case status == arena.ReviewAbuse:
		return false, nil
	case status == arena.ReviewApproved && reviewed.Valid && reviewed.Int64 > ms(approvedAfter):
		return false, nil
	}
	var old []string
	_ = json.Unmarshal([]byte(raw), &old)
	if status == arena.ReviewApproved {
		old = nil // approved evidence was judged; start afresh
	}
	for _, e := range evidence {
		if !slices.Contains(old, e) {
			old = append(old, e)
		}
	}
	b, _ := json.Marshal(capEvidence(old))
	flaggedAt := "flagged_at"
	if status != arena.ReviewFlagged {
		flaggedAt = strconv.FormatInt(ms(now), 10)
	}
	if _, err = tx.ExecContext(ctx, `UPDATE user_reviews SET status = 'flagged', evidence = ?, flagged_at = `+flaggedAt+` WHERE user_id = ?`, string(b), userID); err != nil {
		return false, err
	}
	return true, db.recountUserVotes(ctx, tx, userID, -1, now)
}

// recountUserVotes moves a user's votes out of the pair counters (delta -1: its counted
// votes, when it goes under review) or back in (delta +1: its held votes that are not
// excluded, gold or identity-revealing, when an admin approves it), and logs each of
// its anonymous battles' votes as it stops or starts counting.
func (db *DB) recountUserVotes(ctx context.Context, tx *sql.Tx, userID int64, delta int, now time.Time) error {
	// Imported battles count under their own categories and never belong to reviewed
	// accounts; only this arena's own votes move.
	where := `v.counted = 1 AND b.source = ''`
	if delta > 0 {
		where = `v.counted = 0 AND v.excluded = 0 AND b.gold_side = '' AND b.reveals_identity = 0 AND v.quality IS NOT NULL AND b.source = ''`
	}
	rows, err := tx.QueryContext(ctx, `SELECT v.battle_id, b.model_a, b.model_b, v.winner, b.category, b.mode, `+battleArena("b.")+`, ma.name, mb.name, v.created_at
		FROM votes v JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE v.user_id = ? AND `+where+` ORDER BY v.created_at, v.battle_id`, userID)
	if err != nil {
		return err
	}
	type vote struct {
		id, winner, category, mode, kind string
		ma, mb                           int64
		log                              logVote
	}
	var vs []vote
	for rows.Next() {
		var v vote
		if err := rows.Scan(&v.id, &v.ma, &v.mb, &v.winner, &v.category, &v.mode, &v.kind, &v.log.modelA, &v.log.modelB, &v.log.votedAt); err != nil {
			rows.Close()
			return err
		}
		vs = append(vs, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	event := arena.LogUncount
	if delta > 0 {
		event = arena.LogCount
	}
	var leaves []arena.LogLeaf
	for _, v := range vs {
		for _, cat := range pairCategories(v.mode, v.kind, v.category) {
			if err := db.addOutcome(ctx, tx, cat, v.ma, v.mb, arena.Winner(v.winner), delta); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE votes SET counted = ? WHERE battle_id = ?`, b2i(delta > 0), v.id); err != nil {
			return err
		}
		if v.mode == string(arena.ModeBattle) {
			v.log.battleID, v.log.winner = v.id, v.winner
			leaves = append(leaves, v.log.leaf(event, now))
		}
	}
	_, err = appendLog(ctx, tx, leaves)
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func capEvidence(e []string) []string {
	if len(e) > maxEvidence {
		return e[len(e)-maxEvidence:]
	}
	if e == nil {
		return []string{}
	}
	return e
}

// Reviews lists accounts under review with their evidence and footprint.
func (db *DB) Reviews(ctx context.Context, status string, limit int) (_ []arena.Review, err error) {
	defer wrap(&err, "Reviews")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT r.user_id, COALESCE(u.username, ''), r.status, r.evidence, r.flagged_at, r.reviewed_at,
		COALESCE(w.address, '')
		FROM user_reviews r JOIN users u ON u.id = r.user_id LEFT JOIN wallets w ON w.user_id = r.user_id
		WHERE ? = '' OR r.status = ? ORDER BY r.flagged_at DESC, r.user_id LIMIT ?`, status, status, limit)
	if err != nil {
		return nil, err
	}
	var out []arena.Review
	for rows.Next() {
		var r arena.Review
		var raw string
		var flagged int64
		var reviewed sql.NullInt64
		if err := rows.Scan(&r.UserID, &r.Username, &r.Status, &raw, &flagged, &reviewed, &r.Wallet); err != nil {
			rows.Close()
			return nil, err
		}
		_ = json.Unmarshal([]byte(raw), &r.Evidence)
		r.FlaggedAt = fromMS(flagged)
		if reviewed.Valid {
			r.ReviewedAt = fromMS(reviewed.Int64)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		r := &out[i]
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(excluded), 0) FROM votes WHERE user_id = ?`, r.UserID).
			Scan(&r.Votes, &r.Excluded); err != nil {
			return nil, err
		}
		if err := tx.QueryRowContext(ctx, heldQuery, r.UserID, r.UserID).Scan(&r.Held); err != nil {
			return nil, err
		}
		if r.Devices, err = distinctStrings(ctx, tx, `SELECT device FROM user_devices WHERE user_id = ? GROUP BY device ORDER BY MAX(last_seen) DESC LIMIT 5`, r.UserID); err != nil {
			return nil, err
		}
		if r.IPs, err = distinctStrings(ctx, tx, `SELECT ip FROM user_devices WHERE user_id = ? GROUP BY ip ORDER BY MAX(last_seen) DESC LIMIT 5`, r.UserID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// AccountReview returns the account's review status ("" if it was never flagged) and
// the points it has on hold.
func (db *DB) AccountReview(ctx context.Context, userID int64) (status string, held int64, err error) {
	defer wrap(&err, "AccountReview")
	tx, err := db.readTx(ctx)
	if err != nil {
		return "", 0, err
	}
	defer tx.Rollback()
	err = tx.QueryRowContext(ctx, `SELECT status FROM user_reviews WHERE user_id = ?`, userID).Scan(&status)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return "", 0, err
	}
	err = tx.QueryRowContext(ctx, heldQuery, userID, userID).Scan(&held)
	return status, held, err
}

// heldQuery sums the points on hold and not released.
const heldQuery = `SELECT -COALESCE(SUM(amount), 0) FROM ledger WHERE user_id = ? AND reason = 'hold'
	AND ref NOT IN (SELECT ref FROM ledger WHERE user_id = ? AND reason = 'release')`

func distinctStrings(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]string, error) {
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

func reviewStatus(ctx context.Context, tx *sql.Tx, userID int64) (string, error) {
	var status string
	err := tx.QueryRowContext(ctx, `SELECT status FROM user_reviews WHERE user_id = ?`, userID).Scan(&status)
	if errors.Is(err, sql.ErrNoRows) {
		return "", arena.Errorf(arena.ENOTFOUND, "That account is not under review.")
	}
	return status, err
}

// ApproveUser clears a flagged account and releases its held points: a release entry
// for each hold, with the same reference.
func (db *DB) ApproveUser(ctx context.Context, userID, reviewer int64, now time.Time) (_ int64, err error) {
	defer wrap(&err, "ApproveUser")
	var released int64
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		status, err := reviewStatus(ctx, tx, userID)
		if err != nil {
			return err
		}
		if status != arena.ReviewFlagged {
			return arena.Errorf(arena.ECONFLICT, "That account is %s, not awaiting review.", status)
		}
		released, err = db.approve(ctx, tx, userID, reviewer, now)
		return err
	})
	return released, err
}

// approve clears a flagged account inside tx: its holds are released and its waiting
// votes counted.
func (db *DB) approve(ctx context.Context, tx *sql.Tx, userID, reviewer int64, now time.Time) (int64, error) {
	released, err := releaseHolds(ctx, tx, userID, now)
	if err != nil {
		return 0, err
	}
	if _, err = tx.ExecContext(ctx, `UPDATE user_reviews SET status = 'approved', reviewed_at = ?, reviewer = ? WHERE user_id = ?`, ms(now), reviewer, userID); err != nil {
		return 0, err
	}
	return released, db.recountUserVotes(ctx, tx, userID, +1, now)
}

// releaseHolds releases every hold of userID not yet released, each vesting with its
// vote, and returns the points released.
func releaseHolds(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (int64, error) {
	var released int64
	if err := tx.QueryRowContext(ctx, heldQuery, userID, userID).Scan(&released); err != nil {
		return 0, err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at)
		SELECT user_id, -amount, 'release', ref, ?, vests_at FROM ledger WHERE user_id = ? AND reason = 'hold'
		AND ref NOT IN (SELECT ref FROM ledger WHERE user_id = ? AND reason = 'release')`, ms(now), userID, userID)
	return released, err
}

// ConfirmAbuse marks the account abusive, takes its counted votes out of the pair
// counters and flags their battles, and claws back the points still in their audit
// window (held points are simply never released). All in one transaction.
func (db *DB) ConfirmAbuse(ctx context.Context, userID, reviewer int64, now time.Time) (_ arena.AbuseOutcome, err error) {
	defer wrap(&err, "ConfirmAbuse")
	var out arena.AbuseOutcome
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		status, err := reviewStatus(ctx, tx, userID)
		if err != nil {
			return err
		}
		if status == arena.ReviewAbuse {
			return arena.Errorf(arena.ECONFLICT, "Abuse by that account is already confirmed.")
		}
		type counted struct {
			ma, mb         int64
			winner         string
			category, mode string
			source, kind   string
			log            logVote
		}
		rows, err := tx.QueryContext(ctx, `SELECT b.model_a, b.model_b, v.winner, b.category, b.mode, b.source, `+battleArena("b.")+`, v.battle_id, ma.name, mb.name, v.created_at
			FROM votes v JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
			WHERE v.user_id = ? AND v.counted = 1 ORDER BY v.created_at, v.battle_id`, userID)
		if err != nil {
			return err
		}
		var cs []counted
		for rows.Next() {
			var c counted
			if err := rows.Scan(&c.ma, &c.mb, &c.winner, &c.category, &c.mode, &c.source, &c.kind, &c.log.battleID, &c.log.modelA, &c.log.modelB, &c.log.votedAt); err != nil {
				rows.Close()
				return err
			}
			cs = append(cs, c)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var leaves []arena.LogLeaf
		for _, c := range cs {
			for _, cat := range pairCategories(c.mode, c.kind, c.category) {
				if err := db.addOutcome(ctx, tx, cat, c.ma, c.mb, arena.Winner(c.winner), -1); err != nil {
					return err
				}
			}
			if c.mode == string(arena.ModeBattle) && c.source == "" {
				c.log.winner = c.winner
				leaves = append(leaves, c.log.leaf(arena.LogUncount, now))
			}
		}
		if _, err := appendLog(ctx, tx, leaves); err != nil {
			return err
		}
		out.VotesExcluded = len(cs)
		if _, err := tx.ExecContext(ctx, `UPDATE battles SET flagged = 1 WHERE id IN (SELECT battle_id FROM votes WHERE user_id = ?)`, userID); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE votes SET counted = 0, excluded = 1 WHERE user_id = ?`, userID); err != nil {
			return err
		}
		if out.ClawedBack, err = clawBack(ctx, tx, userID, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE user_reviews SET status = 'abuse', reviewed_at = ?, reviewer = ? WHERE user_id = ?`, ms(now), reviewer, userID)
		return err
	})
	return out, err
}

// clawBack takes back, at now, what userID earned that has not vested: each pending
// vote's points not on hold (its vote, hold and release entries together), and each
// pending bonus. A clawback carries its entry's vesting, so the two vest together and
// cancel out: settlement, which sums only vested points, never sees a clawback of
// points it has not paid. Vested points are final and stay. Each entry is clawed back
// at most once: points an appeal restored stay restored.
func clawBack(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (int64, error) {
	var votes, bonuses int64
	err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(net), 0) FROM (SELECT SUM(amount) AS net FROM ledger
		WHERE user_id = ? AND reason IN ('vote', 'hold', 'release') AND vests_at > ? AND `+notClawed+` GROUP BY ref) p WHERE net > 0`,
		userID, ms(now), userID).Scan(&votes)
	if err != nil {
		return 0, err
	}
	if votes > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at)
			SELECT user_id, -SUM(amount), 'clawback', ref, ?, MAX(vests_at) FROM ledger
			WHERE user_id = ? AND reason IN ('vote', 'hold', 'release') AND vests_at > ? AND `+notClawed+`
			GROUP BY user_id, ref HAVING SUM(amount) > 0`, ms(now), userID, ms(now), userID); err != nil {
			return 0, err
		}
	}
	pending := `user_id = ? AND reason IN ('signup_bonus', 'referral') AND amount > 0 AND NOT (` + vestedAt + `)
		AND 'bonus:' || ref NOT IN (SELECT ref FROM ledger c WHERE c.user_id = ledger.user_id AND c.reason = 'clawback')`
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE `+pending, userID, ms(now)).Scan(&bonuses); err != nil {
		return 0, err
	}
	if bonuses > 0 {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at, vest_votes)
			SELECT user_id, -amount, 'clawback', 'bonus:' || ref, ?, vests_at, vest_votes FROM ledger WHERE `+pending, ms(now), userID, ms(now)); err != nil {
			return 0, err
		}
	}
	bounties, err := clawBackBounties(ctx, tx, userID, now)
	return votes + bonuses + bounties, err
}

// pendingBounty is the condition that a ledger entry (of the table named ledger) is a
// bounty of the user and time given as its two parameters that has not vested, was not
// clawed back, and whose campaign has not paid its bounties out of the escrow yet.
const pendingBounty = `ledger.user_id = ? AND ledger.reason = 'bounty' AND ledger.vests_at > ?
	AND 'bounty:' || ledger.ref NOT IN (SELECT c.ref FROM ledger c WHERE c.user_id = ledger.user_id AND c.reason = 'clawback')
	AND ledger.ref IN (SELECT cb.battle_id FROM campaign_battles cb JOIN campaigns k ON k.id = cb.campaign_id WHERE k.refunded = '')`

// clawBackBounties takes back userID's pending campaign bounties, as clawBack does vote
// points, and lowers their campaigns' counts of bountied votes to match: the close then
// pays the escrow only for the bounties that stand and refunds the lab the rest, and the
// freed slots may be earned by other votes while the campaign runs. A campaign that has
// already paid out keeps its count, which is what the escrow paid: its bounties are
// final, like vested points. The clawback's reference is 'bounty:' and the battle, apart
// from the vote's own.
func clawBackBounties(ctx context.Context, tx *sql.Tx, userID int64, now time.Time) (int64, error) {
	var points int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(SUM(amount), 0) FROM ledger WHERE `+pendingBounty, userID, ms(now)).Scan(&points); err != nil || points == 0 {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE campaigns SET counted_votes = counted_votes - (SELECT COUNT(*) FROM ledger
		JOIN campaign_battles cb ON cb.battle_id = ledger.ref WHERE cb.campaign_id = campaigns.id AND `+pendingBounty+`)
		WHERE refunded = ''`, userID, ms(now)); err != nil {
		return 0, err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at)
		SELECT user_id, -amount, 'clawback', 'bounty:' || ref, ?, vests_at FROM ledger WHERE `+pendingBounty, ms(now), userID, ms(now))
	return points, err
}

// notClawed is the condition that a ledger entry's reference has no clawback of the
// user given as its parameter.
const notClawed = `ref NOT IN (SELECT ref FROM ledger c WHERE c.user_id = ? AND c.reason = 'clawback')`

// pairCategories are the pair-count categories a vote of a battle in mode and arena
// (kind) with tags category adds to: all battles and each tag, under the board's prefix
// (arena.PairCountCategory), so side-by-side and vision votes never reach the main
// board's counters.
func pairCategories(mode, kind, category string) []string {
	cats := []string{""}
	if category != "" {
		cats = append(cats, strings.Split(category, ",")...)
	}
	for i, c := range cats {
		cats[i] = arena.PairCountCategory(arena.BattleMode(mode), kind, c)
	}
	return cats
}

// TouchDevice records that an account acted from a device and an address; a sighting
// already recorded within the hour is not written again.
func (db *DB) TouchDevice(ctx context.Context, userID int64, device, ip string, now time.Time) (err error) {
	defer wrap(&err, "TouchDevice")
	_, err = db.write.ExecContext(ctx, `INSERT INTO user_devices (user_id, device, ip, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (user_id, device, ip) DO UPDATE SET last_seen = excluded.last_seen
		WHERE user_devices.last_seen < excluded.last_seen - 3600000`, userID, device, ip, ms(now), ms(now))
	return err
}

// WalletAddress returns the account's linked wallet, "" when none.
func (db *DB) WalletAddress(ctx context.Context, userID int64) (_ string, err error) {
	defer wrap(&err, "WalletAddress")
	var addr string
	err = db.read.QueryRowContext(ctx, `SELECT address FROM wallets WHERE user_id = ?`, userID).Scan(&addr)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return addr, err
}

// Sightings lists where accounts active since then acted from.
func (db *DB) Sightings(ctx context.Context, since time.Time) (_ []arena.AccountSighting, err error) {
	defer wrap(&err, "Sightings")
	rows, err := db.read.QueryContext(ctx, `SELECT d.user_id, u.created_at, d.device, d.ip, w.user_id IS NOT NULL
		FROM user_devices d JOIN users u ON u.id = d.user_id LEFT JOIN wallets w ON w.user_id = d.user_id
		WHERE d.last_seen >= ? ORDER BY d.user_id`, ms(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []arena.AccountSighting
	for rows.Next() {
		var s arena.AccountSighting
		var created int64
		if err := rows.Scan(&s.UserID, &created, &s.Device, &s.IP, &s.HasWallet); err != nil {
			return nil, err
		}
		s.CreatedAt = fromMS(created)
		out = append(out, s)
	}
	return out, rows.Err()
}

// VoteOutcome is one of this arena's votes with whether it counts, for tools and the
// simulation harness.
type VoteOutcome struct {
	BattleID       string
	UserID         int64
	ModelA, ModelB string
	Winner         arena.Winner
	Counted, Gold  bool
}

// VoteOutcomes calls fn for each of this arena's own votes, in vote order.
func (db *DB) VoteOutcomes(ctx context.Context, fn func(VoteOutcome) error) (err error) {
	defer wrap(&err, "VoteOutcomes")
	rows, err := db.read.QueryContext(ctx, `SELECT v.battle_id, v.user_id, ma.name, mb.name, v.winner, v.counted, b.gold_side <> ''
		FROM votes v JOIN battles b ON b.id = v.battle_id JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		WHERE b.source = '' ORDER BY v.created_at, v.battle_id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var o VoteOutcome
		var w string
		if err := rows.Scan(&o.BattleID, &o.UserID, &o.ModelA, &o.ModelB, &w, &o.Counted, &o.Gold); err != nil {
			return err
		}
		o.Winner = arena.Winner(w)
		if err := fn(o); err != nil {
			return err
		}
	}
	return rows.Err()
}
