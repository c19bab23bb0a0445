package arena

import "context"

// Overview is each model's rank on the overall board and on every category's, boards
// of one query but for the category: LMArena's "Arena Overview". Its boards are the
// per-category views' own (GetAll, from the same cache), so a cell is the rank that
// category's board shows.
type Overview struct {
	Query BoardQuery // the query of the overall board (Category "")
	// Columns are "" (overall), then Categories; Boards are their boards.
	Columns []string
	Boards  []*Board
	// Rows are the models in the overall board's order.
	Rows []OverviewRow
}

// OverviewRow is one model's ranks, by column; 0 where it is not on that board.
type OverviewRow struct {
	Model string
	Ranks []int
}

// Overview computes the overview of q's boards, whatever q's category.
func (l *Leaderboards) Overview(ctx context.Context, q BoardQuery) (*Overview, error) {
	q.Category = ""
	o := &Overview{Query: q, Columns: append([]string{""}, Categories...)}
	qs := make([]BoardQuery, len(o.Columns))
	for c, cat := range o.Columns {
		qs[c] = q
		qs[c].Category = cat
	}
	var err error
	if o.Boards, err = l.GetAll(ctx, qs...); err != nil {
		return nil, err
	}
	index := map[string]int{}
	for c, b := range o.Boards {
		for _, e := range b.Leaderboard.Models {
			i, ok := index[e.Model]
			if !ok {
				// A category's battles are some of the overall board's, so a model is
				// new here only if that board could not rate it (style control).
				i = len(o.Rows)
				index[e.Model] = i
				o.Rows = append(o.Rows, OverviewRow{Model: e.Model, Ranks: make([]int, len(o.Columns))})
			}
			o.Rows[i].Ranks[c] = e.Rank
		}
	}
	return o, nil
}
