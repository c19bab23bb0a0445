package arena

// The arena's two definitions, made here once. Every reader — each leaderboard view and
// category, style control, `arena rank --db`, snapshots and their hash, lab dashboards
// and CSVs, model pages, exports, releases and the transparency page — takes its votes
// from one of them (the store translates them into SQL in one place, and a test checks
// the translation against these functions).

// VoteFacts are what decide whether a vote counts and whether its battle may be
// published.
type VoteFacts struct {
	// Source is "" for the arena's own vote, the import's source name otherwise.
	Source string
	// Mode is how the battle was started; "" is ModeBattle. Only an anonymous battle's
	// vote counts on the main board; a side-by-side vote counts on its own board.
	Mode BattleMode
	// Gold: a gold battle, one side broken on purpose. Excluded: a low-quality vote, or
	// a voter whose abuse was confirmed. RevealsIdentity: an answer named its model.
	// Held: the voter is under review and the vote waits outside the counters.
	Gold, Excluded, RevealsIdentity, Held bool
	// Consent is the voter's decision to publish this battle.
	Consent bool
	// ReleaseA and ReleaseB: each model's terms allow its outputs to be published.
	ReleaseA, ReleaseB bool
	// Moderated: the prompt was flagged by moderation, or the battle by a moderator.
	Moderated bool
	// HeldOut: the prompt came from a lab's held-out campaign set, which is never
	// published (only the lab that owns the set gets the battle, see SponsorPublishable).
	HeldOut bool
}

// Imported reports whether the vote came from another arena's dataset.
func (f VoteFacts) Imported() bool { return f.Source != "" }

// Counted reports whether the vote is a counted vote: the arena's own vote on an
// anonymous battle, not in a gold battle, not quality-excluded, not from a battle whose
// answer named its model, not held for review and not confirmed abuse. Counted votes are
// what the live leaderboard fits; imported votes are a separate set a reader may add,
// and side-by-side votes another (CountedSideBySide).
func (f VoteFacts) Counted() bool {
	return !f.Imported() && f.Mode.Anonymous() && f.clean()
}

// CountedSideBySide reports whether the vote counts on the side-by-side board: the
// arena's own vote on a side-by-side battle that passes the same checks as a counted
// vote. It never counts on the main board: its voter knew the names.
func (f VoteFacts) CountedSideBySide() bool {
	return !f.Imported() && f.Mode == ModeSideBySide && f.clean()
}

// clean: nothing about the vote or its battle keeps it out of a count.
func (f VoteFacts) clean() bool {
	return !f.Gold && !f.Excluded && !f.RevealsIdentity && !f.Held
}

// Publishable reports whether the battle may appear in a public dataset: it is counted
// (on the main board or the side-by-side one) or imported, its voter consented for it,
// both models' terms allow release, and it was not moderated. A gold battle is never
// publishable, whatever its source; a direct chat has no vote and is never a dataset row.
// A battle on a held-out campaign prompt is never publishable: the set stays private.
func (f VoteFacts) Publishable() bool {
	return f.SponsorPublishable() && !f.HeldOut
}

// SponsorPublishable reports whether a campaign battle goes in the dataset its sponsoring
// lab downloads: publishable but for its held-out prompt, which is the lab's own.
func (f VoteFacts) SponsorPublishable() bool {
	return (f.Counted() || f.CountedSideBySide() || f.Imported() && !f.Gold && !f.Excluded) &&
		f.Consent && f.ReleaseA && f.ReleaseB && !f.Moderated
}

// Anonymous reports whether the vote was cast without knowing the models, the `anony`
// column of exports: false for a side-by-side vote.
func (f VoteFacts) Anonymous() bool { return f.Mode.Anonymous() }

// EarnsSaleShare reports whether the battle earns its voter a share of a sale of a
// release holding it: the arena's own counted vote (on the main board or the
// side-by-side one) on a battle that is publishable, which means its voter consented.
// Imported votes have no contributor here to pay, and a battle that is no longer
// publishable when the sale is made (consent withdrawn, abuse confirmed, moderated)
// earns nothing from it.
func (f VoteFacts) EarnsSaleShare() bool {
	return (f.Counted() || f.CountedSideBySide()) && f.Publishable()
}
