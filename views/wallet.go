package views

import (
	"math/big"
	"strings"
	"time"
)

// WalletView is the wallet page: linking a wallet with Sign-In with Ethereum, and what
// the linked wallet can claim.
type WalletView struct {
	Guest    bool
	IsAdmin  bool
	ChainID  uint64
	Address  string // the linked wallet, "" when none
	LinkedAt time.Time
	// Message is a sign-in message issued for MessageAddress, to sign and paste back
	// (the form flow without a browser wallet).
	Message        string
	MessageAddress string
	Error          string // why the last form was refused
	Claim          *ClaimView
	// Unavailable says why no claim is offered now although the wallet may have one
	// (the newest root awaits its confirmations, the node does not answer...).
	Unavailable string
	CanSettle   bool // the server can run settlement from the admin button
	// History is every wallet the account linked, newest first.
	History []WalletLinkView
	// NextChange is when the wallet can be unlinked or changed again; zero when now.
	NextChange time.Time
	// ClaimErrors explains, by 4-byte selector ("0xfdbe8a37"), the errors a claim can
	// revert with; the page's script decodes revert data with it.
	ClaimErrors map[string]ClaimErrorView
}

// ClaimErrorView is a claim's revert reason as the page explains it.
type ClaimErrorView struct {
	Name    string `json:"name"`
	Explain string `json:"explain"`
}

// WalletLinkView is one period during which an address was linked to the account.
type WalletLinkView struct {
	Address    string
	LinkedAt   time.Time
	UnlinkedAt time.Time // zero while linked
}

// ClaimView is the linked wallet's claim in the latest settled epoch. Amounts are token
// base units as decimal strings.
type ClaimView struct {
	Epoch       uint64
	ChainID     uint64
	Root        string
	Distributor string
	Cumulative  string
	Claimed     string // "" when unknown: no node is configured to ask, or it did not answer
	Claimable   string // "" when unknown, as Claimed
	Points      int64
	Proof       []string
	Calldata    string
}

// tokenDecimals is ArenaToken's ERC-20 decimals.
const tokenDecimals = 18

// Tokens formats base units as whole tokens, e.g. "12.5" for 12.5e18.
func Tokens(units string) string {
	n, ok := new(big.Int).SetString(units, 10)
	if !ok {
		return units
	}
	neg := n.Sign() < 0
	n.Abs(n)
	s := n.String()
	if len(s) <= tokenDecimals {
		s = strings.Repeat("0", tokenDecimals-len(s)+1) + s
	}
	whole, frac := s[:len(s)-tokenDecimals], strings.TrimRight(s[len(s)-tokenDecimals:], "0")
	if frac != "" {
		whole += "." + frac
	}
	if neg {
		whole = "-" + whole
	}
	return whole
}

func u64(n uint64) string { return new(big.Int).SetUint64(n).String() }

func nothingToClaim(c *ClaimView) bool { return c.Claimable == "0" }

func claimableUnknown(c *ClaimView) bool { return c.Claimable == "" }
