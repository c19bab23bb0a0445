// Package web serves the arena over HTTP with echo: pages, the JSON API, the battle
// websocket, static files and metrics.
package web

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/images"
	"github.com/arena-dev/arena/arena/rewards"
)

// Config tunes the server.
type Config struct {
	// SecureCookies marks cookies Secure; set it when the site is served over TLS.
	SecureCookies bool
	// TrustProxy lists the reverse proxies (CIDR ranges) whose X-Forwarded-For and
	// X-Forwarded-Proto are believed: the client address is taken from the header only
	// when the TCP peer is in one of them. Empty, the TCP peer is the client, so the
	// header cannot be spoofed.
	TrustProxy []netip.Prefix
	// AuthRatePerMinute limits sign-up and log-in attempts per client address.
	AuthRatePerMinute int
	// BodyLimit caps request bodies, e.g. "1M", but for the prompts' (see Images).
	BodyLimit string
	// Images bounds the images a prompt may attach, as the battle service does; the
	// bodies of the routes that take prompts may be as large as that many images
	// base64-encoded, and a megabyte more.
	Images images.Limits
	// HideReasoning keeps reasoning models' thinking off the battle page, its
	// websocket and the API: only answers are shown. Off, the reasoning is shown
	// before each answer, collapsed and marked as not part of it.
	HideReasoning bool
	Logger        *slog.Logger
	Version       string
	// Registry, if set, is where the server registers its metrics, beside the services'
	// (arena/metrics); a registry of its own when nil.
	Registry *prometheus.Registry
	// MetricsToken, if set, is the bearer token /metrics requires: the metrics name
	// every model and route and count every vote, which is more than the public sees.
	MetricsToken string
	// MetricsElsewhere leaves /metrics off Handler, for MetricsHandler to serve on a
	// listener of its own (ServeMetrics) that only the scraper can reach.
	MetricsElsewhere bool
	// ShutdownTimeout bounds Serve's shutdown, everything included: requests, answers
	// streaming, long polls, event streams and websockets. 10 s when zero.
	ShutdownTimeout time.Duration
}

// DefaultShutdownTimeout is Config.ShutdownTimeout's default.
const DefaultShutdownTimeout = 10 * time.Second

// Pinger is anything that can say whether the database answers.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the services the handlers use.
type Deps struct {
	Accounts *arena.Accounts
	Tokens   *arena.Tokens
	Battles  *arena.Battles
	Models   arena.ModelStore
	// Points tells a person their points by state on /me and /api/me/points.
	Points   *arena.MyPoints
	Datasets arena.Datasets
	// Limits caps battles and votes per user and address; nil means no limits.
	Limits *arena.RateLimiter
	// Leaderboards computes the boards; its Store also serves model pages.
	Leaderboards *arena.Leaderboards
	DB           Pinger
	// Labs serves the lab pages and leaderboard history; nil turns them off.
	Labs *arena.Labs
	// Rewards serves /wallet and the rewards API; nil turns them off.
	Rewards *rewards.Wallets
	// Draws publishes the reward draw's commitments and revealed secrets on
	// /transparency and the rewards API; nil turns them off.
	Draws *rewards.Draws
	// Quality records devices and addresses for Sybil detection and gives the wallet
	// of the per-wallet rate limits; nil turns both off.
	Quality arena.QualityStore
	// Review serves the admin review page /admin/review; nil turns it off.
	Review *arena.ReviewService
	// Appeals lets raters contest decisions on /me and admins decide on /admin/review;
	// nil turns them off.
	Appeals *arena.Appeals
	// Raters shows a rater's reliability and tier on /me; nil turns it off.
	Raters *arena.Raters
	// RaterFigures adds up /transparency's figures of raters and the defences.
	RaterFigures arena.RaterFiguresStore
	// Referrals serves invite links (/invite/{code}) and the invites on /me; nil turns
	// them off.
	Referrals *arena.Referrals
	// Consents asks and records publication decisions and serves "My data" on /me.
	Consents *arena.Consents
	// Transparency serves /transparency and marks models' status on the leaderboard;
	// nil turns both off.
	Transparency *arena.Transparency
	// VoteLog publishes the vote log and receipts' proofs under /api/log and
	// /api/receipts; nil turns them off.
	VoteLog *arena.VoteLog
	// Users serves the admin page of accounts /admin/users; nil turns it off.
	Users *arena.AccountAdmin
	// MyBattles lists a person's own battles on /me/battles and its API twin.
	MyBattles *arena.MyBattles
	// Shares publishes battles' public links (/b/{id}).
	Shares *arena.Shares
	// Images serves the images attached to prompts (/images/{sha256}); nil serves none.
	Images arena.ImageStore
	// Sales sells priced releases: purchases, download links, the price on /data and
	// the gate on sold files; nil sells nothing (every release is free).
	Sales *rewards.Sales
	// Campaigns serves labs' sponsored campaigns (/labs/campaigns, /api/campaigns); nil
	// turns them off.
	Campaigns *arena.Campaigns
}

