package ranking

// Matrices are per-pair views of an aggregate, rows and columns in Models order.
type Matrices struct {
	Models []string `json:"models"`
	// Battles[i][j] is the number of battles between models i and j.
	Battles [][]int64 `json:"battles"`
	// WinRate[i][j] is model i's observed score rate against j (wins plus half the
	// ties and both-bad votes, over battles); nil where they never met.
	WinRate [][]*float64 `json:"win_rate"`
	// Predicted[i][j] is the probability the fitted ratings give to i beating j; nil
	// on the diagonal or when no ratings were given.
	Predicted [][]*float64 `json:"predicted,omitempty"`
}

// WinMatrices computes the battle-count, observed win-rate and, when ratings (Elo
// scale, by model name) are given, predicted win-probability matrices for the models
// listed (all the aggregate's models if models is nil).
func WinMatrices(a *Aggregate, models []string, ratings map[string]float64) *Matrices {
	if models == nil {
		models = a.Models()
	}
	n := len(models)
	m := &Matrices{Models: models, Battles: make([][]int64, n), WinRate: make([][]*float64, n)}
	if ratings != nil {
		m.Predicted = make([][]*float64, n)
	}
	for i, mi := range models {
		m.Battles[i] = make([]int64, n)
		m.WinRate[i] = make([]*float64, n)
		if ratings != nil {
			m.Predicted[i] = make([]*float64, n)
		}
		for j, mj := range models {
			if i == j {
				continue
			}
			p := a.Pair(mi, mj)
			t := p.Total()
			m.Battles[i][j] = t
			if t > 0 {
				r := (float64(p.WinsA) + 0.5*float64(p.Ties+p.BothBad)) / float64(t)
				m.WinRate[i][j] = &r
			}
			if ratings != nil {
				ri, ok1 := ratings[mi]
				rj, ok2 := ratings[mj]
				if ok1 && ok2 {
					pr := WinProbability(ri, rj)
					m.Predicted[i][j] = &pr
				}
			}
		}
	}
	return m
}

// Ratings returns the leaderboard's ratings by model name, for WinMatrices.
func (lb *Leaderboard) Ratings() map[string]float64 {
	out := make(map[string]float64, len(lb.Models))
	for _, e := range lb.Models {
		out[e.Model] = e.Rating
	}
	return out
}
