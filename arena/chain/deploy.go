package chain

import (
	"context"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/contracts/bindings"
)

// deployer sends a deployment's transactions one after the other, waiting for each.
type deployer struct {
	ctx     context.Context
	backend Backend
	opts    *bind.TransactOpts
}

func newDeployer(ctx context.Context, backend Backend, auth *bind.TransactOpts) *deployer {
	return &deployer{ctx: ctx, backend: backend, opts: withContext(ctx, auth)}
}

// next moves an explicit nonce past tx.
func (d *deployer) next(tx *types.Transaction) {
	if d.opts.Nonce != nil {
		d.opts.Nonce = new(big.Int).SetUint64(tx.Nonce() + 1)
	}
}

// deploy creates a contract and returns its address and the block it was created in.
func (d *deployer) deploy(what, bin string, args []byte) (common.Address, uint64, error) {
	_, tx, err := bind.DeployContract(d.opts, common.FromHex(bin), d.backend, args)
	if err != nil {
		return common.Address{}, 0, fmt.Errorf("deploying %s: %w", what, err)
	}
	d.next(tx)
	r, err := WaitReceipt(d.ctx, d.backend, tx)
	if err != nil {
		return common.Address{}, 0, fmt.Errorf("deploying %s: %w", what, err)
	}
	addr, err := bind.WaitDeployed(d.ctx, d.backend, tx.Hash())
	if err != nil {
		return common.Address{}, 0, fmt.Errorf("deploying %s: %w", what, err)
	}
	return addr, r.BlockNumber.Uint64(), nil
}

func (d *deployer) transact(what string, to common.Address, data []byte) error {
	tx, err := bind.Transact(bind.NewBoundContract(to, abi.ABI{}, d.backend, d.backend, d.backend), d.opts, data)
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	d.next(tx)
	if _, err := WaitReceipt(d.ctx, d.backend, tx); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// distributor deploys a RewardsDistributor paying in token, gives it the token's
// MINTER_ROLE and the deployer its ROOT_PUBLISHER_ROLE.
func (d *deployer) distributor(token common.Address) (common.Address, uint64, error) {
	dist, block, err := d.deploy("RewardsDistributor", bindings.RewardsDistributorMetaData.Bin, distributorABI.PackConstructor(token, d.opts.From))
	if err != nil {
		return common.Address{}, 0, err
	}
	if err := d.transact("granting MINTER_ROLE to the distributor", token, tokenABI.PackGrantRole(MinterRole, dist)); err != nil {
		return common.Address{}, 0, err
	}
	if err := d.transact("granting ROOT_PUBLISHER_ROLE to the deployer", dist, distributorABI.PackGrantRole(RootPublisherRole, d.opts.From)); err != nil {
		return common.Address{}, 0, err
	}
	return dist, block, nil
}

// Deploy deploys ArenaToken and RewardsDistributor from auth's account, waiting for each
// transaction, and wires the roles: the distributor gets the token's MINTER_ROLE, the
// deployer gets the distributor's ROOT_PUBLISHER_ROLE, and the deployer stays admin of
// both. It returns the two contract addresses. auth.Nonce should be nil (the pending
// nonce is used); if set, it is used for the first transaction and incremented.
func Deploy(ctx context.Context, backend Backend, auth *bind.TransactOpts) (token, distributor common.Address, err error) {
	d, err := DeployContracts(ctx, backend, auth)
	if err != nil {
		return common.Address{}, common.Address{}, err
	}
	return d.Token, d.Distributor, nil
}

// DeployContracts is Deploy, returning the deployment as it is recorded (without its
// chain id and time).
func DeployContracts(ctx context.Context, backend Backend, auth *bind.TransactOpts) (*rewards.Deployment, error) {
	d := newDeployer(ctx, backend, auth)
	token, _, err := d.deploy("ArenaToken", bindings.ArenaTokenMetaData.Bin, tokenABI.PackConstructor(TokenName, TokenSymbol))
	if err != nil {
		return nil, err
	}
	dist, block, err := d.distributor(token)
	if err != nil {
		return nil, err
	}
	return &rewards.Deployment{Token: token, Distributor: dist, Deployer: auth.From, Block: block}, nil
}

// logChunk is how many blocks one eth_getLogs request spans: public nodes refuse wide
// ranges.
const logChunk = 10_000

// ClaimedOn returns, from its Claimed events since block from, the cumulative amount each
// account has claimed from distributor.
func ClaimedOn(ctx context.Context, backend Backend, distributor common.Address, from uint64) (map[common.Address]*big.Int, error) {
	head, err := backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("reading the latest block: %w", err)
	}
	event := distributorABI.GetABI().Events[bindings.RewardsDistributorClaimedEventName].ID
	out := map[common.Address]*big.Int{}
	for start := from; start <= head.Number.Uint64(); start += logChunk {
		end := min(start+logChunk-1, head.Number.Uint64())
		logs, err := backend.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(start), ToBlock: new(big.Int).SetUint64(end),
			Addresses: []common.Address{distributor}, Topics: [][]common.Hash{{event}}})
		if err != nil {
			return nil, fmt.Errorf("reading the Claimed events of %s in blocks %d to %d: %w", distributor.Hex(), start, end, err)
		}
		for i := range logs {
			ev, err := distributorABI.UnpackClaimedEvent(&logs[i])
			if err != nil {
				return nil, err
			}
			if c, ok := out[ev.Account]; !ok || c.Cmp(ev.CumulativeAmount) < 0 {
				out[ev.Account] = ev.CumulativeAmount
			}
		}
	}
	return out, nil
}

