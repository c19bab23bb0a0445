package arena

import (
	"cmp"
	"context"
	"math"
	"slices"
	"sync"
	"time"
)

// ProvisionalVotes is how many counted votes a rating must rest on before it stops being
// provisional. A count, not an interval width: intervals change when the bootstrap
// replaces the quick estimate, and a mark that came and went with it would mislead.
const ProvisionalVotes = 20

// IsProvisional reports whether a rating resting on votes counted votes is provisional.
// The leaderboard and the transparency page both mark ratings by it.
func IsProvisional(votes int64) bool { return votes < ProvisionalVotes }

// TransparencyWindow is the recent period whose battle shares the transparency page
// shows beside the all-time ones.
const TransparencyWindow = 30 * 24 * time.Hour

// Who runs a model, as the transparency page says.
const (
	RunByLab      = "lab"
	RunByOperator = "operator"
	RunByDemo     = "demo"
)

// ModelActivity is one model's part in battles, as the store counts it.
type ModelActivity struct {
	ModelID int64
	// Battles are the arena's own battles the model was drawn into, voted or not, gold
	// included; FirstBattle and LastBattle are the first and last of them (zero if none).
	Battles                 int64
	FirstBattle, LastBattle time.Time
	// Votes are its counted votes, RecentVotes those cast at or after the time asked
	// for, and ImportedVotes its votes in imported battles.
	Votes, RecentVotes, ImportedVotes int64
}

// TransparencyStore reads what the transparency page shows besides the leaderboard and
// the snapshots.
type TransparencyStore interface {
	// LabModels lists models with their lifecycle; labID 0 lists every model.
	LabModels(ctx context.Context, labID int64) ([]LabModel, error)
	// ActiveModels lists the models battles may draw.
	ActiveModels(ctx context.Context) ([]Model, error)
	// ModelActivity returns the activity of every model in any battle, counting as
	// recent the counted votes cast at or after since.
	ModelActivity(ctx context.Context, since time.Time) ([]ModelActivity, error)
}

// Transparency assembles the public account of the arena: every model that took part
// and how it stands, each organisation's share of battles, how pairs are drawn, and the
// snapshots anyone can check.
type Transparency struct {
	Store     TransparencyStore
	Snapshots SnapshotStore
	Boards    *Leaderboards
	// Sampler is the pair sampler in force; nil means the uniform sampler with no
	// weights or boost (an arena built without labs).
	Sampler *PairSampler
	// SamplerRefresh is how often the sampler rereads its vote counts.
	SamplerRefresh time.Duration
	Clock          Clock
	// SnapshotLimit caps the snapshots listed (newest first); 200 when zero.
	SnapshotLimit int
	// Campaigns is the draw serving sponsored campaigns, whose share and campaigns the
	// page discloses; nil for an arena without campaigns.
	Campaigns *CampaignDraw

	// mu serialises readings of the battles, so that requests arriving together wait
	// for one reading rather than each make their own.
	mu      sync.Mutex
	reading *activityReading
}

// activityReading is one read of every battle's activity, reused while it stands.
type activityReading struct {
	version   uint64    // the live board's version it was read at
	at, since time.Time // by the clock: when it was read, and the window's start
	took      time.Duration
	done      time.Time // by the wall clock, for throttling
	acts      []ModelActivity
}

// Reading every battle is the page's one costly step, and the page is public. A reading
// stands while no vote has changed the board, for at most activityMaxAge (battles drawn
// without a vote change the battle figures only); and one that took slowReading or more
// (a second: never a small arena, even on a loaded machine)
// also stands, even as votes arrive, for ten times as long as it took, so that a large
// arena is not read whole again and again.
const (
	activityMaxAge = time.Minute
	slowReading    = time.Second
)

func (t *Transparency) activity(ctx context.Context, version uint64, now time.Time) (*activityReading, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if r := t.reading; r != nil && !now.Before(r.at) && now.Sub(r.at) < activityMaxAge &&
		(r.version == version || r.took >= slowReading && time.Since(r.done) < 10*r.took) {
		return r, nil
	}
	r := &activityReading{version: version, at: now, since: now.Add(-TransparencyWindow)}
	start := time.Now()
	acts, err := t.Store.ModelActivity(ctx, r.since)
	if err != nil {
		return nil, err
	}
	r.acts, r.took, r.done = acts, time.Since(start), time.Now()
	t.reading = r
	return r, nil
}

