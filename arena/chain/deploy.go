package chain

import (
	"context"
	"fmt"
	"math/big"
	"time"

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

// DeployConfig is who holds which role on a new distributor, and its limits.
type DeployConfig struct {
	// Admin holds DEFAULT_ADMIN_ROLE (and PAUSER_ROLE) on the distributor and, on a new
	// deployment, on the token; the deployer when zero. It can mint without limit (by
	// granting MINTER_ROLE), so it is the key to keep offline.
	Admin common.Address
	// Publisher holds ROOT_PUBLISHER_ROLE: the settlement key; the deployer when zero.
	Publisher common.Address
	// Pauser, if set, also holds PAUSER_ROLE: a key that can stop claims and publishing
	// at once, and do nothing else.
	Pauser common.Address
	// EpochCap is the most one root may add to the declared total, in token units;
	// Unlimited when nil.
	EpochCap *big.Int
	// MinInterval is the least time between two roots, in whole seconds (rounded up).
	MinInterval time.Duration
}

func (c DeployConfig) or(deployer common.Address) DeployConfig {
	if c.Admin == (common.Address{}) {
		c.Admin = deployer
	}
	if c.Publisher == (common.Address{}) {
		c.Publisher = deployer
	}
	if c.EpochCap == nil {
		c.EpochCap = Unlimited
	}
	return c
}

// distributor deploys a RewardsDistributor paying in token with cfg's roles and limits,
// and gives it the token's MINTER_ROLE (the deployer must be the token's admin).
func (d *deployer) distributor(token common.Address, cfg DeployConfig) (common.Address, uint64, error) {
	dist, block, err := d.deploy("RewardsDistributor", bindings.RewardsDistributorMetaData.Bin,
		distributorABI.PackConstructor(token, cfg.Admin, cfg.Publisher, cfg.Pauser, cfg.EpochCap, seconds(cfg.MinInterval)))
	if err != nil {
		return common.Address{}, 0, err
	}
	if err := d.transact("granting MINTER_ROLE to the distributor", token, tokenABI.PackGrantRole(MinterRole, dist)); err != nil {
		return common.Address{}, 0, err
	}
	return dist, block, nil
}

// Deploy deploys ArenaToken and RewardsDistributor from auth's account, waiting for each
// transaction, and wires the roles (see DeployContracts). It returns the two contract
// addresses. auth.Nonce should be nil (the pending nonce is used); if set, it is used for
// the first transaction and incremented.
func Deploy(ctx context.Context, backend Backend, auth *bind.TransactOpts, cfg DeployConfig) (token, distributor common.Address, err error) {
	d, err := DeployContracts(ctx, backend, auth, cfg)
	if err != nil {
		return common.Address{}, common.Address{}, err
	}
	return d.Token, d.Distributor, nil
}

// DeployContracts deploys the contracts as Deploy does, and returns the deployment as it
// is recorded (without its chain id and time). The distributor gets the token's
// MINTER_ROLE, cfg.Publisher its ROOT_PUBLISHER_ROLE, cfg.Admin its admin role and the
// token's; a deployer that is not cfg.Admin gives the token's admin role up, keeping no
// role on either contract.
func DeployContracts(ctx context.Context, backend Backend, auth *bind.TransactOpts, cfg DeployConfig) (*rewards.Deployment, error) {
	cfg = cfg.or(auth.From)
	d := newDeployer(ctx, backend, auth)
	token, _, err := d.deploy("ArenaToken", bindings.ArenaTokenMetaData.Bin, tokenABI.PackConstructor(TokenName, TokenSymbol))
	if err != nil {
		return nil, err
	}
	dist, block, err := d.distributor(token, cfg)
	if err != nil {
		return nil, err
	}
	if cfg.Admin != auth.From {
		if err := d.transact("granting the token's admin role to the admin", token, tokenABI.PackGrantRole(DefaultAdminRole, cfg.Admin)); err != nil {
			return nil, err
		}
		if err := d.transact("giving up the deployer's admin role on the token", token, tokenABI.PackRenounceRole(DefaultAdminRole, auth.From)); err != nil {
			return nil, err
		}
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
// claimed there is then final, and is read from its events. The new distributor gets
// cfg's roles and limits; the token's admin stays as it is. It returns the new deployment
// (replacing old) and, for every account that claimed there or that owed (the entries of
// old's last confirmed epoch), what it carries over: the new distributor pays only
// what was earned beyond what was claimed on the old one, so nobody is paid twice.
func Replace(ctx context.Context, backend Backend, auth *bind.TransactOpts, old rewards.Deployment, owed []rewards.EpochEntry, cfg DeployConfig) (*rewards.Deployment, []rewards.Carryover, error) {
	cfg = cfg.or(auth.From)
	tok := tokenABI.Instance(backend, old.Token)
	opts := &bind.CallOpts{Context: ctx}
	admin, err := bind.Call(tok, opts, tokenABI.PackHasRole(DefaultAdminRole, auth.From), tokenABI.UnpackHasRole)
	if err != nil {
		return nil, nil, fmt.Errorf("reading the token's roles: %w", err)
	}
	if !admin {
		return nil, nil, arena.Errorf(arena.EFORBIDDEN, "The key %s is not an admin of the token %s, so it cannot move minting to a new distributor; use the token's admin key.", auth.From.Hex(), old.Token.Hex())
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
	dist, block, err := d.distributor(old.Token, cfg)
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
