// Package chain is the rewards domain's Ethereum adapter: it deploys ArenaToken and
// RewardsDistributor (and CampaignEscrow and DataSale beside them, see commerce.go)
// through the generated bindings, publishes Merkle roots, reads the
// contracts' state, and implements the node interfaces arena/rewards defines. It is kept
// apart so that the domain, the store and the web server do not compile go-ethereum's
// client, RPC and binding packages.
package chain

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/contracts/bindings"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
)

// The token's name and symbol, as Deploy creates it.
const (
	TokenName   = "Arena Token"
	TokenSymbol = "ARENA"
)

// The AccessControl roles of the two contracts.
var (
	// MinterRole on ArenaToken allows minting; Deploy grants it to the distributor only.
	MinterRole = crypto.Keccak256Hash([]byte("MINTER_ROLE"))
	// RootPublisherRole on RewardsDistributor allows publishing roots, and nothing else;
	// Deploy grants it to DeployConfig.Publisher.
	RootPublisherRole = crypto.Keccak256Hash([]byte("ROOT_PUBLISHER_ROLE"))
	// PauserRole on RewardsDistributor allows pausing claims and publishing (not
	// unpausing); the admin holds it, and DeployConfig.Pauser if given.
	PauserRole = crypto.Keccak256Hash([]byte("PAUSER_ROLE"))
	// DefaultAdminRole administers every other role, and on the distributor sets the
	// limits and unpauses; Deploy gives it to DeployConfig.Admin on both contracts.
	DefaultAdminRole = common.Hash{}
)

var (
	tokenABI       = bindings.NewArenaToken()
	distributorABI = bindings.NewRewardsDistributor()
	escrowABI      = bindings.NewCampaignEscrow()
	saleABI        = bindings.NewDataSale()
)

// Backend is what the chain helpers need from a node: an *ethclient.Client, or the
// simulated backend's Client in tests.
type Backend interface {
	bind.ContractBackend
	bind.DeployBackend
}

// withContext returns a copy of auth that uses ctx.
func withContext(ctx context.Context, auth *bind.TransactOpts) *bind.TransactOpts {
	opts := *auth
	opts.Context = ctx
	return &opts
}

// PublishRoot sends the transaction publishing root as epoch on the distributor, with
// total the sum of its cumulative amounts, from auth's account (which needs
// ROOT_PUBLISHER_ROLE). It returns once the node has accepted the transaction; call
// WaitReceipt to know it is mined. Epochs must strictly increase and start at 1, total
// may exceed the previous root's by at most the epoch cap, and roots must be the
// minimum interval apart: the contract refuses (and gas estimation fails with
// EpochNotIncreasing, EpochCapExceeded or EpochTooSoon, see RevertErrorName) anything
// else.
func PublishRoot(ctx context.Context, backend bind.ContractBackend, auth *bind.TransactOpts, distributor common.Address, epoch uint64, root common.Hash, total *big.Int) (*types.Transaction, error) {
	if root == (common.Hash{}) {
		return nil, arena.Errorf(arena.EINVALID, "Cannot publish an empty Merkle root.")
	}
	data := distributorABI.PackPublishRoot(new(big.Int).SetUint64(epoch), root, total)
	opts := withContext(ctx, auth)
	if opts.GasLimit == 0 {
		// A root that lowers the declared total earns a storage refund, which the plain
		// estimate counts against the gas the call needs while it runs.
		gas, err := backend.EstimateGas(ctx, ethereum.CallMsg{From: auth.From, To: &distributor, Data: data})
		if err != nil {
			return nil, fmt.Errorf("publishing root of epoch %d: %w", epoch, err)
		}
		opts.GasLimit = gas + gas/gasMargin
	}
	tx, err := bind.Transact(distributorABI.Instance(backend, distributor), opts, data)
	if err != nil {
		return nil, fmt.Errorf("publishing root of epoch %d: %w", epoch, err)
	}
	return tx, nil
}

// ErrReverted is returned (wrapped) by WaitReceipt for a mined transaction that failed.
var ErrReverted = errors.New("transaction reverted")

// WaitReceipt waits until tx is mined and returns its receipt. A mined transaction that
// failed gives the receipt and an error wrapping ErrReverted.
func WaitReceipt(ctx context.Context, backend bind.DeployBackend, tx *types.Transaction) (*types.Receipt, error) {
	receipt, err := waitMined(ctx, backend, tx.Hash())
	if err != nil {
		return nil, err
	}
	if receipt.Status != types.ReceiptStatusSuccessful {
		return receipt, fmt.Errorf("transaction %s in block %s: %w", tx.Hash().Hex(), receipt.BlockNumber, ErrReverted)
	}
	return receipt, nil
}

