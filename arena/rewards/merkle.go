// Package rewards turns votes into points and points into claimable ERC-20 tokens: the
// points policy, the cumulative Merkle tree a settlement publishes, Sign-In with Ethereum
// for linking a wallet, the wallet service behind the wallet pages, and settlement. It
// talks to the chain only through the interfaces it defines (Chain, ClaimReader,
// ClaimEncoder), which arena/chain implements with go-ethereum's client.
//
// Settlement (Settler.Run) reads:
//
//	entries := snapshot of (wallet, cumulative token units) from the ledger, stored once
//	root, err := rewards.MerkleRoot(entries)            // deterministic
//	sign, record, then send the publishRoot transaction through a Chain, replacing
//	it while it cannot be mined; wait for the confirmations
//	serve each wallet its proof, computed from the stored leaves, and the claim calldata
package rewards

import (
	"bytes"
	"math/big"
	"slices"

	"github.com/arena-dev/arena/arena"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
)

// maxUint256 is the largest amount a leaf can hold.
var maxUint256 = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// Entry is one wallet's cumulative entitlement: everything it has earned since the first
// epoch, in token units. A leaf of the tree.
type Entry struct {
	Account    common.Address
	Cumulative *big.Int
}

// Claim is what a wallet needs to claim: its entry and the proof of it under the root.
type Claim struct {
	Account    common.Address
	Cumulative *big.Int
	Proof      []common.Hash
}

// Tree is a Merkle tree over (address, uint256) entries laid out exactly as
// @openzeppelin/merkle-tree's StandardMerkleTree.of(values, ["address", "uint256"]):
// leaves are keccak256(keccak256(abi.encode(account, amount))), sorted by hash, stored in
// a flat array with the root at index 0 and the children of i at 2i+1 and 2i+2, and inner
// nodes hash their two children in sorted order. Roots and proofs match that library's,
// so the RewardsDistributor's MerkleProof check accepts them.
type Tree struct {
	nodes   []common.Hash          // the flat tree; nodes[0] is the root
	entries []Entry                // in the order given to BuildTree
	index   map[common.Address]int // account -> position in entries
	treeIdx []int                  // entries[i]'s position in nodes
}

// LeafHash is the StandardMerkleTree leaf for (account, amount):
// keccak256(bytes.concat(keccak256(abi.encode(account, amount)))).
func LeafHash(account common.Address, amount *big.Int) common.Hash {
	return leafHash(crypto.NewKeccakState(), account, amount)
}

func leafHash(kh crypto.KeccakState, account common.Address, amount *big.Int) common.Hash {
	var enc [64]byte
	copy(enc[12:32], account[:])
	amount.FillBytes(enc[32:64])
	inner := crypto.HashData(kh, enc[:])
	return crypto.HashData(kh, inner[:])
}

// nodeHash hashes two sibling nodes in sorted order, as OpenZeppelin's MerkleProof does.
func nodeHash(kh crypto.KeccakState, a, b common.Hash) common.Hash {
	var buf [64]byte
	if bytes.Compare(a[:], b[:]) > 0 {
		a, b = b, a
	}
	copy(buf[:32], a[:])
	copy(buf[32:], b[:])
	return crypto.HashData(kh, buf[:])
}

// BuildTree builds the tree for entries. It refuses (EINVALID) an empty list, a duplicate
// account, and an amount that is nil, negative or above 2^256-1. The result depends only
// on the set of entries, not their order. The entries are copied.
func BuildTree(entries []Entry) (*Tree, error) {
	n := len(entries)
	t := &Tree{entries: make([]Entry, n), index: make(map[common.Address]int, n)}
	for i, e := range entries {
		if _, dup := t.index[e.Account]; dup {
			return nil, arena.Errorf(arena.EINVALID, "Account %s appears twice.", e.Account.Hex())
		}
		t.index[e.Account] = i
		t.entries[i] = Entry{Account: e.Account}
		if e.Cumulative != nil {
			t.entries[i].Cumulative = new(big.Int).Set(e.Cumulative)
		}
	}
	var err error
	if t.nodes, t.treeIdx, err = buildNodes(t.entries); err != nil {
		return nil, err
	}
	return t, nil
}

