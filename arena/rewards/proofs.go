package rewards

import (
	"bytes"
	"context"
	"slices"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// treeCache holds the Merkle tree of the epoch whose proofs are being served. Only the
// leaves are stored; the tree is built from them on the first request of an epoch and
// kept, so each later proof is a walk up an array. One epoch at a time: a new epoch
// replaces the old one. It keeps the flat tree and, per account, where its leaf is (not a
// Tree, whose entries and map would triple the memory: some 90 MB for a million wallets
// instead of 250).
type treeCache struct {
	mu       sync.Mutex
	epochID  int64
	nodes    []common.Hash
	accounts []common.Address // sorted
	leaf     []uint32         // leaf[i] is the position of accounts[i]'s leaf in nodes
}

// entryLoader is what the cache reads an epoch's leaves with.
type entryLoader interface {
	EpochEntries(ctx context.Context, epochID int64) ([]EpochEntry, error)
}

// proof returns account's proof in ep, building ep's tree first if it is not the one
// cached. A tree whose root differs from the epoch's recorded root is never served.
func (c *treeCache) proof(ctx context.Context, store entryLoader, ep *Epoch, account common.Address) ([]common.Hash, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.nodes == nil || c.epochID != ep.ID {
		if err := c.build(ctx, store, ep); err != nil {
			return nil, err
		}
	}
	i, ok := slices.BinarySearchFunc(c.accounts, account, func(a, b common.Address) int { return bytes.Compare(a[:], b[:]) })
	if !ok {
		return nil, arena.Errorf(arena.ENOTFOUND, "Wallet %s has nothing to claim in epoch %d.", account.Hex(), ep.Number)
	}
	return proofAt(c.nodes, int(c.leaf[i])), nil
}

func (c *treeCache) build(ctx context.Context, store entryLoader, ep *Epoch) error {
	c.nodes, c.accounts, c.leaf = nil, nil, nil
	loaded, err := store.EpochEntries(ctx, ep.ID)
	if err != nil {
		return err
	}
	if len(loaded) == 0 {
		return arena.Errorf(arena.ENOTFOUND, "Epoch %d holds no wallets.", ep.Number)
	}
	entries := treeEntries(loaded)
	loaded = nil
	slices.SortFunc(entries, func(a, b Entry) int { return bytes.Compare(a.Account[:], b.Account[:]) })
	for i := 1; i < len(entries); i++ {
		if entries[i].Account == entries[i-1].Account {
			return arena.Errorf(arena.EINTERNAL, "Epoch %d holds wallet %s twice; no proof is served from it.", ep.Number, entries[i].Account.Hex())
		}
	}
	nodes, at, err := buildNodes(entries)
	if err != nil {
		return err
	}
	if nodes[0] != ep.Root {
		return arena.Errorf(arena.EINTERNAL, "The stored leaves of epoch %d give the root %s, not the recorded %s; no proof is served from them.", ep.Number, nodes[0].Hex(), ep.Root.Hex())
	}
	c.accounts = make([]common.Address, len(entries))
	c.leaf = make([]uint32, len(entries))
	for i, e := range entries {
		c.accounts[i], c.leaf[i] = e.Account, uint32(at[i])
	}
	c.nodes, c.epochID = nodes, ep.ID
	return nil
}
