package rewards

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// Situation is where an epoch's newest root transaction stands, as the node sees it.
type Situation string

// The situations of a root transaction, each with what settlement does about it.
const (
	// TxMined: one of the epoch's transactions succeeded; it waits for confirmations.
	TxMined Situation = "mined"
	// TxReverted: the newest transaction was mined but failed; the root is signed again
	// with a fresh nonce, unless the contract refuses it (then the operator must act).
	TxReverted Situation = "reverted"
	// EpochTaken: the distributor is already at this epoch number or past it with a root
	// this arena did not send; the epoch takes the next free number and is signed again.
	EpochTaken Situation = "epoch_taken"
	// NonceUsed: another transaction of the key was mined with the newest one's nonce;
	// the root is signed again with a fresh nonce.
	NonceUsed Situation = "nonce_used"
	// TxUnderpriced: the node holds the transaction but its fee cap is below the base
	// fee; a replacement with the same nonce and higher fees is sent.
	TxUnderpriced Situation = "underpriced"
	// TxPending: the node holds it and it can be mined; after ReplaceAfter it is
	// replaced with higher fees.
	TxPending Situation = "pending"
	// NonceGap: its nonce is past the chain's and nothing of the key's waits in between
	// (a reorg took the transactions before it), so it can never be mined as it is; the
	// root is signed again with the chain's nonce.
	NonceGap Situation = "nonce_gap"
	// TxUnknown: the node does not have it (dropped from its pool, or never broadcast
	// because a run stopped first); it is sent again as recorded.
	TxUnknown Situation = "unknown"
)

// TxView is what the node says of an epoch's transactions.
type TxView struct {
	Situation Situation
	// Tx is the transaction concerned: the one mined for TxMined, else the newest.
	Tx     *EpochTx
	Signed *SignedTx
	// Receipt is the receipt of Tx, for TxMined and TxReverted.
	Receipt *Receipt
	// OnEpoch and OnRoot are the distributor's current epoch and root.
	OnEpoch uint64
	OnRoot  common.Hash
	// Nonce is the publisher's next nonce on chain; BaseFee the latest block's base fee.
	Nonce   uint64
	BaseFee *big.Int
}

// maxReverts bounds how many of an epoch's transactions may revert before settlement
// stops signing new ones: a revert the gas estimate did not foresee, repeated, is for an
// operator to look at.
const maxReverts = 3

