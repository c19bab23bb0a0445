-- Administration (issue 21): disabled accounts, and each model's last failed call.

-- When an account was disabled; NULL while it is enabled. A disabled account cannot log
-- in, and its sessions and API tokens are refused for as long as it stays disabled.
ALTER TABLE users ADD COLUMN disabled_at INTEGER;

-- The last failed call to each model, as model health saw it: the health counters live
-- in each server's memory, and `arena models list` runs in another process.
ALTER TABLE models ADD COLUMN last_failure_at INTEGER;
ALTER TABLE models ADD COLUMN last_failure TEXT NOT NULL DEFAULT '';
