package views

import (
	"fmt"
	"time"
)

// DataView is the data page.
type DataView struct {
	Categories []string
	CanExport  bool
	IsAdmin    bool
	// HasMine: the viewer (an account or a guest) has battles of their own to download.
	HasMine  bool
	Releases []ReleaseView
}

// ReleaseView is one published release.
type ReleaseView struct {
	Name     string
	Created  time.Time
	From, To time.Time
	Battles  int64
	License  string
	Files    []ReleaseFileView
	// Price is set for a release that is sold; nil for a free one.
	Price *ReleasePriceView
}

// ReleasePriceView is what a sold release costs and how to buy it.
type ReleasePriceView struct {
	Amount      string // token units, shown as tokens
	Token       string
	Sale        string // the DataSale contract
	Listing     string // the release id on it
	Licence     string
	LicenceHash string
	// ContributorsBps is the contributors' share of each sale, in basis points; 0 when
	// the chain is not read.
	ContributorsBps int
}

// ReleaseFileView is one downloadable file.
type ReleaseFileView struct {
	Path, Format string
	Rows, Bytes  int64
	SHA256       string
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// span is when a release's votes were cast: "at unknown times" when no vote in it has
// a known time (battles imported from files without one, such as the 55k CSV).
func span(from, to time.Time) string {
	if from.IsZero() {
		return "at unknown times"
	}
	return date(from) + " to " + date(to)
}

func date(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("2006-01-02")
}
