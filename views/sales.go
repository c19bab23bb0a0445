package views

import "time"

// MySaleRow is one sale that included a contributor's battles, and what they earned
// from it, on /me.
type MySaleRow struct {
	Release string
	At      time.Time
	// Battles is how many of the contributor's battles earned the share, of
	// SaleBattles that shared the contributors' part.
	Battles, SaleBattles int64
	Paid, ToContributors string // token units
	Earned               string // token units
	Token                string
	Settled              bool
}

// SaleTotalRow is one release's sales in total, on /transparency.
type SaleTotalRow struct {
	Release        string `json:"release"`
	Token          string `json:"token"`
	Sales          int64  `json:"sales"`
	Proceeds       string `json:"proceeds"` // token units
	ToContributors string `json:"to_contributors"`
	ToOperator     string `json:"to_operator"`
	Contributors   int64  `json:"contributors"`
	// Unallocated is what no contributor received: the contributors' part of sales
	// whose release held no battle earning a share.
	Unallocated string `json:"unallocated"`
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + itoa(n)
	}
	return itoa(n)
}
