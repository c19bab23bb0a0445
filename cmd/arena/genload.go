package main

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/ranking"
)

func init() {
	register(command{name: "gen-load", usage: "fill a database with simulated traffic, then load real servers and report latencies", run: runGenLoad})
}

const genLoadSynopsis = `gen-load [flags]

Fills a new database (--db, SQLite or PostgreSQL) with --votes simulated battles, each
voted on, over --days of traffic by --users users (a few heavy, many light), between
--models models; then starts --servers real ` + "`arena serve`" + ` processes on it (or loads
the servers given with --url) for --duration, with --workers concurrent clients divided
between votes, battle pages, leaderboard pages and /me by --mix, and one export all along,
and reports each kind's p50 and p99 latency, votes per second and the servers' memory.
--votes 0 skips the fill (drive a database filled before); --duration 0 skips the drive.`

// loadPassword is the password of every account gen-load creates: the accounts are a
// scratch database's, and knowing it lets a person log in as a heavy user to look.
const loadPassword = "loadgen-password"

// loadAccountPrefix names the accounts gen-load creates: load1 is the heaviest voter.
const loadAccountPrefix = "load"

// loadVotePoints is each simulated vote's points, as `arena serve --vote-points`.
const loadVotePoints = 10

// fillOptions is what the fill phase simulates.
type fillOptions struct {
	votes, users, accounts, models int
	days                           int
	seed                           uint64
}

func runGenLoad(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "gen-load", genLoadSynopsis)
	db := fs.String("db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	var fo fillOptions
	fs.IntVar(&fo.votes, "votes", 1_000_000, "battles to simulate, each with its vote; 0 skips the fill")
	fs.IntVar(&fo.users, "users", 0, "users who cast them; 0 for one per ten votes (1M at 10M votes)")
	fs.IntVar(&fo.accounts, "accounts", 0, "how many of the users, the heaviest, are accounts (load1, load2...; the rest are guests); 0 for one in twenty, at least 100")
	fs.IntVar(&fo.models, "models", 200, "models")
	fs.IntVar(&fo.days, "days", 90, "days the traffic spreads over, up to now")
	fs.Uint64Var(&fo.seed, "seed", 1, "random seed")
	var do driveOptions
	fs.DurationVar(&do.duration, "duration", 60*time.Second, "how long to load the servers; 0 skips the drive")
	fs.IntVar(&do.workers, "workers", 16, "concurrent clients, each one of the heaviest accounts")
	fs.IntVar(&do.servers, "servers", 1, "servers to start on --db (several need PostgreSQL)")
	fs.Var(&do.urls, "url", "load this running server instead of starting one (repeat for several); --db must be its database")
	fs.StringVar(&do.mix, "mix", "vote=4,battle=3,leaderboard=2,me=1", "relative weights of the request kinds")
	fs.StringVar(&do.jsonOut, "json", "", "also write the report as JSON to this file")
	fs.StringVar(&do.bin, "bin", "", "the arena binary to start servers with; this one when empty")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("gen-load takes no arguments, got %q", fs.Args())
	}
	switch {
	case fo.votes < 0:
		return fmt.Errorf("--votes must be 0 or more, got %d", fo.votes)
	case fo.models < 2:
		return fmt.Errorf("--models must be at least 2, got %d", fo.models)
	case fo.days < 1:
		return fmt.Errorf("--days must be at least 1, got %d", fo.days)
	case fo.users < 0 || fo.accounts < 0:
		return fmt.Errorf("--users and --accounts must be 0 or more")
	}
	if fo.users == 0 {
		fo.users = max(fo.votes/10, 100)
	}
	if fo.accounts == 0 {
		fo.accounts = max(fo.users/20, 100)
	}
	fo.accounts = min(fo.accounts, fo.users)
	if err := do.check(); err != nil {
		return err
	}
	if fo.votes > 0 {
		if err := fill(ctx, env, *db, fo); err != nil {
			return err
		}
	}
	if do.duration > 0 {
		return drive(ctx, env, *db, do)
	}
	return nil
}

