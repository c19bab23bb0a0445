package ranking

import (
	"encoding/json"
	"fmt"
	"sort"
)

// PairCount is the outcome counts of one pair of models: the wire and storage form of an
// [Aggregate]. WinsA counts battles A won and WinsB battles B won, whichever side each
// model sat on.
type PairCount struct {
	A       string `json:"model_a"`
	B       string `json:"model_b"`
	WinsA   int64  `json:"wins_a"`
	WinsB   int64  `json:"wins_b"`
	Ties    int64  `json:"ties"`
	BothBad int64  `json:"both_bad"`
}

// Total is the number of battles the pair count holds.
func (p PairCount) Total() int64 { return p.WinsA + p.WinsB + p.Ties + p.BothBad }

// cell holds a pair's counts, oriented from the model with the lower index:
// [wins of lo, wins of hi, ties, both bad].
type cell [4]int64

func (c *cell) total() int64 { return c[0] + c[1] + c[2] + c[3] }

// Aggregate is the outcome counts of battles per unordered pair of models. Its size is
// the number of models squared, whatever the number of battles. The zero value is not
// usable; call [NewAggregate]. An Aggregate is not safe for concurrent writes.
type Aggregate struct {
	names  []string
	index  map[string]int
	stride int
	cells  []cell // cells[lo*stride+hi] for lo < hi
	total  int64
}

// NewAggregate returns an empty aggregate.
func NewAggregate() *Aggregate {
	return &Aggregate{index: map[string]int{}}
}

