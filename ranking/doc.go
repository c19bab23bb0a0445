// Package ranking turns pairwise votes ("battles") into leaderboards, the way LMArena
// does, but fast: online Elo, Bradley-Terry by maximum likelihood, bootstrap and
// sandwich (robust) confidence intervals, style control, win matrices and synthetic
// battles from known ratings.
//
// The package imports nothing from the rest of the arena, so a researcher can use it on
// its own.
//
// # Outcomes and aggregates
//
// A [Battle] is (model_a, model_b, outcome) with the outcome one of [WinA], [WinB], [Tie]
// or [BothBad]. Ties and both-bad votes count as half a win for each side, as in LMArena.
// Battles are summed into an [Aggregate]: per unordered pair of models, the counts of
// each outcome. Aggregates add together ([Aggregate.Merge]) so they can be kept per
// shard, per day or per category and summed, and they can be built from raw counts
// ([AggregateFromCounts]) such as the per-pair counters a server keeps in its database.
// Every fit that needs only counts (Bradley-Terry, its bootstrap and sandwich intervals,
// the win matrices) works from the aggregate: its cost grows with the number of models
// squared, never with the number of votes.
//
// Online Elo and style control need the individual battles; they take a [BattleLog], a
// compact columnar store of battles in order.
//
// # Ratings
//
// Ratings are on the Elo scale: P(a beats b) = 1/(1+10^((R_b-R_a)/400)). Bradley-Terry
// ratings average 1000 over the models of each connected part of the comparison graph,
// unless an anchor model is given, in which case every rating is shifted so that model
// has the anchor's score.
//
// The entry point a server or command calls is [BuildLeaderboard] (from an aggregate) or
// [BuildLeaderboardFromLog] (from battle rows, for Elo and style control).
package ranking
