package chain

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/rewards"
)

// Escrow is the arena's side of CampaignEscrow (arena.CampaignEscrow): it reads labs'
// deposits and, with the operator's key, pays a closed campaign's bounties and closes it.
type Escrow struct {
	Backend Backend
	// Auth signs as the escrow's operator; nil reads only.
	Auth    *bind.TransactOpts
	Address common.Address
	// FromBlock is where the event scans start (the escrow's deployment block).
	FromBlock uint64
}

var _ arena.CampaignEscrow = (*Escrow)(nil)

// CampaignKey is a campaign's escrow id as the contract takes it.
func CampaignKey(escrowID string) (common.Hash, error) {
	b, err := hexutil.Decode(escrowID)
	if err != nil || len(b) != 32 {
		return common.Hash{}, arena.Errorf(arena.EINVALID, "A campaign's escrow id is 0x and 64 hex digits; %q is not.", escrowID)
	}
	return common.BytesToHash(b), nil
}

// finalPayout is the payout id of the bounties paid when a campaign closes: one per
// campaign, so a close retried after a crash pays nothing twice.
func finalPayout(key common.Hash) common.Hash {
	return crypto.Keccak256Hash(key[:], []byte("arena final payout"))
}

func (e *Escrow) read(ctx context.Context, key common.Hash) (c struct {
	Depositor     common.Address
	Deadline      uint64
	Closed        bool
	Token         common.Address
	TargetVotes   uint64
	Payee         common.Address
	PaidVotes     uint64
	BountyPerVote *big.Int
}, err error) {
	v, err := bind.Call(escrowABI.Instance(e.Backend, e.Address), &bind.CallOpts{Context: ctx}, escrowABI.PackCampaign(key), escrowABI.UnpackCampaign)
	if err != nil {
		return c, fmt.Errorf("reading campaign %s on the escrow: %w", key.Hex(), err)
	}
	c.Depositor, c.Deadline, c.Closed, c.Token = v.Depositor, v.Deadline, v.Closed, v.Token
	c.TargetVotes, c.Payee, c.PaidVotes, c.BountyPerVote = v.TargetVotes, v.Payee, v.PaidVotes, v.BountyPerVote
	return c, nil
}

// Deposit reads the campaign's deposit from the escrow: ENOTFOUND while there is none.
func (e *Escrow) Deposit(ctx context.Context, escrowID string) (*arena.EscrowDeposit, error) {
	key, err := CampaignKey(escrowID)
	if err != nil {
		return nil, err
	}
	c, err := e.read(ctx, key)
	if err != nil {
		return nil, err
	}
	if c.Depositor == (common.Address{}) {
		return nil, arena.Errorf(arena.ENOTFOUND, "The escrow holds no deposit for campaign %s.", escrowID)
	}
	amount := new(big.Int).Mul(new(big.Int).SetUint64(c.TargetVotes), c.BountyPerVote)
	return &arena.EscrowDeposit{Depositor: c.Depositor.Hex(), Token: c.Token.Hex(), Amount: amount.String(), TargetVotes: int64(c.TargetVotes),
		BountyPerVote: c.BountyPerVote.String(), Deadline: time.Unix(int64(c.Deadline), 0).UTC()}, nil
}

// Close pays the bounties of the campaign's paidVotes counted votes not paid yet, into
// the token's payee (the distributor, which mints them to the voters when they claim),
// and closes the campaign, refunding the rest to the lab. A campaign already closed on
// the escrow is not closed again: its refund is read back from its CampaignClosed event.
func (e *Escrow) Close(ctx context.Context, escrowID string, paidVotes int64) (refunded, tx string, err error) {
	key, err := CampaignKey(escrowID)
	if err != nil {
		return "", "", err
	}
	if e.Auth == nil {
		return "", "", errors.New("closing a campaign needs the escrow operator's key")
	}
	c, err := e.read(ctx, key)
	if err != nil {
		return "", "", err
	}
	if c.Depositor == (common.Address{}) {
		return "", "", arena.Errorf(arena.ENOTFOUND, "The escrow holds no campaign %s.", escrowID)
	}
	if c.Closed {
		t, err := e.Totals(ctx, escrowID)
		if err != nil {
			return "", "", err
		}
		return t.Refunded.String(), t.CloseTx, nil
	}
	if paidVotes > int64(c.TargetVotes) {
		return "", "", fmt.Errorf("campaign %s: %d votes to pay, more than its target of %d", escrowID, paidVotes, c.TargetVotes)
	}
	if unpaid := uint64(paidVotes) - min(c.PaidVotes, uint64(paidVotes)); unpaid > 0 {
		if _, err := PayBounty(ctx, e.Backend, e.Auth, e.Address, key, finalPayout(key), unpaid); err != nil {
			return "", "", err
		}
	}
	sent, err := bind.Transact(escrowABI.Instance(e.Backend, e.Address), withContext(ctx, e.Auth), escrowABI.PackClose(key))
	if err != nil {
		return "", "", fmt.Errorf("closing campaign %s: %w", escrowID, err)
	}
	r, err := WaitReceipt(ctx, e.Backend, sent)
	if err != nil {
		return "", "", fmt.Errorf("closing campaign %s: %w", escrowID, err)
	}
	for _, l := range r.Logs {
		if ev, err := escrowABI.UnpackCampaignClosedEvent(l); err == nil && ev.CampaignId == key {
			return ev.Refunded.String(), sent.Hash().Hex(), nil
		}
	}
	return "", "", fmt.Errorf("closing campaign %s: the receipt has no CampaignClosed event", escrowID)
}