// bump raises a fee by a fifth (nodes take a replacement only at 10% more).
func bump(x *big.Int) *big.Int {
	y := new(big.Int).Mul(x, big.NewInt(6))
	y.Div(y, big.NewInt(5))
	return y.Add(y, big.NewInt(1))
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// signFirst signs the epoch's first transaction and records it before anything is sent,
// so a crash can only ever lead to that transaction being sent again. An epoch number
// the chain has already reached is replaced by the next free one first.
func (r *run) signFirst(ctx context.Context, ep *Epoch) error {
	onEpoch, onRoot, err := r.Chain.CurrentRoot(ctx, r.Distributor)
	if err != nil {
		return err
	}
	if onEpoch >= ep.Number {
		if err := r.renumber(ctx, ep, onEpoch, onRoot); err != nil {
			return err
		}
	}
	stx, err := r.Chain.SignRoot(ctx, r.Distributor, ep.Number, ep.Root, ep.Total, SignOptions{})
	if err != nil {
		return r.refusal(ctx, ep, err)
	}
	return r.record(ctx, ep, stx, "first")
}

// record stores a signed transaction as the epoch's newest.
func (r *run) record(ctx context.Context, ep *Epoch, stx *SignedTx, reason string) error {
	now := r.Clock.Now()
	tx := &EpochTx{EpochID: ep.ID, Hash: stx.Hash, Raw: stx.Raw, Reason: reason, CreatedAt: now}
	if err := r.Store.AddTx(ctx, tx, now); err != nil {
		return err
	}
	ep.State, ep.TxHash, ep.UpdatedAt = StateTxSent, stx.Hash, now
	return r.event(ctx, ep, EventSigned, fmt.Sprintf("transaction %d %s: epoch %d, nonce %d, fee cap %s wei, tip %s wei (%s)",
		tx.Seq, stx.Hash.Hex(), ep.Number, stx.Nonce, stx.FeeCap, stx.TipCap, reason))
}

// renumber moves the epoch past the number the chain has reached: its root does not
// depend on its number, and every transaction signed for the old number can now only
// revert, so nothing is published twice.
func (r *run) renumber(ctx context.Context, ep *Epoch, onEpoch uint64, onRoot common.Hash) error {
	next := onEpoch + 1
	detail := fmt.Sprintf("the distributor is at epoch %d with root %s, which this arena did not send; epoch %d becomes %d", onEpoch, onRoot.Hex(), ep.Number, next)
	if err := r.Store.Renumber(ctx, ep.ID, next, detail, r.Clock.Now()); err != nil {
		return err
	}
	old := ep.Number
	ep.Number = next
	r.res.Events = append(r.res.Events, EpochEvent{EpochID: ep.ID, Kind: EventRenumbered, Detail: detail, At: r.Clock.Now()})
	r.log().Warn("epoch number taken on chain", "was", old, "now", next, "on_chain_root", onRoot.Hex())
	return nil
}

// refusal explains an error from signing: a contract refusal needs the operator. The
// limits were checked before the epoch was started, but the admin may have changed them
// since, or this run took on an epoch an earlier one left.
func (r *run) refusal(ctx context.Context, ep *Epoch, err error) error {
	var refused *RefusedError
	if errors.As(err, &refused) {
		switch refused.Name {
		case "EnforcedPause", "EpochTooSoon", "EpochCapExceeded":
			lim, lerr := r.Chain.Limits(ctx, r.Distributor)
			if lerr != nil {
				return fmt.Errorf("signing the root of epoch %d: %w", ep.Number, err)
			}
			if lerr = r.checkLimits(lim, ep, ep.Total, true, false); lerr != nil {
				return lerr
			}
		}
	}
	switch {
	case errors.As(err, &refused) && refused.Name == "AccessControlUnauthorizedAccount":
		return arena.Errorf(arena.EFORBIDDEN, "The key %s may not publish roots on the distributor %s (it lacks ROOT_PUBLISHER_ROLE): have the distributor's admin grant it (`arena contracts grant publisher %s` with the admin's key), then run arena settle again; epoch %d waits as %s.",
			r.Chain.Publisher().Hex(), r.Distributor.Hex(), r.Chain.Publisher().Hex(), ep.Number, ep.State)
	case strings.Contains(err.Error(), "insufficient funds"):
		return arena.Errorf(arena.EUNAVAILABLE, "The key %s has too little ether to pay for publishing the root: fund it, then run arena settle again; epoch %d waits as %s.",
			r.Chain.Publisher().Hex(), ep.Number, ep.State)
	}
	return fmt.Errorf("signing the root of epoch %d: %w", ep.Number, err)
}

// publish takes a tx_sent epoch to mined: it looks at what the node says of the epoch's
// transactions and does what the situation calls for, until one is mined or the wait
// runs out.
func (r *run) publish(ctx context.Context, ep *Epoch) error {
	for {
		txs, err := r.Store.EpochTxs(ctx, ep.ID)
		if err != nil {
			return err
		}
		if len(txs) == 0 {
			return fmt.Errorf("epoch %d is tx_sent but has no transaction recorded", ep.Number)
		}
		v, err := r.look(ctx, ep, txs)
		if err != nil {
			return err
		}
		newest := &txs[len(txs)-1]
		// acted is set when something was signed or sent, so the next look comes at once.
		acted := true
		switch v.Situation {
		case TxMined:
			now := r.Clock.Now()
			if err := r.Store.MarkMined(ctx, ep.ID, v.Tx.Hash, v.Receipt.Block, v.Receipt.BlockHash, v.Receipt.GasUsed, now); err != nil {
				return err
			}
			ep.State, ep.TxHash, ep.Block, ep.BlockHash, ep.GasUsed, ep.UpdatedAt = StateMined, v.Tx.Hash, v.Receipt.Block, v.Receipt.BlockHash, v.Receipt.GasUsed, now
			r.log().Info("root mined", "epoch", ep.Number, "tx", v.Tx.Hash.Hex(), "block", ep.Block)
			return nil
		case EpochTaken:
			if err := r.renumber(ctx, ep, v.OnEpoch, v.OnRoot); err != nil {
				return err
			}
			err = r.resign(ctx, ep, txs, fmt.Sprintf("epoch number taken: now %d", ep.Number))
		case TxReverted:
			if err := r.event(ctx, ep, EventReverted, fmt.Sprintf("transaction %s reverted in block %d", v.Tx.Hash.Hex(), v.Receipt.Block)); err != nil {
				return err
			}
			if n := r.reverts(ctx, txs); n >= maxReverts {
				return arena.Errorf(arena.EINTERNAL, "%d transactions for epoch %d reverted, the newest %s in block %d; settlement signs no more. See `arena settle status`; when the cause is fixed, `arena settle abandon %d` and settle again.",
					n, ep.Number, v.Tx.Hash.Hex(), v.Receipt.Block, ep.Number)
			}
			err = r.resign(ctx, ep, txs, fmt.Sprintf("%s reverted in block %d", short(v.Tx.Hash), v.Receipt.Block))
		case NonceUsed:
			err = r.resign(ctx, ep, txs, fmt.Sprintf("nonce %d used by another transaction of the key", v.Signed.Nonce))
		case NonceGap:
			err = r.resign(ctx, ep, txs, fmt.Sprintf("nonce %d waits for the missing nonce %d", v.Signed.Nonce, v.Nonce))
		case TxUnderpriced:
			err = r.resign(ctx, ep, txs, fmt.Sprintf("fee cap %s below the base fee %s", v.Signed.FeeCap, v.BaseFee))
		case TxPending:
			since, ok := r.pendingSince[newest.Hash]
			if !ok {
				r.pendingSince[newest.Hash] = time.Now()
			}
			if acted = ok && time.Since(since) >= r.replaceAfter(); acted {
				err = r.resign(ctx, ep, txs, fmt.Sprintf("pending for %s", time.Since(since).Round(time.Second)))
			}
		case TxUnknown:
			switch {
			case r.refused[newest.Hash]:
				err = r.resign(ctx, ep, txs, "the node refused the fees")
			default:
				// Sent again at once the first time; if the node still does not show it,
				// again after each wait.
				acted = !r.sent[newest.Hash]
				err = r.send(ctx, ep, newest)
			}
		}
		if err != nil {
			return err
		}
		if time.Now().After(r.deadline) {
			return r.stillWaiting(ctx, ep)
		}
		if acted {
			r.backoff = 0
		} else if err := r.pause(ctx); err != nil {
			return err
		}
	}
}

// stillWaiting is the error of a run whose wait ran out with the epoch in tx_sent.
func (r *run) stillWaiting(ctx context.Context, ep *Epoch) error {
	txs, err := r.Store.EpochTxs(ctx, ep.ID)
	if err != nil || len(txs) == 0 {
		return arena.Errorf(arena.EUNAVAILABLE, "Epoch %d is not mined after %s. Run arena settle again to keep waiting; `arena settle status` shows where it stands.", ep.Number, r.wait())
	}
	newest := txs[len(txs)-1]
	return arena.Errorf(arena.EUNAVAILABLE, "Epoch %d is not mined after %s: its newest transaction %s (of %d) is still waiting. Run arena settle again to keep waiting (a transaction pending for long is replaced with higher fees); `arena settle status` shows where it stands.",
		ep.Number, r.wait(), newest.Hash.Hex(), len(txs))
}

func short(h common.Hash) string { return h.Hex()[:10] }

// reverts counts the epoch's transactions with a failed receipt.
func (r *run) reverts(ctx context.Context, txs []EpochTx) int {
	n := 0
	for _, t := range txs {
		if rc, err := r.Chain.Receipt(ctx, t.Hash); err == nil && rc != nil && rc.Failed {
			n++
		}
	}
	return n
}

// look asks the node where the epoch's transactions stand. Any of them may be the one
// mined (each replacement publishes the same epoch and root, and the contract takes a
// number once), so every receipt is looked for before the newest is judged.
func (s *Settler) look(ctx context.Context, ep *Epoch, txs []EpochTx) (*TxView, error) {
	v := &TxView{}
	var reverted *Receipt
	newest := &txs[len(txs)-1]
	for i := len(txs) - 1; i >= 0; i-- {
		rc, err := s.Chain.Receipt(ctx, txs[i].Hash)
		if err != nil {
			return nil, fmt.Errorf("looking up transaction %s: %w", txs[i].Hash.Hex(), err)
		}
		if rc == nil {
			continue
		}
		if !rc.Failed {
			v.Situation, v.Tx, v.Receipt = TxMined, &txs[i], rc
			v.Signed, _ = s.Chain.DecodeTx(txs[i].Raw)
			return v, nil
		}
		if i == len(txs)-1 {
			reverted = rc
		}
	}
	signed, err := s.Chain.DecodeTx(newest.Raw)
	if err != nil {
		return nil, fmt.Errorf("epoch %d: the stored transaction %s is unreadable: %w", ep.Number, newest.Hash.Hex(), err)
	}
	v.Tx, v.Signed = newest, signed
	if v.OnEpoch, v.OnRoot, err = s.Chain.CurrentRoot(ctx, s.Distributor); err != nil {
		return nil, err
	}
	if v.Nonce, err = s.Chain.Nonce(ctx); err != nil {
		return nil, fmt.Errorf("reading the publisher's nonce: %w", err)
	}
	if _, v.BaseFee, err = s.Chain.Head(ctx); err != nil {
		return nil, fmt.Errorf("reading the latest block: %w", err)
	}
	switch {
	case v.OnEpoch >= ep.Number:
		// Mined between the receipt lookups and the root read?
		if mined, err := s.anyMined(ctx, txs); err != nil {
			return nil, err
		} else if mined {
			return s.look(ctx, ep, txs)
		}
		if v.OnEpoch == ep.Number && v.OnRoot == ep.Root {
			// Ours, most likely, with its receipt not served yet (a node still indexing).
			v.Situation = TxPending
			break
		}
		v.Situation = EpochTaken
	case reverted != nil:
		v.Situation, v.Receipt = TxReverted, reverted
	case signed.Nonce < v.Nonce:
		// Mined between the receipt lookups and the nonce read, or truly replaced.
		if mined, err := s.anyMined(ctx, txs); err != nil {
			return nil, err
		} else if mined {
			return s.look(ctx, ep, txs)
		}
		v.Situation = NonceUsed
	default:
		pending, err := s.Chain.Pending(ctx, newest.Hash)
		if err != nil {
			return nil, fmt.Errorf("looking up transaction %s: %w", newest.Hash.Hex(), err)
		}
		gap := false
		if signed.Nonce > v.Nonce {
			next, err := s.Chain.PendingNonce(ctx)
			if err != nil {
				return nil, fmt.Errorf("reading the publisher's pending nonce: %w", err)
			}
			gap = next < signed.Nonce
		}
		switch {
		case gap:
			v.Situation = NonceGap
		case !pending:
			v.Situation = TxUnknown
		case v.BaseFee != nil && signed.FeeCap.Cmp(v.BaseFee) < 0:
			v.Situation = TxUnderpriced
		default:
			v.Situation = TxPending
		}
	}
	return v, nil
}

// anyMined reports whether one of txs has a successful receipt.
func (s *Settler) anyMined(ctx context.Context, txs []EpochTx) (bool, error) {
	for i := len(txs) - 1; i >= 0; i-- {
		rc, err := s.Chain.Receipt(ctx, txs[i].Hash)
		if err != nil {
			return false, fmt.Errorf("looking up transaction %s: %w", txs[i].Hash.Hex(), err)
		}
		if rc != nil && !rc.Failed {
			return true, nil
		}
	}
	return false, nil
}

// resign signs the root again as the epoch's newest transaction, records it, then sends
// it. It takes the nonce the chain takes next, so it replaces whatever waits at that
// nonce (the epoch's own stuck transaction among them), with fees above every earlier
// transaction of the epoch at that nonce, as nodes require of a replacement.
func (r *run) resign(ctx context.Context, ep *Epoch, txs []EpochTx, reason string) error {
	nonce, err := r.Chain.Nonce(ctx)
	if err != nil {
		return fmt.Errorf("reading the publisher's nonce: %w", err)
	}
	tip, err := r.Chain.SuggestTip(ctx)
	if err != nil {
		return fmt.Errorf("reading the suggested fee: %w", err)
	}
	_, base, err := r.Chain.Head(ctx)
	if err != nil {
		return fmt.Errorf("reading the latest block: %w", err)
	}
	if base == nil {
		base = new(big.Int)
	}
	for _, t := range txs {
		if old, err := r.Chain.DecodeTx(t.Raw); err == nil && old.Nonce == nonce {
			tip = maxBig(tip, bump(old.TipCap))
		}
	}
	feeCap := new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip)
	for _, t := range txs {
		if old, err := r.Chain.DecodeTx(t.Raw); err == nil && old.Nonce == nonce {
			feeCap = maxBig(feeCap, bump(old.FeeCap))
		}
	}
	stx, err := r.Chain.SignRoot(ctx, r.Distributor, ep.Number, ep.Root, ep.Total, SignOptions{Nonce: &nonce, TipCap: tip, FeeCap: feeCap})
	if err != nil {
		return r.refusal(ctx, ep, err)
	}
	if err := r.record(ctx, ep, stx, reason); err != nil {
		return err
	}
	if err := r.step("resigned"); err != nil {
		return err
	}
	txs = append(txs, EpochTx{EpochID: ep.ID, Hash: stx.Hash, Raw: stx.Raw})
	return r.send(ctx, ep, &txs[len(txs)-1])
}

