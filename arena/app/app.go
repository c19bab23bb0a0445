// Package app is the composition root: it builds the whole arena, store, services and
// web server, from one Config. `arena serve`, the simulator and the end-to-end web tests
// all build their arena here, so there is one graph and one order of construction.
// It is the only package besides cmd/arena that imports every adapter.
package app

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
	"github.com/arena-dev/arena/arena/dataset"
	"github.com/arena-dev/arena/arena/imagedir"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/llm"
	"github.com/arena-dev/arena/arena/metrics"
	"github.com/arena-dev/arena/arena/netguard"
	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/rewards"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
	"github.com/arena-dev/arena/arena/web"
	"github.com/arena-dev/arena/views"
	"github.com/ethereum/go-ethereum/common"
	"github.com/prometheus/client_golang/prometheus"
)

// Config is what an arena is built from: cmd/arena fills it from flags, tests and the
// simulator from code. A nil section (Quality, Labs, Rewards) leaves that part out.
type Config struct {
	// DB is a SQLite file or a postgres:// URL. Store, if set, is an open store used
	// instead; whoever opened it closes it.
	DB    string
	Store *sqlstore.DB
	Clock arena.Clock  // the system clock when nil
	Log   *slog.Logger // slog.Default() when nil
	Web   web.Config
	// Providers configures the model clients. ProviderSource, if set, replaces them (the
	// simulator answers from a script).
	Providers      llm.Options
	ProviderSource arena.ProviderSource
	// SeedDemoModels seeds the built-in demo models into an arena that has no models.
	SeedDemoModels bool
	// VotePoints, if positive, is a fixed reward per vote instead of the rewards
	// policy's draw (and the only reward when Rewards is nil).
	VotePoints int64
	// SessionTTL is how long sessions last; the accounts' default when zero.
	SessionTTL time.Duration
	// LeaderboardRounds is the bootstrap rounds of the boards; their default when zero.
	LeaderboardRounds int
	// BoardRefit is the boards' arena.Leaderboards.RefitEvery: zero fits on the request.
	BoardRefit time.Duration
	// Limits, if set, caps battles and votes per user and address.
	Limits []arena.Limit
	// Releases is the directory of dataset releases listed on /data;
	// ServeInternalReleases serves its internal ones too (see DatasetRelease.IsInternal).
	Releases              string
	ServeInternalReleases bool
	// UserHashSalt, if set, sends each model call the voter's salted hash as its user
	// (arena.UserHasher), so a provider can tell one abusive voter from many; nil, the
	// default, sends nothing about the voter.
	UserHashSalt []byte
	// DetectLanguage, if set, tells a prompt's language (see arena/langdetect): each
	// battle's is stored when it starts, and Serve back-fills the battles stored
	// before. A function, so that only the binary links the detector's models.
	DetectLanguage func(text string) string
	// ImageLimits bounds the images attached to prompts (package images' defaults when
	// zero); the images are kept in the database, or with ImageDir as files in it,
	// named by their SHA-256 (package imagedir).
	ImageLimits images.Limits
	ImageDir    string
	// ImageModeration, if set, checks images before they are stored (see
	// arena.ImageModeration).
	ImageModeration *arena.ImageModeration
	// Vesting says when points become final: the zero value vests them at once.
	Vesting arena.Vesting
	// Referrals is what an invite pays and when; a zero Bonus turns invites off.
	Referrals arena.ReferralPolicy
	Quality   *QualityConfig
	Labs      *LabsConfig
	Rewards   *RewardsConfig
	// Sales configures the sale of priced releases (issue 26).
	Sales SalesConfig
}

// SalesConfig configures data sales: download links and purchase checks. Purchases
// need Rewards.Node and a deployment with its DataSale recorded; without them priced
// releases stay closed but cannot be bought here.
type SalesConfig struct {
	// LinkKey signs download links; nil draws a random key at start (links then die
	// with the process).
	LinkKey []byte
	// LinkTTL is how long a download link stays valid; rewards.DefaultLinkTTL when zero.
	LinkTTL time.Duration
	// Confirmations is how many blocks must confirm a purchase; 1 when zero.
	Confirmations uint64
}

