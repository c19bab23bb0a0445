-- The CampaignEscrow and DataSale a deployment's token and distributor were given
-- (`arena contracts deploy`), '' until they are; commerce_block is where the later of the
-- two was deployed. Migration 0030 at merge: 0025 is the next free number on this branch.
ALTER TABLE deployments ADD COLUMN escrow TEXT NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN sale TEXT NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN commerce_block INTEGER NOT NULL DEFAULT 0;
