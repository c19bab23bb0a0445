package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/arena/web"
)

func init() {
	register(command{name: "serve", usage: "serve the arena over HTTP", run: runServe})
}

// serveOptions are the flags of `arena serve`.
type serveOptions struct {
	addr, db, logLevel string
	secureCookies      bool
	trustProxy         bool
	demoDelay          time.Duration
	votePoints         int
	noRateLimits       bool
	quality            qualityOptions
	releases           string
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve", "serve [flags]")
	var o serveOptions
	fs.StringVar(&o.addr, "addr", envString(env, "ARENA_ADDR", ":8080"), "address to listen on (env ARENA_ADDR)")
	fs.StringVar(&o.db, "db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	fs.StringVar(&o.logLevel, "log-level", envString(env, "ARENA_LOG_LEVEL", "info"), "debug, info, warn or error (env ARENA_LOG_LEVEL)")
	fs.BoolVar(&o.secureCookies, "secure-cookies", env.Getenv("ARENA_SECURE_COOKIES") == "1", "mark cookies Secure, for a site served over TLS (env ARENA_SECURE_COOKIES=1)")
	fs.BoolVar(&o.trustProxy, "trust-proxy", env.Getenv("ARENA_TRUST_PROXY") == "1", "take client addresses from X-Forwarded-For (env ARENA_TRUST_PROXY=1)")
	demoDelay, err := envDuration(env, "ARENA_DEMO_DELAY", 0)
	if err != nil {
		return err
	}
	fs.DurationVar(&o.demoDelay, "demo-delay", demoDelay, "pause between words of demo answers: 0 for reading pace, -1ns for instant (env ARENA_DEMO_DELAY)")
	votePoints, err := envInt(env, "ARENA_VOTE_POINTS", 0)
	if err != nil {
		return err
	}
	fs.IntVar(&o.votePoints, "vote-points", votePoints, "fixed points for each vote instead of the rewards policy's draw; 0 uses the policy (env ARENA_VOTE_POINTS)")
	rewardOpts, err := addRewardFlags(fs, env)
	if err != nil {
		return err
	}
	labOpts, err := addLabFlags(fs, env)
	if err != nil {
		return err
	}
	fs.StringVar(&o.releases, "releases", envString(env, "ARENA_RELEASES", ""), "directory of dataset releases listed on /data, as written by `arena export --release NAME --out DIR` (env ARENA_RELEASES)")
	fs.BoolVar(&o.noRateLimits, "no-rate-limits", env.Getenv("ARENA_NO_RATE_LIMITS") == "1", "turn off the per-user and per-address limits on battles and votes (env ARENA_NO_RATE_LIMITS=1)")
	if err := addQualityFlags(fs, env, &o.quality); err != nil {
		return err
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	log, err := newLogger(env, o.logLevel)
	if err != nil {
		return err
	}
	start := time.Now()
	a, err := openApp(ctx, o.db, log)
	if err != nil {
		return err
	}
	defer a.Close()
	a.releasesDir = o.releases
	if !o.noRateLimits {
		a.limits = &arena.RateLimiter{Store: a.db, Clock: arena.SystemClock{}, Limits: arena.DefaultLimits()}
	}
	llmOpts, err := a.setupLabs(ctx, env, labOpts, llm.Options{DemoDelay: o.demoDelay, Keys: arena.EnvKeys(env.Getenv)})
	if err != nil {
		return err
	}
	if err := a.startBattles(ctx, llmOpts, int64(o.votePoints)); err != nil {
		return err
	}
	if err := a.startLabs(ctx, labOpts); err != nil {
		return err
	}
	if err := a.setupRewards(ctx, env, rewardOpts, o.votePoints); err != nil {
		return err
	}
	if err := a.setupQuality(env, o.quality); err != nil {
		return err
	}
	if postgres.IsURL(o.db) {
		if err := a.connectServers(ctx, o.db); err != nil {
			return err
		}
		go a.recoverAbandoned(ctx)
	}
	defer func() {
		// Give answers in flight a moment to finish; what does not is stored as failed.
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		a.battles.Close(sctx)
	}()
	srv := web.New(web.Config{SecureCookies: o.secureCookies, TrustProxy: o.trustProxy, Logger: log, Version: version}, a.deps())
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", o.addr, err)
	}
	log.Info("arena is serving", "url", "http://"+displayAddr(ln.Addr().String()), "db", o.db, "version", version,
		"startup_ms", time.Since(start).Milliseconds())
	go a.background(ctx)
	return srv.Serve(ctx, ln)
}

func displayAddr(a string) string {
	if strings.HasPrefix(a, "[::]:") {
		return "localhost:" + strings.TrimPrefix(a, "[::]:")
	}
	if strings.HasPrefix(a, "0.0.0.0:") {
		return "localhost:" + strings.TrimPrefix(a, "0.0.0.0:")
	}
	return a
}

func newLogger(env *Env, level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: l})), nil
}

// app is the wired arena: the store and the services on it.
type app struct {
	db       *sqlstore.DB
	log      *slog.Logger
	accounts *arena.Accounts
	tokens   *arena.Tokens
	battles  *arena.Battles
	boards   *arena.Leaderboards
	labs     *arena.Labs
	rewards  *rewards.Wallets
	limits   *arena.RateLimiter
	quality  *arena.Quality
	review   *arena.ReviewService
	sybil    *arena.SybilDetector
	// releasesDir holds published dataset releases, one directory each.
	releasesDir string
	// refreshSampler rereads the models the sampler draws from.
	refreshSampler func()
	// events connects this server to the others on one PostgreSQL database; nil alone.
	events *postgres.Events
}

