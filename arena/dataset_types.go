package arena

import (
	"context"
	"strings"
	"time"
)

// ImportedCategoryPrefix prefixes the pair-count categories of imported battles:
// "imported:" holds all of them and "imported:code" etc. the tagged ones, so a
// leaderboard can add them to the live categories ("" and "code"...) when asked to.
const ImportedCategoryPrefix = "imported:"

// ExportFilter selects the voted battles a dataset export contains. The zero value
// selects every publishable battle (see VoteFacts.Publishable); gold battles are in no
// export, ever.
type ExportFilter struct {
	Since, Until    time.Time // vote time in [Since, Until); zero for no bound
	Models          []string  // battles involving any of these models (by name)
	Category        string    // battles carrying this tag, e.g. "code"
	ExcludeTies     bool      // drop tie and both_bad votes
	ExcludeFlagged  bool      // drop battles flagged by moderators
	ExcludeImported bool      // only this arena's own battles
	// Internal selects every voted battle but gold ones, publishable or not: the
	// operator's and admins' own analysis, never a public download.
	Internal bool
	// Voter, when not 0, keeps only this user's battles (a voter's own download).
	Voter int64
}

// The largest model filter an export takes. Each name is one SQL parameter, and the
// databases cap those (SQLite at 32,766); a filter past that would fail only once the
// download had begun. Two hundred names is more than any arena has models.
const (
	MaxFilterModels = 200
	MaxFilterBytes  = 8192
)

// ParseModelFilter reads a comma-separated list of model names, as an export's models
// filter, and refuses one larger than MaxFilterModels names or MaxFilterBytes bytes.
func ParseModelFilter(list string) ([]string, error) {
	var models []string
	for _, m := range strings.Split(list, ",") {
		if m = strings.TrimSpace(m); m != "" {
			models = append(models, m)
		}
	}
	if len(models) > MaxFilterModels {
		return nil, Errorf(EINVALID, "The filter names %d models; at most %d models may be named.", len(models), MaxFilterModels)
	}
	if len(list) > MaxFilterBytes {
		return nil, Errorf(EINVALID, "The filter is %d bytes long; at most %d bytes are allowed.", len(list), MaxFilterBytes)
	}
	return models, nil
}

// ExportTurn is one prompt and both answers of an exported battle.
type ExportTurn struct {
	Prompt, AnswerA, AnswerB string
	// ReasoningA and ReasoningB are what a reasoning model thought before its answer
	// (Answer.Reasoning), "" for none: never part of the answer text.
	ReasoningA, ReasoningB string
	// FinishA and FinishB say why each answer ended (Answer.FinishReason), "" when not
	// known (answers stored before reasoning was, and imported ones that do not say).
	FinishA, FinishB string
	// TokensA and TokensB are each answer's completion tokens as the provider
	// reported them (a reasoning model's thinking included), 0 when not known.
	TokensA, TokensB int
	// StoppedA and StoppedB: the voter stopped that answer while it streamed
	// (AnswerStopped), so its text is what had arrived.
	StoppedA, StoppedB bool
	// Images are the SHA-256s of the images attached to the prompt (Turn.Images), in
	// order; nil for none. The bytes stay in the image store: an export reads them one
	// at a time, never a battle's all at once.
	Images []string
	// ImagesA and ImagesB are the SHA-256s of the images each answer is (Answer.Images:
	// a text-to-image or image-edit battle's pictures), nil for a text answer.
	ImagesA, ImagesB []string
}

// ExportRow is one voted battle as a dataset export sees it. A row handed to a callback,
// and the bytes of its strings, are reused once the call returns: copy what must outlive
// it (Clone, or CopyWith into buffers of one's own). Category and Reasons stay valid, but may be
// shared with other rows: read them, never modify them.
type ExportRow struct {
	ID       string // the battle id, or the source's id for an imported battle
	ModelA   string
	ModelB   string
	Winner   Winner
	Turns    []ExportTurn
	Category []string
	// LMArena is the battle's v0.1 verdicts, nil when none were stored (LMArenaOf
	// derives them from Category); shared like Category.
	LMArena  *LMArenaTags
	Language string
	VotedAt  time.Time // zero for an imported battle whose file gave no time
	// ConvMetadata is the style summary an imported battle's source published (JSON in
	// the export's conv_metadata shape), kept as given; "" for the others.
	ConvMetadata string
	VoterID      int64  // for this arena's own votes: hashed with a salt, never published
	Judge        string // for imported votes: the source's anonymous voter id, published as is
	Reasons      []string
	Comment      string
	Flagged      bool
	Source       string // "" for this arena's own battles
	// Mode is the battle's mode (ModeBattle for imported ones): a side-by-side vote is
	// exported as not anonymous.
	Mode BattleMode
	// Regenerated is Battle.Regenerated: how many of each side's answers the voter had
	// answered again before the vote.
	Regenerated [2]int
}

