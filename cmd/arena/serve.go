package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/app"
	"github.com/arena-dev/arena/arena/langdetect"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/web"
)

func init() {
	register(command{name: "serve", usage: "serve the arena over HTTP", run: runServe})
}

// serveOptions are the flags of `arena serve`.
type serveOptions struct {
	// linkTTL is how long a sold release's download link stays valid.
	linkTTL            time.Duration
	addr, db, logLevel string
	logFormat          string
	secureCookies      bool
	trustProxy         string
	hideReasoning      bool
	demoDelay          time.Duration
	votePoints         int
	imageMaxBytes      int
	imageMaxCount      int
	imageDir           string
	imageModeration    imageModerationOptions
	noRateLimits       bool
	noLanguages        bool
	quality            qualityOptions
	releases           string
	internalReleases   bool
	// metricsAddr, if set, serves /metrics there and not on addr; metricsToken, if
	// set, is the bearer token it requires.
	metricsAddr, metricsToken string
	migrate, noBackup         bool
	shutdownTimeout           time.Duration
	// boardRefit is arena.Leaderboards.RefitEvery.
	boardRefit time.Duration
}

// serveFlags are the flags of `arena serve`, which `arena config` parses too.
type serveFlags struct {
	fs      *flag.FlagSet
	o       serveOptions
	rewards *rewardOptions
	labs    *labOptions
}

