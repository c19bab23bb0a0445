package arena

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// CampaignState is where a sponsored evaluation campaign is in its life:
// draft → funded → running → closed.
type CampaignState string

// Campaign states. A draft has its terms but no money; funded means the lab's deposit
// was read from the escrow; running campaigns are served; closed is final.
const (
	CampaignDraft   CampaignState = "draft"
	CampaignFunded  CampaignState = "funded"
	CampaignRunning CampaignState = "running"
	CampaignClosed  CampaignState = "closed"
)

// Where a campaign's prompts come from.
const (
	// PromptsLive: the prompts people type, of the campaign's categories and languages.
	PromptsLive = "live"
	// PromptsSet: the lab's uploaded, held-out prompt set, never exported.
	PromptsSet = "set"
)

// Why a campaign closed.
const (
	CloseTarget   = "target"   // its counted votes reached the target
	CloseDeadline = "deadline" // its deadline passed
	CloseByLab    = "lab"      // a member of its lab closed it
	CloseByAdmin  = "admin"    // an administrator closed it
)

// Limits of a campaign's terms.
const (
	MaxCampaignPrompts   = 10000
	MaxCampaignPrompt    = 8000 // characters per held-out prompt
	MaxCampaignTarget    = 1_000_000
	MaxCampaignBounty    = 1_000_000 // points per counted vote
	MaxCampaignEntrants  = 20
	MaxCampaignOpponents = 100
)

// CampaignModel is a model taking part in a campaign. Public is set once the model was
// approved into the public arena: until then an entrant is the lab's private model or
// variant, served only in its campaign's battles.
type CampaignModel struct {
	ID     int64       `json:"id"`
	Name   string      `json:"name"`
	Status ModelStatus `json:"status"`
	Public bool        `json:"public"`
}

// Campaign is a lab's sponsored evaluation: its models (entrants) against opponents,
// on live or held-out prompts, until TargetVotes counted votes, each earning its voter
// Bounty points paid from the lab's deposit in CampaignEscrow, or the deadline.
type Campaign struct {
	ID      int64  `json:"id"`
	LabID   int64  `json:"lab_id"`
	LabName string `json:"lab"`
	Name    string `json:"name"`
	// EscrowID is the campaign's id on CampaignEscrow (32 bytes in hex): random, so no
	// two arenas sharing an escrow collide.
	EscrowID string          `json:"escrow_id"`
	State    CampaignState   `json:"state"`
	Entrants []CampaignModel `json:"entrants"`
	// AllOpponents: every public model is an opponent; otherwise Opponents.
	AllOpponents bool            `json:"all_opponents"`
	Opponents    []CampaignModel `json:"opponents"`
	PromptSource string          `json:"prompt_source"`
	Categories   []string        `json:"categories"`
	Languages    []string        `json:"languages"`
	// Prompts is how many held-out prompts the set has; the prompts themselves never
	// leave the store but to start battles.
	Prompts     int   `json:"held_out_prompts"`
	TargetVotes int64 `json:"target_votes"`
	// Bounty is the points each counted vote earns, settled as token units like vote
	// points (the escrow's bounty per vote is its token units).
	Bounty int64 `json:"bounty"`
	// Token is the ERC-20 the lab deposits; "" is ArenaToken.
	Token    string    `json:"token"`
	Deadline time.Time `json:"deadline"`
	// CountedVotes is how many counted votes earned the bounty (at most TargetVotes).
	CountedVotes int64 `json:"counted_votes"`
	// Battles is how many battles the campaign was served in.
	Battles int64 `json:"battles"`
	// Deposit and Refunded are token base units read from the chain ("" before).
	Deposit     string    `json:"deposit"`
	Depositor   string    `json:"depositor"`
	Refunded    string    `json:"refunded"`
	RefundTx    string    `json:"refund_tx"`
	CloseReason string    `json:"close_reason"`
	CreatedBy   int64     `json:"-"`
	CreatedAt   time.Time `json:"created_at"`
	FundedAt    time.Time `json:"funded_at"`
	StartedAt   time.Time `json:"started_at"`
	ClosedAt    time.Time `json:"closed_at"`
}

