package ranking

import "sort"

// BattleLog stores battles compactly, in order, for the methods that need individual
// rows: online Elo and style control. About 24 bytes per battle (56 with style).
type BattleLog struct {
	names   []string
	index   map[string]int32
	a, b    []int32
	outcome []Outcome
	time    []float64
	style   [][2]Style // nil until a battle with style arrives
	styled  []bool
	ids     []string // nil until a battle with an id arrives
	pkeys   []uint64 // nil until a battle with a prompt key arrives
}

// NewBattleLog returns an empty log.
func NewBattleLog() *BattleLog { return &BattleLog{index: map[string]int32{}} }

func (l *BattleLog) model(name string) int32 {
	if i, ok := l.index[name]; ok {
		return i
	}
	i := int32(len(l.names))
	l.names = append(l.names, name)
	l.index[name] = i
	return i
}

// Add appends a battle; a battle of a model against itself is ignored.
func (l *BattleLog) Add(b Battle) {
	if b.ModelA == b.ModelB {
		return
	}
	l.a = append(l.a, l.model(b.ModelA))
	l.b = append(l.b, l.model(b.ModelB))
	l.outcome = append(l.outcome, b.Outcome)
	l.time = append(l.time, b.Time)
	if b.HasStyle && l.style == nil {
		l.style = make([][2]Style, len(l.a)-1, cap(l.a))
		l.styled = make([]bool, len(l.a)-1, cap(l.a))
	}
	if l.style != nil {
		l.style = append(l.style, [2]Style{b.StyleA, b.StyleB})
		l.styled = append(l.styled, b.HasStyle)
	}
	if b.ID != "" && l.ids == nil {
		l.ids = make([]string, len(l.a)-1, cap(l.a))
	}
	if l.ids != nil {
		l.ids = append(l.ids, b.ID)
	}
	if b.PromptKey != 0 && l.pkeys == nil {
		l.pkeys = make([]uint64, len(l.a)-1, cap(l.a))
	}
	if l.pkeys != nil {
		l.pkeys = append(l.pkeys, b.PromptKey)
	}
}

// styledCount is the number of battles with style.
func (l *BattleLog) styledCount() int {
	n := 0
	for _, ok := range l.styled {
		if ok {
			n++
		}
	}
	return n
}

// Len is the number of battles.
func (l *BattleLog) Len() int { return len(l.a) }

// Models lists the models in order of first appearance.
func (l *BattleLog) Models() []string { return append([]string(nil), l.names...) }

// Battle returns battle i (without tags).
func (l *BattleLog) Battle(i int) Battle {
	b := Battle{ModelA: l.names[l.a[i]], ModelB: l.names[l.b[i]], Outcome: l.outcome[i], Time: l.time[i]}
	if l.style != nil && l.styled[i] {
		b.StyleA, b.StyleB, b.HasStyle = l.style[i][0], l.style[i][1], true
	}
	if l.ids != nil {
		b.ID = l.ids[i]
	}
	if l.pkeys != nil {
		b.PromptKey = l.pkeys[i]
	}
	return b
}

// Aggregate counts the log's battles.
func (l *BattleLog) Aggregate() *Aggregate {
	agg := NewAggregate()
	for _, n := range l.names {
		agg.ModelIndex(n)
	}
	for k := range l.a {
		agg.AddIndex(int(l.a[k]), int(l.b[k]), l.outcome[k], 1)
	}
	return agg
}

// Filter returns a new log with the battles keep accepts, in the same order.
func (l *BattleLog) Filter(keep func(i int) bool) *BattleLog {
	out := NewBattleLog()
	for k := range l.a {
		if keep(k) {
			out.Add(l.Battle(k))
		}
	}
	return out
}

// timeOrder returns the battle indexes sorted by time, stably (file order among equal
// or unknown times).
func (l *BattleLog) timeOrder() []int32 {
	order := make([]int32, len(l.a))
	sorted := true
	for k := range order {
		order[k] = int32(k)
		if k > 0 && l.time[k] < l.time[k-1] {
			sorted = false
		}
	}
	if !sorted {
		sort.SliceStable(order, func(x, y int) bool { return l.time[order[x]] < l.time[order[y]] })
	}
	return order
}