// newServeFlags defines serve's flags, each defaulting to its ARENA_* variable.
func newServeFlags(env *Env, name, synopsis string) (*serveFlags, error) {
	fs := newFlagSet(env, name, synopsis)
	sf := &serveFlags{fs: fs}
	o := &sf.o
	fs.StringVar(&o.addr, "addr", envString(env, "ARENA_ADDR", ":8080"), "address to listen on (env ARENA_ADDR)")
	fs.StringVar(&o.db, "db", envString(env, "ARENA_DB", "./arena.db"), dbUsage)
	fs.StringVar(&o.logLevel, "log-level", envString(env, "ARENA_LOG_LEVEL", "info"), "debug, info, warn or error (env ARENA_LOG_LEVEL)")
	fs.StringVar(&o.logFormat, "log-format", envString(env, "ARENA_LOG_FORMAT", "text"), "text (key=value) or json, one object a line (env ARENA_LOG_FORMAT)")
	fs.BoolVar(&o.secureCookies, "secure-cookies", env.Getenv("ARENA_SECURE_COOKIES") == "1", "mark cookies Secure, for a site served over TLS (env ARENA_SECURE_COOKIES=1)")
	fs.StringVar(&o.trustProxy, "trust-proxy", env.Getenv("ARENA_TRUST_PROXY"), "comma-separated CIDR ranges of reverse proxies whose X-Forwarded-For is believed, e.g. 10.0.0.0/8,127.0.0.1/32 (env ARENA_TRUST_PROXY)")
	fs.BoolVar(&o.hideReasoning, "hide-reasoning", env.Getenv("ARENA_HIDE_REASONING") == "1", "show voters only reasoning models' answers, not their reasoning (env ARENA_HIDE_REASONING=1)")
	demoDelay, err := envDuration(env, "ARENA_DEMO_DELAY", 0)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.demoDelay, "demo-delay", demoDelay, "pause between words of demo answers: 0 for reading pace, -1ns for instant (env ARENA_DEMO_DELAY)")
	votePoints, err := envInt(env, "ARENA_VOTE_POINTS", 0)
	if err != nil {
		return nil, err
	}
	fs.IntVar(&o.votePoints, "vote-points", votePoints, "fixed points for each vote instead of the rewards policy's draw; 0 uses the policy (env ARENA_VOTE_POINTS)")
	if err := addImageFlags(fs, env, o); err != nil {
		return nil, err
	}
	if sf.rewards, err = addRewardFlags(fs, env); err != nil {
		return nil, err
	}
	if sf.labs, err = addLabFlags(fs, env); err != nil {
		return nil, err
	}
	fs.StringVar(&o.releases, "releases", envString(env, "ARENA_RELEASES", ""), "directory of dataset releases listed on /data, as written by `arena export --release NAME --out DIR` (env ARENA_RELEASES)")
	fs.BoolVar(&o.internalReleases, "serve-internal-releases", env.Getenv("ARENA_SERVE_INTERNAL_RELEASES") == "1",
		"also serve internal releases (written with `arena export --release NAME --all`), which hold battles their voters never agreed to publish (env ARENA_SERVE_INTERNAL_RELEASES=1)")
	linkTTL, err := envDuration(env, "ARENA_DOWNLOAD_LINK_TTL", rewards.DefaultLinkTTL)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.linkTTL, "download-link-ttl", linkTTL, "how long the download link of a bought release stays valid (env ARENA_DOWNLOAD_LINK_TTL)")
	fs.BoolVar(&o.migrate, "migrate", env.Getenv("ARENA_MIGRATE") == "1",
		"apply the schema's pending migrations to an existing database, after backing it up beside itself; a new database is always migrated (env ARENA_MIGRATE=1)")
	fs.BoolVar(&o.noBackup, "no-backup-before-migrate", env.Getenv("ARENA_NO_BACKUP_BEFORE_MIGRATE") == "1",
		"with --migrate, take no backup first (PostgreSQL needs this, after a pg_dump of your own) (env ARENA_NO_BACKUP_BEFORE_MIGRATE=1)")
	fs.BoolVar(&o.noRateLimits, "no-rate-limits", env.Getenv("ARENA_NO_RATE_LIMITS") == "1", "turn off the per-user and per-address limits on battles and votes (env ARENA_NO_RATE_LIMITS=1)")
	fs.BoolVar(&o.noLanguages, "no-language-detection", env.Getenv("ARENA_NO_LANGUAGE_DETECTION") == "1", "do not detect prompts' languages for the datasets' language column, saving the detector's 50 MB (env ARENA_NO_LANGUAGE_DETECTION=1)")
	fs.StringVar(&o.metricsAddr, "metrics-addr", env.Getenv("ARENA_METRICS_ADDR"), "serve /metrics on this address, e.g. 127.0.0.1:9090, and not on --addr (env ARENA_METRICS_ADDR)")
	fs.StringVar(&o.metricsToken, "metrics-token", env.Getenv("ARENA_METRICS_TOKEN"), "require Authorization: Bearer TOKEN on /metrics; at least 16 characters (env ARENA_METRICS_TOKEN)")
	shutdown, err := envDuration(env, "ARENA_SHUTDOWN_TIMEOUT", web.DefaultShutdownTimeout)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.shutdownTimeout, "shutdown-timeout", shutdown,
		"on SIGINT or SIGTERM, stop within this: requests, answers streaming (those still streaming shortly before it are interrupted), long polls, event streams and websockets (env ARENA_SHUTDOWN_TIMEOUT)")
	refit, err := envDuration(env, "ARENA_BOARD_REFIT", 2*time.Second)
	if err != nil {
		return nil, err
	}
	fs.DurationVar(&o.boardRefit, "board-refit", refit,
		"serve leaderboards fitted before the latest votes at once and refit them in the background, at most this often; 0 fits on the request, so a page waits for every vote (env ARENA_BOARD_REFIT)")
	if err := addQualityFlags(fs, env, &o.quality); err != nil {
		return nil, err
	}
	return sf, nil
}

