package web

import (
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"
)

func (s *Server) routes() {
	e := s.echo
	e.Pre(s.requestIDs)
	e.Use(s.recoverPanics)
	e.Use(s.logRequests)
	e.Use(s.metrics.middleware)
	e.Use(s.securityHeaders)
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: s.cfg.BodyLimit, Skipper: takesImages}))
	// Bodies that fit in one packet gain nothing from compression and pay for it on
	// every API call (a vote's answer, a new battle's id).
	e.Use(gzipMiddleware(1400, func(c echo.Context) bool {
		// A websocket upgrade needs the raw connection; promhttp compresses on its own;
		// a PNG is compressed already.
		p := c.Request().URL.Path
		return c.IsWebSocket() || strings.HasPrefix(p, "/ws/") || p == metricsRoute || strings.HasSuffix(p, "/events") ||
			strings.HasSuffix(p, ".png")
	}))
	e.Use(s.loadUser)
	e.Use(middleware.CSRFWithConfig(middleware.CSRFConfig{
		TokenLookup:    "form:_csrf,header:X-CSRF-Token",
		CookieName:     csrfCookie,
		CookiePath:     "/",
		CookieHTTPOnly: true,
		CookieSecure:   s.cfg.SecureCookies,
		CookieSameSite: http.SameSiteLaxMode,
		CookieMaxAge:   7 * 24 * 3600,
		// Forgery rides on a victim's cookie: an API call with a bearer token, or with no
		// session cookie at all, carries no ambient credentials to abuse. Forms keep the
		// check even without a session, against log-in forgery.
		Skipper: func(c echo.Context) bool {
			if bearerToken(c) != "" {
				return true
			}
			_, err := c.Cookie(sessionCookie)
			return err != nil && strings.HasPrefix(c.Request().URL.Path, "/api/")
		},
		ErrorHandler: func(err error, c echo.Context) error {
			return echo.NewHTTPError(http.StatusForbidden, "This form has expired or did not come from this site (missing or invalid CSRF token). Reload the page and try again.")
		},
	}))

	e.GET("/healthz", s.healthz)
	if !s.cfg.MetricsElsewhere {
		e.GET(metricsRoute, echo.WrapHandler(s.metricsHTTP()))
	}
	e.GET(staticRoute, s.staticFile)
	e.GET("/favicon.ico", s.favicon)

	authLimit := middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate:      rate.Limit(float64(s.cfg.AuthRatePerMinute) / 60),
			Burst:     s.cfg.AuthRatePerMinute,
			ExpiresIn: 10 * time.Minute,
		}),
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			secs := int(60/float64(s.cfg.AuthRatePerMinute)) + 1
			c.Response().Header().Set("Retry-After", itoa(secs))
			return echo.NewHTTPError(http.StatusTooManyRequests, "Too many attempts from your address. Try again in "+itoa(secs)+" seconds.")
		},
	})
	e.GET("/signup", s.signupPage)
	e.GET("/invite/:code", s.invitePage)
	e.POST("/signup", s.signup, authLimit)
	e.GET("/login", s.loginPage)
	e.POST("/login", s.login, authLimit)
	e.POST("/logout", s.logout)
	e.POST("/logout/everywhere", s.logoutEverywhere)

	e.GET("/", s.home)
	uploads := middleware.BodyLimit(uploadLimit(s.cfg.Images))
	e.POST("/battles", s.startBattle, uploads)
	e.GET("/images/:sha", s.image)
	e.GET("/battle/:id", s.battlePage)
	e.POST("/battle/:id/vote", s.voteForm)
	e.POST("/battle/:id/messages", s.followUpForm, uploads)
	e.POST("/battle/:id/again", s.againForm)
	e.POST("/battle/:id/regenerate", s.regenerateForm)
	e.POST("/battle/:id/stop", s.stopForm)
	e.GET("/ws/battles/:id", s.battleSocket)

	e.GET("/data", s.dataPage)
	e.GET("/data/export", s.export)
	e.GET("/data/releases/:name/:file", s.releaseFile)
	e.GET("/data/releases/:name/images/:file", s.releaseFile)
	e.GET("/api/export", s.export)
	e.POST("/api/releases/:name/purchases", s.apiPurchase)

	e.GET("/me", s.mePage)
	e.POST("/me/tokens", s.createToken)
	e.POST("/me/password", s.changePassword, authLimit)
	e.POST("/me/tokens/:id/revoke", s.revokeToken)

	e.GET("/leaderboard", s.leaderboardPage)
	e.GET("/leaderboard/models/:name", s.modelPage)
	e.GET("/leaderboard/events", s.leaderboardEvents)
	e.GET("/leaderboard/overview", s.leaderboardOverview)

	// Model labs (issue 7): labs, lab models and their dashboards, leaderboard history.
	e.GET("/labs", s.labsPage)
	// Sponsored evaluation campaigns (issue 26, campaigns.go).
	e.GET("/labs/campaigns", s.campaignsPage)
	e.POST("/labs/campaigns", s.createCampaign)
	e.GET("/labs/campaigns/:id", s.campaignPage)
	e.GET("/labs/campaigns/:id/dataset.jsonl", s.campaignDataset)
	for _, action := range []string{"fund", "start", "close"} {
		e.POST("/labs/campaigns/:id/"+action, s.campaignAction(action))
	}
	e.POST("/labs", s.createLab)
	e.GET("/labs/:id", s.labPage)
	e.POST("/labs/:id/members", s.addLabMember)
	e.POST("/labs/:id/invites", s.createLabInvite)
	e.POST("/labs/:id/models", s.registerLabModel)
	e.GET("/labs/:id/battles.csv", s.labBattlesCSV)
	e.GET("/labs/:id/performance.csv", s.labPerformance("csv"))
	e.GET("/labs/:id/performance.json", s.labPerformance("json"))
	e.GET("/labs/join/:token", s.joinPage)
	e.POST("/labs/join/:token", s.joinLab)
	e.GET("/labs/models/:id", s.labModelPage)
	for _, action := range []string{"check", "approve", "pause", "resume", "retire", "key", "endpoint"} {
		e.POST("/labs/models/:id/"+action, s.labModelAction(action))
	}
	e.POST("/labs/models/:id/settings", s.editLabModel)
	e.GET("/leaderboard/history", s.historyPage)
	e.GET("/leaderboard/history/:id/votes.jsonl", s.snapshotVotes)
	e.GET("/transparency", s.transparencyPage)

	api := e.Group("/api")
	api.GET("/leaderboard", s.apiLeaderboard)
	api.GET("/leaderboard/overview", s.apiLeaderboardOverview)
	api.GET("/transparency", s.transparencyPage)
	// The vote log (issue 25, votelog.go): tree heads, leaves, receipts' proofs.
	api.GET("/log", s.apiLogHead)
	api.GET("/log/leaves", s.apiLogLeaves)
	api.GET("/log/consistency", s.apiLogConsistency)
	api.GET("/receipts/:id/proof", s.apiReceiptProof)
	api.POST("/battles", s.apiCreateBattle, uploads)
	api.GET("/battles/:id", s.apiGetBattle)
	api.POST("/battles/:id/messages", s.apiFollowUp, uploads)
	api.POST("/battles/:id/vote", s.apiVote)
	api.POST("/battles/:id/again", s.apiAgain)
	api.POST("/battles/:id/regenerate", s.apiRegenerate)
	api.POST("/battles/:id/stop", s.apiStop)
	// A lab model's settings and variants (issue 18, lab_variants.go).
	api.GET("/labs/models/:id", s.apiLabModel)
	api.PATCH("/labs/models/:id", s.apiEditLabModel)
	api.GET("/campaigns", s.apiCampaigns)
	api.POST("/campaigns", s.apiCreateCampaign)
	api.GET("/campaigns/:id", s.apiCampaign)
	api.GET("/campaigns/:id/dataset.jsonl", s.campaignDataset)
	for _, action := range []string{"fund", "start", "close"} {
		api.POST("/campaigns/:id/"+action, s.campaignAction(action))
	}

	// Wallets and token rewards (wallet.go).
	e.GET("/wallet", s.walletPage)
	e.POST("/wallet/message", s.walletMessageForm)
	e.POST("/wallet/link", s.walletLinkForm, authLimit)
	e.POST("/wallet/unlink", s.walletUnlinkForm)
	e.POST("/wallet/settle", s.walletSettle)
	api.POST("/wallet/nonce", s.apiWalletNonce, authLimit)
	api.POST("/wallet/link", s.apiWalletLink, authLimit)
	api.GET("/wallet", s.apiWallet)
	api.POST("/wallet/unlink", s.apiWalletUnlink)
	api.GET("/rewards/proof", s.apiRewardsProof)
	// The reward draw's commitments and revealed secrets (issue 20, draws.go).
	api.GET("/rewards/draws", s.apiDraws)
	api.GET("/rewards/draws/:number", s.apiDraw)

	// Publication consent and "My data" (issue 17, consent.go).
	e.POST("/me/consent", s.consentForm)
	e.POST("/battle/:id/consent", s.battleConsentForm)
	api.GET("/me/consent", s.apiGetConsent)
	api.GET("/me/points", s.apiMyPoints)
	api.GET("/me/sales", s.apiMySales)
	api.GET("/me/reliability", s.apiMyReliability)
	api.PUT("/me/consent", s.apiPutConsent)
	api.PUT("/battles/:id/consent", s.apiBattleConsent)

	// A person's battles, and public links to voted ones (issue 19, mybattles.go, share.go).
	e.GET("/me/battles", s.myBattlesPage)
	api.GET("/me/battles", s.apiMyBattles)
	e.GET("/b/:share", s.sharedBattlePage)
	e.GET("/b/:share/card.png", s.sharedBattleCard)
	e.POST("/battle/:id/share", s.shareForm)
	e.POST("/battle/:id/share/revoke", s.revokeShareForm)
	api.POST("/battles/:id/share", s.apiShare)
	api.DELETE("/battles/:id/share", s.apiRevokeShare)
	// The theme chosen without JavaScript (theme.go); app.js sets the same cookie itself.
	e.POST("/theme", s.themeForm)

	// Vote quality and abuse review (issue 8, admin.go).
	e.GET("/admin/review", s.reviewPage)
	e.POST("/admin/review/:id/approve", s.reviewAction("approve"))
	e.POST("/admin/review/:id/abuse", s.reviewAction("abuse"))
	// Appeals (issue 27, appeals.go).
	e.POST("/me/appeals", s.appealForm)
	api.GET("/me/appeals", s.apiMyAppeals)
	api.POST("/me/appeals", s.apiFileAppeal)
	e.POST("/admin/appeals/:id", s.appealDecision)

	// Accounts: roles, disabling (issue 21, admin_users.go).
	e.GET("/admin/users", s.usersPage)
	for _, action := range []string{"role", "disable", "enable"} {
		e.POST("/admin/users/:name/"+action, s.userAction(action))
	}
}
