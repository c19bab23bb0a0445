package main

import (
	"context"
	"fmt"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/rewards"
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
	log, err := newLogger(env, *logLevel, "text")
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
	deps, err := db.Deployments(ctx)
	if err != nil {
		return err
	}
	addr, err := chain.ResolveDistributor(ctx, client, deps, chainID, *distributor)
	if err != nil {
		return err
	}
	s := chain.Settlement{Store: db, Node: client, ChainID: chainID, Key: key.key, Policy: policy, Clock: arena.SystemClock{}, Log: log}
	res, err := s.Run(ctx, addr, *dryRun)
	if err != nil {
		return fmt.Errorf("settlement stopped: %s (running arena settle again finishes the same epoch)", arena.ErrorMessage(err)+detail(err))
	}
	fmt.Fprintln(env.Stdout, app.DescribeSettlement(res))
	return nil
}

// detail adds a non-domain error's text, which an operator (unlike a site visitor) may see.
func detail(err error) string {
	if arena.ErrorCode(err) == arena.EINTERNAL {
		return ": " + err.Error()
	}
	return ""
}
