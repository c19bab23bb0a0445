package views

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"
)

// HeatmapModels is how many models, the board's top ones, its heatmaps show: their
// cells grow with the square of it, and 200 models' two heatmaps were 19 MB of SVG on
// every leaderboard page.
const HeatmapModels = 40

// LeaderboardView is the leaderboard page.
type LeaderboardView struct {
	Category   string
	Categories []string
	Style      bool
	Imported   bool
	// SideBySide: the board of side-by-side votes, whose voters saw the names.
	SideBySide bool
	// Arena is the arena whose board is shown: "text" (or ""), "vision",
	// "text_to_image" or "image_edit" (see BoardArenas).
	Arena        string
	Hidden       int // how many deprecated models the view hides
	Battles      int64
	Bootstrapped bool
	// Fitted is when the board was fitted, from Battles votes; Stale: votes arrived
	// since, and a refit including them is on its way.
	Fitted           time.Time
	Stale            bool
	ProvisionalBelow int64
	Rows             []BoardRow
	StyleCoefs       []StyleCoef
	Notes            []string // how the board was fitted, e.g. battles style control left out
	Chart            Chart
	WinRate          Heatmap
	Counts           Heatmap
	// HeatmapOf is how many of the board's models (its top ones) the heatmaps show.
	HeatmapOf int
	// Language is the language shown ("" for all), Languages those of the view's votes.
	Language  string
	Languages []LanguageOption
	MultiTurn bool // only battles of more than one turn
	// ExcludeRefusals leaves out the battles where either side refused.
	ExcludeRefusals bool
	// ShowDeprecated: deprecated (retired) models are listed, marked; by default they
	// are fitted but hidden.
	ShowDeprecated bool
	// Unstyled: style control is on and the view has votes, but none with answers to
	// take style from, so nothing could be fitted.
	Unstyled bool
	// Overview: the page is the overview of every category's ranks.
	Overview bool
}

// LanguageOption is a language the view's votes carry, with how many.
type LanguageOption struct {
	Code  string
	Votes int64
}

// BoardRow is one model's line.
type BoardRow struct {
	Rank        int
	Name        string // the model's name, for links
	Display     string // with the demo label where it applies
	Org         string
	Rating      float64
	Lower       *float64
	Upper       *float64
	Votes       int64
	Provisional bool
	Note        string
	// Status is the model's lifecycle status (active, paused, retired, pending), ""
	// when unknown; the board marks every status but active.
	Status string
	// License is open or proprietary as the model's lab declared it, "" when nobody did.
	License string
	// Deprecated models are shown only when asked, marked.
	Deprecated bool
	// RankPlain and RankStyle are the model's ranks on the board without and with style
	// control; 0 where that board does not rate it.
	RankPlain, RankStyle int
}

// Marked reports whether the row carries a status badge.
func (r BoardRow) Marked() bool { return r.Status != "" && r.Status != "active" && !r.Deprecated }

// statusTitle says what a model's status means for its place on the board.
func statusTitle(status string) string {
	switch status {
	case "paused":
		return "Paused: not drawn into battles for now; its rating stands on the votes it has"
	case "retired":
		return "Retired: no longer drawn into battles; its rating stands on the votes it had"
	case "pending":
		return "Pending: registered, not yet approved for battles"
	}
	return status
}

// StyleCoef is one style feature's weight in a style-controlled fit.
type StyleCoef struct {
	Feature string
	Coef    float64
}

// CategoryURL is the board of a category ("" for all), with the view's other switches.
func (v LeaderboardView) CategoryURL(category string) string {
	return v.with(func(w *LeaderboardView) { w.Category, w.Overview = category, false })
}

// ModeQuery is the URL of the main board (sideBySide false, with its defaults) or the
// side-by-side one, keeping the category.
func (v LeaderboardView) ModeQuery(sideBySide bool) string {
	return v.with(func(w *LeaderboardView) {
		w.SideBySide, w.Style, w.Imported, w.Language, w.MultiTurn, w.ExcludeRefusals, w.Overview = sideBySide, !sideBySide, false, "", false, false, false
	})
}

// StyleURL is the view with style control switched.
// BoardArena is one arena the leaderboard page switches to.
type BoardArena struct {
	Arena, Label, About string
}

// BoardArenas are the leaderboard's arenas, in the order the page offers them.
var BoardArenas = []BoardArena{
	{"text", "Text", ""},
	{"vision", "Vision", "The vision arena: battles whose prompts carried images, answered by models that take them. Its votes count here only."},
	{"text_to_image", "Text to image", "The text-to-image arena: prompts answered with a picture by models that draw, the two pictures shown side by side. Its votes count here only."},
	{"image_edit", "Image edit", "The image-edit arena: an attached image edited as the prompt says by models that edit images. Its votes count here only."},
}

// AboutID is the id of the paragraph about the arena's board: "vision-board" and so on.
func (a BoardArena) AboutID() string { return strings.ReplaceAll(a.Arena, "_", "-") + "-board" }

