package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/views"
)

func init() {
	register(command{name: "settle", usage: "settle earned points as token rewards: one epoch on chain (settle status, settle abandon EPOCH)", run: runSettle})
}

// loadPolicy reads the rewards policy file, or returns the embedded default for "".
func loadPolicy(path string) (rewards.Policy, error) {
	if path == "" {
		return rewards.DefaultPolicy(), nil
	}
	p, err := rewards.LoadPolicy(path)
	if err != nil {
		return rewards.Policy{}, fmt.Errorf("--rewards-policy %s: %s", path, arena.ErrorMessage(err))
	}
	return p, nil
}

// settleFlags are the flags settle and its subcommands share.
type settleFlags struct {
	chain       chainFlags
	db          *string
	distributor *string
	logLevel    *string
}

func addSettleFlags(fs interface {
	StringVar(p *string, name, value, usage string)
	String(name, value, usage string) *string
}, env *Env) *settleFlags {
	f := &settleFlags{}
	addChainFlags(fs, env, &f.chain)
	f.db = fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	f.distributor = fs.String("distributor", envString(env, "ARENA_DISTRIBUTOR", ""), "distributor address, when not the one `arena contracts deploy` recorded (env ARENA_DISTRIBUTOR)")
	f.logLevel = fs.String("log-level", envString(env, "ARENA_LOG_LEVEL", "info"), "debug, info, warn or error (env ARENA_LOG_LEVEL)")
	return f
}

func runSettle(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "status":
			return runSettleStatus(ctx, env, args[1:])
		case "abandon":
			return runSettleAbandon(ctx, env, args[1:])
		}
	}
	fs := newFlagSet(env, "settle", "settle --rpc URL --key-file KEYSTORE [--dry-run] [flags]\n       arena settle status [--rpc URL] [flags]\n       arena settle abandon EPOCH [--reason TEXT] [flags]")
	sf := addSettleFlags(fs, env)
	dryRun := fs.Bool("dry-run", false, "show what the next epoch would hold; change nothing")
	policyPath := fs.String("rewards-policy", envString(env, "ARENA_REWARDS_POLICY", ""), "rewards policy JSON file; the embedded default when empty (env ARENA_REWARDS_POLICY)")
	confirmations := fs.Uint64("confirmations", 0, "blocks (the root's own included) before an epoch is confirmed and its proofs served; 0: 1 on a dev chain (id 1337), 12 elsewhere")
	wait := fs.Duration("wait", 5*time.Minute, "the longest this run waits for the chain; an epoch not mined or confirmed by then is taken on by the next run")
	replaceAfter := fs.Duration("replace-after", time.Minute, "how long a root transaction may wait in the node's pool before it is replaced with higher fees")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log, err := newLogger(env, *sf.logLevel, "text")
	if err != nil {
		return err
	}
	policy, err := loadPolicy(*policyPath)
	if err != nil {
		return err
	}
	cs, err := openChain(ctx, env, sf.chain, *sf.db)
	if err != nil {
		return err
	}
	defer cs.Close()
	key, client, chainID, db := cs.key, cs.client, cs.chainID, cs.db
	deps, err := db.Deployments(ctx)
	if err != nil {
		return err
	}
	addr, err := chain.ResolveDistributor(ctx, client, deps, chainID, *sf.distributor)
	if err != nil {
		return err
	}
	s := chain.Settlement{Store: db, Node: client, ChainID: chainID, Key: key.key, Policy: policy, Clock: arena.SystemClock{}, Log: log,
		Confirmations: *confirmations, Wait: *wait, ReplaceAfter: *replaceAfter}
	res, err := s.Run(ctx, addr, *dryRun)
	var capErr *rewards.CapError
	if errors.As(err, &capErr) {
		return fmt.Errorf("settlement stopped: %s", capErr.Explain(arenaTokens))
	} else if err != nil {
		return fmt.Errorf("settlement stopped: %s\n`arena settle status` shows where the epoch stands", arena.ErrorMessage(err)+detail(err))
	}
	for _, e := range res.Events {
		fmt.Fprintf(env.Stdout, "%s: %s\n", e.Kind, e.Detail)
	}
	fmt.Fprintln(env.Stdout, app.DescribeSettlement(res))
	if res.DryRun || res.Nothing || res.Resumed {
		return nil
	}
	// The snapshot revealed the draw epoch whose votes it counted: say where to check it.
	draws, err := db.DrawEpochs(ctx, 2)
	if err != nil {
		return err
	}
	for _, d := range draws {
		if d.Settlement != nil && d.Settlement.ID == res.Epoch.ID {
			fmt.Fprintf(env.Stdout, "Revealed the secret of reward draw epoch %d (%d votes, commitment %s): GET /api/rewards/draws/%d rechecks every draw.\n",
				d.Number, d.Votes, d.Commitment.Hex(), d.Number)
		}
	}
	return nil
}

