package rewards

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
)

// EpochState is how far a settlement epoch has got. Each state is recorded before the
// next step starts, so a run that stops anywhere is taken on by the next run.
type EpochState string

// The epoch states. An epoch goes snapshotted → tree_built → tx_sent → mined →
// confirmed; a reorg can send a mined or confirmed epoch back to tx_sent (or, when a
// later epoch already carries its amounts, to reorged), and an operator can abandon an
// epoch that is not mined yet.
const (
	StateSnapshotted EpochState = "snapshotted" // entries (wallet, points, token units) stored
	StateTreeBuilt   EpochState = "tree_built"  // root and total stored
	StateTxSent      EpochState = "tx_sent"     // a signed publishRoot transaction stored (and then broadcast)
	StateMined       EpochState = "mined"       // one of its transactions is in a block, not yet confirmed
	StateConfirmed   EpochState = "confirmed"   // mined, with enough blocks on top; its proofs are served
	StateAbandoned   EpochState = "abandoned"   // an operator gave it up; the next epoch starts afresh
	StateReorged     EpochState = "reorged"     // its block left the chain; a later epoch carries its amounts
)

// Open reports whether an epoch in state s is unfinished: a distributor has at most one
// such epoch, and no new one starts beside it.
func (s EpochState) Open() bool {
	switch s {
	case StateSnapshotted, StateTreeBuilt, StateTxSent, StateMined:
		return true
	}
	return false
}

// Deployment is a pair of contracts `arena contracts deploy` created.
type Deployment struct {
	ChainID     uint64
	Token       common.Address
	Distributor common.Address
	Deployer    common.Address
	// Replaces is the distributor this deployment took over from (`deploy --force`), or
	// the zero address.
	Replaces common.Address
	// Block is where the distributor was deployed (0 when not recorded).
	Block uint64
	// Escrow and Sale are the CampaignEscrow and DataSale deployed beside the token and
	// the distributor, zero until they are; CommerceBlock is where the later of the two
	// was deployed.
	Escrow, Sale  common.Address
	CommerceBlock uint64
	CreatedAt     time.Time
}

// HasCommerce says whether the deployment has its CampaignEscrow and DataSale.
func (d Deployment) HasCommerce() bool {
	return d.Escrow != (common.Address{}) && d.Sale != (common.Address{})
}

// Epoch is one settlement: a cumulative Merkle root published on a distributor.
type Epoch struct {
	ID          int64 // the row id
	Number      uint64
	ChainID     uint64
	Distributor common.Address
	State       EpochState
	// CutoffLedgerID is the newest ledger entry the snapshot counted.
	CutoffLedgerID int64
	Root           common.Hash // zero before tree_built
	Total          *big.Int    // sum of the cumulative amounts
	Wallets        int         // number of entries
	// TxHash is the transaction that was mined, once mined; before, the newest signed.
	TxHash    common.Hash
	Block     uint64      // once mined
	BlockHash common.Hash // once mined: a reorg shows as another block at that height
	GasUsed   uint64      // once mined
	CreatedAt time.Time
	UpdatedAt time.Time
}

// EpochEntry is one wallet's line in an epoch.
type EpochEntry struct {
	UserID     int64
	Account    common.Address
	Points     int64    // the settleable points counted at the cutoff
	Cumulative *big.Int // token units claimable in total up to this epoch
}

// EpochTx is a transaction signed to publish an epoch's root. An epoch has one per
// attempt: the first, then each replacement (higher fees, a fresh nonce or a new epoch
// number). All of them are kept, since any may be the one mined.
type EpochTx struct {
	EpochID int64
	Seq     int // 1 for the first
	Hash    common.Hash
	Raw     []byte
	// Reason says why it was signed: "first", or what was wrong with the one before.
	Reason    string
	CreatedAt time.Time
}

// EpochEvent is something that happened to an epoch besides a step forward: a
// replacement, a renumbering, a revert, a reorg, an operator's decision.
type EpochEvent struct {
	EpochID int64
	Kind    string
	Detail  string
	At      time.Time
}

