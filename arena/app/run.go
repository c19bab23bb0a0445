package app

import (
	"context"
	"net"
	"strconv"
	"time"

	"github.com/arena-dev/arena/arena"
)

// Serve runs the arena on ln until ctx ends: the web server, and in the background the
// re-tagging of battles an older tagger tagged, the language detection and the style
// features of older battles, the housekeeping, the sampler's
// refresh, the snapshots and, beside other servers, the recovery of battles they
// abandoned.
func (a *App) Serve(ctx context.Context, ln net.Listener) error {
	go a.Retag(ctx)
	go a.CheckRefusals(ctx)
	go a.housekeep(ctx)
	if a.Sampler != nil {
		go a.refreshEvery(ctx, a.samplerRefresh())
		if every := a.cfg.Labs.SnapshotEvery; every > 0 {
			go a.Labs.RunSnapshots(ctx, every)
		}
	}
	if a.Campaigns != nil {
		go a.closeExpiredCampaigns(ctx, time.Minute)
	}
	if a.events != nil {
		go a.recoverAbandoned(ctx)
	}
	if a.cfg.DetectLanguage != nil {
		go a.backfillLanguages(ctx)
	}
	go a.backfillStyles(ctx)
	return a.Server.Serve(ctx, ln)
}

// backfillStyles stores the style features of the battles voted before they were
// stored with the vote, once, in the background; until it is done the boards read those
// battles' text instead, so they are the same boards, only slower to fit.
func (a *App) backfillStyles(ctx context.Context) {
	start := time.Now()
	n, err := arena.BackfillStyles(ctx, a.Store)
	if err != nil && ctx.Err() == nil {
		a.Log.Warn("could not store the style of older battles", "done", n, "error", err)
	} else if n > 0 {
		a.Log.Info("stored the style of older battles", "count", n, "took", time.Since(start).Round(time.Millisecond))
	}
}

// backfillLanguages detects the language of the battles stored before detection ran
// at battle creation, once, in the background.
func (a *App) backfillLanguages(ctx context.Context) {
	n, err := arena.BackfillLanguages(ctx, a.Store, a.cfg.DetectLanguage)
	if err != nil && ctx.Err() == nil {
		a.Log.Warn("could not detect the language of older battles", "done", n, "error", err)
	} else if n > 0 {
		a.Log.Info("detected the language of older battles", "count", n)
	}
}

// CheckRefusals flags the voted battles not flagged yet as refusals or not
// (arena.CheckRefusals): those voted before the flag existed and imported ones. Serve
// runs it beside the server; until it is done the "exclude refusals" board keeps
// them. It refreshes the leaderboards when it found refusals.
func (a *App) CheckRefusals(ctx context.Context) (checked, refusals int, err error) {
	checked, refusals, err = arena.CheckRefusals(ctx, a.Store)
	if refusals > 0 {
		a.votesChanged()
	}
	switch {
	case err != nil && ctx.Err() == nil:
		a.Log.Warn("could not check older battles for refusals", "error", err, "checked", checked)
	case checked > 0:
		a.Log.Info("checked older battles for refusals", "battles", checked, "refusals", refusals)
	}
	return checked, refusals, err
}

// Retag re-tags the arena's battles an older tagger tagged (arena.RetagBattles) and,
// when votes moved between categories, refreshes the leaderboards here and on the
// other servers. After an upgrade that can be many battles: Serve runs it beside the
// server, which serves them with their old tags until then.
func (a *App) Retag(ctx context.Context) (arena.RetagStats, error) {
	st, err := arena.RetagBattles(ctx, a.Store, 0, nil)
	if st.Votes > 0 {
		a.votesChanged()
	}
	switch {
	case err != nil && ctx.Err() == nil:
		a.Log.Warn("could not re-tag the battles an older tagger tagged", "error", err, "retagged", st.Battles)
	case st.Battles > 0:
		a.Log.Info("re-tagged battles an older tagger tagged", "battles", st.Battles, "changed", st.Changed,
			"votes_moved", st.Votes, "tagger", arena.TaggerVersion)
	}
	return st, err
}

// samplerRefresh is how often the sampler rereads its counts, as Serve runs it; 0
// without a sampler.
func (a *App) samplerRefresh() time.Duration {
	if a.Sampler == nil {
		return 0
	}
	return max(a.cfg.Labs.SamplerRefresh, time.Second)
}

