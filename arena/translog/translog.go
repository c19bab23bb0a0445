// Package translog is the Merkle tree of an append-only log as Certificate Transparency
// defines it (RFC 6962 section 2.1, restated in RFC 9162 section 2.1): the tree hash,
// inclusion proofs (audit paths) and consistency proofs, and their verification.
//
// It holds no tree itself. A log stores, beside its leaves, the hash of every complete
// aligned subtree (a Node); the functions here compute roots and proofs of any size from
// those, reading O(log² n) of them, and Frontier appends with O(log n) work.
package translog

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/bits"
)

// Hash is a SHA-256 digest: a leaf hash, a node hash or a tree head.
type Hash [sha256.Size]byte

// String is the hash in lower-case hex.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// MarshalText writes the hash as hex, so JSON carries it as a string.
func (h Hash) MarshalText() ([]byte, error) { return []byte(h.String()), nil }

// UnmarshalText reads a hash written by MarshalText.
func (h *Hash) UnmarshalText(b []byte) error {
	p, err := ParseHash(string(b))
	if err == nil {
		*h = p
	}
	return err
}

// ParseHash reads 64 hex digits.
func ParseHash(s string) (Hash, error) {
	var h Hash
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(h) {
		return h, fmt.Errorf("%q is not a SHA-256 hash (64 hex digits)", s)
	}
	copy(h[:], b)
	return h, nil
}

// EmptyRoot is the root of the empty tree: SHA-256 of nothing.
var EmptyRoot = Hash(sha256.Sum256(nil))

// LeafHash is MTH({d}) = SHA-256(0x00 || d).
func LeafHash(data []byte) Hash {
	h := sha256.New()
	h.Write([]byte{0})
	h.Write(data)
	var out Hash
	h.Sum(out[:0])
	return out
}

// NodeHash is SHA-256(0x01 || left || right).
func NodeHash(left, right Hash) Hash {
	var buf [1 + 2*sha256.Size]byte
	buf[0] = 1
	copy(buf[1:], left[:])
	copy(buf[1+sha256.Size:], right[:])
	return sha256.Sum256(buf[:])
}

// NodeFunc returns the hash of the complete subtree of 2^level leaves starting at leaf
// index<<level: level 0 is the leaf hashes. It is only asked for subtrees wholly inside
// the tree being read.
type NodeFunc func(level uint8, index uint64) (Hash, error)

// Root is MTH of the first size leaves.
func Root(size uint64, node NodeFunc) (Hash, error) {
	if size == 0 {
		return EmptyRoot, nil
	}
	return rangeHash(0, size, node)
}

// rangeHash is MTH(D[begin:end]) for a range the RFC's recursion produces: begin is a
// multiple of the largest power of two not above end-begin, so the range is one complete
// subtree or splits into one and a smaller such range.
func rangeHash(begin, end uint64, node NodeFunc) (Hash, error) {
	n := end - begin
	if n&(n-1) == 0 {
		level := uint8(bits.TrailingZeros64(n))
		return node(level, begin>>level)
	}
	k := split(n)
	left, err := rangeHash(begin, begin+k, node)
	if err != nil {
		return Hash{}, err
	}
	right, err := rangeHash(begin+k, end, node)
	if err != nil {
		return Hash{}, err
	}
	return NodeHash(left, right), nil
}

// split is the largest power of two smaller than n (n > 1).
func split(n uint64) uint64 { return 1 << (bits.Len64(n-1) - 1) }

// InclusionProof is PATH(index, D[size]) of RFC 6962 section 2.1.1: the audit path of
// leaf index in the tree of the first size leaves, nearest the leaf first.
func InclusionProof(index, size uint64, node NodeFunc) ([]Hash, error) {
	if index >= size {
		return nil, fmt.Errorf("leaf %d is not in a tree of %d leaves", index, size)
	}
	var path []Hash
	// Walk down from the root, collecting the sibling of each subtree holding the leaf;
	// the path lists them from the leaf up, so they are prepended.
	begin, end := uint64(0), size
	for end-begin > 1 {
		k := split(end - begin)
		var sib Hash
		var err error
		if index < begin+k {
			sib, err = rangeHash(begin+k, end, node)
			end = begin + k
		} else {
			sib, err = rangeHash(begin, begin+k, node)
			begin += k
		}
		if err != nil {
			return nil, err
		}
		path = append(path, sib)
	}
	reverse(path)
	return path, nil
}