// The kinds of EpochEvent.
const (
	EventSigned     = "signed"
	EventSent       = "sent"
	EventRefused    = "refused"
	EventRenumbered = "renumbered"
	EventReverted   = "reverted"
	EventReorged    = "reorged"
	EventMoved      = "moved"
	EventAbandoned  = "abandoned"
)

// WalletPoints is a linked wallet's settleable points at a snapshot.
type WalletPoints struct {
	UserID  int64
	Account common.Address
	Points  int64
}

// Carryover is what a wallet had from the distributor a deployment replaced: what it
// claimed there, and what that distributor's last confirmed epoch owed it in total.
type Carryover struct {
	Account    common.Address
	Claimed    *big.Int
	Cumulative *big.Int
}

// Snapshot is what an epoch is built from, read in the snapshot's transaction.
type Snapshot struct {
	// Points are the linked wallets' settleable points at the cutoff.
	Points []WalletPoints
	// Prev holds the entries of the distributor's latest confirmed epoch.
	Prev map[common.Address]EpochEntry
	// Carry holds, for a distributor that replaced another, what each wallet had there.
	Carry map[common.Address]Carryover
	// Former holds, for each account that has linked more than one address, every
	// address it ever linked, the current one included.
	Former map[int64][]common.Address
	// SaleShares holds, by account, the token units of its shares of data sales up to
	// the snapshot: a line of its cumulative amount beside its points.
	SaleShares map[int64]*big.Int
}

// SettleStore records settlement epochs.
type SettleStore interface {
	// SnapshotEpoch stores e (state snapshotted, number e.Number) with the entries build
	// returns, in one transaction that reads the Snapshot for build (setting
	// e.CutoffLedgerID). In the same transaction it reveals the open draw epoch, whose
	// votes the cutoff counts, and opens the next (see DrawStore). An error from build
	// stores and reveals nothing. Another open epoch of the distributor is ECONFLICT.
	SnapshotEpoch(ctx context.Context, e *Epoch, build func(Snapshot) ([]EpochEntry, error)) error
	// OpenEpoch returns distributor's open epoch, or nil.
	OpenEpoch(ctx context.Context, distributor common.Address) (*Epoch, error)
	// LastEpoch returns distributor's highest-numbered epoch in any state, or nil.
	LastEpoch(ctx context.Context, distributor common.Address) (*Epoch, error)
	// DistributorEpochs returns distributor's epochs, highest number first, at most limit.
	DistributorEpochs(ctx context.Context, distributor common.Address, limit int) ([]Epoch, error)
	// EpochEntries returns an epoch's entries, by address.
	EpochEntries(ctx context.Context, epochID int64) ([]EpochEntry, error)
	// SaveTree stores the root and total: snapshotted → tree_built.
	SaveTree(ctx context.Context, epochID int64, root common.Hash, total *big.Int, now time.Time) error
	// AddTx stores a signed transaction (tx.Seq is set to the next number): the first
	// moves tree_built → tx_sent; later ones are replacements, added in tx_sent.
	AddTx(ctx context.Context, tx *EpochTx, now time.Time) error
	// EpochTxs returns an epoch's transactions, first first.
	EpochTxs(ctx context.Context, epochID int64) ([]EpochTx, error)
	// Renumber gives an epoch still in tx_sent or tree_built another number, recording why.
	Renumber(ctx context.Context, epochID int64, number uint64, detail string, now time.Time) error
	// MarkMined records the receipt of the transaction that was mined: tx_sent → mined.
	MarkMined(ctx context.Context, epochID int64, txHash common.Hash, block uint64, blockHash common.Hash, gasUsed uint64, now time.Time) error
	// MarkConfirmed records that the block has enough confirmations: mined → confirmed.
	MarkConfirmed(ctx context.Context, epochID int64, now time.Time) error
	// MoveBlock records that a mined or confirmed epoch's transaction is now in another
	// block (a reorg took the old one and the transaction was mined again).
	MoveBlock(ctx context.Context, epochID int64, block uint64, blockHash common.Hash, detail string, now time.Time) error
	// Unmine records that a mined or confirmed epoch's block left the chain: it goes to
	// to (tx_sent, to be published again, or reorged), forgetting the block.
	Unmine(ctx context.Context, epochID int64, to EpochState, detail string, now time.Time) error
	// Abandon records an operator's decision to give up an open epoch not yet mined.
	Abandon(ctx context.Context, epochID int64, reason string, now time.Time) error
	// AddEvent records something that happened to an epoch.
	AddEvent(ctx context.Context, e EpochEvent) error
	// EpochEvents returns an epoch's events, oldest first.
	EpochEvents(ctx context.Context, epochID int64) ([]EpochEvent, error)
}

