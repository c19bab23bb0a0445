package arena

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
)

// DefaultCampaignShare is the most of the anonymous battles campaigns are served in
// unless configured otherwise (--campaign-share).
const DefaultCampaignShare = 0.20

// CampaignRaterTiers are the rater tiers that get campaign battles: a lab pays for
// judgement, so only raters whose record earned trust give it.
var CampaignRaterTiers = []string{RaterTrusted, RaterExpert}

// CampaignDraw decides which anonymous battles campaigns serve. It never lets them
// take more than Share of the battles it has seen: a campaign battle is served only
// while (campaign battles + 1) ≤ Share × battles, counting the one being drawn, so the
// share holds after every draw, not just on average. The counts are this process's;
// /transparency publishes the share measured over the database's battles.
type CampaignDraw struct {
	Store CampaignStore
	// Models reads the campaign's entrants, which may be private (not active).
	Models ModelStore
	Clock  Clock
	// Share is the most of the battles campaigns serve, from 0 (none) to 1.
	Share float64
	// RaterTier tells a voter's tier; nil serves no campaign battle (no tier is known).
	RaterTier func(ctx context.Context, userID int64) (string, error)
	// Refresh is how often the running campaigns are read again (10 s when zero).
	Refresh time.Duration

	mu      sync.Mutex
	total   int64
	served  int64
	running []Campaign
	readAt  time.Time
}

// Validate checks the share.
func (d *CampaignDraw) Validate() error {
	if !(d.Share >= 0 && d.Share <= 1) {
		return Errorf(EINVALID, "The campaign share is a share of battles, from 0 to 1; %v is not.", d.Share)
	}
	return nil
}

// Counts are the battles this draw has seen and the campaign battles it served.
func (d *CampaignDraw) Counts() (total, served int64) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.total, d.served
}

// Forget drops the cached running campaigns, so that the next draw reads them again
// (a campaign started, closed or reached its target).
func (d *CampaignDraw) Forget() {
	d.mu.Lock()
	d.readAt = time.Time{}
	d.mu.Unlock()
}

// campaignPick is what a draw chose: the campaign, its entrant and opponent in random
// sides, and the held-out prompt to use (-1: the voter's own).
type campaignPick struct {
	bc     BattleCampaign
	a, b   Model
	prompt string
}

// draw counts one anonymous battle and, if the share allows, u's tier qualifies and a
// running campaign takes this prompt, returns the campaign's pick. sponsored asks for a
// held-out prompt (the voter asked to rate one): only set campaigns answer it, and only
// live ones answer a voter's own prompt.
func (d *CampaignDraw) draw(ctx context.Context, u *User, prompt, lang string, sponsored bool, active []Model, rng *rand.Rand) (*campaignPick, error) {
	// The slot is taken under the lock, so that two battles drawn at once cannot both
	// take the last one; a draw that serves no campaign gives it back.
	d.mu.Lock()
	d.total++
	allowed := u != nil && !u.Guest && d.RaterTier != nil && float64(d.served+1) <= d.Share*float64(d.total)
	if allowed {
		d.served++
	}
	d.mu.Unlock()
	if !allowed {
		return nil, nil
	}
	served := false
	defer func() {
		if !served {
			d.mu.Lock()
			d.served--
			d.mu.Unlock()
		}
	}()
	running, err := d.campaigns(ctx)
	if err != nil || len(running) == 0 {
		return nil, err
	}
	now := d.Clock.Now()
	var cats []string
	if !sponsored {
		cats = TagPrompt(prompt).Categories
	}
	var fits []*Campaign
	for i := range running {
		c := &running[i]
		if !now.Before(c.Deadline) || c.CountedVotes >= c.TargetVotes || c.HeldOut() != sponsored {
			continue
		}
		if len(c.Categories) > 0 && !slices.ContainsFunc(c.Categories, func(k string) bool { return slices.Contains(cats, k) }) {
			continue
		}
		if len(c.Languages) > 0 && !slices.Contains(c.Languages, lang) {
			continue
		}
		fits = append(fits, c)
	}
	if len(fits) == 0 {
		return nil, nil
	}
	tier, err := d.RaterTier(ctx, u.ID)
	if err != nil || !slices.Contains(CampaignRaterTiers, tier) {
		return nil, err
	}
	c := fits[rng.IntN(len(fits))]
	ent := c.Entrants[rng.IntN(len(c.Entrants))]
	if ent.Status == ModelPaused || ent.Status == ModelRetired {
		return nil, nil
	}
	entrant, err := d.Models.ModelByID(ctx, ent.ID)
	if err != nil {
		return nil, err
	}
	var opps []Model
	for _, m := range active {
		if c.IsEntrant(m.ID) {
			continue
		}
		if c.AllOpponents || slices.ContainsFunc(c.Opponents, func(o CampaignModel) bool { return o.ID == m.ID }) {
			opps = append(opps, m)
		}
	}
	if len(opps) == 0 {
		return nil, nil
	}
	p := &campaignPick{bc: BattleCampaign{CampaignID: c.ID, EntrantID: entrant.ID, PromptIndex: -1, Bounty: c.Bounty},
		a: *entrant, b: opps[rng.IntN(len(opps))]}
	if c.HeldOut() {
		p.bc.PromptIndex = rng.IntN(c.Prompts)
		if p.prompt, err = d.Store.CampaignPrompt(ctx, c.ID, p.bc.PromptIndex); err != nil {
			return nil, err
		}
	}
	if rng.IntN(2) == 1 {
		p.a, p.b = p.b, p.a
	}
	served = true
	return p, nil
}

// campaigns returns the running campaigns, read at most every Refresh.
func (d *CampaignDraw) campaigns(ctx context.Context) ([]Campaign, error) {
	every := d.Refresh
	if every == 0 {
		every = 10 * time.Second
	}
	d.mu.Lock()
	if !d.readAt.IsZero() && time.Since(d.readAt) < every {
		r := d.running
		d.mu.Unlock()
		return r, nil
	}
	d.mu.Unlock()
	r, err := d.Store.RunningCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	d.mu.Lock()
	d.running, d.readAt = r, time.Now()
	d.mu.Unlock()
	return r, nil
}
