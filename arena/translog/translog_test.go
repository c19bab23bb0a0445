package translog

import (
	"encoding/hex"
	"fmt"
	"testing"
)

// The RFC 6962 test tree that Certificate Transparency implementations share (as in
// transparency-dev/merkle): its eight leaves, the roots of its first 1..8 leaves and
// some of its proofs.
var (
	vectorLeaves = []string{"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}
	vectorRoots  = []string{
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	}
	vectorInclusion = []struct {
		index, size uint64
		proof       []string
	}{
		{0, 1, nil},
		{0, 8, []string{"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{5, 8, []string{"bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 3, []string{"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"}},
		{1, 5, []string{"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
	}
	vectorConsistency = []struct {
		first, second uint64
		proof         []string
	}{
		{1, 1, nil},
		{1, 8, []string{"96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"}},
		{6, 8, []string{"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
		{2, 5, []string{"5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"}},
		{6, 7, []string{"0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"}},
	}
)

func mustHash(t testing.TB, s string) Hash {
	t.Helper()
	h, err := ParseHash(s)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func hashes(t testing.TB, ss []string) []Hash {
	var out []Hash
	for _, s := range ss {
		out = append(out, mustHash(t, s))
	}
	return out
}

// memLog is a log kept in memory the way a store keeps one: the nodes Append returns.
type memLog struct {
	f     *Frontier
	nodes map[[2]uint64]Hash
}

func newMemLog() *memLog { return &memLog{f: &Frontier{}, nodes: map[[2]uint64]Hash{}} }

func (m *memLog) add(data []byte) {
	for _, n := range m.f.Append(LeafHash(data)) {
		m.nodes[[2]uint64{uint64(n.Level), n.Index}] = n.Hash
	}
}

func (m *memLog) node(level uint8, index uint64) (Hash, error) {
	h, ok := m.nodes[[2]uint64{uint64(level), index}]
	if !ok {
		return Hash{}, fmt.Errorf("no node %d/%d", level, index)
	}
	return h, nil
}

func vectorLog(t *testing.T) *memLog {
	m := newMemLog()
	for _, l := range vectorLeaves {
		b, err := hex.DecodeString(l)
		if err != nil {
			t.Fatal(err)
		}
		m.add(b)
	}
	return m
}

// mth is MTH straight from RFC 6962's recursive definition, to check the stored-node
// computation against.
func mth(leaves [][]byte) Hash {
	switch len(leaves) {
	case 0:
		return EmptyRoot
	case 1:
		return LeafHash(leaves[0])
	}
	k := split(uint64(len(leaves)))
	return NodeHash(mth(leaves[:k]), mth(leaves[k:]))
}

func TestEmptyRoot(t *testing.T) {
	if got := EmptyRoot.String(); got != "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" {
		t.Fatal(got)
	}
	r, err := Root(0, newMemLog().node)
	if err != nil || r != EmptyRoot {
		t.Fatal(r, err)
	}
}

func TestVectorRoots(t *testing.T) {
	m := vectorLog(t)
	for size := uint64(1); size <= 8; size++ {
		r, err := Root(size, m.node)
		if err != nil {
			t.Fatal(err)
		}
		if r.String() != vectorRoots[size-1] {
			t.Errorf("root of %d leaves = %s, want %s", size, r, vectorRoots[size-1])
		}
	}
	if m.f.Root().String() != vectorRoots[7] {
		t.Errorf("frontier root %s", m.f.Root())
	}
	// A frontier stored and resumed goes on as if never stopped.
	f, err := ResumeFrontier(m.f.Size(), m.f.Encode())
	if err != nil || f.Root() != m.f.Root() {
		t.Fatalf("resumed frontier: %v", err)
	}
	if _, err := ResumeFrontier(m.f.Size()+1, m.f.Encode()); err == nil {
		t.Fatal("a frontier resumed at the wrong size")
	}
}

func TestVectorInclusion(t *testing.T) {
	m := vectorLog(t)
	for _, v := range vectorInclusion {
		t.Run(fmt.Sprintf("%d/%d", v.index, v.size), func(t *testing.T) {
			got, err := InclusionProof(v.index, v.size, m.node)
			if err != nil {
				t.Fatal(err)
			}
			want := hashes(t, v.proof)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("proof %v, want %v", got, want)
			}
			leaf, _ := m.node(0, v.index)
			if err := VerifyInclusion(v.index, v.size, leaf, want, mustHash(t, vectorRoots[v.size-1])); err != nil {
				t.Fatal(err)
			}
			checkInclusionTampered(t, v.index, v.size, leaf, want, mustHash(t, vectorRoots[v.size-1]), func(n uint64) (Hash, bool) {
				if n < 1 || n > 8 {
					return Hash{}, false
				}
				return mustHash(t, vectorRoots[n-1]), true
			})
		})
	}
}

func TestVectorConsistency(t *testing.T) {
	m := vectorLog(t)
	for _, v := range vectorConsistency {
		t.Run(fmt.Sprintf("%d-%d", v.first, v.second), func(t *testing.T) {
			got, err := ConsistencyProof(v.first, v.second, m.node)
			if err != nil {
				t.Fatal(err)
			}
			want := hashes(t, v.proof)
			if fmt.Sprint(got) != fmt.Sprint(want) {
				t.Fatalf("proof %v, want %v", got, want)
			}
			r1, r2 := mustHash(t, vectorRoots[v.first-1]), mustHash(t, vectorRoots[v.second-1])
			if err := VerifyConsistency(v.first, v.second, r1, r2, want); err != nil {
				t.Fatal(err)
			}
			if v.first != v.second {
				checkConsistencyTampered(t, v.first, v.second, r1, r2, want)
			}
		})
	}
}

func TestConsistencyTrivialCases(t *testing.T) {
	a, b := LeafHash([]byte("a")), LeafHash([]byte("b"))
	for _, c := range []struct {
		first, second uint64
		r1, r2        Hash
		proof         []Hash
		ok            bool
	}{
		{0, 0, a, a, nil, true},
		{0, 5, a, b, nil, true},
		{3, 3, a, a, nil, true},
		{3, 3, a, b, nil, false}, // same size, different roots: a forked log
		{3, 3, a, a, []Hash{a}, false},
		{0, 5, a, b, []Hash{a}, false},
		{5, 3, a, b, []Hash{a}, false}, // shrank
		{2, 5, a, b, nil, false},       // a real pair needs a proof
	} {
		err := VerifyConsistency(c.first, c.second, c.r1, c.r2, c.proof)
		if (err == nil) != c.ok {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

func TestInclusionOutOfRange(t *testing.T) {
	m := vectorLog(t)
	if _, err := InclusionProof(8, 8, m.node); err == nil {
		t.Fatal("proof of a leaf past the end")
	}
	if err := VerifyInclusion(0, 0, EmptyRoot, nil, EmptyRoot); err == nil {
		t.Fatal("a leaf in the empty tree verified")
	}
	if _, err := ConsistencyProof(5, 4, m.node); err == nil {
		t.Fatal("consistency proof to a smaller size")
	}
}

// TestProofsAllSizes checks, for every tree of up to 70 leaves, the root against the
// RFC's recursive definition, every leaf's audit path and every pair of sizes'
// consistency proof, and that each tampered form fails.
func TestProofsAllSizes(t *testing.T) {
	const max = 70
	m := newMemLog()
	var leaves [][]byte
	for i := 0; i < max; i++ {
		d := []byte(fmt.Sprintf("leaf %d", i))
		leaves = append(leaves, d)
		m.add(d)
	}
	roots := make([]Hash, max+1)
	for n := uint64(0); n <= max; n++ {
		r, err := Root(n, m.node)
		if err != nil {
			t.Fatal(err)
		}
		if want := mth(leaves[:n]); r != want {
			t.Fatalf("root of %d = %s, want %s", n, r, want)
		}
		roots[n] = r
	}
	for n := uint64(1); n <= max; n++ {
		for i := uint64(0); i < n; i++ {
			p, err := InclusionProof(i, n, m.node)
			if err != nil {
				t.Fatal(err)
			}
			leaf := LeafHash(leaves[i])
			if err := VerifyInclusion(i, n, leaf, p, roots[n]); err != nil {
				t.Fatalf("leaf %d of %d: %v", i, n, err)
			}
			if n%7 == 0 || n < 10 {
				checkInclusionTampered(t, i, n, leaf, p, roots[n], func(k uint64) (Hash, bool) {
					return roots[min(k, max)], k <= max
				})
			}
		}
		for first := uint64(0); first <= n; first++ {
			p, err := ConsistencyProof(first, n, m.node)
			if err != nil {
				t.Fatal(err)
			}
			if err := VerifyConsistency(first, n, roots[first], roots[n], p); err != nil {
				t.Fatalf("%d to %d: %v", first, n, err)
			}
			if first > 0 && first < n && (n%5 == 0 || n < 10) {
				checkConsistencyTampered(t, first, n, roots[first], roots[n], p)
			}
		}
	}
}

func flipped(p []Hash, i int) []Hash {
	q := append([]Hash(nil), p...)
	q[i][i%32] ^= 0x10
	return q
}

// checkInclusionTampered checks that no single change to a valid proof verifies. A size
// is only ever claimed with its own root (the tree head binds them), so a tampered size
// is checked against the root of that size when rootOf knows it: the same path can fit
// two sizes' shapes, never both roots.
func checkInclusionTampered(t *testing.T, index, size uint64, leaf Hash, proof []Hash, root Hash, rootOf func(uint64) (Hash, bool)) {
	t.Helper()
	other := LeafHash([]byte("not in the log"))
	cases := map[string]func() error{
		"other leaf": func() error { return VerifyInclusion(index, size, other, proof, root) },
		"other root": func() error { return VerifyInclusion(index, size, leaf, proof, other) },
		"index+1":    func() error { return VerifyInclusion(index+1, size, leaf, proof, root) },
		"size*2":     func() error { return VerifyInclusion(index, size*2, leaf, proof, root) },
		"appended": func() error {
			return VerifyInclusion(index, size, leaf, append(append([]Hash(nil), proof...), root), root)
		},
		"prepended": func() error { return VerifyInclusion(index, size, leaf, append([]Hash{other}, proof...), root) },
	}
	for _, other := range []uint64{size - 1, size + 1, size + 2} {
		if r, ok := rootOf(other); ok && other > index {
			cases[fmt.Sprintf("size %d", other)] = func() error { return VerifyInclusion(index, other, leaf, proof, r) }
		}
	}
	if index > 0 {
		cases["index-1"] = func() error { return VerifyInclusion(index-1, size, leaf, proof, root) }
	}
	if len(proof) > 0 {
		cases["truncated"] = func() error { return VerifyInclusion(index, size, leaf, proof[:len(proof)-1], root) }
	}
	for i := range proof {
		cases[fmt.Sprintf("proof[%d] flipped", i)] = func() error { return VerifyInclusion(index, size, leaf, flipped(proof, i), root) }
	}
	for name, f := range cases {
		if err := f(); err == nil {
			t.Errorf("leaf %d of %d, %s: verified", index, size, name)
		}
	}
}

func checkConsistencyTampered(t *testing.T, first, second uint64, r1, r2 Hash, proof []Hash) {
	t.Helper()
	other := LeafHash([]byte("another tree"))
	cases := map[string]func() error{
		"other first root":  func() error { return VerifyConsistency(first, second, other, r2, proof) },
		"other second root": func() error { return VerifyConsistency(first, second, r1, other, proof) },
		"swapped roots":     func() error { return VerifyConsistency(first, second, r2, r1, proof) },
		"empty proof":       func() error { return VerifyConsistency(first, second, r1, r2, nil) },
		"first-1":           func() error { return VerifyConsistency(first-1, second, r1, r2, proof) },
		"first+1":           func() error { return VerifyConsistency(first+1, second, r1, r2, proof) },
		"second*2":          func() error { return VerifyConsistency(first, second*2, r1, r2, proof) },
		"appended": func() error {
			return VerifyConsistency(first, second, r1, r2, append(append([]Hash(nil), proof...), r2))
		},
		"prepended": func() error { return VerifyConsistency(first, second, r1, r2, append([]Hash{r1}, proof...)) },
		"truncated": func() error { return VerifyConsistency(first, second, r1, r2, proof[:len(proof)-1]) },
	}
	for i := range proof {
		cases[fmt.Sprintf("proof[%d] flipped", i)] = func() error { return VerifyConsistency(first, second, r1, r2, flipped(proof, i)) }
	}
	for name, f := range cases {
		if err := f(); err == nil {
			t.Errorf("%d to %d, %s: verified", first, second, name)
		}
	}
}
