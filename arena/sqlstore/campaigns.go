package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.CampaignStore = (*DB)(nil)

const campaignCols = `c.id, c.lab_id, l.name, c.name, c.escrow_id, c.state, c.all_opponents, c.prompt_source, c.categories, c.languages,
	c.target_votes, c.bounty, c.token, c.deadline, c.counted_votes, c.deposit, c.depositor, c.refunded, c.refund_tx, c.close_reason,
	c.created_by, c.created_at, c.funded_at, c.started_at, c.closed_at,
	(SELECT COUNT(*) FROM campaign_prompts p WHERE p.campaign_id = c.id),
	(SELECT COUNT(*) FROM campaign_battles cb WHERE cb.campaign_id = c.id)`

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func nullTime(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return fromMS(v.Int64)
}

// CreateCampaign stores a draft campaign with its models and held-out prompts.
func (db *DB) CreateCampaign(ctx context.Context, c *arena.Campaign, prompts []string) (err error) {
	defer wrap(&err, "CreateCampaign")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO campaigns (lab_id, name, escrow_id, state, all_opponents, prompt_source, categories,
			languages, target_votes, bounty, token, deadline, created_by, created_at) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			c.LabID, c.Name, c.EscrowID, b2i(c.AllOpponents), c.PromptSource, strings.Join(c.Categories, ","), strings.Join(c.Languages, ","),
			c.TargetVotes, c.Bounty, c.Token, ms(c.Deadline), c.CreatedBy, ms(c.CreatedAt)).Scan(&c.ID)
		if err != nil {
			return err
		}
		for _, m := range c.Entrants {
			if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_models (campaign_id, model_id, role) VALUES (?, ?, 'entrant')`, c.ID, m.ID); err != nil {
				return err
			}
		}
		for _, m := range c.Opponents {
			if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_models (campaign_id, model_id, role) VALUES (?, ?, 'opponent')`, c.ID, m.ID); err != nil {
				return err
			}
		}
		for i, p := range prompts {
			if _, err := tx.ExecContext(ctx, `INSERT INTO campaign_prompts (campaign_id, idx, prompt) VALUES (?, ?, ?)`, c.ID, i, p); err != nil {
				return err
			}
		}
		return nil
	})
}

