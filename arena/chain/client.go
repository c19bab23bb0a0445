package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// Node is a node Client can settle through: an *ethclient.Client, or the simulated
// backend's Client in tests.
type Node interface {
	Backend
	ChainID(ctx context.Context) (*big.Int, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	TransactionByHash(ctx context.Context, hash common.Hash) (tx *types.Transaction, isPending bool, err error)
}

// Client is the rewards domain's view of a node. Settlement uses it as a rewards.Chain,
// which needs Auth; the wallet pages only read claimed amounts and roots, as a
// rewards.ClaimReader.
type Client struct {
	Backend Node
	// Auth is the root publisher's key (ROOT_PUBLISHER_ROLE on the distributor; no other
	// role is needed).
	Auth *bind.TransactOpts
}

var (
	_ rewards.Chain        = (*Client)(nil)
	_ rewards.ClaimReader  = (*Client)(nil)
	_ rewards.ClaimEncoder = PackClaim
)

// ChainID returns the id of the chain the node is on.
func (c *Client) ChainID(ctx context.Context) (uint64, error) {
	id, err := c.Backend.ChainID(ctx)
	if err != nil {
		return 0, err
	}
	return id.Uint64(), nil
}

// Publisher is the account Auth signs for.
func (c *Client) Publisher() common.Address { return c.Auth.From }

// CurrentRoot returns distributor's latest epoch and root.
func (c *Client) CurrentRoot(ctx context.Context, distributor common.Address) (uint64, common.Hash, error) {
	return CurrentRoot(ctx, c.Backend, distributor)
}

// Limits returns distributor's pause and limits.
func (c *Client) Limits(ctx context.Context, distributor common.Address) (*rewards.Limits, error) {
	return ReadLimits(ctx, c.Backend, distributor)
}

// gasMargin is added to the estimated gas of a root transaction, so that a state change
// between estimation and inclusion, or a storage refund the estimate counted, does not
// make it run out.
const gasMargin = 5 // 1/5th

// SignRoot signs the publishRoot transaction without sending it, so that settlement can
// record it first. Its gas limit is the estimate and a fifth. A refusal the contract
// explains is a *rewards.RefusedError naming its custom error.
func (c *Client) SignRoot(ctx context.Context, distributor common.Address, epoch uint64, root common.Hash, total *big.Int, o rewards.SignOptions) (*rewards.SignedTx, error) {
	if root == (common.Hash{}) {
		return nil, arena.Errorf(arena.EINVALID, "Cannot publish an empty Merkle root.")
	}
	data := distributorABI.PackPublishRoot(new(big.Int).SetUint64(epoch), root, total)
	gas, err := c.Backend.EstimateGas(ctx, ethereum.CallMsg{From: c.Auth.From, To: &distributor, Data: data})
	if err != nil {
		if name, ok := RevertErrorName(err); ok {
			return nil, &rewards.RefusedError{Name: name, Err: fmt.Errorf("publishing epoch %d: %w", epoch, err)}
		}
		return nil, fmt.Errorf("estimating the gas of publishing epoch %d: %w", epoch, err)
	}
	auth := *c.Auth
	auth.Context, auth.NoSend, auth.GasLimit = ctx, true, gas+gas/gasMargin
	if o.Nonce != nil {
		auth.Nonce = new(big.Int).SetUint64(*o.Nonce)
	}
	if o.TipCap != nil {
		auth.GasTipCap = o.TipCap
	}
	if o.FeeCap != nil {
		auth.GasFeeCap = o.FeeCap
	}
	tx, err := bind.Transact(distributorABI.Instance(c.Backend, distributor), &auth, data)
	if err != nil {
		return nil, fmt.Errorf("signing the root of epoch %d: %w", epoch, err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return signedTx(tx, raw), nil
}

func signedTx(tx *types.Transaction, raw []byte) *rewards.SignedTx {
	return &rewards.SignedTx{Hash: tx.Hash(), Raw: raw, Nonce: tx.Nonce(), TipCap: tx.GasTipCap(), FeeCap: tx.GasFeeCap(), Gas: tx.Gas()}
}

// DecodeTx decodes a signed transaction.
func (c *Client) DecodeTx(raw []byte) (*rewards.SignedTx, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, err
	}
	return signedTx(tx, raw), nil
}

// TxSender returns the account that signed a transaction SignRoot encoded.
func TxSender(raw []byte) (common.Address, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return common.Address{}, err
	}
	return types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx)
}