// broadcast tells the arena's other servers of e, if there are any.
func (a *app) broadcast(e arena.Event) {
	if a.events != nil {
		a.events.Broadcast(context.Background(), e)
	}
}

// votesChanged runs after votes were recorded or recounted.
func (a *app) votesChanged() {
	a.boards.Invalidate()
	a.broadcast(arena.Event{Kind: arena.EventVotes})
}

// connectServers ties this server to the others on the same PostgreSQL database: what
// changes here is broadcast (see broadcast), and what changes there makes the caches
// and live pages here stale. It runs after the services, labs and sampler included, are
// wired.
func (a *app) connectServers(ctx context.Context, url string) error {
	ev, err := postgres.ListenEvents(ctx, url, a.onEvent, a.log)
	if err != nil {
		return err
	}
	a.events = ev
	a.battles.OnChange = func(id string) { a.broadcast(arena.Event{Kind: arena.EventBattle, ID: id}) }
	return nil
}

// onEvent applies another server's event here.
func (a *app) onEvent(e arena.Event) {
	switch e.Kind {
	case arena.EventVotes:
		a.boards.Invalidate()
	case arena.EventBattle:
		a.battles.Changed(e.ID)
	case arena.EventModelKey:
		if id, err := strconv.ParseInt(e.ID, 10, 64); err == nil {
			a.labs.ForgetKeys(id)
		}
	case arena.EventModels:
		a.refreshSampler()
	case arena.EventResync:
		a.boards.Invalidate()
		a.battles.ChangedAll()
		a.labs.ForgetKeys()
		a.refreshSampler()
	}
}

func openApp(ctx context.Context, path string, log *slog.Logger) (*app, error) {
	db, err := openStore(ctx, path)
	if err != nil {
		return nil, err
	}
	clock := arena.SystemClock{}
	return &app{
		db:       db,
		log:      log,
		accounts: &arena.Accounts{Store: db, Clock: clock},
		tokens:   &arena.Tokens{Store: db, Clock: clock},
	}, nil
}

func (a *app) Close() error {
	if a.events != nil {
		a.events.Close()
	}
	return a.db.Close()
}

// recoverAbandoned fails, every minute, battles that another server left streaming
// when it stopped; at start-up only this server's own leftovers could be failed.
func (a *app) recoverAbandoned(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := a.battles.RecoverInterrupted(ctx); err != nil && ctx.Err() == nil {
			a.log.Warn("could not fail abandoned battles", "error", err)
		} else if n > 0 {
			a.log.Warn("failed battles abandoned by a stopped server", "count", n)
		}
	}
}

func (a *app) deps() web.Deps {
	return web.Deps{Accounts: a.accounts, Tokens: a.tokens, Battles: a.battles, Models: a.db, Ledger: a.db, Leaderboards: a.boards, DB: a.db, Labs: a.labs, Rewards: a.rewards,
		Limits: a.limits, Quality: a.db, Review: a.review, Datasets: dataset.NewService(a.db, a.releasesDir)}
}

// startBattles seeds the demo models into an arena that has no models yet, fails battles
// a crash left streaming, and readies the battle service.
func (a *app) startBattles(ctx context.Context, opts llm.Options, votePoints int64) error {
	models, err := a.db.Models(ctx)
	if err != nil {
		return err
	}
	if len(models) == 0 {
		for _, m := range llm.DemoModels() {
			// A conflict is another server, started at the same moment, seeding it first.
			if err := a.db.CreateModel(ctx, &m); err != nil && arena.ErrorCode(err) != arena.ECONFLICT {
				return fmt.Errorf("seeding demo model %s: %w", m.Name, err)
			}
		}
		a.log.Info("seeded the built-in demo models", "count", len(llm.DemoModels()))
	}
	a.boards = &arena.Leaderboards{Store: a.db, Log: a.log}
	a.battles = &arena.Battles{
		Store: a.db, Models: a.db, Sampler: arena.UniformSampler{}, Providers: llm.NewProviders(opts),
		Clock: arena.SystemClock{}, Log: a.log, VotePoints: votePoints, OnVote: a.votesChanged,
	}
	if a.db.Backend() != "sqlite" {
		// Other servers may share the database: a battle streaming there is not
		// abandoned until it has been silent longer than any answer may last.
		a.battles.StaleAfter = 15 * time.Minute
	}
	n, err := a.battles.RecoverInterrupted(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		a.log.Warn("failed battles interrupted by a restart", "count", n)
	}
	return nil
}

// background runs housekeeping until ctx ends.
func (a *app) background(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		now := time.Now()
		if n, err := a.db.DeleteExpiredSessions(ctx, now); err != nil && ctx.Err() == nil {
			a.log.Warn("could not delete expired sessions", "error", err)
		} else if n > 0 {
			a.log.Info("deleted expired sessions", "count", n)
		}
		// Rate windows are at most a day long; nonces expire within minutes.
		if err := a.db.DeleteRateCountersBefore(ctx, now.Add(-48*time.Hour)); err != nil && ctx.Err() == nil {
			a.log.Warn("could not delete old rate counters", "error", err)
		}
		if _, err := a.db.DeleteExpiredNonces(ctx, now); err != nil && ctx.Err() == nil {
			a.log.Warn("could not delete expired wallet nonces", "error", err)
		}
		if a.sybil != nil {
			if ev, err := a.sybil.Run(ctx); err != nil && ctx.Err() == nil {
				a.log.Warn("could not look for Sybil accounts", "error", err)
			} else if len(ev) > 0 {
				a.log.Info("Sybil signals: accounts flagged for review", "count", len(ev))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
