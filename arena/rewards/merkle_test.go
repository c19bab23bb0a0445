package rewards

import (
	"bytes"
	"encoding/json"
	"math/big"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/arena-dev/arena/arena"
	"github.com/ethereum/go-ethereum/common"
)

// repoRoot walks up from the package directory to the directory holding go.mod.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found above the test directory")
		}
		dir = parent
	}
}

// needOZ returns the contracts directory when node and contracts/node_modules are there.
// Locally it skips without them; under CI (CI set) it fails, since CI runs npm ci.
func needOZ(t *testing.T) string {
	t.Helper()
	contracts := filepath.Join(repoRoot(t), "contracts")
	missing := ""
	if _, err := exec.LookPath("node"); err != nil {
		missing = "node is not on PATH"
	} else if _, err := os.Stat(filepath.Join(contracts, "node_modules", "@openzeppelin", "merkle-tree")); err != nil {
		missing = "contracts/node_modules/@openzeppelin/merkle-tree is absent (run: cd contracts && npm ci)"
	}
	if missing != "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("cannot compare with @openzeppelin/merkle-tree: %s", missing)
		}
		t.Skipf("skipping comparison with @openzeppelin/merkle-tree: %s", missing)
	}
	return contracts
}

type ozResult struct {
	Root   common.Hash     `json:"root"`
	Proofs [][]common.Hash `json:"proofs"`
	Dump   struct {
		Format string        `json:"format"`
		Tree   []common.Hash `json:"tree"`
		Values []struct {
			TreeIndex int `json:"treeIndex"`
		} `json:"values"`
	} `json:"dump"`
}

func runOZ(t *testing.T, contracts string, entries []Entry) ozResult {
	t.Helper()
	values := make([][2]string, len(entries))
	for i, e := range entries {
		values[i] = [2]string{e.Account.Hex(), e.Cumulative.String()}
	}
	in, err := json.Marshal(map[string]any{"values": values})
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("node", filepath.Join("testdata", "oztree.mjs"), contracts)
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node oztree.mjs: %v\n%s", err, stderr.String())
	}
	var res ozResult
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("decoding node output: %v", err)
	}
	return res
}

func randomEntries(r *rand.Rand, n int) []Entry {
	entries := make([]Entry, n)
	for i := range entries {
		var a common.Address
		for j := range a {
			a[j] = byte(r.UintN(256))
		}
		var amount *big.Int
		switch r.IntN(4) {
		case 0: // small amounts, including zero
			amount = big.NewInt(r.Int64N(1000))
		case 1: // token-sized amounts with 18 decimals
			amount = new(big.Int).Mul(big.NewInt(r.Int64N(1_000_000)), big.NewInt(1e18))
		case 2: // anything up to 2^256-1
			b := make([]byte, 32)
			for j := range b {
				b[j] = byte(r.UintN(256))
			}
			amount = new(big.Int).SetBytes(b)
		default:
			amount = new(big.Int).Set(maxUint256)
		}
		entries[i] = Entry{Account: a, Cumulative: amount}
	}
	return entries
}

func TestTreeMatchesOpenZeppelin(t *testing.T) {
	contracts := needOZ(t)
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 3, 4, 5, 7, 8, 9, 16, 31, 100, 257} {
		entries := randomEntries(r, n)
		tree, err := BuildTree(entries)
		if err != nil {
			t.Fatal(err)
		}
		oz := runOZ(t, contracts, entries)
		if tree.Root() != oz.Root {
			t.Fatalf("n=%d: root %s, OpenZeppelin %s", n, tree.Root().Hex(), oz.Root.Hex())
		}
		if len(oz.Dump.Tree) != len(tree.nodes) {
			t.Fatalf("n=%d: %d nodes, OpenZeppelin %d", n, len(tree.nodes), len(oz.Dump.Tree))
		}
		for i := range tree.nodes {
			if tree.nodes[i] != oz.Dump.Tree[i] {
				t.Fatalf("n=%d: node %d differs", n, i)
			}
		}
		for i := range entries {
			if tree.treeIdx[i] != oz.Dump.Values[i].TreeIndex {
				t.Fatalf("n=%d: value %d at tree index %d, OpenZeppelin %d", n, i, tree.treeIdx[i], oz.Dump.Values[i].TreeIndex)
			}
			proof, err := tree.ProofAt(i)
			if err != nil {
				t.Fatal(err)
			}
			if len(proof) != len(oz.Proofs[i]) {
				t.Fatalf("n=%d: proof %d has %d hashes, OpenZeppelin %d", n, i, len(proof), len(oz.Proofs[i]))
			}
			for j := range proof {
				if proof[j] != oz.Proofs[i][j] {
					t.Fatalf("n=%d: proof %d differs at %d", n, i, j)
				}
			}
			if !VerifyProof(tree.Root(), entries[i].Account, entries[i].Cumulative, proof) {
				t.Fatalf("n=%d: proof %d does not verify", n, i)
			}
		}
	}
}

func TestTreeOrderIndependent(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	entries := randomEntries(r, 50)
	a, err := BuildTree(entries)
	if err != nil {
		t.Fatal(err)
	}
	shuffled := append([]Entry(nil), entries...)
	r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	b, err := BuildTree(shuffled)
	if err != nil {
		t.Fatal(err)
	}
	if a.Root() != b.Root() {
		t.Fatal("root depends on entry order")
	}
	for _, e := range entries {
		ca, _ := a.Claim(e.Account)
		cb, err := b.Claim(e.Account)
		if err != nil {
			t.Fatal(err)
		}
		if len(ca.Proof) != len(cb.Proof) {
			t.Fatal("proof depends on entry order")
		}
		for i := range ca.Proof {
			if ca.Proof[i] != cb.Proof[i] {
				t.Fatal("proof depends on entry order")
			}
		}
	}
}