// fill writes the simulated traffic through the store's Loader.
func fill(ctx context.Context, env *Env, db string, o fillOptions) error {
	store, err := openStore(ctx, db)
	if err != nil {
		return err
	}
	defer store.Close()
	if ms, err := store.Models(ctx); err != nil {
		return err
	} else if len(ms) > 0 {
		return fmt.Errorf("gen-load fills a new database, and %s already has %d models: give a new file or an empty PostgreSQL database", db, len(ms))
	}
	began := time.Now()
	end := began.Truncate(time.Millisecond)
	start := end.Add(-time.Duration(o.days) * 24 * time.Hour)

	names := ranking.SynthModelNames(o.models)
	demos := llm.DemoModels()
	models := make(map[string]arena.Model, len(names))
	for i, name := range names {
		m := demos[i%len(demos)]
		m.Name, m.Organization = name, "Load "+strings.SplitN(name, "-", 2)[0]
		if err := store.CreateModel(ctx, &m); err != nil {
			return fmt.Errorf("creating model %s: %w", name, err)
		}
		models[name] = m
	}
	users, err := store.LoadUsers(ctx, o.accounts, o.users-o.accounts, loadAccountPrefix, arena.HashPassword(loadPassword), start)
	if err != nil {
		return err
	}
	if len(users) != o.users {
		return fmt.Errorf("created %d users, expected %d", len(users), o.users)
	}
	fmt.Fprintf(env.Stderr, "gen-load: %d models, %d users (%d accounts %s1..%s%d, password %q); filling %d votes over %d days...\n",
		o.models, o.users, o.accounts, loadAccountPrefix, loadAccountPrefix, o.accounts, loadPassword, o.votes, o.days)

	text := newLoadText(o.seed, 20000)
	rng := rand.New(rand.NewPCG(o.seed, 0x10ad))
	// Zipf over users: users[0] (load1) is the heaviest, a long tail vote once or twice.
	// v=20 keeps the heaviest to about 1% of the votes, as a dedicated human could cast.
	zipf := rand.NewZipf(rng, 1.07, 20, uint64(o.users-1))
	load, err := store.BeginLoad(ctx)
	if err != nil {
		return err
	}
	step := end.Sub(start) / time.Duration(o.votes)
	n := 0
	last := time.Now()
	_, _, err = ranking.Synthesize(ranking.SynthOptions{Models: o.models, Battles: o.votes, Seed: o.seed, TieRate: 0.3}, func(sb ranking.Battle) error {
		u := users[zipf.Uint64()]
		created := start.Add(time.Duration(n)*step + time.Duration(rng.Int64N(int64(step)+1)))
		p := text.prompts[rng.IntN(len(text.prompts))]
		b := &arena.Battle{
			ID: arena.NewBattleID(), UserID: u.ID, Mode: arena.ModeBattle, ModelA: models[sb.ModelA], ModelB: models[sb.ModelB],
			Status: arena.StatusVoted, Category: p.tags.Categories, LMArena: &p.tags.LMArena, Tagger: arena.TaggerVersion,
			Language: "en", CreatedAt: created,
		}
		b.Turns = []arena.Turn{{Prompt: p.text, A: loadAnswer(rng, text), B: loadAnswer(rng, text)}}
		publish := u.Consent
		v := &arena.Vote{BattleID: b.ID, UserID: u.ID, Winner: loadWinner(sb.Outcome), Points: loadVotePoints,
			CreatedAt: created.Add(20*time.Second + time.Duration(rng.Int64N(int64(3*time.Minute)))), Publish: &publish}
		if rng.IntN(3) == 0 {
			v.Reasons = []string{arena.Reasons[rng.IntN(len(arena.Reasons))]}
		}
		if rng.IntN(20) == 0 {
			v.Comment = "Answer " + map[bool]string{true: "A", false: "B"}[rng.IntN(2) == 0] + " " + sentence(rng, 4, 12) + "."
		}
		b.Vote = v
		if err := load.Add(ctx, b); err != nil {
			return err
		}
		if n++; time.Since(last) > 10*time.Second {
			last = time.Now()
			fmt.Fprintf(env.Stderr, "gen-load: %d of %d votes (%.0f/s)\n", n, o.votes, float64(n)/time.Since(began).Seconds())
		}
		return ctx.Err()
	})
	if cerr := load.Close(ctx); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	took := time.Since(began)
	fmt.Fprintf(env.Stderr, "gen-load: filled %d votes in %s (%.0f votes/s)\n", o.votes, took.Round(time.Second), float64(o.votes)/took.Seconds())
	return nil
}

// loadAnswer is a finished answer with plausible token counts and timings.
func loadAnswer(rng *rand.Rand, t *loadText) arena.Answer {
	text := t.answer(rng)
	ttft := 200*time.Millisecond + time.Duration(rng.Int64N(int64(1500*time.Millisecond)))
	return arena.Answer{Text: text, FinishReason: "stop", Status: arena.AnswerDone, PromptTokens: 50 + rng.IntN(800),
		CompletionTokens: len(text) / 4, FirstToken: ttft, Total: ttft + time.Duration(len(text))*2*time.Millisecond}
}

// loadWinner is the arena's winner for a synthesized outcome.
func loadWinner(o ranking.Outcome) arena.Winner {
	switch o {
	case ranking.WinA:
		return arena.WinnerA
	case ranking.WinB:
		return arena.WinnerB
	case ranking.Tie:
		return arena.WinnerTie
	}
	return arena.WinnerBothBad
}
