package llm

import "hash/fnv"

// dice makes the demo models' choices: deterministic for a given seed, so the same
// prompt always gets the same answer, and independent of math/rand's algorithms.
type dice struct{ s uint64 }

func newDice(parts ...string) *dice {
	h := fnv.New64a()
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return &dice{s: h.Sum64()}
}

// next is splitmix64.
func (d *dice) next() uint64 {
	d.s += 0x9e3779b97f4a7c15
	z := d.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

func (d *dice) intn(n int) int { return int(d.next() % uint64(n)) }

func (d *dice) pick(options ...string) string { return options[d.intn(len(options))] }

// perm returns a deterministic shuffle of 0..n-1.
func (d *dice) perm(n int) []int {
	p := make([]int, n)
	for i := range p {
		p[i] = i
	}
	for i := n - 1; i > 0; i-- {
		j := d.intn(i + 1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}
