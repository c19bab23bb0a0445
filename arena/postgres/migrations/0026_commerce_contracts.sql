-- The CampaignEscrow and DataSale of a deployment; see the SQLite migration of the same
-- number.
ALTER TABLE deployments ADD COLUMN escrow TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN sale TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN commerce_block BIGINT NOT NULL DEFAULT 0;