// Chain is the node settlement publishes roots through (arena/chain implements it).
// Settlement decides what to send and records every step; the transactions it signs
// travel as bytes, so that a resumed run sends exactly what an earlier run recorded.
type Chain interface {
	// ChainID returns the id of the chain the node is on.
	ChainID(ctx context.Context) (uint64, error)
	// Publisher is the account the transactions are signed by.
	Publisher() common.Address
	// CurrentRoot returns distributor's latest epoch and root (0 and the zero hash before
	// the first publication).
	CurrentRoot(ctx context.Context, distributor common.Address) (epoch uint64, root common.Hash, err error)
	// Limits returns distributor's pause and limits as the latest block has them.
	Limits(ctx context.Context, distributor common.Address) (*Limits, error)
	// SignRoot signs, without sending, the transaction publishing root as epoch on
	// distributor, declaring total as the sum of its cumulative amounts. Options left
	// zero take the node's pending nonce and suggested fees. A refusal the contract
	// explains (gas estimation reverts) names its custom error.
	SignRoot(ctx context.Context, distributor common.Address, epoch uint64, root common.Hash, total *big.Int, opts SignOptions) (*SignedTx, error)
	// DecodeTx decodes a transaction SignRoot encoded.
	DecodeTx(raw []byte) (*SignedTx, error)
	// Send broadcasts a transaction SignRoot encoded. One the node already has is not an
	// error; a nonce already used is ErrNonceUsed, a fee the node will not take
	// ErrUnderpriced (both wrapped).
	Send(ctx context.Context, raw []byte) error
	// Receipt returns the receipt of the transaction hash, nil when it is not mined.
	Receipt(ctx context.Context, hash common.Hash) (*Receipt, error)
	// Pending reports whether the node holds the transaction hash in its pool.
	Pending(ctx context.Context, hash common.Hash) (bool, error)
	// Nonce returns how many of the publisher's transactions are mined: the nonce the
	// chain takes next.
	Nonce(ctx context.Context) (uint64, error)
	// PendingNonce returns the nonce after the publisher's transactions the node can mine
	// next (those in its pool without a gap before them).
	PendingNonce(ctx context.Context) (uint64, error)
	// Head returns the latest block's number and base fee.
	Head(ctx context.Context) (number uint64, baseFee *big.Int, err error)
	// SuggestTip returns the priority fee the node suggests.
	SuggestTip(ctx context.Context) (*big.Int, error)
	// BlockHash returns the hash of the canonical block at number, or the zero hash when
	// the chain is not that long.
	BlockHash(ctx context.Context, number uint64) (common.Hash, error)
}

// Limits are the safeguards of a distributor: the admin's pause, and how much and how
// often the publisher may add to what can be claimed. They bound what a stolen publisher
// key can do before the admin (or a pauser) pauses.
type Limits struct {
	Paused bool
	// EpochCap is the most a root's declared total may exceed the previous root's.
	EpochCap *big.Int
	// MinInterval is the least time between two roots.
	MinInterval time.Duration
	// LastPublished is when the current root was published (zero before the first).
	LastPublished time.Time
	// Total is the current root's declared total; Claimed what has been claimed in all.
	Total, Claimed *big.Int
	// BlockTime is the latest block's time, the clock the contract checks MinInterval by.
	BlockTime time.Time
}

// NextRootAt is the earliest block time at which the distributor takes a new root.
func (l *Limits) NextRootAt() time.Time {
	if l.LastPublished.IsZero() {
		return time.Time{}
	}
	return l.LastPublished.Add(l.MinInterval)
}

// SignOptions fix what SignRoot would otherwise take from the node.
type SignOptions struct {
	Nonce          *uint64
	TipCap, FeeCap *big.Int
}

