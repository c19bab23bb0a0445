package views

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// LabsView is /labs: the viewer's labs and models; for admins every lab and the models
// awaiting approval.
type LabsView struct {
	IsAdmin bool
	Labs    []LabRow
	Pending []LabModelRow
}

// LabRow is one lab in a list.
type LabRow struct {
	ID     int64
	Name   string
	Role   string
	Models []LabModelRow
}

// LabModelRow is one lab model in a list.
type LabModelRow struct {
	ID           int64
	Name         string
	Lab          string
	Status       string
	StatusReason string
	CheckOK      bool
	Checked      bool
}

// LabView is /labs/{id}.
type LabView struct {
	ID          int64
	Name        string
	Owner       bool // the viewer may add members and invite
	Members     []LabMemberRow
	Models      []LabModelRow
	InviteURL   string // a just-made invitation link, shown once
	KeysEnabled bool   // the server can store API keys
}

// LabMemberRow is one member.
type LabMemberRow struct {
	Username string
	Role     string
}

// LabModelView is /labs/models/{id}: a lab's dashboard of one model.
type LabModelView struct {
	ID            int64
	Name          string
	Lab           string
	LabID         int64
	BaseURL       string
	ModelID       string
	License       string
	OutputsPublic bool
	HasKey        bool
	Status        string
	StatusReason  string
	StatusAt      time.Time
	Check         *CheckRow
	IsAdmin       bool
	Approved      bool
	KeysEnabled   bool
	// CanResume: the viewer may lift this pause (a lab cannot lift an admin's).
	CanResume bool
	// CanHold: an admin may take over a lab's or an automatic pause, so it holds.
	CanHold bool
	// CanEditEndpoint: the model is pending, so its lab may fix its endpoint.
	CanEditEndpoint bool
	// Settings fills the settings form; nil when the model's settings cannot be edited.
	Settings *SettingsForm
	// Variants is the model's line of variants, when it has more than itself.
	Variants []VariantRow

	Rating     *BoardRow
	Chart      RatingChart
	Opponents  []OpponentRow
	Categories []CategoryRow
	Reasons    []ReasonRow
	Samples    []SampleRow
	// Failures are the model's latest failed answers in full, newest first.
	Failures []FailureRow
	// Performance is the model's answer times, tokens and failures over a window.
	Performance *PerformanceView
}

// FailureRow is one failed answer as the model's lab and admins read it.
type FailureRow struct {
	At         time.Time
	BattleID   string
	Turn       int // from 1, as people count turns
	Side       string
	Kind       string
	HTTPStatus int // 0 when the endpoint answered none
	RequestID  string
	Detail     string
}

// CheckRow is an endpoint check's result.
type CheckRow struct {
	At      time.Time
	OK      bool
	Latency time.Duration
	Message string
}

// CategoryRow is a model's votes in one category.
type CategoryRow struct {
	Category                  string
	Votes, Wins, Losses, Ties int64
}

// ReasonRow is how often a reason was given when the model won and lost.
type ReasonRow struct {
	Reason    string
	Won, Lost int64
}

// SampleRow is one battle shown to the lab.
type SampleRow struct {
	ID               string
	Prompt           string
	AnswerA, AnswerB string
	ModelA, ModelB   string
	Outcome          string
	Reasons          string
}

// JoinView is the invitation page.
type JoinView struct {
	Token string
}

// HistoryView is /leaderboard/history.
type HistoryView struct {
	Snapshots []SnapshotRow
	Selected  *SnapshotDetail
}

// SnapshotRow is one snapshot in the list.
type SnapshotRow struct {
	ID    int64
	At    time.Time
	Votes int64
	Hash  string // the vote log's root at LogSize; for a Legacy snapshot, the hash of its votes
	// LogSize is how many vote log leaves the snapshot holds.
	LogSize uint64
	Legacy  bool
}

// LeavesURL is where the log's leaves up to the snapshot are, to recompute its hash.
func (r SnapshotRow) LeavesURL() string { return "/api/log/leaves?end=" + itoa64(int64(r.LogSize)) }

