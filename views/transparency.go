package views

import (
	"fmt"
	"strconv"
	"time"
)

// TransparencyView is the transparency page.
type TransparencyView struct {
	// Sales are the sold releases' totals; ShowSales shows the section, SaleBps the
	// contributors' share the sale contract fixes (0: not read).
	Sales            []SaleTotalRow
	ShowSales        bool
	SaleBps          int
	At               time.Time
	CountedAt        time.Time // when battles and votes were read
	WindowDays       int
	ProvisionalBelow int
	// Votes and RecentVotes are the counted votes, in all and in the window.
	Votes, RecentVotes int64
	Models             []TransparencyModel
	ImportedOnly       []ImportedOnlyModel
	Orgs               []OrgShareRow
	Variants           []VariantLine
	Sampler            SamplerView
	Snapshots          []SnapshotRow
	// Draws is the reward draw's public record; nil when rewards are off.
	Draws *DrawsView
	// Tiers are the rater tiers' published rules, lowest first; none when votes are not
	// scored.
	Tiers []TierRuleRow
	// TierWeeks is how many of the latest weeks with votes a tier's score must hold in.
	TierWeeks int
	// Figures are the raters by tier and what the defences did; nil when votes are not
	// scored.
	Figures *RaterFiguresView
	// Referrals are the referrals and their bonuses; nil when invites are off.
	Referrals *ReferralFiguresView
	// Campaigns is the sponsored campaigns' share and the campaigns disclosed; nil
	// without campaigns.
	Campaigns *CampaignsDisclosure
}

// ReferralFiguresView is /transparency's account of referrals.
type ReferralFiguresView struct {
	Paid, Pending, NotPaid int64
	// Why lists the referrals not paid by why (Votes counts referrals here).
	Why []ShareRow
	// Points credited, of them vested, held (pending vesting) and clawed back.
	Points, Vested, Held, ClawedBack int64
}

// CampaignsDisclosure is /transparency's section on sponsored campaigns.
type CampaignsDisclosure struct {
	Share, Measured          float64
	Battles, CampaignBattles int64
	Campaigns                []DisclosedCampaign
}

// DisclosedCampaign is a campaign disclosed once its model is public or it closed.
type DisclosedCampaign struct {
	Name, Lab, State      string
	Models                []string
	Battles, CountedVotes int64
	Created, Started      time.Time
	Closed                time.Time
	CloseReason           string
}

// RaterFiguresView is /transparency's account of raters and the defences.
type RaterFiguresView struct {
	Tiers []TierCount
	// Votes are this arena's own votes, Shares how many count or are left out and why.
	Votes                 int64
	Shares                []ShareRow
	GoldVotes, GoldPassed int64
	Months                []MonthRow
	Open, Upheld, Granted int64
}

// TierCount is how many raters a tier has.
type TierCount struct {
	Tier   string
	Raters int
}

// ShareRow is how many votes count, or are left out for one reason.
type ShareRow struct {
	Why, Words string
	Votes      int64
}

// MonthRow is a month's holds and clawbacks.
type MonthRow struct {
	Month                     string
	Holds, HeldPoints         int64
	Clawbacks, ClawbackPoints int64
}

// percent is part of whole as a percentage with one decimal, "–" of nothing.
func percent(part, whole int64) string {
	if whole == 0 {
		return "–"
	}
	return strconv.FormatFloat(100*float64(part)/float64(whole), 'f', 1, 64) + "%"
}

// TierRuleRow is one rater tier's rule.
type TierRuleRow struct {
	Name     string
	MinVotes int
	MinScore float64
}

// DrawsView is the reward draw's record: the open epoch's commitment and the revealed
// epochs' secrets.
type DrawsView struct {
	Current DrawRow
	// Revealed are the latest revealed epochs, newest first.
	Revealed []DrawRow
}

// DrawRow is one draw epoch. Secret is "" while the epoch is open.
type DrawRow struct {
	Number             int64
	Commitment, Secret string
	OpenedAt           time.Time
	RevealedAt         time.Time
	// Settlement names the settlement epoch that revealed it, e.g. "epoch 3 on 0xabc…".
	Settlement string
	Votes      int
}

// TransparencyModel is one model's line.
type TransparencyModel struct {
	Name, Display string
	// VariantOf names the model this variant replaced, "" for a model as registered.
	Variant       int
	VariantOf     string
	Status        string
	PausedBy      string // who paused it, while paused
	Organization  string
	RunBy         string // lab, operator or demo
	License       string // "" when none was declared
	OutputsPublic bool
	Battles       int64
	FirstBattle   time.Time
	LastBattle    time.Time
	Votes         int64
	RecentVotes   int64
	ImportedVotes int64
	Rating        *TransparencyRating
	Provisional   bool
}

// TransparencyRating is a model's rating and where it comes from.
type TransparencyRating struct {
	Rating       float64
	Lower, Upper *float64
	Rank         int  // 0 from a snapshot
	Snapshot     bool // from the latest snapshot holding the model, not the live board
	At           time.Time
}

// ImportedOnlyModel is a model known only from imported battles.
type ImportedOnlyModel struct {
	Name, Organization string
	ImportedVotes      int64
}

// OrgShareRow is an organisation's share of battles.
type OrgShareRow struct {
	Organization           string
	Models                 int
	Battles, RecentBattles int64
	Percent, RecentPercent float64
}

// SamplerView is the pair sampling in force.
type SamplerView struct {
	Mode          string
	Weights       []WeightRow
	NewModelVotes int64
	NewModelBoost float64
	Refresh       time.Duration // 0 when counts are not read (uniform without labs)
	RefreshedAt   time.Time
	Models        []SamplingRow
}

// WeightRow is one operator-set model weight.
type WeightRow struct {
	Model  string
	Weight float64
}

// SamplingRow is how an active model is drawn now.
type SamplingRow struct {
	Display string
	Weight  float64
	Boosted bool
	Chance  float64 // of being in the next battle
}

func pct(x float64) string { return fmt.Sprintf("%.1f%%", x) }

func num(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }

func licence(s string) string {
	if s == "" {
		return "not declared"
	}
	return s
}

func runBy(s string) string {
	switch s {
	case "lab":
		return "registered by a lab"
	case "operator":
		return "run by the arena's operator"
	case "demo":
		return "built-in demo model"
	}
	return s
}

func pausedBy(s string) string {
	switch s {
	case "lab":
		return "paused by its lab"
	case "auto":
		return "paused automatically after failing calls"
	case "admin":
		return "paused by an administrator"
	}
	return "paused by the operator"
}

func ratingCI(r TransparencyRating) string {
	return ci(BoardRow{Rating: r.Rating, Lower: r.Lower, Upper: r.Upper})
}
