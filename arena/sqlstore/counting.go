package sqlstore

// The SQL of arena.VoteFacts.Counted and arena.VoteFacts.Publishable, over votes v,
// battles b and the battle's models ma and mb. Every query that counts votes or
// publishes battles uses these; TestCountingMatchesDomain checks them against the
// domain's functions for every combination of facts.
//
// votes.counted is the vote's Counted verdict as the vote path wrote it (and as reviews
// later changed it): the arena's own vote, not gold, not excluded, not naming its model,
// not held.
const (
	countedVote  = `(b.source = '' AND v.counted = 1)`
	importedVote = `(b.source <> '')`
	// publishable needs ma and mb joined.
	publishable = `((` + countedVote + ` OR (b.source <> '' AND b.gold_side = '' AND v.excluded = 0))
		AND v.publish = 1 AND ma.outputs_public = 1 AND mb.outputs_public = 1 AND b.moderation = '' AND b.flagged = 0)`
)

// voteSet is the condition selecting counted votes, with imported ones when asked.
func voteSet(imported bool) string {
	if imported {
		return `(` + countedVote + ` OR ` + importedVote + `)`
	}
	return countedVote
}
