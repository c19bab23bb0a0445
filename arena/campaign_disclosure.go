package arena

import (
	"context"
	"slices"
	"time"
)

// CampaignDisclosure is what /transparency says of sponsored campaigns: the share of
// battles they may take and took, and every campaign disclosed (see Campaign.Disclosed).
type CampaignDisclosure struct {
	// Share is the configured most; Battles and CampaignBattles are the anonymous
	// battles started in the window since Since and the campaigns' among them, and
	// Measured their ratio.
	Share                    float64
	Since                    time.Time
	Battles, CampaignBattles int64
	Measured                 float64
	// Campaigns are the disclosed campaigns, newest first, with every model they tested.
	Campaigns []Campaign
}

// disclose adds the campaigns' part to the report, and leaves off the models list the
// private entrants of campaigns not yet disclosed: a lab's model stays private until it
// is released or its campaign closes.
func (t *Transparency) disclose(ctx context.Context, r *TransparencyReport) error {
	d := t.Campaigns
	if d == nil {
		return nil
	}
	cd := &CampaignDisclosure{Share: d.Share, Since: r.At.Add(-TransparencyWindow)}
	var err error
	if cd.CampaignBattles, cd.Battles, err = d.Store.CampaignShare(ctx, cd.Since); err != nil {
		return err
	}
	if cd.Battles > 0 {
		cd.Measured = float64(cd.CampaignBattles) / float64(cd.Battles)
	}
	all, err := d.Store.Campaigns(ctx, 0)
	if err != nil {
		return err
	}
	private := map[string]bool{}
	for _, c := range all {
		if c.Disclosed() {
			cd.Campaigns = append(cd.Campaigns, c)
			continue
		}
		for _, m := range c.Entrants {
			if !m.Public {
				private[m.Name] = true
			}
		}
	}
	if len(private) > 0 {
		r.Models = slices.DeleteFunc(r.Models, func(m ModelRecord) bool { return private[m.Name] })
		for i := range r.Variants {
			r.Variants[i].Variants = slices.DeleteFunc(r.Variants[i].Variants, func(v VariantRecord) bool { return private[v.Name] })
		}
	}
	r.Campaigns = cd
	return nil
}