func (db *DB) campaigns(ctx context.Context, where string, args ...any) ([]arena.Campaign, error) {
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+campaignCols+` FROM campaigns c JOIN labs l ON l.id = c.lab_id WHERE `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []arena.Campaign
	for rows.Next() {
		var c arena.Campaign
		var state, cats, langs string
		var deadline, created int64
		var funded, started, closed sql.NullInt64
		if err := rows.Scan(&c.ID, &c.LabID, &c.LabName, &c.Name, &c.EscrowID, &state, &c.AllOpponents, &c.PromptSource, &cats, &langs,
			&c.TargetVotes, &c.Bounty, &c.Token, &deadline, &c.CountedVotes, &c.Deposit, &c.Depositor, &c.Refunded, &c.RefundTx, &c.CloseReason,
			&c.CreatedBy, &created, &funded, &started, &closed, &c.Prompts, &c.Battles); err != nil {
			rows.Close()
			return nil, err
		}
		c.State, c.Categories, c.Languages = arena.CampaignState(state), splitList(cats), splitList(langs)
		c.Deadline, c.CreatedAt = fromMS(deadline), fromMS(created)
		c.FundedAt, c.StartedAt, c.ClosedAt = nullTime(funded), nullTime(started), nullTime(closed)
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		c := &out[i]
		mrows, err := tx.QueryContext(ctx, `SELECT m.id, m.name, m.status, m.approved_at IS NOT NULL OR m.lab_id IS NULL, cm.role
			FROM campaign_models cm JOIN models m ON m.id = cm.model_id WHERE cm.campaign_id = ? ORDER BY m.name`, c.ID)
		if err != nil {
			return nil, err
		}
		for mrows.Next() {
			var m arena.CampaignModel
			var status, role string
			if err := mrows.Scan(&m.ID, &m.Name, &status, &m.Public, &role); err != nil {
				mrows.Close()
				return nil, err
			}
			m.Status = arena.ModelStatus(status)
			if role == "entrant" {
				c.Entrants = append(c.Entrants, m)
			} else {
				c.Opponents = append(c.Opponents, m)
			}
		}
		mrows.Close()
		if err := mrows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Campaign reads one campaign.
func (db *DB) Campaign(ctx context.Context, id int64) (_ *arena.Campaign, err error) {
	defer wrap(&err, "Campaign")
	cs, err := db.campaigns(ctx, `c.id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(cs) == 0 {
		return nil, arena.Errorf(arena.ENOTFOUND, "No such campaign.")
	}
	return &cs[0], nil
}

// Campaigns lists a lab's campaigns (every lab's for labID 0), newest first.
func (db *DB) Campaigns(ctx context.Context, labID int64) (_ []arena.Campaign, err error) {
	defer wrap(&err, "Campaigns")
	return db.campaigns(ctx, `(? = 0 OR c.lab_id = ?) ORDER BY c.id DESC`, labID, labID)
}

// RunningCampaigns lists the campaigns being served.
func (db *DB) RunningCampaigns(ctx context.Context) (_ []arena.Campaign, err error) {
	defer wrap(&err, "RunningCampaigns")
	return db.campaigns(ctx, `c.state = 'running' ORDER BY c.id`)
}

// CampaignPrompt reads one held-out prompt.
func (db *DB) CampaignPrompt(ctx context.Context, id int64, idx int) (_ string, err error) {
	defer wrap(&err, "CampaignPrompt")
	var p string
	err = db.read.QueryRowContext(ctx, `SELECT prompt FROM campaign_prompts WHERE campaign_id = ? AND idx = ?`, id, idx).Scan(&p)
	if errors.Is(err, sql.ErrNoRows) {
		return "", arena.Errorf(arena.ENOTFOUND, "Campaign %d has no prompt %d.", id, idx)
	}
	return p, err
}

// campaignMove changes a campaign's state with set where its state is one of from, or
// says why it cannot.
func (db *DB) campaignMove(ctx context.Context, id int64, from, set string, args ...any) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET `+set+` WHERE id = ? AND state IN (`+from+`)`, append(args, id)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 1 {
			return nil
		}
		var state string
		if err := tx.QueryRowContext(ctx, `SELECT state FROM campaigns WHERE id = ?`, id).Scan(&state); errors.Is(err, sql.ErrNoRows) {
			return arena.Errorf(arena.ENOTFOUND, "No such campaign.")
		} else if err != nil {
			return err
		}
		return arena.Errorf(arena.ECONFLICT, "Campaign %d is %s.", id, state)
	})
}

// FundCampaign records a draft's deposit.
func (db *DB) FundCampaign(ctx context.Context, id int64, deposit, depositor string, now time.Time) (err error) {
	defer wrap(&err, "FundCampaign")
	return db.campaignMove(ctx, id, `'draft'`, `state = 'funded', deposit = ?, depositor = ?, funded_at = ?`, deposit, depositor, ms(now))
}

// StartCampaign makes a funded campaign running.
func (db *DB) StartCampaign(ctx context.Context, id int64, now time.Time) (err error) {
	defer wrap(&err, "StartCampaign")
	return db.campaignMove(ctx, id, `'funded'`, `state = 'running', started_at = ?`, ms(now))
}

// CloseCampaign closes a campaign that is not closed yet.
func (db *DB) CloseCampaign(ctx context.Context, id int64, reason string, now time.Time) (err error) {
	defer wrap(&err, "CloseCampaign")
	return db.campaignMove(ctx, id, `'draft', 'funded', 'running'`, `state = 'closed', close_reason = ?, closed_at = ?`, reason, ms(now))
}

// RecordRefund records a closed campaign's refund, once.
func (db *DB) RecordRefund(ctx context.Context, id int64, refunded, txHash string) (err error) {
	defer wrap(&err, "RecordRefund")
	return db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE campaigns SET refunded = ?, refund_tx = ? WHERE id = ? AND state = 'closed' AND refunded = ''`,
			refunded, txHash, id)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return arena.Errorf(arena.ECONFLICT, "Campaign %d is not closed, or its refund is recorded already.", id)
		}
		return nil
	})
}

// CampaignShare counts the anonymous battles since since, and the campaigns' among them.
func (db *DB) CampaignShare(ctx context.Context, since time.Time) (campaign, total int64, err error) {
	defer wrap(&err, "CampaignShare")
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COUNT(cb.battle_id) FROM battles b
		LEFT JOIN campaign_battles cb ON cb.battle_id = b.id WHERE b.source = '' AND b.mode = 'battle' AND b.created_at >= ?`, ms(since)).
		Scan(&total, &campaign)
	return campaign, total, err
}

