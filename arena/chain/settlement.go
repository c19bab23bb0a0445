package chain

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// ResolveDistributor picks the distributor to settle on: the one given (which, if
// recorded, must be on this chain), else the newest of deps recorded for this chain.
// The address must hold code on the node.
func ResolveDistributor(ctx context.Context, node bind.ContractCaller, deps []rewards.Deployment, chainID uint64, given string) (common.Address, error) {
	var addr common.Address
	if given != "" {
		if !common.IsHexAddress(given) {
			return common.Address{}, fmt.Errorf("--distributor %q is not an address", given)
		}
		addr = common.HexToAddress(given)
		for _, d := range deps {
			if d.Distributor == addr && d.ChainID != chainID {
				return common.Address{}, fmt.Errorf("the distributor %s was deployed on chain %d, but the node is on chain %d", addr.Hex(), d.ChainID, chainID)
			}
		}
	} else {
		for _, d := range deps {
			if d.ChainID == chainID {
				addr = d.Distributor
				break
			}
		}
		if addr == (common.Address{}) {
			if len(deps) > 0 {
				return common.Address{}, fmt.Errorf("the recorded deployment is on chain %d, but the node is on chain %d: point --rpc at that chain, or pass --distributor to use one this arena did not deploy", deps[0].ChainID, chainID)
			}
			return common.Address{}, fmt.Errorf("no contracts are recorded in this database: run `arena contracts deploy` first, or pass --distributor to use one this arena did not deploy")
		}
	}
	code, err := node.CodeAt(ctx, addr, nil)
	if err != nil {
		return common.Address{}, fmt.Errorf("reading the distributor's code: %w", err)
	}
	if len(code) == 0 {
		return common.Address{}, fmt.Errorf("there is no contract at %s on chain %d", addr.Hex(), chainID)
	}
	return addr, nil
}

// Settlement is one operator's configured settlement: the node, the key that publishes
// roots, and what the epochs are built from.
type Settlement struct {
	Store   rewards.SettleStore
	Node    Node
	ChainID uint64
	Key     *ecdsa.PrivateKey
	Policy  rewards.Policy
	Clock   arena.Clock
	Log     *slog.Logger
	// Confirmations, Wait and ReplaceAfter are rewards.Settler's; zero takes its defaults.
	Confirmations uint64
	Wait          time.Duration
	ReplaceAfter  time.Duration
	// Observer, if set, counts the run's steps for the metrics.
	Observer arena.Observer
}

// Settler is the rewards.Settler of this configuration on distributor.
func (s Settlement) Settler(distributor common.Address) *rewards.Settler {
	return &rewards.Settler{Store: s.Store, Chain: &Client{Backend: s.Node, Auth: bind.NewKeyedTransactor(s.Key, new(big.Int).SetUint64(s.ChainID))},
		Distributor: distributor, Policy: s.Policy, Clock: s.Clock, Log: s.Log, Observer: s.Observer,
		Confirmations: s.Confirmations, Wait: s.Wait, ReplaceAfter: s.ReplaceAfter}
}

// Run settles one epoch on distributor (dryRun: shows what it would hold).
func (s Settlement) Run(ctx context.Context, distributor common.Address, dryRun bool) (*rewards.SettleResult, error) {
	return s.Settler(distributor).Run(ctx, dryRun)
}
