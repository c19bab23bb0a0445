package main

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"

	"github.com/arena-dev/arena/arena/simulate"
)

func init() {
	register(command{name: "simulate", usage: "measure the vote-integrity defences against simulated abuse", run: runSimulate})
}

func runSimulate(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "simulate", "simulate [flags]")
	cfg := simulate.DefaultConfig()
	fs.IntVar(&cfg.Votes, "votes", cfg.Votes, "votes cast in all")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "random seed")
	fs.Float64Var(&cfg.CampaignShare, "campaign", cfg.CampaignShare, "share of all votes cast by the lab's Sybil accounts for its model")
	fs.Float64Var(&cfg.ClickerShare, "clickers", cfg.ClickerShare, "share of all votes cast by random clickers")
	fs.Float64Var(&cfg.LeftShare, "left", cfg.LeftShare, "share of all votes cast by always-left voters")
	fs.Float64Var(&cfg.AdaptiveShare, "adaptive", cfg.AdaptiveShare, "share of all votes cast by the adaptive campaign (one account per address and device, human pace, mostly honest)")
	fs.Float64Var(&cfg.AdaptiveHonesty, "adaptive-honesty", cfg.AdaptiveHonesty, "share of the adaptive campaign's votes cast honestly; the rest go to the boosted model")
	fs.IntVar(&cfg.AdaptiveAccounts, "adaptive-accounts", cfg.AdaptiveAccounts, "the adaptive campaign's accounts")
	fs.IntVar(&cfg.HonestAccounts, "honest-accounts", cfg.HonestAccounts, "honest accounts")
	fs.IntVar(&cfg.SybilAccounts, "sybil-accounts", cfg.SybilAccounts, "the lab's Sybil accounts")
	fs.IntVar(&cfg.SybilAddresses, "sybil-addresses", cfg.SybilAddresses, "proxy addresses behind the Sybil accounts")
	fs.Float64Var(&cfg.FarmShare, "farm", cfg.FarmShare, "share of all votes cast by farming bots (fast, random, a fresh account every --farm-rotate votes)")
	fs.IntVar(&cfg.FarmRotate, "farm-rotate", cfg.FarmRotate, "votes a farming bot casts on one account before it cashes out and moves to a new one")
	fs.IntVar(&cfg.FarmAddresses, "farm-addresses", cfg.FarmAddresses, "proxy addresses behind the farming bots")
	fs.DurationVar(&cfg.Vesting.Window, "vesting-window", cfg.Vesting.Window, "audit window before vote points vest, with the defences on (0: at once)")
	alphas := fs.String("excess-alphas", "0.02,0.05,0.1", "thresholds at which the excess-hold candidate is measured against the adaptive campaign (comma-separated; empty: not measured)")
	fs.Float64Var(&cfg.GoldRate, "gold-rate", cfg.GoldRate, "share of battles that are gold battles")
	only := fs.String("defences", "both", "on, off or both")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg.ExcessAlphas = nil
	for _, a := range strings.Split(*alphas, ",") {
		if a = strings.TrimSpace(a); a == "" {
			continue
		}
		v, err := strconv.ParseFloat(a, 64)
		if err != nil || v <= 0 || v >= 1 {
			return fmt.Errorf("--excess-alphas takes thresholds between 0 and 1, got %q", a)
		}
		cfg.ExcessAlphas = append(cfg.ExcessAlphas, v)
	}
	if cfg.Vesting.Window < 0 {
		return fmt.Errorf("--vesting-window must not be negative, got %s", cfg.Vesting.Window)
	}
	if cfg.FarmRotate < 1 || cfg.FarmAddresses < 1 {
		return fmt.Errorf("--farm-rotate and --farm-addresses must be at least 1, got %d and %d", cfg.FarmRotate, cfg.FarmAddresses)
	}
	for _, f := range []struct {
		name string
		v    float64
	}{{"campaign", cfg.CampaignShare}, {"clickers", cfg.ClickerShare}, {"left", cfg.LeftShare}, {"adaptive", cfg.AdaptiveShare}, {"adaptive-honesty", cfg.AdaptiveHonesty}, {"farm", cfg.FarmShare}} {
		if f.v < 0 || f.v > 1 {
			return fmt.Errorf("--%s must be between 0 and 1, got %g", f.name, f.v)
		}
	}
	if s := cfg.CampaignShare + cfg.ClickerShare + cfg.LeftShare + cfg.AdaptiveShare + cfg.FarmShare; s > 1 {
		return fmt.Errorf("--campaign, --clickers, --left, --adaptive and --farm add up to %g, more than all the votes", s)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("simulate takes no arguments, got %q", fs.Args())
	}
	var modes []bool
	switch *only {
	case "both":
		modes = []bool{false, true}
	case "on":
		modes = []bool{true}
	case "off":
		modes = []bool{false}
	default:
		return fmt.Errorf("--defences must be on, off or both, got %q", *only)
	}
	var reps []*simulate.Report
	for _, on := range modes {
		dir, err := os.MkdirTemp("", "arena-simulate-")
		if err != nil {
			return err
		}
		c := cfg
		c.Dir, c.Defences, c.Log = dir, on, env.Stderr
		fmt.Fprintf(env.Stderr, "simulating %d votes with defences %v...\n", c.Votes, map[bool]string{true: "on", false: "off"}[on])
		r, err := simulate.Run(ctx, c)
		os.RemoveAll(dir)
		if err != nil {
			return err
		}
		reps = append(reps, r)
	}
	simulate.Summary(env.Stdout, reps...)
	return nil
}