// Clone returns a copy of r that outlives the callback it was handed to.
func (r *ExportRow) Clone() ExportRow {
	c, _ := r.CopyWith(strings.Clone, nil)
	return c
}

// CopyWith returns a copy of r whose strings are copied with cp and whose turns are
// appended to turns, which it also returns: a caller that copies many rows can keep both
// in arrays it reuses, so that copying a row allocates nothing.
func (r *ExportRow) CopyWith(cp func(string) string, turns []ExportTurn) (ExportRow, []ExportTurn) {
	c := *r
	c.ID, c.ModelA, c.ModelB, c.Winner = cp(r.ID), cp(r.ModelA), cp(r.ModelB), Winner(cp(string(r.Winner)))
	c.Language, c.Judge, c.Comment, c.Source = cp(r.Language), cp(r.Judge), cp(r.Comment), cp(r.Source)
	c.ConvMetadata = cp(r.ConvMetadata)
	if r.Turns != nil {
		k := len(turns)
		for _, t := range r.Turns {
			turns = append(turns, ExportTurn{Prompt: cp(t.Prompt), AnswerA: cp(t.AnswerA), AnswerB: cp(t.AnswerB),
				ReasoningA: cp(t.ReasoningA), ReasoningB: cp(t.ReasoningB), FinishA: cp(t.FinishA), FinishB: cp(t.FinishB),
				TokensA: t.TokensA, TokensB: t.TokensB, StoppedA: t.StoppedA, StoppedB: t.StoppedB, Images: copyStrings(cp, t.Images),
				ImagesA: copyStrings(cp, t.ImagesA), ImagesB: copyStrings(cp, t.ImagesB)})
		}
		c.Turns = turns[k:len(turns):len(turns)]
	}
	return c, turns
}

// copyStrings copies ss and its strings with cp; nil stays nil.
func copyStrings(cp func(string) string, ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = cp(s)
	}
	return out
}

// ExportSource streams voted battles for dataset exports.
type ExportSource interface {
	// ExportRows calls fn for each voted battle f selects, in vote-time order, from one
	// consistent snapshot, without holding them all in memory. fn's error stops the scan
	// and is returned.
	ExportRows(ctx context.Context, f ExportFilter, fn func(*ExportRow) error) error
	// CountExportRows counts the rows ExportRows would yield.
	CountExportRows(ctx context.Context, f ExportFilter) (int64, error)
	// ExportPrompts calls fn with the prompts (the user turns, in order) of each battle
	// ExportRows would yield, nil for a battle without turns: an export's first pass,
	// which counts prompts, reading no answers. prompts and its strings are reused
	// once fn returns.
	ExportPrompts(ctx context.Context, f ExportFilter, fn func(prompts []string) error) error
}

// ReleaseSource is what writing a release needs of the store: the rows, the consent
// counts its card states, and a record of what it held.
type ReleaseSource interface {
	ExportSource
	// ConsentCounts counts, among the counted and imported battles f's filters (all but
	// the choice of set) select, those whose voters consented and those publishable.
	ConsentCounts(ctx context.Context, f ExportFilter) (ConsentCounts, error)
	// RecordRelease stores a release with its manifest's SHA-256 and which battles (by
	// the id the release gives them) it holds, so the record outlives any later
	// withdrawal.
	RecordRelease(ctx context.Context, r *DatasetRelease, manifestSHA256 string, battleIDs []string) error
}

// ImportedBattle is one battle read from another arena's published data.
type ImportedBattle struct {
	ExternalID string // the id in the source; unique within the source
	ModelA     string
	ModelB     string
	Winner     Winner
	Turns      []ExportTurn // empty when the file has no conversations (clean_battle logs)
	Category   []string     // this arena's tags (see Categories)
	LMArena    *LMArenaTags // the file's v0.1 verdicts (category_tag's *_v0.1 keys), nil when it gave none
	Language   string
	Judge      string // the source's anonymous voter id, if any
	Reasons    []string
	Comment    string
	// VotedAt is zero when the file gives no time (the 55k CSV); the store keeps the
	// zero time as it is, and every reader shows it as unknown.
	VotedAt time.Time
	// ConvMetadata is the file's conv_metadata as JSON in the export's shape, kept so
	// exports give the source's counts rather than recompute them; "" when none.
	ConvMetadata string
	// Source is the source the battle was first imported from, when the file says (a
	// re-imported export's imported:<source> rows): the battle is filed under it rather
	// than under the import's, and stays the battle a direct import of that source
	// stores. "" for the import's own source.
	Source string
}

// ImportStats count what an import did.
type ImportStats struct {
	Read       int64    // battles read from the file
	Added      int64    // battles stored
	Duplicates int64    // battles already stored by an earlier import
	NewModels  []string // models created, as external and inactive
}