func waitMined(ctx context.Context, backend bind.DeployBackend, hash common.Hash) (*types.Receipt, error) {
	receipt, err := bind.WaitMined(ctx, backend, hash)
	if err != nil {
		return nil, fmt.Errorf("waiting for transaction %s: %w", hash.Hex(), err)
	}
	return receipt, nil
}

// PackClaim returns the calldata of RewardsDistributor.claim(account, cumulative, root,
// proof), for the browser to send (eth_sendTransaction to the distributor with this data).
// It panics if cumulative is nil or negative; amounts from a Tree never are.
func PackClaim(account common.Address, cumulative *big.Int, root common.Hash, proof []common.Hash) []byte {
	p := make([][32]byte, len(proof))
	for i, h := range proof {
		p[i] = h
	}
	return distributorABI.PackClaim(account, cumulative, root, p)
}

// CurrentRoot returns the distributor's latest epoch and root (0 and the zero hash before
// the first publication). Settlement can use it to find out whether a publication whose
// receipt it never saw went through.
func CurrentRoot(ctx context.Context, backend bind.ContractCaller, distributor common.Address) (epoch uint64, root common.Hash, err error) {
	c := bind.NewBoundContract(distributor, distributorABI.GetABI(), backend, nil, nil)
	opts := &bind.CallOpts{Context: ctx}
	e, err := bind.Call(c, opts, distributorABI.PackCurrentEpoch(), distributorABI.UnpackCurrentEpoch)
	if err != nil {
		return 0, common.Hash{}, fmt.Errorf("reading current epoch: %w", err)
	}
	r, err := bind.Call(c, opts, distributorABI.PackMerkleRoot(), distributorABI.UnpackMerkleRoot)
	if err != nil {
		return 0, common.Hash{}, fmt.Errorf("reading current root: %w", err)
	}
	if !e.IsUint64() {
		return 0, common.Hash{}, fmt.Errorf("current epoch %s does not fit in uint64", e)
	}
	return e.Uint64(), r, nil
}

// ClaimedAmount returns the cumulative amount account has claimed so far, in token units.
func ClaimedAmount(ctx context.Context, backend bind.ContractCaller, distributor, account common.Address) (*big.Int, error) {
	c := bind.NewBoundContract(distributor, distributorABI.GetABI(), backend, nil, nil)
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx}, distributorABI.PackClaimed(account), distributorABI.UnpackClaimed)
	if err != nil {
		return nil, fmt.Errorf("reading claimed amount: %w", err)
	}
	return v, nil
}

// TokenBalance returns account's ArenaToken balance in token units.
func TokenBalance(ctx context.Context, backend bind.ContractCaller, token, account common.Address) (*big.Int, error) {
	c := bind.NewBoundContract(token, tokenABI.GetABI(), backend, nil, nil)
	v, err := bind.Call(c, &bind.CallOpts{Context: ctx}, tokenABI.PackBalanceOf(account), tokenABI.UnpackBalanceOf)
	if err != nil {
		return nil, fmt.Errorf("reading token balance: %w", err)
	}
	return v, nil
}

// RevertErrorName returns the name of the contract custom error carried by err (from a
// call or a gas estimation that reverted), e.g. "StaleRoot", "NothingToClaim",
// "InvalidProof", "EpochNotIncreasing", "EpochCapExceeded", "EpochTooSoon",
// "EnforcedPause", "AccessControlUnauthorizedAccount", and false
// when err carries no revert data known to ArenaToken, RewardsDistributor,
// CampaignEscrow or DataSale.
func RevertErrorName(err error) (string, bool) {
	data, ok := ethclient.RevertErrorData(err)
	if !ok {
		return "", false
	}
	return revertName(data)
}

// revertName names the custom error whose encoding data is.
func revertName(data []byte) (string, bool) {
	if len(data) < 4 {
		return "", false
	}
	for _, a := range []abi.ABI{distributorABI.GetABI(), tokenABI.GetABI(), escrowABI.GetABI(), saleABI.GetABI()} {
		for name, e := range a.Errors {
			if bytes.Equal(e.ID[:4], data[:4]) {
				return name, true
			}
		}
	}
	return "", false
}