// arenaTokens writes token units as ARENA.
func arenaTokens(units *big.Int) string { return views.Tokens(units.String()) + " ARENA" }

// detail adds a non-domain error's text, which an operator (unlike a site visitor) may see.
func detail(err error) string {
	if arena.ErrorCode(err) == arena.EINTERNAL {
		return ": " + err.Error()
	}
	return ""
}

// statusDistributor is the distributor status and abandon work on: the one given, else
// the newest recorded deployment's (on the node's chain, with a node).
func statusDistributor(deps []rewards.Deployment, given string, chainID uint64, node bool) (common.Address, error) {
	if given != "" {
		if !common.IsHexAddress(given) {
			return common.Address{}, fmt.Errorf("--distributor %q is not an address", given)
		}
		return common.HexToAddress(given), nil
	}
	for _, d := range deps {
		if !node || d.ChainID == chainID {
			return d.Distributor, nil
		}
	}
	return common.Address{}, fmt.Errorf("no contracts are recorded in this database for this chain: pass --distributor, or run `arena contracts deploy` first")
}

func runSettleStatus(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "settle status", "settle status [--rpc URL] [flags]\n\nShows where settlement stands: the current epoch, its transactions and history, and,\nwith --rpc, what the chain says of them and what `arena settle` will do next. Changes nothing.")
	sf := addSettleFlags(fs, env)
	confirmations := fs.Uint64("confirmations", 0, "as for arena settle")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := openStore(ctx, *sf.db)
	if err != nil {
		return err
	}
	defer db.Close()
	deps, err := db.Deployments(ctx)
	if err != nil {
		return err
	}
	s := &rewards.Settler{Store: db, Clock: arena.SystemClock{}, Confirmations: *confirmations}
	var chainID uint64
	if sf.chain.rpc != "" {
		client, id, err := dialChain(ctx, sf.chain.rpc)
		if err != nil {
			return err
		}
		defer client.Close()
		chainID = id
		publisher, err := statusPublisher(ctx, env, db, sf.chain.keyFile, deps)
		if err != nil {
			return err
		}
		s.Chain = &chain.Client{Backend: client, Auth: &bind.TransactOpts{From: publisher}}
	}
	if s.Distributor, err = statusDistributor(deps, *sf.distributor, chainID, s.Chain != nil); err != nil {
		return err
	}
	st, err := s.Status(ctx)
	if err != nil {
		return err
	}
	printStatus(env.Stdout, st, s.Chain)
	return nil
}

// statusPublisher is the key status reads nonces for: the key file's, else the sender of
// the newest recorded root transaction, else the deployer.
func statusPublisher(ctx context.Context, env *Env, db *sqlstore.DB, keyFile string, deps []rewards.Deployment) (common.Address, error) {
	if keyFile != "" {
		k, err := loadKey(env, keyFile)
		if err != nil {
			return common.Address{}, err
		}
		return k.addr, nil
	}
	eps, err := db.Epochs(ctx)
	if err != nil {
		return common.Address{}, err
	}
	for _, e := range eps {
		txs, err := db.EpochTxs(ctx, e.ID)
		if err != nil {
			return common.Address{}, err
		}
		if len(txs) > 0 {
			return chain.TxSender(txs[len(txs)-1].Raw)
		}
	}
	if len(deps) > 0 {
		return deps[0].Deployer, nil
	}
	return common.Address{}, nil
}