// send broadcasts a recorded transaction. A refusal for its fees marks it for
// replacement; a nonce already used is left for the next look to explain.
func (r *run) send(ctx context.Context, ep *Epoch, tx *EpochTx) error {
	err := r.Chain.Send(ctx, tx.Raw)
	r.sent[tx.Hash] = true
	switch {
	case err == nil:
		r.log().Info("sent the root", "epoch", ep.Number, "tx", tx.Hash.Hex())
	case errors.Is(err, ErrUnderpriced):
		r.refused[tx.Hash] = true
		if err := r.event(ctx, ep, EventRefused, fmt.Sprintf("the node refused %s: %v", tx.Hash.Hex(), err)); err != nil {
			return err
		}
	case errors.Is(err, ErrNonceUsed):
	default:
		return fmt.Errorf("sending the root of epoch %d (transaction %s): %w", ep.Number, tx.Hash.Hex(), err)
	}
	if !r.sentOnce {
		r.sentOnce = true
		return r.step("broadcast")
	}
	return nil
}

// confirm waits for a mined epoch's block to have enough blocks on top, checking it
// stays on the chain; a block that leaves it sends the epoch back to tx_sent.
func (r *run) confirm(ctx context.Context, ep *Epoch) error {
	need := r.confirmations(r.chainID)
	for {
		hash, err := r.Chain.BlockHash(ctx, ep.Block)
		if err != nil {
			return fmt.Errorf("reading block %d: %w", ep.Block, err)
		}
		if hash != ep.BlockHash {
			moved, err := r.rehome(ctx, ep)
			if err != nil || !moved {
				return err
			}
			continue
		}
		head, _, err := r.Chain.Head(ctx)
		if err != nil {
			return fmt.Errorf("reading the latest block: %w", err)
		}
		if head+1 >= ep.Block+need {
			now := r.Clock.Now()
			if err := r.Store.MarkConfirmed(ctx, ep.ID, now); err != nil {
				return err
			}
			ep.State, ep.UpdatedAt = StateConfirmed, now
			r.log().Info("epoch confirmed", "epoch", ep.Number, "block", ep.Block, "confirmations", head+1-ep.Block, "gas_used", ep.GasUsed)
			return nil
		}
		if time.Now().After(r.deadline) {
			return arena.Errorf(arena.EUNAVAILABLE, "Epoch %d is mined in block %d but has %d of the %d confirmations its proofs wait for. Run arena settle again to finish it once the chain has moved on.",
				ep.Number, ep.Block, head+1-ep.Block, need)
		}
		if err := r.pause(ctx); err != nil {
			return err
		}
	}
}

