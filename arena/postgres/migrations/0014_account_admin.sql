-- PostgreSQL translation of arena/sqlite/migrations/0015_account_admin.sql.

-- When an account was disabled; NULL while it is enabled. A disabled account cannot log
-- in, and its sessions and API tokens are refused for as long as it stays disabled.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;

-- The last failed call to each model, as model health saw it: the health counters live
-- in each server's memory, and `arena models list` runs in another process.
ALTER TABLE models ADD COLUMN last_failure_at BIGINT;
ALTER TABLE models ADD COLUMN last_failure TEXT COLLATE "C" NOT NULL DEFAULT '';