func printStatus(w io.Writer, st *rewards.Status, c rewards.Chain) {
	fmt.Fprintf(w, "distributor: %s\n", st.Distributor.Hex())
	if st.Chain {
		fmt.Fprintf(w, "on chain:    epoch %d, root %s (head block %d)\n", st.OnEpoch, st.OnRoot.Hex(), st.Head)
	} else {
		fmt.Fprintln(w, "on chain:    not asked (pass --rpc to compare with the chain)")
	}
	if st.LimitsNote != "" {
		fmt.Fprintf(w, "limits:      %s\n", st.LimitsNote)
	}
	if l := st.Limits; l != nil {
		state := "open"
		if l.Paused {
			state = "PAUSED: claims and root publishing are stopped until the admin runs arena contracts unpause"
		}
		fmt.Fprintf(w, "claims:      %s\nlimits:      %s; declared %s, claimed %s\n", state, describeLimits(l.EpochCap, l.MinInterval), arenaTokens(l.Total), arenaTokens(l.Claimed))
		if next := l.NextRootAt(); !next.IsZero() && l.BlockTime.Before(next) {
			fmt.Fprintf(w, "next root:   from %s (block time; the latest block is at %s)\n", next.Format(time.RFC3339), l.BlockTime.Format(time.RFC3339))
		}
	}
	e := st.Current
	if e == nil {
		fmt.Fprintln(w, "no epoch yet: `arena settle` starts epoch 1")
		return
	}
	fmt.Fprintf(w, "\nepoch %d: %s\n  %d wallets, %s ARENA in total, root %s, snapshot to ledger entry %d, started %s\n",
		e.Number, e.State, e.Wallets, views.Tokens(e.Total.String()), e.Root.Hex(), e.CutoffLedgerID, e.CreatedAt.Format(time.RFC3339))
	if e.Block > 0 {
		fmt.Fprintf(w, "  mined in block %d (%s), transaction %s, gas %d", e.Block, e.BlockHash.Hex(), e.TxHash.Hex(), e.GasUsed)
		if st.Chain {
			fmt.Fprintf(w, "; %d of %d confirmations", st.Confirmations, st.Need)
		}
		fmt.Fprintln(w)
	}
	for _, t := range st.Txs {
		line := fmt.Sprintf("  transaction %d %s (%s)", t.Seq, t.Hash.Hex(), t.Reason)
		if c != nil {
			if d, err := c.DecodeTx(t.Raw); err == nil {
				line += fmt.Sprintf(": nonce %d, fee cap %s wei, tip %s wei", d.Nonce, d.FeeCap, d.TipCap)
			}
		}
		fmt.Fprintln(w, line)
	}
	if len(st.Events) > 0 {
		fmt.Fprintln(w, "  history:")
		for _, ev := range st.Events {
			fmt.Fprintf(w, "    %s %s: %s\n", ev.At.Format(time.RFC3339), ev.Kind, ev.Detail)
		}
	}
	if st.View != nil {
		fmt.Fprintf(w, "  the node says: %s\n", st.View.Situation)
	}
	for _, f := range st.Reorgs {
		fmt.Fprintf(w, "reorg (recorded by the next arena settle): epoch %d: %s\n", f.Epoch.Number, f.Detail)
	}
	fmt.Fprintf(w, "next: %s\n", nextStep(st))
	if len(st.Recent) > 1 {
		fmt.Fprintln(w, "\nrecent epochs:")
		for _, r := range st.Recent {
			b := ""
			if r.Block > 0 {
				b = " block " + strconv.FormatUint(r.Block, 10)
			}
			fmt.Fprintf(w, "  %d %s%s, %d wallets, %s ARENA\n", r.Number, r.State, b, r.Wallets, views.Tokens(r.Total.String()))
		}
	}
}

