package arena

import "strings"

// BattleMode is how a battle was started, which decides what its vote means.
type BattleMode string

// The three modes. Only an anonymous battle's vote counts on the main leaderboard: a
// voter who knows the names judges the names as much as the answers.
const (
	// ModeBattle: two models drawn by the sampler, anonymous until the vote.
	ModeBattle BattleMode = "battle"
	// ModeSideBySide: two models the user chose, named from the start. Its votes count
	// on their own leaderboard only, and are exported marked as not anonymous.
	ModeSideBySide BattleMode = "side_by_side"
	// ModeDirect: one model the user chose, a conversation without a vote.
	ModeDirect BattleMode = "direct"
)

// ParseMode reads a mode as a form, a query or the API names it: "battle",
// "side_by_side" or "direct" ("side-by-side" as in URLs too); "" is a battle.
func ParseMode(s string) (BattleMode, error) {
	switch strings.TrimSpace(strings.ToLower(s)) {
	case "", "battle":
		return ModeBattle, nil
	case "side_by_side", "side-by-side":
		return ModeSideBySide, nil
	case "direct":
		return ModeDirect, nil
	}
	return "", Errorf(EINVALID, "mode must be battle, side_by_side or direct; got %q.", s)
}

// Anonymous reports whether the models stay unnamed until the vote.
func (m BattleMode) Anonymous() bool { return m == ModeBattle || m == "" }

// Voted reports whether battles of this mode end with a vote.
func (m BattleMode) Voted() bool { return m != ModeDirect }

// SideBySideCategoryPrefix prefixes the pair-count categories of side-by-side votes, as
// ImportedCategoryPrefix does imported ones: "side_by_side:" holds them all and
// "side_by_side:code" etc. the tagged ones, apart from the main board's counters.
const SideBySideCategoryPrefix = "side_by_side:"

// PairCountCategory is the pair-count category a vote in mode m on a battle of arena
// kind (one of Arenas; "" is text) with tag category ("" for all battles) is
// counted under: each board its own counters, "side_by_side:vision:code" and so on.
func PairCountCategory(m BattleMode, kind, category string) string {
	switch kind {
	case ArenaVision:
		category = VisionCategoryPrefix + category
	case ArenaTextToImage:
		category = TextToImageCategoryPrefix + category
	case ArenaImageEdit:
		category = ImageEditCategoryPrefix + category
	}
	if m == ModeSideBySide {
		return SideBySideCategoryPrefix + category
	}
	return category
}