// Replace retires old's distributor and deploys a new one paying in the same token, from
// auth's account, which must be the token's admin. The old distributor loses the token's
// MINTER_ROLE first, so no claim can succeed on it afterwards; what each account had
// claimed there is then final, and is read from its events. It returns the new deployment
// (replacing old) and, for every account that claimed there or that owed (the entries of
// old's last confirmed epoch), what it carries over: the new distributor pays only
// what was earned beyond what was claimed on the old one, so nobody is paid twice.
func Replace(ctx context.Context, backend Backend, auth *bind.TransactOpts, old rewards.Deployment, owed []rewards.EpochEntry) (*rewards.Deployment, []rewards.Carryover, error) {
	tok := tokenABI.Instance(backend, old.Token)
	opts := &bind.CallOpts{Context: ctx}
	admin, err := bind.Call(tok, opts, tokenABI.PackHasRole(DefaultAdminRole, auth.From), tokenABI.UnpackHasRole)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the token's roles: %w", err)
	}
	if !admin {
		return nil, nil, arena.Errorf(arena.EFORBIDDEN, "The key %s is not an admin of the token %s, so it cannot move minting to a new distributor; use the key that deployed the token.", auth.From.Hex(), old.Token.Hex())
	}
	d := newDeployer(ctx, backend, auth)
	minter, err := bind.Call(tok, opts, tokenABI.PackHasRole(MinterRole, old.Distributor), tokenABI.UnpackHasRole)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the token's roles: %w", err)
	}
	if minter {
		if err := d.transact("revoking the old distributor's MINTER_ROLE", old.Token, tokenABI.PackRevokeRole(MinterRole, old.Distributor)); err != nil {
			return nil, nil, err
		}
	}
	claimed, err := ClaimedOn(ctx, backend, old.Distributor, old.Block)
	if err != nil {
		return nil, nil, err
	}
	dist, block, err := d.distributor(old.Token)
	if err != nil {
		return nil, nil, err
	}
	byAccount := map[common.Address]*rewards.Carryover{}
	var carry []rewards.Carryover
	for _, e := range owed {
		byAccount[e.Account] = &rewards.Carryover{Account: e.Account, Claimed: new(big.Int), Cumulative: new(big.Int).Set(e.Cumulative)}
	}
	for a, c := range claimed {
		if byAccount[a] == nil {
			byAccount[a] = &rewards.Carryover{Account: a, Claimed: new(big.Int), Cumulative: new(big.Int)}
		}
		byAccount[a].Claimed.Set(c)
	}
	for _, c := range byAccount {
		carry = append(carry, *c)
	}
	return &rewards.Deployment{Token: old.Token, Distributor: dist, Deployer: auth.From, Replaces: old.Distributor, Block: block}, carry, nil
}