// TransparencyReport is the transparency page's content.
type TransparencyReport struct {
	At time.Time
	// CountedAt is when the battles and votes were read, Since the start of the recent
	// window then (CountedAt less TransparencyWindow). See activityMaxAge.
	CountedAt, Since time.Time
	// Votes and RecentVotes are the counted votes, in all and in the window.
	Votes, RecentVotes int64
	// Models are every model that is or was in the arena's own battles, and every lab or
	// operator model not retired, whether or not it battled yet; models known only from
	// imported battles are ImportedOnly.
	Models        []ModelRecord
	ImportedOnly  []ImportedModel
	Organizations []OrgShare
	// Variants are the lines of lab models that have more than one variant.
	Variants []VariantLineRecord
	Sampling SamplingInForce
	// Snapshots are the latest leaderboard snapshots, newest first, without entries.
	Snapshots []Snapshot
	// Campaigns is the sponsored campaigns' share of battles and the campaigns
	// disclosed; nil without campaigns.
	Campaigns *CampaignDisclosure
}

// ModelRecord is one model on the transparency page.
type ModelRecord struct {
	Name, Display string
	Status        ModelStatus
	PausedBy      PauseOrigin // while paused
	// Organization answers for the model: its lab's name, or for the operator's own
	// models the organisation the operator configured ("operator" if none).
	Organization string
	RunBy        string // RunByLab, RunByOperator or RunByDemo
	Lab          string // the lab's name, "" for the operator's models
	License      string // LicenseOpen, LicenseProprietary, or "" when none was declared
	// OutputsPublic: the model's terms allow its answers in public datasets.
	OutputsPublic bool
	ModelActivity
	// Rating is the model's place on the live leaderboard or, once off it, in its latest
	// snapshot; nil when it has neither.
	Rating *RatingFigure
	// LastSnapshot is the model's entry in the latest snapshot that has one.
	LastSnapshot *RatingPoint
	// Provisional: Rating rests on fewer than ProvisionalVotes votes.
	Provisional bool
	// Sampling is how the model is drawn now; nil unless it is active.
	Sampling *ModelSampling
	// Variant is the model's number in its line of variants (1 as registered), and
	// VariantOf the name of the model it replaced ("" for none).
	Variant   int
	VariantOf string
}

// VariantLineRecord is a lab model's line of variants on the transparency page.
type VariantLineRecord struct {
	Model, Lab string // the first variant's name, and its lab
	Variants   []VariantRecord
}

// VariantRecord is one variant: when it was made, what changed from the one before (the
// public view: see SettingChange.Public) and how it is rated.
type VariantRecord struct {
	Name, Display string
	Variant       int
	Status        ModelStatus
	CreatedAt     time.Time
	Votes         int64
	Rating        *RatingFigure
	Changes       []SettingChange
}

// Rating sources.
const (
	RatingLive     = "live"
	RatingSnapshot = "snapshot"
)

// RatingFigure is a rating and where it comes from.
type RatingFigure struct {
	Source       string // RatingLive or RatingSnapshot
	Rating       float64
	Lower, Upper *float64 // the 95% interval, nil when not estimable
	Rank         int      // on the live board; 0 from a snapshot
	Votes        int64    // the votes it rests on
	At           time.Time
}

// ModelSampling is how an active model is drawn.
type ModelSampling struct {
	// Weight is its factor in every pair it is in, Boosted whether the new-model boost
	// is part of it.
	Weight  float64
	Boosted bool
	// Chance is the probability that the next battle draws it.
	Chance float64
}

// ImportedModel is a model known only from imported battles.
type ImportedModel struct {
	Name, Organization string
	ImportedVotes      int64
}

// OrgShare is an organisation's share of battles.
type OrgShare struct {
	Organization string
	Models       int
	AllTime      Share
	Recent       Share
}

// Share is an organisation's battles: the sides its models held in counted votes. Every
// counted vote has two sides, so the shares of all organisations add up to 100%, and a
// vote between two of one organisation's models counts twice for it.
type Share struct {
	Battles int64
	Percent float64 // of all sides; 0 when there are no votes
}

// SamplingInForce is how pairs are drawn now.
type SamplingInForce struct {
	Mode          string
	Weights       map[string]float64 // the operator's weights by model; others weigh 1
	NewModelVotes int64
	NewModelBoost float64
	Floor         float64 // the uniform share of draws
	Refresh       time.Duration
	RefreshedAt   time.Time // zero when the counts were never read
}

// RunBy says who runs the model: a lab, the operator, or the arena itself (demo).
func (m LabModel) RunBy() string {
	switch {
	case m.LabID != 0:
		return RunByLab
	case m.IsDemo():
		return RunByDemo
	}
	return RunByOperator
}

// Answerable names who answers for the model: its lab, or the organisation the operator
// configured for it ("operator" if none, "demo" for a demo model without one).
func (m LabModel) Answerable() string {
	switch m.RunBy() {
	case RunByLab:
		return m.LabName
	case RunByDemo:
		return cmp.Or(m.Organization, RunByDemo)
	}
	return cmp.Or(m.Organization, RunByOperator)
}