// SignedTx is a signed root transaction, decoded.
type SignedTx struct {
	Hash           common.Hash
	Raw            []byte
	Nonce          uint64
	TipCap, FeeCap *big.Int
	Gas            uint64
}

// Receipt is what settlement records of a mined transaction.
type Receipt struct {
	Block     uint64
	BlockHash common.Hash
	GasUsed   uint64
	// Failed is set when the transaction reverted.
	Failed bool
}

// RefusedError is a transaction the contract refuses (its gas estimation reverts), with
// the name of the contract's custom error, e.g. AccessControlUnauthorizedAccount.
type RefusedError struct {
	Name string
	Err  error
}

func (e *RefusedError) Error() string {
	return "the contract refuses it: " + e.Name + ": " + e.Err.Error()
}

func (e *RefusedError) Unwrap() error { return e.Err }

// Errors Chain.Send wraps.
var (
	ErrNonceUsed   = errors.New("nonce already used")
	ErrUnderpriced = errors.New("fee too low for the node")
)

// DefaultConfirmations is how many blocks (the one holding it included) a root
// transaction needs before its proofs are served: 1 on a dev chain (chain id 1337), where
// blocks are only made on demand and never reorganised, 12 elsewhere.
func DefaultConfirmations(chainID uint64) uint64 {
	if chainID == 1337 {
		return 1
	}
	return 12
}

// Settler runs settlement epochs on one distributor.
type Settler struct {
	Store SettleStore
	// Chain is the node; it signs with the root publisher's key.
	Chain       Chain
	Distributor common.Address
	Policy      Policy
	Clock       arena.Clock
	Log         *slog.Logger
	// Confirmations is how many blocks, the one holding the root included, make an
	// epoch confirmed; DefaultConfirmations of the chain when zero.
	Confirmations uint64
	// Wait bounds how long one run waits for the chain (a transaction to be mined, the
	// confirmations); 5 minutes when zero. A run that runs out of time stops with the
	// epoch recorded where it is, and the next run goes on from there.
	Wait time.Duration
	// ReplaceAfter is how long a transaction may stay pending before a replacement with
	// higher fees is sent; 1 minute when zero.
	ReplaceAfter time.Duration
	// Poll is how often the chain is asked while waiting; 2 seconds when zero.
	Poll time.Duration
	// AfterStep, if set, is called after each step with its name (snapshotted,
	// tree_built, tx_sent — recorded but not yet broadcast —, broadcast, resigned — a
	// replacement recorded but not broadcast —, mined, confirmed); an error stops the run
	// there, as a crash would. Tests use it.
	AfterStep func(step string) error
	// Observer, if set, counts the steps for the metrics.
	Observer arena.Observer
}

// SettleResult says what a run did.
type SettleResult struct {
	Epoch   *Epoch
	Entries []EpochEntry
	// Resumed is set when the run finished an epoch an earlier run had started.
	Resumed bool
	// Nothing is set when there was nothing new to settle (no epoch was started).
	Nothing bool
	DryRun  bool
	// Events are what this run recorded besides its steps (replacements, renumbering,
	// reorgs), for the operator to read.
	Events []EpochEvent
}

// ErrNothingToSettle is returned (wrapped) by a snapshot with nothing new.
var ErrNothingToSettle = errors.New("nothing new to settle")

func (s *Settler) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

func (s *Settler) step(name string) error {
	if s.Observer != nil {
		s.Observer.SettlementStep(name)
	}
	if s.AfterStep != nil {
		return s.AfterStep(name)
	}
	return nil
}

func (s *Settler) wait() time.Duration {
	if s.Wait > 0 {
		return s.Wait
	}
	return 5 * time.Minute
}

func (s *Settler) replaceAfter() time.Duration {
	if s.ReplaceAfter > 0 {
		return s.ReplaceAfter
	}
	return time.Minute
}

func (s *Settler) poll() time.Duration {
	if s.Poll > 0 {
		return s.Poll
	}
	return 2 * time.Second
}

func (s *Settler) confirmations(chainID uint64) uint64 {
	if s.Confirmations > 0 {
		return s.Confirmations
	}
	return DefaultConfirmations(chainID)
}