func runServe(ctx context.Context, env *Env, args []string) error {
	sf, err := newServeFlags(env, "serve", "serve [flags]")
	if err != nil {
		return err
	}
	fs, o, rewardOpts, labOpts := sf.fs, &sf.o, sf.rewards, sf.labs
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve takes no arguments, got %q", fs.Args())
	}
	if o.shutdownTimeout < time.Second {
		return fmt.Errorf("--shutdown-timeout (ARENA_SHUTDOWN_TIMEOUT) is %s: give the answers and clients at least 1s", o.shutdownTimeout)
	}
	imageLimits, err := o.imageLimits()
	if err != nil {
		return err
	}
	if o.metricsToken != "" && len(o.metricsToken) < 16 {
		return fmt.Errorf("--metrics-token (ARENA_METRICS_TOKEN) is %d characters: use at least 16, e.g. from `openssl rand -hex 16`", len(o.metricsToken))
	}
	log, err := newLogger(env, o.logLevel, o.logFormat)
	if err != nil {
		return err
	}
	trusted, err := trustedProxies(o.trustProxy, log)
	if err != nil {
		return err
	}
	start := time.Now()
	cfg := app.Config{
		DB: o.db, Log: log, SeedDemoModels: true, VotePoints: int64(o.votePoints), Releases: o.releases, ServeInternalReleases: o.internalReleases,
		Web: web.Config{SecureCookies: o.secureCookies, TrustProxy: trusted, HideReasoning: o.hideReasoning, Logger: log, Version: version,
			MetricsToken: o.metricsToken, MetricsElsewhere: o.metricsAddr != "", ShutdownTimeout: o.shutdownTimeout},
		Providers:   llm.Options{DemoDelay: o.demoDelay, Keys: arena.EnvKeys(env.Getenv)},
		ImageLimits: imageLimits, BoardRefit: o.boardRefit,
		ImageDir: o.imageDir,
	}
	if cfg.ImageModeration, err = o.imageModeration.config(env); err != nil {
		return err
	}
	if !o.noRateLimits {
		cfg.Limits = arena.DefaultLimits()
	}
	if !o.noLanguages {
		cfg.DetectLanguage = langdetect.New().Detect
	}
	if cfg.Quality, err = o.quality.config(env); err != nil {
		return err
	}
	if cfg.Labs, err = labOpts.config(env); err != nil {
		return err
	}
	if cfg.UserHashSalt, err = labOpts.voterSalt(env); err != nil {
		return err
	}
	if o.linkTTL < time.Minute {
		return fmt.Errorf("--download-link-ttl (ARENA_DOWNLOAD_LINK_TTL) is %s: give a buyer at least 1m to start the download", o.linkTTL)
	}
	cfg.Sales.LinkTTL = o.linkTTL
	if cfg.Sales.LinkKey, err = labOpts.derivedKey(env, "arena: key of the download links of sold releases"); err != nil {
		return err
	}
	if cfg.Sales.LinkKey == nil {
		log.Warn("no secret key: download links of sold releases are signed with a key drawn at start and stop working at restart (set --secret-key-file or ARENA_SECRET_KEY)")
	}
	if cfg.Vesting, err = rewardOpts.vestingConfig(); err != nil {
		return err
	}
	if cfg.Referrals, err = rewardOpts.referralConfig(); err != nil {
		return err
	}
	var closeNode func()
	if cfg.Rewards, closeNode, err = rewardOpts.config(ctx, env); err != nil {
		return err
	}
	defer closeNode()
	// Last before opening: a refusal or a backup comes after every flag was checked.
	warnIfShared(log, o.db)
	if err := migrateForServe(ctx, log, o.db, o.migrate, o.noBackup); err != nil {
		return err
	}
	a, err := app.New(ctx, cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", o.addr, err)
	}
	if o.metricsAddr != "" {
		mln, err := net.Listen("tcp", o.metricsAddr)
		if err != nil {
			ln.Close()
			return fmt.Errorf("cannot listen on --metrics-addr %s: %w", o.metricsAddr, err)
		}
		go func() {
			if err := a.Server.ServeMetrics(ctx, mln); err != nil {
				log.Error("the metrics listener stopped", "addr", o.metricsAddr, "error", err)
			}
		}()
		log.Info("serving metrics", "url", "http://"+displayAddr(mln.Addr().String())+"/metrics")
	}
	log.Info("arena is serving", "url", "http://"+displayAddr(ln.Addr().String()), "db", o.db, "version", version,
		"startup_ms", time.Since(start).Milliseconds())
	return a.Serve(ctx, ln)
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

// newLogger logs to stderr at level, as text or JSON; records logged with a request's
// context carry its id.
func newLogger(env *Env, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--log-level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: l}
	var h slog.Handler
	switch format {
	case "text":
		h = slog.NewTextHandler(env.Stderr, opts)
	case "json":
		h = slog.NewJSONHandler(env.Stderr, opts)
	default:
		return nil, fmt.Errorf("--log-format %q: use text or json", format)
	}
	return slog.New(arena.LogHandler(h)), nil
}
