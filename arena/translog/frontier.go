package translog

import (
	"fmt"
	"math/bits"
)

// Node is one complete subtree: 2^Level leaves from leaf Index<<Level.
type Node struct {
	Level uint8
	Index uint64
	Hash  Hash
}

// Frontier is the compact range of a log: the roots of the complete subtrees its size
// decomposes into, largest first (one per set bit of the size). It is all an appender
// needs to extend the log and compute its root.
type Frontier struct {
	size  uint64
	nodes []Hash
}

// Size is the number of leaves appended.
func (f *Frontier) Size() uint64 { return f.size }

// Append adds the next leaf hash and returns the subtrees it completes: the leaf itself
// (level 0) and one more for each level at which the size's low bits carry. Storing them
// is what lets Root, InclusionProof and ConsistencyProof read any size later.
func (f *Frontier) Append(leaf Hash) []Node {
	out := []Node{{Level: 0, Index: f.size, Hash: leaf}}
	h := leaf
	for level := 0; f.size&(1<<level) != 0; level++ {
		h = NodeHash(f.nodes[len(f.nodes)-1], h)
		f.nodes = f.nodes[:len(f.nodes)-1]
		out = append(out, Node{Level: uint8(level + 1), Index: f.size >> (level + 1), Hash: h})
	}
	f.nodes = append(f.nodes, h)
	f.size++
	if len(f.nodes) != bits.OnesCount64(f.size) {
		panic("translog: frontier out of step with its size")
	}
	return out
}

// Root is the tree head of the leaves appended so far.
func (f *Frontier) Root() Hash {
	if f.size == 0 {
		return EmptyRoot
	}
	r := f.nodes[len(f.nodes)-1]
	for i := len(f.nodes) - 2; i >= 0; i-- {
		r = NodeHash(f.nodes[i], r)
	}
	return r
}

// Encode is the frontier's hashes, concatenated largest subtree first: with the size,
// what ResumeFrontier needs.
func (f *Frontier) Encode() []byte {
	out := make([]byte, 0, len(f.nodes)*len(Hash{}))
	for _, h := range f.nodes {
		out = append(out, h[:]...)
	}
	return out
}

// ResumeFrontier reads a frontier of size leaves that Encode wrote.
func ResumeFrontier(size uint64, encoded []byte) (*Frontier, error) {
	n := bits.OnesCount64(size)
	if len(encoded) != n*len(Hash{}) {
		return nil, fmt.Errorf("a frontier of %d leaves has %d hashes, not %d bytes", size, n, len(encoded))
	}
	f := &Frontier{size: size, nodes: make([]Hash, n)}
	for i := range f.nodes {
		copy(f.nodes[i][:], encoded[i*len(Hash{}):])
	}
	return f, nil
}
