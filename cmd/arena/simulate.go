package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
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
	fs.IntVar(&cfg.HonestAccounts, "honest-accounts", cfg.HonestAccounts, "honest accounts")
	fs.IntVar(&cfg.SybilAccounts, "sybil-accounts", cfg.SybilAccounts, "the lab's Sybil accounts")
	fs.IntVar(&cfg.SybilAddresses, "sybil-addresses", cfg.SybilAddresses, "proxy addresses behind the Sybil accounts")
	fs.Float64Var(&cfg.GoldRate, "gold-rate", cfg.GoldRate, "share of battles that are gold battles")
	only := fs.String("defences", "both", "on, off or both")
	if err := fs.Parse(args); err != nil {
		return err
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

// qualityOptions are the vote-quality flags of `arena serve` (kept here, beside the
// simulation that measures them).
type qualityOptions struct {
	goldRate         float64
	excludeBelow     float64
	moderationList   string
	moderationURL    string
	moderationKeyEnv string
	noQuality        bool
}

func addQualityFlags(fs *flag.FlagSet, env *Env, o *qualityOptions) error {
	policy := arena.DefaultQualityPolicy()
	gold, err := envFloat(env, "ARENA_GOLD_RATE", 0.02)
	if err != nil {
		return err
	}
	exclude, err := envFloat(env, "ARENA_QUALITY_EXCLUDE_BELOW", policy.ExcludeBelow)
	if err != nil {
		return err
	}
	fs.Float64Var(&o.goldRate, "gold-rate", gold, "share of battles that are gold battles, with one side deliberately broken (env ARENA_GOLD_RATE)")
	fs.Float64Var(&o.excludeBelow, "quality-exclude-below", exclude, "votes scoring below this (0 to 1) stay out of leaderboards and datasets; 0 keeps all (env ARENA_QUALITY_EXCLUDE_BELOW)")
	fs.StringVar(&o.moderationList, "moderation-list", envString(env, "ARENA_MODERATION_LIST", ""), "file of words and patterns, one per line, that flag prompts out of public datasets; default: the built-in list (env ARENA_MODERATION_LIST)")
	fs.StringVar(&o.moderationURL, "moderation-url", envString(env, "ARENA_MODERATION_URL", ""), "base URL of an OpenAI-compatible moderation endpoint, e.g. https://api.openai.com/v1, checked besides the list (env ARENA_MODERATION_URL)")
	fs.StringVar(&o.moderationKeyEnv, "moderation-key-env", envString(env, "ARENA_MODERATION_KEY_ENV", ""), "name of the environment variable holding the moderation endpoint's API key (env ARENA_MODERATION_KEY_ENV)")
	fs.BoolVar(&o.noQuality, "no-vote-quality", env.Getenv("ARENA_NO_VOTE_QUALITY") == "1", "turn off vote scoring, gold battles, moderation and Sybil detection (env ARENA_NO_VOTE_QUALITY=1)")
	return nil
}

func envFloat(env *Env, key string, def float64) (float64, error) {
	v := env.Getenv(key)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("%s=%q is not a number", key, v)
	}
	return f, nil
}

// setupQuality wires vote scoring, gold battles, moderation, Sybil detection and the
// admin review page.
func (a *app) setupQuality(env *Env, o qualityOptions) error {
	clock := arena.SystemClock{}
	a.review = &arena.ReviewService{Store: a.db, Clock: clock, OnChange: a.votesChanged}
	if o.noQuality {
		return nil
	}
	if o.goldRate < 0 || o.goldRate > 0.5 {
		return fmt.Errorf("--gold-rate must be between 0 and 0.5, got %g", o.goldRate)
	}
	if o.excludeBelow < 0 || o.excludeBelow > 1 {
		return fmt.Errorf("--quality-exclude-below must be between 0 and 1, got %g", o.excludeBelow)
	}
	policy := arena.DefaultQualityPolicy()
	policy.ExcludeBelow = o.excludeBelow
	var mods arena.Moderators
	if o.moderationList != "" {
		m, err := arena.LoadModerationList(o.moderationList)
		if err != nil {
			return err
		}
		mods = append(mods, m)
	} else {
		mods = append(mods, arena.DefaultModerator())
	}
	if o.moderationURL != "" {
		key := ""
		if o.moderationKeyEnv != "" {
			if key = env.Getenv(o.moderationKeyEnv); key == "" {
				return fmt.Errorf("--moderation-key-env %s: the variable is not set", o.moderationKeyEnv)
			}
		}
		m, err := llm.NewModeration(o.moderationURL, key, "", nil)
		if err != nil {
			return err
		}
		mods = append(mods, m)
	}
	a.quality = &arena.Quality{Store: a.db, Policy: policy, Clock: clock, GoldRate: o.goldRate, Moderator: mods}
	a.battles.Quality = a.quality
	a.sybil = &arena.SybilDetector{Store: a.db, Clock: clock}
	return nil
}
