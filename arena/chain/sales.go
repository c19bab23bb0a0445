package chain

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// Listing is a release's terms on a DataSale contract.
type Listing struct {
	Token       common.Address
	Listed      bool
	Price       *big.Int
	LicenceHash common.Hash
}

// ReadListing returns release id's terms on sale; a zero Token means it was never listed.
func ReadListing(ctx context.Context, backend bind.ContractCaller, sale common.Address, id common.Hash) (*Listing, error) {
	c := bind.NewBoundContract(sale, saleABI.GetABI(), backend, nil, nil)
	r, err := bind.Call(c, &bind.CallOpts{Context: ctx}, saleABI.PackRelease(id), saleABI.UnpackRelease)
	if err != nil {
		return nil, fmt.Errorf("reading listing %s on %s: %w", id.Hex(), sale.Hex(), err)
	}
	return &Listing{Token: r.Token, Listed: r.Listed, Price: r.Price, LicenceHash: r.LicenceHash}, nil
}

// ContributorsBps reads the contributors' share of every sale on sale, in basis points.
func ContributorsBps(ctx context.Context, backend bind.ContractCaller, sale common.Address) (uint16, error) {
	c := bind.NewBoundContract(sale, saleABI.GetABI(), backend, nil, nil)
	return bind.Call(c, &bind.CallOpts{Context: ctx}, saleABI.PackContributorsBps(), saleABI.UnpackContributorsBps)
}

// ErrListedOtherwise is returned (wrapped) by ListRelease when the listing id is taken
// by other terms.
var ErrListedOtherwise = errors.New("the listing exists with other terms")

// ListRelease lists release id on sale for price of token under licenceHash, from auth's
// account (OPERATOR_ROLE), and waits for it to be mined. A listing that exists with
// the same terms (a retried run) sends nothing and returns a nil transaction; one with
// other terms is ErrListedOtherwise.
func ListRelease(ctx context.Context, backend Backend, auth *bind.TransactOpts, sale common.Address, id common.Hash, token common.Address, price *big.Int, licenceHash common.Hash) (*types.Transaction, error) {
	l, err := ReadListing(ctx, backend, sale, id)
	if err != nil {
		return nil, err
	}
	if l.Token != (common.Address{}) {
		if l.Token == token && l.Price.Cmp(price) == 0 && l.LicenceHash == licenceHash {
			return nil, nil
		}
		return nil, fmt.Errorf("listing %s: %w", id.Hex(), ErrListedOtherwise)
	}
	tx, err := bind.Transact(saleABI.Instance(backend, sale), withContext(ctx, auth), saleABI.PackList(id, token, price, licenceHash))
	if err != nil {
		return nil, fmt.Errorf("listing %s on %s: %w", id.Hex(), sale.Hex(), err)
	}
	if _, err := WaitReceipt(ctx, backend, tx); err != nil {
		return tx, fmt.Errorf("listing %s on %s: %w", id.Hex(), sale.Hex(), err)
	}
	return tx, nil
}

// DelistRelease takes release id off sale for good, from auth's account (OPERATOR_ROLE);
// one that is not listed sends nothing.
func DelistRelease(ctx context.Context, backend Backend, auth *bind.TransactOpts, sale common.Address, id common.Hash) (*types.Transaction, error) {
	l, err := ReadListing(ctx, backend, sale, id)
	if err != nil || !l.Listed {
		return nil, err
	}
	tx, err := bind.Transact(saleABI.Instance(backend, sale), withContext(ctx, auth), saleABI.PackDelist(id))
	if err != nil {
		return nil, fmt.Errorf("delisting %s on %s: %w", id.Hex(), sale.Hex(), err)
	}
	if _, err := WaitReceipt(ctx, backend, tx); err != nil {
		return tx, fmt.Errorf("delisting %s on %s: %w", id.Hex(), sale.Hex(), err)
	}
	return tx, nil
}

// ReceiptReader is what reading purchases needs of a node.
type ReceiptReader interface {
	TransactionReceipt(ctx context.Context, hash common.Hash) (*types.Receipt, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
}

// Purchases reads a transaction's Purchased events from the chain: the arena trusts
// the node's receipt, never what a buyer says was paid (rewards.SaleChain).
type Purchases struct{ Backend ReceiptReader }

var _ rewards.SaleChain = Purchases{}

// Purchases returns the Purchased events of transaction hash, from any contract (the
// caller checks which), and how many blocks confirm it.
func (p Purchases) Purchases(ctx context.Context, hash common.Hash) ([]rewards.Purchase, uint64, error) {
	r, err := p.Backend.TransactionReceipt(ctx, hash)
	if errors.Is(err, ethereum.NotFound) {
		return nil, 0, arena.Errorf(arena.ENOTFOUND, "Transaction %s is not mined (or not on this arena's chain); post it again once it is.", hash.Hex())
	} else if err != nil {
		return nil, 0, arena.Errorf(arena.EUNAVAILABLE, "The chain could not be read: %v", err)
	}
	if r.Status != types.ReceiptStatusSuccessful {
		return nil, 0, arena.Errorf(arena.EINVALID, "Transaction %s reverted: it bought nothing.", hash.Hex())
	}
	head, err := p.Backend.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, 0, arena.Errorf(arena.EUNAVAILABLE, "The chain could not be read: %v", err)
	}
	var confs uint64
	if n := head.Number.Uint64(); n >= r.BlockNumber.Uint64() {
		confs = n - r.BlockNumber.Uint64() + 1
	}
	var out []rewards.Purchase
	for _, l := range r.Logs {
		ev, err := saleABI.UnpackPurchasedEvent(l)
		if err != nil {
			continue // another event, or another contract's
		}
		out = append(out, rewards.Purchase{TxHash: hash, LogIndex: l.Index, Block: l.BlockNumber, Contract: l.Address,
			Listing: ev.ReleaseId, Buyer: ev.Buyer, Token: ev.Token, Price: ev.Price, LicenceHash: ev.LicenceHash,
			ToContributors: ev.ToContributors, Payee: ev.ContributorsPayee, ToOperator: ev.ToOperator, Treasury: ev.Treasury})
	}
	return out, confs, nil
}