// Budget is the most the campaign's bounties can cost, in points: the escrow's cap.
func (c *Campaign) Budget() int64 { return c.TargetVotes * c.Bounty }

// Spent is what the campaign's bounties have cost so far, in points.
func (c *Campaign) Spent() int64 { return c.CountedVotes * c.Bounty }

// HeldOut reports whether the campaign's prompts are the lab's private set.
func (c *Campaign) HeldOut() bool { return c.PromptSource == PromptsSet }

// Disclosed reports whether the public may see the campaign on /transparency: once it
// closed or any entrant became public. Both are for good (a closed campaign never
// reopens; an approval is never undone), so nothing disclosed is ever withdrawn.
func (c *Campaign) Disclosed() bool {
	return c.State == CampaignClosed || slices.ContainsFunc(c.Entrants, func(m CampaignModel) bool { return m.Public })
}

// IsEntrant reports whether model id is one of the campaign's own models.
func (c *Campaign) IsEntrant(id int64) bool {
	return slices.ContainsFunc(c.Entrants, func(m CampaignModel) bool { return m.ID == id })
}

// BattleCampaign ties a battle to the campaign that served it.
type BattleCampaign struct {
	CampaignID int64
	EntrantID  int64
	// PromptIndex is the held-out prompt's index in the set, -1 for a live prompt.
	PromptIndex int
	// Bounty is what a counted vote on the battle earns (for the voter's note).
	Bounty int64
}

// HeldOut reports whether the battle's prompt came from a held-out set.
func (bc *BattleCampaign) HeldOut() bool { return bc != nil && bc.PromptIndex >= 0 }

// CampaignInput is what a lab sends to create a campaign.
type CampaignInput struct {
	LabID    int64    `json:"lab_id"`
	Name     string   `json:"name"`
	Entrants []string `json:"entrants"`
	// Opponents are model names; none means every public model.
	Opponents    []string  `json:"opponents"`
	PromptSource string    `json:"prompt_source"`
	Categories   []string  `json:"categories"`
	Languages    []string  `json:"languages"`
	Prompts      []string  `json:"prompts"`
	TargetVotes  int64     `json:"target_votes"`
	Bounty       int64     `json:"bounty"`
	Token        string    `json:"token"`
	Deadline     time.Time `json:"deadline"`
}

// CampaignStore persists campaigns. Campaigns are never deleted.
type CampaignStore interface {
	// CreateCampaign stores a draft with its models and held-out prompts, setting c.ID.
	CreateCampaign(ctx context.Context, c *Campaign, prompts []string) error
	Campaign(ctx context.Context, id int64) (*Campaign, error)
	// Campaigns lists campaigns, newest first: a lab's (labID > 0) or every one.
	Campaigns(ctx context.Context, labID int64) ([]Campaign, error)
	// RunningCampaigns lists the campaigns being served.
	RunningCampaigns(ctx context.Context) ([]Campaign, error)
	// CampaignPrompt reads held-out prompt idx of a campaign.
	CampaignPrompt(ctx context.Context, id int64, idx int) (string, error)
	// FundCampaign records the deposit of a draft and makes it funded; ECONFLICT if it
	// is not a draft.
	FundCampaign(ctx context.Context, id int64, deposit, depositor string, now time.Time) error
	// StartCampaign makes a funded campaign running; ECONFLICT otherwise.
	StartCampaign(ctx context.Context, id int64, now time.Time) error
	// CloseCampaign closes a campaign not yet closed; ECONFLICT if it is.
	CloseCampaign(ctx context.Context, id int64, reason string, now time.Time) error
	// RecordRefund records the escrow's refund of a closed campaign once: a second call
	// leaves the first record and returns ECONFLICT.
	RecordRefund(ctx context.Context, id int64, refunded, tx string) error
	// CampaignShare counts the anonymous battles started since since, and how many of
	// them campaigns served.
	CampaignShare(ctx context.Context, since time.Time) (campaign, total int64, err error)
	// CampaignVotes reads the votes on a campaign's battles, with the facts that decide
	// whether each counted and may go in the lab's dataset.
	CampaignVotes(ctx context.Context, id int64, fn func(CampaignVote) error) error
	// CampaignBounties sums the bounty ledger entries of a campaign's battles.
	CampaignBounties(ctx context.Context, id int64) (entries, points int64, err error)
}

