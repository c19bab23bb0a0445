package arena

import (
	"context"
	"io"
	"strings"
	"time"
)

// Datasets serves preference data: streamed exports and published releases.
type Datasets interface {
	// Format returns the content type and file extension of an export format, or
	// EINVALID naming the formats there are.
	Format(format string) (contentType, ext string, err error)
	// Export streams the battles f selects to w in format, messages' content in the
	// given form (jsonl and parquet), and returns the rows written.
	Export(ctx context.Context, w io.Writer, format string, f ExportFilter, content ExportContent) (int64, error)
	// Releases lists the published releases, newest first.
	Releases() ([]DatasetRelease, error)
	// ReleaseFile returns the path of one file of a release, refusing anything that is
	// not the release's card, manifest or a file its manifest lists.
	ReleaseFile(release, file string) (string, error)
}

// ExportContent is how the jsonl and parquet exports write a message's content.
type ExportContent string

const (
	// ContentParts is arena-human-preference-140k's form, the default: a list of typed
	// parts, here one {type: "text", text} part a message (image and mimeType null).
	ContentParts ExportContent = "parts"
	// ContentString is arena-human-preference-100k's form: the text as one string.
	ContentString ExportContent = "string"
)

// ParseExportContent reads an export's content option; "" is ContentParts.
func ParseExportContent(s string) (ExportContent, error) {
	switch c := ExportContent(strings.TrimSpace(s)); c {
	case "":
		return ContentParts, nil
	case ContentParts, ContentString:
		return c, nil
	}
	return "", Errorf(EINVALID, "Unknown content form %q: use parts (arena-human-preference-140k's typed parts, the default) or string (100k's plain strings).", s)
}

// DatasetRelease is a published dataset: a directory with data files, a README.md
// dataset card and a MANIFEST.json, which is this struct as JSON.
type DatasetRelease struct {
	Name      string         `json:"name"`
	CreatedAt time.Time      `json:"created_at"`
	Battles   int64          `json:"battles"`
	From      time.Time      `json:"from,omitzero"` // first and last known vote times; zero when none is known
	To        time.Time      `json:"to,omitzero"`
	Outcomes  map[string]int `json:"outcomes"` // votes per winner value
	Models    map[string]int `json:"models"`   // battles per model
	Redacted  bool           `json:"redacted"`
	// Internal is set for a release of every battle but gold ones, not only the
	// publishable ones: never served unless the operator says so.
	Internal bool `json:"internal"`
	// LegacyPublic is the flag releases from before Internal carried: false there
	// means every battle, so such a release counts as internal.
	LegacyPublic *bool `json:"public_only,omitempty"`
	// Filters say in words which battles the release selected.
	Filters []string `json:"filters"`
	// Consent counts the battles the filters selected by their voters' decisions.
	Consent ConsentCounts `json:"consent"`
	License string        `json:"license"`
	Files   []DatasetFile `json:"files"`
	// Images are the image files the JSON Lines file references (images/<sha256>.png
	// or .jpg), each with its size and SHA-256, which is also its name.
	Images []DatasetFile `json:"images,omitempty"`
	Dir    string        `json:"-"` // where it was written or found
}

// IsInternal reports whether the release holds battles that are not publishable.
func (r *DatasetRelease) IsInternal() bool {
	return r.Internal || r.LegacyPublic != nil && !*r.LegacyPublic
}

// ConsentCounts are a release's battles by their voters' decisions: of the counted and
// imported battles its filters select (gold battles never), how many the voter agreed
// to publish, and how many of those are publishable (both models' terms allow it and
// the battle was not moderated).
type ConsentCounts struct {
	Eligible    int64 `json:"eligible"`
	Consented   int64 `json:"consented"`
	Publishable int64 `json:"publishable"`
}

// DatasetFile is one data file of a release, as listed in its manifest.
type DatasetFile struct {
	Path   string `json:"path"` // relative to the release directory
	Format string `json:"format"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ParseWhen parses a date (2006-01-02, UTC) or an RFC 3339 time; a date given as an
// upper bound means the end of that day. Empty is the zero time: no bound.
func ParseWhen(s string, upper bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		if upper {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, Errorf(EINVALID, "%q is neither a date like 2025-01-31 nor a time like 2025-01-31T12:00:00Z.", s)
	}
	return t, nil
}