// AggregateFromCounts builds an aggregate from raw per-pair counts, as kept by a server.
// Pairs may repeat (their counts add) and may name the two models in either order.
func AggregateFromCounts(counts []PairCount) (*Aggregate, error) {
	a := NewAggregate()
	for _, p := range counts {
		if err := a.AddCounts(p); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// AggregateBattles reads every battle from src into a new aggregate.
func AggregateBattles(src BattleSource) (*Aggregate, error) {
	a := NewAggregate()
	err := src(func(b Battle) error {
		if err := b.Validate(); err != nil {
			return err
		}
		a.AddBattle(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// ModelIndex returns the index of model, adding it if it is new. Indexes are in order of
// first appearance and are what [Aggregate.Models] lists.
func (a *Aggregate) ModelIndex(model string) int {
	if i, ok := a.index[model]; ok {
		return i
	}
	i := len(a.names)
	a.names = append(a.names, model)
	a.index[model] = i
	if i >= a.stride {
		a.grow(max(16, 2*a.stride))
	}
	return i
}

func (a *Aggregate) grow(stride int) {
	cells := make([]cell, stride*stride)
	for i := 0; i < a.stride; i++ {
		copy(cells[i*stride:i*stride+a.stride], a.cells[i*a.stride:(i+1)*a.stride])
	}
	a.cells, a.stride = cells, stride
}

// Models lists the aggregate's models in order of first appearance.
func (a *Aggregate) Models() []string { return append([]string(nil), a.names...) }

// NumModels is the number of models seen.
func (a *Aggregate) NumModels() int { return len(a.names) }

// Battles is the total number of battles counted.
func (a *Aggregate) Battles() int64 { return a.total }

// AddBattle counts one battle. It does not validate it (see [Battle.Validate]); a battle
// of a model against itself is ignored.
func (a *Aggregate) AddBattle(b Battle) { a.Add(b.ModelA, b.ModelB, b.Outcome, 1) }

// Add counts n battles between modelA and modelB with outcome o (seen from modelA).
func (a *Aggregate) Add(modelA, modelB string, o Outcome, n int64) {
	i, j := a.ModelIndex(modelA), a.ModelIndex(modelB)
	a.AddIndex(i, j, o, n)
}

// AddIndex is Add with model indexes from [Aggregate.ModelIndex].
func (a *Aggregate) AddIndex(i, j int, o Outcome, n int64) {
	if i == j || o > BothBad {
		return
	}
	if i > j {
		i, j = j, i
		switch o {
		case WinA:
			o = WinB
		case WinB:
			o = WinA
		}
	}
	a.cells[i*a.stride+j][o] += n
	a.total += n
}

// AddCounts adds one pair's counts.
func (a *Aggregate) AddCounts(p PairCount) error {
	if p.A == "" || p.B == "" {
		return fmt.Errorf("pair count with an empty model name")
	}
	if p.A == p.B {
		return fmt.Errorf("pair count of %q against itself", p.A)
	}
	if p.WinsA < 0 || p.WinsB < 0 || p.Ties < 0 || p.BothBad < 0 {
		return fmt.Errorf("negative count for pair %q, %q", p.A, p.B)
	}
	i, j := a.ModelIndex(p.A), a.ModelIndex(p.B)
	a.AddIndex(i, j, WinA, p.WinsA)
	a.AddIndex(i, j, WinB, p.WinsB)
	a.AddIndex(i, j, Tie, p.Ties)
	a.AddIndex(i, j, BothBad, p.BothBad)
	return nil
}

// Merge adds every count of o to a. Models new to a are appended in o's order.
func (a *Aggregate) Merge(o *Aggregate) {
	m := make([]int, len(o.names))
	for k, name := range o.names {
		m[k] = a.ModelIndex(name)
	}
	for i := range o.names {
		for j := i + 1; j < len(o.names); j++ {
			c := &o.cells[i*o.stride+j]
			if c.total() == 0 {
				continue
			}
			for k := range c {
				if c[k] != 0 {
					a.AddIndex(m[i], m[j], Outcome(k), c[k])
				}
			}
		}
	}
}

// Clone returns a deep copy of a.
func (a *Aggregate) Clone() *Aggregate {
	c := NewAggregate()
	c.Merge(a)
	return c
}

func (a *Aggregate) cell(i, j int) (c cell, flipped bool) {
	if i > j {
		c = a.cells[j*a.stride+i]
		c[0], c[1] = c[1], c[0]
		return c, true
	}
	return a.cells[i*a.stride+j], false
}

// Pair returns the counts between two models, oriented as asked (WinsA are modelA's
// wins). Unknown models give zero counts.
func (a *Aggregate) Pair(modelA, modelB string) PairCount {
	p := PairCount{A: modelA, B: modelB}
	i, ok1 := a.index[modelA]
	j, ok2 := a.index[modelB]
	if !ok1 || !ok2 || i == j {
		return p
	}
	c, _ := a.cell(i, j)
	p.WinsA, p.WinsB, p.Ties, p.BothBad = c[0], c[1], c[2], c[3]
	return p
}

// Counts returns every pair with at least one battle, the form to store or send; the
// pairs are sorted by model names and each names its models in sorted order.
func (a *Aggregate) Counts() []PairCount {
	var out []PairCount
	for i := range a.names {
		for j := i + 1; j < len(a.names); j++ {
			c := a.cells[i*a.stride+j]
			if c.total() == 0 {
				continue
			}
			p := PairCount{A: a.names[i], B: a.names[j], WinsA: c[0], WinsB: c[1], Ties: c[2], BothBad: c[3]}
			if p.A > p.B {
				p.A, p.B, p.WinsA, p.WinsB = p.B, p.A, p.WinsB, p.WinsA
			}
			out = append(out, p)
		}
	}
	sort.Slice(out, func(x, y int) bool {
		if out[x].A != out[y].A {
			return out[x].A < out[y].A
		}
		return out[x].B < out[y].B
	})
	return out
}

// MarshalJSON encodes the aggregate as its list of [PairCount]s.
func (a *Aggregate) MarshalJSON() ([]byte, error) {
	c := a.Counts()
	if c == nil {
		c = []PairCount{}
	}
	return json.Marshal(c)
}

// UnmarshalJSON decodes a list of [PairCount]s, replacing a's contents.
func (a *Aggregate) UnmarshalJSON(data []byte) error {
	var counts []PairCount
	if err := json.Unmarshal(data, &counts); err != nil {
		return err
	}
	b, err := AggregateFromCounts(counts)
	if err != nil {
		return err
	}
	*a = *b
	return nil
}

// ModelRecord is one model's totals over all its battles.
type ModelRecord struct {
	Battles, Wins, Losses, Ties, BothBad int64
}

// Records returns every model's totals, indexed like [Aggregate.Models].
func (a *Aggregate) Records() []ModelRecord {
	r := make([]ModelRecord, len(a.names))
	for i := range a.names {
		for j := i + 1; j < len(a.names); j++ {
			c := a.cells[i*a.stride+j]
			n := c.total()
			if n == 0 {
				continue
			}
			r[i].Battles += n
			r[j].Battles += n
			r[i].Wins += c[0]
			r[i].Losses += c[1]
			r[j].Wins += c[1]
			r[j].Losses += c[0]
			r[i].Ties += c[2]
			r[j].Ties += c[2]
			r[i].BothBad += c[3]
			r[j].BothBad += c[3]
		}
	}
	return r
}

// Filter returns a new aggregate holding only the models keep accepts and the battles
// among them.
func (a *Aggregate) Filter(keep func(model string) bool) *Aggregate {
	out := NewAggregate()
	var m []int
	for _, name := range a.names {
		if keep(name) {
			m = append(m, out.ModelIndex(name))
		} else {
			m = append(m, -1)
		}
	}
	for i := range a.names {
		if m[i] < 0 {
			continue
		}
		for j := i + 1; j < len(a.names); j++ {
			if m[j] < 0 {
				continue
			}
			c := a.cells[i*a.stride+j]
			for k := range c {
				if c[k] != 0 {
					out.AddIndex(m[i], m[j], Outcome(k), c[k])
				}
			}
		}
	}
	return out
}

// WithoutTies returns a copy of a with ties and both-bad votes dropped.
func (a *Aggregate) WithoutTies() *Aggregate {
	return a.keepOutcomes(func(o Outcome) bool { return o == WinA || o == WinB })
}

// keepOutcomes returns a copy of a holding only the outcomes keep accepts, with every
// model still indexed in the same order.
func (a *Aggregate) keepOutcomes(keep func(Outcome) bool) *Aggregate {
	out := NewAggregate()
	for _, name := range a.names {
		out.ModelIndex(name)
	}
	for i := range a.names {
		for j := i + 1; j < len(a.names); j++ {
			c := a.cells[i*a.stride+j]
			for o := range c {
				if keep(Outcome(o)) {
					out.AddIndex(i, j, Outcome(o), c[o])
				}
			}
		}
	}
	return out
}

// pairObs is a pair's data as the fits use it: lo < hi, counts of lo's wins, hi's wins
// and draws (ties plus both bad).
type pairObs struct {
	i, j int32
	c    [3]float64
}

func (p *pairObs) n() float64 { return p.c[0] + p.c[1] + p.c[2] }

func (a *Aggregate) pairs() []pairObs {
	var out []pairObs
	for i := range a.names {
		for j := i + 1; j < len(a.names); j++ {
			c := a.cells[i*a.stride+j]
			if c.total() == 0 {
				continue
			}
			out = append(out, pairObs{int32(i), int32(j), [3]float64{float64(c[0]), float64(c[1]), float64(c[2] + c[3])}})
		}
	}
	return out
}
