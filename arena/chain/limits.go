package chain

import (
	"context"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// ReadLimits returns the distributor's pause and limits, in one call at the latest
// block. A distributor deployed before it had them is explained: it must be replaced.
func ReadLimits(ctx context.Context, backend bind.ContractCaller, distributor common.Address) (*rewards.Limits, error) {
	c := bind.NewBoundContract(distributor, distributorABI.GetABI(), backend, nil, nil)
	out, err := bind.Call(c, &bind.CallOpts{Context: ctx}, distributorABI.PackLimits(), distributorABI.UnpackLimits)
	if err != nil {
		// A contract without limits() reverts with no data at all; a node that does not
		// answer gives no revert.
		if data, ok := ethclient.RevertErrorData(err); ok && len(data) == 0 {
			return nil, arena.Errorf(arena.EINVALID, "The distributor %s has no pause or limits (it was deployed by an older arena), so this arena cannot publish to it: replace it with `arena contracts deploy --force --epoch-cap TOKENS` using the token's admin key; claims carry over.", distributor.Hex())
		}
		return nil, fmt.Errorf("reading the distributor's limits: %w", err)
	}
	l := &rewards.Limits{Paused: out.IsPaused, EpochCap: out.Cap, MinInterval: time.Duration(out.Interval) * time.Second,
		Total: out.DeclaredTotal, Claimed: out.ClaimedTotal, BlockTime: time.Unix(out.BlockTime.Int64(), 0).UTC()}
	if out.PublishedAt > 0 {
		l.LastPublished = time.Unix(int64(out.PublishedAt), 0).UTC()
	}
	return l, nil
}

// Unlimited is the largest cap the contract holds: no cap at all.
var Unlimited = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 256), big.NewInt(1))

// seconds converts an interval to the contract's whole seconds, rounding up so that a
// positive interval never becomes none.
func seconds(d time.Duration) uint64 {
	if d <= 0 {
		return 0
	}
	return uint64((d + time.Second - 1) / time.Second)
}

// Pause stops claims and root publishing on the distributor; auth needs PAUSER_ROLE.
func Pause(ctx context.Context, backend Backend, auth *bind.TransactOpts, distributor common.Address) error {
	return newDeployer(ctx, backend, auth).transact("pausing the distributor", distributor, distributorABI.PackPause())
}

// Unpause lets claims and root publishing resume; auth needs the distributor's admin role.
func Unpause(ctx context.Context, backend Backend, auth *bind.TransactOpts, distributor common.Address) error {
	return newDeployer(ctx, backend, auth).transact("unpausing the distributor", distributor, distributorABI.PackUnpause())
}

// SetLimits sets the most one root may add to the declared total, and the least time
// between two roots; auth needs the distributor's admin role.
func SetLimits(ctx context.Context, backend Backend, auth *bind.TransactOpts, distributor common.Address, epochCap *big.Int, minInterval time.Duration) error {
	return newDeployer(ctx, backend, auth).transact("setting the limits", distributor, distributorABI.PackSetLimits(epochCap, seconds(minInterval)))
}

// GrantRole gives account role on the distributor; auth needs its admin role.
func GrantRole(ctx context.Context, backend Backend, auth *bind.TransactOpts, distributor common.Address, role common.Hash, account common.Address) error {
	return newDeployer(ctx, backend, auth).transact("granting the role", distributor, distributorABI.PackGrantRole(role, account))
}

// RevokeRole takes role on the distributor from account; auth needs its admin role.
func RevokeRole(ctx context.Context, backend Backend, auth *bind.TransactOpts, distributor common.Address, role common.Hash, account common.Address) error {
	return newDeployer(ctx, backend, auth).transact("revoking the role", distributor, distributorABI.PackRevokeRole(role, account))
}

// HasRole reports whether account holds role on the distributor.
func HasRole(ctx context.Context, backend bind.ContractCaller, distributor common.Address, role common.Hash, account common.Address) (bool, error) {
	c := bind.NewBoundContract(distributor, distributorABI.GetABI(), backend, nil, nil)
	ok, err := bind.Call(c, &bind.CallOpts{Context: ctx}, distributorABI.PackHasRole(role, account), distributorABI.UnpackHasRole)
	if err != nil {
		return false, fmt.Errorf("reading the distributor's roles: %w", err)
	}
	return ok, nil
}