// pause waits before asking the node again: briefly at first (a dev chain mines at
// once, a real one within a block or two), then longer, up to Poll.
func (r *run) pause(ctx context.Context) error {
	r.backoff = min(max(2*r.backoff, 100*time.Millisecond), r.poll())
	return sleep(ctx, r.backoff)
}

// rehome handles a mined epoch whose block left the chain: if its transaction is in
// another canonical block, the epoch moves there (true); if not, it goes back to tx_sent,
// to be sent again (false).
func (r *run) rehome(ctx context.Context, ep *Epoch) (bool, error) {
	if rc, err := r.Chain.Receipt(ctx, ep.TxHash); err != nil {
		return false, err
	} else if rc != nil && !rc.Failed {
		if h, err := r.Chain.BlockHash(ctx, rc.Block); err != nil {
			return false, err
		} else if h == rc.BlockHash {
			detail := fmt.Sprintf("block %d left the chain; transaction %s is now in block %d", ep.Block, ep.TxHash.Hex(), rc.Block)
			if err := r.Store.MoveBlock(ctx, ep.ID, rc.Block, rc.BlockHash, detail, r.Clock.Now()); err != nil {
				return false, err
			}
			r.res.Events = append(r.res.Events, EpochEvent{EpochID: ep.ID, Kind: EventMoved, Detail: detail, At: r.Clock.Now()})
			ep.Block, ep.BlockHash = rc.Block, rc.BlockHash
			return true, nil
		}
	}
	detail := fmt.Sprintf("block %d (%s) left the chain with transaction %s; the root is sent again", ep.Block, ep.BlockHash.Hex(), ep.TxHash.Hex())
	if err := r.Store.Unmine(ctx, ep.ID, StateTxSent, detail, r.Clock.Now()); err != nil {
		return false, err
	}
	r.res.Events = append(r.res.Events, EpochEvent{EpochID: ep.ID, Kind: EventReorged, Detail: detail, At: r.Clock.Now()})
	r.log().Warn("reorg: the root's block left the chain", "epoch", ep.Number, "block", ep.Block)
	ep.State, ep.Block, ep.BlockHash, ep.GasUsed = StateTxSent, 0, common.Hash{}, 0
	return false, nil
}
