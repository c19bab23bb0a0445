package views

import (
	"strings"
	"time"
)

// ReviewView is the admin review page: accounts flagged by vote-quality and Sybil
// signals, with the evidence.
type ReviewView struct {
	Status string // flagged, approved, abuse or all
	Rows   []ReviewRow
	// Appeals are the open appeals, oldest first, each beside its account's evidence;
	// Decided the latest decisions, the log of who decided what.
	Appeals, Decided []AppealRow
}

// ReviewRow is one account under review.
type ReviewRow struct {
	ID                    int64
	Name                  string
	Status                string
	Evidence              []string
	FlaggedAt, ReviewedAt time.Time
	Votes, Excluded       int
	Held                  int64
	Devices, IPs          []string
	Wallet                string
}

func reviewTabs() []string { return []string{"flagged", "approved", "abuse", "all"} }

func joinShort(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		if len(s) > 12 {
			s = s[:12] + "…"
		}
		out[i] = s
	}
	if len(out) == 0 {
		return "none recorded"
	}
	return strings.Join(out, ", ")
}