// BoardModel is what the leaderboard shows of a model beside its rating.
type BoardModel struct {
	Status ModelStatus
	// License is LicenseOpen or LicenseProprietary as the model's lab declared it, ""
	// when nobody did (the demo models and the operator's own declare none).
	License    string
	Deprecated bool // see LabModel.Deprecated
}

// BoardModels maps every model's name to what the leaderboard shows of it.
func (t *Transparency) BoardModels(ctx context.Context) (map[string]BoardModel, error) {
	ms, err := t.Store.LabModels(ctx, 0)
	if err != nil {
		return nil, err
	}
	out := make(map[string]BoardModel, len(ms))
	for _, m := range ms {
		out[m.Name] = BoardModel{Status: m.Status, License: m.License, Deprecated: m.Deprecated()}
	}
	return out, nil
}

// Report assembles the transparency page. It is public: it names nothing a voter,
// a key or an endpoint could be told from.
func (t *Transparency) Report(ctx context.Context) (*TransparencyReport, error) {
	now := t.Clock.Now()
	r := &TransparencyReport{At: now}
	models, err := t.Store.LabModels(ctx, 0)
	if err != nil {
		return nil, err
	}
	board, err := t.Boards.Get(ctx, BoardQuery{})
	if err != nil {
		return nil, err
	}
	reading, err := t.activity(ctx, board.Version, now)
	if err != nil {
		return nil, err
	}
	r.CountedAt, r.Since = reading.at, reading.since
	activity := make(map[int64]ModelActivity, len(reading.acts))
	for _, a := range reading.acts {
		activity[a.ModelID] = a
	}
	live := make(map[string]RatingFigure, len(board.Leaderboard.Models))
	for _, e := range board.Leaderboard.Models {
		live[e.Model] = RatingFigure{Source: RatingLive, Rating: e.Rating, Lower: e.CILower, Upper: e.CIUpper, Rank: e.Rank,
			Votes: e.Battles, At: board.Computed}
	}
	sampling, err := t.sampling(ctx)
	if err != nil {
		return nil, err
	}
	r.Sampling = sampling.inForce
	orgs := map[string]*OrgShare{}
	names := make(map[int64]string, len(models))
	for _, m := range models {
		names[m.ID] = m.Name
	}
	for _, m := range models {
		a := activity[m.ID]
		a.ModelID = m.ID
		if m.Provider == ProviderExternal {
			if a.ImportedVotes > 0 {
				r.ImportedOnly = append(r.ImportedOnly, ImportedModel{Name: m.Name, Organization: m.Organization, ImportedVotes: a.ImportedVotes})
			}
			continue
		}
		if a.Battles == 0 && m.Status == ModelRetired {
			continue // a registration that never worked: it took no part
		}
		rec := ModelRecord{Name: m.Name, Display: m.DisplayName(), Status: m.Status, Organization: m.Answerable(),
			RunBy: m.RunBy(), Lab: m.LabName, License: m.License, OutputsPublic: m.OutputsPublic, ModelActivity: a,
			Sampling: sampling.models[m.Name], Variant: m.Variant, VariantOf: names[m.ParentID]}
		if m.Status == ModelPaused {
			rec.PausedBy = m.PausedBy
		}
		hist, err := t.Snapshots.RatingHistory(ctx, m.Name, 1)
		if err != nil {
			return nil, err
		}
		if len(hist) == 1 {
			rec.LastSnapshot = &hist[0]
		}
		// The counters keep a pair whose every vote was taken out, so a model can be on
		// the board with no votes: its rating there rests on nothing.
		if f, ok := live[m.Name]; ok && f.Votes > 0 {
			rec.Rating = &f
		} else if p := rec.LastSnapshot; p != nil {
			rec.Rating = &RatingFigure{Source: RatingSnapshot, Rating: p.Rating, Lower: finite(p.Lower), Upper: finite(p.Upper),
				Votes: p.Votes, At: p.At}
		}
		rec.Provisional = rec.Rating != nil && IsProvisional(rec.Rating.Votes)
		r.Models = append(r.Models, rec)
		o := orgs[rec.Organization]
		if o == nil {
			o = &OrgShare{Organization: rec.Organization}
			orgs[rec.Organization] = o
		}
		o.Models++
		o.AllTime.Battles += a.Votes
		o.Recent.Battles += a.RecentVotes
		r.Votes += a.Votes
		r.RecentVotes += a.RecentVotes
	}
	// Each counted vote was added once for each of its two models.
	r.Votes, r.RecentVotes = r.Votes/2, r.RecentVotes/2
	for _, o := range orgs {
		o.AllTime.Percent = percent(o.AllTime.Battles, 2*r.Votes)
		o.Recent.Percent = percent(o.Recent.Battles, 2*r.RecentVotes)
		r.Organizations = append(r.Organizations, *o)
	}
	slices.SortFunc(r.Organizations, func(a, b OrgShare) int {
		return cmp.Or(cmp.Compare(b.AllTime.Battles, a.AllTime.Battles), cmp.Compare(b.Recent.Battles, a.Recent.Battles),
			cmp.Compare(a.Organization, b.Organization))
	})
	r.Variants = variantLines(models, r.Models, activity)
	slices.SortFunc(r.Models, func(a, b ModelRecord) int {
		return cmp.Or(cmp.Compare(statusOrder(a.Status), statusOrder(b.Status)), cmp.Compare(b.Votes, a.Votes), cmp.Compare(a.Name, b.Name))
	})
	limit := cmp.Or(t.SnapshotLimit, 200)
	if r.Snapshots, err = t.Snapshots.Snapshots(ctx, limit); err != nil {
		return nil, err
	}
	if err := t.disclose(ctx, r); err != nil {
		return nil, err
	}
	return r, nil
}