// Server is the arena's HTTP server.
type Server struct {
	cfg     Config
	deps    Deps
	echo    *echo.Echo
	log     *slog.Logger
	metrics *metrics
	boards  boardHTML
	// restarting ends when Serve says goodbye: long polls answer, event streams send a
	// restart event and websockets close with 1012 (Service Restart).
	restarting context.Context
	goodbye    context.CancelFunc
	sockets    sockets
	// Registry holds the server's Prometheus metrics; callers may add their own.
	Registry *prometheus.Registry
}

// New builds a server with every route registered.
func New(cfg Config, deps Deps) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.AuthRatePerMinute == 0 {
		cfg.AuthRatePerMinute = 20
	}
	if cfg.BodyLimit == "" {
		cfg.BodyLimit = "1M"
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	s := &Server{cfg: cfg, deps: deps, log: slog.New(arena.LogHandler(cfg.Logger.Handler())), Registry: cfg.Registry}
	s.restarting, s.goodbye = context.WithCancel(context.Background())
	s.metrics = newMetrics(s.Registry)
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = ipExtractor(cfg.TrustProxy)
	e.HTTPErrorHandler = s.handleError
	s.echo = e
	s.routes()
	return s
}

// Handler returns the server as an http.Handler, for tests and embedding.
func (s *Server) Handler() http.Handler { return s.echo }

// Serve serves on ln until ctx is cancelled, then shuts down within
// Config.ShutdownTimeout. It stops accepting at once and lets the requests in flight and
// the answers streaming go on; answers still streaming a reserve before the bound (a
// quarter of it, at most 2 s) are interrupted and stored so (see arena.Battles.Close).
// Then it says goodbye to the clients left, which reconnect to the next server: long
// polls answer (ErrRestarting, with Retry-After, for a battle not streaming here), event
// streams send a restart event and end, websockets close with 1012 (Service Restart).
// Whatever is still open at the bound is closed.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.echo,
		ReadHeaderTimeout: 10 * time.Second,
		// A body trickled in a byte at a time must not hold a connection open: bodies are
		// at most BodyLimit, which takes seconds even on a slow link. Responses are not
		// bounded (WriteTimeout stays unset): answers stream for minutes and long polls
		// wait; the websocket sets its own deadlines once upgraded.
		ReadTimeout: 30 * time.Second,
		IdleTimeout: 120 * time.Second,
		ErrorLog:    slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	began := time.Now()
	bound := s.cfg.ShutdownTimeout
	s.log.Info("shutting down", "within", bound)
	hard, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	shut := make(chan error, 1)
	go func() { shut <- srv.Shutdown(hard) }()
	if b := s.deps.Battles; b != nil {
		reserve := min(2*time.Second, bound/4)
		grace, gcancel := context.WithTimeout(hard, bound-reserve)
		b.Drain(grace)
		gcancel()
		// Half the reserve to store what was interrupted, half for the goodbyes.
		store, scancel := context.WithTimeout(hard, bound-reserve/2)
		b.Close(store)
		scancel()
	}
	s.goodbye()
	forced := s.sockets.wait(hard)
	err := <-shut
	if errors.Is(err, context.DeadlineExceeded) {
		forced += "; requests still running"
		err = srv.Close()
	}
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	if forced != "" {
		s.log.Warn("closed what was still open at the shutdown's bound", "bound", bound, "open", strings.TrimPrefix(forced, "; "))
	}
	s.log.Info("shut down", "ms", time.Since(began).Milliseconds())
	return err
}

// sockets are the websockets open: hijacked, the http.Server neither waits for them nor
// closes them.
type sockets struct {
	mu   sync.Mutex
	open map[*websocket.Conn]struct{}
	done chan struct{} // closed when the last closes, once waited for
}

func (ss *sockets) add(c *websocket.Conn) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.open == nil {
		ss.open = map[*websocket.Conn]struct{}{}
	}
	ss.open[c] = struct{}{}
}

func (ss *sockets) remove(c *websocket.Conn) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.open, c)
	if len(ss.open) == 0 && ss.done != nil {
		close(ss.done)
		ss.done = nil
	}
}

// wait waits while ctx lasts for the sockets to close, then closes the rest; it says
// how many it closed, "" if none.
func (ss *sockets) wait(ctx context.Context) string {
	ss.mu.Lock()
	done := make(chan struct{})
	if len(ss.open) == 0 {
		close(done)
	} else {
		ss.done = done
	}
	ss.mu.Unlock()
	select {
	case <-done:
		return ""
	case <-ctx.Done():
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for c := range ss.open {
		c.NetConn().Close()
	}
	return strconv.Itoa(len(ss.open)) + " websockets"
}