// QualityConfig configures vote scoring, gold battles, moderation, Sybil detection and
// the admin review page.
type QualityConfig struct {
	// Off turns scoring, gold battles, moderation and Sybil detection off; the review
	// page stays.
	Off bool
	// Policy is the scoring policy; arena.DefaultQualityPolicy() when nil.
	Policy   *arena.QualityPolicy
	GoldRate float64
	// Qualification is the rater's first battles, with more gold battles.
	Qualification arena.Qualification
	// Moderator, if set, checks prompts; flagged battles stay out of public datasets.
	Moderator arena.Moderator
	// Disabled keeps the votes unscored while gold battles stay out of the boards: the
	// simulator's "defences off".
	Disabled bool
}

// LabsConfig configures model labs, the SSRF guard, pair sampling and snapshots.
type LabsConfig struct {
	// Box seals labs' API keys; nil means labs cannot store keys.
	Box          *arena.SecretBox
	AllowPrivate bool
	PauseAfter   int
	// The pair sampler: mode, per-model weights, and the boost of new models.
	Sampler        string
	Weights        map[string]float64
	NewModelVotes  int64
	NewModelBoost  float64
	SamplerFloor   float64 // the uniform share of draws (arena.PairSampler.Floor)
	SamplerRefresh time.Duration
	// SnapshotEvery is how often the leaderboard is snapshotted; 0 for never.
	SnapshotEvery time.Duration
	// CampaignShare is the most of the anonymous battles sponsored campaigns are served
	// in (arena.CampaignDraw.Share); 0 serves none.
	CampaignShare float64
	// The endpoint check, as arena.Labs's fields of the same names say.
	CheckPrompt       string
	CheckMaxTokens    int
	CheckTextOptional bool
}

// RewardsConfig configures points, wallets and, with a node, claims and settlement.
type RewardsConfig struct {
	Policy    rewards.Policy
	ChainID   uint64
	PublicURL string
	// Node, if set, is the chain claimed amounts are read from; with Key as well, admins
	// can settle from /wallet, on Distributor or the one recorded for the chain.
	Node        chain.Node
	Key         *ecdsa.PrivateKey
	Distributor string
	// WalletCooldown is how long after a link or unlink the account's wallet cannot be
	// unlinked or changed; zero allows changes at any time.
	WalletCooldown time.Duration
}

// App is a built arena.
type App struct {
	Store    *sqlstore.DB
	Log      *slog.Logger
	Clock    arena.Clock
	Accounts *arena.Accounts
	Tokens   *arena.Tokens
	Consents *arena.Consents
	Battles  *arena.Battles
	Boards   *arena.Leaderboards
	// Labs, Wallets, Quality, Review, Sybil and Sampler are nil when their section of
	// the Config is.
	Labs    *arena.Labs
	Wallets *rewards.Wallets
	// Sales sells priced releases and guards their files.
	Sales *rewards.Sales
	// Draws publishes the reward draw epochs; nil without rewards.
	Draws   *rewards.Draws
	Quality *arena.Quality
	Review  *arena.ReviewService
	// Appeals lets raters contest review decisions; nil without a quality section.
	Appeals *arena.Appeals
	// Raters scores raters' reliability and tiers; nil when votes are not scored.
	Raters *arena.Raters
	// Referrals runs invite links and pays referral bonuses; nil when they are off.
	Referrals *arena.Referrals
	Sybil     *arena.SybilDetector
	Sampler   *arena.PairSampler
	// Campaigns runs labs' sponsored evaluation campaigns, and CampaignDraw serves them
	// their share of battles; nil without labs.
	Campaigns    *arena.Campaigns
	CampaignDraw *arena.CampaignDraw
	// Transparency serves /transparency.
	Transparency *arena.Transparency
	// Providers are the model clients the battles stream from.
	Providers arena.ProviderSource
	// Metrics counts what the services do; Server serves them at /metrics.
	Metrics *metrics.Metrics
	// Deps are the web server's services; Server serves them.
	Deps   web.Deps
	Server *web.Server

	cfg      Config
	ownStore bool
	// opHosts are the hosts of the operator's own models, trusted by its guard; nil
	// without labs.
	opHosts *operatorHosts
	// slots holds models' concurrency slots with the other servers on one PostgreSQL
	// database; nil on SQLite.
	slots *postgres.Slots
	// events connects this server to the others on one PostgreSQL database; nil alone.
	events *postgres.Events
}

