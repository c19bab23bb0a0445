package rewards

// ClaimError is a custom error a claim transaction can revert with, and what the wallet
// page tells the claimer about it.
type ClaimError struct {
	Name string
	// Selector is the error's 4-byte selector, 0x and 8 lowercase hex digits: the first
	// bytes of the revert data. arena/chain's tests compute it from the contracts' ABI,
	// so a renamed or changed error fails them until this table follows.
	Selector string
	// Explain says, in a plain sentence, what happened and what to do.
	Explain string
}

// ClaimErrors are the errors RewardsDistributor.claim can revert with: its own, and
// those of ArenaToken.mint, which it calls.
var ClaimErrors = []ClaimError{
	{"StaleRoot", "0xfdbe8a37", "A newer settlement was published since this page was loaded, so this proof no longer matches the distributor's root. Reload the page to get the proof for the new root, then claim again."},
	{"InvalidProof", "0x09bde339", "The distributor does not accept this proof for your wallet and amount. Reload the page to fetch the proof again; if it keeps failing, tell the operator."},
	{"NothingToClaim", "0x0cfa2bb0", "This wallet has already claimed everything settled to it so far, so there is nothing to pay now. Points you earn from now on are claimable after the next settlement."},
	{"ZeroRoot", "0xb263ae73", "The distributor refuses an empty Merkle root: the operator's settlement is misconfigured. Nothing was claimed; tell the operator."},
	{"EpochNotIncreasing", "0x8b0d920a", "The distributor refuses an epoch number that is not above its current one: this is a settlement error, not a claim. Tell the operator."},
	{"ZeroAddress", "0xd92e233d", "The distributor refuses the zero address. Nothing was claimed; tell the operator."},
	{"AccessControlUnauthorizedAccount", "0xe2517d3f", "The distributor is no longer allowed to mint tokens (it may have been replaced by a new deployment). Reload the page: if a new distributor is recorded, the claim goes there."},
	{"AccessControlBadConfirmation", "0x6697b232", "The contract refused a role change that was not confirmed by the account itself. Nothing was claimed; tell the operator."},
	{"ERC20InvalidReceiver", "0xec442f05", "The token refuses to mint to this address. Link a wallet that can receive ERC-20 tokens."},
	{"EnforcedPause", "0xd93c0665", "Claims are paused by the arena's operator, so nothing can be claimed now. Nothing was sent; your tokens stay owed to you, and you can claim once claims resume."},
	{"ExpectedPause", "0x8dfc202b", "The distributor was asked to resume while it was not paused: this is an operator action, not a claim. Nothing was claimed."},
	{"ExceedsDeclaredTotal", "0x2278f90e", "The distributor refuses this claim because it would pay out more than the settlement declared in total, which points to a wrong root. Nothing was claimed; tell the operator."},
	{"EpochCapExceeded", "0x0db5c3f8", "The distributor refuses a settlement that adds more than its per-epoch cap: this is a settlement error, not a claim. Tell the operator."},
	{"EpochTooSoon", "0x23b28bce", "The distributor refuses a settlement published sooner than its minimum interval: this is a settlement error, not a claim. Tell the operator."},
}
