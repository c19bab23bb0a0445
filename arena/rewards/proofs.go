package rewards

import (
	"context"
	"sync"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// treeCache holds the Merkle tree of the epoch whose proofs are being served. Only the
// leaves are stored; the tree is built from them on the first request of an epoch and
// kept, so each later proof is a walk up an array. One epoch at a time: a new epoch
// replaces the old one.
type treeCache struct {
	mu      sync.Mutex
	epochID int64
	tree    *Tree
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
	if c.tree == nil || c.epochID != ep.ID {
		entries, err := store.EpochEntries(ctx, ep.ID)
		if err != nil {
			return nil, err
		}
		if len(entries) == 0 {
			return nil, arena.Errorf(arena.ENOTFOUND, "Epoch %d holds no wallets.", ep.Number)
		}
		tree, err := BuildTree(treeEntries(entries))
		if err != nil {
			return nil, err
		}
		if tree.Root() != ep.Root {
			return nil, arena.Errorf(arena.EINTERNAL, "The stored leaves of epoch %d give the root %s, not the recorded %s; no proof is served from them.", ep.Number, tree.Root().Hex(), ep.Root.Hex())
		}
		c.epochID, c.tree = ep.ID, tree
	}
	cl, err := c.tree.Claim(account)
	if err != nil {
		return nil, err
	}
	return cl.Proof, nil
}
