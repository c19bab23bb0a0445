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

	"github.com/arena-dev/arena/arena/rewards"
)

// Node is a node Client can settle through: an *ethclient.Client, or the simulated
// backend's Client in tests.
type Node interface {
	Backend
	ChainID(ctx context.Context) (*big.Int, error)
}

// Client is the rewards domain's view of a node. Settlement uses it as a rewards.Chain,
// which needs Auth; the wallet pages only read claimed amounts, as a rewards.ClaimReader.
type Client struct {
	Backend Node
	// Auth is the root publisher's key (ROOT_PUBLISHER_ROLE on the distributor).
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

// CurrentRoot returns distributor's latest epoch and root.
func (c *Client) CurrentRoot(ctx context.Context, distributor common.Address) (uint64, common.Hash, error) {
	return CurrentRoot(ctx, c.Backend, distributor)
}

// SignRoot signs the publishRoot transaction without sending it, so that settlement can
// record it first. A refusal the contract explains names its custom error.
func (c *Client) SignRoot(ctx context.Context, distributor common.Address, epoch uint64, root common.Hash) (common.Hash, []byte, error) {
	auth := *c.Auth
	auth.NoSend = true
	tx, err := PublishRoot(ctx, c.Backend, &auth, distributor, epoch, root)
	if err != nil {
		if name, ok := RevertErrorName(err); ok {
			return common.Hash{}, nil, fmt.Errorf("the distributor refuses epoch %d: %s: %w", epoch, name, err)
		}
		return common.Hash{}, nil, err
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return common.Hash{}, nil, err
	}
	return tx.Hash(), raw, nil
}

// TxHash decodes a signed transaction and returns its hash.
func (c *Client) TxHash(raw []byte) (common.Hash, error) {
	tx := new(types.Transaction)
	if err := tx.UnmarshalBinary(raw); err != nil {
		return common.Hash{}, err
	}
	return tx.Hash(), nil
}

// Receipt returns the receipt of the transaction hash, nil when the node has none.
func (c *Client) Receipt(ctx context.Context, hash common.Hash) (*rewards.Receipt, error) {
	r, err := c.Backend.TransactionReceipt(ctx, hash)
	if errors.Is(err, ethereum.NotFound) {
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
	if err := c.Backend.SendTransaction(ctx, tx); err != nil && !alreadyKnown(err) {
		return err
	}
	return nil
}

// WaitMined waits until the transaction hash is mined and returns its receipt, whether
// it succeeded or not.
func (c *Client) WaitMined(ctx context.Context, hash common.Hash) (*rewards.Receipt, error) {
	r, err := waitMined(ctx, c.Backend, hash)
	if err != nil {
		return nil, err
	}
	return receiptOf(r), nil
}

// ClaimedAmount returns the cumulative amount account has claimed from distributor.
func (c *Client) ClaimedAmount(ctx context.Context, distributor, account common.Address) (*big.Int, error) {
	return ClaimedAmount(ctx, c.Backend, distributor, account)
}

func receiptOf(r *types.Receipt) *rewards.Receipt {
	return &rewards.Receipt{Block: r.BlockNumber.Uint64(), GasUsed: r.GasUsed, Failed: r.Status != types.ReceiptStatusSuccessful}
}

// alreadyKnown recognises geth's answers to a transaction it already holds.
func alreadyKnown(err error) bool {
	m := strings.ToLower(err.Error())
	return strings.Contains(m, "already known") || strings.Contains(m, "already imported")
}