// imageArena reports whether arena a's answers are images.
func imageArena(a string) bool { return a == "text_to_image" || a == "image_edit" }

// arena is the arena shown, "text" for "".
func (v LeaderboardView) arena() string {
	if v.Arena == "" {
		return "text"
	}
	return v.Arena
}

// ArenaURL is the view in arena a.
func (v LeaderboardView) ArenaURL(a string) string {
	// Imported votes are other arenas' text battles: the other boards have none.
	// Each board in its own default style view: the image arenas' without style control.
	return v.with(func(w *LeaderboardView) {
		w.Arena, w.Imported, w.Style = a, w.Imported && a == "text", !imageArena(a)
	})
}

// StyleURL is the view with style control switched.
func (v LeaderboardView) StyleURL() string {
	return v.with(func(w *LeaderboardView) { w.Style = !w.Style })
}

// ImportedURL is the view with imported votes switched.
func (v LeaderboardView) ImportedURL() string {
	return v.with(func(w *LeaderboardView) { w.Imported = !w.Imported })
}

// MultiTurnURL is the view with the multi-turn filter switched.
func (v LeaderboardView) MultiTurnURL() string {
	return v.with(func(w *LeaderboardView) { w.MultiTurn = !w.MultiTurn })
}

// RefusalsURL is the view with the battles where a side refused left out if kept,
// kept if left out.
func (v LeaderboardView) RefusalsURL() string {
	return v.with(func(w *LeaderboardView) { w.ExcludeRefusals = !w.ExcludeRefusals })
}

// DeprecatedURL is the view with deprecated models shown if hidden, hidden if shown.
func (v LeaderboardView) DeprecatedURL() string {
	return v.with(func(w *LeaderboardView) { w.ShowDeprecated = !w.ShowDeprecated })
}

// OverviewURL is the overview of the view's switches.
func (v LeaderboardView) OverviewURL() string {
	return v.with(func(w *LeaderboardView) { w.Category, w.Overview = "", true })
}

// Path is the page the view's language form submits to.
func (v LeaderboardView) Path() string {
	if v.Overview {
		return "/leaderboard/overview"
	}
	return "/leaderboard"
}

// FormField is a hidden input of the language form.
type FormField struct{ Name, Value string }

// LanguageFields are the view's switches but its language, for the language form,
// which submits the language chosen with them.
func (v LeaderboardView) LanguageFields() []FormField {
	var out []FormField
	for _, k := range []string{"arena", "category", "style", "imported", "multiturn", "refusals", "deprecated"} {
		if val := v.params().Get(k); val != "" {
			out = append(out, FormField{k, val})
		}
	}
	return out
}

func (v LeaderboardView) with(change func(*LeaderboardView)) string {
	change(&v)
	if q := v.params(); len(q) > 0 {
		return v.Path() + "?" + q.Encode()
	}
	return v.Path()
}

// params are the view's switches as the URL gives them, leaving out the defaults
// (every category and language, style control on, no imported votes, deprecated models
// hidden).
func (v LeaderboardView) params() url.Values {
	q := url.Values{}
	if v.Category != "" {
		q.Set("category", v.Category)
	}
	switch {
	case imageArena(v.arena()) && v.Style:
		q.Set("style", "1") // the image boards' default is without
	case !imageArena(v.arena()) && !v.Style:
		q.Set("style", "0")
	}
	if v.Imported {
		q.Set("imported", "1")
	}
	if v.SideBySide {
		q.Set("mode", "side-by-side")
	}
	if a := v.arena(); a != "text" {
		q.Set("arena", a)
	}
	if v.Language != "" {
		q.Set("language", v.Language)
	}
	if v.MultiTurn {
		q.Set("multiturn", "1")
	}
	if v.ExcludeRefusals {
		q.Set("refusals", "0")
	}
	if v.ShowDeprecated {
		q.Set("deprecated", "1")
	}
	return q
}

// rankText is a rank, or a dash where the board does not rate the model.
func rankText(r int) string {
	if r == 0 {
		return "—"
	}
	return itoa(r)
}

func f1(v float64) string { return fmt.Sprintf("%.1f", v) }

func ci(r BoardRow) string {
	if r.Lower == nil || r.Upper == nil {
		return "–"
	}
	return fmt.Sprintf("+%.1f / −%.1f", *r.Upper-r.Rating, r.Rating-*r.Lower)
}

// Chart is the ratings chart's geometry, computed here so the template only draws.
type Chart struct {
	Width, Height int
	Rows          []ChartRow
	Ticks         []ChartTick
}

// ChartRow is one model's dot and whisker.
type ChartRow struct {
	Label          string
	Y              int
	X, X1, X2      float64
	HasInterval    bool
	Rating, Lo, Hi string
}

// ChartTick is an x-axis mark.
type ChartTick struct {
	X     float64
	Label string
}

const (
	chartLeft  = 190
	chartRight = 20
	chartRowH  = 22
	chartTop   = 10
)

