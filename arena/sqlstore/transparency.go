package sqlstore

import (
	"context"
	"time"

	"github.com/arena-dev/arena/arena"
)

var _ arena.TransparencyStore = (*DB)(nil)

// modelActivityQuery reads every battle once, with its vote if any, and adds up what
// the transparency page shows per ordered pair of models; ModelActivity folds the pairs
// into models. countedVote and importedVote are false where there is no vote (v's
// columns are NULL), so a battle never voted on counts only as a battle. Its one
// parameter is the start of the recent window.
var modelActivityQuery = `SELECT b.model_a, b.model_b,
	COUNT(CASE WHEN b.source = '' THEN 1 END),
	COALESCE(MIN(CASE WHEN b.source = '' THEN b.created_at END), 0),
	COALESCE(MAX(CASE WHEN b.source = '' THEN b.created_at END), 0),
	SUM(CASE WHEN ` + countedVote + ` THEN 1 ELSE 0 END),
	SUM(CASE WHEN ` + countedVote + ` AND v.created_at >= ? THEN 1 ELSE 0 END),
	SUM(CASE WHEN v.battle_id IS NOT NULL AND ` + importedVote + ` THEN 1 ELSE 0 END)
	FROM battles b LEFT JOIN votes v ON v.battle_id = b.id
	GROUP BY b.model_a, b.model_b`

// ModelActivity returns, for every model in any battle, its battles in this arena with
// the first and last of them, its counted votes (all, and cast at or after since) and
// its votes in imported battles, from one read.
func (db *DB) ModelActivity(ctx context.Context, since time.Time) (_ []arena.ModelActivity, err error) {
	defer wrap(&err, "ModelActivity")
	rows, err := db.read.QueryContext(ctx, modelActivityQuery, ms(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	type acc struct {
		arena.ModelActivity
		first, last int64
	}
	byModel := map[int64]*acc{}
	var order []int64
	for rows.Next() {
		var ma, mb, battles, first, last, counted, recent, imported int64
		if err := rows.Scan(&ma, &mb, &battles, &first, &last, &counted, &recent, &imported); err != nil {
			return nil, err
		}
		for _, id := range []int64{ma, mb} {
			a := byModel[id]
			if a == nil {
				a = &acc{ModelActivity: arena.ModelActivity{ModelID: id}}
				byModel[id] = a
				order = append(order, id)
			}
			if battles > 0 {
				if a.Battles == 0 || first < a.first {
					a.first = first
				}
				a.last = max(a.last, last)
			}
			a.Battles += battles
			a.Votes += counted
			a.RecentVotes += recent
			a.ImportedVotes += imported
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]arena.ModelActivity, 0, len(order))
	for _, id := range order {
		a := byModel[id]
		if a.Battles > 0 {
			a.FirstBattle, a.LastBattle = fromMS(a.first), fromMS(a.last)
		}
		out = append(out, a.ModelActivity)
	}
	return out, nil
}