// Receipt returns the receipt of the transaction hash, nil when the node has none.
func (c *Client) Receipt(ctx context.Context, hash common.Hash) (*rewards.Receipt, error) {
	r, err := c.Backend.TransactionReceipt(ctx, hash)
	if errors.Is(err, ethereum.NotFound) || (err != nil && strings.Contains(err.Error(), "indexing is in progress")) {
		// A node that is still indexing transactions cannot say yet: not known, for now.
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return receiptOf(r), nil
}

// Send broadcasts a signed transaction. A node that already has it does not count as a
// failure: a settlement resumed after a crash resends what it recorded.
func (c *Client) Send(ctx context.Context, raw []byte) error {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return err
	}
	err := c.Backend.SendTransaction(ctx, tx)
	switch {
	case err == nil || alreadyKnown(err):
		return nil
	case nonceTooLow(err):
		return fmt.Errorf("%w: %v", rewards.ErrNonceUsed, err)
	case underpriced(err):
		return fmt.Errorf("%w: %v", rewards.ErrUnderpriced, err)
	}
	return err
}

// Pending reports whether the node's pool holds the transaction.
func (c *Client) Pending(ctx context.Context, hash common.Hash) (bool, error) {
	_, pending, err := c.Backend.TransactionByHash(ctx, hash)
	if errors.Is(err, ethereum.NotFound) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	return pending, nil
}

// Nonce returns the publisher's nonce at the latest block.
func (c *Client) Nonce(ctx context.Context) (uint64, error) {
	return c.Backend.NonceAt(ctx, c.Auth.From, nil)
}

// PendingNonce returns the publisher's nonce after its executable pending transactions.
func (c *Client) PendingNonce(ctx context.Context) (uint64, error) {
	return c.Backend.PendingNonceAt(ctx, c.Auth.From)
}

// Head returns the latest block's number and base fee.
func (c *Client) Head(ctx context.Context) (uint64, *big.Int, error) {
	h, err := c.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return 0, nil, err
	}
	return h.Number.Uint64(), h.BaseFee, nil
}

// SuggestTip returns the node's suggested priority fee.
func (c *Client) SuggestTip(ctx context.Context) (*big.Int, error) {
	return c.Backend.SuggestGasTipCap(ctx)
}

// BlockHash returns the canonical block hash at number, zero past the head.
func (c *Client) BlockHash(ctx context.Context, number uint64) (common.Hash, error) {
	h, err := c.Backend.HeaderByNumber(ctx, new(big.Int).SetUint64(number))
	if errors.Is(err, ethereum.NotFound) {
		return common.Hash{}, nil
	} else if err != nil {
		return common.Hash{}, err
	}
	return h.Hash(), nil
}

// ClaimedAmount returns the cumulative amount account has claimed from distributor.
func (c *Client) ClaimedAmount(ctx context.Context, distributor, account common.Address) (*big.Int, error) {
	return ClaimedAmount(ctx, c.Backend, distributor, account)
}

func receiptOf(r *types.Receipt) *rewards.Receipt {
	return &rewards.Receipt{Block: r.BlockNumber.Uint64(), BlockHash: r.BlockHash, GasUsed: r.GasUsed, Failed: r.Status != types.ReceiptStatusSuccessful}
}

// alreadyKnown recognises geth's answers to a transaction it already holds.
func alreadyKnown(err error) bool {
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "already known") || strings.Contains(m, "already imported")
}

// nonceTooLow recognises a transaction whose nonce the chain has passed.
func nonceTooLow(err error) bool {
	return strings.Contains(strings.ToLower(err.Error()), "nonce too low")
}

// underpriced recognises a node refusing a transaction's fees: below its minimum, not
// enough above the one it replaces, or under the block's base fee.
func underpriced(err error) bool {
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "underpriced") || strings.Contains(m, "fee too low") || strings.Contains(m, "less than block base fee") ||
		strings.Contains(m, "tip too low")
}