// SnapshotDetail is a snapshot's board.
type SnapshotDetail struct {
	SnapshotRow
	Entries []SnapshotEntryRow
}

// SnapshotEntryRow is one line of a snapshot's board.
type SnapshotEntryRow struct {
	Rank         int
	Model        string
	Rating       float64
	Lower, Upper float64
	Votes        int64
}

// RatingChart is a server-rendered line of a model's rating over time with its 95%
// interval as a band.
type RatingChart struct {
	Width, Height int
	Line          string // SVG path
	Band          string // SVG polygon points
	Points        []RatingPoint
	YTicks        []RatingTick
	XLabels       []RatingTick
}

// RatingPoint is one snapshot on the chart.
type RatingPoint struct {
	X, Y  float64
	Title string
}

// RatingTick is an axis label.
type RatingTick struct {
	Pos   float64
	Label string
}

// RatingSample is one point of a model's rating history.
type RatingSample struct {
	At                   time.Time
	Rating, Lower, Upper float64
}

// NewRatingChart lays out a rating history (oldest first).
func NewRatingChart(ps []RatingSample) RatingChart {
	c := RatingChart{Width: 640, Height: 240}
	if len(ps) == 0 {
		return c
	}
	const left, right, top, bottom = 56.0, 12.0, 10.0, 28.0
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, p := range ps {
		for _, v := range []float64{p.Rating, p.Lower, p.Upper} {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	if hi-lo < 20 {
		mid := (hi + lo) / 2
		lo, hi = mid-10, mid+10
	}
	step := niceStep((hi - lo) / 4)
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	t0, t1 := ps[0].At, ps[len(ps)-1].At
	span := t1.Sub(t0).Seconds()
	w, h := float64(c.Width)-left-right, float64(c.Height)-top-bottom
	x := func(t time.Time) float64 {
		if span <= 0 {
			return left + w/2
		}
		return left + w*t.Sub(t0).Seconds()/span
	}
	y := func(v float64) float64 { return top + h*(hi-v)/(hi-lo) }
	for v := lo; v <= hi+step/2; v += step {
		c.YTicks = append(c.YTicks, RatingTick{Pos: y(v), Label: fmt.Sprintf("%.0f", v)})
	}
	c.XLabels = []RatingTick{{Pos: left, Label: t0.UTC().Format("Jan 2 15:04")}}
	if span > 0 {
		c.XLabels = append(c.XLabels, RatingTick{Pos: left + w, Label: t1.UTC().Format("Jan 2 15:04")})
	}
	var line, upper, lower []string
	for i, p := range ps {
		px, py := x(p.At), y(p.Rating)
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		line = append(line, fmt.Sprintf("%s%.1f %.1f", cmd, px, py))
		title := fmt.Sprintf("%s: %.0f", p.At.UTC().Format("2006-01-02 15:04"), p.Rating)
		if !math.IsNaN(p.Lower) && !math.IsNaN(p.Upper) {
			upper = append(upper, fmt.Sprintf("%.1f,%.1f", px, y(p.Upper)))
			lower = append([]string{fmt.Sprintf("%.1f,%.1f", px, y(p.Lower))}, lower...)
			title += fmt.Sprintf(" (%.0f to %.0f)", p.Lower, p.Upper)
		}
		c.Points = append(c.Points, RatingPoint{X: px, Y: py, Title: title})
	}
	c.Line = strings.Join(line, " ")
	if len(upper) > 0 {
		c.Band = strings.Join(append(upper, lower...), " ")
	}
	return c
}

func interval(lo, hi float64) string {
	if math.IsNaN(lo) || math.IsNaN(hi) {
		return "–"
	}
	return fmt.Sprintf("%.0f to %.0f", lo, hi)
}

func ms(d time.Duration) string { return fmt.Sprintf("%d ms", d.Milliseconds()) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func statusClass(s string) string {
	switch s {
	case "active":
		return "badge ok"
	case "paused", "pending":
		return "badge warn"
	}
	return "badge"
}