// housekeep runs the hourly housekeeping until ctx ends.
func (a *App) housekeep(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		now := a.Clock.Now()
		if n, err := a.Store.DeleteExpiredSessions(ctx, now); err != nil && ctx.Err() == nil {
			a.Log.Warn("could not delete expired sessions", "error", err)
		} else if n > 0 {
			a.Log.Info("deleted expired sessions", "count", n)
		}
		// Rate windows are at most a day long; nonces expire within minutes.
		if err := a.Store.DeleteRateCountersBefore(ctx, now.Add(-48*time.Hour)); err != nil && ctx.Err() == nil {
			a.Log.Warn("could not delete old rate counters", "error", err)
		}
		if _, err := a.Store.DeleteExpiredNonces(ctx, now); err != nil && ctx.Err() == nil {
			a.Log.Warn("could not delete expired wallet nonces", "error", err)
		}
		if a.Referrals != nil {
			// Hourly is soon enough: a referral waits for votes a week old.
			if paid, notPaid, err := a.Referrals.Decide(ctx, 0); err != nil && ctx.Err() == nil {
				a.Log.Warn("could not decide referrals", "error", err)
			} else if paid+notPaid > 0 {
				a.Log.Info("referrals decided", "paid", paid, "not_paid", notPaid)
			}
		}
		if a.Sybil != nil {
			if ev, err := a.Sybil.Run(ctx); err != nil && ctx.Err() == nil {
				a.Log.Warn("could not look for Sybil accounts", "error", err)
			} else if len(ev) > 0 {
				a.Log.Info("Sybil signals: accounts flagged for review", "count", len(ev))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// recoverAbandoned fails, every minute, battles that another server left streaming
// when it stopped; at start-up only this server's own leftovers could be failed.
func (a *App) recoverAbandoned(ctx context.Context) {
	every(ctx, time.Minute, func() {
		if n, err := a.Battles.RecoverInterrupted(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("could not fail abandoned battles", "error", err)
		} else if n > 0 {
			a.Log.Warn("failed battles abandoned by a stopped server", "count", n)
		}
	})
}

// every calls fn once a period until ctx ends, the first time a period from now.
func every(ctx context.Context, period time.Duration, fn func()) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			fn()
		}
	}
}

// broadcast tells the arena's other servers of e, if there are any.
func (a *App) broadcast(e arena.Event) {
	if a.events != nil {
		a.events.Broadcast(context.Background(), e)
	}
}

// votesChanged runs after votes were recorded or recounted.
func (a *App) votesChanged() {
	a.Boards.Invalidate()
	a.broadcast(arena.Event{Kind: arena.EventVotes})
}

// battleChanged runs when a battle changes state here.
func (a *App) battleChanged(id string) { a.broadcast(arena.Event{Kind: arena.EventBattle, ID: id}) }

// modelsChanged runs when a lab model was registered, approved, paused or retired here.
func (a *App) modelsChanged() {
	a.refreshSampler()
	a.broadcast(arena.Event{Kind: arena.EventModels})
}

// refreshSampler rereads the models the sampler draws from, and first the hosts of
// the operator's own, so that a model drawn is one whose host is trusted.
func (a *App) refreshSampler() {
	if a.Sampler == nil {
		return
	}
	ctx := context.Background()
	if err := a.opHosts.reload(ctx); err != nil {
		a.Log.Warn("could not reread the operator's model hosts", "error", err)
	}
	if err := a.Sampler.Refresh(ctx, a.Store); err != nil {
		a.Log.Warn("sampler refresh failed", "error", err)
	}
}

// refreshEvery refreshes the sampler every period until ctx ends: how models changed
// where no event tells of it (`arena models` on SQLite, a lost notification) reach
// this server.
func (a *App) refreshEvery(ctx context.Context, period time.Duration) {
	every(ctx, period, a.refreshSampler)
}

// onEvent applies another server's event here.
func (a *App) onEvent(e arena.Event) {
	switch e.Kind {
	case arena.EventVotes:
		a.Boards.Invalidate()
	case arena.EventBattle:
		a.Battles.Changed(e.ID)
	case arena.EventModelKey:
		if a.Labs != nil {
			if id, err := strconv.ParseInt(e.ID, 10, 64); err == nil {
				a.Labs.ForgetKeys(id)
			}
		}
	case arena.EventModels:
		a.refreshSampler()
	case arena.EventResync:
		a.Boards.Invalidate()
		a.Battles.ChangedAll()
		if a.Labs != nil {
			a.Labs.ForgetKeys()
		}
		a.refreshSampler()
	}
}

// closeExpiredCampaigns closes the campaigns whose deadline passed, and refunds those it
// can, every so often (arena.Campaigns.CloseExpired: a refund is made once, whichever
// server or run makes it).
func (a *App) closeExpiredCampaigns(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := a.Campaigns.CloseExpired(ctx); err != nil && ctx.Err() == nil {
			a.Log.Warn("could not close or refund expired campaigns", "closed", n, "error", err)
		} else if n > 0 {
			a.Log.Info("closed campaigns past their deadline", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