func TestTreeClaims(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	entries := randomEntries(r, 10)
	tree, err := BuildTree(entries)
	if err != nil {
		t.Fatal(err)
	}
	claims := tree.Claims()
	for i, c := range claims {
		if c.Account != entries[i].Account || c.Cumulative.Cmp(entries[i].Cumulative) != 0 {
			t.Fatalf("claim %d is not entry %d", i, i)
		}
		if !VerifyProof(tree.Root(), c.Account, c.Cumulative, c.Proof) {
			t.Fatalf("claim %d does not verify", i)
		}
		// Any change to the amount or the account breaks the proof.
		if VerifyProof(tree.Root(), c.Account, new(big.Int).Add(c.Cumulative, big.NewInt(1)), c.Proof) {
			t.Fatalf("claim %d verifies with a larger amount", i)
		}
		other := c.Account
		other[0] ^= 1
		if VerifyProof(tree.Root(), other, c.Cumulative, c.Proof) {
			t.Fatalf("claim %d verifies for another account", i)
		}
	}
	// Claims are copies: changing one does not change the tree.
	claims[0].Cumulative.SetInt64(-1)
	if c, _ := tree.Claim(entries[0].Account); c.Cumulative.Sign() < 0 {
		t.Fatal("Claims shares memory with the tree")
	}
	if _, err := tree.Claim(common.Address{0xde, 0xad}); arena.ErrorCode(err) != arena.ENOTFOUND {
		t.Fatalf("claim for a stranger: %v", err)
	}
	single, err := BuildTree(entries[:1])
	if err != nil {
		t.Fatal(err)
	}
	if single.Root() != LeafHash(entries[0].Account, entries[0].Cumulative) {
		t.Fatal("a one-entry tree's root is not its leaf")
	}
	if p, _ := single.ProofAt(0); len(p) != 0 {
		t.Fatal("a one-entry tree has a non-empty proof")
	}
}

func TestBuildTreeRefuses(t *testing.T) {
	a := common.HexToAddress("0x1111111111111111111111111111111111111111")
	b := common.HexToAddress("0x2222222222222222222222222222222222222222")
	tooBig := new(big.Int).Add(maxUint256, big.NewInt(1))
	for name, entries := range map[string][]Entry{
		"empty":     nil,
		"duplicate": {{a, big.NewInt(1)}, {b, big.NewInt(2)}, {a, big.NewInt(3)}},
		"nil":       {{a, nil}},
		"negative":  {{a, big.NewInt(-1)}},
		"too big":   {{a, tooBig}},
	} {
		_, err := BuildTree(entries)
		if arena.ErrorCode(err) != arena.EINVALID {
			t.Errorf("%s: got %v, want EINVALID", name, err)
		} else if strings.TrimSpace(arena.ErrorMessage(err)) == "" {
			t.Errorf("%s: empty message", name)
		}
	}
}

// BenchmarkBuildTree100k builds the tree for 100,000 wallets.
func BenchmarkBuildTree100k(b *testing.B) {
	entries := randomEntries(rand.New(rand.NewPCG(7, 8)), 100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildTree(entries); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkClaims100k builds the tree for 100,000 wallets and every wallet's proof.
func BenchmarkClaims100k(b *testing.B) {
	entries := randomEntries(rand.New(rand.NewPCG(7, 8)), 100_000)
	b.ReportAllocs()
	for b.Loop() {
		tree, err := BuildTree(entries)
		if err != nil {
			b.Fatal(err)
		}
		_ = tree.Claims()
	}
}

// TestTreeGolden checks the example from @openzeppelin/merkle-tree's README, without node.
func TestTreeGolden(t *testing.T) {
	five, _ := new(big.Int).SetString("5000000000000000000", 10)
	twoHalf, _ := new(big.Int).SetString("2500000000000000000", 10)
	tree, err := BuildTree([]Entry{
		{common.HexToAddress("0x1111111111111111111111111111111111111111"), five},
		{common.HexToAddress("0x2222222222222222222222222222222222222222"), twoHalf},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := tree.Root().Hex(), "0xd4dee0beab2d53f2cc83e567171bd2820e49898130a22622b10ead383e90bd77"; got != want {
		t.Fatalf("root %s, want %s", got, want)
	}
	p, _ := tree.ProofAt(0)
	if len(p) != 1 || p[0].Hex() != "0xb92c48e9d7abe27fd8dfd6b5dfdbfb1c9a463f80c712b66f3a5180a090cccafc" {
		t.Fatalf("proof 0 is %v", p)
	}
}

// TestMerkleRootIsTheTreesRoot: the root settlement computes without a Tree's index is
// the Tree's, and the same entries are refused.
func TestMerkleRootIsTheTreesRoot(t *testing.T) {
	var entries []Entry
	for i := range 1001 {
		entries = append(entries, Entry{Account: common.BigToAddress(big.NewInt(int64(i*7919 + 1))), Cumulative: big.NewInt(int64(i))})
	}
	tree, err := BuildTree(entries)
	if err != nil {
		t.Fatal(err)
	}
	root, err := MerkleRoot(entries)
	if err != nil || root != tree.Root() {
		t.Fatalf("MerkleRoot %s, the tree's %s (%v)", root.Hex(), tree.Root().Hex(), err)
	}
	for _, bad := range [][]Entry{nil, append(entries[:2:2], entries[1]), {{Account: entries[0].Account}}} {
		if _, err := MerkleRoot(bad); arena.ErrorCode(err) != arena.EINVALID {
			t.Fatalf("MerkleRoot of %d bad entries: %v", len(bad), err)
		}
	}
}
