-- Public read-only links to battles (issue 19). A link is its own permission: its id is
-- 128 random bits. A battle has at most one; revoking it deletes the row, so the link
-- is not found from then on. Whether the linked battle may be shown is asked again on
-- every visit (it must still be publishable), not stored here.
CREATE TABLE battle_shares (
    id         TEXT PRIMARY KEY,
    battle_id  TEXT NOT NULL UNIQUE REFERENCES battles (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL
);