// Totals sums the campaign's events on the escrow: what was deposited, paid and refunded.
func (e *Escrow) Totals(ctx context.Context, escrowID string) (*arena.EscrowTotals, error) {
	key, err := CampaignKey(escrowID)
	if err != nil {
		return nil, err
	}
	a := escrowABI.GetABI()
	logs, err := e.Backend.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: new(big.Int).SetUint64(e.FromBlock), Addresses: []common.Address{e.Address},
		Topics: [][]common.Hash{{a.Events["CampaignFunded"].ID, a.Events["BountyPaid"].ID, a.Events["CampaignClosed"].ID}, {key}}})
	if err != nil {
		return nil, fmt.Errorf("reading campaign %s's events: %w", escrowID, err)
	}
	t := &arena.EscrowTotals{Deposited: new(big.Int), Paid: new(big.Int), Refunded: new(big.Int)}
	for i := range logs {
		l := &logs[i]
		if ev, err := escrowABI.UnpackCampaignFundedEvent(l); err == nil {
			t.Deposited.Add(t.Deposited, ev.Amount)
			t.Depositor = ev.Depositor.Hex()
		} else if ev, err := escrowABI.UnpackBountyPaidEvent(l); err == nil {
			t.Paid.Add(t.Paid, ev.Amount)
			t.PaidVotes += int64(ev.Votes)
			t.Payouts++
		} else if ev, err := escrowABI.UnpackCampaignClosedEvent(l); err == nil {
			t.Refunded.Add(t.Refunded, ev.Refunded)
			t.Closed, t.CloseTx = true, l.TxHash.Hex()
		}
	}
	return t, nil
}

// RecordedEscrow is the CampaignEscrow of the deployment recorded for the node's chain,
// looked up at each call, since `arena contracts deploy` may record one while the arena
// runs. Key signs as the escrow's operator (nil reads only).
type RecordedEscrow struct {
	Node        Backend
	ChainID     uint64
	Key         *ecdsa.PrivateKey
	Deployments func(ctx context.Context) ([]rewards.Deployment, error)
}

var _ arena.CampaignEscrow = (*RecordedEscrow)(nil)

func (r *RecordedEscrow) escrow(ctx context.Context) (*Escrow, error) {
	deps, err := r.Deployments(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range deps {
		if d.ChainID == r.ChainID && d.Escrow != (common.Address{}) {
			e := &Escrow{Backend: r.Node, Address: d.Escrow, FromBlock: d.Block}
			if r.Key != nil {
				e.Auth = bind.NewKeyedTransactor(r.Key, new(big.Int).SetUint64(r.ChainID))
			}
			return e, nil
		}
	}
	return nil, arena.Errorf(arena.EUNAVAILABLE, "No CampaignEscrow is recorded for chain %d: run arena contracts deploy first.", r.ChainID)
}

// Deposit reads a campaign's deposit on the recorded escrow.
func (r *RecordedEscrow) Deposit(ctx context.Context, escrowID string) (*arena.EscrowDeposit, error) {
	e, err := r.escrow(ctx)
	if err != nil {
		return nil, err
	}
	return e.Deposit(ctx, escrowID)
}

// Close pays and closes a campaign on the recorded escrow.
func (r *RecordedEscrow) Close(ctx context.Context, escrowID string, paidVotes int64) (string, string, error) {
	e, err := r.escrow(ctx)
	if err != nil {
		return "", "", err
	}
	return e.Close(ctx, escrowID, paidVotes)
}

// Totals sums a campaign's events on the recorded escrow.
func (r *RecordedEscrow) Totals(ctx context.Context, escrowID string) (*arena.EscrowTotals, error) {
	e, err := r.escrow(ctx)
	if err != nil {
		return nil, err
	}
	return e.Totals(ctx, escrowID)
}