// MerkleRoot is BuildTree(entries).Root() without the index a Tree keeps for proofs:
// settlement needs only the root, and for a million wallets the index costs more memory
// than the tree. It refuses what BuildTree refuses.
func MerkleRoot(entries []Entry) (common.Hash, error) {
	accounts := make([]common.Address, len(entries))
	for i, e := range entries {
		accounts[i] = e.Account
	}
	slices.SortFunc(accounts, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	for i := 1; i < len(accounts); i++ {
		if accounts[i] == accounts[i-1] {
			return common.Hash{}, arena.Errorf(arena.EINVALID, "Account %s appears twice.", accounts[i].Hex())
		}
	}
	accounts = nil
	nodes, _, err := buildNodes(entries)
	if err != nil {
		return common.Hash{}, err
	}
	return nodes[0], nil
}

// buildNodes lays entries out as the flat tree, and says where each entry's leaf is.
func buildNodes(entries []Entry) ([]common.Hash, []int, error) {
	n := len(entries)
	if n == 0 {
		return nil, nil, arena.Errorf(arena.EINVALID, "A Merkle tree needs at least one entry.")
	}
	nodes := make([]common.Hash, 2*n-1)
	treeIdx := make([]int, n)
	kh := crypto.NewKeccakState()
	type hashed struct {
		hash common.Hash
		i    int
	}
	leaves := make([]hashed, n)
	for i, e := range entries {
		if e.Cumulative == nil || e.Cumulative.Sign() < 0 || e.Cumulative.Cmp(maxUint256) > 0 {
			return nil, nil, arena.Errorf(arena.EINVALID, "Entry %d for %s has an amount outside uint256.", i, e.Account.Hex())
		}
		leaves[i] = hashed{hash: leafHash(kh, e.Account, e.Cumulative), i: i}
	}
	// Sort leaves by hash, ties (impossible without duplicate accounts) in input order as
	// JavaScript's stable Array.prototype.sort leaves them. Leaf k goes to the end of the
	// array, backwards: nodes[len-1-k].
	slices.SortFunc(leaves, func(a, b hashed) int {
		if c := bytes.Compare(a.hash[:], b.hash[:]); c != 0 {
			return c
		}
		return a.i - b.i
	})
	last := len(nodes) - 1
	for k, l := range leaves {
		nodes[last-k] = l.hash
		treeIdx[l.i] = last - k
	}
	for i := last - n; i >= 0; i-- {
		nodes[i] = nodeHash(kh, nodes[2*i+1], nodes[2*i+2])
	}
	return nodes, treeIdx, nil
}

// Root is the tree's root, the value published on chain.
func (t *Tree) Root() common.Hash { return t.nodes[0] }

// Len is the number of entries.
func (t *Tree) Len() int { return len(t.entries) }

// proof returns the proof for the i-th entry (in BuildTree's order): the sibling hashes
// from the leaf up to the root, as StandardMerkleTree.getProof(i) returns them.
func (t *Tree) proof(i int) []common.Hash { return proofAt(t.nodes, t.treeIdx[i]) }

// proofAt returns the sibling hashes from the node at idx of the flat tree up to the root.
func proofAt(nodes []common.Hash, idx int) []common.Hash {
	proof := []common.Hash{}
	for idx > 0 {
		sib := idx + 1
		if idx%2 == 0 {
			sib = idx - 1
		}
		proof = append(proof, nodes[sib])
		idx = (idx - 1) / 2
	}
	return proof
}

// ProofAt returns the proof for the i-th entry in BuildTree's order.
func (t *Tree) ProofAt(i int) ([]common.Hash, error) {
	if i < 0 || i >= len(t.entries) {
		return nil, arena.Errorf(arena.EINVALID, "Entry index %d is out of range.", i)
	}
	return t.proof(i), nil
}

// Claim returns account's claim, or an ENOTFOUND error when the account is not in the tree.
func (t *Tree) Claim(account common.Address) (Claim, error) {
	i, ok := t.index[account]
	if !ok {
		return Claim{}, arena.Errorf(arena.ENOTFOUND, "Wallet %s has nothing to claim in this epoch.", account.Hex())
	}
	e := t.entries[i]
	return Claim{Account: e.Account, Cumulative: new(big.Int).Set(e.Cumulative), Proof: t.proof(i)}, nil
}

// Claims returns every entry's claim, in BuildTree's order, for storing with the epoch.
func (t *Tree) Claims() []Claim {
	out := make([]Claim, len(t.entries))
	for i, e := range t.entries {
		out[i] = Claim{Account: e.Account, Cumulative: new(big.Int).Set(e.Cumulative), Proof: t.proof(i)}
	}
	return out
}

// VerifyProof reports whether proof proves (account, amount) under root, computing
// exactly what the contract's MerkleProof.verifyCalldata computes.
func VerifyProof(root common.Hash, account common.Address, amount *big.Int, proof []common.Hash) bool {
	if amount == nil || amount.Sign() < 0 || amount.Cmp(maxUint256) > 0 {
		return false
	}
	kh := crypto.NewKeccakState()
	h := leafHash(kh, account, amount)
	for _, p := range proof {
		h = nodeHash(kh, h, p)
	}
	return h == root
}