// CampaignEscrow is the chain as campaigns see it: the deposit a lab made into
// CampaignEscrow, and closing a campaign there, which pays the escrow's payee the
// bounties earned and refunds the rest to the lab.
type CampaignEscrow interface {
	// Deposit reads the campaign's deposit: ENOTFOUND while there is none.
	Deposit(ctx context.Context, escrowID string) (*EscrowDeposit, error)
	// Close pays paidVotes bounties in all (those not paid yet) and closes the campaign
	// on the escrow, refunding the rest; on a campaign already closed there it sends
	// nothing and reads the refund back, so a retry never refunds twice.
	Close(ctx context.Context, escrowID string, paidVotes int64) (refunded, tx string, err error)
	// Totals sums the campaign's deposit, payout and refund events.
	Totals(ctx context.Context, escrowID string) (*EscrowTotals, error)
}

// EscrowTotals is what a campaign's events on the escrow add up to, in token units.
type EscrowTotals struct {
	Depositor                 string
	Deposited, Paid, Refunded *big.Int
	PaidVotes                 int64
	Payouts                   int
	Closed                    bool
	CloseTx                   string
}

// EscrowDeposit is a campaign as the escrow holds it.
type EscrowDeposit struct {
	Depositor   string
	Token       string // the token's address
	Amount      string // token base units
	TargetVotes int64
	// BountyPerVote is in token base units.
	BountyPerVote string
	Deadline      time.Time
}

// Campaigns is the service behind the lab's campaign pages, API and CLI.
type Campaigns struct {
	Store  CampaignStore
	Labs   *Labs
	Models ModelStore
	Clock  Clock
	// Escrow reads deposits and closes campaigns on chain; nil means this arena has no
	// escrow, and campaigns cannot be funded.
	Escrow CampaignEscrow
	// ArenaToken is the address of ArenaToken ("" unknown), which Token "" names.
	ArenaToken string
	// TokenUnits gives the token units of points, as settlement converts them; the
	// escrow's bounty per vote must be TokenUnits(Bounty).
	TokenUnits func(points int64) string
	// OnChange, if set, is called when a campaign starts or closes (the draw rereads the
	// running campaigns on it).
	OnChange func()
}

func (cs *Campaigns) changed() {
	if cs.OnChange != nil {
		cs.OnChange()
	}
}

// NewEscrowID returns a fresh random campaign id for the escrow.
func NewEscrowID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return "0x" + hex.EncodeToString(b)
}