// sleep waits d, or until ctx ends.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// chainID returns the node's chain id.
func (s *Settler) chainID(ctx context.Context) (uint64, error) {
	id, err := s.Chain.ChainID(ctx)
	if err != nil {
		return 0, fmt.Errorf("reading the chain id: %w", err)
	}
	return id, nil
}

// run is one Run's working state.
type run struct {
	*Settler
	chainID  uint64
	deadline time.Time
	res      *SettleResult
	// pendingSince is when this run first saw each transaction pending in the pool.
	pendingSince map[common.Hash]time.Time
	// refused holds transactions the node refused for their fees, to be replaced.
	refused map[common.Hash]bool
	// backoff is the pause before the node is asked again.
	backoff time.Duration
	// sent holds the transactions this run has broadcast; sentOnce is set after the first.
	sent     map[common.Hash]bool
	sentOnce bool
}

// event records e for the epoch and keeps it for the result.
func (r *run) event(ctx context.Context, ep *Epoch, kind, detail string) error {
	e := EpochEvent{EpochID: ep.ID, Kind: kind, Detail: detail, At: r.Clock.Now()}
	if err := r.Store.AddEvent(ctx, e); err != nil {
		return err
	}
	r.res.Events = append(r.res.Events, e)
	r.log().Info("settlement: "+kind, "epoch", ep.Number, "detail", detail)
	return nil
}

// Run settles one epoch: it takes on an epoch an earlier run left open, or starts a new
// one from the ledger, and takes it through every step to confirmed, recovering on the
// way from transactions that were dropped, underpriced, replaced by another of the key,
// reverted, or beaten to their epoch number. It waits at most Wait for the chain. Before
// that it checks that the blocks of the latest epochs are still on the chain. With dryRun
// it computes what a new epoch would hold and changes nothing.
func (s *Settler) Run(ctx context.Context, dryRun bool) (*SettleResult, error) {
	chainID, err := s.chainID(ctx)
	if err != nil {
		return nil, err
	}
	r := &run{Settler: s, chainID: chainID, deadline: time.Now().Add(s.wait()), res: &SettleResult{DryRun: dryRun},
		pendingSince: map[common.Hash]time.Time{}, refused: map[common.Hash]bool{}, sent: map[common.Hash]bool{}}
	if !dryRun {
		if err := r.reconcile(ctx); err != nil {
			return nil, err
		}
	}
	ep, err := s.Store.OpenEpoch(ctx, s.Distributor)
	if err != nil {
		return nil, err
	}
	lim, err := s.Chain.Limits(ctx, s.Distributor)
	if err != nil {
		return nil, err
	}
	res := r.res
	// An epoch with a transaction out is looked at first: the transaction may be mined
	// already, which the limits now read as the interval's start. A new epoch is checked
	// once its snapshot shows there is something to settle.
	if !dryRun && ep != nil && (ep.State == StateSnapshotted || ep.State == StateTreeBuilt) {
		var sum *big.Int
		if ep.State == StateTreeBuilt {
			sum = ep.Total
		}
		if err := s.checkLimits(lim, ep, sum, true, false); err != nil {
			return nil, err
		}
	}
	if ep != nil {
		if ep.ChainID != chainID {
			return nil, arena.Errorf(arena.EINVALID, "Epoch %d was started on chain %d, but the node is on chain %d: point --rpc at chain %d, or abandon the epoch with `arena settle abandon %d`.",
				ep.Number, ep.ChainID, chainID, ep.ChainID, ep.Number)
		}
		res.Resumed = true
		s.log().Info("taking on an unfinished epoch", "epoch", ep.Number, "state", ep.State)
		if dryRun {
			res.Epoch = ep
			res.Entries, err = s.Store.EpochEntries(ctx, ep.ID)
			return res, err
		}
	} else {
		ep, res.Entries, err = s.snapshot(ctx, chainID, lim, dryRun)
		if errors.Is(err, ErrNothingToSettle) {
			res.Nothing = true
			return res, nil
		} else if err != nil {
			return nil, err
		}
		if dryRun {
			root, err := MerkleRoot(treeEntries(res.Entries))
			if err != nil {
				return nil, err
			}
			ep.Root, ep.Total = root, total(res.Entries)
			res.Epoch = ep
			return res, nil
		}
		if err := s.step(string(StateSnapshotted)); err != nil {
			return nil, err
		}
	}
	res.Epoch = ep
	for ep.State != StateConfirmed {
		var step string
		switch ep.State {
		case StateSnapshotted:
			err, step = s.buildTree(ctx, ep, res.Entries), string(StateTreeBuilt)
		case StateTreeBuilt:
			err, step = r.signFirst(ctx, ep), string(StateTxSent)
		case StateTxSent:
			err, step = r.publish(ctx, ep), string(StateMined)
		case StateMined:
			err = r.confirm(ctx, ep)
			if ep.State == StateConfirmed {
				step = string(StateConfirmed)
			}
		default:
			return nil, fmt.Errorf("epoch %d is %s, which settlement does not take on", ep.Number, ep.State)
		}
		if err != nil {
			return nil, err
		}
		if step != "" {
			if err := s.step(step); err != nil {
				return nil, err
			}
		}
	}
	if res.Entries == nil {
		if res.Entries, err = s.Store.EpochEntries(ctx, ep.ID); err != nil {
			return nil, err
		}
	}
	return res, nil
}

