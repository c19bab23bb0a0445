-- The CampaignEscrow and DataSale a deployment's token and distributor were given
-- (`arena contracts deploy`), '' until they are; commerce_block is where the later of the
-- two was deployed (issue 26).
ALTER TABLE deployments ADD COLUMN escrow TEXT NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN sale TEXT NOT NULL DEFAULT '';
ALTER TABLE deployments ADD COLUMN commerce_block INTEGER NOT NULL DEFAULT 0;
