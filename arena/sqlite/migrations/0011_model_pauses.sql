-- Who paused a model (issue 18): an administrator's pause holds until an administrator
-- lifts it, while a lab may resume its own pauses and the automatic ones. '' on a
-- paused model is a pause from before this column, or `arena models disable`: both
-- are the operator's, so they hold like an administrator's.
ALTER TABLE models ADD COLUMN paused_by TEXT NOT NULL DEFAULT ''
    CHECK (paused_by IN ('', 'admin', 'lab', 'auto'));
UPDATE models SET paused_by = 'auto' WHERE status = 'paused' AND status_reason LIKE 'Paused automatically%';