func total(entries []EpochEntry) *big.Int {
	t := new(big.Int)
	for _, e := range entries {
		t.Add(t, e.Cumulative)
	}
	return t
}

// snapshot starts the next epoch from the ledger (or, for a dry run, computes it and rolls
// back). Its number follows both the chain's and every recorded epoch's, abandoned ones
// included, so it is free on the chain and in the history. An epoch lim refuses (paused,
// too soon, over the cap; a dry run only over the cap) is refused with nothing stored.
func (s *Settler) snapshot(ctx context.Context, chainID uint64, lim *Limits, dryRun bool) (*Epoch, []EpochEntry, error) {
	last, err := s.Store.LastEpoch(ctx, s.Distributor)
	if err != nil {
		return nil, nil, err
	}
	onChain, _, err := s.Chain.CurrentRoot(ctx, s.Distributor)
	if err != nil {
		return nil, nil, err
	}
	number := onChain + 1
	if last != nil && last.Number >= number {
		number = last.Number + 1
	}
	now := s.Clock.Now()
	ep := &Epoch{Number: number, ChainID: chainID, Distributor: s.Distributor, State: StateSnapshotted, CreatedAt: now, UpdatedAt: now}
	var entries []EpochEntry
	errDry := errors.New("dry run")
	err = s.Store.SnapshotEpoch(ctx, ep, func(in Snapshot) ([]EpochEntry, error) {
		entries = s.entries(in)
		if len(entries) == 0 {
			return nil, ErrNothingToSettle
		}
		if len(in.Prev) == len(entries) {
			same := true
			for _, e := range entries {
				if p, ok := in.Prev[e.Account]; !ok || p.Cumulative.Cmp(e.Cumulative) != 0 {
					same = false
					break
				}
			}
			if same {
				return nil, ErrNothingToSettle
			}
		}
		if err := s.checkLimits(lim, ep, total(entries), false, dryRun); err != nil {
			return nil, err
		}
		if dryRun {
			return nil, errDry
		}
		return entries, nil
	})
	if errors.Is(err, errDry) {
		err = nil
	}
	if err != nil {
		return nil, nil, err
	}
	ep.Wallets = len(entries)
	s.log().Info("snapshotted epoch", "epoch", ep.Number, "wallets", len(entries), "cutoff_ledger_id", ep.CutoffLedgerID, "dry_run", dryRun)
	return ep, entries, nil
}