// nextStep says what `arena settle` will do about the current epoch.
func nextStep(st *rewards.Status) string {
	e := st.Current
	switch e.State {
	case rewards.StateSnapshotted:
		return "arena settle builds the tree, signs and sends the root"
	case rewards.StateTreeBuilt:
		return "arena settle signs and sends the root"
	case rewards.StateMined:
		return "arena settle waits for the confirmations, then the epoch's proofs are served"
	case rewards.StateTxSent:
		if st.View == nil {
			return "arena settle looks at the transactions on the chain (pass --rpc to see what it will find)"
		}
		switch st.View.Situation {
		case rewards.TxMined:
			return "arena settle records the mined transaction and waits for its confirmations"
		case rewards.TxPending:
			return "the transaction waits in the node's pool; arena settle waits, and replaces it with higher fees after --replace-after"
		case rewards.TxUnknown:
			return "the node does not have the transaction: arena settle sends it again"
		case rewards.TxUnderpriced:
			return "its fee cap is below the base fee: arena settle replaces it at the same nonce with higher fees"
		case rewards.NonceUsed:
			return "another transaction of the key used its nonce: arena settle signs the root again with a fresh nonce"
		case rewards.NonceGap:
			return "it waits for a nonce nothing will fill: arena settle signs the root again with the chain's next nonce"
		case rewards.TxReverted:
			return "it reverted: arena settle signs the root again, or says what the contract refuses"
		case rewards.EpochTaken:
			return fmt.Sprintf("the distributor is already at epoch %d: arena settle publishes the root as epoch %d", st.View.OnEpoch, st.View.OnEpoch+1)
		}
	case rewards.StateAbandoned, rewards.StateReorged, rewards.StateConfirmed:
		return "arena settle starts a new epoch when there is something new to settle"
	}
	return "arena settle takes it on"
}

func runSettleAbandon(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "settle abandon", "settle abandon EPOCH [--reason TEXT] [flags]\n\nRecords the decision to give up an unfinished epoch that is not mined: it stays in the\nhistory as abandoned, and the next `arena settle` starts a new epoch from the ledger.")
	sf := addSettleFlags(fs, env)
	reason := fs.String("reason", "", "why, for the history")
	var number uint64
	var rest []string
	for _, a := range args {
		if n, err := strconv.ParseUint(a, 10, 64); err == nil && number == 0 && !strings.HasPrefix(a, "-") {
			number = n
			continue
		}
		rest = append(rest, a)
	}
	if err := fs.Parse(rest); err != nil {
		return err
	}
	if number == 0 {
		fs.Usage()
		return fmt.Errorf("give the number of the epoch to abandon, e.g. `arena settle abandon 3` (`arena settle status` shows it)")
	}
	db, err := openStore(ctx, *sf.db)
	if err != nil {
		return err
	}
	defer db.Close()
	deps, err := db.Deployments(ctx)
	if err != nil {
		return err
	}
	dist, err := statusDistributor(deps, *sf.distributor, 0, false)
	if err != nil {
		return err
	}
	why := *reason
	if why == "" {
		why = "abandoned by the operator with arena settle abandon"
	}
	ep, err := rewards.Abandon(ctx, db, dist, number, why, time.Now().UTC())
	if err != nil {
		return fmt.Errorf("%s", arena.ErrorMessage(err))
	}
	fmt.Fprintf(env.Stdout, "Abandoned epoch %d; it stays in the history. The next arena settle starts a new epoch.\n", ep.Number)
	txs, err := db.EpochTxs(ctx, ep.ID)
	if err == nil && len(txs) > 0 {
		fmt.Fprintf(env.Stdout, "Its transaction %s may still be mined; if it is, the chain shows its root until the next epoch replaces it. Claims are cumulative, so nobody is paid twice.\n", txs[len(txs)-1].Hash.Hex())
	}
	return nil
}
