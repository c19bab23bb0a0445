package views

import (
	"fmt"
	"strings"
	"time"
)

// CampaignsView is /labs/campaigns: the viewer's labs' campaigns and the form to create
// one.
type CampaignsView struct {
	Campaigns []CampaignRow
	// Labs are the labs the viewer may create campaigns for.
	Labs []LabChoice
	// Categories are the prompt categories a live campaign may ask for.
	Categories []string
}

// LabChoice is a lab in the create form.
type LabChoice struct {
	ID   int64
	Name string
}

// CampaignRow is one campaign in a list.
type CampaignRow struct {
	ID                   int64
	Name, Lab, State     string
	CountedVotes, Target int64
	Deadline             time.Time
}

// Progress is "counted of target".
func (r CampaignRow) Progress() string { return fmt.Sprintf("%d of %d", r.CountedVotes, r.Target) }

// CampaignView is a campaign's private page for its lab.
type CampaignView struct {
	CampaignRow
	EscrowID, PromptSource, Token string
	Entrants, Opponents           []string
	AllOpponents                  bool
	Categories, Languages         []string
	HeldOutPrompts                int
	Bounty, Spent, Budget         int64
	Battles, DatasetBattles       int
	Deposit, Depositor, Refunded  string
	RefundTx, CloseReason         string
	Created, Funded, Started      time.Time
	Closed                        time.Time
	WinRate                       float64
	Opponent                      []CampaignOpponentRow
	ReasonsWon, ReasonsLost       []ReasonCount
	Category                      []CampaignCategoryRow
	// DepositCommand is how the lab funds the campaign from the command line.
	DepositUnits string
}

// CampaignOpponentRow is the record against one opponent.
type CampaignOpponentRow struct {
	Opponent                  string
	Votes, Wins, Losses, Ties int
	WinRate                   float64
	Rating, Lower, Upper      float64
}

// ReasonCount is a reason and how often voters gave it.
type ReasonCount struct {
	Reason string
	Count  int
}

// CampaignCategoryRow is the record in one category.
type CampaignCategoryRow struct {
	Category string
	Votes    int
	WinRate  float64
}

func share(f float64) string { return fmt.Sprintf("%.1f%%", 100*f) }

func elo(f float64) string { return fmt.Sprintf("%+.0f", f) }

func when(t time.Time) string {
	if t.IsZero() {
		return "—"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func listOr(xs []string, none string) string {
	if len(xs) == 0 {
		return none
	}
	return strings.Join(xs, ", ")
}