// variantLines are the lines of variants among models, each variant with its counted
// votes and the rating its record on the page has. A variant that took no part (it is
// not among records) is listed still, with no votes: the line says what replaced what.
func variantLines(models []LabModel, records []ModelRecord, activity map[int64]ModelActivity) []VariantLineRecord {
	rated := make(map[string]*RatingFigure, len(records))
	for _, rec := range records {
		rated[rec.Name] = rec.Rating
	}
	hasChild := map[int64]bool{}
	for _, m := range models {
		if m.ParentID != 0 {
			hasChild[m.ParentID] = true
		}
	}
	var out []VariantLineRecord
	for _, m := range models {
		if m.LabID == 0 || m.ParentID != 0 || !hasChild[m.ID] {
			continue
		}
		line := VariantLineRecord{Model: m.Name, Lab: m.LabName}
		for _, st := range VariantLine(models, m.ID) {
			v := VariantRecord{Name: st.Name, Display: st.DisplayName(), Variant: st.Variant, Status: st.Status, CreatedAt: st.CreatedAt,
				Votes: activity[st.ID].Votes, Rating: rated[st.Name]}
			for _, c := range st.Changes {
				v.Changes = append(v.Changes, c.Public())
			}
			line.Variants = append(line.Variants, v)
		}
		out = append(out, line)
	}
	return out
}

type samplingNow struct {
	inForce SamplingInForce
	models  map[string]*ModelSampling
}

// sampling describes the sampler in force and each active model's chance of being in
// the next battle, from the same probabilities the sampler draws from.
func (t *Transparency) sampling(ctx context.Context) (samplingNow, error) {
	s := t.Sampler
	out := samplingNow{models: map[string]*ModelSampling{}}
	if s == nil {
		s = &PairSampler{Mode: SampleUniform}
		out.inForce = SamplingInForce{Mode: SampleUniform, Weights: map[string]float64{}}
	} else {
		out.inForce = SamplingInForce{Mode: s.Mode, Weights: s.Weights, NewModelVotes: s.NewModelVotes, NewModelBoost: s.NewModelBoost,
			Floor: s.Floor, Refresh: t.SamplerRefresh, RefreshedAt: s.RefreshedAt()}
		if out.inForce.Weights == nil {
			out.inForce.Weights = map[string]float64{}
		}
	}
	active, err := t.Store.ActiveModels(ctx)
	if err != nil {
		return out, err
	}
	pairs, probs := s.PairProbabilities(active)
	if len(pairs) == 0 && len(active) >= 2 {
		// Every pair weighs nothing, so Pair falls back to uniform; so does the account.
		pairs, probs = (&PairSampler{Mode: SampleUniform}).PairProbabilities(active)
	}
	for _, m := range active {
		w, boosted := s.ModelWeight(m.Name)
		out.models[m.Name] = &ModelSampling{Weight: w, Boosted: boosted}
	}
	for k, p := range pairs {
		out.models[active[p[0]].Name].Chance += probs[k]
		out.models[active[p[1]].Name].Chance += probs[k]
	}
	return out, nil
}

func statusOrder(s ModelStatus) int {
	switch s {
	case ModelActive:
		return 0
	case ModelPaused:
		return 1
	case ModelPending:
		return 2
	}
	return 3
}

func percent(n, of int64) float64 {
	if of == 0 {
		return 0
	}
	return 100 * float64(n) / float64(of)
}

func finite(x float64) *float64 {
	if math.IsNaN(x) { // the snapshot could not estimate the interval
		return nil
	}
	return &x
}