// ConsistencyProof is PROOF(first, D[second]) of RFC 6962 section 2.1.2: what shows the
// tree of the first leaves is a prefix of the tree of second leaves. It is empty when
// first is 0 or equals second.
func ConsistencyProof(first, second uint64, node NodeFunc) ([]Hash, error) {
	if first > second {
		return nil, fmt.Errorf("a log of %d leaves cannot prove itself consistent with a larger earlier size %d", second, first)
	}
	if first == 0 || first == second {
		return nil, nil
	}
	var proof []Hash
	// SUBPROOF(m, D[begin:end], b), iteratively: each step adds one hash, and the
	// recursion ends at a subtree equal to the old tree (added unless it is the whole of
	// it, b) or at a single leaf.
	m, begin, end, whole := first, uint64(0), second, true
	for m != end-begin {
		k := split(end - begin)
		var h Hash
		var err error
		if m <= k {
			h, err = rangeHash(begin+k, end, node)
			end = begin + k
		} else {
			h, err = rangeHash(begin, begin+k, node)
			m -= k
			begin += k
			whole = false
		}
		if err != nil {
			return nil, err
		}
		proof = append(proof, h)
	}
	if !whole {
		h, err := rangeHash(begin, end, node)
		if err != nil {
			return nil, err
		}
		proof = append(proof, h)
	}
	reverse(proof)
	return proof, nil
}

func reverse(p []Hash) {
	for i, j := 0, len(p)-1; i < j; i, j = i+1, j-1 {
		p[i], p[j] = p[j], p[i]
	}
}

// ErrVerify is what every failed verification wraps.
var ErrVerify = errors.New("proof does not verify")

func fail(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrVerify, fmt.Sprintf(format, args...))
}

// VerifyInclusion checks an audit path as RFC 9162 section 2.1.3.2 specifies: that the
// leaf with hash leaf is at index in the tree of size leaves whose root is root.
func VerifyInclusion(index, size uint64, leaf Hash, proof []Hash, root Hash) error {
	if index >= size {
		return fail("leaf index %d is not below the tree size %d", index, size)
	}
	fn, sn, r := index, size-1, leaf
	for _, p := range proof {
		if sn == 0 {
			return fail("the proof is longer than a tree of %d leaves needs", size)
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			r = NodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return fail("the proof is shorter than a tree of %d leaves needs", size)
	}
	if r != root {
		return fail("the proof leads to root %s, not %s", r, root)
	}
	return nil
}

// VerifyConsistency checks a consistency proof as RFC 9162 section 2.1.4.2 specifies:
// that the tree of first leaves with root firstRoot is a prefix of the tree of second
// leaves with root secondRoot. The cases the algorithm leaves out are the trivial ones:
// equal sizes need equal roots and an empty proof; the empty tree is a prefix of any,
// with an empty proof.
func VerifyConsistency(first, second uint64, firstRoot, secondRoot Hash, proof []Hash) error {
	switch {
	case first > second:
		return fail("the first size %d is larger than the second %d", first, second)
	case first == second:
		if len(proof) != 0 {
			return fail("a proof between equal sizes is empty")
		}
		if firstRoot != secondRoot {
			return fail("two trees of %d leaves have different roots %s and %s", first, firstRoot, secondRoot)
		}
		return nil
	case first == 0:
		if len(proof) != 0 {
			return fail("a proof from the empty tree is empty")
		}
		return nil
	case len(proof) == 0:
		return fail("the proof is empty")
	}
	if first&(first-1) == 0 {
		proof = append([]Hash{firstRoot}, proof...)
	}
	fn, sn := first-1, second-1
	for fn&1 == 1 {
		fn >>= 1
		sn >>= 1
	}
	fr, sr := proof[0], proof[0]
	for _, c := range proof[1:] {
		if sn == 0 {
			return fail("the proof is longer than sizes %d and %d need", first, second)
		}
		if fn&1 == 1 || fn == sn {
			fr = NodeHash(c, fr)
			sr = NodeHash(c, sr)
			for fn&1 == 0 && fn != 0 {
				fn >>= 1
				sn >>= 1
			}
		} else {
			sr = NodeHash(sr, c)
		}
		fn >>= 1
		sn >>= 1
	}
	if sn != 0 {
		return fail("the proof is shorter than sizes %d and %d need", first, second)
	}
	if fr != firstRoot {
		return fail("the proof leads to first root %s, not %s", fr, firstRoot)
	}
	if sr != secondRoot {
		return fail("the proof leads to second root %s, not %s", sr, secondRoot)
	}
	return nil
}