// CampaignVotes reads the votes on a campaign's battles with their facts, in vote order.
func (db *DB) CampaignVotes(ctx context.Context, id int64, fn func(arena.CampaignVote) error) (err error) {
	defer wrap(&err, "CampaignVotes")
	tx, err := db.readTx(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT b.id, cb.entrant_id, ma.id, ma.name, mb.id, mb.name, v.winner, v.reasons, b.category, b.language,
		`+countedVote+`, `+sponsorPublishable+`, b.held_out, v.created_at, COALESCE(t.prompt, ''), COALESCE(t.answer_a, ''), COALESCE(t.answer_b, '')
		FROM campaign_battles cb JOIN battles b ON b.id = cb.battle_id JOIN votes v ON v.battle_id = b.id
		JOIN models ma ON ma.id = b.model_a JOIN models mb ON mb.id = b.model_b
		LEFT JOIN turns t ON t.battle_id = b.id AND t.idx = 0
		WHERE cb.campaign_id = ? ORDER BY v.created_at, b.id`, id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v arena.CampaignVote
		var winner, reasons, cats string
		var counted, publishable bool
		var voted int64
		if err := rows.Scan(&v.BattleID, &v.EntrantID, &v.ModelA.ID, &v.ModelA.Name, &v.ModelB.ID, &v.ModelB.Name, &winner, &reasons, &cats,
			&v.Language, &counted, &publishable, &v.Facts.HeldOut, &voted, &v.Prompt, &v.AnswerA, &v.AnswerB); err != nil {
			return err
		}
		v.Winner, v.Categories, v.VotedAt = arena.Winner(winner), splitList(cats), fromMS(voted)
		_ = json.Unmarshal([]byte(reasons), &v.Reasons)
		// The facts as the store's one translation of the domain's rule decided them:
		// counted, and publishable to the sponsor.
		v.Facts = campaignFacts(counted, publishable, v.Facts.HeldOut)
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// campaignFacts gives facts for which VoteFacts.Counted and SponsorPublishable answer as
// the SQL did.
func campaignFacts(counted, publishable, heldOut bool) arena.VoteFacts {
	f := arena.VoteFacts{Mode: arena.ModeBattle, Excluded: !counted, HeldOut: heldOut,
		Consent: publishable, ReleaseA: publishable, ReleaseB: publishable}
	return f
}

// CampaignBounties sums the bounty entries of a campaign's battles that stand: a bounty
// a confirmed review clawed back before the campaign paid out is not one (see
// clawBackBounties), and the campaign's count of bountied votes left it too.
func (db *DB) CampaignBounties(ctx context.Context, id int64) (entries, points int64, err error) {
	defer wrap(&err, "CampaignBounties")
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(l.amount), 0) FROM ledger l
		JOIN campaign_battles cb ON cb.battle_id = l.ref WHERE l.reason = 'bounty' AND cb.campaign_id = ?
		AND NOT EXISTS (SELECT 1 FROM ledger c WHERE c.user_id = l.user_id AND c.reason = 'clawback' AND c.ref = 'bounty:' || l.ref)`, id).Scan(&entries, &points)
	return entries, points, err
}

// addCampaignBattle links a new battle to its campaign, in CreateBattle's transaction.
func (db *DB) addCampaignBattle(ctx context.Context, tx *sql.Tx, b *arena.Battle) error {
	bc := b.Campaign
	var idx any
	if bc.HeldOut() {
		idx = bc.PromptIndex
		if _, err := tx.ExecContext(ctx, `UPDATE battles SET held_out = 1 WHERE id = ?`, b.ID); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO campaign_battles (battle_id, campaign_id, entrant_id, prompt_idx, created_at) VALUES (?, ?, ?, ?, ?)`,
		b.ID, bc.CampaignID, bc.EntrantID, idx, ms(b.CreatedAt))
	return err
}

// battleCampaign reads the campaign that served a battle (nil for none) and the bounty
// its vote earned.
func battleCampaign(ctx context.Context, q sqlQuerier, battleID string) (*arena.BattleCampaign, int64, error) {
	var bc arena.BattleCampaign
	var earned int64
	err := q.QueryRowContext(ctx, `SELECT cb.campaign_id, cb.entrant_id, COALESCE(cb.prompt_idx, -1), c.bounty,
		COALESCE((SELECT amount FROM ledger l WHERE l.reason = 'bounty' AND l.ref = cb.battle_id), 0)
		FROM campaign_battles cb JOIN campaigns c ON c.id = cb.campaign_id WHERE cb.battle_id = ?`, battleID).
		Scan(&bc.CampaignID, &bc.EntrantID, &bc.PromptIndex, &bc.Bounty, &earned)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	return &bc, earned, nil
}

// payBounty credits the bounty of a counted vote on a campaign battle, in the vote's
// transaction: only while the campaign runs and its bountied votes are below its
// target, which the same statement raises (closing the campaign when it reaches it), so
// the bounties never pass target × bounty, the deposit. It returns the bounty paid (0
// for none).
func (db *DB) payBounty(ctx context.Context, tx *sql.Tx, battleID string, userID int64, now, vests time.Time) (int64, error) {
	var bounty int64
	err := tx.QueryRowContext(ctx, `UPDATE campaigns SET counted_votes = counted_votes + 1,
		state = CASE WHEN counted_votes + 1 >= target_votes THEN 'closed' ELSE state END,
		close_reason = CASE WHEN counted_votes + 1 >= target_votes THEN 'target' ELSE close_reason END,
		closed_at = CASE WHEN counted_votes + 1 >= target_votes THEN ? ELSE closed_at END
		WHERE id = (SELECT campaign_id FROM campaign_battles WHERE battle_id = ?) AND state = 'running' AND counted_votes < target_votes
		RETURNING bounty`, ms(now), battleID).Scan(&bounty)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	} else if err != nil {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ledger (user_id, amount, reason, ref, created_at, vests_at) VALUES (?, ?, 'bounty', ?, ?, ?)`,
		userID, bounty, battleID, ms(now), msOrNull(vests))
	return bounty, err
}
