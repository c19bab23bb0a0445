package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/arena-dev/arena/arena/postgres"
	"github.com/arena-dev/arena/arena/postgres/pgtest"
	"github.com/arena-dev/arena/arena/sqlite"
	"github.com/arena-dev/arena/arena/sqlstore"
)

// backend is one database the store runs on. The conformance suite below runs every one
// of its tests against each, so the two cannot drift apart.
type backend struct {
	name string
	// fresh returns the address of a new, empty database for t.
	fresh func(t testing.TB) string
	open  func(ctx context.Context, addr string) (*sqlstore.DB, error)
	// unchecked opens without migrating or checking the schema version.
	unchecked func(ctx context.Context, addr string) (*sqlstore.DB, error)
	// version is the schema version the backend's migrations reach.
	version int
	// schema reads the schema without changing anything.
	schema func(ctx context.Context, addr string) (sqlstore.Schema, error)
}

var backends = []backend{
	{name: "sqlite", fresh: func(t testing.TB) string { return filepath.Join(t.TempDir(), "arena.db") },
		open: sqlite.Open, unchecked: sqlite.OpenUnchecked, version: sqlite.SchemaVersion(), schema: sqlite.ReadSchema},
	{name: "postgres", fresh: pgtest.FreshURL, open: postgres.Open, unchecked: postgres.OpenUnchecked, version: postgres.SchemaVersion(),
		schema: postgres.ReadSchema},
}

// openFresh opens a new, empty database, closed when t ends.
func (be backend) openFresh(t testing.TB) (*sqlstore.DB, string) {
	t.Helper()
	addr := be.fresh(t)
	db, err := be.open(context.Background(), addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, addr
}

// suite is the store conformance suite.
var suite = []struct {
	name string
	fn   func(t *testing.T, be backend)
}{
	{"MigrateEmptyAndExisting", testMigrateEmptyAndExisting},
	{"RefusesNewerSchema", testRefusesNewerSchema},
	{"ReadSchema", testReadSchema},
	{"UsersAndSessions", testUsersAndSessions},
	{"AccountAdministration", testAccountAdministration},
	{"ModelLastFailure", testModelLastFailure},
	{"RateCounters", testRateCounters},
	{"ExportRowsAndFilters", testExportRowsAndFilters},
	{"ImportDedupAndPairCounts", testImportDedupAndPairCounts},
	{"ImportRejectsBadBattles", testImportRejectsBadBattles},
	{"ImportDedupAcrossWideBatches", testImportDedupAcrossWideBatches},
	{"ImportKeepsEachBattlesSource", testImportKeepsEachBattlesSource},
	{"LabModelKeyEncryptedAtRest", testLabModelKeyEncryptedAtRest},
	{"ModelStatusDrivesActive", testModelStatusDrivesActive},
	{"ModelSampling", testModelSampling},
	{"ModelVariants", testModelVariants},
	{"CountingMatchesDomain", testCountingMatchesDomain},
	{"DataSales", testDataSales},
	{"ModelActivity", testModelActivity},
	{"LabReportsCountedVotes", testLabReportsCountedVotes},
	{"EmptyPairsLeaveTheBoard", testEmptyPairsLeaveTheBoard},
	{"GuestMergeKeepsReview", testGuestMergeKeepsReview},
	{"LabKeySource", testLabKeySource},
	{"Invites", testInvites},
	{"LabReportsNeedMembership", testLabReportsNeedMembership},
	{"AnswerFailures", testAnswerFailures},
	{"ModelPerformance", testModelPerformance},
	{"Snapshots", testSnapshots},
	{"SnapshotsFollowTheLog", testSnapshotsFollowTheLog},
	{"LegacySnapshot", testLegacySnapshot},
	{"VoteLog", testVoteLog},
	{"VoteLogBackfill", testVoteLogBackfill},
	{"VoteLogConcurrentVotes", testVoteLogConcurrentVotes},
	{"QualityScoresAndExcludes", testQualityScoresAndExcludes},
	{"ApproveReleasesHolds", testApproveReleasesHolds},
	{"IdentityRevealingBattleIsNotRanked", testIdentityRevealingBattleIsNotRanked},
	{"GoldBattles", testGoldBattles},
	{"ModerationAndRepeatedPrompts", testModerationAndRepeatedPrompts},
	{"SybilDetector", testSybilDetector},
	{"SybilScanIncremental", testSybilScanIncremental},
	{"VoteRewardsFollowThePolicyAndCaps", testVoteRewardsFollowThePolicyAndCaps},
	{"SameVoteNeverPaysTwice", testSameVoteNeverPaysTwice},
	{"SignUpBonusOnce", testSignUpBonusOnce},
	{"VestingWindowBoundaryAndSettlement", testVestingWindowBoundaryAndSettlement},
	{"VestingClawbackOnlyInWindow", testVestingClawbackOnlyInWindow},
	{"VestingBonusAfterVotes", testVestingBonusAfterVotes},
	{"Appeals", testAppeals},
	{"CampaignTerms", testCampaignTerms},
	{"CampaignShareAndBounties", testCampaignShareAndBounties},
	{"CampaignBountyClawback", testCampaignBountyClawback},
	{"CampaignHeldOut", testCampaignHeldOut},
	{"RaterHistoryAndTierRewards", testRaterHistoryAndTierRewards},
	{"LinkWalletRules", testLinkWalletRules},
	{"WalletChanges", testWalletChanges},
	{"ErrorsNameTheOperation", testErrorsNameTheOperation},
	{"StartThatCannotBeStored", testStartThatCannotBeStored},
	{"StartStoresAfterTheRequestsLeave", testStartStoresAfterTheRequestsLeave},
	{"AnswerReasoning", testAnswerReasoning},
	{"StoredStyles", testStoredStyles},
	{"BoardRefitsAfterVote", testBoardRefitsAfterVote},
	{"VotedBattleFilterFacts", testVotedBattleFilterFacts},
	{"ReasoningExportImport", testReasoningExportImport},
	{"InterruptedAnswers", testInterruptedAnswers},
	{"BattleControls", testBattleControls},
	{"VisionBattles", testVisionBattles},
	{"ImageArenaBattles", testImageArenaBattles},
	{"Consent", testConsent},
	{"SettlementEpochs", testSettlementEpochs},
	{"MigrationKeepsEpochs", testMigrationKeepsEpochs},
	{"DrawEpochs", testDrawEpochs},
	{"MyBattles", testMyBattles},
	{"Shares", testShares},
	{"BattleLanguages", testBattleLanguages},
	{"ExportPrompts", testExportPrompts},
	{"Retag", testRetag},
	{"RetagConcurrent", testRetagConcurrent},
	{"Refusals", testRefusals},
	{"LoadMatchesVotePath", testLoadMatchesVotePath},
	{"LoadUsersAndRefusals", testLoadUsersAndRefusals},
	{"Referrals", testReferrals},
	{"Qualification", testQualification},
}

func TestStore(t *testing.T) {
	for _, be := range backends {
		t.Run(be.name, func(t *testing.T) {
			if be.name == "postgres" {
				pgtest.Skip(t)
			}
			for _, c := range suite {
				t.Run(c.name, func(t *testing.T) { c.fn(t, be) })
			}
		})
	}
}
