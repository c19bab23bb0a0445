package sqlstore

import (
	"context"

	"github.com/arena-dev/arena/arena"
)

var _ arena.RaterFiguresStore = (*DB)(nil)

// voteOutcome names why one of this arena's votes v (of battle b, its voter's review r)
// counts or not: the first reason that applies, as the votes' counted flag says.
const voteOutcome = `CASE WHEN v.counted = 1 THEN 'counted' WHEN b.gold_side <> '' THEN 'gold'
	WHEN COALESCE(r.status, '') = 'abuse' THEN 'abuse' WHEN v.excluded = 1 THEN 'quality'
	WHEN b.reveals_identity = 1 THEN 'identity' ELSE 'held' END`

// RaterFigures reads the votes' outcomes, the gold battles, the holds and clawbacks per
// month and the appeals, in one read transaction.
func (db *DB) RaterFigures(ctx context.Context) (_ *arena.RaterFigures, err error) {
	defer wrap(&err, "RaterFigures")
	tx, err := db.readTx(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	f := &arena.RaterFigures{Appeals: map[string]int64{arena.AppealOpen: 0, arena.AppealUpheld: 0, arena.AppealGranted: 0}}
	byWhy := map[string]int64{}
	rows, err := tx.QueryContext(ctx, `SELECT `+voteOutcome+`, COUNT(*) FROM votes v JOIN battles b ON b.id = v.battle_id
		LEFT JOIN user_reviews r ON r.user_id = v.user_id WHERE b.source = '' GROUP BY 1`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var why string
		var n int64
		if err := rows.Scan(&why, &n); err != nil {
			rows.Close()
			return nil, err
		}
		byWhy[why] += n
		f.Votes += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, why := range []string{arena.VoteCounted, arena.WhyGold, arena.WhyAbuse, arena.WhyQuality, arena.WhyIdentity, arena.WhyHeld} {
		f.Shares = append(f.Shares, arena.VoteShare{Why: why, Votes: byWhy[why]})
	}
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+goldFailed+` AND NOT `+goldGranted+` THEN 0 ELSE 1 END), 0)
		FROM votes v JOIN battles b ON b.id = v.battle_id WHERE b.source = '' AND b.gold_side <> ''`).Scan(&f.GoldVotes, &f.GoldPassed); err != nil {
		return nil, err
	}
	rows, err = tx.QueryContext(ctx, `SELECT reason, amount, created_at FROM ledger WHERE reason IN ('hold', 'clawback') ORDER BY created_at`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var reason string
		var amount, at int64
		if err := rows.Scan(&reason, &amount, &at); err != nil {
			rows.Close()
			return nil, err
		}
		month := arena.MonthOf(fromMS(at))
		if n := len(f.Months); n == 0 || f.Months[n-1].Month != month {
			f.Months = append(f.Months, arena.MonthFigures{Month: month})
		}
		m := &f.Months[len(f.Months)-1]
		if reason == arena.LedgerHold {
			m.Holds++
			m.HeldPoints -= amount
		} else {
			m.Clawbacks++
			m.ClawbackPoints -= amount
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if f.Months == nil {
		f.Months = []arena.MonthFigures{}
	}
	rows, err = tx.QueryContext(ctx, `SELECT status, COUNT(*) FROM appeals GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var status string
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			return nil, err
		}
		f.Appeals[status] = n
	}
	return f, rows.Err()
}

// ScoredRaters lists the users with a scored vote.
func (db *DB) ScoredRaters(ctx context.Context) (_ []int64, err error) {
	defer wrap(&err, "ScoredRaters")
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT user_id FROM votes WHERE quality IS NOT NULL ORDER BY user_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
