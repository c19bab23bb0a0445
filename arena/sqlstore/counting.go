package sqlstore

// The SQL of arena.VoteFacts.Counted and arena.VoteFacts.Publishable, over votes v,
// battles b and the battle's models ma and mb. Every query that counts votes or
// publishes battles uses these; TestCountingMatchesDomain checks them against the
// domain's functions for every combination of facts.
//
// votes.counted is the vote's quality verdict as the vote path wrote it (and as reviews
// later changed it): not gold, not excluded, not naming its model, not held. The
// battle's mode decides which board it counts on.
const (
	countedVote    = `(b.source = '' AND b.mode = 'battle' AND v.counted = 1)`
	sideBySideVote = `(b.source = '' AND b.mode = 'side_by_side' AND v.counted = 1)`
	importedVote   = `(b.source <> '')`
	// sponsorPublishable (arena.VoteFacts.SponsorPublishable) and publishable need ma and
	// mb joined.
	sponsorPublishable = `((` + countedVote + ` OR ` + sideBySideVote + ` OR (b.source <> '' AND b.gold_side = '' AND v.excluded = 0))
		AND v.publish = 1 AND ma.outputs_public = 1 AND mb.outputs_public = 1 AND b.moderation = '' AND b.flagged = 0)`
	// earnsSaleShare is arena.VoteFacts.EarnsSaleShare; it needs ma and mb joined.
	earnsSaleShare = `((` + countedVote + ` OR ` + sideBySideVote + `) AND ` + publishable + `)`
	// publishable also leaves out the battles on held-out campaign prompts.
	publishable = `(` + sponsorPublishable + ` AND b.held_out = 0)`
)

// shownToLab is publishable as a lab sees its own model's battles, opponent being the
// alias of the other model (ma or mb): the voter consented and the battle was not
// moderated, and the opponent's terms allow its outputs to be shown, or it is the same
// lab's. (The lab's own model's terms are the lab's to waive.)
func shownToLab(own, opponent string) string {
	return `(v.publish = 1 AND b.moderation = '' AND b.flagged = 0 AND (` + opponent + `.outputs_public = 1 OR ` +
		opponent + `.lab_id = ` + own + `.lab_id))`
}

// voteSet is the condition selecting counted votes, with imported ones when asked.
func voteSet(imported bool) string {
	if imported {
		return `(` + countedVote + ` OR ` + importedVote + `)`
	}
	return countedVote
}
