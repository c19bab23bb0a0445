package app

import (
	"context"

	"github.com/arena-dev/arena/arena"
	"github.com/arena-dev/arena/arena/chain"
)

// buildCampaigns builds labs' sponsored campaigns and the draw that serves them, with
// labs; with a node, the escrow they are funded and refunded through (the operator's key
// closes them there).
func (a *App) buildCampaigns(ctx context.Context) error {
	o := a.cfg.Labs
	if o == nil {
		return nil
	}
	db := a.Store
	a.CampaignDraw = &arena.CampaignDraw{Store: db, Models: db, Clock: a.Clock, Share: o.CampaignShare}
	if err := a.CampaignDraw.Validate(); err != nil {
		return err
	}
	if a.Raters != nil {
		a.CampaignDraw.RaterTier = a.Raters.Tier
	}
	a.Campaigns = &arena.Campaigns{Store: db, Labs: a.Labs, Models: db, Clock: a.Clock, OnChange: a.CampaignDraw.Forget}
	if r := a.cfg.Rewards; r != nil {
		policy := r.Policy
		a.Campaigns.TokenUnits = func(points int64) string { return policy.TokenUnits(points).String() }
		if r.Node != nil {
			a.Campaigns.Escrow = &chain.RecordedEscrow{Node: r.Node, ChainID: r.ChainID, Key: r.Key, Deployments: db.Deployments}
			deps, err := db.Deployments(ctx)
			if err != nil {
				return err
			}
			for _, d := range deps {
				if d.ChainID == r.ChainID {
					a.Campaigns.ArenaToken = d.Token.Hex()
					break
				}
			}
		}
	}
	return nil
}