// clean trims, drops blanks and duplicates.
func clean(in []string, lower bool) []string {
	var out []string
	for _, s := range in {
		s = strings.TrimSpace(s)
		if lower {
			s = strings.ToLower(s)
		}
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func isHexAddress(s string) bool {
	if len(s) != 42 || !strings.HasPrefix(s, "0x") {
		return false
	}
	_, err := hex.DecodeString(s[2:])
	return err == nil
}

// Create makes a draft campaign for a lab actor belongs to.
func (cs *Campaigns) Create(ctx context.Context, actor *User, in CampaignInput) (*Campaign, error) {
	lab, err := cs.Labs.Lab(ctx, actor, in.LabID)
	if err != nil {
		return nil, err
	}
	now := cs.Clock.Now()
	c := &Campaign{LabID: lab.ID, LabName: lab.Name, Name: strings.TrimSpace(in.Name), EscrowID: NewEscrowID(), State: CampaignDraft,
		PromptSource: strings.TrimSpace(in.PromptSource), Categories: clean(in.Categories, true), Languages: clean(in.Languages, true),
		TargetVotes: in.TargetVotes, Bounty: in.Bounty, Token: strings.TrimSpace(in.Token), Deadline: in.Deadline.UTC(),
		CreatedBy: actor.ID, CreatedAt: now}
	if c.PromptSource == "" {
		c.PromptSource = PromptsLive
	}
	switch {
	case c.Name == "" || utf8.RuneCountInString(c.Name) > 80:
		return nil, Errorf(EINVALID, "A campaign name is 1 to 80 characters.")
	case c.PromptSource != PromptsLive && c.PromptSource != PromptsSet:
		return nil, Errorf(EINVALID, "The prompt source is live (people's prompts) or set (your uploaded prompts); got %q.", c.PromptSource)
	case c.TargetVotes < 1 || c.TargetVotes > MaxCampaignTarget:
		return nil, Errorf(EINVALID, "The target is 1 to %d counted votes; got %d.", MaxCampaignTarget, c.TargetVotes)
	case c.Bounty < 1 || c.Bounty > MaxCampaignBounty:
		return nil, Errorf(EINVALID, "The bounty is 1 to %d points per counted vote; got %d.", MaxCampaignBounty, c.Bounty)
	case c.Token != "" && !isHexAddress(c.Token):
		return nil, Errorf(EINVALID, "The token is an ERC-20 address (0x and 40 hex digits), or empty for ArenaToken; got %q.", c.Token)
	case !c.Deadline.After(now):
		return nil, Errorf(EINVALID, "The deadline must be in the future.")
	}
	for _, cat := range c.Categories {
		if !slices.Contains(Categories, cat) {
			return nil, Errorf(EINVALID, "Unknown category %q; categories are: %s.", cat, strings.Join(Categories, ", "))
		}
	}
	for _, l := range c.Languages {
		if len(l) != 2 && len(l) != 3 {
			return nil, Errorf(EINVALID, "Languages are ISO 639-1 codes such as en or fr; got %q.", l)
		}
	}
	prompts := clean(in.Prompts, false)
	switch {
	case c.PromptSource == PromptsSet && len(prompts) == 0:
		return nil, Errorf(EINVALID, "A campaign on your own prompt set needs at least one prompt.")
	case c.PromptSource == PromptsLive && len(prompts) > 0:
		return nil, Errorf(EINVALID, "A campaign on live prompts takes no prompt set; choose the set source to upload prompts.")
	case c.PromptSource == PromptsSet && (len(c.Categories) > 0 || len(c.Languages) > 0):
		return nil, Errorf(EINVALID, "Categories and languages choose among live prompts; a prompt set takes neither.")
	case len(prompts) > MaxCampaignPrompts:
		return nil, Errorf(EINVALID, "A prompt set has at most %d prompts; got %d.", MaxCampaignPrompts, len(prompts))
	}
	for i, p := range prompts {
		if _, err := ValidatePrompt(p); err != nil || utf8.RuneCountInString(p) > MaxCampaignPrompt {
			return nil, Errorf(EINVALID, "Prompt %d of the set is not a valid prompt (at most %d characters).", i+1, MaxCampaignPrompt)
		}
	}
	c.Prompts = len(prompts)
	entrants := clean(in.Entrants, false)
	if len(entrants) == 0 || len(entrants) > MaxCampaignEntrants {
		return nil, Errorf(EINVALID, "A campaign evaluates 1 to %d of your lab's models.", MaxCampaignEntrants)
	}
	for _, name := range entrants {
		var lm *LabModel
		m, err := cs.Models.ModelByName(ctx, name)
		if err == nil {
			lm, err = cs.Labs.ModelStore.LabModel(ctx, m.ID)
		}
		if ErrorCode(err) == ENOTFOUND || (err == nil && lm.LabID != lab.ID) {
			return nil, Errorf(EINVALID, "Your lab has no model named %q.", name)
		} else if err != nil {
			return nil, err
		}
		if lm.Status == ModelRetired {
			return nil, Errorf(EINVALID, "Model %q is retired; a campaign needs models that can answer.", name)
		}
		c.Entrants = append(c.Entrants, CampaignModel{ID: lm.ID, Name: lm.Name, Status: lm.Status})
	}
	opponents := clean(in.Opponents, false)
	c.AllOpponents = len(opponents) == 0
	if len(opponents) > MaxCampaignOpponents {
		return nil, Errorf(EINVALID, "At most %d chosen opponents; got %d.", MaxCampaignOpponents, len(opponents))
	}
	for _, name := range opponents {
		m, err := cs.Models.ModelByName(ctx, name)
		if ErrorCode(err) == ENOTFOUND {
			return nil, Errorf(EINVALID, "No model is named %q.", name)
		} else if err != nil {
			return nil, err
		}
		if c.IsEntrant(m.ID) {
			return nil, Errorf(EINVALID, "Model %q is one of the campaign's own models; it cannot be an opponent too.", name)
		}
		if !m.Active {
			return nil, Errorf(EINVALID, "Model %q is not a public, active model; opponents must be.", name)
		}
		c.Opponents = append(c.Opponents, CampaignModel{ID: m.ID, Name: m.Name, Status: ModelActive, Public: true})
	}
	if err := cs.Store.CreateCampaign(ctx, c, prompts); err != nil {
		return nil, err
	}
	return cs.Store.Campaign(ctx, c.ID)
}

// Get returns a campaign actor's lab runs (or any, for an admin); others get
// ENOTFOUND, so campaign ids cannot be probed.
func (cs *Campaigns) Get(ctx context.Context, actor *User, id int64) (*Campaign, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	c, err := cs.Store.Campaign(ctx, id)
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "No such campaign.")
	} else if err != nil {
		return nil, err
	}
	if _, err := cs.Labs.roleIn(ctx, actor, c.LabID); ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ENOTFOUND, "No such campaign.")
	} else if err != nil {
		return nil, err
	}
	return c, nil
}

