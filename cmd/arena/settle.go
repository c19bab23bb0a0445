package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/ethclient"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/views"
)

func init() {
	register(command{name: "settle", usage: "settle earned points as token rewards: one epoch on chain", run: runSettle})
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

// resolveDistributor picks the distributor to settle on: the one given (which, if
// recorded, must be on this chain), else the newest deployment recorded for this chain.
func resolveDistributor(ctx context.Context, db *sqlstore.DB, client *ethclient.Client, chainID uint64, given string) (common.Address, error) {
	deps, err := db.Deployments(ctx)
	if err != nil {
		return common.Address{}, err
	}
	var addr common.Address
	if given != "" {
		if !common.IsHexAddress(given) {
			return common.Address{}, fmt.Errorf("--distributor %q is not an address", given)
		}
		addr = common.HexToAddress(given)
		for _, d := range deps {
			if d.Distributor == addr && d.ChainID != chainID {
				return common.Address{}, fmt.Errorf("the distributor %s was deployed on chain %d, but the node is on chain %d", addr.Hex(), d.ChainID, chainID)
			}
		}
	} else {
		for _, d := range deps {
			if d.ChainID == chainID {
				addr = d.Distributor
				break
			}
		}
		if addr == (common.Address{}) {
			if len(deps) > 0 {
				return common.Address{}, fmt.Errorf("the recorded deployment is on chain %d, but the node is on chain %d: point --rpc at that chain, or pass --distributor to use one this arena did not deploy", deps[0].ChainID, chainID)
			}
			return common.Address{}, fmt.Errorf("no contracts are recorded in this database: run `arena contracts deploy` first, or pass --distributor to use one this arena did not deploy")
		}
	}
	code, err := client.CodeAt(ctx, addr, nil)
	if err != nil {
		return common.Address{}, fmt.Errorf("reading the distributor's code: %w", err)
	}
	if len(code) == 0 {
		return common.Address{}, fmt.Errorf("there is no contract at %s on chain %d", addr.Hex(), chainID)
	}
	return addr, nil
}

// settleRun is one configured settlement.
type settleRun struct {
	db          *sqlstore.DB
	client      *ethclient.Client
	chainID     uint64
	key         *chainKey
	distributor common.Address
	policy      rewards.Policy
	log         *slog.Logger
}

func (r *settleRun) run(ctx context.Context, dryRun bool) (*rewards.SettleResult, error) {
	s := &rewards.Settler{Store: r.db, Chain: &chain.Client{Backend: r.client, Auth: bind.NewKeyedTransactor(r.key.key, new(big.Int).SetUint64(r.chainID))},
		Distributor: r.distributor, Policy: r.policy, Clock: arena.SystemClock{}, Log: r.log}
	return s.Run(ctx, dryRun)
}

// describe says what a settlement run did, in one line.
func describe(res *rewards.SettleResult) string {
	if res.Nothing {
		return "Nothing new to settle: every linked wallet's points are already in the latest epoch."
	}
	e := res.Epoch
	verb := "Settled"
	switch {
	case res.DryRun && res.Resumed:
		verb = "Would finish interrupted"
	case res.DryRun:
		verb = "Would settle"
	case res.Resumed:
		verb = "Finished interrupted"
	}
	s := fmt.Sprintf("%s epoch %d: %d wallets, %s ARENA in total, root %s", verb, e.Number, len(res.Entries), views.Tokens(e.Total.String()), e.Root.Hex())
	if e.State == rewards.StateConfirmed {
		s += fmt.Sprintf(", transaction %s in block %d (gas %d)", e.TxHash.Hex(), e.Block, e.GasUsed)
	} else if res.DryRun && res.Resumed {
		s += fmt.Sprintf(" (now %s)", e.State)
	}
	return s + "."
}

func runSettle(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "settle", "settle --rpc URL --key-file KEYSTORE [--dry-run] [--distributor ADDR] [flags]")
	var cf chainFlags
	addChainFlags(fs, env, &cf)
	dbPath := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	dryRun := fs.Bool("dry-run", false, "show what the next epoch would hold; change nothing")
	distributor := fs.String("distributor", envString(env, "ARENA_DISTRIBUTOR", ""), "distributor address, when not the one `arena contracts deploy` recorded (env ARENA_DISTRIBUTOR)")
	policyPath := fs.String("rewards-policy", envString(env, "ARENA_REWARDS_POLICY", ""), "rewards policy JSON file; the embedded default when empty (env ARENA_REWARDS_POLICY)")
	logLevel := fs.String("log-level", envString(env, "ARENA_LOG_LEVEL", "info"), "debug, info, warn or error (env ARENA_LOG_LEVEL)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log, err := newLogger(env, *logLevel)
	if err != nil {
		return err
	}
	policy, err := loadPolicy(*policyPath)
	if err != nil {
		return err
	}
	cs, err := openChain(ctx, env, cf, *dbPath)
	if err != nil {
		return err
	}
	defer cs.Close()
	key, client, chainID, db := cs.key, cs.client, cs.chainID, cs.db
	addr, err := resolveDistributor(ctx, db, client, chainID, *distributor)
	if err != nil {
		return err
	}
	r := &settleRun{db: db, client: client, chainID: chainID, key: key, distributor: addr, policy: policy, log: log}
	res, err := r.run(ctx, *dryRun)
	if err != nil {
		return fmt.Errorf("settlement stopped: %s (running arena settle again finishes the same epoch)", arena.ErrorMessage(err)+detail(err))
	}
	fmt.Fprintln(env.Stdout, describe(res))
	return nil
}

// detail adds a non-domain error's text, which an operator (unlike a site visitor) may see.
func detail(err error) string {
	if arena.ErrorCode(err) == arena.EINTERNAL {
		return ": " + err.Error()
	}
	return ""
}

// rewardOptions are the rewards flags of `arena serve`.
type rewardOptions struct {
	policy      string
	chainID     uint64
	publicURL   string
	chain       chainFlags
	distributor string
}

func addRewardFlags(fs *flag.FlagSet, env *Env) (*rewardOptions, error) {
	o := &rewardOptions{}
	fs.StringVar(&o.policy, "rewards-policy", envString(env, "ARENA_REWARDS_POLICY", ""), "rewards policy JSON file (tiers, caps, sign-up bonus, token units per point); the embedded default when empty (env ARENA_REWARDS_POLICY)")
	chainID, err := envInt(env, "ARENA_CHAIN_ID", 1337)
	if err != nil {
		return nil, err
	}
	fs.Uint64Var(&o.chainID, "chain-id", uint64(chainID), "chain id wallets sign in for and claim on (env ARENA_CHAIN_ID)")
	fs.StringVar(&o.publicURL, "public-url", envString(env, "ARENA_PUBLIC_URL", ""), "the site's public URL, e.g. https://arena.example, named in wallet sign-in messages; the request's host when empty (env ARENA_PUBLIC_URL)")
	addChainFlags(fs, env, &o.chain)
	fs.StringVar(&o.distributor, "distributor", envString(env, "ARENA_DISTRIBUTOR", ""), "distributor address for the admin's settle button, when not the recorded one (env ARENA_DISTRIBUTOR)")
	return o, nil
}

// setupRewards wires the points policy into votes and sign-ups, and the wallet pages;
// with --rpc it reads claimed amounts from the node, and with --key-file too, admins can
// settle from /wallet. votePoints > 0 keeps the old fixed reward per vote.
func (a *app) setupRewards(ctx context.Context, env *Env, o *rewardOptions, votePoints int) error {
	policy, err := loadPolicy(o.policy)
	if err != nil {
		return err
	}
	points := &rewards.Points{Policy: policy, Store: a.db, Clock: arena.SystemClock{}}
	if votePoints <= 0 {
		a.battles.Rewards = points
	}
	a.accounts.SignUpBonus = points.SignUpBonus
	a.rewards = &rewards.Wallets{Store: a.db, ChainID: o.chainID, PublicURL: o.publicURL, Clock: arena.SystemClock{}, PackClaim: chain.PackClaim, Log: a.log}
	if o.chain.rpc == "" {
		return nil
	}
	client, chainID, err := dialChain(ctx, o.chain.rpc)
	if err != nil {
		return err
	}
	if chainID != o.chainID {
		client.Close()
		return fmt.Errorf("the node at %s is on chain %d, but --chain-id is %d", o.chain.rpc, chainID, o.chainID)
	}
	a.rewards.Claimed = &chain.Client{Backend: client}
	if o.chain.keyFile == "" {
		return nil
	}
	key, err := loadKey(env, o.chain.keyFile)
	if err != nil {
		return err
	}
	r := &settleRun{db: a.db, client: client, chainID: chainID, key: key, policy: policy, log: a.log}
	a.rewards.RunSettle = func(ctx context.Context) (string, error) {
		addr, err := resolveDistributor(ctx, a.db, client, chainID, o.distributor)
		if err != nil {
			return "", arena.Errorf(arena.EINVALID, "%s", err.Error())
		}
		run := *r
		run.distributor = addr
		ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		defer cancel()
		res, err := run.run(ctx, false)
		if err != nil {
			return "", err
		}
		return describe(res), nil
	}
	return nil
}
