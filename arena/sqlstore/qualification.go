package sqlstore

import (
	"context"

	"github.com/arena-dev/arena/arena"
)

var _ arena.QualificationStore = (*DB)(nil)

// qualificationBattles are a user's anonymous battles of this arena in the order they
// started (battles_user), the first of which are their qualification.
const qualificationBattles = `SELECT id, gold_side, user_id FROM battles WHERE user_id = ? AND mode = 'battle' AND source = ''
	ORDER BY created_at, id LIMIT ?`

// BattlesStarted counts userID's anonymous battles, reading at most upTo of them: a
// new battle asks, and a long-standing rater's battles are not all counted for it.
func (db *DB) BattlesStarted(ctx context.Context, userID int64, upTo int) (_ int, err error) {
	defer wrap(&err, "BattlesStarted")
	var n int
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+qualificationBattles+`) q`, userID, upTo).Scan(&n)
	return n, err
}

// QualificationGold reads the gold battles among userID's first n anonymous battles
// that they voted in, and those failed (an appeal granted counts as passed).
func (db *DB) QualificationGold(ctx context.Context, userID int64, n int) (votes, failed int, err error) {
	defer wrap(&err, "QualificationGold")
	err = db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+goldFailed+` AND NOT `+goldGranted+` THEN 1 ELSE 0 END), 0)
		FROM (`+qualificationBattles+`) b JOIN votes v ON v.battle_id = b.id AND v.user_id = b.user_id WHERE b.gold_side <> ''`, userID, n).
		Scan(&votes, &failed)
	return votes, failed, err
}
