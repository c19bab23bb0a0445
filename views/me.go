package views

import (
	"strconv"
	"time"
)

// MeView is a person's own page.
type MeView struct {
	Name     string
	Guest    bool
	Balance  int64
	Entries  []LedgerRow
	More     int64 // id to page from, 0 when there is no more
	Tokens   []TokenRow
	NewToken string // a just-created token's secret, shown once
	// Pending is the points not vested yet (in their audit window, or a bonus waiting for
	// votes), Vested the final ones; Window and BonusVotes are the vesting rules.
	Pending, Vested int64
	Window          time.Duration
	BonusVotes      int
	// Rewards: the linked wallet ("" when none), the points already settled to it, and
	// the vested points not yet in a confirmed epoch.
	Rewards  bool
	Wallet   string
	Settled  int64
	ToSettle int64
	// Review is the account's review status ("" never flagged, "flagged", "approved",
	// "abuse") and Held the points it has on hold.
	Review string
	Held   int64
	Data   MyDataView
	// Sales are the sales that included the person's battles; ShowSales shows the
	// section.
	Sales     []MySaleRow
	ShowSales bool
	// Appeals are the person's appeals, newest first; CanAppeal is set when the server
	// takes them.
	Appeals   []AppealRow
	CanAppeal bool
	// Reliability is the rater's score, its parts and weeks, and tier; nil when votes
	// are not scored.
	Reliability *ReliabilityView
	// Invites is the person's invite link and referrals; nil when invites are off.
	Invites *InvitesView
}

// InvitesView is /me's invites: the link, the rules, the invites sent and their
// state, and who invited this person.
type InvitesView struct {
	// Link is the invite link ("" for a guest, who has none).
	Link string
	// Bonus is what each side earns, Votes the invitee's counted, vested votes it
	// waits for, WeeklyCap the paid referrals a week (0: no cap).
	Bonus     int64
	Votes     int
	WeeklyCap int
	Sent      []InviteRow
	InvitedBy *InviteRow
}

// InviteRow is one referral as /me shows it.
type InviteRow struct {
	Who   string // the invitee, or the inviter for InvitedBy
	When  time.Time
	State string // pending, paid, not_paid
	Why   string
	Bonus int64
}

// inviteState says a referral's state in words.
func inviteState(r InviteRow) string {
	switch r.State {
	case "paid":
		return "paid: " + itoa64(r.Bonus) + " points to each of you"
	case "not_paid":
		return "not paid: " + r.Why
	}
	if r.Why != "" {
		return "pending: " + r.Why
	}
	return "pending"
}

// ReliabilityView is a rater's reliability on /me.
type ReliabilityView struct {
	Score        float64
	Votes        int
	CountedVotes int
	Tier         string
	// Next is the next tier's rule, nil at the top.
	Next       *TierRuleRow
	Components []ComponentRow
	Weeks      []WeekRow
	// SustainWeeks is how many of the latest weeks with votes a tier's score must hold in.
	SustainWeeks int
	// Qualification says how the rater's qualification stands ("" when there is none),
	// and QualificationState is qualifying, passed or failed.
	Qualification      string
	QualificationState string
}

// ComponentRow is one part of the score, explained.
type ComponentRow struct {
	Name, Value, Meaning string
	OK                   bool
}

// WeekRow is the score of one week.
type WeekRow struct {
	Start time.Time
	Votes int
	Score float64
}

func score2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func weekDay(t time.Time) string { return t.UTC().Format("2006-01-02") }

// AppealRow is one appeal, on /me and on /admin/review.
type AppealRow struct {
	ID               int64
	Kind, Battle     string
	Comment, Status  string
	Created, Decided time.Time
	DecidedBy, Note  string
	Restored         int64
	User             string // on /admin/review
	Review           string // the account's review status, on /admin/review
	Evidence         []string
	Held             int64
}

// appealKind says in words what an appeal contests.
func appealKind(a AppealRow) string {
	switch a.Kind {
	case "review":
		return "The review of the account"
	case "hold":
		return "The hold on the points of battle " + a.Battle
	case "gold":
		return "The failed gold battle " + a.Battle
	}
	return a.Kind
}

// appealOutcome tells the rater what became of an appeal.
func appealOutcome(a AppealRow) string {
	switch a.Status {
	case "open":
		return "Waiting for an administrator's decision."
	case "granted":
		out := "Granted on " + day(a.Decided) + ": the decision was undone"
		if a.Restored > 0 {
			out += " and " + itoa64(a.Restored) + " points given back"
		}
		return out + "."
	case "upheld":
		return "Upheld on " + day(a.Decided) + ": the decision stands."
	}
	return a.Status
}

// MyDataView is the publication setting and what became of the person's battles.
type MyDataView struct {
	Publish bool
	Wording string
	// DecidedAt is when they last answered (zero if never) and DecidedVersion the
	// wording's version they answered; Version is the wording's version now.
	DecidedAt               time.Time
	DecidedVersion, Version string
	Voted, Public           int64
	Releases                []MyReleaseView
	// Download is the export of their own published battles.
	Download string
}

// MyReleaseView is a recorded release holding some of the person's battles.
type MyReleaseView struct {
	Name     string
	Created  time.Time
	Internal bool
	Battles  int64
	Card     string // the dataset card's address, "" when this server does not serve the release
}

// LedgerRow is one ledger entry.
type LedgerRow struct {
	When   time.Time
	Amount int64
	Reason string
	Ref    string
	Link   string // the battle, for votes
	// State is pending, vested, settled or held for what a vote or bonus earned ("" for
	// entries that only accompany one), and Why says why in words.
	State, Why string
	// Receipt is a counted vote's place in the vote log, nil for other entries.
	Receipt *ReceiptView
}

// window says a vesting window in days or hours.
func window(d time.Duration) string {
	switch {
	case d <= 0:
		return "at once"
	case d%(24*time.Hour) == 0:
		n := int64(d / (24 * time.Hour))
		if n == 1 {
			return "1 day"
		}
		return itoa64(n) + " days"
	case d%time.Hour == 0:
		return itoa64(int64(d/time.Hour)) + " hours"
	}
	return d.String()
}

// TokenRow is one API token.
type TokenRow struct {
	ID       int64
	Name     string
	Created  time.Time
	LastUsed time.Time
	Revoked  bool
}

func day(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func signed(n int64) string {
	if n > 0 {
		return "+" + itoa64(n)
	}
	return itoa64(n)
}

// answered says when the person answered the publication question, and whether it
// was this wording.
func answered(d MyDataView) string {
	switch {
	case d.DecidedAt.IsZero():
		return "You have not answered yet; off is the default."
	case d.DecidedVersion == d.Version:
		return "You answered on " + day(d.DecidedAt) + "."
	case d.DecidedVersion == "":
		return "You answered on " + day(d.DecidedAt) + ", before the question's wording was versioned."
	}
	return "You answered on " + day(d.DecidedAt) + ", to an earlier wording of the question (version " + d.DecidedVersion + ")."
}