// New builds the arena described by cfg. It seeds demo models if asked, fails battles a
// crash left streaming and, on PostgreSQL, starts listening to the other servers.
func New(ctx context.Context, cfg Config) (_ *App, err error) {
	a := &App{cfg: cfg, Store: cfg.Store, Log: cfg.Log, Clock: cfg.Clock}
	if a.Log == nil {
		a.Log = slog.Default()
	}
	a.Log = slog.New(arena.LogHandler(a.Log.Handler()))
	if a.Clock == nil {
		a.Clock = arena.SystemClock{}
	}
	if a.Store == nil {
		if a.Store, err = OpenStore(ctx, cfg.DB); err != nil {
			return nil, err
		}
		a.ownStore = true
	}
	defer func() {
		if err != nil {
			a.Close()
		}
	}()
	if cfg.SeedDemoModels {
		if err := a.seedDemoModels(ctx); err != nil {
			return nil, err
		}
	}
	db, clock := a.Store, a.Clock
	registry := prometheus.NewRegistry()
	a.Metrics = metrics.New(registry)
	a.Boards = &arena.Leaderboards{Store: db, Log: a.Log, Rounds: cfg.LeaderboardRounds, Observer: a.Metrics,
		RefitEvery: cfg.BoardRefit}
	if err := a.buildQuality(); err != nil {
		return nil, err
	}
	if postgres.IsURL(cfg.DB) && cfg.Providers.Shared == nil {
		// Servers sharing the database share each model's max_concurrency; on SQLite,
		// one server by design, the providers' own limit is the arena's.
		if a.slots, err = postgres.NewSlots(ctx, cfg.DB, a.Log); err != nil {
			return nil, err
		}
		cfg.Providers.Shared = a.slots
		a.cfg.Providers.Shared = a.slots
	}
	providers := cfg.ProviderSource
	var sampler arena.Sampler = arena.UniformSampler{}
	if cfg.Labs != nil {
		if providers, err = a.buildLabs(ctx); err != nil {
			return nil, err
		}
		sampler = a.Sampler
	} else if providers == nil {
		providers = llm.NewProviders(cfg.Providers)
	}
	a.Providers = providers
	var rewarder arena.VoteRewarder
	var signUpBonus func(ctx context.Context, userID int64) error
	if cfg.Rewards != nil {
		points := &rewards.Points{Policy: cfg.Rewards.Policy, Store: db, Clock: clock, BonusVotes: cfg.Vesting.BonusVotes}
		if cfg.VotePoints <= 0 {
			rewarder = points
		}
		signUpBonus = points.SignUpBonus
		a.Draws = &rewards.Draws{Store: db, Policy: cfg.Rewards.Policy, Clock: clock}
		if a.Wallets, err = a.buildWallets(ctx); err != nil {
			return nil, err
		}
	}
	if a.Sales, err = a.buildSales(ctx); err != nil {
		return nil, err
	}
	a.Accounts = &arena.Accounts{Store: db, Clock: clock, SessionTTL: cfg.SessionTTL, SignUpBonus: signUpBonus, Failures: db}
	a.Tokens = &arena.Tokens{Store: db, Clock: clock}
	a.Consents = &arena.Consents{Store: db, Battles: db, Clock: clock}
	var imageStore arena.ImageStore = db
	if cfg.ImageDir != "" {
		if imageStore, err = imagedir.Open(cfg.ImageDir); err != nil {
			return nil, err
		}
	}
	bc := arena.BattlesConfig{
		Store: db, Models: db, Sampler: sampler, Providers: providers, Clock: clock, Log: a.Log,
		VotePoints: cfg.VotePoints, Rewards: rewarder, VestingWindow: cfg.Vesting.Window, Quality: a.Quality, OnVote: a.votesChanged,
		OnChange: a.battleChanged, Observer: a.Metrics, Images: imageStore, ImageLimits: cfg.ImageLimits,
		ImageModeration: cfg.ImageModeration,
	}
	if a.Raters != nil {
		bc.RaterTier = a.Raters.Tier
	}
	if err := a.buildCampaigns(ctx); err != nil {
		return nil, err
	}
	bc.Campaigns = a.CampaignDraw
	if cfg.UserHashSalt != nil {
		bc.UserHash = arena.UserHasher(cfg.UserHashSalt)
	}
	bc.DetectLanguage = cfg.DetectLanguage
	if db.Backend() != "sqlite" {
		// Other servers may share the database: a battle streaming there is not
		// abandoned until it has been silent longer than any answer may last.
		bc.StaleAfter = 15 * time.Minute
	}
	a.Battles = arena.NewBattles(bc)
	if n, err := a.Battles.RecoverInterrupted(ctx); err != nil {
		return nil, err
	} else if n > 0 {
		a.Log.Warn("failed battles interrupted by a restart", "count", n)
	}
	a.Transparency = &arena.Transparency{Store: db, Snapshots: db, Boards: a.Boards, Sampler: a.Sampler,
		SamplerRefresh: a.samplerRefresh(), Clock: clock, Campaigns: a.CampaignDraw}
	a.Deps = web.Deps{
		Accounts: a.Accounts, Tokens: a.Tokens, Battles: a.Battles, Models: db, Leaderboards: a.Boards,
		Points: &arena.MyPoints{Store: db, Clock: clock, Vesting: cfg.Vesting},
		DB:     db, Labs: a.Labs, Rewards: a.Wallets, Sales: a.Sales, Draws: a.Draws, Review: a.Review, Appeals: a.Appeals, Raters: a.Raters, Datasets: dataset.NewService(db, cfg.Releases, cfg.ServeInternalReleases).WithImages(imageStore, "/images/"),
		Consents:     a.Consents,
		Transparency: a.Transparency,
		VoteLog:      &arena.VoteLog{Store: db},
		Users:        &arena.AccountAdmin{Store: db, Clock: clock},
		MyBattles:    &arena.MyBattles{Store: db},
		Shares:       &arena.Shares{Store: db, Battles: db, Clock: clock},
		Images:       imageStore,
		Campaigns:    a.Campaigns,
	}
	if cfg.Referrals.Bonus > 0 {
		a.Referrals = &arena.Referrals{Store: db, Clock: clock, Policy: cfg.Referrals, Vesting: cfg.Vesting}
		a.Deps.Referrals = a.Referrals
	}
	if cfg.Quality != nil {
		a.Deps.Quality = db
		a.Deps.RaterFigures = db
	}
	if cfg.Limits != nil {
		a.Deps.Limits = &arena.RateLimiter{Store: db, Clock: clock, Limits: cfg.Limits}
	}
	webCfg := cfg.Web
	webCfg.Registry = registry
	webCfg.Images = cfg.ImageLimits
	a.Server = web.New(webCfg, a.Deps)
	if postgres.IsURL(cfg.DB) {
		// Last: another server's event may arrive at once, and every service it touches
		// must exist by then.
		if a.events, err = postgres.ListenEvents(ctx, cfg.DB, a.onEvent, a.Log); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// OpenStore opens the store a --db value names: a PostgreSQL server for a postgres:// or
// postgresql:// URL, otherwise a SQLite file.
func OpenStore(ctx context.Context, db string) (*sqlstore.DB, error) {
	if postgres.IsURL(db) {
		return postgres.Open(ctx, db)
	}
	return sqlite.Open(ctx, db)
}

// ReadSchema reads the schema of the database a --db value names against this binary's
// migrations, changing nothing (a SQLite file that does not exist is not created).
func ReadSchema(ctx context.Context, db string) (sqlstore.Schema, error) {
	if postgres.IsURL(db) {
		return postgres.ReadSchema(ctx, db)
	}
	return sqlite.ReadSchema(ctx, db)
}

func (a *App) seedDemoModels(ctx context.Context) error {
	models, err := a.Store.Models(ctx)
	if err != nil || len(models) > 0 {
		return err
	}
	for _, m := range append(llm.DemoModels(), llm.DemoImageModels()...) {
		// A conflict is another server, started at the same moment, seeding it first.
		if err := a.Store.CreateModel(ctx, &m); err != nil && arena.ErrorCode(err) != arena.ECONFLICT {
			return fmt.Errorf("seeding demo model %s: %w", m.Name, err)
		}
	}
	a.Log.Info("seeded the built-in demo models", "count", len(llm.DemoModels())+len(llm.DemoImageModels()))
	return nil
}

// buildQuality builds vote scoring, gold battles, moderation, Sybil detection and the
// admin review page, as cfg.Quality asks.
func (a *App) buildQuality() error {
	q := a.cfg.Quality
	if q == nil {
		return nil
	}
	a.Review = &arena.ReviewService{Store: a.Store, Clock: a.Clock, OnChange: a.votesChanged}
	a.Appeals = &arena.Appeals{Store: a.Store, Clock: a.Clock, OnChange: a.votesChanged}
	if q.Off {
		return nil
	}
	if q.GoldRate < 0 || q.GoldRate > 0.5 {
		return fmt.Errorf("--gold-rate must be between 0 and 0.5, got %g", q.GoldRate)
	}
	if q.Qualification.GoldRate < 0 || q.Qualification.GoldRate > 0.5 {
		return fmt.Errorf("--qualify-gold-rate must be between 0 and 0.5, got %g", q.Qualification.GoldRate)
	}
	if q.Qualification.Battles < 0 {
		return fmt.Errorf("--qualify-battles %d is negative", q.Qualification.Battles)
	}
	policy := arena.DefaultQualityPolicy()
	if q.Policy != nil {
		policy = *q.Policy
	}
	if policy.ExcludeBelow < 0 || policy.ExcludeBelow > 1 {
		return fmt.Errorf("--quality-exclude-below must be between 0 and 1, got %g", policy.ExcludeBelow)
	}
	a.Quality = &arena.Quality{Store: a.Store, Policy: policy, Clock: a.Clock, GoldRate: q.GoldRate, Qualification: q.Qualification, Moderator: q.Moderator, Disabled: q.Disabled}
	a.Sybil = &arena.SybilDetector{Store: a.Store, Clock: a.Clock, OnChange: a.votesChanged}
	a.Raters = &arena.Raters{Store: a.Store, Policy: policy, Clock: a.Clock, Qualification: q.Qualification}
	return nil
}

// buildLabs builds the SSRF guard, the labs service and the pair sampler, and returns
// the providers: guarded, keyed by the labs service, and watched for failures.
func (a *App) buildLabs(ctx context.Context) (arena.ProviderSource, error) {
	o := a.cfg.Labs
	a.Sampler = &arena.PairSampler{Mode: o.Sampler, Weights: o.Weights, NewModelVotes: o.NewModelVotes, NewModelBoost: o.NewModelBoost,
		Floor: o.SamplerFloor}
	if err := a.Sampler.Validate(); err != nil {
		return nil, err
	}
	if err := a.Sampler.Refresh(ctx, a.Store); err != nil {
		return nil, err
	}
	// Two guards, because the operator's trust is the operator's alone. Its own endpoints
	// (configured with `arena models`) are trusted as written, so a local vLLM keeps
	// working; lab models get the strict guard, which trusts no host and follows
	// redirects only within the endpoint's origin, so neither a lab's URL nor a redirect
	// its endpoint answers with can reach what the operator trusts.
	labGuard := &netguard.Guard{AllowPrivate: o.AllowPrivate, SameOrigin: true, Log: a.Log}
	a.opHosts = newOperatorHosts(a.Store, a.Log)
	if err := a.opHosts.reload(ctx); err != nil {
		return nil, err
	}
	opGuard := &netguard.Guard{AllowPrivate: o.AllowPrivate, TrustHost: a.opHosts.trusted, Log: a.Log}
	labClient, opClient := labGuard.Client(), opGuard.Client()
	operator := a.cfg.Providers.Keys
	if operator == nil {
		operator = arena.EnvKeys(os.Getenv)
	}
	db := a.Store
	a.Labs = &arena.Labs{
		LabStore: db, InviteStore: db, ModelStore: db, ReportStore: db, PerformanceStore: db, SnapshotStore: db, Users: db,
		Clock: a.Clock, Log: a.Log, Box: o.Box, CheckURL: labGuard.CheckURL, PauseAfter: o.PauseAfter, Operator: operator,
		CheckPrompt: o.CheckPrompt, CheckMaxTokens: o.CheckMaxTokens, CheckTextOptional: o.CheckTextOptional,
		OnChange:    a.modelsChanged,
		Observer:    a.Metrics,
		OnKeyChange: func(id int64) { a.broadcast(arena.Event{Kind: arena.EventModelKey, ID: strconv.FormatInt(id, 10)}) },
	}
	if err := a.Labs.VerifyKeys(ctx); err != nil {
		return nil, err
	}
	if o.Box == nil {
		a.Log.Warn("no secret key: labs cannot store API keys (set --secret-key-file or ARENA_SECRET_KEY)")
	}
	src := a.cfg.ProviderSource
	if src == nil {
		labOpts, opOpts := a.cfg.Providers, a.cfg.Providers
		labOpts.HTTPClient, labOpts.Keys = labClient, a.Labs
		opOpts.HTTPClient, opOpts.Keys = opClient, a.Labs
		src = byOwner{isLab: a.isLab, lab: llm.NewProviders(labOpts), operator: llm.NewProviders(opOpts)}
	}
	// Checks call the very providers battles do (one per model, with its retries and
	// its slots), but outside the watch: a check's outcome is for the lab to read, and
	// does not count towards pausing the model.
	a.Labs.Providers = src
	return a.Labs.Watch(src), nil
}

// isLab reports whether m is a lab's model. A model whose owner cannot be told is
// taken for a lab's: the strict guard is the one to fall back on.
func (a *App) isLab(m arena.Model) bool {
	lab, err := a.Labs.IsLabModel(context.Background(), m)
	if err != nil {
		a.Log.Warn("cannot tell whose model this is; calling it as a lab's", "model", m.Name, "id", m.ID, "error", err)
		return true
	}
	return lab
}

// byOwner serves lab models from one provider source and the operator's own from
// another, each built on its own guarded client.
type byOwner struct {
	isLab         func(arena.Model) bool
	lab, operator arena.ProviderSource
}

func (b byOwner) For(m arena.Model) (arena.Provider, error) {
	if b.isLab(m) {
		return b.lab.For(m)
	}
	return b.operator.For(m)
}

// hostPort is a URL's host with its default port, as the HTTP transport dials it.
func hostPort(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	if u.Port() != "" {
		return u.Host
	}
	port := "80"
	if u.Scheme == "https" {
		port = "443"
	}
	return net.JoinHostPort(u.Hostname(), port)
}

// buildWallets builds the wallet pages' service: with a node it reads claimed amounts,
// and with the operator's key too, admins can settle from /wallet.
func (a *App) buildWallets(ctx context.Context) (*rewards.Wallets, error) {
	o := a.cfg.Rewards
	w := &rewards.Wallets{Store: a.Store, ChainID: o.ChainID, PublicURL: o.PublicURL, Clock: a.Clock, PackClaim: chain.PackClaim, Log: a.Log,
		ChangeCooldown: o.WalletCooldown}
	if common.IsHexAddress(o.Distributor) {
		w.Distributor = common.HexToAddress(o.Distributor)
	}
	if o.Node == nil {
		return w, nil
	}
	id, err := o.Node.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading the node's chain id: %w", err)
	}
	if id.Uint64() != o.ChainID {
		return nil, fmt.Errorf("the node is on chain %d, but --chain-id is %d", id.Uint64(), o.ChainID)
	}
	w.Claimed = &chain.Client{Backend: o.Node}
	w.Contracts = chain.Signatures{Backend: o.Node}
	if o.Key == nil {
		return w, nil
	}
	// The admin waits on the page, so the run waits less than arena settle; an epoch it
	// leaves unfinished is taken on by the next run.
	s := chain.Settlement{Store: a.Store, Node: o.Node, ChainID: o.ChainID, Key: o.Key, Policy: o.Policy, Clock: a.Clock, Log: a.Log, Observer: a.Metrics,
		Wait: 2 * time.Minute}
	w.RunSettle = func(ctx context.Context) (string, error) {
		deps, err := a.Store.Deployments(ctx)
		if err != nil {
			return "", err
		}
		addr, err := chain.ResolveDistributor(ctx, o.Node, deps, o.ChainID, o.Distributor)
		if err != nil {
			return "", arena.Errorf(arena.EINVALID, "%s", err.Error())
		}
		ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
		defer cancel()
		res, err := s.Run(ctx, addr, false)
		if err != nil {
			return "", err
		}
		return DescribeSettlement(res), nil
	}
	return w, nil
}

// buildSales builds the data sales service. With a node and a recorded DataSale on its
// chain it takes purchases, and publishes the contract's split.
func (a *App) buildSales(ctx context.Context) (*rewards.Sales, error) {
	c := a.cfg.Sales
	s := &rewards.Sales{Store: a.Store, Clock: a.Clock, Key: c.LinkKey, TTL: c.LinkTTL, Confirmations: c.Confirmations}
	if s.Key == nil {
		s.Key = make([]byte, 32)
		rand.Read(s.Key)
	}
	o := a.cfg.Rewards
	if o == nil || o.Node == nil {
		return s, nil
	}
	deps, err := a.Store.Deployments(ctx)
	if err != nil {
		return nil, err
	}
	for _, d := range deps {
		if d.ChainID == o.ChainID && d.HasCommerce() {
			s.Chain, s.Sale = chain.Purchases{Backend: o.Node}, d.Sale
			bps, err := chain.ContributorsBps(ctx, o.Node, d.Sale)
			if err != nil {
				return nil, fmt.Errorf("reading the data sale contract %s: %w", d.Sale.Hex(), err)
			}
			s.ContributorsBps = int(bps)
			break
		}
	}
	return s, nil
}

// DescribeSettlement says what a settlement run did, in one line.
func DescribeSettlement(res *rewards.SettleResult) string {
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

// Close stops streaming answers (those that do not finish within the Web config's
// ShutdownTimeout are stored as interrupted), stops listening to other servers, and
// closes the store if New opened it.
func (a *App) Close() error {
	if a.Battles != nil {
		// After Serve, nothing streams any more and this returns at once; without it
		// (tests, commands), the answers get the shutdown's bound to finish.
		bound := a.cfg.Web.ShutdownTimeout
		if bound <= 0 {
			bound = web.DefaultShutdownTimeout
		}
		ctx, cancel := context.WithTimeout(context.Background(), bound)
		a.Battles.Drain(ctx)
		a.Battles.Close(ctx)
		cancel()
	}
	if a.events != nil {
		a.events.Close()
	}
	if a.slots != nil {
		a.slots.Close()
	}
	if a.ownStore && a.Store != nil {
		return a.Store.Close()
	}
	return nil
}