// NewChart lays out rows (already sorted) on a shared rating axis.
func NewChart(rows []BoardRow) Chart {
	c := Chart{Width: 760}
	if len(rows) == 0 {
		return c
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range rows {
		l, h := r.Rating, r.Rating
		if r.Lower != nil {
			l, h = *r.Lower, *r.Upper
		}
		lo, hi = math.Min(lo, l), math.Max(hi, h)
	}
	pad := math.Max(10, (hi-lo)*0.05)
	lo, hi = lo-pad, hi+pad
	x := func(v float64) float64 {
		return chartLeft + (v-lo)/(hi-lo)*float64(c.Width-chartLeft-chartRight)
	}
	for i, r := range rows {
		cr := ChartRow{Label: r.Display, Y: chartTop + i*chartRowH + chartRowH/2, X: x(r.Rating), Rating: f1(r.Rating)}
		if r.Lower != nil {
			cr.HasInterval, cr.X1, cr.X2, cr.Lo, cr.Hi = true, x(*r.Lower), x(*r.Upper), f1(*r.Lower), f1(*r.Upper)
		}
		c.Rows = append(c.Rows, cr)
	}
	c.Height = chartTop + len(rows)*chartRowH + 30
	step := niceStep((hi - lo) / 6)
	for t := math.Ceil(lo/step) * step; t <= hi; t += step {
		c.Ticks = append(c.Ticks, ChartTick{X: x(t), Label: fmt.Sprintf("%.0f", t)})
	}
	return c
}

func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

// Heatmap is a matrix drawn as coloured cells.
type Heatmap struct {
	Title  string
	Labels []string
	Cells  []HeatCell
	Width  int // pixel size of the drawing
	Height int
}

// HeatCell is one cell.
type HeatCell struct {
	X, Y  int
	Fill  string
	Text  string
	Title string
}

const heatCell = 44

// HeatmapLabelWidth is the room left for row labels, HeatmapTop for column labels.
const (
	HeatmapLabelWidth = 170
	HeatmapTop        = 110
)

// HeatScale colours a cell by where its value lies between the map's ends (0 to 1).
type HeatScale func(t float64) string

// NewHeatmap draws values (nil where absent) between lo and hi, coloured by scale.
func NewHeatmap(title string, labels []string, values [][]*float64, lo, hi float64, format func(float64) string, scale HeatScale) Heatmap {
	h := Heatmap{Title: title, Labels: labels, Width: HeatmapLabelWidth + len(labels)*heatCell + 80, Height: HeatmapTop + len(labels)*heatCell + 10}
	for i := range labels {
		for j := range labels {
			c := HeatCell{X: HeatmapLabelWidth + j*heatCell, Y: HeatmapTop + i*heatCell, Fill: "none"}
			if i < len(values) && j < len(values[i]) && values[i][j] != nil {
				v := *values[i][j]
				c.Fill, c.Text = scale(math.Max(0, math.Min(1, (v-lo)/(hi-lo)))), format(v)
				c.Title = labels[i] + " vs " + labels[j] + ": " + c.Text
			}
			h.Cells = append(h.Cells, c)
		}
	}
	return h
}

// WinLossScale runs from red (0, always lost) through grey (even) to blue (1, always
// won), legible under dark text.
func WinLossScale(t float64) string {
	r := int(240 - 130*t)
	g := int(150 + 40*(1-math.Abs(2*t-1)))
	b := int(110 + 130*t)
	return fmt.Sprintf("rgb(%d,%d,%d)", r, g, b)
}

// CountScale runs from a pale to a deeper slate: how many, with no side to it, so a
// busy pair is not read as a winning one. Dark text stays legible on every shade.
func CountScale(t float64) string {
	return fmt.Sprintf("rgb(%d,%d,%d)", int(241-93*t), int(245-82*t), int(249-65*t))
}

func px(v int) string { return fmt.Sprint(v) }

func pxf(v float64) string { return fmt.Sprintf("%.1f", v) }

// ModelView is a model's page: its record against each opponent.
type ModelView struct {
	Name, Display, Org string
	// Row is the model's line on the leaderboard's default view (deprecated models
	// shown if it is one), BoardURL that view; Style says whether Row's rating is
	// style-controlled (the default) or, the model having no battle with answers, not.
	Row       *BoardRow
	License   string // as declared, "" when nobody did
	BoardURL  string
	Style     bool
	Opponents []OpponentRow
}

// OpponentRow is a model's record against one opponent.
type OpponentRow struct {
	Display            string
	Name               string
	Battles            int64
	WinRate            string
	Predicted          string
	Wins, Losses, Ties int64
}

// OverviewView is the overview page: each model's rank on the overall board and on
// every category's.
type OverviewView struct {
	Board   LeaderboardView // the view's switches, for the navigation
	Columns []OverviewColumn
	Rows    []OverviewRow
	Notes   []string
}

// OverviewColumn is a board of the overview: its title and its page.
type OverviewColumn struct {
	Title, URL string
	Votes      int64
}

// OverviewRow is a model's ranks, by column; 0 where that board does not rate it.
type OverviewRow struct {
	Name, Display string
	Deprecated    bool
	Ranks         []int
}