// List returns the campaigns of the labs actor belongs to (every one for an admin).
func (cs *Campaigns) List(ctx context.Context, actor *User) ([]Campaign, error) {
	if err := signedIn(actor); err != nil {
		return nil, err
	}
	if actor.IsAdmin() {
		return cs.Store.Campaigns(ctx, 0)
	}
	labs, err := cs.Labs.LabStore.LabsOfUser(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	var out []Campaign
	for _, l := range labs {
		cc, err := cs.Store.Campaigns(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, cc...)
	}
	slices.SortFunc(out, func(a, b Campaign) int { return int(b.ID - a.ID) })
	return out, nil
}

// Fund reads the lab's deposit for the campaign from the escrow and, if it matches the
// campaign's terms in full, records it: the draft becomes funded.
func (cs *Campaigns) Fund(ctx context.Context, actor *User, id int64) (*Campaign, error) {
	c, err := cs.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.State != CampaignDraft {
		return nil, Errorf(ECONFLICT, "Campaign %d is %s; only a draft is funded.", c.ID, c.State)
	}
	if cs.Escrow == nil {
		return nil, Errorf(EUNAVAILABLE, "This arena has no campaign escrow deployed (run arena contracts deploy), so campaigns cannot be funded.")
	}
	d, err := cs.Escrow.Deposit(ctx, c.EscrowID)
	if ErrorCode(err) == ENOTFOUND {
		return nil, Errorf(ECONFLICT, "The escrow holds no deposit for campaign id %s yet: deposit %d votes × the bounty first.", c.EscrowID, c.TargetVotes)
	} else if err != nil {
		return nil, err
	}
	token := c.Token
	if token == "" {
		token = cs.ArenaToken
	}
	switch {
	case token != "" && !strings.EqualFold(d.Token, token):
		return nil, Errorf(ECONFLICT, "The deposit is in token %s, not the campaign's %s.", d.Token, token)
	case d.TargetVotes != c.TargetVotes:
		return nil, Errorf(ECONFLICT, "The deposit is for %d votes, not the campaign's target of %d.", d.TargetVotes, c.TargetVotes)
	case cs.TokenUnits != nil && d.BountyPerVote != cs.TokenUnits(c.Bounty):
		return nil, Errorf(ECONFLICT, "The deposit pays %s token units per vote; the campaign's bounty of %d points is %s.", d.BountyPerVote, c.Bounty, cs.TokenUnits(c.Bounty))
	case d.Deadline.Before(c.Deadline):
		return nil, Errorf(ECONFLICT, "The deposit's deadline (%s) is before the campaign's (%s).", d.Deadline.UTC().Format(time.RFC3339), c.Deadline.Format(time.RFC3339))
	}
	if err := cs.Store.FundCampaign(ctx, c.ID, d.Amount, d.Depositor, cs.Clock.Now()); err != nil {
		return nil, err
	}
	return cs.Store.Campaign(ctx, c.ID)
}

// BountyUnits is the campaign's bounty per vote in token units, as the escrow deposit
// must name it ("" when this arena does not convert points).
func (cs *Campaigns) BountyUnits(c *Campaign) string {
	if cs.TokenUnits == nil {
		return ""
	}
	return cs.TokenUnits(c.Bounty)
}

// Start begins serving a funded campaign.
func (cs *Campaigns) Start(ctx context.Context, actor *User, id int64) (*Campaign, error) {
	c, err := cs.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if c.State != CampaignFunded {
		return nil, Errorf(ECONFLICT, "Campaign %d is %s; only a funded campaign can start.", c.ID, c.State)
	}
	if !c.Deadline.After(cs.Clock.Now()) {
		return nil, Errorf(ECONFLICT, "Campaign %d's deadline has passed; close it to get the deposit back.", c.ID)
	}
	if err := cs.Store.StartCampaign(ctx, c.ID, cs.Clock.Now()); err != nil {
		return nil, err
	}
	cs.changed()
	return cs.Store.Campaign(ctx, c.ID)
}

// Close closes a campaign by its lab or an admin (actor nil: the operator's CLI) and
// refunds the unspent deposit through the escrow (see Refund).
func (cs *Campaigns) Close(ctx context.Context, actor *User, id int64) (*Campaign, error) {
	var c *Campaign
	var err error
	reason := CloseByAdmin
	if actor == nil {
		c, err = cs.Store.Campaign(ctx, id)
	} else {
		c, err = cs.Get(ctx, actor, id)
		if err == nil && !actor.IsAdmin() {
			reason = CloseByLab
		}
	}
	if err != nil {
		return nil, err
	}
	if c.State != CampaignClosed {
		if err := cs.Store.CloseCampaign(ctx, c.ID, reason, cs.Clock.Now()); err != nil && ErrorCode(err) != ECONFLICT {
			return nil, err
		}
		cs.changed()
	}
	return cs.Refund(ctx, c.ID)
}

// Refund settles a closed campaign on the escrow: pays the bounties its counted votes
// earned and refunds the rest to the lab, and records the refund. It does nothing for a
// campaign that was never funded, or whose refund is recorded already, so running it
// again after a restart never refunds twice (the escrow's own close is once only too).
func (cs *Campaigns) Refund(ctx context.Context, id int64) (*Campaign, error) {
	c, err := cs.Store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	if c.State != CampaignClosed {
		return nil, Errorf(ECONFLICT, "Campaign %d is %s; it is refunded once closed.", c.ID, c.State)
	}
	if c.Deposit == "" || c.Refunded != "" {
		return c, nil
	}
	if cs.Escrow == nil {
		return nil, Errorf(EUNAVAILABLE, "This arena has no campaign escrow configured; the refund of campaign %d waits for one.", c.ID)
	}
	refunded, tx, err := cs.Escrow.Close(ctx, c.EscrowID, c.CountedVotes)
	if err != nil {
		return nil, fmt.Errorf("refunding campaign %d: %w", c.ID, err)
	}
	if err := cs.Store.RecordRefund(ctx, c.ID, refunded, tx); err != nil && ErrorCode(err) != ECONFLICT {
		return nil, err
	}
	return cs.Store.Campaign(ctx, c.ID)
}

// CloseExpired closes the running and funded campaigns whose deadline has passed, and
// refunds those it can; it returns how many it closed.
func (cs *Campaigns) CloseExpired(ctx context.Context) (int, error) {
	all, err := cs.Store.Campaigns(ctx, 0)
	if err != nil {
		return 0, err
	}
	n, now := 0, cs.Clock.Now()
	for _, c := range all {
		closed := c.State == CampaignClosed
		if (c.State == CampaignRunning || c.State == CampaignFunded) && !now.Before(c.Deadline) {
			if err := cs.Store.CloseCampaign(ctx, c.ID, CloseDeadline, now); err != nil && ErrorCode(err) != ECONFLICT {
				return n, err
			}
			n, closed = n+1, true
			cs.changed()
		}
		if closed && c.Refunded == "" && c.Deposit != "" && cs.Escrow != nil {
			if _, err := cs.Refund(ctx, c.ID); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// Reconciliation sets a campaign's ledger beside its events on the escrow.
type Reconciliation struct {
	Campaign *Campaign
	// BountyEntries and BountyPoints are the campaign's bounty ledger lines and their sum.
	BountyEntries, BountyPoints int64
	// BountyUnits is BountyPoints in token units, as settlement converts them.
	BountyUnits *big.Int
	Totals      *EscrowTotals
	// Problems lists every disagreement in words; none means they agree entry for entry.
	Problems []string
}

// Reconcile checks that the ledger and the chain agree on campaign id: every counted
// vote's bounty is one ledger line; the deposit recorded is the deposit event's; and once
// refunded, the bounties paid on chain are the ledger's in token units, the refund
// recorded is the refund event's, and paid plus refunded is the deposit.
func (cs *Campaigns) Reconcile(ctx context.Context, id int64) (*Reconciliation, error) {
	if cs.Escrow == nil || cs.TokenUnits == nil {
		return nil, Errorf(EUNAVAILABLE, "This arena has no campaign escrow configured to reconcile with.")
	}
	c, err := cs.Store.Campaign(ctx, id)
	if err != nil {
		return nil, err
	}
	r := &Reconciliation{Campaign: c}
	if r.BountyEntries, r.BountyPoints, err = cs.Store.CampaignBounties(ctx, id); err != nil {
		return nil, err
	}
	if r.Totals, err = cs.Escrow.Totals(ctx, c.EscrowID); err != nil {
		return nil, err
	}
	units, ok := new(big.Int).SetString(cs.TokenUnits(r.BountyPoints), 10)
	if !ok {
		return nil, fmt.Errorf("token units of %d points are not a number", r.BountyPoints)
	}
	r.BountyUnits = units
	bad := func(format string, args ...any) { r.Problems = append(r.Problems, fmt.Sprintf(format, args...)) }
	t := r.Totals
	if r.BountyEntries != c.CountedVotes || r.BountyPoints != c.Spent() {
		bad("the ledger has %d bounty lines worth %d points; the campaign counted %d votes at %d", r.BountyEntries, r.BountyPoints, c.CountedVotes, c.Bounty)
	}
	if c.Deposit != "" && c.Deposit != t.Deposited.String() {
		bad("the deposit recorded is %s; the escrow's deposit events add up to %s", c.Deposit, t.Deposited)
	}
	if t.Paid.Cmp(units) > 0 {
		bad("the escrow paid %s, more than the ledger's bounties (%s)", t.Paid, units)
	}
	if c.Refunded != "" {
		if t.Paid.Cmp(units) != 0 || t.PaidVotes != c.CountedVotes {
			bad("the escrow paid %s for %d votes; the ledger's bounties are %s for %d", t.Paid, t.PaidVotes, units, c.CountedVotes)
		}
		if c.Refunded != t.Refunded.String() {
			bad("the refund recorded is %s; the escrow's refund event says %s", c.Refunded, t.Refunded)
		}
		if sum := new(big.Int).Add(t.Paid, t.Refunded); sum.Cmp(t.Deposited) != 0 {
			bad("paid %s plus refunded %s is not the deposit %s", t.Paid, t.Refunded, t.Deposited)
		}
	}
	return r, nil
}