// entries converts points to cumulative token units, adding the account's shares of
// data sales (in token units already). A cumulative amount never shrinks
// from one epoch to the next (the contract pays the difference, so it cannot take tokens
// back): points clawed back after settling only keep the wallet from earning more until
// they are made up. On a distributor that replaced another, what a wallet claimed there
// is taken off, and what that one last owed it counts as given. An account that changed
// wallets is owed on its current wallet what it earned less what its former wallets were
// given: their amounts stay theirs, and the rest goes to the wallet linked now.
func (s *Settler) entries(in Snapshot) []EpochEntry {
	var out []EpochEntry
	seen := map[common.Address]bool{}
	for _, wp := range in.Points {
		units := s.Policy.TokenUnits(max(wp.Points, 0))
		if share := in.SaleShares[wp.UserID]; share != nil {
			units.Add(units, share)
		}
		units.Sub(units, givenElsewhere(in, wp.UserID, wp.Account))
		if units.Sign() < 0 {
			units.SetInt64(0)
		}
		if c, ok := in.Carry[wp.Account]; ok {
			units = carried(units, c)
		}
		if p, ok := in.Prev[wp.Account]; ok && p.Cumulative.Cmp(units) > 0 {
			units = new(big.Int).Set(p.Cumulative)
		}
		seen[wp.Account] = true
		if units.Sign() == 0 {
			continue
		}
		out = append(out, EpochEntry{UserID: wp.UserID, Account: wp.Account, Points: wp.Points, Cumulative: units})
	}
	for a, p := range in.Prev { // a wallet no longer linked keeps what it was given
		if !seen[a] && p.Cumulative.Sign() > 0 {
			seen[a] = true
			out = append(out, EpochEntry{UserID: p.UserID, Account: a, Points: p.Points, Cumulative: new(big.Int).Set(p.Cumulative)})
		}
	}
	for a, c := range in.Carry { // nor does one unlinked before the distributor was replaced
		if units := carried(new(big.Int), c); !seen[a] && units.Sign() > 0 {
			out = append(out, EpochEntry{Account: a, Cumulative: units})
		}
	}
	return out
}

// givenElsewhere is what userID's former wallets (all but current) hold of its
// earnings, in token units: what this distributor's last epoch gave each, plus what it
// claimed on a replaced distributor, or what that one last owed it if more.
func givenElsewhere(in Snapshot, userID int64, current common.Address) *big.Int {
	sum := new(big.Int)
	for _, a := range in.Former[userID] {
		if a == current {
			continue
		}
		given := new(big.Int)
		if p, ok := in.Prev[a]; ok {
			given.Set(p.Cumulative)
		}
		if c, ok := in.Carry[a]; ok {
			if c.Claimed != nil {
				given.Add(given, c.Claimed)
			}
			if c.Cumulative != nil && c.Cumulative.Cmp(given) > 0 {
				given.Set(c.Cumulative)
			}
		}
		sum.Add(sum, given)
	}
	return sum
}

// carried is what a wallet is owed on a replacing distributor, given units earned in
// total: at least what the old one last owed it, less what it claimed there.
func carried(units *big.Int, c Carryover) *big.Int {
	owed := new(big.Int).Set(units)
	if c.Cumulative != nil && c.Cumulative.Cmp(owed) > 0 {
		owed.Set(c.Cumulative)
	}
	if c.Claimed != nil {
		owed.Sub(owed, c.Claimed)
	}
	if owed.Sign() < 0 {
		owed.SetInt64(0)
	}
	return owed
}

func treeEntries(entries []EpochEntry) []Entry {
	es := make([]Entry, len(entries))
	for i, e := range entries {
		es[i] = Entry{Account: e.Account, Cumulative: e.Cumulative}
	}
	return es
}

// buildTree computes the root of the epoch's stored entries, or of entries when the
// snapshot just stored them (they are then what the store holds).
func (s *Settler) buildTree(ctx context.Context, ep *Epoch, entries []EpochEntry) error {
	if entries == nil {
		var err error
		if entries, err = s.Store.EpochEntries(ctx, ep.ID); err != nil {
			return err
		}
	}
	root, err := MerkleRoot(treeEntries(entries))
	if err != nil {
		return err
	}
	now := s.Clock.Now()
	sum := total(entries)
	if err := s.Store.SaveTree(ctx, ep.ID, root, sum, now); err != nil {
		return err
	}
	ep.State, ep.Root, ep.Total, ep.Wallets, ep.UpdatedAt = StateTreeBuilt, root, sum, len(entries), now
	s.log().Info("computed the Merkle root", "epoch", ep.Number, "root", ep.Root.Hex(), "wallets", len(entries))
	return nil
}
